import { MedusaError } from "@medusajs/framework/utils"
import { compareAmounts, findCurrency, formatAmount, M4Currency, PayMethodPayway } from "../../../m4"
import { localizedText } from "../../../m4"

export type PayoutRequestInput = {
  payway: string
  account: string
  account_details?: Record<string, string> | null
  amount: string
  amount_type: "ps_amount" | "shop_amount"
  /** ISO alpha (or numeric); defaults to the payway's currency */
  shop_currency?: string
}

export type NormalizedPayoutRequest = {
  payway: string
  account: string
  account_details: Record<string, string> | null
  /** exact decimal text at the currency's digits */
  amount: string
  amount_type: "ps_amount" | "shop_amount"
  /** ISO alpha */
  shop_currency: string
  currency: M4Currency
}

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/** Currency and amount text: no more decimals than the currency has, strictly positive. */
export function normalizePayoutRequest(input: PayoutRequestInput, payway: PayMethodPayway): NormalizedPayoutRequest {
  const paywayCurrency = findCurrency(payway.currency)
  const currency = input.shop_currency ? findCurrency(input.shop_currency) : paywayCurrency
  if (!currency) {
    throw invalid(`Unknown currency "${input.shop_currency}"`)
  }
  const amountText = String(input.amount).trim()
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amountText)
  if (!match) {
    throw invalid(`Amount "${input.amount}" is not a decimal number`)
  }
  if ((match[2]?.length ?? 0) > currency.digits) {
    throw invalid(`Amount ${amountText} has more decimal places than ${currency.alpha} allows (${currency.digits})`)
  }
  const amount = formatAmount(amountText, currency)
  if (compareAmounts(amount, 0) <= 0) {
    throw invalid("Amount must be greater than zero")
  }
  return {
    payway: input.payway,
    account: input.account.trim(),
    account_details: input.account_details && Object.keys(input.account_details).length ? input.account_details : null,
    amount,
    amount_type: input.amount_type,
    shop_currency: currency.alpha,
    currency,
  }
}

type AccountField = { regex?: unknown; title?: unknown; label?: unknown }

/** The payway's own rules: `account_info_config` regexes (message = its title) and min/max limits. */
export function validateAgainstPayway(req: NormalizedPayoutRequest, payway: PayMethodPayway) {
  const fields = (payway.account_info_config ?? {}) as Record<string, AccountField>
  for (const [name, field] of Object.entries(fields)) {
    if (!field || typeof field.regex !== "string") {
      continue
    }
    const value = name === "account" ? req.account : req.account_details?.[name]
    if (value === undefined && name !== "account") {
      continue // optional detail not sent: M4 decides whether it is required
    }
    let regex: RegExp
    try {
      regex = new RegExp(field.regex)
    } catch {
      continue // a regex JS cannot read: leave the check to M4
    }
    if (!regex.test(value ?? "")) {
      const hint = localizedText(field.title) ?? localizedText(field.label) ?? `must match ${field.regex}`
      throw invalid(`Invalid ${name === "account" ? "recipient account" : `account detail "${name}"`}: ${hint}`)
    }
  }
  const currency = findCurrency(payway.currency) ?? req.currency
  const label = (v: unknown) => `${formatAmount(v as string | number, currency)} ${currency.alpha}`
  if (
    payway.min_amount !== null &&
    payway.min_amount !== undefined &&
    compareAmounts(req.amount, payway.min_amount) < 0
  ) {
    throw invalid(
      `Amount ${req.amount} ${req.shop_currency} is below the minimum of ${label(payway.min_amount)} for ${payway.alias}`
    )
  }
  if (
    payway.max_amount !== null &&
    payway.max_amount !== undefined &&
    compareAmounts(req.amount, payway.max_amount) > 0
  ) {
    throw invalid(
      `Amount ${req.amount} ${req.shop_currency} is above the maximum of ${label(payway.max_amount)} for ${payway.alias}`
    )
  }
}

/** The payout payway `alias` among shop_output_config's methods; 400 when the shop has no such active payway. */
export function findPayoutPayway(methods: { payways: PayMethodPayway[] }[], alias: string): PayMethodPayway {
  const payway = methods.flatMap((m) => m.payways).find((p) => p.alias === alias)
  if (!payway || payway.is_active === false) {
    throw invalid(`Payout method "${alias}" is not available for this shop`)
  }
  return payway
}
