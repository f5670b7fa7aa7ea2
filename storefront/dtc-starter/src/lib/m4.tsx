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

/**
 * "You will pay 25.91 USD on M4's page" when M4 asks the payer for another amount or currency
 * than the order total (fees, conversion); undefined when they are the same.
 */
export function m4PayerPriceNotice(data: M4SessionData): string | undefined {
  if (!data.payer_price || !data.payer_currency) {
    return undefined
  }
  const sameCurrency = data.payer_currency.toLowerCase() === data.currency_code?.toLowerCase()
  if (sameCurrency && data.amount !== undefined && Number(data.payer_price) === Number(data.amount)) {
    return undefined
  }
  return `You will pay ${data.payer_price} ${data.payer_currency.toUpperCase()} on M4's page`
}

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
