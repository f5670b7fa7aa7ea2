import { AmountInput, answerMismatch, InvoiceCallback } from "../../../m4"
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
  return answerMismatch(reported, { money: { amount: expected.amount, currency: expected.currency_code } })
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
  const data = (session.data ?? {}) as M4PaymentData
  return answerMismatch(
    {
      shop_id: callback.shop_id,
      invoice_id: callback.payment_id,
      amount: callback.shop_amount_text,
      currency: callback.shop_currency,
    },
    {
      shop_id: shopId,
      invoice_id: data.invoice_id,
      money: { amount: data.amount ?? String(session.amount), currency: session.currency_code },
    }
  )
}
