import type { WebhookActionResult } from "@medusajs/framework/types"
import type { RefundStatus, VerifiedCallback } from "../../../m4"
import type { InvoiceRecord } from "../../../modules/m4-ledger"
import type { PaymentMethodQuote } from "../utils/quote"

/**
 * The plugin asks its provider what M4 says now through the payment module's only open door to
 * a provider, `getWebhookActionAndData`, with this payload instead of an HTTP body. It carries no
 * `rawData`, so no HTTP request can pose as one (every HTTP delivery has a raw body). The store's
 * payment-methods route asks through it too (`payway`, `quote`): the provider's options and M4
 * client stay the provider's, and no Medusa internals are needed to reach them.
 */
export const M4_QUESTION_KEY = "m4_question"

/**
 * A provider id as `getWebhookActionAndData({ provider })` takes it on every Medusa of the peer
 * range: without `pp_`. Medusa 2.21.0 and 2.21.1 put `pp_` in front of whatever they are given
 * (a full id became `pp_pp_m4_m4`, "provider not registered"); 2.21.2 accepts either.
 */
export const webhookProvider = (providerId: string) => providerId.replace(/^pp_/, "")

export type M4Question =
  /** M4's state of the invoice now (invoice/check), unless the ledger holds its final answer already */
  | {
      kind: "invoice"
      shop_order_id: string
      /** the ledger's row as the caller just read it (the reconciliation's claim): not read again */
      known?: InvoiceRecord
    }
  /** M4's list of the invoice's refunds now (invoice/get-refunds) */
  | { kind: "refunds"; invoice_id: string }
  /** give back money no order uses: release the hold or refund the payment in full (or only flag it) */
  | { kind: "return"; shop_order_id: string; reason: string }
  /** which payway this provider uses for a currency (its options; no M4 call) */
  | { kind: "payway"; currency_code: string }
  /** the payer's price of each of this provider's payment methods for an amount (invoice/try, creates nothing) */
  | { kind: "quote"; cart_id: string; amount: string; currency_code: string }

/**
 * What a verified HTTP notification is about: the invoice or refund of the plugin's ledger it
 * matched (the route stores it, then asks M4). Unknown invoices and refunds are never stored.
 */
export type M4VerifiedNotification = {
  verified: VerifiedCallback
  /** the provider the invoice or refund belongs to (the route must be its own) */
  provider_id: string
  /** invoice notifications: the invoice's shop_order_id and the session using it now, if any */
  shop_order_id?: string
  session_id?: string | null
}

/** M4's current answer about an invoice (through the ledger's record of it). */
export type M4InvoiceConfirmation = {
  kind: "invoice"
  shop_order_id: string
  /** M4's invoice status now (§7.1), undefined when M4 has no such invoice */
  status?: number
  invoice_id?: number
  /** false: the ledger held M4's final answer already (paid or rejected), M4 was not asked again */
  asked: boolean
  /** set when M4's invoice is not the one the ledger asked for: nothing may change */
  mismatch?: string
}

/** What became of money no order uses. */
export type M4ReturnAnswer = {
  kind: "return"
  /** released/refunded at M4, on its way (refund WAITING), refused by M4, flagged only, or nothing to return */
  result: "returned" | "returning" | "return_failed" | "flagged" | "nothing_to_return"
  status?: number
}

export type M4RefundsConfirmation = {
  kind: "refunds"
  refunds: { shop_refund_id: string; status: RefundStatus; id?: string; amount?: string; currency?: string }[]
}

/** The provider's answers to the store's payment-methods route. */
export type M4PaywayAnswer = { kind: "payway"; alias: string | null }
export type M4QuoteAnswer = { kind: "quote"; methods: PaymentMethodQuote[] } | { kind: "quote"; unavailable: true }

export type M4WebhookActionResult = WebhookActionResult & {
  m4?: {
    notification?: M4VerifiedNotification
    confirmation?: M4InvoiceConfirmation | M4RefundsConfirmation
    answer?: M4PaywayAnswer | M4QuoteAnswer | M4ReturnAnswer
  }
}
