/**
 * Refund decisions, without I/O: whether M4's answer to invoice/create-refund is enough or its
 * refund list must be asked (unknown, duplicate), what the refund's state then is, and whether
 * the admin is told "no". An admin is told "no" only when M4 refused the refund (nothing moved);
 * a refund whose outcome stays unknown is accepted and stays unconfirmed on the ledger: the
 * reconciliation asks M4 until it is final, and a refund M4 never made is taken out of Medusa's
 * books again and the merchant told (never an error for a refund that may have moved money).
 */
import { MedusaError } from "@medusajs/framework/utils"
import { describeOutcome, InvoiceCreateRefundData, isDuplicateError, M4Outcome, RefundStatus } from "../../../m4"
import { fatalToMedusaError } from "./gateway-errors"

export type RefundState = {
  /** M4's status, or UNCONFIRMED when M4's answer is not known (the reconciliation finds out) */
  status: RefundStatus | "UNCONFIRMED"
  refundId?: number | string
  /** M4's words when it refused */
  reason?: string
}
export type ListedRefund = { status: RefundStatus; id?: number | string }

/** Unknown, or a duplicate (a retry of a request that arrived): only M4's refund list can tell. */
export function needsRefundLookup(outcome: M4Outcome<InvoiceCreateRefundData>): boolean {
  return outcome.kind === "unknown" || (outcome.kind === "fatal" && isDuplicateError(outcome.code))
}

/** The refund's state from the create answer and, when it was looked up, M4's list entry for it. */
export function refundState(
  outcome: M4Outcome<InvoiceCreateRefundData>,
  listed: ListedRefund | undefined
): RefundState {
  if (outcome.kind === "ok") {
    return { status: outcome.data.status as RefundStatus, refundId: outcome.data.id as number }
  }
  if (listed) {
    return { status: listed.status, refundId: listed.id }
  }
  if (outcome.kind === "fatal" && isDuplicateError(outcome.code)) {
    return { status: "WAITING" } // M4 has it (duplicate) even if its list does not show it yet
  }
  if (outcome.kind === "unknown") {
    return { status: "UNCONFIRMED", reason: describeOutcome(outcome) }
  }
  return { status: "FAILED", reason: outcome.message }
}

/** The error the admin sees when M4 refused the refund (Medusa then drops its refund), else undefined. */
export function refundRefusal(
  outcome: M4Outcome<InvoiceCreateRefundData>,
  state: RefundState,
  what: { amount: string; currency: string }
): MedusaError | undefined {
  if (state.status !== "FAILED") {
    return undefined
  }
  if (outcome.kind === "fatal" && !isDuplicateError(outcome.code)) {
    return fatalToMedusaError("refund", outcome)
  }
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, `M4 refused the refund of ${what.amount} ${what.currency}`)
}
