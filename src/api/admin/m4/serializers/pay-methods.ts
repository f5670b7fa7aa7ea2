import { findCurrency, PayMethod, PayMethodPayway } from "../../../../m4"
import { decimalText, localizedText } from "../../../../m4"

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
