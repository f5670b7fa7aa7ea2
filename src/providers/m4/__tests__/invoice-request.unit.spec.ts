import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { findCurrency } from "../../../m4"
import {
  addOnsFor,
  invoiceIssueRequest,
  invoiceTryRequest,
  issuedOutput,
  quotedSessionData,
  requiresMoreOutput,
  sessionIdentity,
} from "../utils/invoice-request"

const usd = findCurrency("usd")!
const input = (data: Record<string, unknown>, context: Record<string, unknown> = {}) =>
  ({ amount: 24.99, currency_code: "usd", data, context }) as never

describe("building the invoice from the session input", () => {
  it("the session id is M4's shop_order_id; only a Medusa cart id is kept", () => {
    expect(sessionIdentity(input({ session_id: "payses_1", cart_id: "cart_01ABC" }))).toEqual({
      sessionId: "payses_1",
      cartId: "cart_01ABC",
    })
    expect(sessionIdentity(input({ cart_id: "../evil" }, { idempotency_key: "payses_2" }))).toEqual({
      sessionId: "payses_2",
      cartId: undefined,
    })
    expect(() => sessionIdentity(input({}))).toThrow("the payment session id is missing")
  })

  it("invoice/try carries the exact amount, the numeric currency, the payway and the payer's description", () => {
    const request = invoiceTryRequest({
      session: { sessionId: "payses_1", cartId: "cart_1" },
      amount: "24.99",
      currency: usd,
      payway: "card_invoice_usd",
      options: { shopName: "My Shop" },
      items: [{ title: "T-shirt", quantity: 2 }],
    })
    expect(request).toEqual({
      shop_order_id: "payses_1",
      amount: "24.99",
      currency: 840,
      payway: "card_invoice_usd",
      description: "My Shop: 2 × T-shirt",
    })
  })

  const session = { sessionId: "payses_1", cartId: "cart_1" }
  const request = {
    shop_order_id: "payses_1",
    amount: "24.99",
    currency: 840,
    payway: "wallet_invoice_usd",
    description: "d",
  }
  const quote = {
    payer_price: 25.5,
    ps_currency: 978,
    add_ons_config: { email: {}, phone: {} },
    manual: { en: "pay" },
  } as never

  it("add-ons come from the storefront or the customer; missing ones make the session requires_more, nothing issued", () => {
    const addOns = addOnsFor(input({ add_ons: { phone: "+15550001" } }, { customer: { email: "a@b.test" } }), quote)
    expect(addOns).toEqual({ values: { phone: "+15550001", email: "a@b.test" }, missing: [] })
    const partial = addOnsFor(input({}), quote)
    expect(partial.missing).toEqual(["email", "phone"])
    const data = quotedSessionData({ session, request, currency: usd, mode: "single_step", quote, addOns: partial })
    const out = requiresMoreOutput(session, data, quote, partial)
    expect(out.status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    expect(out.data).toMatchObject({ missing_add_ons: ["email", "phone"], add_ons_config: { email: {}, phone: {} } })
  })

  it("session data keeps the exact amount and the payer's price as exact text, no secrets", () => {
    const data = quotedSessionData({
      session,
      request,
      currency: usd,
      mode: "two_step",
      quote,
      addOns: { values: {}, missing: [] },
    })
    expect(data).toEqual({
      session_id: "payses_1",
      shop_order_id: "payses_1",
      mode: "two_step",
      payway: "wallet_invoice_usd",
      amount: "24.99",
      currency_code: "usd",
      cart_id: "cart_1",
      payer_price: "25.50",
      payer_currency: "EUR",
      instructions: { manual: { en: "pay" }, info: {}, warning: {} },
      add_ons: {},
    })
  })

  it("invoice/create adds the return URLs (ids URL-encoded), the provider's notification URL and the add-ons", () => {
    const issue = invoiceIssueRequest({
      request,
      session,
      options: { successUrl: "https://shop.test/ok?cart={cart_id}", failUrl: undefined },
      callbackUrl: "https://api.shop.test/hooks/payment/m4_m4-eur",
      addOns: { values: { email: "a@b.test", account: "123" }, missing: [] },
    })
    expect(issue).toMatchObject({
      ...request,
      success_url: "https://shop.test/ok?cart=cart_1",
      failed_url: undefined,
      callback_url: "https://api.shop.test/hooks/payment/m4_m4-eur",
      email: "a@b.test",
      extra: { account: "123" },
    })
    expect(issue).not.toHaveProperty("phone")
  })

  it("an issued invoice: pending, with M4's invoice id and the pay page", () => {
    const out = issuedOutput(session, { amount: "24.99" }, {
      id: 41,
      method: "GET",
      url: "https://pay.test/41",
      data: null,
    } as never)
    expect(out).toEqual({
      id: "payses_1",
      status: PaymentSessionStatus.PENDING,
      data: {
        amount: "24.99",
        invoice_id: 41,
        m4_status: 1,
        redirect: { method: "GET", url: "https://pay.test/41", data: {} },
      },
    })
  })
})
