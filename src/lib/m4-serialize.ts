import { findCurrency, PayMethod, PayMethodPayway } from "../m4"
import { currencyAlpha, decimalText, localizedText, maskAccount } from "../modules/m4-payouts/utils/format"
import type { PayoutRecord } from "../modules/m4-payouts/service"

/** A payout for the Admin API: no lease internals; the account masked unless `fullAccount`. */
export function serializePayout(row: PayoutRecord, opts: { fullAccount?: boolean } = {}) {
  return {
    id: row.id,
    shop_payment_id: row.shop_payment_id,
    idempotency_key: row.idempotency_key,
    payway: row.payway,
    account: opts.fullAccount ? row.account : maskAccount(row.account),
    account_masked: maskAccount(row.account),
    account_details: opts.fullAccount ? row.account_details : null,
    amount: row.amount,
    amount_type: row.amount_type,
    shop_currency: row.shop_currency,
    description: row.description,
    payee_receive: row.payee_receive,
    ps_currency: row.ps_currency,
    shop_write_off: row.shop_write_off,
    recipient_name: row.recipient_name,
    m4_payout_id: row.m4_payout_id,
    m4_status: row.m4_status,
    status: row.status,
    error_code: row.error_code,
    error_message: row.error_message,
    created_by: row.created_by,
    next_check_at: row.next_check_at,
    unknown_since: row.unknown_since,
    last_checked_at: row.last_checked_at,
    check_count: row.check_count,
    final_at: row.final_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

/** A payway from shop_input_config / shop_output_config with money as exact decimal strings. */
export function serializePayway(p: PayMethodPayway) {
  const currency = findCurrency(p.currency)
  const fields = Object.entries((p.account_info_config ?? {}) as Record<string, Record<string, unknown>>).map(
    ([name, f]) => ({
      name,
      regex: typeof f?.regex === "string" ? f.regex : null,
      title: localizedText(f?.title) ?? localizedText(f?.label),
      example: typeof f?.example === "string" ? f.example : null,
    })
  )
  return {
    alias: p.alias,
    currency: currency?.alpha ?? String(p.currency),
    is_active: p.is_active ?? true,
    min_amount: decimalText(p.min_amount, p.currency),
    max_amount: decimalText(p.max_amount, p.currency),
    fee_config: p.fee_config ?? null,
    add_ons_config: p.add_ons_config ?? null,
    account_info_config: p.account_info_config ?? null,
    account_fields: fields,
  }
}

export function serializePayMethods(methods: PayMethod[]) {
  return methods.map((m) => ({
    id: m.id ?? null,
    name: m.name ?? null,
    payways: m.payways.map(serializePayway),
  }))
}

export { currencyAlpha, decimalText }
