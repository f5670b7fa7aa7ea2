import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { resolveAddOns } from "../utils/add-ons"
import { senderIp } from "../utils/client-ip"
import { parseM4Options } from "../utils/parse-options"
import { fillTemplate, isMedusaId } from "../utils/templates"
import { sessionStatusFromInvoiceStatus, webhookActionFromInvoiceStatus } from "../utils/status-mapping"
import { matchInvoiceNotification } from "../utils/notification-decision"

describe("invoice status → session status", () => {
  it.each([
    [8, false, PaymentSessionStatus.AUTHORIZED],
    [4, false, PaymentSessionStatus.CAPTURED],
    [6, false, PaymentSessionStatus.ERROR],
    [1, false, PaymentSessionStatus.PENDING],
    [2, false, PaymentSessionStatus.PENDING],
    [3, false, PaymentSessionStatus.PENDING],
    [5, false, PaymentSessionStatus.PENDING],
    [2, true, PaymentSessionStatus.PENDING_AUTHORIZATION],
    [8, true, PaymentSessionStatus.AUTHORIZED],
  ])("status %i (orderBeforePayment %s) → %s", (status, orderBeforePayment, expected) => {
    expect(sessionStatusFromInvoiceStatus(status, { orderBeforePayment })).toBe(expected)
  })
})

describe("M4's invoice status now → webhook action", () => {
  it.each([
    [8, PaymentActions.AUTHORIZED],
    [4, PaymentActions.SUCCESSFUL],
    [6, PaymentActions.FAILED],
    [1, PaymentActions.PENDING],
    [2, PaymentActions.PENDING],
    [5, PaymentActions.PENDING],
    [undefined, PaymentActions.PENDING],
  ] as const)("%s → %s, always with the session id and the session's exact amount", (status, action) => {
    const result = webhookActionFromInvoiceStatus(status, "payses_1", "6.00")
    expect(result.action).toBe(action)
    expect(result.data!.session_id).toBe("payses_1")
    expect((result.data!.amount as { raw?: { value: string } }).raw?.value).toBe("6.0000000000000000000")
  })
})

describe("notification guard", () => {
  const record = {
    shop_order_id: "payses_1",
    provider_id: "pp_m4_m4",
    invoice_id: "7",
    amount: "54.00",
    currency_code: "usd",
  }
  const callback = (over: Record<string, unknown> = {}) =>
    ({
      shop_id: 1520,
      shop_currency: 840,
      shop_amount_text: "54.0",
      payment_id: 7,
      shop_order_id: "payses_1",
      ...over,
    }) as never
  const why = (over: Record<string, unknown> = {}) => {
    const match = matchInvoiceNotification(callback(over), record, 1520)
    return match.accepted ? undefined : match.message
  }

  it("matches exactly, never rounding", () => {
    expect(why()).toBeUndefined()
    expect(why({ shop_amount_text: "54.004" })).toMatch(/amount 54.004/)
    expect(why({ shop_currency: 978 })).toMatch(/currency/)
    expect(why({ payment_id: 8 })).toMatch(/invoice 8/)
    expect(why({ shop_id: 99 })).toMatch(/shop 99/)
  })
})

describe("add-ons", () => {
  const config = {
    email: { regex: "^[a-z]+@[a-z]+\\.[a-z]+$", comment: { en: "Enter your e-mail" }, example: "a@b.cd" },
    phone: { regex: "^[0-9]{8,15}$", label: { en: "Phone" } },
  }

  it("fills from the storefront first, then from what Medusa knows, and lists what is missing", () => {
    expect(resolveAddOns(config, { email: "x@y.zz" }, { email: "known@y.zz", phone: null })).toEqual({
      values: { email: "x@y.zz" },
      missing: ["phone"],
    })
    expect(resolveAddOns(config, {}, { email: "known@y.zz", phone: "12345678" }).missing).toEqual([])
  })

  it("rejects a value that does not match M4's regex, naming the field and its hint", () => {
    expect(() => resolveAddOns(config, { email: "nope", phone: "12345678" }, {})).toThrow(
      /"email".*Enter your e-mail.*a@b\.cd/
    )
    // a code the storefront can act on: ask for the details again
    expect(() => resolveAddOns(config, { email: "nope", phone: "12345678" }, {})).toThrow(
      expect.objectContaining({ type: "invalid_data", code: "m4_details_required" })
    )
  })

  it("needs nothing when the payway has no add-ons", () => {
    expect(resolveAddOns(null, undefined, {})).toEqual({ values: {}, missing: [] })
  })
})

