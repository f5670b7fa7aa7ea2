import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { compareAmounts, findCurrency, formatExactAmount, InvalidAmountError } from "../../../../m4"
import { m4Gateway } from "../../../../lib/m4-gateway"
import { regionM4Payways } from "../../../../lib/m4-region-payways"
import { currencyAlpha, decimalText } from "../../../../modules/m4-payouts/utils/format"
import { localizedText } from "../../../../modules/m4-payouts/utils/format"
import { GetStoreM4PaymentMethodsType } from "../validators"

type CartRow = { id: string; currency_code: string; total: unknown; sales_channel_id?: string | null; region_id?: string | null }

/**
 * GET /store/m4/payment-methods?cart_id= — the M4 pay-in methods for a cart: each active payway
 * of the cart's currency that an M4 provider enabled in the cart's region uses (`provider_ids`),
 * with the payer's price for the cart total (invoice/try with a throwaway
 * shop_order_id: it creates nothing), its limits and the extra fields it needs (add_ons_config).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { cart_id } = req.validatedQuery as unknown as GetStoreM4PaymentMethodsType
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "currency_code", "total", "sales_channel_id", "region_id"],
    filters: { id: cart_id },
  })
  const cart = data[0] as CartRow | undefined
  // a cart of another sales channel is as good as unknown to this publishable key
  const channels = (req as unknown as { publishable_key_context?: { sales_channel_ids?: string[] } })
    .publishable_key_context?.sales_channel_ids
  if (!cart || (cart.sales_channel_id && channels?.length && !channels.includes(cart.sales_channel_id))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id "${cart_id}" was not found`)
  }
  const currency = findCurrency(cart.currency_code)
  if (!currency) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Currency "${cart.currency_code}" is not an ISO 4217 currency`)
  }
  // exact, as the provider would invoice it: a total finer than the currency is refused there too
  let total: string
  try {
    total = formatExactAmount(cart.total as string | number, currency)
  } catch (e) {
    if (e instanceof InvalidAmountError) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `M4: the cart total ${e.message}; it cannot be paid with M4`)
    }
    throw e
  }
  // only what the shopper can pay with here: payways of the M4 providers enabled in the cart's region
  const regionPayways = cart.region_id ? await regionM4Payways(req.scope, cart.region_id, currency.alpha) : new Map()
  if (!regionPayways.size) {
    res.json({ cart_id: cart.id, currency_code: cart.currency_code, amount: total, payment_methods: [] })
    return
  }

  const m4 = m4Gateway(req.scope)
  const config = await m4.shopInputConfig()
  if (config.kind !== "ok") {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "M4 payment methods are unavailable right now, please try again")
  }
  const payways = config.data.flatMap((method) =>
    method.payways
      .filter(
        (p) =>
          p.is_active !== false && findCurrency(p.currency)?.numeric === currency.numeric && regionPayways.has(p.alias)
      )
      .map((p) => ({ method, payway: p }))
  )

  const payment_methods = await Promise.all(
    payways.map(async ({ method, payway }) => {
      const min = decimalText(payway.min_amount, payway.currency)
      const max = decimalText(payway.max_amount, payway.currency)
      const withinLimits =
        compareAmounts(total, 0) > 0 &&
        (min === null || compareAmounts(total, min) >= 0) &&
        (max === null || compareAmounts(total, max) <= 0)
      let payer_price: string | null = null
      let payer_currency: string | null = null
      let unavailable_reason: string | null = withinLimits ? null : "cart total is outside the payway's limits"
      let addOns = payway.add_ons_config ?? null
      let manual: string | null = null
      if (withinLimits) {
        const tried = await m4.invoiceTry({
          shop_order_id: `quote_${cart.id}_${payway.alias}`.slice(0, 255),
          amount: total,
          currency: currency.numeric,
          payway: payway.alias,
        })
        if (tried.kind === "ok") {
          payer_price = decimalText(tried.data.payer_price, tried.data.ps_currency)
          payer_currency = currencyAlpha(tried.data.ps_currency)
          addOns = tried.data.add_ons_config ?? addOns
          manual = localizedText(tried.data.manual)
        } else {
          unavailable_reason = tried.kind === "fatal" ? tried.message : "price could not be calculated right now"
        }
      }
      return {
        payway: payway.alias,
        provider_ids: regionPayways.get(payway.alias) ?? [],
        method_name: method.name ?? null,
        currency: currency.alpha,
        amount: total,
        payer_price,
        payer_currency,
        min_amount: min,
        max_amount: max,
        available: withinLimits && payer_price !== null,
        unavailable_reason,
        add_ons_config: addOns,
        manual,
      }
    })
  )
  res.json({ cart_id: cart.id, currency_code: cart.currency_code, amount: total, payment_methods })
}
