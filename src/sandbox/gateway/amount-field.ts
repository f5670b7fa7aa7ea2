/** Amount checks shared by the endpoints: at most the currency's minor digits (DECISION e). */
import { formatAmount, getCurrency } from "../../m4"
import { incorrectParam } from "./gateway-error"

/** Returns the amount normalised to the currency's digits; error 10 when it has more decimals. */
export function amountForCurrency(text: string, currencyCode: number, field = "amount"): string {
  const currency = getCurrency(currencyCode)
  const decimals = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0
  if (decimals > currency.digits) {
    throw incorrectParam(
      field,
      `${currency.alpha} (${currency.numeric}) allows at most ${currency.digits} decimal places, got ${text}`
    )
  }
  return formatAmount(text, currency)
}
