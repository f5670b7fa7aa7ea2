/**
 * The payway alias a provider's `payway` option names for a currency: the single alias, or the
 * one mapped to the currency's code (case-insensitive). Undefined when none is configured.
 */
export function paywayForCurrency(option: string | Record<string, string> | undefined, currencyAlpha: string) {
  if (!option) {
    return undefined
  }
  if (typeof option === "string") {
    return option
  }
  return Object.entries(option).find(([code]) => code.toUpperCase() === currencyAlpha.toUpperCase())?.[1]
}
