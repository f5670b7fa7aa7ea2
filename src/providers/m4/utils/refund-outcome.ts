/**
 * Refund decisions, without I/O: whether M4's answer to invoice/create-refund is enough or its
 * refund list must be asked (unknown, duplicate), and what the refund's state then is.
 */
import { MedusaError } from "@medusajs/framework/utils"
import { InvoiceCreateRefundData, isDuplicateError, M4Outcome, RefundStatus } from "../../../m4"
import { fatalToMedusaError, unresolvedToMedusaError } from "./gateway-errors"

export type RefundState = { status: RefundStatus; refundId?: number | string }
export type ListedRefund = { status: RefundStatus; id?: number | string }

/** Unknown, or a duplicate (a retry of a request that arrived): only M4's refund list can tell. */
export function needsRefundLookup(outcome: M4Outcome<InvoiceCreateRefundData>): boolean {
  return outcome.kind === "unknown" || (outcome.kind === "fatal" && isDuplicateError(outcome.code))
}

/**
 * The refund's state from the create answer and, when it was looked up, M4's list entry for it.
 * Throws when M4 refused it, or when its outcome stays unknown (nothing is recorded then).
 */
export function refundState(
  outcome: M4Outcome<InvoiceCreateRefundData>,
  listed: ListedRefund | undefined,
  what: { amount: string; currency: string }
): RefundState {
  let state: RefundState
  if (outcome.kind === "ok") {
    state = { status: outcome.data.status as RefundStatus, refundId: outcome.data.id as number }
  } else if (listed) {
    state = { status: listed.status, refundId: listed.id }
  } else if (outcome.kind === "fatal" && isDuplicateError(outcome.code)) {
    state = { status: "WAITING" } // M4 has it (duplicate) even if its list does not show it yet
  } else if (outcome.kind === "unknown") {
    throw unresolvedToMedusaError("refund", outcome)
  } else {
    throw fatalToMedusaError("refund", outcome)
  }
  if (state.status === "FAILED") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `M4 refused the refund of ${what.amount} ${what.currency}`)
  }
  return state
}
