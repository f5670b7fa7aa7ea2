import { AmountInput, amountsEqual, findCurrency, InvoiceCallback } from "../../../m4"
import type { M4PaymentData } from "../types/session-data"

export type SessionForNotification = {
  id: string
  amount: unknown
  currency_code: string
  provider_id?: string
  data?: Record<string, unknown>
}

/**
 * Why what M4 reports (a notification, an invoice/check answer) is not the money the payment asked
 * for, or undefined when it is: the same currency and exactly the same amount (no rounding).
 */
export function moneyMismatch(
  reported: { amount: AmountInput; currency: number | string },
  expected: { amount: string; currency_code: string }
): string | undefined {
  const currency = findCurrency(expected.currency_code)
  if (!currency || Number(reported.currency) !== currency.numeric) {
    return `currency ${reported.currency} is not the payment's ${expected.currency_code}`
  }
  if (!amountsEqual(reported.amount, expected.amount, currency)) {
    return `amount ${String(reported.amount)} is not the payment's ${expected.amount}`
  }
  return undefined
}

/**
 * Why a verified invoice notification does not belong to this payment session, or undefined
 * when it does: same shop, same invoice, exactly the same amount and currency.
 */
export function notificationMismatch(
  callback: InvoiceCallback,
  session: SessionForNotification,
  shopId: number
): string | undefined {
  if (callback.shop_id !== shopId) {
    return `shop ${callback.shop_id} is not this store's shop`
  }
  const data = (session.data ?? {}) as M4PaymentData
  const money = moneyMismatch(
    { amount: callback.shop_amount_text, currency: callback.shop_currency },
    { amount: data.amount ?? String(session.amount), currency_code: session.currency_code }
  )
  if (money) {
    return money
  }
  if (data.invoice_id !== undefined && data.invoice_id !== callback.payment_id) {
    return `invoice ${callback.payment_id} is not the session's ${data.invoice_id}`
  }
  return undefined
}
