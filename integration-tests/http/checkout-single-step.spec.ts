import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminUser } from "../helpers/admin-auth"
import { useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { seedTestStore } from "../helpers/seed"
import { shopperOnPayPage, Storefront } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedTestStore>>
    let shop: Storefront
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      store = await seedTestStore(getContainer())
      shop = new Storefront(api as never, store.publishable_key)
      admin = await createAdminUser(getContainer())
    })

    const adminOrder = async (orderId: string) =>
      (
        await api.get(
          `/admin/orders/${orderId}?fields=*payment_collections,*payment_collections.payments,*payment_collections.payments.captures`,
          { headers: admin.headers }
        )
      ).data.order

    it("single-step: pay on the M4 page, return, complete → order with a captured payment", async () => {
      const cart = await shop.readyCart({ region_id: store.regions.US.id, variant_id: store.products[0].variant_id, country_code: "us" })
      const session = await shop.initiatePayment(cart.id, "pp_m4_m4")

      expect(session.status).toBe("pending")
      expect(session.data.redirect.url).toContain(m4.sandbox.url)
      expect(session.data.amount).toBe("24.99") // 19.99 + 5.00 shipping, exact
      expect(JSON.stringify(session.data)).not.toContain("sandbox-secret-key")
      const invoice = [...m4.sandbox.state.invoices.values()].find((i) => i.shop_order_id === session.id)!
      expect(invoice.amount).toBe("24.99")
      expect(invoice.callback_url).toBe(`${m4.storeUrl}/hooks/payment/m4_m4`)

      const back = await shopperOnPayPage(session.data.redirect, "pay")
      expect(back.location).toContain(`cart_id=${cart.id}`)
      expect(back.location).toContain("result=success")

      const completed = await shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      const order = await adminOrder(completed.data.order.id)
      const payment = order.payment_collections[0].payments[0]
      expect(payment.provider_id).toBe("pp_m4_m4")
      expect(payment.captured_at).toBeTruthy()
      expect(Number(payment.captures[0].amount)).toBe(24.99)
      expect(payment.data.invoice_id).toBe(invoice.id)

      // the success notification arrives afterwards: still one order, one capture
      await waitFor(
        async () => {
          const { data } = await api.get(`/admin/orders?fields=id`, { headers: admin.headers })
          const o = await adminOrder(completed.data.order.id)
          return data.orders.length === 1 && o.payment_collections[0].payments[0].captures.length === 1 &&
            [...m4.sandbox.state.deliveries.values()].some((d) => d.ref_id === invoice.id && d.status === "delivered")
        },
        { what: "the success notification to be delivered" }
      )
    })

    it("the shopper never returns: the notification alone produces the order", async () => {
      const cart = await shop.readyCart({ region_id: store.regions.US.id, variant_id: store.products[0].variant_id, country_code: "us" })
      const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")

      const order = await waitFor(
        async () => {
          const { data } = await api.get(`/admin/orders?fields=id,*payment_collections`, { headers: admin.headers })
          return data.orders[0]
        },
        { what: "an order created from the M4 notification", timeoutMs: 30000 }
      )
      const full = await adminOrder(order.id)
      const payment = full.payment_collections[0].payments[0]
      expect(payment.captured_at).toBeTruthy()
      expect(Number(payment.amount)).toBe(24.99)
    })
  },
})
