import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * A sales channel with a publishable key, a USD region (the three M4 providers enabled unless
 * `paymentProviders` says otherwise) and a cart of 100.00 USD (2 × 50.00).
 */
export async function createStoreCart(
  container: MedusaContainer,
  opts: { currency?: string; unitPrice?: number; paymentProviders?: string[] } = {}
) {
  const currency = opts.currency ?? "usd"
  const salesChannel = await container.resolve(Modules.SALES_CHANNEL).createSalesChannels({ name: "M4 test channel" })
  const apiKey = await container
    .resolve(Modules.API_KEY)
    .createApiKeys({ title: "M4 test key", type: "publishable", created_by: "test" })
  await container.resolve(ContainerRegistrationKeys.LINK).create({
    [Modules.API_KEY]: { publishable_key_id: apiKey.id },
    [Modules.SALES_CHANNEL]: { sales_channel_id: salesChannel.id },
  })
  const region = await container
    .resolve(Modules.REGION)
    .createRegions({ name: `M4 ${currency}`, currency_code: currency })
  const providers = opts.paymentProviders ?? ["pp_m4_m4", "pp_m4_hold", "pp_m4_wallet"]
  if (providers.length) {
    await container.resolve(ContainerRegistrationKeys.LINK).create(
      providers.map((payment_provider_id) => ({
        [Modules.REGION]: { region_id: region.id },
        [Modules.PAYMENT]: { payment_provider_id },
      }))
    )
  }
  const cart = await container.resolve(Modules.CART).createCarts({
    currency_code: currency,
    region_id: region.id,
    sales_channel_id: salesChannel.id,
    items: [{ title: "M4 test item", quantity: 2, unit_price: opts.unitPrice ?? 50 }],
  })
  return { cart, region, salesChannel, storeHeaders: { "x-publishable-api-key": apiKey.token } }
}
