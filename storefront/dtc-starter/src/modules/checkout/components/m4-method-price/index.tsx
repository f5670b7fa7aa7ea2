"use client"

import { listM4PaymentMethods } from "@lib/data/m4"
import { M4ActionError, M4PaymentMethod, m4QuotePrice, sentence } from "@lib/m4"
import { HttpTypes } from "@medusajs/types"
import { Text } from "@modules/common/components/ui"
import { useCallback, useEffect, useState } from "react"

export type M4Prices = {
  methods?: M4PaymentMethod[]
  error: M4ActionError | null
  loading: boolean
  reload: () => Promise<void>
}

/**
 * What M4 will charge for each of its methods (`GET /store/m4/payment-methods`), loaded while the
 * payment step is open and again when the cart's total changes.
 */
export function useM4PaymentMethods(cart: HttpTypes.StoreCart, enabled: boolean): M4Prices {
  const [methods, setMethods] = useState<M4PaymentMethod[] | undefined>()
  const [error, setError] = useState<M4ActionError | null>(null)
  const [loading, setLoading] = useState(false)
  const reload = useCallback(async () => {
    setLoading(true)
    try {
      const answer = await listM4PaymentMethods(cart.id)
      setMethods(answer.methods)
      setError(answer.error ?? null)
    } catch {
      setError({ message: "M4's prices could not be loaded. Please try again.", code: null, retry: true })
    } finally {
      setLoading(false)
    }
  }, [cart.id])
  useEffect(() => {
    if (enabled) {
      void reload()
    }
  }, [enabled, reload, cart.total, cart.currency_code])
  return { methods, error, loading, reload }
}

export const m4QuoteFor = (prices: M4Prices, providerId: string) =>
  prices.methods?.find((m) => m.provider_ids.includes(providerId))

/**
 * Under an M4 method in the payment step: what M4's page will ask and, when that is not the order
 * total, why (M4's fee, or the payer's currency and rate); or why the method cannot be used.
 */
const M4MethodPrice = ({ providerId, prices }: { providerId: string; prices: M4Prices }) => {
  const quote = m4QuoteFor(prices, providerId)
  if (!quote) {
    return prices.loading ? (
      <Text className="txt-small text-ui-fg-muted pl-9">Getting M4&apos;s price…</Text>
    ) : null
  }
  if (!quote.available) {
    return (
      <Text className="txt-small text-ui-fg-subtle pl-9" data-testid={`m4-price-unavailable-${providerId}`}>
        {quote.unavailable_code === "m4_amount_not_allowed"
          ? "Not available for this order total."
          : "Not available right now."}
      </Text>
    )
  }
  const price = m4QuotePrice(quote)
  if (!price) {
    return null
  }
  return (
    <div className="flex flex-col pl-9" data-testid={`m4-price-${providerId}`}>
      <Text className="txt-medium-plus text-ui-fg-base" data-testid={`m4-price-amount-${providerId}`}>
        {price.text}
      </Text>
      {price.why && (
        <Text className="txt-small text-ui-fg-subtle" data-testid={`m4-price-why-${providerId}`}>
          {sentence(price.why)}
        </Text>
      )}
    </div>
  )
}

export default M4MethodPrice
