import { currencyAlpha, findCurrency } from "../../../../m4"
import { m4InvoiceStatusName, m4PayoutStatusName } from "../../../../shared/display-names"

/**
 * M4 invoice and payout statuses by name, from the one table of display names the dashboard uses
 * too (src/shared/display-names.ts).
 */
export const invoiceStatusName = m4InvoiceStatusName
export const payoutStatusName = m4PayoutStatusName

/** An alphabetic currency code ("EUR") for an M4 numeric ("978") or Medusa lowercase ("eur") one. */
export function currencyCode(code: unknown): string | null {
  if (code === null || code === undefined || code === "") return null
  return currencyAlpha(code as string) ?? String(code).toUpperCase()
}

const DECIMAL = /^-?\d+(\.\d+)?$/

/**
 * An exact decimal at least at the currency's ISO 4217 minor units ("66.5" USD → "66.50", a sum
 * "1250" KWD → "1250.000"). Only pads: a text with more decimals keeps them (never rounded), and
 * anything that is not a plain decimal is returned as it is.
 */
export function atMinorUnits(value: string | null | undefined, currency: string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const found = currency ? findCurrency(currency) : undefined
  if (!found || !DECIMAL.test(value)) return value
  const [whole, fraction = ""] = value.split(".")
  if (fraction.length >= found.digits) return value
  return found.digits === 0 ? whole : `${whole}.${fraction.padEnd(found.digits, "0")}`
}
