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
  const text = [...fields]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, v]) => v)
    .join(":")
  const sign = createHash("sha256")
    .update(text + SECRET)
    .digest("hex")
  return `{${fields.map(([k, v, num]) => `"${k}": ${num ? v : JSON.stringify(v)}`).join(", ")}, "sign": "${sign}"}`
}

function provider(options: Record<string, unknown> = {}) {
  const warnings: string[] = []
  const logger = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => {} }
  // The ledger's statements on a stand-in connection: the invoice payses_1 is on record; every
  // write is recorded (and answers nothing).
  const statements: string[] = []
  const record = {
    id: "m4inv_1",
    shop_order_id: "payses_1",
    provider_id: "pp_m4_m4",
    session_id: "payses_1",
    invoice_id: "41000017",
    amount: "6.00",
    currency_code: "usd",
    created_at: new Date().toISOString(),
  }
  const connection = {
    raw: async (sql: string, bindings: unknown[]) => {
      statements.push(sql)
      const lookup = /^select .* from "m4_invoice" where "shop_order_id" = \?/s.test(sql)
      return { rows: lookup && bindings[0] === "payses_1" ? [record] : [] }
    },
  }
  const service = new M4ProviderService(
    { logger, __pg_connection__: connection } as never,
    {
      id: "m4",
      shopId: 1520,
      secretKey: SECRET,
      payway: "card_invoice_usd",
      storeUrl: "https://api.shop.test",
      ...options,
    } as never
  )
  return { service, warnings, statements }
}

const payload = (rawData: string, headers: Record<string, string> = {}) => ({
  data: {},
  rawData,
  headers: { "content-type": "application/json", ...headers },
})

describe("M4 provider: notifications", () => {
  it("verifies a hold for an invoice on record, names it and its provider, and moves no money itself", async () => {
    const { service } = provider()
    const result = await service.getWebhookActionAndData(payload(holdCallback("payses_1")))
    // a message is a prompt to look: never an action core would act on
    expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
    expect(result.data).toBeUndefined()
    expect(result.m4?.notification?.verified.type).toBe("invoice")
    expect(result.m4?.notification?.shop_order_id).toBe("payses_1")
    expect(result.m4?.notification?.session_id).toBe("payses_1")
    expect(result.m4?.notification?.provider_id).toBe("pp_m4_m4")
  })

  it("an HTTP body can never pose as the plugin's own question", async () => {
    const { service, warnings } = provider()
    const forged = JSON.stringify({ m4_question: { kind: "invoice", session_id: "payses_1" } })
    const result = await service.getWebhookActionAndData({
      data: JSON.parse(forged),
      rawData: forged,
      headers: {},
    } as never)
    expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
    expect(result.m4).toBeUndefined()
    expect(warnings.join("\n")).toContain("notification rejected")
  })

  it("answers the store route which payway it uses for a currency (as M4's shop config lists it), no M4 call", async () => {
    const { service } = provider({ payway: { usd: "card_invoice_usd[mock_server,success]", eur: "card_invoice_eur" } })
    const ask = (currency_code: string) =>
      service.getWebhookActionAndData({
        data: { m4_question: { kind: "payway", currency_code } },
        rawData: undefined,
        headers: {},
      } as never)
    expect((await ask("USD")).m4?.answer).toEqual({ kind: "payway", alias: "card_invoice_usd" })
    expect((await ask("eur")).m4?.answer).toEqual({ kind: "payway", alias: "card_invoice_eur" })
    expect((await ask("JPY")).m4?.answer).toEqual({ kind: "payway", alias: null })
    expect((await ask("USD")).action).toBe(PaymentActions.NOT_SUPPORTED)
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
    expect((await service.getWebhookActionAndData(payload(body, { "x-forwarded-for": "203.0.113.9" }))).action).toBe(
      PaymentActions.NOT_SUPPORTED
    )
    expect(
      (await service.getWebhookActionAndData(payload(body, { "x-forwarded-for": "35.198.100.222, 10.0.0.2" }))).m4
        ?.notification?.session_id
    ).toBe("payses_1")
    // both refusals are logged as one line a minute: a flood costs a few lines, not one each
    expect(warnings.filter((w) => w.includes("notificationIps"))).toHaveLength(1)
  })

  it("rejects a notification signed with another key", async () => {
    const { service } = provider({ secretKey: "another-shop-secret" })
    expect((await service.getWebhookActionAndData(payload(holdCallback("payses_1")))).action).toBe(
      PaymentActions.NOT_SUPPORTED
    )
  })
})

