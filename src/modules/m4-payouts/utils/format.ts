import { findCurrency, formatAmount } from "../../../m4"

/** "************1234": lists never show a full account. */
export function maskAccount(account: string | null | undefined): string {
  if (!account) {
    return ""
  }
  if (account.length <= 4) {
    return "*".repeat(account.length)
  }
  return "*".repeat(account.length - 4) + account.slice(-4)
}

/** ISO alpha code for an M4 numeric/alpha currency, or null. */
export function currencyAlpha(code: unknown): string | null {
  if (code === null || code === undefined || code === "") {
    return null
  }
  return findCurrency(code as string | number)?.alpha ?? null
}

/** An M4 amount (number like 6.0 or string) as exact decimal text at the currency's digits. */
export function decimalText(value: unknown, currency: unknown): string | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  const cur = findCurrency(currency as string | number)
  return cur ? formatAmount(value as string | number, cur) : String(value)
}

/** A payway's localized text ({en, ru} or a string) as one string. */
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
