/**
 * The fixed list of signed request fields per M4 endpoint (docs/m4-protocol.md §2.2).
 * Requests are signed from this table only, never from "all fields": M4 ignores
 * unsigned extras (description, URLs, client_info) when it checks a signature.
 */
export const SIGNED_FIELDS = {
  "invoice/try": ["amount", "currency", "payway", "shop_id", "shop_order_id"],
  "invoice/create": ["amount", "currency", "payway", "shop_id", "shop_order_id"],
  "invoice/hold": ["amount", "currency", "payway", "shop_id", "shop_order_id"],
  "invoice/charge": ["invoice_id", "now", "shop_id"],
  "invoice/unhold": ["invoice_id", "now", "shop_id"],
  "invoice/check": ["now", "shop_id", "shop_order_id"],
  "invoice/create-refund": ["amount", "invoice_id", "shop_id", "shop_refund_id"],
  "invoice/get-refunds": ["invoice_id", "now", "shop_id"],
  "shop_input_config/shop": ["now", "shop_id"],
  "shop_output_config/shop": ["now", "shop_id"],
  shop_balance: ["now", "shop_id"],
  "withdraw/try": ["amount", "amount_type", "payway", "shop_currency", "shop_id"],
  check_account: ["account", "amount", "payway", "shop_id"],
  "withdraw/create": ["account", "amount", "amount_type", "payway", "shop_currency", "shop_id", "shop_payment_id"],
  "withdraw/status": ["now", "shop_id", "withdraw_id"],
  "withdraw/shop_payment_status": ["now", "shop_id", "shop_payment_id"],
} as const satisfies Record<string, readonly string[]>

export type M4Endpoint = keyof typeof SIGNED_FIELDS

export const M4_ENDPOINTS = Object.keys(SIGNED_FIELDS) as M4Endpoint[]

export function isM4Endpoint(path: string): path is M4Endpoint {
  return Object.prototype.hasOwnProperty.call(SIGNED_FIELDS, path)
}
