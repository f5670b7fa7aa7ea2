import { Cash, CreditCard } from "@medusajs/icons"
import { HttpTypes } from "@medusajs/types"
import React from "react"

/*
 * M4 (medusa-payment-m4) for the storefront. Provider ids are `pp_m4_{id}`, one per entry you
 * registered in medusa-config.ts: rename or add entries here to match yours.
 */
export const m4PaymentInfoMap: Record<
  string,
  { title: string; icon: React.JSX.Element }
> = {
  pp_m4_m4: { title: "Card (M4)", icon: <CreditCard /> },
  pp_m4_hold: { title: "Card, charged when your order ships (M4)", icon: <CreditCard /> },
  pp_m4_wallet: { title: "M4 Wallet", icon: <Cash /> },
}

export const isM4 = (providerId?: string) => providerId?.startsWith("pp_m4_") ?? false

/** How M4 wants the payer sent to its pay page (session `data.redirect`). */
export type M4Redirect = {
  method: string
  url: string
  data?: Record<string, unknown>
}

/** One field of M4's `add_ons_config`: labels and hints per language, a regex, an example. */
export type M4AddOnConfig = {
  regex?: string
  label?: Record<string, string>
  comment?: Record<string, string>
  example?: string
}

/** The public session data the M4 provider writes (amounts are exact decimal strings). */
export type M4SessionData = {
  amount?: string
  currency_code?: string
  payer_price?: string
  payer_currency?: string
  redirect?: M4Redirect
  add_ons_config?: Record<string, M4AddOnConfig>
  missing_add_ons?: string[]
  add_ons?: Record<string, string>
  instructions?: { manual?: Record<string, string>; info?: Record<string, string>; warning?: Record<string, string> }
  decline_reason?: string
}

export function m4Session(cart: HttpTypes.StoreCart) {
  const session = cart.payment_collection?.payment_sessions?.find((s) => isM4(s.provider_id))
  return session
    ? { ...session, data: (session.data ?? {}) as M4SessionData }
    : undefined
}

/** One M4 payment method as `GET /store/m4/payment-methods?cart_id=` quotes it for the cart. */
export type M4PaymentMethod = {
  payway: string
  provider_ids: string[]
  method_name: string | null
  currency: string
  amount: string
  payer_price: string | null
  payer_currency: string | null
  min_amount: string | null
  max_amount: string | null
  available: boolean
  unavailable_code: string | null
  add_ons_config: Record<string, M4AddOnConfig> | null
}

/** An error of the Store API as the shopper reads it: Medusa's `message`, its `code` (m4_unavailable, …). */
export type M4ActionError = { message: string; code: string | null; retry: boolean }

/** Codes after which the same action may work in a moment (M4 or the store did not answer). */
export const m4RetryableCodes = ["m4_unavailable", "store_unreachable"]

/** What M4's page will ask, and why when that is not the order total. */
export type M4Price = { text: string; why: string | null }

/** "24.99" → { units: 2499n, scale: 2 }: amounts are exact decimal strings, never floats. */
function decimal(text: string) {
  const [whole, fraction = ""] = text.split(".")
  return { units: BigInt(whole + fraction), scale: fraction.length }
}

function decimalText(units: bigint, scale: number) {
  const digits = (units < BigInt(0) ? -units : units).toString().padStart(scale + 1, "0")
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits
  return units < BigInt(0) ? `-${text}` : text
}

function pow10(n: number) {
  let p = BigInt(1)
  for (let i = 0; i < n; i++) p *= BigInt(10)
  return p
}

/** a ÷ b to four significant digits ("0.9528", "155", "0.92"): a rate, shown as approximate. */
function ratio(a: string, b: string) {
  const [x, y] = [decimal(a), decimal(b)]
  const num = x.units * pow10(y.scale)
  const den = y.units * pow10(x.scale)
  let places = 0
  while ((num * pow10(places)) / den < BigInt(1000) && places < 12) places++
  const rounded = (BigInt(2) * num * pow10(places) + den) / (BigInt(2) * den)
  const text = decimalText(rounded, places)
  return places ? text.replace(/0+$/, "").replace(/\.$/, "") : text
}

