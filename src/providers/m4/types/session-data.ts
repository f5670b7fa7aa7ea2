import { InvoiceCallbackStatus } from "../../../m4"

/** How the storefront sends the payer to M4's pay page (invoice/create or invoice/hold answer). */
export interface M4Redirect {
  /** "GET": redirect to `url` with `data` as query string; "POST": auto-submit a form of `data` to `url` */
  method: string
  url: string
  data: Record<string, unknown>
}

/**
 * What the provider keeps in payment-session and payment data. The session data is public
 * (the Store API returns it), so nothing secret goes in here: no secret key, no signatures.
 */
export interface M4PaymentData extends Record<string, unknown> {
  session_id?: string
  /** M4 `shop_order_id`: the payment session id, so a retry can never issue a second invoice */
  shop_order_id?: string
  invoice_id?: number
  mode?: "single_step" | "two_step"
  payway?: string
  /** invoice amount as sent to M4: exact decimal text at the currency's minor units */
  amount?: string
  /** Medusa's lowercase ISO code; refunds get no currency from Medusa, so it is kept here */
  currency_code?: string
  payer_price?: string
  payer_currency?: string
  redirect?: M4Redirect
  /** last known M4 invoice status code (§7.1) */
  m4_status?: number
  /** last invoice notification accepted for this payment */
  m4_last_notification?: InvoiceCallbackStatus
  /** set when the payway needs fields the storefront must ask for (status requires_more) */
  add_ons_config?: Record<string, unknown>
  missing_add_ons?: string[]
  /** add-on values from the storefront (`data.add_ons`), validated against M4's regexes */
  add_ons?: Record<string, string>
  cart_id?: string
  /** user-facing texts from invoice/try (`manual`, `info`, `warning`) */
  instructions?: Record<string, unknown>
  decline_reason?: string
}
