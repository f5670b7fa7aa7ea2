import type { WebhookActionResult } from "@medusajs/framework/types"
import type { RefundStatus, VerifiedCallback } from "../../../m4"
import type { M4PaymentData } from "./session-data"

/**
 * The plugin asks its provider what M4 says now through the payment module's only open door to
 * a provider, `getWebhookActionAndData`, with this payload instead of an HTTP body. It carries no
 * `rawData`, so no HTTP request can pose as one (every HTTP delivery has a raw body).
 */
export const M4_CONFIRM_KEY = "m4_confirm"

export type M4ConfirmRequest =
  | { kind: "invoice"; session_id: string }
  | { kind: "refunds"; payment_data: M4PaymentData }

/** What a verified HTTP notification is about (the route stores it, then asks M4). */
export type M4VerifiedNotification = {
  verified: VerifiedCallback
  /** the matched payment session and the provider it belongs to (invoice notifications) */
  session_id?: string
  session_provider_id?: string
}

/** M4's current answer about an invoice, through the provider's mode and the session's amount. */
export type M4InvoiceConfirmation = {
  kind: "invoice"
  session_id: string
  session_provider_id: string
  /** M4's invoice status now (§7.1), undefined when M4 has no invoice for the session */
  status?: number
  invoice_id?: number
  /** set when M4's invoice is not the one the session asked for: nothing may change */
  mismatch?: string
}

export type M4RefundsConfirmation = {
  kind: "refunds"
  refunds: { shop_refund_id: string; status: RefundStatus; amount?: string; currency?: string }[]
}

export type M4WebhookActionResult = WebhookActionResult & {
  m4?: {
    notification?: M4VerifiedNotification
    confirmation?: M4InvoiceConfirmation | M4RefundsConfirmation
  }
}
