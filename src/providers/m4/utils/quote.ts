/**
 * Quoting a payment with M4 (invoice/try), shared by the provider (before it issues the invoice)
 * and the store's payment-methods route (before the shopper chooses): the exact amount M4 is
 * asked for, the payway's limits, and what the payer pays in their currency. Pure: no I/O.
 */
import {
  amountLimitRefusal,
  compareAmounts,
  decimalText,
  localizedText,
  findCurrency,
  formatAmount,
  InvoiceTryData,
  M4Currency,
  M4Outcome,
  PayMethod,
  PayMethodPayway,
} from "../../../m4"
import { M4_ERROR_CODE, M4ErrorCode } from "./gateway-errors"

/** What the payer pays, in the payway's currency, as exact decimal text; undefined when M4 named no known currency. */
export function payerPrice(
  quote: Pick<InvoiceTryData, "payer_price" | "ps_currency">
): { amount: string; currency: string } | undefined {
  const currency = findCurrency(quote.ps_currency as number)
  return currency
    ? { amount: formatAmount(quote.payer_price as number, currency), currency: currency.alpha }
    : undefined
}

/** A payway's limits as exact decimal text (null: no limit). */
export type PaywayLimits = { min: string | null; max: string | null }

/** Whether M4 can take this (exact, same-currency) amount at all: positive and within the payway's limits. */
export function withinLimits(amount: string, limits: PaywayLimits): boolean {
  return (
    compareAmounts(amount, 0) > 0 &&
    (limits.min === null || compareAmounts(amount, limits.min) >= 0) &&
    (limits.max === null || compareAmounts(amount, limits.max) <= 0)
  )
}

/** A throwaway shop_order_id for a quote: invoice/try creates nothing, so it never collides with a session's. */
export function quoteOrderId(cartId: string, payway: string): string {
  return `quote_${cartId}_${payway}`.slice(0, 255)
}

/** The alias as M4's shop config lists it: without a `[mock_server,…]` test tail. */
export function bareAlias(alias: string): string {
  return alias.replace(/\[.*$/, "")
}

/**
 * The shop's active pay-in payways with this alias, each with its method: those in this currency, else
 * the alias in another currency (a cross-currency payway the provider maps this currency to: M4 converts).
 */
export function paywaysFor(
  config: PayMethod[],
  currency: M4Currency,
  alias: string
): { method: PayMethod; payway: PayMethodPayway }[] {
  const active = config.flatMap((method) =>
    method.payways.filter((p) => p.is_active !== false && p.alias === alias).map((payway) => ({ method, payway }))
  )
  const sameCurrency = active.filter(({ payway }) => findCurrency(payway.currency)?.numeric === currency.numeric)
  return sameCurrency.length ? sameCurrency : active
}

/**
 * Whether asking M4 for a price makes sense: the payway's limits are in its own currency, so they are
 * checked here only when it takes the amount's currency; across currencies M4 converts and says (4, 5).
 */
export function worthQuoting(amount: string, currency: M4Currency, payway: PayMethodPayway): boolean {
  return findCurrency(payway.currency)?.numeric !== currency.numeric || withinLimits(amount, paywayLimits(payway))
}

export function paywayLimits(payway: PayMethodPayway): PaywayLimits {
  return { min: decimalText(payway.min_amount, payway.currency), max: decimalText(payway.max_amount, payway.currency) }
}

/** One payment method as the storefront shows it: the payer's price for the amount, or why it cannot be used. */
export type PaymentMethodQuote = {
  payway: string
  method_name: string | null
  currency: string
  amount: string
  payer_price: string | null
  payer_currency: string | null
  min_amount: string | null
  max_amount: string | null
  available: boolean
  unavailable_reason: string | null
  /** why the shopper cannot use it, as a stable code (gateway-errors.ts): the storefront words it */
  unavailable_code: M4ErrorCode | null
  add_ons_config: Record<string, unknown> | null
  manual: string | null
}

/**
 * The method's quote from its payway and, when the amount is within its limits, M4's invoice/try
 * answer (`tried` undefined: not asked).
 */
export function paymentMethodQuote(args: {
  method: PayMethod
  payway: PayMethodPayway
  currency: M4Currency
  amount: string
  tried: M4Outcome<InvoiceTryData> | undefined
}): PaymentMethodQuote {
  const { method, payway, tried } = args
  const limits = paywayLimits(payway)
  const quoted = tried?.kind === "ok" ? tried.data : undefined
  const payer = quoted ? payerPrice(quoted) : undefined
  const payer_price = quoted ? (payer?.amount ?? decimalText(quoted.payer_price, quoted.ps_currency)) : null
  const within = worthQuoting(args.amount, args.currency, payway)
  return {
    payway: payway.alias,
    method_name: method.name ?? null,
    currency: args.currency.alpha,
    amount: args.amount,
    payer_price,
    payer_currency: payer?.currency ?? null,
    min_amount: limits.min,
    max_amount: limits.max,
    available: within && payer_price !== null,
    unavailable_reason: !within
      ? "cart total is outside the payway's limits"
      : tried?.kind === "fatal"
        ? tried.message
        : tried?.kind === "unknown"
          ? "price could not be calculated right now"
          : null,
    unavailable_code: !within
      ? M4_ERROR_CODE.AMOUNT_NOT_ALLOWED
      : tried?.kind === "fatal"
        ? (amountLimitRefusal(tried.code)?.code ?? M4_ERROR_CODE.METHOD_UNAVAILABLE)
        : tried?.kind === "unknown"
          ? M4_ERROR_CODE.UNAVAILABLE
          : null,
    add_ons_config: quoted?.add_ons_config ?? payway.add_ons_config ?? null,
    manual: quoted ? localizedText(quoted.manual) : null,
  }
}
