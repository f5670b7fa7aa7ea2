/** Amount checks shared by the endpoints: at most the currency's minor digits (DECISIONS e, j). */
import { formatAmount, getCurrency } from "../../m4"
import type { AmountDigitsMode } from "../context"
import { incorrectParam } from "./gateway-error"

/**
 * Returns the amount normalised to the currency's digits; error 10 when it has more decimals,
 * except (lenient mode) extra decimals that are all zeros, which change nothing.
 */
export function amountForCurrency(
  text: string,
  currencyCode: number,
  mode: AmountDigitsMode,
  field = "amount"
): string {
  const currency = getCurrency(currencyCode)
  const fraction = text.includes(".") ? text.slice(text.indexOf(".") + 1) : ""
  const extra = fraction.slice(currency.digits)
  if (extra !== "" && (mode === "strict" || /[1-9]/.test(extra))) {
    throw incorrectParam(
      field,
      `${currency.alpha} (${currency.numeric}) allows at most ${currency.digits} decimal places, got ${text}`
    )
  }
  return formatAmount(text, currency)
}
