/**
 * Payway lookup and pricing. An alias may carry the test-gateway suffix
 * `[mock_server,<scenario>]` (docs/m4-protocol.md §2.6): the part before `[` selects the configured payway,
 * the scenario scripts the outcome (config/scenarios.ts). Any known scenario works on any payway
 * of its kind, listed (`scenarios` of the payway) or not.
 */
import { addAmounts, compareAmounts, formatAmount, getCurrency, percentOf, subtractAmounts } from "../../m4"
import { PaywayConfig, SandboxConfig } from "../config/sandbox-config"
import { scenariosOf } from "../config/scenarios"
import { gatewayErrors } from "../gateway/gateway-error"
import { Conversion, convertAmount, convertBack } from "./exchange"

export interface ResolvedPayway {
  alias: string
  config: PaywayConfig
  scenario: string | null
}

const ALIAS = /^([A-Za-z_]+)(?:\[mock_server,([A-Za-z_]+)\])?$/

/** Finds the configured payway for an alias as sent; error 1 when unknown, wrong kind or not for this shop. */
export function resolvePayway(
  config: SandboxConfig,
  alias: string,
  kind: "input" | "output",
  shopId: number
): ResolvedPayway {
  const match = ALIAS.exec(alias)
  const payway = match ? config.payways.find((p) => p.alias === match[1]) : undefined
  const scenario = match?.[2] ?? null
  const known = scenariosOf(kind)
  if (
    !match ||
    !payway ||
    payway.kind !== kind ||
    (payway.shop_ids && !payway.shop_ids.includes(shopId)) ||
    (scenario !== null && !known.includes(scenario))
  ) {
    throw gatewayErrors.paywayNotFound(alias)
  }
  return { alias, config: payway, scenario }
}

export function paywaysForShop(config: SandboxConfig, kind: "input" | "output", shopId: number): PaywayConfig[] {
  return config.payways.filter((p) => p.kind === kind && (!p.shop_ids || p.shop_ids.includes(shopId)))
}

/** The payway fee for an amount: amount × fee_percent / 100 + fee_fix, rounded half-up to the currency. */
export function paywayFee(payway: PaywayConfig, amount: string): string {
  return formatAmount(addAmounts(percentOf(amount, payway.fee_percent), payway.fee_fix), payway.currency)
}

/** Error 4 / 5 outside the payway's limits. */
export function checkLimits(payway: PaywayConfig, amount: string): void {
  if (compareAmounts(amount, payway.min_amount) < 0) {
    throw gatewayErrors.amountTooSmall(payway.min_amount)
  }
  if (compareAmounts(amount, payway.max_amount) > 0) {
    throw gatewayErrors.amountTooLarge(payway.max_amount)
  }
}

/**
 * Pay-in pricing (docs/m4-protocol.md DECISION h): the payer pays the invoice amount, converted
 * into the payway's currency when it differs (invoice/try `payer_price`, `client_price`), and
 * the payway fee comes off the shop's credit (`shop_refund` = amount − fee), as every recording
 * shows (299.45 RUB at 5 % → client_price 299.45, shop_refund 284.48; USD 299.45 on a RUB payway
 * → payer_price 27051.71 = 299.45 × 90.338, no fee). A payway with `payer_fee: true` (a contract
 * where the payer bears the fee; never recorded) charges the payer amount + fee instead and
 * credits the shop the whole amount.
 *
 * Cross-currency (shop currency ≠ payway currency, see exchange.ts): `ps_amount` is the amount
 * converted into the payway currency; the fee is computed on it in the payway currency and, when
 * the shop bears it, converted back into the shop currency.
 */
export function invoicePricing(payway: PaywayConfig, amount: string, conversion?: Conversion) {
  const shopCurrency = getCurrency(conversion?.from ?? payway.currency)
  const payerCurrency = getCurrency(payway.currency)
  const cross = conversion !== undefined && conversion.from !== conversion.to
  const psAmount = cross ? convertAmount(amount, conversion) : formatAmount(amount, payerCurrency)
  const fee = paywayFee(payway, psAmount)
  const shopFee = payway.payer_fee ? "0" : cross ? convertBack(fee, conversion) : fee
  const credit = subtractAmounts(amount, shopFee)
  return {
    ps_currency: payerCurrency.numeric,
    ps_amount: psAmount,
    exchange_rate: conversion?.rate ?? "1",
    fee,
    shop_fee: formatAmount(shopFee, shopCurrency),
    payer_price: formatAmount(payway.payer_fee ? addAmounts(psAmount, fee) : psAmount, payerCurrency),
    shop_refund: formatAmount(compareAmounts(credit, 0) < 0 ? "0" : credit, shopCurrency),
  }
}

/**
 * Payout pricing (docs/m4-protocol.md §6): `ps_amount` → the payee receives exactly `amount`, the shop pays
 * amount + fee; `shop_amount` → exactly `amount` leaves the shop, the payee gets amount − fee.
 */
export function payoutPricing(payway: PaywayConfig, amount: string, amountType: "ps_amount" | "shop_amount") {
  const fee = paywayFee(payway, amount)
  const currency = getCurrency(payway.currency)
  if (amountType === "ps_amount") {
    return {
      payee_receive: formatAmount(amount, currency),
      shop_write_off: formatAmount(addAmounts(amount, fee), currency),
    }
  }
  return {
    payee_receive: formatAmount(subtractAmounts(amount, fee), currency),
    shop_write_off: formatAmount(amount, currency),
  }
}
