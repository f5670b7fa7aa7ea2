import fc from "fast-check"
import BigNumberJs from "bignumber.js"
import {
  amountsEqual,
  compareAmountsAtPrecision,
  formatAmount,
  formatExactAmount,
  formatPositiveAmount,
  InvalidAmountError,
  pythonFloatText,
} from "../money/amount"
import { allCurrencies, getCurrency, UnknownCurrencyError } from "../money/currencies"

/** Exact half-up rounding of a non-negative decimal `int.frac` to `digits`, with BigInt only. */
function referenceRound(intPart: string, fracPart: string, digits: number): string {
  const kept = fracPart.slice(0, digits).padEnd(digits, "0")
  let scaled = BigInt(`${intPart}${kept}`)
  if (fracPart.length > digits && fracPart[digits] >= "5") {
    scaled += 1n
  }
  if (digits === 0) {
    return scaled.toString()
  }
  const text = scaled.toString().padStart(digits + 1, "0")
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

const digitString = (min: number, max: number) =>
  fc.array(fc.constantFrom(..."0123456789".split("")), { minLength: min, maxLength: max }).map((d) => d.join(""))

const currencies = allCurrencies()
const currencyArb = fc.constantFrom(...currencies)
const decimalArb = fc.record({ int: digitString(1, 20), frac: digitString(0, 12) })

describe("formatAmount (DECISION e)", () => {
  it("knows the ISO currencies with their digits", () => {
    expect(currencies.length).toBeGreaterThan(150)
    expect(getCurrency("usd")).toEqual({ alpha: "USD", numeric: 840, digits: 2 })
    expect(getCurrency(392).digits).toBe(0)
    expect(getCurrency("414").alpha).toBe("KWD")
    expect(() => getCurrency("xyz")).toThrow(UnknownCurrencyError)
  })

  it("property: exactly the currency's digits, equal to independent BigInt half-up rounding, no exponent", () => {
    fc.assert(
      fc.property(currencyArb, decimalArb, (currency, { int, frac }) => {
        const input = frac ? `${int}.${frac}` : int
        const out = formatAmount(input, currency.alpha)
        const expectedShape = currency.digits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${currency.digits}}$`)
        expect(out).toMatch(expectedShape)
        expect(out).not.toMatch(/e/i)
        expect(out).toBe(referenceRound(int, frac, currency.digits))
      }),
      { numRuns: 2000 }
    )
  })

  it("property: idempotent, and an amount already at precision is returned unchanged", () => {
    fc.assert(
      fc.property(currencyArb, decimalArb, (currency, { int, frac }) => {
        const once = formatAmount(frac ? `${int}.${frac}` : int, currency.numeric)
        expect(formatAmount(once, currency.numeric)).toBe(once)
        // canonical text at the currency's precision round-trips as-is
        const canonicalInt = int.replace(/^0+(?=\d)/, "")
        const canonical =
          currency.digits === 0
            ? canonicalInt
            : `${canonicalInt}.${frac.padEnd(currency.digits, "0").slice(0, currency.digits)}`
        expect(formatAmount(canonical, currency)).toBe(canonical)
      }),
      { numRuns: 2000 }
    )
  })

  it("property: accepts numbers without exponent output, even tiny and huge ones", () => {
    fc.assert(
      fc.property(
        currencyArb,
        fc.double({ min: 0, max: 1e21, noNaN: true, noDefaultInfinity: true }),
        (currency, n) => {
          const out = formatAmount(n, currency)
          expect(out).not.toMatch(/e/i)
          expect(out.split(".")[1]?.length ?? 0).toBe(currency.digits)
        }
      )
    )
  })

  it("formats the DECISION e examples and Medusa inputs", () => {
    expect(formatAmount(6320, "JPY")).toBe("6320")
    expect(formatAmount("6320.91", "usd")).toBe("6320.91")
    expect(formatAmount(1.25, "KWD")).toBe("1.250")
    expect(formatAmount({ value: "12.5", precision: 20 }, "usd")).toBe("12.50")
    expect(formatAmount({ numeric: 12.5, raw: { value: "12.5" } }, "usd")).toBe("12.50")
    // the raw value wins over the float
    expect(formatAmount({ numeric: 0.30000000000000004, raw: { value: "0.3" } }, "usd")).toBe("0.30")
    expect(formatAmount(new BigNumberJs("1e-7"), "usd")).toBe("0.00")
    expect(formatAmount(0.1 + 0.2, "usd")).toBe("0.30")
    expect(formatAmount("1.005", "usd")).toBe("1.01")
    expect(formatAmount("2.5", "jpy")).toBe("3")
    expect(formatAmount("1e3", "usd")).toBe("1000.00")
  })

  it("rejects what is not a decimal amount", () => {
    for (const bad of ["", "abc", "0x10", "Infinity", "NaN", "1,5", NaN, Infinity, {} as never, null as never]) {
      expect(() => formatAmount(bad, "usd")).toThrow(InvalidAmountError)
    }
    expect(() => formatPositiveAmount("0.001", "usd")).toThrow(InvalidAmountError)
    expect(() => formatPositiveAmount("0.005", "usd")).toThrow(InvalidAmountError)
    expect(formatPositiveAmount("0.01", "usd")).toBe("0.01")
  })

  it("never rounds money on its way to M4: finer than the currency is refused", () => {
    expect(() => formatExactAmount("24.995", "usd")).toThrow(
      /24\.995 USD is finer than USD allows \(2 decimal places\)/
    )
    expect(() => formatExactAmount("2.5", "jpy")).toThrow(InvalidAmountError)
    expect(() => formatExactAmount("1.2505", "kwd")).toThrow(InvalidAmountError)
    expect(formatExactAmount("24.990", "usd")).toBe("24.99")
    expect(formatExactAmount({ numeric: 0.30000000000000004, raw: { value: "0.3" } }, "usd")).toBe("0.30")
    expect(formatExactAmount(6320, "jpy")).toBe("6320")
    expect(formatExactAmount("1.25", "kwd")).toBe("1.250")
  })

  it("compares exactly, never textually and never rounding", () => {
    expect(amountsEqual("54.004", "54.00", "usd")).toBe(false)
    expect(amountsEqual("54.000", "54", "usd")).toBe(true)
    expect(amountsEqual("6.004", "6.004", "usd")).toBe(false) // not money in USD
    expect(amountsEqual(1.25, "1.250", "KWD")).toBe(true)
    expect(amountsEqual(6.0, "6.00", "usd")).toBe(true)
    expect(amountsEqual(299.45, "299.45", "rub")).toBe(true)
    expect(amountsEqual("6.0", "6.01", "usd")).toBe(false)
    expect(compareAmountsAtPrecision("6.004", "6", "usd")).toBe(0)
    expect(compareAmountsAtPrecision("6.006", "6", "usd")).toBe(1)
  })
})

describe("pythonFloatText", () => {
  it("prints like Python's str(float)", () => {
    expect(pythonFloatText(6)).toBe("6.0")
    expect(pythonFloatText("5.70")).toBe("5.7")
    expect(pythonFloatText(0)).toBe("0.0")
    expect(pythonFloatText(299.45)).toBe("299.45")
    expect(pythonFloatText("100000")).toBe("100000.0")
    expect(pythonFloatText(1e16)).toBe("1e+16")
    expect(pythonFloatText(0.00001)).toBe("1e-05")
  })
})
