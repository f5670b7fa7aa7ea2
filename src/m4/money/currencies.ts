import currencyCodes from "currency-codes"

/** An ISO 4217 currency as M4 needs it: alphabetic code, numeric code, minor-unit digits. */
export interface M4Currency {
  alpha: string
  numeric: number
  digits: number
}

export class UnknownCurrencyError extends Error {
  constructor(code: string | number) {
    super(`unknown ISO 4217 currency: ${code}`)
    this.name = "UnknownCurrencyError"
  }
}

// currency-codes tracks the ISO 4217 maintenance agency's list; no hand-typed table here.
const byAlpha = new Map<string, M4Currency>()
const byNumeric = new Map<number, M4Currency>()
for (const entry of currencyCodes.data) {
  if (!entry.number || entry.digits === undefined || entry.digits === null) {
    continue
  }
  const currency: M4Currency = {
    alpha: entry.code.toUpperCase(),
    numeric: Number(entry.number),
    digits: Number(entry.digits),
  }
  byAlpha.set(currency.alpha, currency)
  byNumeric.set(currency.numeric, currency)
}

/** Every ISO 4217 currency that has a numeric code and minor units. */
export function allCurrencies(): M4Currency[] {
  return [...byAlpha.values()]
}

/** Looks a currency up by alphabetic code (any case, as Medusa sends `usd`) or numeric code (840 / "840"). */
export function findCurrency(code: string | number): M4Currency | undefined {
  if (typeof code === "number" || /^\d{1,3}$/.test(code)) {
    return byNumeric.get(Number(code))
  }
  return byAlpha.get(code.toUpperCase())
}

export function getCurrency(code: string | number): M4Currency {
  const currency = findCurrency(code)
  if (!currency) {
    throw new UnknownCurrencyError(code)
  }
  return currency
}
