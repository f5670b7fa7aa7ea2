import { AmountInput } from "../money/amount"

/** A currency as callers have it: alphabetic (`"usd"`, `"USD"`) or ISO numeric (`840`, `"840"`). */
export type CurrencyInput = string | number

/** 3-DS browser data for invoice/create and invoice/hold (docs/m4-protocol.md §4.2). */
export type M4ClientInfo = Partial<{
  browser_accept_header: string
  browser_java_enabled: boolean
  browser_javascript_enabled: boolean
  browser_language: string
  browser_color_depth: number | string
  browser_screen_height: number | string
  browser_screen_width: number | string
  browser_tz: number | string
  browser_user_agent: string
  challenge_window_size: string
}> &
  Record<string, string | number | boolean | undefined>

/** invoice/try: the five signed fields plus an optional description and add-on fields. */
export interface InvoiceTryInput {
  shop_order_id: string
  amount: AmountInput
  currency: CurrencyInput
  payway: string
  description?: string
  /** add-on fields from `add_ons_config`, sent top-level (unsigned) */
  extra?: Record<string, string>
}

/** invoice/create: invoice/try's fields plus the optional extras of docs/m4-protocol.md §4.2. */
export interface InvoiceCreateInput extends InvoiceTryInput {
  success_url?: string
  failed_url?: string
  callback_url?: string
  callback_rejected_url?: string
  client_ip?: string
  /** ISO 8601; a Date is sent as UTC with `Z` */
  expires_at?: string | Date
  client_info?: M4ClientInfo
  phone?: string
  email?: string
  account?: string
}

/** invoice/hold: as invoice/create, plus the recurring-token switch. */
export interface InvoiceHoldInput extends InvoiceCreateInput {
  issue_payment_token?: boolean
}

/** M4 invoice id (`data.id` of create/hold = `payment_id` of the callback). */
export type InvoiceIdInput = number | string

export interface InvoiceIdArgs {
  invoice_id: InvoiceIdInput
}

export interface InvoiceCheckInput {
  shop_order_id: string
}

export interface InvoiceCreateRefundInput {
  invoice_id: InvoiceIdInput
  amount: AmountInput
  /** only used to format `amount` with the currency's digits; not sent */
  currency: CurrencyInput
  shop_refund_id: string
  /** where M4 sends this refund's notification (unsigned; else the shop's cabinet URL) */
  callback_url?: string
}

export interface ShopOutputConfigInput {
  /** optional filter, not signed */
  payway?: string
}

/** `ps_amount`: exactly `amount` reaches the payee; `shop_amount`: exactly `amount` leaves the shop balance. */
export type AmountType = "ps_amount" | "shop_amount"

export interface WithdrawTryInput {
  payway: string
  amount: AmountInput
  amount_type: AmountType
  /** currency debited from the shop balance; `amount` is formatted with its digits */
  shop_currency: CurrencyInput
  account?: string
  account_details?: Record<string, unknown>
}

export interface CheckAccountInput {
  payway: string
  amount: AmountInput
  account: string
  /** only used to format `amount` with the currency's digits; not sent */
  shop_currency: CurrencyInput
  account_details?: Record<string, unknown>
}

export interface WithdrawCreateInput {
  payway: string
  amount: AmountInput
  amount_type: AmountType
  shop_currency: CurrencyInput
  account: string
  shop_payment_id: string
  account_details?: Record<string, unknown>
  description?: string
}

export interface WithdrawStatusInput {
  withdraw_id: number | string
}

export interface WithdrawShopPaymentStatusInput {
  shop_payment_id: string
}
