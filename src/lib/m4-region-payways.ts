import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { paywayForCurrency } from "../providers/m4/utils/payway"

type Scope = { resolve(key: string): unknown }
type PaywayOption = string | Record<string, string>

/**
 * The M4 providers enabled in a region (`pp_m4_*`, enabled and linked to the region) and, for each,
 * the payway alias it would use for the currency. Keys: payway alias → provider ids.
 */
export async function regionM4Payways(scope: Scope, regionId: string, currencyAlpha: string): Promise<Map<string, string[]>> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as {
    graph(q: object): Promise<{ data: Record<string, unknown>[] }>
  }
  const { data } = await query.graph({
    entity: "region",
    fields: ["id", "payment_providers.id", "payment_providers.is_enabled"],
    filters: { id: regionId },
  })
  const providers = ((data[0]?.payment_providers ?? []) as { id: string; is_enabled?: boolean }[]).filter(
    (p) => p && p.is_enabled !== false && p.id.startsWith("pp_m4_")
  )
  const byPayway = new Map<string, string[]>()
  if (!providers.length) return byPayway
  // the provider instances live in the payment module's container; their validated options name the payway
  const paymentModule = scope.resolve(Modules.PAYMENT) as {
    paymentProviderService_?: { retrieveProvider(id: string): { options_?: { payway?: PaywayOption } } }
  }
  for (const { id } of providers) {
    let option: PaywayOption | undefined
    try {
      option = paymentModule.paymentProviderService_?.retrieveProvider(id)?.options_?.payway
    } catch {
      option = undefined // enabled in the region but not configured in this server
    }
    // without a `[mock_server,…]` test tail: the shop config lists the bare alias
    const alias = paywayForCurrency(option, currencyAlpha)?.replace(/\[.*$/, "")
    if (alias) byPayway.set(alias, [...(byPayway.get(alias) ?? []), id])
  }
  return byPayway
}
