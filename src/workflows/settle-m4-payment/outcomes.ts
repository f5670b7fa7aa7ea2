/**
 * Every way a settlement can end, as one closed union: the reconciliation, the notification store
 * and the admin compare these, and the merchant-facing words for each live in one display table
 * (an exhaustive switch there fails to compile when a case is added here).
 */
export const INVOICE_OUTCOMES = [
  // nothing to apply
  "no_record",
  "wrong_provider_ignored",
  "invoice_mismatch_ignored",
  "no_invoice_at_m4",
  "not_final_yet",
  // the money is in Medusa's books
  "authorized",
  "captured",
  "already_authorized",
  "already_captured",
  // the money had no order to go to
  "returned",
  "returning",
  "return_failed",
  "flagged",
  "already_returned",
  // M4 rejected the invoice or released the hold
  "hold_released",
  "payment_already_settled",
  "rejected_but_captured_left",
  "session_marked_rejected",
  "already_rejected",
  "rejected_without_session",
  "order_canceled",
  "order_flagged_rejected",
] as const

export const REFUND_OUTCOMES = [
  "refund_not_on_record",
  "refund_waiting",
  "refund_succeeded",
  "refund_failed_undone",
  "refund_failed",
  "refund_not_at_m4",
  "return_succeeded",
  "return_failed",
] as const

/** What the reconciliation itself concluded about a row, without a settlement. */
export const CHECK_OUTCOMES = [
  "not_checked",
  "lapsed_unpaid",
  "hold_flagged",
  "hold_captured",
  "hold_release_requested",
] as const

export type InvoiceOutcome = (typeof INVOICE_OUTCOMES)[number]
export type RefundOutcome = (typeof REFUND_OUTCOMES)[number]
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number]
export type SettleOutcomeName = InvoiceOutcome | RefundOutcome | CheckOutcome

export type InvoiceSettleOutcome = {
  outcome: InvoiceOutcome
  /** M4's invoice status when asked (undefined: M4 has no such invoice) */
  status?: number
  order_id?: string
  payment_id?: string
}

export type RefundSettleOutcome = {
  outcome: RefundOutcome
  order_id?: string
  payment_id?: string
  /** M4 has not decided yet: ask again later */
  waiting: boolean
}

export type SettleOutcome = InvoiceSettleOutcome | RefundSettleOutcome