describe("M4 provider: exact amounts", () => {
  it("refuses to issue an invoice for an amount finer than the currency, before calling M4", async () => {
    const { service, warnings } = provider({ apiUrl: "http://127.0.0.1:9/gateway/v1/" }) // nothing listens there
    const refused = await service
      .initiatePayment({
        amount: "24.995",
        currency_code: "usd",
        data: { session_id: "payses_1" },
        context: {},
      } as never)
      .catch((e) => e)
    expect(refused).toMatchObject({ type: "invalid_data", code: "m4_amount_not_allowed" })
    expect(refused.message).toMatch(
      /^M4 cannot take this amount: 24\.995 USD is finer than USD allows \(2 decimal places\)\. \(reference (M4-[0-9A-F]{8})\)$/
    )
    // the merchant's explanation goes to the log, under the same reference
    const reference = /reference (M4-[0-9A-F]{8})/.exec(refused.message)![1]
    expect(warnings.find((w) => w.includes(reference))).toMatch(/refused rather than rounded/)
  })
})

describe("M4 provider: capture", () => {
  /** A stand-in gateway that answers each method from `answers` and records the calls. */
  async function gateway(answers: Record<string, unknown[]>) {
    const http = await import("node:http")
    const calls: string[] = []
    const server = http.createServer((req, res) => {
      const method = (req.url ?? "").replace("/gateway/v1/", "")
      calls.push(method)
      req.resume()
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end(
          JSON.stringify((answers[method] ?? []).shift() ?? { result: false, error_code: 1, message: "?", data: null })
        )
      })
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
    const { port } = server.address() as { port: number }
    return { url: `http://127.0.0.1:${port}/gateway/v1/`, calls, close: () => new Promise((r) => server.close(r)) }
  }
  const ok = (data: unknown) => ({ result: true, message: "Ok", error_code: 0, data })
  const data = { invoice_id: 41000017, shop_order_id: "payses_1", amount: "6.00", currency_code: "usd" }

  it("charges first: one call when M4 answers paid, and the ledger records M4's answer", async () => {
    const m4 = await gateway({ "invoice/charge": [ok({ id: 41000017, status: 4 })] })
    try {
      const { service, statements } = provider({ apiUrl: m4.url })
      const result = await service.capturePayment({ data } as never)
      expect(result.data?.m4_status).toBe(4)
      expect(m4.calls).toEqual(["invoice/charge"])
      expect(statements.some((sql) => /update "m4_invoice" set "m4_status"/.test(sql))).toBe(true)
    } finally {
      await m4.close()
    }
  })

  it("an already paid invoice (charge refused) is confirmed by status: idempotent", async () => {
    const m4 = await gateway({
      "invoice/charge": [{ result: false, error_code: 8, message: "Invoice has status 4", data: null }],
      "invoice/check": [
        ok({ status: 4, payment_id: 41000017, shop_order_id: "payses_1", shop_amount: 6, shop_currency: 840 }),
      ],
    })
    try {
      const { service } = provider({ apiUrl: m4.url })
      expect((await service.capturePayment({ data } as never)).data?.m4_status).toBe(4)
      expect(m4.calls).toEqual(["invoice/charge", "invoice/check"])
    } finally {
      await m4.close()
    }
  })
})
