/**
 * The notification decision: is a message (M4's HTTP notification) or an answer (invoice/check)
 * about this payment session? A notification is accepted only when it is signed, comes from an
 * allowed sender, is for this shop, names a live session, and carries that session's invoice and
 * exact money. Pure: no I/O; the provider looks the session up and logs what the decision says.
 */
import {
  AmountInput,
  answerMismatch,
  InvoiceCallback,
  InvoiceCheckData,
  verifyCallback,
  VerifiedCallback,
} from "../../../m4"
import type { M4PaymentData } from "../types/session-data"
import { senderIp } from "./client-ip"

export type SessionForNotification = {
  id: string
  amount: unknown
  currency_code: string
  provider_id?: string
  data?: Record<string, unknown>
}

export type Rejection = { accepted: false; level: "info" | "warn" | "error"; message: string }

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

/** Why M4's invoice/check answer is not the invoice this payment asked for, or undefined (also when the payment names no money yet). */
export function invoiceMismatch(data: M4PaymentData, invoice: InvoiceCheckData): string | undefined {
  if (!data.currency_code || !data.amount) {
    return undefined
  }
  return moneyMismatch(
    { amount: invoice.shop_amount as number, currency: invoice.shop_currency as number },
    { amount: data.amount, currency_code: data.currency_code }
  )
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

/** Step 1, before any lookup: an allowed sender, a valid signature, and (for invoices) this shop. */
export function readNotification(
  payload: { rawData?: unknown; headers?: unknown },
  opts: { secretKey: string; shopId: number; notificationIps: string[] }
): { accepted: true; verified: VerifiedCallback } | Rejection {
  const headers = (payload.headers ?? {}) as Record<string, unknown>
  if (opts.notificationIps.length) {
    const ip = senderIp(headers)
    if (!ip || !opts.notificationIps.includes(ip)) {
      return {
        accepted: false,
        level: "warn",
        message: `M4: notification rejected: sender ${ip ?? "unknown"} is not in notificationIps`,
      }
    }
  }
  let verified: VerifiedCallback
  try {
    const result = verifyCallback(payload.rawData as never, opts.secretKey, {
      contentType: headers["content-type"] as string | undefined,
    })
    if (!result.ok) {
      return { accepted: false, level: "warn", message: `M4: notification rejected: ${result.reason}` }
    }
    verified = result
  } catch (e) {
    return {
      accepted: false,
      level: "warn",
      message: `M4: notification rejected: unreadable body (${(e as Error).message})`,
    }
  }
  if (verified.type === "invoice") {
    const foreignShop = answerMismatch({ shop_id: verified.callback.shop_id }, { shop_id: opts.shopId })
    if (foreignShop) {
      return { accepted: false, level: "warn", message: `M4: notification rejected: ${foreignShop}` }
    }
  }
  return { accepted: true, verified }
}

/**
 * Step 2, an invoice notification and the session it names: `session` is the live one (if any),
 * `replaced` the deleted one (looked up only when there is no live one).
 */
export function matchInvoiceNotification(
  callback: InvoiceCallback,
  found: { session?: SessionForNotification; replaced?: SessionForNotification },
  shopId: number
): { accepted: true; session: SessionForNotification } | Rejection {
  const { session, replaced } = found
  if (!session) {
    if (replaced && callback.status === "rejected") {
      return {
        accepted: false,
        level: "info",
        message:
          `M4: invoice ${callback.payment_id} was declined for a payment the shopper had already replaced ` +
          `(session ${callback.shop_order_id}); nothing to do`,
      }
    }
    if (replaced) {
      return {
        accepted: false,
        level: "warn",
        message:
          `M4: invoice ${callback.payment_id} reports "${callback.status}" for a payment the shopper had already ` +
          `replaced (session ${callback.shop_order_id}); no order uses it: check it in M4 and refund or release it`,
      }
    }
    return {
      accepted: false,
      level: "warn",
      message: `M4: notification rejected: no payment session ${callback.shop_order_id}`,
    }
  }
  const mismatch = notificationMismatch(callback, session, shopId)
  if (mismatch) {
    return {
      accepted: false,
      level: "error",
      message: `M4: notification rejected: invoice ${callback.payment_id} does not match payment session ${session.id}: ${mismatch}`,
    }
  }
  return { accepted: true, session }
}
