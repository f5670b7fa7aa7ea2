import { Modules } from "@medusajs/framework/utils"
import { providerName } from "../../../../shared/display-names"

/** The store's M4 payment providers (the ledger's provider filter), by the names the merchant gave them. */
export async function m4Providers(scope: { resolve(key: string): unknown }) {
  const payment = scope.resolve(Modules.PAYMENT) as {
    listPaymentProviders(f: object, c?: object): Promise<{ id: string }[]>
  }
  const providers = await payment.listPaymentProviders({}, { select: ["id"] })
  return providers
    .filter((p) => p.id.startsWith("pp_m4_"))
    .map((p) => ({ id: p.id, name: providerName(p.id) }))
    .sort((a, b) => a.id.localeCompare(b.id))
}