describe("templates and ids", () => {
  it("fills cart and session ids, URL-encoded for URLs", () => {
    expect(
      fillTemplate("https://s/x?c={cart_id}&s={session_id}", { cart_id: "cart_1", session_id: "a b" }, { encode: true })
    ).toBe("https://s/x?c=cart_1&s=a%20b")
    expect(fillTemplate("Order {cart_id}", { cart_id: "cart_1" }, { encode: false })).toBe("Order cart_1")
  })

  it("accepts only Medusa-shaped ids from the storefront", () => {
    expect(isMedusaId("cart_01JABC", "cart")).toBe(true)
    expect(isMedusaId("cart_01J/../evil", "cart")).toBe(false)
    expect(isMedusaId(42, "cart")).toBe(false)
  })
})

describe("notification sender address", () => {
  it("reads the first X-Forwarded-For hop, then X-Real-IP", () => {
    expect(senderIp({ "x-forwarded-for": "35.198.100.222, 10.0.0.1" })).toBe("35.198.100.222")
    expect(senderIp({ "x-real-ip": "::ffff:35.198.175.25" })).toBe("35.198.175.25")
    expect(senderIp({ "x-forwarded-for": "garbage" })).toBeUndefined()
    expect(senderIp({})).toBeUndefined()
  })
})

describe("provider options", () => {
  const valid = {
    id: "m4",
    shopId: "1520",
    secretKey: "s3cret-value",
    payway: "card_invoice_usd",
    storeUrl: "https://api.shop.test",
  }

  it("applies defaults and coerces the shop id", () => {
    const options = parseM4Options(valid)
    expect(options).toMatchObject({
      shopId: 1520,
      mode: "single_step",
      apiUrl: "https://api.m4solutions.io/gateway/v1/",
      orderBeforePayment: false,
      notificationIps: [],
      timeoutMs: 15000,
      quoteCacheMs: 30000,
    })
  })

  it("keeps quotes for a bounded time: 0 (never) up to 10 minutes", () => {
    expect(parseM4Options({ ...valid, quoteCacheMs: 0 }).quoteCacheMs).toBe(0)
    expect(parseM4Options({ ...valid, quoteCacheMs: "5000" }).quoteCacheMs).toBe(5000)
    expect(() => parseM4Options({ ...valid, quoteCacheMs: -1 })).toThrow(/option "quoteCacheMs"/)
    expect(() => parseM4Options({ ...valid, quoteCacheMs: 3_600_000 })).toThrow(/option "quoteCacheMs".*at most 600000/)
  })

  it("accepts one payway per currency", () => {
    expect(parseM4Options({ ...valid, payway: { usd: "card_invoice_usd", jpy: "card_invoice_jpy" } }).payway).toEqual({
      usd: "card_invoice_usd",
      jpy: "card_invoice_jpy",
    })
    expect(() => parseM4Options({ ...valid, payway: { dollars: "card_invoice_usd" } })).toThrow(/option "payway"/)
  })

  it("never echoes the secret in its errors", () => {
    expect(() => parseM4Options({ ...valid, shopId: -1 })).toThrow(/option "shopId"/)
    const error = (() => {
      try {
        parseM4Options({ ...valid, timeoutMs: 5 })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.message).toContain('option "timeoutMs"')
    expect(error?.message).not.toContain("s3cret-value")
  })
})
