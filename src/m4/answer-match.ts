/**
 * "Is what M4 reports the operation we asked for?" — one check for a verified callback, an
 * invoice/check answer and a refund list entry alike. M4 is the truth about money, but only about
 * its own operation: an answer for another shop, another invoice or other money is not about ours.
 */
import { AmountInput, amountsEqual } from "./money/amount"
import { findCurrency } from "./money/currencies"

/** What an M4 answer says (fields it did not report are undefined). */
export interface ReportedOperation {
  shop_id?: number
  invoice_id?: number
  amount?: AmountInput
  /** ISO 4217 numeric (as M4 sends it) or alphabetic. */
  currency?: number | string
}

/** What we asked for; only the facts given here are checked. */
export interface ExpectedOperation {
  shop_id?: number
  invoice_id?: number
  /** The exact amount and its currency (alpha or numeric): the same currency, the same amount, no rounding. */
  money?: { amount: string; currency: string | number }
}

/** Why the answer is not about the expected operation, or undefined when it is. */
export function answerMismatch(reported: ReportedOperation, expected: ExpectedOperation): string | undefined {
  if (expected.shop_id !== undefined && reported.shop_id !== expected.shop_id) {
    return `shop ${reported.shop_id} is not this store's shop`
  }
  if (expected.money) {
    const { amount, currency: code } = expected.money
    const currency = findCurrency(code)
    const reportedCurrency = reported.currency === undefined ? undefined : findCurrency(reported.currency)
    if (!currency || reportedCurrency?.numeric !== currency.numeric) {
      return `currency ${reported.currency} is not the payment's ${code}`
    }
    if (reported.amount === undefined || !amountsEqual(reported.amount, amount, currency)) {
      return `amount ${String(reported.amount)} is not the payment's ${amount}`
    }
  }
  if (expected.invoice_id !== undefined && reported.invoice_id !== expected.invoice_id) {
    return `invoice ${reported.invoice_id} is not the session's ${expected.invoice_id}`
  }
  return undefined
}
