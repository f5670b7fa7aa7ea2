import { createHash } from "node:crypto"
import { verifyCallback } from "../callbacks/verify-callback"
import { amountsEqual } from "../money/amount"
import {
  INVOICE_CALLBACK_PAIRS,
  INVOICE_CALLBACK_RAW,
  INVOICE_CALLBACK_STRING_TO_SIGN,
  pairsToJson,
  REFUND_CALLBACK_PAIRS,
  REFUND_CALLBACK_STRING_TO_SIGN,
  SANDBOX_SECRET,
} from "./fixtures"

/** Independent oracle for §9: sort keys, join the given value texts, SHA-256 with the secret. */
function oracleSign(texts: Record<string, string | null>, secret = SANDBOX_SECRET): string {
  const joined = Object.keys(texts)
    .filter((k) => k !== "sign" && texts[k] !== null && texts[k] !== "")
    .sort()
    .map((k) => texts[k])
    .join(":")
  return createHash("sha256")
    .update(joined + secret, "utf8")
    .digest("hex")
}

/** Value texts of a pair list: JSON strings decoded, numbers as their lexeme, null as null. */
function pairTexts(pairs: Array<[string, string]>): Record<string, string | null> {
  return Object.fromEntries(
    pairs.map(([k, v]) => [k, v === "null" ? null : v.startsWith('"') ? (JSON.parse(v) as string) : v])
  )
}

function withSign(pairs: Array<[string, string]>, sign: string): Array<[string, string]> {
  return pairs.map(([k, v]) => [k, k === "sign" ? JSON.stringify(sign) : v])
}

function altered(rawValue: string): string {
  if (rawValue.startsWith('"')) {
    return `${rawValue.slice(0, -1)}X"`
  }
  return rawValue.includes(".") ? `${rawValue}1` : String(BigInt(rawValue) + 1n)
}

