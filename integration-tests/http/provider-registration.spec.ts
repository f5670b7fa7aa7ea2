import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminUser } from "../helpers/admin-auth"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("M4 provider registration", () => {
      it("lists pp_m4_m4 in the admin API", async () => {
        const { headers } = await createAdminUser(getContainer())
        const response = await api.get("/admin/payments/payment-providers?limit=100", { headers })
        expect(response.status).toBe(200)
        const ids = response.data.payment_providers.map((p: { id: string }) => p.id)
        expect(ids).toContain("pp_m4_m4")
        const m4 = response.data.payment_providers.find((p: { id: string }) => p.id === "pp_m4_m4")
        expect(m4.is_enabled).toBe(true)
      })
    })
  },
})
