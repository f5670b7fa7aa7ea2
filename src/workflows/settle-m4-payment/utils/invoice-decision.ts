/**
 * What M4's answer about an invoice means for Medusa, without I/O: given M4's status now, the
 * ledger's record of the invoice and what Medusa holds (the session using it, its payment, the
 * payment collection's other payments, the order), where the money belongs. Money M4 took goes on
 * the order of the session that uses the invoice, or — when no order can take it (the session was
 * replaced, another payment already pays the collection, the order is canceled) — back to the payer.
 */
import { INVOICE_STATUS } from "../../../m4"
import type { InvoiceOutcome } from "../outcomes"

export type PaymentState = { id: string; session_id?: string | null; captured_at?: unknown; canceled_at?: unknown }

export type InvoiceSituation = {
  /** M4's invoice status now; undefined when M4 has no such invoice */
  status: number | undefined
  record: { settlement: string | null }
  /** the live Medusa session that uses the invoice (undefined: deleted, or never had one) */
  session?: { id: string; status: string; payment?: PaymentState | null }
  /** the collection's payments made from other sessions */
  otherPayments: PaymentState[]
  order?: { id: string; status: string }
}

export type ReturnReason = "replaced_session" | "collection_already_paid" | "order_canceled" | "payment_canceled"

export type InvoiceDecision =
  /** nothing to change in Medusa */
  | { kind: "none"; outcome: InvoiceOutcome }
  /** put it on the order through core's processPaymentWorkflow (authorize a hold, capture a payment) */
  | { kind: "book"; action: "authorized" | "captured" }
  /** no order can take it: give it back (release or refund in full) */
  | { kind: "return"; reason: ReturnReason }
  /** M4 released a hold Medusa holds as authorized: the payment collection follows (canceled) */
  | { kind: "release_collection"; payment_id: string }
  /** M4 rejected the invoice of a live session not paid yet */
  | { kind: "reject_session" }

const RETURNED = ["returned", "returning", "return_failed", "flagged"]

export function decideInvoice(s: InvoiceSituation): InvoiceDecision {
  if (s.status === undefined) {
    return { kind: "none", outcome: "no_invoice_at_m4" }
  }
  if (s.status === INVOICE_STATUS.PAID || s.status === INVOICE_STATUS.HELD) {
    return decideTaken(s, s.status === INVOICE_STATUS.PAID)
  }
  if (s.status === INVOICE_STATUS.REJECTED) {
    return decideRejected(s)
  }
  return { kind: "none", outcome: "not_final_yet" }
}

/** M4 holds or has the money. */
function decideTaken(s: InvoiceSituation, paid: boolean): InvoiceDecision {
  if (s.record.settlement && RETURNED.includes(s.record.settlement)) {
    return { kind: "none", outcome: "already_returned" }
  }
  const payment = s.session?.payment
  if (payment) {
    if (payment.canceled_at) {
      // the store canceled it (order canceled, hold released) but M4 still has the money
      return { kind: "return", reason: "payment_canceled" }
    }
    if (payment.captured_at) {
      return { kind: "none", outcome: paid ? "already_captured" : "already_authorized" }
    }
    // authorized in Medusa: a charge made in M4's cabinet (or whose answer was lost) is captured
    return paid ? { kind: "book", action: "captured" } : { kind: "none", outcome: "already_authorized" }
  }
  if (!s.session) {
    return { kind: "return", reason: "replaced_session" }
  }
  if (s.order?.status === "canceled") {
    return { kind: "return", reason: "order_canceled" }
  }
  if (s.otherPayments.some((p) => !p.canceled_at)) {
    return { kind: "return", reason: "collection_already_paid" }
  }
  return { kind: "book", action: paid ? "captured" : "authorized" }
}

/** M4 rejected the invoice: declined, expired, or a hold released (by this store or by M4). */
function decideRejected(s: InvoiceSituation): InvoiceDecision {
  const payment = s.session?.payment
  if (payment) {
    if (payment.canceled_at) {
      return { kind: "none", outcome: "payment_already_settled" }
    }
    if (payment.captured_at) {
      // cannot happen at M4 (a paid invoice is final); never undo a capture on one answer
      return { kind: "none", outcome: "rejected_but_captured_left" }
    }
    return { kind: "release_collection", payment_id: payment.id }
  }
  if (!s.session) {
    return { kind: "none", outcome: "rejected_without_session" }
  }
  if (s.session.status === "error" || s.session.status === "canceled") {
    return { kind: "none", outcome: "already_rejected" }
  }
  return { kind: "reject_session" }
}
