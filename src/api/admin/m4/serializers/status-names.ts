import { INVOICE_STATUS_INFO, isKnownInvoiceStatus, isKnownPayoutStatus, PAYOUT_STATUS_INFO } from "../../../../m4"
import { currencyAlpha } from "../../../../m4"

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
