import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { findCurrency, formatExactAmount, InvalidAmountError, M4Currency } from "../../../../m4"
import { askM4Provider } from "../../../../providers/m4/ask-m4-provider"
import { M4_ERROR_CODE } from "../../../../providers/m4/utils/gateway-errors"
import type { PaymentMethodQuote } from "../../../../providers/m4/utils/quote"
import { GetStoreM4PaymentMethodsType } from "../validators"

type Scope = MedusaRequest["scope"]
type CartRow = {
  id: string
  currency_code: string
  total: unknown
  sales_channel_id?: string | null
  region_id?: string | null
}

/**
 * GET /store/m4/payment-methods?cart_id= — the M4 pay-in methods for a cart: each active payway
 * of the cart's currency that an M4 provider enabled in the cart's region uses (`provider_ids`),
 * with the payer's price for the cart total (invoice/try with a throwaway shop_order_id: it
 * creates nothing), its limits and the extra fields it needs (add_ons_config). The providers
 * answer (their options, their M4 client, the provider's quoting rules in utils/quote.ts),
 * through the payment module's public getWebhookActionAndData, as the settling workflows do.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedQuery as unknown as GetStoreM4PaymentMethodsType
  const cart = await visibleCart(req, cart_id)
  const currency = findCurrency(cart.currency_code)
  if (!currency) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Currency "${cart.currency_code}" is not an ISO 4217 currency`,
      M4_ERROR_CODE.METHOD_UNAVAILABLE
    )
  }
  const total = exactTotal(cart.total, currency)
  // only what the shopper can pay with here: payways of the M4 providers enabled in the cart's region
  const providersByPayway = cart.region_id ? await regionPayways(req.scope, cart.region_id, currency) : new Map()
  const payment_methods: (PaymentMethodQuote & { provider_ids: string[] })[] = []
  for (const [alias, providerIds] of providersByPayway) {
    // one provider per payway quotes it: the providers sharing a payway share its price
    const answer = await askM4Provider(req.scope, providerIds[0], {
      kind: "quote",
      cart_id: cart.id,
      amount: total,
      currency_code: currency.alpha,
    })
    if ("unavailable" in answer) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        "M4 is not responding right now, so the prices of its payment methods could not be loaded. Please try again in a moment.",
        M4_ERROR_CODE.UNAVAILABLE
      )
    }
    payment_methods.push(
      ...answer.methods.filter((m) => m.payway === alias).map((m) => ({ ...m, provider_ids: providerIds }))
    )
  }
  res.json({ cart_id: cart.id, currency_code: cart.currency_code, amount: total, payment_methods })
}

/** The cart, unless it belongs to another sales channel than the publishable key's (then as good as unknown). */
async function visibleCart(req: MedusaRequest, cartId: string): Promise<CartRow> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "currency_code", "total", "sales_channel_id", "region_id"],
    filters: { id: cartId },
  })
  const cart = data[0] as CartRow | undefined
  const channels = (req as unknown as { publishable_key_context?: { sales_channel_ids?: string[] } })
    .publishable_key_context?.sales_channel_ids
  if (!cart || (cart.sales_channel_id && channels?.length && !channels.includes(cart.sales_channel_id))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id "${cartId}" was not found`)
  }
  return cart
}

/** Exact, as the provider would invoice it: a total finer than the currency is refused there too. */
function exactTotal(total: unknown, currency: M4Currency): string {
  try {
    return formatExactAmount(total as string | number, currency)
  } catch (e) {
    if (e instanceof InvalidAmountError) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `M4 cannot take this amount: the cart total ${e.message}.`,
        M4_ERROR_CODE.AMOUNT_NOT_ALLOWED
      )
    }
    throw e
  }
}

/** The M4 providers enabled in the region, by the payway each uses for the currency (alias → provider ids). */
async function regionPayways(scope: Scope, regionId: string, currency: M4Currency): Promise<Map<string, string[]>> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "region",
    fields: ["id", "payment_providers.id", "payment_providers.is_enabled"],
    filters: { id: regionId },
  })
  const providers = ((data[0]?.payment_providers ?? []) as { id: string; is_enabled?: boolean }[]).filter(
    (p) => p && p.is_enabled !== false && p.id.startsWith("pp_m4_")
  )
  const byPayway = new Map<string, string[]>()
  for (const { id } of providers) {
    // enabled in the region but not configured here: no answer, no payway
    const answer = await askM4Provider(scope, id, { kind: "payway", currency_code: currency.alpha }).catch(() => undefined)
    if (answer?.alias) {
      byPayway.set(answer.alias, [...(byPayway.get(answer.alias) ?? []), id])
    }
  }
  return byPayway
}
