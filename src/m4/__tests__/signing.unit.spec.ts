import { createHash } from "node:crypto"
import { m4Hash } from "../signing/hash"
import { readRawFields } from "../signing/raw-fields"
import { rawRequestStringToSign, requestStringToSign, signRequest } from "../signing/request-signature"
import { isM4Endpoint, M4_ENDPOINTS, SIGNED_FIELDS } from "../signing/signed-fields"
import { loadRecordedExchanges, RECORDED_DIR, SANDBOX_SECRET } from "./fixtures"

describe("request signing", () => {
  it("reproduces the M4 seed vector (docs/m4-protocol.md §2.2)", () => {
    const body = {
      shop_id: 1520,
      shop_order_id: "5b0efa8a-153b-4421-abac-2aba4d772a86",
      amount: "6320.91",
      currency: 840,
      payway: "card_invoice_usd",
      description: "Payment for shop_id=1520",
    }
    expect(requestStringToSign("invoice/create", body)).toBe(
      "6320.91:840:card_invoice_usd:1520:5b0efa8a-153b-4421-abac-2aba4d772a86"
    )
    // independent of m4Hash: plain SHA-256 of string + secret
    const expected = createHash("sha256")
      .update("6320.91:840:card_invoice_usd:1520:5b0efa8a-153b-4421-abac-2aba4d772a86account-secret-key")
      .digest("hex")
    expect(expected).toBe("77a6f7a30876d480d4e771d08cb83800dd5cb874664c77e515ffc052b20293c6")
    expect(signRequest("invoice/create", body, "account-secret-key").sign).toBe(expected)
  })

  describe("every recorded exchange reproduces its recorded sign", () => {
    const exchanges = loadRecordedExchanges()

    it("finds the recorded fixtures relative to the repository", () => {
      expect(RECORDED_DIR.endsWith("shared/m4/fixtures/recorded")).toBe(true)
      expect(exchanges.length).toBeGreaterThanOrEqual(7)
    })

    it.each(exchanges.map((e) => [`${e.file} ${e.endpoint}`, e] as const))("%s", (_name, exchange) => {
      expect(isM4Endpoint(exchange.endpoint)).toBe(true)
      if (!isM4Endpoint(exchange.endpoint)) {
        return
      }
      const raw = readRawFields(exchange.request_body, "application/json")
      const sign = raw.fields.get("sign")
      expect(sign?.kind).toBe("string")
      const stringToSign = rawRequestStringToSign(exchange.endpoint, raw)
      expect(m4Hash(stringToSign, exchange.secret_key)).toBe(sign?.kind === "string" ? sign.value : "")
    })
  })

  it("echoes the string to sign M4 printed for a wrong secret (recorded, secret excluded)", () => {
    const exchange = loadRecordedExchanges().find((e) => e.file === "shop-balance_wrong_secret.json")!
    const raw = readRawFields(exchange.request_body)
    const stringToSign = rawRequestStringToSign("shop_balance", raw)
    expect(exchange.response_body).toContain(JSON.stringify(stringToSign).slice(1, -1))
  })

  describe("synthetic request vectors (docs/m4-protocol.md §2.2)", () => {
    const vectors = [
      {
        endpoint: "invoice/hold" as const,
        body: {
          shop_id: 1520,
          shop_order_id: "order_01JTESTVECTOR",
          amount: "6320.91",
          currency: 840,
          payway: "card_invoice_usd",
        },
        text: "6320.91:840:card_invoice_usd:1520:order_01JTESTVECTOR",
        sign: "bef2fafe4ceb57c3a3f0e420ca44d5b8be6fda9275d8a4ca70e298a5422e7108",
      },
      {
        endpoint: "invoice/create" as const,
        body: {
          shop_id: 1520,
          shop_order_id: "order_01JJPY",
          amount: "6320",
          currency: 392,
          payway: "card_invoice_jpy",
        },
        text: "6320:392:card_invoice_jpy:1520:order_01JJPY",
        sign: "26fed819235c409d80c797e12e1360c93a4fc4795236837a8f22ad2c966107c3",
      },
      {
        endpoint: "invoice/check" as const,
        body: { shop_id: 1520, shop_order_id: "order_01JTESTVECTOR", now: "2026-05-24T13:35:42.123Z" },
        text: "2026-05-24T13:35:42.123Z:1520:order_01JTESTVECTOR",
        sign: "40711446523410ffb73634efa75287772625116bd78c44ae178af5180be87ecc",
      },
      {
        endpoint: "invoice/charge" as const,
        body: { shop_id: 1520, invoice_id: 41000017, now: "2026-05-24T13:40:00.000Z" },
        text: "41000017:2026-05-24T13:40:00.000Z:1520",
        sign: "a823a4114cd8f9e000ae2f0a76b5abd3829929ef8074f7c7b12ff43aa2a1d22d",
      },
      {
        endpoint: "invoice/create-refund" as const,
        body: { shop_id: 1520, invoice_id: 41000017, amount: "100.00", shop_refund_id: "refund_01JTESTVECTOR" },
        text: "100.00:41000017:1520:refund_01JTESTVECTOR",
        sign: "2834eddd1522179145f3ad8bb397c245b905f666512f1fc2a8a3507d0ca7c9ac",
      },
    ]

    it.each(vectors.map((v) => [v.endpoint, v] as const))("%s", (_name, vector) => {
      expect(requestStringToSign(vector.endpoint, vector.body)).toBe(vector.text)
      const signed = signRequest(vector.endpoint, { ...vector.body, description: "unsigned" }, SANDBOX_SECRET)
      expect(signed.sign).toBe(vector.sign)
      // the gateway's side: read from raw JSON text, same string
      const raw = readRawFields(JSON.stringify(signed))
      expect(rawRequestStringToSign(vector.endpoint, raw)).toBe(vector.text)
    })
  })

  it("refuses to sign when a signed field is missing, and refuses float JSON numbers", () => {
    expect(() => signRequest("invoice/check", { shop_id: 1520, now: "x" }, SANDBOX_SECRET)).toThrow(/shop_order_id/)
    expect(() =>
      signRequest(
        "invoice/create-refund",
        { shop_id: 1, invoice_id: 2, shop_refund_id: "r", amount: 1.5 },
        SANDBOX_SECRET
      )
    ).toThrow(/non-integer/)
  })

  it("has a signed-field list for every endpoint, already sorted as in docs/m4-protocol.md", () => {
    for (const endpoint of M4_ENDPOINTS) {
      const fields = [...SIGNED_FIELDS[endpoint]]
      expect(fields).toEqual([...fields].sort())
    }
  })
})
