/**
 * The status rules: what M4's answer about an invoice means for Medusa. One file, three rules:
 * - invoice status → payment-session status (authorize, getPaymentStatus);
 * - an invoice/check outcome → the authorize answer (unknown and refused answers never fail a payment,
 *   except "no such invoice");
 * - M4's invoice status now → the webhook action core takes (held → authorized, paid → captured,
 *   rejected → failed, else pending).
 * Pure: no I/O; the provider logs what `log` says.
 */
import { BigNumber, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { WebhookActionResult } from "@medusajs/framework/types"
import { describeOutcome, INVOICE_STATUS, InvoiceCheckData, isNotFoundError, M4Outcome } from "../../../m4"
import type { M4PaymentData } from "../types/session-data"
import { invoiceMismatch } from "./notification-decision"

type StatusOptions = { orderBeforePayment: boolean }

/** Not paid yet: pending, or pending_authorization when the store creates the order before payment. */
export function notYetPaidStatus(opts: StatusOptions): PaymentSessionStatus {
  return opts.orderBeforePayment ? PaymentSessionStatus.PENDING_AUTHORIZATION : PaymentSessionStatus.PENDING
}

/**
 * M4 invoice status (docs/m4-protocol.md §7.1) → Medusa payment-session status.
 * 8 held → authorized; 4 paid → captured; 6 rejected/released → error.
 * 1, 2 (not yet paid) and 3, 5 (payment-system trouble, not final) → not yet paid.
 */
export function sessionStatusFromInvoiceStatus(status: number, opts: StatusOptions): PaymentSessionStatus {
  switch (status) {
    case INVOICE_STATUS.HELD:
      return PaymentSessionStatus.AUTHORIZED
    case INVOICE_STATUS.PAID:
      return PaymentSessionStatus.CAPTURED
    case INVOICE_STATUS.REJECTED:
      return PaymentSessionStatus.ERROR
    default:
      return notYetPaidStatus(opts)
  }
}

export type LogLine = { level: "warn" | "error"; message: string }
export type AuthorizeDecision = { status: PaymentSessionStatus; data: M4PaymentData; log?: LogLine }

/**
 * The authorize answer for an invoice/check outcome. Unknown → not yet paid (the notification
 * settles it); refused → not yet paid, except 7 (no such invoice) → error; an invoice that is
 * not the payment's money → error; else the invoice status decides.
 */
export function authorizeDecision(
  data: M4PaymentData,
  checked: M4Outcome<InvoiceCheckData>,
  opts: StatusOptions
): AuthorizeDecision {
  if (checked.kind === "unknown") {
    return {
      status: notYetPaidStatus(opts),
      data,
      log: { level: "warn", message: `M4: status of ${data.shop_order_id} unknown: ${describeOutcome(checked)}` },
    }
  }
  if (checked.kind === "fatal") {
    return {
      status: isNotFoundError(checked.code) ? PaymentSessionStatus.ERROR : notYetPaidStatus(opts),
      data,
      log: {
        level: "warn",
        message: `M4: status check for ${data.shop_order_id} refused: ${describeOutcome(checked)}`,
      },
    }
  }
  const invoice = checked.data
  const mismatch = invoiceMismatch(data, invoice)
  if (mismatch) {
    return {
      status: PaymentSessionStatus.ERROR,
      data: { ...data, decline_reason: "amount_mismatch" },
      log: { level: "error", message: `M4: invoice for ${data.shop_order_id} does not match the payment: ${mismatch}` },
    }
  }
  const status = sessionStatusFromInvoiceStatus(Number(invoice.status), opts)
  return {
    status,
    data: {
      ...data,
      invoice_id: Number(invoice.payment_id),
      m4_status: Number(invoice.status),
      ...(status === PaymentSessionStatus.ERROR ? { decline_reason: "rejected" } : {}),
    },
  }
}

/** How long M4's "held" answer on record stands in for asking again (only this store ends a hold early). */
const HELD_ANSWER_FRESH_MS = 5_000

/**
 * The authorize answer from the ledger's record, when it can stand in for asking M4: M4 said paid
 * or rejected (both final), or held a few seconds ago (the settlement asked, then Medusa's own
 * authorize follows); undefined when M4 must be asked. The record only ever holds M4's own answers.
 */
export function authorizeFromRecord(
  data: M4PaymentData,
  record: { m4_status: number | null; confirmed_at: Date | null; invoice_id: string | null },
  opts: StatusOptions,
  now = Date.now()
): AuthorizeDecision | undefined {
  const status = record.m4_status
  if (status === null || !record.confirmed_at || !record.invoice_id) {
    return undefined
  }
  const final = status === INVOICE_STATUS.PAID || status === INVOICE_STATUS.REJECTED
  const freshHold = status === INVOICE_STATUS.HELD && now - record.confirmed_at.getTime() <= HELD_ANSWER_FRESH_MS
  if (!final && !freshHold) {
    return undefined
  }
  const sessionStatus = sessionStatusFromInvoiceStatus(status, opts)
  return {
    status: sessionStatus,
    data: {
      ...data,
      invoice_id: Number(record.invoice_id),
      m4_status: status,
      ...(sessionStatus === PaymentSessionStatus.ERROR ? { decline_reason: "rejected" } : {}),
    },
  }
}

/**
 * M4's invoice status NOW (invoice/check, never a notification's word) → Medusa webhook action:
 * held → authorized (never captured: the merchant captures), paid → captured, rejected →
 * failed; anything else is not final yet → pending (core does nothing).
 * `amount` is the session's exact amount (the guard proved M4's invoice carries exactly it).
 */
export function webhookActionFromInvoiceStatus(
  status: number | undefined,
  sessionId: string,
  amount: string
): WebhookActionResult {
  const data = { session_id: sessionId, amount: new BigNumber(amount) }
  switch (status) {
    case INVOICE_STATUS.HELD:
      return { action: PaymentActions.AUTHORIZED, data }
    case INVOICE_STATUS.PAID:
      return { action: PaymentActions.SUCCESSFUL, data }
    case INVOICE_STATUS.REJECTED:
      return { action: PaymentActions.FAILED, data }
    default:
      return { action: PaymentActions.PENDING, data }
  }
}
