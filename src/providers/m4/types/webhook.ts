import type { WebhookActionResult } from "@medusajs/framework/types"
import type { RefundStatus, VerifiedCallback } from "../../../m4"
import type { PaymentMethodQuote } from "../utils/quote"
import type { M4PaymentData } from "./session-data"

/**
 * The plugin asks its provider what M4 says now through the payment module's only open door to
 * a provider, `getWebhookActionAndData`, with this payload instead of an HTTP body. It carries no
 * `rawData`, so no HTTP request can pose as one (every HTTP delivery has a raw body). The store's
 * payment-methods route asks through it too (`payway`, `quote`): the provider's options and M4
 * client stay the provider's, and no Medusa internals are needed to reach them.
 */
export const M4_CONFIRM_KEY = "m4_confirm"

/**
 * A provider id as `getWebhookActionAndData({ provider })` takes it on every Medusa of the peer
 * range: without `pp_`. Medusa 2.21.0 and 2.21.1 put `pp_` in front of whatever they are given
 * (a full id became `pp_pp_m4_m4`, "provider not registered"); 2.21.2 accepts either.
 */
export const webhookProvider = (providerId: string) => providerId.replace(/^pp_/, "")

export type M4ConfirmRequest =
  | { kind: "invoice"; session_id: string }
  | { kind: "refunds"; payment_data: M4PaymentData }
  /** which payway this provider uses for a currency (its options; no M4 call) */
  | { kind: "payway"; currency_code: string }
  /** the payer's price of each of this provider's payment methods for an amount (invoice/try, creates nothing) */
  | { kind: "quote"; cart_id: string; amount: string; currency_code: string }

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

/** The provider's answers to the store's payment-methods route. */
export type M4PaywayAnswer = { kind: "payway"; alias: string | null }
export type M4QuoteAnswer = { kind: "quote"; methods: PaymentMethodQuote[] } | { kind: "quote"; unavailable: true }

export type M4WebhookActionResult = WebhookActionResult & {
  m4?: {
    notification?: M4VerifiedNotification
    confirmation?: M4InvoiceConfirmation | M4RefundsConfirmation
    answer?: M4PaywayAnswer | M4QuoteAnswer
  }
}
