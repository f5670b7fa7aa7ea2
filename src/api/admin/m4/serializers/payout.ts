import { maskAccount, maskAccountNumbers, type PayoutRecord } from "../../../../modules/m4-merchant-tools"
import { payoutStatusName } from "./status-names"

/** Masks every run of 6 or more digits in a text except its last 4 ("4111111111111111" → "************1111"). */
export function maskDigits(text: string): string {
  return text.replace(/\d{6,}/g, (digits) => maskAccount(digits))
}

/**
 * A text (an M4 error message, a history note) with every account-length digit run masked: the
 * module stores them so, this keeps the answer safe whatever the row's age.
 */
export function hideAccountNumbers<T extends string | null | undefined>(text: T): T {
  return (text ? maskAccountNumbers(text) : text) as T
}

/** Account details (card holder, bank fields…) with every long digit run masked. */
function maskDetails(details: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!details) {
    return null
  }
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [
      k,
      typeof v === "string" || typeof v === "number" ? maskDigits(String(v)) : null,
    ])
  )
}

/**
 * A payout for the Admin API: no lease internals, and the recipient account is always masked
 * ("************1111", list and detail alike): the module keeps only a mask (a card's first 6 /
 * last 4) and shows staff the last 4.
 */
export function serializePayout(row: PayoutRecord) {
  return {
    id: row.id,
    shop_payment_id: row.shop_payment_id,
    idempotency_key: row.idempotency_key,
    payway: row.payway,
    account: maskAccount(row.account_mask),
    account_masked: maskAccount(row.account_mask),
    account_details: maskDetails(row.account_details),
    amount: row.amount,
    amount_type: row.amount_type,
    shop_currency: row.shop_currency,
    description: row.description,
    payee_receive: row.payee_receive,
    ps_currency: row.ps_currency,
    shop_write_off: row.shop_write_off,
    recipient_name: row.recipient_name,
    m4_payout_id: row.m4_payout_id,
    m4_status: row.m4_status,
    m4_status_name: payoutStatusName(row.m4_status),
    status: row.status,
    error_code: row.error_code,
    error_message: hideAccountNumbers(row.error_message),
    created_by: row.created_by,
    next_check_at: row.next_check_at,
    unknown_since: row.unknown_since,
    last_checked_at: row.last_checked_at,
    check_count: row.check_count,
    final_at: row.final_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}
