import {
  bareAlias,
  payerPrice,
  paymentMethodQuote,
  paywaysFor,
  quoteOrderId,
  withinLimits,
  worthQuoting,
} from "../utils/quote"

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
describe("a payment method's quote", () => {
  const usd = { alpha: "USD", numeric: 840, digits: 2 } as never
  const method = { name: "Cards", payways: [] }
  const payway = {
    alias: "card_invoice_usd",
    currency: 840,
    min_amount: 1,
    max_amount: "100000",
    add_ons_config: { email: {} },
  }

  it("within limits and priced: available, with the payer's price and M4's add-ons and instructions", () => {
    const tried = {
      kind: "ok",
      data: { payer_price: 103, ps_currency: 840, add_ons_config: { phone: {} }, manual: { en: "Pay by card" } },
    } as never
    expect(paymentMethodQuote({ method, payway, currency: usd, amount: "100.00", tried })).toEqual({
      payway: "card_invoice_usd",
      method_name: "Cards",
      currency: "USD",
      amount: "100.00",
      payer_price: "103.00",
      payer_currency: "USD",
      min_amount: "1.00",
      max_amount: "100000.00",
      available: true,
      unavailable_reason: null,
      unavailable_code: null,
      add_ons_config: { phone: {} },
      manual: "Pay by card",
    })
  })

  it("outside the limits: not asked, unavailable, the payway's own add-ons", () => {
    const quote = paymentMethodQuote({ method, payway, currency: usd, amount: "0.50", tried: undefined })
    expect(quote).toMatchObject({
      available: false,
      payer_price: null,
      unavailable_reason: "cart total is outside the payway's limits",
      unavailable_code: "m4_amount_not_allowed",
      add_ons_config: { email: {} },
    })
  })

  it("refused or unknown price: unavailable with M4's reason, never a made-up price", () => {
    const refused = paymentMethodQuote({
      method,
      payway,
      currency: usd,
      amount: "10.00",
      tried: { kind: "fatal", code: 3, message: "PaywayNotAvailable" } as never,
    })
    expect(refused).toMatchObject({
      available: false,
      payer_price: null,
      unavailable_reason: "PaywayNotAvailable",
      unavailable_code: "m4_method_unavailable",
    })
    const tooLarge = paymentMethodQuote({
      method,
      payway,
      currency: usd,
      amount: "10.00",
      tried: { kind: "fatal", code: 5, message: "AmountTooLarge" } as never,
    })
    expect(tooLarge).toMatchObject({ available: false, unavailable_code: "m4_amount_not_allowed" })
    const unknown = paymentMethodQuote({
      method,
      payway,
      currency: usd,
      amount: "10.00",
      tried: { kind: "unknown", reason: "timeout" } as never,
    })
    expect(unknown).toMatchObject({
      available: false,
      unavailable_reason: "price could not be calculated right now",
      unavailable_code: "m4_unavailable",
    })
  })

  it("only the shop's active payways of the alias and currency", () => {
    const config = [
      {
        name: "Cards",
        payways: [payway, { ...payway, alias: "card_invoice_eur", currency: 978 }, { ...payway, is_active: false }],
      },
    ] as never
    expect(paywaysFor(config, usd, "card_invoice_usd")).toHaveLength(1)
    expect(bareAlias("card_invoice_usd[mock_server,success]")).toBe("card_invoice_usd")
  })

  it("cross-currency: a USD cart on the EUR payway is quoted by M4, its EUR limits are not compared with USD", () => {
    const eurPayway = { ...payway, alias: "card_invoice_eur", currency: 978, min_amount: "1.00", max_amount: "10.00" }
    const config = [{ name: "Cards", payways: [payway, eurPayway] }] as never
    expect(paywaysFor(config, usd, "card_invoice_eur").map(({ payway }) => payway.currency)).toEqual([978])
    // 50.00 USD is above 10.00, but in another currency: M4 converts and decides
    expect(worthQuoting("50.00", usd, eurPayway as never)).toBe(true)
    expect(worthQuoting("50.00", usd, { ...eurPayway, currency: 840 } as never)).toBe(false)
    const tried = { kind: "ok", data: { payer_price: 46, ps_currency: 978 } } as never
    expect(
      paymentMethodQuote({ method, payway: eurPayway as never, currency: usd, amount: "50.00", tried })
    ).toMatchObject({ currency: "USD", amount: "50.00", payer_price: "46.00", payer_currency: "EUR", available: true })
  })
})
