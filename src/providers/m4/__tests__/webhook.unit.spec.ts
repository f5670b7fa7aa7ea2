import { createHash } from "node:crypto"
import { PaymentActions } from "@medusajs/framework/utils"
import { M4ProviderService } from "../services/m4-provider"

const SECRET = "sandbox-secret-key"

/** A correctly signed `hold` callback for the session, as the sandbox would send it. */
function holdCallback(sessionId: string, amount = "6.0") {
  const fields: [string, string, boolean][] = [
    ["status", "hold", false],
    ["payment_id", "41000017", true],
    ["shop_order_id", sessionId, false],
    ["shop_id", "1520", true],
    ["shop_currency", "840", true],
    ["shop_amount", amount, true],
    ["error_code", "0", true],
  ]
  const text = [...fields].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v).join(":")
  const sign = createHash("sha256").update(text + SECRET).digest("hex")
  return `{${fields.map(([k, v, num]) => `"${k}": ${num ? v : JSON.stringify(v)}`).join(", ")}, "sign": "${sign}"}`
}

function provider(options: Record<string, unknown> = {}) {
  const warnings: string[] = []
  const logger = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => {} }
  const sessions = {
    list: async ({ id }: { id: string }) =>
      id === "payses_1" ? [{ id, amount: 6, currency_code: "usd", data: { amount: "6.00", invoice_id: 41000017 } }] : [],
  }
  const service = new M4ProviderService({ logger, paymentSessionService: sessions } as never, {
    shopId: 1520,
    secretKey: SECRET,
    payway: "card_invoice_usd",
    storeUrl: "https://api.shop.test",
    ...options,
  } as never)
  return { service, warnings }
}

const payload = (rawData: string, headers: Record<string, string> = {}) => ({
  data: {},
  rawData,
  headers: { "content-type": "application/json", ...headers },
})

describe("M4 provider: notifications", () => {
  it("maps a verified hold for a known session to authorized, with the session id and exact amount", async () => {
    const { service } = provider()
    const result = await service.getWebhookActionAndData(payload(holdCallback("payses_1")))
    expect(result.action).toBe(PaymentActions.AUTHORIZED)
    expect(result.data?.session_id).toBe("payses_1")
    expect(result.m4?.verified.type).toBe("invoice")
  })

  it("rejects an amount that is not the session's, and logs no secret", async () => {
    const { service, warnings } = provider()
    const result = await service.getWebhookActionAndData(payload(holdCallback("payses_1", "0.01")))
    expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
    expect(result.data).toBeUndefined()
    expect(warnings.join("\n")).toContain("does not match")
    expect(warnings.join("\n")).not.toContain(SECRET)
  })

  it("with notificationIps, accepts only listed senders (as the proxy reports them)", async () => {
    const { service, warnings } = provider({ notificationIps: ["35.198.100.222"] })
    const body = holdCallback("payses_1")
    expect((await service.getWebhookActionAndData(payload(body))).action).toBe(PaymentActions.NOT_SUPPORTED)
    expect(
      (await service.getWebhookActionAndData(payload(body, { "x-forwarded-for": "203.0.113.9" }))).action
    ).toBe(PaymentActions.NOT_SUPPORTED)
    expect(
      (await service.getWebhookActionAndData(payload(body, { "x-forwarded-for": "35.198.100.222, 10.0.0.2" }))).action
    ).toBe(PaymentActions.AUTHORIZED)
    expect(warnings.filter((w) => w.includes("notificationIps"))).toHaveLength(2)
  })

  it("rejects a notification signed with another key", async () => {
    const { service } = provider({ secretKey: "another-shop-secret" })
    expect((await service.getWebhookActionAndData(payload(holdCallback("payses_1")))).action).toBe(
      PaymentActions.NOT_SUPPORTED
    )
  })
})
