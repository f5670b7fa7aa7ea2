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

// Plain decimal text, optionally with an exponent. bignumber.js alone would also accept
// "0x1f", "0b101" or "Infinity", none of which is an amount.
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

function unwrapAmount(input: AmountInput): unknown {
  if (!input || typeof input !== "object") {
    return input
  }
  const obj = input as Record<string, unknown>
  if (BigNumberJs.isBigNumber(input)) {
    return (input as BigNumberJs).toFixed()
  }
  if (obj.raw && typeof obj.raw === "object" && "value" in (obj.raw as object)) {
    // Medusa BigNumber: its raw value keeps full precision, `numeric` is a float
    return (obj.raw as { value: unknown }).value
  }
  if ("value" in obj) {
    return obj.value
  }
  if (obj.bigNumber && BigNumberJs.isBigNumber(obj.bigNumber)) {
    return (obj.bigNumber as BigNumberJs).toFixed()
  }
  if (typeof obj.numeric === "number") {
    return obj.numeric
  }
  const text = String(input)
  return text === "[object Object]" ? input : text
}

function toDecimal(input: AmountInput): BigNumberJs {
  const value = unwrapAmount(input)
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new InvalidAmountError(`amount is not a finite number: ${String(value)}`)
    }
    // String(n) is the shortest text that round-trips, i.e. the decimal the float was written as
    return new Decimal(String(value))
  }
  if (typeof value !== "string") {
    throw new InvalidAmountError(`amount is not a number or a decimal string (got ${typeof value})`)
  }
  const text = value.trim()
  if (!DECIMAL_TEXT.test(text)) {
    throw new InvalidAmountError(`amount is not a decimal number: ${JSON.stringify(value.slice(0, 40))}`)
  }
  return new Decimal(text)
}

/**
 * The amount as M4 expects it (DECISION e): a decimal string with exactly the currency's
 * ISO 4217 minor-unit digits, rounded half-up (USD "6320.91", JPY "6320", KWD "1.250").
 */
export function formatAmount(input: AmountInput, currency: string | number | M4Currency): string {
  const { digits } = typeof currency === "object" ? currency : getCurrency(currency)
  return toDecimal(input).decimalPlaces(digits, BigNumberJs.ROUND_HALF_UP).toFixed(digits)
}

/**
 * The amount as M4 must receive it: exactly the currency's minor-unit digits, never rounded.
 * An amount finer than the currency allows (24.995 USD) is refused: money is never silently
 * rounded on its way to the gateway (the caller decides, once, what to charge instead).
 */
export function formatExactAmount(input: AmountInput, currency: string | number | M4Currency): string {
  const resolved = typeof currency === "object" ? currency : getCurrency(currency)
  const value = toDecimal(input)
  const formatted = value.toFixed(resolved.digits, BigNumberJs.ROUND_HALF_UP)
  if (!new Decimal(formatted).isEqualTo(value)) {
    throw new InvalidAmountError(
      `${value.toFixed()} ${resolved.alpha} is finer than ${resolved.alpha} allows ` +
        `(${resolved.digits} decimal place${resolved.digits === 1 ? "" : "s"})`
    )
  }
  return formatted
}

/** formatExactAmount for money that must move: strictly positive as well. */
export function formatPositiveAmount(input: AmountInput, currency: string | number | M4Currency): string {
  const formatted = formatExactAmount(input, currency)
  if (!new Decimal(formatted).isGreaterThan(0)) {
    throw new InvalidAmountError(`amount must be greater than zero, got ${formatted}`)
  }
  return formatted
}

/**
 * Exact equality of two amounts (M4's numbers such as 6.0, or strings such as "6.00"), with no
 * rounding: 54.004 is not 54.00. Both must also be expressible in the currency's minor units.
 */
export function amountsEqual(a: AmountInput, b: AmountInput, currency: string | number | M4Currency): boolean {
  const { digits } = typeof currency === "object" ? currency : getCurrency(currency)
  const x = toDecimal(a)
  const y = toDecimal(b)
  return x.isEqualTo(y) && (x.decimalPlaces() ?? 0) <= digits
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

/** True when the amount is a finite decimal this module can read. */
export function isAmount(input: unknown): input is AmountInput {
  try {
    toDecimal(input as AmountInput)
    return true
  } catch {
    return false
  }
}

/** Compares two amounts after rounding both to the currency's precision (6.0 vs "6.00" vs "6" are equal). */
export function compareAmountsAtPrecision(
  a: AmountInput,
  b: AmountInput,
  currency: string | number | M4Currency
): -1 | 0 | 1 {
  return compareAmounts(formatAmount(a, currency), formatAmount(b, currency))
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
