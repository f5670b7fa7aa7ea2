/**
 * M4 status and error-code semantics (docs/m4-protocol.md §7, §10, DECISION b).
 * Numbers come straight from M4's tables; "final" means M4 will not change the state again.
 */

/** Numeric invoice status (invoice/check, charge/unhold answers), docs/m4-protocol.md §7.1. Code 7 does not exist. */
export const INVOICE_STATUS = {
  CREATED: 1,
  AWAITING_USER: 2,
  PS_CREATE_FAILED: 3,
  PAID: 4,
  PS_NOTICE_FAILED: 5,
  REJECTED: 6,
  HELD: 8,
} as const

export type InvoiceStatusCode = (typeof INVOICE_STATUS)[keyof typeof INVOICE_STATUS]

/** `name`: the short word a merchant reads in the dashboard; `meaning`: docs/m4-protocol.md's description. */
export const INVOICE_STATUS_INFO: Readonly<
  Record<InvoiceStatusCode, { final: boolean; name: string; meaning: string }>
> = {
  1: { final: false, name: "created", meaning: "payment request created" },
  2: { final: false, name: "awaiting payer", meaning: "awaiting user action" },
  3: { final: false, name: "not created", meaning: "payment system failed to create the payment" },
  4: { final: true, name: "paid", meaning: "paid successfully" },
  5: { final: false, name: "notice failed", meaning: "payment system failed to receive a payment notice" },
  6: { final: true, name: "rejected", meaning: "rejected" },
  // a hold is not final: it ends with charge (4) or unhold (6) within 5 days
  8: { final: false, name: "held", meaning: "funds held" },
}

export function isKnownInvoiceStatus(code: unknown): code is InvoiceStatusCode {
  return typeof code === "number" && Object.prototype.hasOwnProperty.call(INVOICE_STATUS_INFO, code)
}

/** Only 4 and 6 are final; unknown codes are treated as not final (keep asking). */
export function isFinalInvoiceStatus(code: number): boolean {
  return isKnownInvoiceStatus(code) && INVOICE_STATUS_INFO[code].final
}

/** Invoice callback `status` strings, docs/m4-protocol.md §7.2. */
export const INVOICE_CALLBACK_STATUSES = ["success", "hold", "rejected"] as const
export type InvoiceCallbackStatus = (typeof INVOICE_CALLBACK_STATUSES)[number]

export function isInvoiceCallbackStatus(value: unknown): value is InvoiceCallbackStatus {
  return (INVOICE_CALLBACK_STATUSES as readonly unknown[]).includes(value)
}

/** The numeric status a callback string stands for (success → 4, hold → 8, rejected → 6). */
export function invoiceStatusFromCallbackStatus(status: InvoiceCallbackStatus): InvoiceStatusCode {
  return { success: INVOICE_STATUS.PAID, hold: INVOICE_STATUS.HELD, rejected: INVOICE_STATUS.REJECTED }[status]
}

export function isFinalInvoiceCallbackStatus(status: InvoiceCallbackStatus): boolean {
  return status !== "hold"
}

/** Refund status (create-refund answer, refund callback), docs/m4-protocol.md §7.3. */
export const REFUND_STATUSES = ["WAITING", "SUCCESS", "FAILED"] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

export function isRefundStatus(value: unknown): value is RefundStatus {
  return (REFUND_STATUSES as readonly unknown[]).includes(value)
}

export function isFinalRefundStatus(status: RefundStatus): boolean {
  return status !== "WAITING"
}

/** Numeric payout status, docs/m4-protocol.md §7.4. */
export const PAYOUT_STATUS = {
  CREATED: 1,
  PROCESSING: 2,
  SENT: 3,
  PS_ERROR: 4,
  SUCCESS: 5,
  REJECTED: 6,
  PS_NETWORK_ERROR: 9,
} as const

export type PayoutStatusCode = (typeof PAYOUT_STATUS)[keyof typeof PAYOUT_STATUS]

export const PAYOUT_STATUS_INFO: Readonly<Record<PayoutStatusCode, { final: boolean; name: string; meaning: string }>> =
  {
    1: { final: false, name: "created", meaning: "created, awaiting processing" },
    2: { final: false, name: "processing", meaning: "processing (undocumented)" },
    3: { final: false, name: "sent", meaning: "sent to the payment system" },
    // 4 and 9 are errors M4 may still recover from: keep polling
    4: { final: false, name: "payment system error", meaning: "payout error at the payment system" },
    5: { final: true, name: "success", meaning: "success" },
    6: { final: true, name: "rejected", meaning: "rejected by the payment system" },
    9: { final: false, name: "network error", meaning: "network error at the payment system" },
  }

export function isKnownPayoutStatus(code: unknown): code is PayoutStatusCode {
  return typeof code === "number" && Object.prototype.hasOwnProperty.call(PAYOUT_STATUS_INFO, code)
}

/** Only 5 and 6 are final; anything else (including unknown codes) means keep polling. */
export function isFinalPayoutStatus(code: number): boolean {
  return code === PAYOUT_STATUS.SUCCESS || code === PAYOUT_STATUS.REJECTED
}
