import BigNumberJs from "bignumber.js"
import { getCurrency, M4Currency } from "./currencies"

/**
 * Decimal arithmetic for amounts. Never binary floating point: every amount goes
 * through bignumber.js (the library Medusa's own BigNumber wraps).
 */
const Decimal = BigNumberJs.clone({ EXPONENTIAL_AT: 1e9, DECIMAL_PLACES: 40 })

/** Everything Medusa may hand us as an amount (BigNumberInput, BigNumber, raw `{value, precision}`). */
export type AmountInput =
  | string
  | number
  | { value: string | number; precision?: number }
  | { numeric: number; raw?: { value: string | number } }
  | { toString(): string }

export class InvalidAmountError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "InvalidAmountError"
  }
}

function toDecimal(input: AmountInput): BigNumberJs {
  let value: unknown = input
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>
    if (BigNumberJs.isBigNumber(value)) {
      value = (value as BigNumberJs).toFixed()
    } else if (obj.raw && typeof obj.raw === "object" && "value" in (obj.raw as object)) {
      // Medusa BigNumber: its raw value keeps full precision, `numeric` is a float
      value = (obj.raw as { value: unknown }).value
    } else if ("value" in obj) {
      value = obj.value
    } else {
      value = String(value)
    }
  }
  if (typeof value !== "string" && typeof value !== "number") {
    throw new InvalidAmountError(`amount is not a number: ${String(value)}`)
  }
  const decimal = new Decimal(typeof value === "string" ? value.trim() : value)
  if (!decimal.isFinite()) {
    throw new InvalidAmountError(`amount is not a finite number: ${String(value)}`)
  }
  return decimal
}

/**
 * The amount as M4 expects it (DECISION e): a decimal string with exactly the currency's
 * ISO 4217 minor-unit digits, rounded half-up (USD "6320.91", JPY "6320", KWD "1.250").
 */
export function formatAmount(input: AmountInput, currency: string | number | M4Currency): string {
  const { digits } = typeof currency === "object" ? currency : getCurrency(currency)
  return toDecimal(input).decimalPlaces(digits, BigNumberJs.ROUND_HALF_UP).toFixed(digits)
}

/** Same as formatAmount, but the amount must be strictly positive. */
export function formatPositiveAmount(input: AmountInput, currency: string | number | M4Currency): string {
  const formatted = formatAmount(input, currency)
  if (!new Decimal(formatted).isGreaterThan(0)) {
    throw new InvalidAmountError(`amount must be greater than zero at the currency's precision, got ${formatted}`)
  }
  return formatted
}

/** Compares two amounts (M4's numbers such as 6.0, or strings such as "6.00") at the currency's precision. */
export function amountsEqual(
  a: AmountInput,
  b: AmountInput,
  currency: string | number | M4Currency
): boolean {
  return formatAmount(a, currency) === formatAmount(b, currency)
}

export function compareAmounts(a: AmountInput, b: AmountInput): -1 | 0 | 1 {
  return toDecimal(a).comparedTo(toDecimal(b)) as -1 | 0 | 1
}

export function addAmounts(a: AmountInput, b: AmountInput): string {
  return toDecimal(a).plus(toDecimal(b)).toFixed()
}

export function subtractAmounts(a: AmountInput, b: AmountInput): string {
  return toDecimal(a).minus(toDecimal(b)).toFixed()
}

/** `amount * percent / 100`, kept exact (round it with formatAmount when it becomes money). */
export function percentOf(amount: AmountInput, percent: AmountInput): string {
  return toDecimal(amount).times(toDecimal(percent)).dividedBy(100).toFixed()
}

/** Plain decimal text of any amount input (no rounding). */
export function amountToDecimalString(input: AmountInput): string {
  return toDecimal(input).toFixed()
}

/**
 * How M4's Python server prints a float amount (`str(float)`): shortest round-trip digits,
 * with `.0` for integral values (6 → "6.0", "5.70" → "5.7"). Used by the sandbox so the
 * callbacks it signs carry the same number lexemes as the real gateway.
 */
export function pythonFloatText(input: AmountInput): string {
  const value = toDecimal(input).toNumber()
  // toExponential() yields the shortest round-trip digits, the same digits Python's repr picks
  const [mantissa, exp] = value.toExponential().split("e")
  const exponent = Number(exp)
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+"
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`
  }
  const fixed = new Decimal(value).toFixed()
  return fixed.includes(".") ? fixed : `${fixed}.0`
}
