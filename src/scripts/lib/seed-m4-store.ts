import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export type SeedRegion = {
  name: string
  currency_code: string
  countries: string[]
  payment_providers: string[]
}

export type SeedProduct = {
  title: string
  handle: string
  description?: string
  thumbnail?: string
  /** price per currency code, major units as exact decimal strings, e.g. { usd: "19.99", jpy: "2500" } */
  prices: Record<string, string>
}

export type SeedOptions = {
  regions: SeedRegion[]
  products: SeedProduct[]
  /** flat shipping price per currency code */
  shipping: Record<string, string>
}

export type SeededStore = {
  sales_channel_id: string
  publishable_key: string
  regions: Record<string, { id: string; currency_code: string }>
  products: { id: string; handle: string; variant_id: string }[]
  shipping_option_id: string
}

/**
 * A store that can sell with M4: regions with the M4 providers enabled, a sales channel with a
 * publishable key, a stock location with a flat-rate shipping option, and products priced in
 * every region's currency. Used by the demo seed and the integration tests.
 */
export async function seedM4Store(container: MedusaContainer, opts: SeedOptions): Promise<SeededStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const storeModule = container.resolve(Modules.STORE)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)

  const { result: salesChannels } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "M4 Web Store" }] },
  })
  const salesChannel = salesChannels[0]

  const currencies = [...new Set(opts.regions.map((r) => r.currency_code))]
  const [store] = await storeModule.listStores()
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: currencies.map((code, i) => ({ currency_code: code, is_default: i === 0 })),
        default_sales_channel_id: salesChannel.id,
      },
    },
  })

  const { result: regionResult } = await createRegionsWorkflow(container).run({
    input: { regions: opts.regions.map((r) => ({ ...r, automatic_taxes: false })) },
  })
  const regions = Object.fromEntries(regionResult.map((r) => [r.name, { id: r.id, currency_code: r.currency_code }]))

  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "M4 Warehouse", address: { city: "Berlin", country_code: "DE", address_1: "" } }] },
  })
  const location = locations[0]
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [salesChannel.id] },
  })

  const existingProfiles = await fulfillmentModule.listShippingProfiles({ type: "default" })
  const shippingProfile =
    existingProfiles[0] ??
    (
      await createShippingProfilesWorkflow(container).run({
        input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
      })
    ).result[0]

  const fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
    name: "M4 Warehouse delivery",
    type: "shipping",
    service_zones: [
      {
        name: "All M4 regions",
        geo_zones: [...new Set(opts.regions.flatMap((r) => r.countries))].map((country_code) => ({
          country_code,
          type: "country" as const,
        })),
      },
    ],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })

  const { result: shippingOptions } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard Shipping",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
        // exact decimal strings, as for product prices (Medusa stores them as BigNumber)
        prices: Object.entries(opts.shipping).map(([currency_code, amount]) => ({
          currency_code,
          amount: amount as unknown as number,
        })),
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "M4 storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: keys[0].id, add: [salesChannel.id] },
  })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: opts.products.map((p) => ({
        title: p.title,
        handle: p.handle,
        description: p.description,
        thumbnail: p.thumbnail,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: shippingProfile.id,
        options: [{ title: "Default", values: ["Default"] }],
        variants: [
          {
            title: "Default",
            sku: p.handle.toUpperCase(),
            options: { Default: "Default" },
            manage_inventory: false,
            // Medusa stores prices in major units; exact decimal strings keep them exact
            prices: Object.entries(p.prices).map(([currency_code, amount]) => ({
              currency_code,
              amount: amount as unknown as number,
            })),
          },
        ],
        sales_channels: [{ id: salesChannel.id }],
      })),
    },
  })

  return {
    sales_channel_id: salesChannel.id,
    publishable_key: keys[0].token,
    regions,
    products: products.map((p) => ({ id: p.id, handle: p.handle, variant_id: p.variants[0].id })),
    shipping_option_id: shippingOptions[0].id,
  }
}
