import { amountsEqual, findCurrency, InvoiceCallback } from "../../../m4"
import type { M4PaymentData } from "../types/session-data"

export type SessionForNotification = {
  id: string
  amount: unknown
  currency_code: string
  provider_id?: string
  data?: Record<string, unknown>
}

/**
 * Why a verified invoice notification does not belong to this payment session, or undefined
 * when it does: same shop, same invoice, exactly the same amount (no rounding) and currency.
 */
export function notificationMismatch(
  callback: InvoiceCallback,
  session: SessionForNotification,
  shopId: number
): string | undefined {
  if (callback.shop_id !== shopId) {
    return `shop ${callback.shop_id} is not this store's shop`
  }
  const currency = findCurrency(session.currency_code)
  const data = (session.data ?? {}) as M4PaymentData
  if (!currency || callback.shop_currency !== currency.numeric) {
    return `currency ${callback.shop_currency} is not the session's ${session.currency_code}`
  }
  const expected = data.amount ?? String(session.amount)
  if (!amountsEqual(callback.shop_amount_text, expected, currency)) {
    return `amount ${callback.shop_amount_text} is not the session's ${expected}`
  }
  if (data.invoice_id !== undefined && data.invoice_id !== callback.payment_id) {
    return `invoice ${callback.payment_id} is not the session's ${data.invoice_id}`
  }
  return undefined
}
