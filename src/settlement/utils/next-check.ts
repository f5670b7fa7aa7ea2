/**
 * When the reconciliation looks at an invoice again, without I/O: never once its money is settled
 * (on its order, returned) or M4 rejected it; on the hold schedule while M4 holds it; for an unpaid
 * one, on the backoff schedule until it can no longer be paid (its `expires_at` plus a grace), then
 * never. Unit-tested in __tests__/next-check.unit.spec.ts.
 */
import { INVOICE_STATUS } from "../../m4"
import type { InvoiceRecord, ReconciliationOptions } from "../../modules/m4-ledger"
import type { InvoiceSettleOutcome } from "../../workflows/settle-m4-payment"

/** Outcomes after which an invoice needs no more checks: its money is on an order, returned, or never came. */
const SETTLED: InvoiceSettleOutcome["outcome"][] = [
  "captured",
  "already_captured",
  "returned",
  "returning",
  "return_failed",
  "flagged",
  "already_returned",
]

export type NextInvoiceCheck =
  | { kind: "done" }
  /** held at M4: next on the hold schedule; `warn`: old enough to tell the merchant (once) */
  | { kind: "hold"; next: Date; warn: boolean }
  /** M4 never had it (the create call's answer was lost before M4 got it), and it can no longer be paid */
  | { kind: "not_issued" }
  /** never paid, and it can no longer be */
  | { kind: "lapsed" }
  | { kind: "again"; next: Date }

type CheckedInvoice = Pick<InvoiceRecord, "created_at" | "expires_at" | "check_attempts" | "state" | "flagged_at">

/** When a row's next check is due after its attempts so far: the schedule from its creation, then every `thenEveryMs`. */
export function backoff(options: ReconciliationOptions, created: Date, attempts: number, now = Date.now()): Date {
  const { scheduleMs, thenEveryMs } = options
  return new Date(
    attempts < scheduleMs.length ? Math.max(now + 100, created.getTime() + scheduleMs[attempts]) : now + thenEveryMs
  )
}

/** An unpaid invoice is checked until it can no longer be paid (its expires_at plus a grace). */
export function payableUntil(
  options: ReconciliationOptions,
  invoice: Pick<CheckedInvoice, "created_at" | "expires_at">
): Date {
  return invoice.expires_at
    ? new Date(invoice.expires_at.getTime() + options.unpaidGraceMs)
    : new Date(invoice.created_at.getTime() + options.pendingLifetimeMs)
}

export function nextInvoiceCheck(
  options: ReconciliationOptions,
  invoice: CheckedInvoice,
  result: Pick<InvoiceSettleOutcome, "outcome" | "status" | "payment_id">,
  now = Date.now()
): NextInvoiceCheck {
  const status = result.status
  if (status === INVOICE_STATUS.REJECTED || SETTLED.includes(result.outcome)) {
    return { kind: "done" }
  }
  if (status === INVOICE_STATUS.HELD) {
    const old = now - invoice.created_at.getTime() >= options.holdWarnAfterMs
    return {
      kind: "hold",
      next: new Date(now + options.holdCheckEveryMs),
      warn: old && !invoice.flagged_at && !!result.payment_id,
    }
  }
  const until = payableUntil(options, invoice)
  if (now >= until.getTime()) {
    return status === undefined && invoice.state === "issuing" ? { kind: "not_issued" } : { kind: "lapsed" }
  }
  const next = backoff(options, invoice.created_at, invoice.check_attempts, now)
  return { kind: "again", next: next.getTime() > until.getTime() ? until : next }
}
