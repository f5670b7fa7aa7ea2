import type { RefundState } from "../../../modules/m4-ledger"

/** What the ledger knows of one refund (or return) the plugin asked M4 for. */
export type RefundFacts = {
  /** `refund`: an admin's refund of Medusa's books; `return`: money the plugin gives back on its own */
  kind: "refund" | "return"
  state: RefundState
  /** set once the refund was taken out of Medusa's books */
  undone_at?: string | Date | null
}

/**
 * What one refund's state, as M4 just gave it, does to Medusa's books (pure: the step carries it out).
 *   - `wait`: M4 has not decided; ask again later;
 *   - `keep`: M4 made the refund; Medusa's books already say so;
 *   - `undo`: M4 refused it (FAILED): no money went back, so it leaves Medusa's books;
 *   - `undone`: refused, and taken out already;
 *   - `settle_return`: a return M4 completed or refused settles its invoice (`changed`: first time seen).
 */
export type RefundDecision =
  | { kind: "wait" }
  | { kind: "keep" }
  | { kind: "undo" }
  | { kind: "undone" }
  | { kind: "settle_return"; settlement: "returned" | "return_failed"; changed: boolean }

export function decideRefund(now: RefundFacts, before: Pick<RefundFacts, "state">): RefundDecision {
  if (now.state === "waiting" || now.state === "requested") {
    return { kind: "wait" }
  }
  if (now.kind === "return") {
    return {
      kind: "settle_return",
      settlement: now.state === "succeeded" ? "returned" : "return_failed",
      changed: before.state !== now.state,
    }
  }
  if (now.state === "succeeded") {
    return { kind: "keep" }
  }
  return now.undone_at ? { kind: "undone" } : { kind: "undo" }
}

/**
 * A refund M4 does not list (yet). Final on record: that answer stands. Asked for a moment ago: its
 * answer may still be on its way, so wait. Still not listed `unconfirmedAfterMs` after it was asked
 * for: M4 never made it (`never_made`: record it FAILED, then decide as for M4's FAILED).
 */
export function decideUnlistedRefund(
  record: Pick<RefundFacts, "state"> & { created_at: string | Date },
  nowMs: number,
  unconfirmedAfterMs: number
): { kind: "final"; state: "succeeded" | "failed" } | { kind: "wait" } | { kind: "never_made" } {
  if (record.state === "succeeded" || record.state === "failed") {
    return { kind: "final", state: record.state }
  }
  // the record came through a workflow step: its dates may be text
  return nowMs - new Date(record.created_at).getTime() < unconfirmedAfterMs ? { kind: "wait" } : { kind: "never_made" }
}
