/**
 * Cross-currency invoices: the real gateway converts (recorded: invoice/try with `currency: 840`
 * on a RUB payway → `payer_price: 27051.71`, `ps_currency: 643`). The shop invoices in its
 * currency (`currency`, later `shop_currency`/`shop_amount`); the payer pays in the payway's
 * currency (`ps_currency`, `payer_price`/`client_price`).
 *
 * Rounding — the one place it is decided: the shop amount times the configured rate is rounded
 * half-up to the payer currency's ISO 4217 minor units (`convertAmount`); the payway fee is then
 * computed on that converted amount in the payer currency (half-up, as for any invoice). The
 * shop's share of the fee, needed for `shop_refund` in the shop currency, is the payer-side fee
 * divided by the rate, rounded half-up to the shop currency (`convertBack`). All of it in
 * bignumber.js decimals (the project's money helpers), never floats.
 */
import BigNumberJs from "bignumber.js"
import { getCurrency } from "../../m4"
import { SandboxConfig } from "../config/sandbox-config"
import { gatewayErrors } from "../gateway/gateway-error"

/** Rounding of converted amounts (payer price and the shop's fee share): half-up at the target currency. */
export const CONVERSION_ROUNDING = BigNumberJs.ROUND_HALF_UP

const Decimal = BigNumberJs.clone({ EXPONENTIAL_AT: 1e9, DECIMAL_PLACES: 40, ROUNDING_MODE: CONVERSION_ROUNDING })

export interface Conversion {
  /** ISO numeric code of the shop's (invoice) currency. */
  from: number
  /** ISO numeric code of the payer's (payway) currency. */
  to: number
  /** 1 unit of `from` buys `rate` units of `to`; "1" when the currencies are the same. */
  rate: string
}

/** The rate from the shop currency to the payway currency; error 16 when no rate is configured. */
export function conversionFor(config: SandboxConfig, from: number, to: number): Conversion {
  if (from === to) {
    return { from, to, rate: "1" }
  }
  const rate = config.exchange_rates[`${from}/${to}`]
  if (rate === undefined) {
    throw gatewayErrors.currencyExchange(from, to)
  }
  return { from, to, rate }
}

/** amount (shop currency) × rate → payer currency, rounded half-up to its minor units. */
export function convertAmount(amount: string, conversion: Conversion): string {
  const digits = getCurrency(conversion.to).digits
  return new Decimal(amount).times(conversion.rate).decimalPlaces(digits, CONVERSION_ROUNDING).toFixed(digits)
}

/** amount (payer currency) ÷ rate → shop currency, rounded half-up to its minor units. */
export function convertBack(amount: string, conversion: Conversion): string {
  const digits = getCurrency(conversion.from).digits
  return new Decimal(amount).dividedBy(conversion.rate).decimalPlaces(digits, CONVERSION_ROUNDING).toFixed(digits)
}
