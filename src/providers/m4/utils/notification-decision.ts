/**
 * Does a message (M4's HTTP notification) or an answer (invoice/check) concern money this store
 * asked M4 for? A notification is accepted only when it is signed, comes from an allowed sender,
 * is for this shop, and names an invoice or refund of the plugin's ledger with exactly its M4 id
 * and money. Pure: no I/O; the provider looks the record up and logs what the decision says.
 */
import {
  AmountInput,
  answerMismatch,
  InvoiceCallback,
  InvoiceCheckData,
  RefundCallback,
  verifyCallback,
  VerifiedCallback,
} from "../../../m4"
import type { M4PaymentData } from "../types/session-data"
import { senderIp } from "./client-ip"

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

/** The ledger's record of an invoice, as far as matching a notification needs it. */
export type InvoiceOnRecord = {
  shop_order_id: string
  provider_id: string
  invoice_id: string | null
  amount: string
  currency_code: string
}

/** The ledger's record of a refund, as far as matching a notification needs it. */
export type RefundOnRecord = {
  shop_refund_id: string
  provider_id: string
  invoice_id: string
  amount: string
  currency_code: string
}

/**
 * Step 2, an invoice notification and the ledger's record of the invoice it names (by
 * shop_order_id): an invoice the plugin never asked for is not stored; one that is not exactly the
 * recorded invoice (its M4 id, amount and currency) is refused.
 */
export function matchInvoiceNotification(
  callback: InvoiceCallback,
  record: InvoiceOnRecord | undefined,
  shopId: number
): { accepted: true; record: InvoiceOnRecord } | Rejection {
  if (!record) {
    return {
      accepted: false,
      level: "warn",
      message: `M4: notification rejected: invoice ${callback.payment_id} (${callback.shop_order_id}) is not one this store asked for`,
    }
  }
  const mismatch = answerMismatch(
    {
      shop_id: callback.shop_id,
      invoice_id: callback.payment_id,
      amount: callback.shop_amount_text,
      currency: callback.shop_currency,
    },
    {
      shop_id: shopId,
      ...(record.invoice_id ? { invoice_id: Number(record.invoice_id) } : {}),
      money: { amount: record.amount, currency: record.currency_code },
    }
  )
  if (mismatch) {
    return {
      accepted: false,
      level: "error",
      message: `M4: notification rejected: invoice ${callback.payment_id} does not match the invoice this store asked for (${record.shop_order_id}): ${mismatch}`,
    }
  }
  return { accepted: true, record }
}

/** Step 2 for a refund notification: only a refund the plugin asked for, with exactly its invoice and money. */
export function matchRefundNotification(
  callback: RefundCallback,
  record: RefundOnRecord | undefined
): { accepted: true; record: RefundOnRecord } | Rejection {
  if (!record) {
    return {
      accepted: false,
      level: "warn",
      message: `M4: notification rejected: refund ${callback.shop_refund_id} is not one this store asked for`,
    }
  }
  const mismatch = answerMismatch(
    { invoice_id: Number(callback.invoice_id), amount: callback.amount_text, currency: callback.currency },
    { invoice_id: Number(record.invoice_id), money: { amount: record.amount, currency: record.currency_code } }
  )
  if (mismatch) {
    return {
      accepted: false,
      level: "error",
      message: `M4: notification rejected: refund ${callback.shop_refund_id} does not match the refund this store asked for: ${mismatch}`,
    }
  }
  return { accepted: true, record }
}
