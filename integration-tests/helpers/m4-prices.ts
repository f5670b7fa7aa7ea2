/**
 * What a storefront must show for an M4 payment method before the shopper leaves: the figures come
 * from the Store API (`GET /store/m4/payment-methods`, i.e. the sandbox's own quote, whatever its
 * fees and rates are); only the rule of docs/storefront.md is here.
 */
import { fetchRetry } from "./browser"

/** One method as `GET /store/m4/payment-methods` quotes it. */
export type M4Quote = {
  payway: string
  provider_ids: string[]
  amount: string
  currency: string
  payer_price: string | null
  payer_currency: string | null
  available: boolean
  unavailable_code: string | null
}

export async function fetchQuotes(storeUrl: string, publishableKey: string, cartId: string): Promise<M4Quote[]> {
  const res = await fetchRetry(`${storeUrl}/store/m4/payment-methods?cart_id=${encodeURIComponent(cartId)}`, {
    headers: { "x-publishable-api-key": publishableKey },
  })
  const body = await res.json()
  if (!res.ok) throw new Error(`GET /store/m4/payment-methods → ${res.status}: ${JSON.stringify(body)}`)
  return body.payment_methods
}

export function quoteOf(quotes: M4Quote[], providerId: string): M4Quote {
  const quote = quotes.find((q) => q.provider_ids.includes(providerId))
  if (!quote) throw new Error(`no quote for ${providerId} in ${JSON.stringify(quotes)}`)
  return quote
}

/** payer − total, exactly (both are decimal strings at the currency's minor units). */
function difference(payer: string, total: string): string {
  const units = (t: string) => BigInt(t.replace(".", ""))
  const digits = payer.split(".")[1]?.length ?? 0
  const diff = (units(payer) - units(total)).toString().padStart(digits + 1, "0")
  return digits ? `${diff.slice(0, -digits)}.${diff.slice(-digits)}` : diff
}

/**
 * The price text ("25.91 USD", "≈ 23.81 EUR") and why it is not the order total: M4's fee in the same
 * currency, the payer's currency and rate across currencies, nothing when M4 asks exactly the total.
 */
export function expectedPrice(quote: M4Quote): { text: string; why: RegExp | string | null; cross: boolean } {
  const payerCurrency = quote.payer_currency!
  const cross = payerCurrency !== quote.currency
  if (cross) {
    return {
      text: `≈ ${quote.payer_price} ${payerCurrency}`,
      why: new RegExp(`^charged by M4 in ${payerCurrency} at 1 ${quote.currency} ≈ [0-9.]+ ${payerCurrency}$`),
      cross,
    }
  }
  return {
    text: `${quote.payer_price} ${payerCurrency}`,
    why:
      quote.payer_price === quote.amount
        ? null
        : `includes M4's fee of ${difference(quote.payer_price!, quote.amount)} ${quote.currency}`,
    cross,
  }
}

/** "includes …" as the sentence a list shows under the method. */
export function asSentence(why: RegExp | string): RegExp | string {
  if (typeof why === "string") return `${why[0].toUpperCase()}${why.slice(1)}.`
  return new RegExp(`^${why.source[1].toUpperCase()}${why.source.slice(2, -1)}\\.$`)
}
