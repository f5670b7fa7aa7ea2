import { payerPrice, quoteOrderId, withinLimits } from "../utils/quote"

describe("quoting with M4", () => {
  it("the payer's price is exact text at the payway currency's digits", () => {
    expect(payerPrice({ payer_price: 6, ps_currency: 840 })).toEqual({ amount: "6.00", currency: "USD" })
    expect(payerPrice({ payer_price: "1000", ps_currency: 392 })).toEqual({ amount: "1000", currency: "JPY" })
    expect(payerPrice({ payer_price: 6, ps_currency: 1 })).toBeUndefined()
  })

  it("limits: positive, at least min, at most max (null: no limit)", () => {
    expect(withinLimits("10.00", { min: "1.00", max: "10.00" })).toBe(true)
    expect(withinLimits("10.01", { min: "1.00", max: "10.00" })).toBe(false)
    expect(withinLimits("0.99", { min: "1.00", max: null })).toBe(false)
    expect(withinLimits("0.00", { min: null, max: null })).toBe(false)
  })

  it("a quote's shop_order_id names the cart and payway and fits M4's 255 characters", () => {
    expect(quoteOrderId("cart_1", "card_invoice_usd")).toBe("quote_cart_1_card_invoice_usd")
    expect(quoteOrderId("c".repeat(300), "p")).toHaveLength(255)
  })
})
