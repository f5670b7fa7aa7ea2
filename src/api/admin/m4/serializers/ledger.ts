import type { DayTotals, LedgerRow } from "../../../../modules/m4-ledger"
import {
  ledgerRowTypeName,
  ledgerStatusName,
  methodName,
  providerName,
  reasonText,
} from "../../../../shared/display-names"
import type { OrderRef } from "./order-refs"
import { atMinorUnits, currencyCode } from "./status-names"

/** One ledger row for the Admin API: amounts at the currency's minor units, M4's method name, the status and its words. */
export function serializeLedgerRow(row: LedgerRow, names: Map<string, string>, order: OrderRef | null) {
  return {
    id: row.id,
    type: row.type,
    created_at: row.created_at,
    order_id: order?.id ?? null,
    order_display_id: order?.display_id ?? null,
    invoice_id: row.invoice_id,
    provider_id: row.provider_id,
    payway: row.payway,
    method_name: row.payway ? (names.get(row.payway) ?? null) : null,
    amount: atMinorUnits(row.amount, row.currency_code),
    currency: currencyCode(row.currency_code),
    fee_amount: atMinorUnits(row.fee_amount, row.currency_code),
    net_amount: atMinorUnits(row.net_amount, row.currency_code),
    payer_price: atMinorUnits(row.payer_price, row.payer_currency),
    payer_currency: currencyCode(row.payer_currency),
    status: row.status,
    status_label: ledgerStatusName(row.status).label,
    // a payment's reason is the plugin's (why it went back); a refund's is M4's own words
    reason: row.type === "payment" ? (reasonText(row.reason) ?? null) : row.reason,
  }
}

/** Day totals with every amount at the currency's minor units ("0.00" where nothing moved). */
export function serializeDayTotals(t: DayTotals) {
  const at = (v: string | null) => atMinorUnits(v ?? "0", t.currency_code)
  return {
    day: t.day,
    currency: currencyCode(t.currency_code),
    gross: at(t.gross),
    fees: at(t.fees),
    net: at(t.net),
    refunds: at(t.refunds),
  }
}

// ── CSV ──────────────────────────────────────────────────────────────────────

export const LEDGER_CSV_COLUMNS = [
  "Date",
  "Type",
  "Order",
  "Order ID",
  "M4 invoice",
  "Method",
  "Amount",
  "M4 fee",
  "Net credited",
  "Currency",
  "Payer price",
  "Payer currency",
  "Status",
  "Reason",
  "Provider",
  "Ledger ID",
] as const

/**
 * One CSV field: quoted when it holds a separator, quote or line break; a text a spreadsheet would
 * run as a formula (=, +, -, @ first) gets a leading apostrophe. Amounts stay plain decimals
 * ("1234.50", "-5.00"): a minus before a plain decimal is a number, not a formula.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ""
  let text = String(value)
  if (/^[=+@\t\r]/.test(text) || (text.startsWith("-") && !/^-\d+(\.\d+)?$/.test(text))) {
    text = `'${text}`
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",") + "\r\n"
}

/** "2026-05-24 18:35:42" in the given time zone (the header names it). */
export function localDateTime(timeZone: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  })
  return (d) => format.format(d)
}

export function ledgerCsvRow(
  row: ReturnType<typeof serializeLedgerRow> & { created_at: Date },
  when: (d: Date) => string
): string {
  return csvLine([
    when(row.created_at),
    ledgerRowTypeName(row.type),
    row.order_display_id === null ? null : `#${row.order_display_id}`,
    row.order_id,
    row.invoice_id,
    row.type === "payment" ? methodName(row.method_name, row.payway) : null,
    row.amount,
    row.fee_amount,
    row.net_amount,
    row.currency,
    row.payer_price,
    row.payer_currency,
    row.status_label,
    row.reason,
    providerName(row.provider_id),
    row.id,
  ])
}
