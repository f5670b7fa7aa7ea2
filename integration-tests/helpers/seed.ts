import type { MedusaContainer } from "@medusajs/framework/types"
import { seedM4Store } from "../../src/scripts/lib/seed-m4-store"

/** The test store: USD, EUR, JPY (0 decimals) and KWD (3 decimals) regions, all M4 providers enabled. */
export async function seedTestStore(container: MedusaContainer) {
  const providers = ["pp_m4_m4", "pp_m4_hold", "pp_m4_wallet", "pp_system_default"]
  return seedM4Store(container, {
    regions: [
      { name: "US", currency_code: "usd", countries: ["us"], payment_providers: providers },
      { name: "Europe", currency_code: "eur", countries: ["de", "fr"], payment_providers: providers },
      { name: "Japan", currency_code: "jpy", countries: ["jp"], payment_providers: providers },
      { name: "Kuwait", currency_code: "kwd", countries: ["kw"], payment_providers: providers },
    ],
    products: [
      {
        title: "M4 T-shirt",
        handle: "m4-shirt",
        prices: { usd: "19.99", eur: "18.50", jpy: "2980", kwd: "6.125" },
      },
    ],
    shipping: { usd: "5", eur: "4.5", jpy: "700", kwd: "1.5" },
  })
}
