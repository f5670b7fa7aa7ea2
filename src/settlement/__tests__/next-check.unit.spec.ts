import { parseLedgerOptions } from "../../modules/m4-ledger/utils/options"
import { backoff, nextInvoiceCheck, payableUntil } from "../utils/next-check"

const options = parseLedgerOptions({}).reconciliation // 1, 5, 15, 60 min, then hourly; grace 15 min
const t0 = new Date("2026-12-03T10:00:00Z")
const min = 60_000
const invoice = (over: Partial<Parameters<typeof nextInvoiceCheck>[1]> = {}) => ({
  created_at: t0,
  expires_at: new Date(t0.getTime() + 60 * min),
  check_attempts: 1,
  state: "open" as const,
  flagged_at: null,
  ...over,
})

describe("when the reconciliation looks at an invoice again", () => {
  it("never once its money is settled or M4 rejected it", () => {
    for (const outcome of [
      "captured",
      "already_captured",
      "returned",
      "returning",
      "return_failed",
      "flagged",
      "already_returned",
    ] as const) {
      expect(nextInvoiceCheck(options, invoice(), { outcome, status: 4 }, t0.getTime() + min)).toEqual({ kind: "done" })
    }
    expect(nextInvoiceCheck(options, invoice(), { outcome: "session_marked_rejected", status: 6 }).kind).toBe("done")
  })

  it("an unpaid one on the schedule from its creation, never past its expiry plus the grace, then never", () => {
    const at = (minutes: number) => t0.getTime() + minutes * min
    expect(
      nextInvoiceCheck(options, invoice({ check_attempts: 1 }), { outcome: "not_final_yet", status: 1 }, at(1))
    ).toEqual({
      kind: "again",
      next: new Date(at(5)),
    })
    expect(
      nextInvoiceCheck(options, invoice({ check_attempts: 3 }), { outcome: "not_final_yet", status: 2 }, at(15))
    ).toEqual({
      kind: "again",
      next: new Date(at(60)),
    })
    // after the schedule: every hour, but no later than expiry + grace (75 min)
    expect(
      nextInvoiceCheck(options, invoice({ check_attempts: 4 }), { outcome: "not_final_yet", status: 1 }, at(60))
    ).toEqual({
      kind: "again",
      next: new Date(at(75)),
    })
    expect(
      nextInvoiceCheck(options, invoice({ check_attempts: 5 }), { outcome: "not_final_yet", status: 1 }, at(75)).kind
    ).toBe("lapsed")
  })

  it("an invoice M4 never had (its create answer lost) is not issued once it could no longer be paid", () => {
    const late = t0.getTime() + 80 * min
    expect(nextInvoiceCheck(options, invoice({ state: "issuing" }), { outcome: "no_invoice_at_m4" }, late)).toEqual({
      kind: "not_issued",
    })
    expect(
      nextInvoiceCheck(options, invoice({ state: "issuing" }), { outcome: "no_invoice_at_m4" }, t0.getTime() + min).kind
    ).toBe("again")
  })

  it("a hold on the hold schedule; the merchant told once, when it is old and on an order's payment", () => {
    const now = t0.getTime() + options.holdWarnAfterMs
    const held = { outcome: "already_authorized" as const, status: 8, payment_id: "pay_1" }
    expect(nextInvoiceCheck(options, invoice(), held, now)).toEqual({
      kind: "hold",
      next: new Date(now + options.holdCheckEveryMs),
      warn: true,
    })
    expect(nextInvoiceCheck(options, invoice({ flagged_at: new Date(now - 1) }), held, now)).toMatchObject({
      warn: false,
    })
    expect(nextInvoiceCheck(options, invoice(), held, now - 1)).toMatchObject({ warn: false })
    expect(nextInvoiceCheck(options, invoice(), { ...held, payment_id: undefined }, now)).toMatchObject({ warn: false })
  })

  it("an invoice issued before the plugin sent expires_at is checked for pendingLifetimeMs", () => {
    expect(payableUntil(options, { created_at: t0, expires_at: null })).toEqual(
      new Date(t0.getTime() + options.pendingLifetimeMs)
    )
    expect(backoff(options, t0, 0, t0.getTime())).toEqual(new Date(t0.getTime() + min))
  })
})
