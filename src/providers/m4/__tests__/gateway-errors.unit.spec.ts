import { MedusaError } from "@medusajs/framework/utils"
import { gatewayFailure, payPageUnknown } from "../utils/gateway-errors"

const fatal = (code: number, message = "M4 said no") => ({ kind: "fatal", code, message }) as const
const unknown503 = {
  kind: "unknown",
  reason: "http_status",
  httpStatus: 503,
  detail: "HTTP 503 without an M4 envelope: <html><body><h1>Server Error</h1></body></html>",
} as const

function logSink() {
  const lines: string[] = []
  return {
    lines,
    log: { warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) },
  }
}

const referenceIn = (message: string) => /\(reference (M4-[0-9A-F]{8})\)$/.exec(message)?.[1]

describe("the provider's errors that reach a storefront: the shopper's words, a stable code, details in the log", () => {
  it("M4 not answering: m4_unavailable, no gateway text; the log has it under the same reference", () => {
    const { lines, log } = logSink()
    const error = gatewayFailure("payment", unknown503, log)
    expect(error).toBeInstanceOf(MedusaError)
    expect(error).toMatchObject({ type: MedusaError.Types.UNEXPECTED_STATE, code: "m4_unavailable" })
    expect(error.message).toMatch(/^M4 is not responding right now, .* Please try again in a moment\. \(reference M4-/)
    expect(error.message.replace(/\(reference M4-[0-9A-F]{8}\)$/, "")).not.toMatch(/html|HTTP|outcome|503/i)
    const reference = referenceIn(error.message)!
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(reference)
    expect(lines[0]).toContain("HTTP 503 without an M4 envelope: <html>")
  })

  it("each refusal has its code; M4's own message stays in the log", () => {
    const cases: [number, string, string][] = [
      [4, "m4_amount_not_allowed", "below the minimum"],
      [5, "m4_amount_not_allowed", "above the maximum"],
      [3, "m4_method_unavailable", "not available"],
      [11, "m4_method_unavailable", "not available"],
      [16, "m4_method_unavailable", "not available"],
      [9, "m4_declined", "M4 declined this payment"],
      [14, "m4_declined", "M4 declined this payment"],
    ]
    for (const [code, expected, words] of cases) {
      const { lines, log } = logSink()
      const error = gatewayFailure("payment", fatal(code, `FNX refusal ${code}`), log)
      expect({ code, got: error.code }).toEqual({ code, got: expected })
      expect(error.message).toContain(words)
      expect(error.message).not.toContain("FNX")
      expect(lines[0]).toContain(`M4 error ${code}: FNX refusal ${code}`)
      expect(lines[0]).toContain(referenceIn(error.message)!)
    }
  })

  it("an invoice whose pay page never arrived: try again (a new session), never a second invoice for this one", () => {
    const { lines, log } = logSink()
    const error = payPageUnknown("payses_1", { kind: "fatal", code: 6, message: "OperationNotUnique" }, log)
    expect(error).toMatchObject({ code: "m4_unavailable" })
    expect(error.message).toMatch(/^M4 could not open the payment page\. Please try again\. \(reference M4-/)
    expect(lines[0]).toMatch(/payment session payses_1 may have been issued.*OperationNotUnique/)
  })

  it("the merchant's actions keep saying what M4 answered", () => {
    const { lines, log } = logSink()
    expect(gatewayFailure("capture", fatal(8, "OperationIsProcessing"), log).message).toBe(
      "M4 capture refused (error 8): OperationIsProcessing"
    )
    expect(gatewayFailure("refund status", unknown503, log)).toMatchObject({ code: "m4_unavailable" })
    expect(lines).toEqual([])
  })
})

describe("amount limits: the plugin's one rule (amountLimitRefusal, also the merchant tools module's)", () => {
  it("the shopper's payment and the merchant's refund answer 4 and 5 alike: invalid data, m4_amount_not_allowed", () => {
    const { log } = logSink()
    for (const [code, limit] of [
      [4, "minimum"],
      [5, "maximum"],
    ] as const) {
      const payment = gatewayFailure("payment", fatal(code), log)
      const refund = gatewayFailure("refund", fatal(code), log)
      for (const error of [payment, refund]) {
        expect(error).toMatchObject({ type: MedusaError.Types.INVALID_DATA, code: "m4_amount_not_allowed" })
        expect(error.message).toContain(limit)
      }
    }
  })
})
