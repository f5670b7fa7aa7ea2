import { isDuplicateOrInProgressError, isNotFoundError, type M4Outcome } from "../../../m4"
import type { PayoutState } from "../../../modules/m4-merchant-tools"

/**
 * One question to M4 about a payout: withdraw/create, or withdraw/shop_payment_status either to
 * settle an unknown outcome ("settle") or to follow a payout M4 has ("follow").
 */
export type PayoutCall =
  | { call: "create" }
  | { call: "status"; mode: "settle"; resubmit_when_missing: boolean; note?: string }
  | { call: "status"; mode: "follow" }

/** What M4's answer to a call means for the payout. */
export type PayoutAnswerDecision =
  /** M4 told its status: record it */
  | { kind: "apply_status"; note: string }
  /** withdraw/create refused with a fatal error: nothing was created, the payout failed */
  | { kind: "refused" }
  /** no usable answer: the outcome stays unknown (never a failure) */
  | { kind: "unknown"; what: string }
  /** a payout M4 has for sure could not be asked about: keep polling */
  | { kind: "note_problem" }
  /** the answer is a prompt to ask M4 again */
  | { kind: "ask_next"; next: PayoutCall }

/**
 * The payout flows' rules for M4's answers (docs/m4-protocol.md §6, DECISION b and f). Pure: the step that
 * applies the decision does the writing.
 */
export function decidePayoutAnswer(call: PayoutCall, outcome: M4Outcome<unknown>): PayoutAnswerDecision {
  if (call.call === "create") {
    if (outcome.kind === "ok") {
      return { kind: "apply_status", note: "withdraw/create answered" }
    }
    if (outcome.kind === "fatal" && isDuplicateOrInProgressError(outcome.code)) {
      // DECISION f: an earlier attempt with this shop_payment_id reached M4: ask for its state instead
      return {
        kind: "ask_next",
        next: {
          call: "status",
          mode: "settle",
          resubmit_when_missing: false,
          note: `withdraw/create: M4 error ${outcome.code}`,
        },
      }
    }
    return outcome.kind === "fatal" ? { kind: "refused" } : { kind: "unknown", what: "withdraw/create" }
  }
  if (call.mode === "follow") {
    return outcome.kind === "ok" ? { kind: "apply_status", note: "status query" } : { kind: "note_problem" }
  }
  if (outcome.kind === "ok") {
    return {
      kind: "apply_status",
      note: call.note ? `${call.note}; resolved by status query` : "resolved by status query",
    }
  }
  if (outcome.kind === "fatal" && isNotFoundError(outcome.code)) {
    // not found at M4: a client retry creates it (same shop_payment_id); polling alone keeps waiting
    return call.resubmit_when_missing
      ? { kind: "ask_next", next: { call: "create" } }
      : { kind: "unknown", what: "status query: not found at M4" }
  }
  return { kind: "unknown", what: "status query" }
}

/** What the refresh button or the poller asks M4 about a payout in this state, if anything. */
export function syncCallFor(status: PayoutState): PayoutCall | null {
  switch (status) {
    case "creating":
    case "pending_verification":
    case "needs_attention":
      return { call: "status", mode: "settle", resubmit_when_missing: false }
    case "processing":
      return { call: "status", mode: "follow" }
    default:
      return null
  }
}

/**
 * The first call of a create request: a new payout is sent to M4; a retry (same idempotency
 * key) of one whose outcome is not known yet is settled by status query, created again only
 * when M4 does not have it; any other retry just returns the payout.
 */
export function createCallFor(target: { created: boolean; status: PayoutState }): PayoutCall | null {
  if (target.created) {
    return { call: "create" }
  }
  if (target.status === "creating" || target.status === "pending_verification") {
    return { call: "status", mode: "settle", resubmit_when_missing: true }
  }
  return null
}
