import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { useM4Sandbox } from "../helpers/m4-test-env"
import { createAdminUser } from "../helpers/admin-auth"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })

    describe("M4 provider registration", () => {
      it("lists each M4 provider entry as pp_m4_{id}, enabled", async () => {
        const { headers } = await createAdminUser(getContainer(), "registration@m4.test")
        const response = await api.get("/admin/payments/payment-providers?limit=100", { headers })
        expect(response.status).toBe(200)
        const providers = response.data.payment_providers as { id: string; is_enabled: boolean }[]
        for (const id of ["pp_m4_m4", "pp_m4_hold", "pp_m4_wallet"]) {
          expect(providers.find((p) => p.id === id)?.is_enabled).toBe(true)
        }
      })

      it("two M4 providers of one store tell M4 their own notification routes (callback_url from options.id)", async () => {
        const urls: Record<string, string | undefined> = {}
        for (const [providerId, id] of [
          ["pp_m4_m4", "m4"],
          ["pp_m4_hold", "hold"],
        ] as const) {
          const cart = await ctx.usCart()
          const session = await ctx.shop.initiatePayment(cart.id, providerId)
          const invoice = [...m4.sandbox.state.invoices.values()].find((i) => i.shop_order_id === session.id)
          urls[id] = invoice?.callback_url
        }
        expect(urls).toEqual({
          m4: `${m4.storeUrl}/hooks/payment/m4_m4`,
          hold: `${m4.storeUrl}/hooks/payment/m4_hold`,
        })
      })
    })
  },
})
