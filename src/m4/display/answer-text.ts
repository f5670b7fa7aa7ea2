/**
 * M4's answers as text a person reads: amounts as exact decimals at the currency's digits,
 * currencies by ISO code, payway texts ({en, ru} or a string) in one language. Used by the
 * provider's quotes and the merchant tools' answers alike.
 */
import { findCurrency } from "../money/currencies"
import { formatAmount } from "../money/amount"

/** ISO alpha code for an M4 numeric/alpha currency, or null. */
export function currencyAlpha(code: unknown): string | null {
  if (code === null || code === undefined || code === "") {
    return null
  }
  return findCurrency(code as string | number)?.alpha ?? null
}

/** An M4 amount (number like 6.0 or string) as exact decimal text at the currency's digits; null when absent. */
export function decimalText(value: unknown, currency: unknown): string | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  const found = findCurrency(currency as string | number)
  return found ? formatAmount(value as string | number, found) : String(value)
}

/** A payway's localized text ({en, ru} or a string) as one string, English first. */
export function localizedText(value: unknown): string | null {
  if (typeof value === "string") {
    return value
  }
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>
    const text = obj.en ?? Object.values(obj).find((v) => typeof v === "string")
    return typeof text === "string" ? text : null
  }
  return null
}
