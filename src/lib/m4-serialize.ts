import {
  findCurrency,
  INVOICE_STATUS_INFO,
  isKnownInvoiceStatus,
  isKnownPayoutStatus,
  PayMethod,
  PayMethodPayway,
  PAYOUT_STATUS_INFO,
} from "../m4"
import { currencyAlpha, decimalText, localizedText, maskAccount } from "../modules/m4-payouts/utils/format"
import type { PayoutRecord } from "../modules/m4-payouts/service"

/** Masks every run of 6 or more digits in a text except its last 4 ("4111111111111111" → "************1111"). */
export function maskDigits(text: string): string {
  return text.replace(/\d{6,}/g, (digits) => maskAccount(digits))
}

/** A text (an M4 error message, a history note) with the payout's account masked wherever it appears. */
export function hideAccount<T extends string | null | undefined>(text: T, account: string | null | undefined): T {
  if (!text || !account || account.length < 4) {
    return text
  }
  return text.split(account).join(maskAccount(account)) as T
}

/** Account details (card holder, bank fields…) with every long digit run masked. */
function maskDetails(details: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!details) {
    return null
  }
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [k, typeof v === "string" || typeof v === "number" ? maskDigits(String(v)) : null])
  )
}

/**
 * A payout for the Admin API: no lease internals, and the recipient account is always masked
 * ("************1111", list and detail alike): once a payout exists no staff member needs, or
 * gets, the full number from this API.
 */
export function serializePayout(row: PayoutRecord) {
  return {
    id: row.id,
    shop_payment_id: row.shop_payment_id,
    idempotency_key: row.idempotency_key,
    payway: row.payway,
    account: maskAccount(row.account),
    account_masked: maskAccount(row.account),
    account_details: maskDetails(row.account_details),
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
    m4_status_name: payoutStatusName(row.m4_status),
    status: row.status,
    error_code: row.error_code,
    error_message: hideAccount(row.error_message, row.account),
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

/** Who created a payout, as the dashboard shows it: the admin's name, else their e-mail. */
export type PayoutCreator = { id: string; name: string | null; email: string | null; display: string }

/** Looks up the admin users behind `created_by` ids (user module); unknown ids show as the id. */
export async function payoutCreators(
  scope: { resolve(key: string): unknown },
  ids: (string | null | undefined)[]
): Promise<Map<string, PayoutCreator>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && id.startsWith("user_")))]
  const found = new Map<string, PayoutCreator>()
  if (!wanted.length) {
    return found
  }
  try {
    const users = (await (scope.resolve("user") as {
      listUsers(f: object, c: object): Promise<{ id: string; email?: string | null; first_name?: string | null; last_name?: string | null }[]>
    }).listUsers({ id: wanted }, { select: ["id", "email", "first_name", "last_name"] })) ?? []
    for (const u of users) {
      const name = [u.first_name, u.last_name].filter(Boolean).join(" ").trim() || null
      found.set(u.id, { id: u.id, name, email: u.email ?? null, display: name ?? u.email ?? u.id })
    }
  } catch {
    // no user module in this scope: the dashboard shows the id
  }
  return found
}

export function withCreator<T extends { created_by: string | null }>(payout: T, creators: Map<string, PayoutCreator>) {
  const creator = payout.created_by ? creators.get(payout.created_by) : undefined
  return { ...payout, created_by_user: creator ?? null }
}

/** M4 invoice and payout statuses by name, as the dashboard shows them (src/m4/statuses.ts). */
export function invoiceStatusName(code: unknown): string | null {
  if (code === null || code === undefined || code === "") return null
  const n = Number(code)
  return isKnownInvoiceStatus(n) ? INVOICE_STATUS_INFO[n].name : `unknown (${code})`
}

export function payoutStatusName(code: unknown): string | null {
  if (code === null || code === undefined || code === "") return null
  const n = Number(code)
  return isKnownPayoutStatus(n) ? PAYOUT_STATUS_INFO[n].name : `unknown (${code})`
}

/** An alphabetic currency code ("EUR") for an M4 numeric ("978") or Medusa lowercase ("eur") one. */
export function currencyCode(code: unknown): string | null {
  if (code === null || code === undefined || code === "") return null
  return currencyAlpha(code as string) ?? String(code).toUpperCase()
}