/**
 * What M4's page will ask the payer, from the quote of `/store/m4/payment-methods` or the session's
 * data, and why when it differs from the order total: M4's fee (same currency), or the payer's
 * currency and the rate. Nothing to explain when M4 asks exactly the total.
 *   { text: "25.91 USD", why: "includes M4's fee of 0.92 USD" }
 *   { text: "≈ 23.81 EUR", why: "charged by M4 in EUR at 1 USD ≈ 0.9528 EUR" }
 */
export function m4Price(args: {
  amount?: string | null
  currency?: string | null
  payerPrice?: string | null
  payerCurrency?: string | null
}): M4Price | undefined {
  const { amount, payerPrice } = args
  if (!amount || !payerPrice || !args.currency || !args.payerCurrency) {
    return undefined
  }
  const [currency, payerCurrency] = [args.currency.toUpperCase(), args.payerCurrency.toUpperCase()]
  if (currency !== payerCurrency) {
    return {
      text: `≈ ${payerPrice} ${payerCurrency}`,
      why: `charged by M4 in ${payerCurrency} at 1 ${currency} ≈ ${ratio(payerPrice, amount)} ${payerCurrency}`,
    }
  }
  const [p, a] = [decimal(payerPrice), decimal(amount)]
  const scale = Math.max(p.scale, a.scale)
  const diff = p.units * pow10(scale - p.scale) - a.units * pow10(scale - a.scale)
  const why =
    diff > BigInt(0)
      ? `includes M4's fee of ${decimalText(diff, scale)} ${currency}`
      : diff < BigInt(0)
        ? `${decimalText(-diff, scale)} ${currency} less than the order total`
        : null
  return { text: `${payerPrice} ${payerCurrency}`, why }
}

/** The price of the session's invoice (review step, add-ons form). */
export function m4SessionPrice(data: M4SessionData) {
  return m4Price({
    amount: data.amount,
    currency: data.currency_code,
    payerPrice: data.payer_price,
    payerCurrency: data.payer_currency,
  })
}

/** The price of a quoted method (payment step). */
export function m4QuotePrice(quote: M4PaymentMethod | undefined) {
  return quote && m4Price({
    amount: quote.amount,
    currency: quote.currency,
    payerPrice: quote.payer_price,
    payerCurrency: quote.payer_currency,
  })
}

/** "Includes …" as a sentence. */
export const sentence = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}.`

/** A text in the shopper's language, else English, else the first one M4 sent. */
export function m4Text(texts: Record<string, string> | undefined, lang: string): string | undefined {
  if (!texts) {
    return undefined
  }
  return texts[lang] ?? texts.en ?? Object.values(texts)[0]
}

/** Sends the browser to M4's pay page: GET with the data as query string, or an auto-submitted POST form. */
export function goToM4(redirect: M4Redirect) {
  const fields = Object.entries(redirect.data ?? {}).map(([k, v]) => [k, String(v)] as const)
  if (redirect.method?.toUpperCase() === "POST") {
    const form = document.createElement("form")
    form.method = "POST"
    form.action = redirect.url
    for (const [name, value] of fields) {
      const input = document.createElement("input")
      input.type = "hidden"
      input.name = name
      input.value = value
      form.appendChild(input)
    }
    document.body.appendChild(form)
    form.submit()
    return
  }
  const url = new URL(redirect.url)
  for (const [name, value] of fields) {
    url.searchParams.set(name, value)
  }
  window.location.assign(url.toString())
}

/** Why the shopper came back to the payment step (`?m4_error=` set by the return route). */
export const m4ReturnMessages: Record<string, string> = {
  declined: "Your payment was declined or cancelled on M4's page. No money was taken. Choose a payment method and try again.",
  not_confirmed:
    "M4 has not confirmed this payment. If you did pay, your order is confirmed as soon as M4 tells us; otherwise try again.",
  error: "We could not complete your order. Please try again.",
}