describe("verifyCallback", () => {
  it("the fixtures are the exact docs/m4-protocol.md texts", () => {
    expect(pairsToJson(INVOICE_CALLBACK_PAIRS)).toBe(INVOICE_CALLBACK_RAW)
    const texts = pairTexts(INVOICE_CALLBACK_PAIRS)
    expect(oracleSign(texts)).toBe(texts.sign)
    expect(
      Object.keys(texts)
        .filter((k) => k !== "sign" && texts[k])
        .sort()
        .map((k) => texts[k])
        .join(":")
    ).toBe(INVOICE_CALLBACK_STRING_TO_SIGN)
    const refundTexts = pairTexts(REFUND_CALLBACK_PAIRS)
    expect(oracleSign(refundTexts)).toBe(refundTexts.sign)
    expect(
      Object.keys(refundTexts)
        .filter((k) => k !== "sign" && refundTexts[k])
        .sort()
        .map((k) => refundTexts[k])
        .join(":")
    ).toBe(REFUND_CALLBACK_STRING_TO_SIGN)
  })

  it("accepts vector 9.1 (invoice hold) and exposes exact amount texts", () => {
    const result = verifyCallback(INVOICE_CALLBACK_RAW, SANDBOX_SECRET)
    expect(result.ok).toBe(true)
    if (!result.ok || result.type !== "invoice") {
      throw new Error(`expected an invoice callback, got ${JSON.stringify(result)}`)
    }
    expect(result.format).toBe("json")
    const cb = result.callback
    expect(cb.status).toBe("hold")
    expect(cb.payment_id).toBe(41000017)
    expect(cb.shop_order_id).toBe("order_01JTESTVECTOR")
    expect(cb.shop_id).toBe(1520)
    expect(cb.shop_currency).toBe(840)
    expect(cb.shop_amount_text).toBe("6.0")
    expect(cb.shop_refund_text).toBe("5.7")
    expect(cb.client_price_text).toBe("6.0")
    expect(cb.shop_amount).toBe(6)
    expect(cb.description).toBe("Order №190")
    expect(cb.ps_data).toBe('{"ps_payer_account": "424242XXXXXX4242", "required_3ds": false}')
    expect(cb.processed).toBeNull()
    expect(cb.error_code).toBe(0)
    expect(amountsEqual(cb.shop_amount_text, "6.00", "usd")).toBe(true)
  })

  it("accepts vector 9.2 (refund) and tells it from an invoice callback by its fields", () => {
    const result = verifyCallback(pairsToJson(REFUND_CALLBACK_PAIRS), SANDBOX_SECRET)
    expect(result.ok).toBe(true)
    if (!result.ok || result.type !== "refund") {
      throw new Error(`expected a refund callback, got ${JSON.stringify(result)}`)
    }
    expect(result.callback).toMatchObject({
      shop_refund_id: "refund_01JTESTVECTOR",
      status: "SUCCESS",
      invoice_id: 41000017,
      amount_text: "100.00",
      amount: 100,
      currency: "USD",
      error_code: 0,
      addons: "",
      created_at: "2026-05-24T16:50:00",
      processed_at: "2026-05-24T16:50:07",
    })
  })

  describe("rejects when any signed field is altered", () => {
    const cases = [
      ...INVOICE_CALLBACK_PAIRS.filter(([k, v]) => k !== "sign" && v !== "null").map(
        ([key]) => ["invoice", key, INVOICE_CALLBACK_PAIRS] as const
      ),
      ...REFUND_CALLBACK_PAIRS.filter(([k, v]) => k !== "sign" && v !== `""`).map(
        ([key]) => ["refund", key, REFUND_CALLBACK_PAIRS] as const
      ),
    ]
    it.each(cases)("%s: %s", (_type, key, pairs) => {
      const body = pairsToJson(pairs.map(([k, v]) => [k, k === key ? altered(v) : v]))
      expect(verifyCallback(body, SANDBOX_SECRET)).toEqual({ ok: false, reason: "signature mismatch" })
    })
  })

  it("rejects a number written differently (6.0 → 6), even though its value is equal", () => {
    const body = pairsToJson(INVOICE_CALLBACK_PAIRS.map(([k, v]) => [k, k === "shop_amount" ? "6" : v]))
    expect(verifyCallback(body, SANDBOX_SECRET).ok).toBe(false)
  })

  it("accepts the keys in another order", () => {
    expect(verifyCallback(pairsToJson([...INVOICE_CALLBACK_PAIRS].reverse()), SANDBOX_SECRET).ok).toBe(true)
    expect(verifyCallback(pairsToJson([...REFUND_CALLBACK_PAIRS].reverse()), SANDBOX_SECRET).ok).toBe(true)
  })

  it("includes unknown extra fields in the signature and keeps them", () => {
    const extra: Array<[string, string]> = [
      ...INVOICE_CALLBACK_PAIRS,
      ["settlement_rate", "1.5"],
      ["settlement_currency", `"EUR"`],
    ]
    const goodSign = oracleSign(pairTexts(extra))
    const accepted = verifyCallback(pairsToJson(withSign(extra, goodSign)), SANDBOX_SECRET)
    expect(accepted.ok).toBe(true)
    if (accepted.ok) {
      expect(accepted.callback).toMatchObject({ settlement_rate: "1.5", settlement_currency: "EUR" })
    }
    // the original sign does not cover the extra fields
    expect(verifyCallback(pairsToJson(extra), SANDBOX_SECRET)).toEqual({ ok: false, reason: "signature mismatch" })
  })

  it("accepts the same callback form-encoded (every value a string, URL-encoded)", () => {
    const texts = pairTexts(INVOICE_CALLBACK_PAIRS)
    const form = new URLSearchParams()
    for (const [key, value] of Object.entries(texts)) {
      form.append(key, value ?? "")
    }
    const body = form.toString()
    expect(body).toContain("%E2%84%96") // № URL-encoded as UTF-8
    for (const contentType of ["application/x-www-form-urlencoded", undefined]) {
      const result = verifyCallback(body, SANDBOX_SECRET, { contentType })
      expect(result.ok).toBe(true)
      if (result.ok && result.type === "invoice") {
        expect(result.format).toBe("form")
        expect(result.callback.payment_id).toBe(41000017)
        expect(result.callback.shop_amount_text).toBe("6.0")
        expect(result.callback.description).toBe("Order №190")
      }
    }
    const refundForm = new URLSearchParams(
      Object.entries(pairTexts(REFUND_CALLBACK_PAIRS)).map(([k, v]) => [k, v ?? ""])
    ).toString()
    const refund = verifyCallback(refundForm, SANDBOX_SECRET, { contentType: "application/x-www-form-urlencoded" })
    expect(refund.ok && refund.type).toBe("refund")
  })

  it("fails on a body re-serialised by JSON.parse/JSON.stringify: verification uses the raw text", () => {
    const parsed = JSON.parse(INVOICE_CALLBACK_RAW) as Record<string, unknown>
    const reserialised = JSON.stringify(parsed)
    expect(reserialised).toContain('"shop_amount":6,')
    expect(verifyCallback(reserialised, SANDBOX_SECRET)).toEqual({ ok: false, reason: "signature mismatch" })
    // and the naive verifier's hash is the wrong one docs/m4-protocol.md §9 names
    const naive = Object.keys(parsed)
      .filter((k) => k !== "sign" && parsed[k] !== null && parsed[k] !== "")
      .sort()
      .map((k) => String(parsed[k]))
      .join(":")
    expect(
      createHash("sha256")
        .update(naive + SANDBOX_SECRET)
        .digest("hex")
    ).toBe("e21ea26cf1feb81ba52cfc200507e31f57eb3f2fabd7d6ce3623928441e0c1cc")
  })

  it("accepts Buffer, Uint8Array and serialised {type:'Buffer', data} raw bodies", () => {
    const buffer = Buffer.from(INVOICE_CALLBACK_RAW, "utf8")
    expect(verifyCallback(buffer, SANDBOX_SECRET, { contentType: "application/json" }).ok).toBe(true)
    expect(verifyCallback(new Uint8Array(buffer), SANDBOX_SECRET).ok).toBe(true)
    const serialised = JSON.parse(JSON.stringify(buffer)) as { type: "Buffer"; data: number[] }
    expect(serialised.type).toBe("Buffer")
    expect(verifyCallback(serialised, SANDBOX_SECRET).ok).toBe(true)
  })

  it("accepts non-ASCII written raw instead of \\u escapes (same decoded text)", () => {
    const raw = INVOICE_CALLBACK_RAW.split("\\u2116").join("№")
    expect(raw).not.toContain("\\u2116")
    expect(verifyCallback(raw, SANDBOX_SECRET).ok).toBe(true)
  })

  it("rejects a wrong secret, and no reason ever contains the secret", () => {
    const secret = "s3cr3t-do-not-leak-Zq9"
    const bodies: unknown[] = [
      INVOICE_CALLBACK_RAW,
      `{"sign": "${secret}"}`,
      `{"a": ${secret}}`,
      `not json ${secret}`,
      `{"status": "hold", "nested": {"k": "${secret}"}, "sign": "x"}`,
      42,
      undefined,
    ]
    for (const body of bodies) {
      const result = verifyCallback(body as string, secret)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.reason).not.toContain(secret)
      }
    }
    expect(verifyCallback(INVOICE_CALLBACK_RAW, secret)).toEqual({ ok: false, reason: "signature mismatch" })
  })

  it("rejects a body without sign, or with an empty or non-string sign", () => {
    const without = INVOICE_CALLBACK_PAIRS.filter(([k]) => k !== "sign")
    expect(verifyCallback(pairsToJson(without), SANDBOX_SECRET)).toEqual({ ok: false, reason: "missing sign" })
    expect(verifyCallback(pairsToJson(withSign(without.concat([["sign", ""]]), "")), SANDBOX_SECRET).ok).toBe(false)
    const numeric = without.concat([["sign", "123"]])
    expect(verifyCallback(pairsToJson(numeric), SANDBOX_SECRET)).toEqual({ ok: false, reason: "missing sign" })
  })

  it("rejects nested objects or arrays at top level", () => {
    for (const nested of [`{"a": 1}`, `[1, 2]`]) {
      const pairs: Array<[string, string]> = [...INVOICE_CALLBACK_PAIRS, ["extra", nested]]
      const result = verifyCallback(pairsToJson(pairs), SANDBOX_SECRET)
      expect(result).toEqual({ ok: false, reason: 'field "extra" is a nested object or array' })
    }
  })

  it("rejects malformed bodies and duplicate keys", () => {
    expect(verifyCallback("{", SANDBOX_SECRET).ok).toBe(false)
    expect(verifyCallback("[1]", SANDBOX_SECRET).ok).toBe(false)
    expect(verifyCallback(`{"sign": "a", "sign": "b"}`, SANDBOX_SECRET).ok).toBe(false)
    expect(verifyCallback("sign=a&sign=b", SANDBOX_SECRET).ok).toBe(false)
  })

  it("rejects a validly signed body that is neither an invoice nor a refund callback, or has invalid fields", () => {
    const unknownStatus: Array<[string, string]> = INVOICE_CALLBACK_PAIRS.map(([k, v]) => [
      k,
      k === "status" ? `"paid"` : v,
    ])
    const r1 = verifyCallback(
      pairsToJson(withSign(unknownStatus, oracleSign(pairTexts(unknownStatus)))),
      SANDBOX_SECRET
    )
    expect(r1.ok).toBe(false)
    if (!r1.ok) {
      expect(r1.reason).toMatch(/neither an invoice nor a refund/)
    }
    const badAmount: Array<[string, string]> = INVOICE_CALLBACK_PAIRS.map(([k, v]) => [
      k,
      k === "shop_amount" ? `"six"` : v,
    ])
    const r2 = verifyCallback(pairsToJson(withSign(badAmount, oracleSign(pairTexts(badAmount)))), SANDBOX_SECRET)
    expect(r2.ok).toBe(false)
    if (!r2.ok) {
      expect(r2.reason).toMatch(/shop_amount/)
    }
  })

  it("signs top-level booleans Python-style (True/False)", () => {
    const pairs: Array<[string, string]> = [...REFUND_CALLBACK_PAIRS, ["is_test", "true"]]
    const texts = { ...pairTexts(REFUND_CALLBACK_PAIRS), is_test: "True" }
    expect(verifyCallback(pairsToJson(withSign(pairs, oracleSign(texts))), SANDBOX_SECRET).ok).toBe(true)
  })
})
