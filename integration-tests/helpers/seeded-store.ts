import type { MedusaContainer } from "@medusajs/framework/types"
import { createAdminUser } from "./admin-auth"
import { AdminApi } from "./admin-api"
import { M4TestEnv, sandboxControls } from "./m4-test-env"
import { seedTestStore } from "./seed"
import { Storefront } from "./storefront"

type RunnerOptions = { api: unknown; getContainer: () => MedusaContainer }

export type SeededStoreContext = {
  store: Awaited<ReturnType<typeof seedTestStore>>
  shop: Storefront
  admin: AdminApi
  /** a US cart with one T-shirt (19.99 + 5.00 shipping), e-mail, address and shipping method */
  usCart: (quantity?: number) => ReturnType<Storefront["readyCart"]>
}

/**
 * Before every test (the runner restores an empty database each time): the seeded store, a shopper
 * on the Store API, an admin on the Admin API, and a sandbox without faults.
 */
export function useSeededStore(m4: M4TestEnv, { api, getContainer }: RunnerOptions): SeededStoreContext {
  const ctx = {} as SeededStoreContext
  beforeEach(async () => {
    ctx.store = await seedTestStore(getContainer())
    ctx.shop = new Storefront(api as never, ctx.store.publishable_key)
    ctx.admin = new AdminApi(api as never, (await createAdminUser(getContainer())).headers)
    ctx.usCart = (quantity = 1) =>
      ctx.shop.readyCart({
        region_id: ctx.store.regions.US.id,
        variant_id: ctx.store.products[0].variant_id,
        country_code: "us",
        quantity,
      })
    await sandboxControls(m4).clearFaults()
  })
  return ctx
}
