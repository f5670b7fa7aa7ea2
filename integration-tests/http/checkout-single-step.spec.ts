import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })

    it("single-step: pay on the M4 page, return, complete → order with a captured payment", async () => {
      const cart = await ctx.shop.readyCart({
        region_id: ctx.store.regions.US.id,
        variant_id: ctx.store.products[0].variant_id,
        country_code: "us",
      })
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")

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

      const completed = await ctx.shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      const order = await ctx.admin.order(completed.data.order.id)
      const payment = order.payment_collections[0].payments[0]
      expect(payment.provider_id).toBe("pp_m4_m4")
      expect(payment.captured_at).toBeTruthy()
      expect(Number(payment.captures[0].amount)).toBe(24.99)
      expect(payment.data.invoice_id).toBe(invoice.id)

      // the success notification arrives afterwards: still one order, one capture
      await waitFor(
        async () => {
          const o = await ctx.admin.order(completed.data.order.id)
          return (
            (await ctx.admin.orders()).length === 1 &&
            o.payment_collections[0].payments[0].captures.length === 1 &&
            [...m4.sandbox.state.deliveries.values()].some((d) => d.ref_id === invoice.id && d.status === "delivered")
          )
        },
        { what: "the success notification to be delivered" }
      )
    })

    it("the shopper never returns: the notification alone produces the order", async () => {
      const cart = await ctx.shop.readyCart({
        region_id: ctx.store.regions.US.id,
        variant_id: ctx.store.products[0].variant_id,
        country_code: "us",
      })
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")

      const order = await waitFor(
        async () => {
          return (await ctx.admin.orders())[0]
        },
        { what: "an order created from the M4 notification", timeoutMs: 30000 }
      )
      const full = await ctx.admin.order(order.id)
      const payment = full.payment_collections[0].payments[0]
      expect(payment.captured_at).toBeTruthy()
      expect(Number(payment.amount)).toBe(24.99)
    })
  },
})
