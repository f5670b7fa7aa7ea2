import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import * as m4 from "../index"
import {
  invoiceStatusFromCallbackStatus,
  isFatalErrorCode,
  isFinalInvoiceStatus,
  isFinalPayoutStatus,
  isFinalRefundStatus,
  isKnownInvoiceStatus,
} from "../index"

describe("statuses (docs/m4-protocol.md §7) and error codes (DECISION b)", () => {
  it("invoice: 4 and 6 final; 1, 2, 3, 5, 8 not; 7 unknown", () => {
    expect([1, 2, 3, 4, 5, 6, 8].filter(isFinalInvoiceStatus)).toEqual([4, 6])
    expect(isKnownInvoiceStatus(7)).toBe(false)
    expect(isFinalInvoiceStatus(7)).toBe(false)
    expect(invoiceStatusFromCallbackStatus("success")).toBe(4)
    expect(invoiceStatusFromCallbackStatus("hold")).toBe(8)
    expect(invoiceStatusFromCallbackStatus("rejected")).toBe(6)
  })

  it("payout: only 5 and 6 final", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9].filter(isFinalPayoutStatus)).toEqual([5, 6])
  })

  it("refund: WAITING not final", () => {
    expect(isFinalRefundStatus("WAITING")).toBe(false)
    expect(isFinalRefundStatus("SUCCESS")).toBe(true)
    expect(isFinalRefundStatus("FAILED")).toBe(true)
  })

  it("error codes 1–21 fatal, anything else unknown", () => {
    for (let code = 1; code <= 21; code++) {
      expect(isFatalErrorCode(code)).toBe(true)
    }
    for (const code of [0, 22, 99, -1, 1.5, "1", null]) {
      expect(isFatalErrorCode(code)).toBe(false)
    }
  })

  it("the public entry exports the protocol layer and nothing from Medusa", () => {
    for (const name of [
      "M4Client",
      "verifyCallback",
      "formatAmount",
      "signRequest",
      "isFinalPayoutStatus",
      "invoiceCheckDataSchema",
      "formatNow",
    ]) {
      expect(m4).toHaveProperty(name)
    }
    // jest's setup loads Medusa itself, so check the sources rather than require.cache
    const root = path.resolve(__dirname, "..")
    const sources = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith(".ts") && !f.includes("__tests__")
    )
    expect(sources.length).toBeGreaterThan(10)
    for (const file of sources) {
      expect([file, /from "@medusajs|require\("@medusajs/.test(readFileSync(path.join(root, file), "utf8"))]).toEqual([
        file,
        false,
      ])
    }
  })
})
