import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { unholdInvoice } from "../../src/sandbox/domain/invoices"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"

/**
 * Two-step holds over time: M4 releases a hold after 5 days. This store warns after 1.5 s (instead
 * of 4 days), checks holds every 0.5 s (instead of hourly) and opted in to capture old holds.
 */
jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox({
  env: {
    M4_RECONCILE_SCHEDULE_MS: "300,600",
    M4_RECONCILE_CRON: "* * * * * *",
    M4_HOLD_WARN_AFTER_MS: "1500",
    M4_HOLD_CHECK_EVERY_MS: "500",
    M4_HOLD_EXPIRY_ACTION: "capture",
  },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { fault, invoicesOf } = sandboxControls(m4)

    async function heldOrder() {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect(data.type).toBe("order")
      return { orderId: data.order.id as string, session }
    }

    it("a hold older than the warning age is flagged on the order and, opted in, captured", async () => {
      const { orderId, session } = await heldOrder()
      expect((await ctx.admin.payment(orderId)).captured_at).toBeNull()
      const order = await waitFor(
        async () => {
          const o = await ctx.admin.order(orderId)
          return o.metadata?.m4_hold_expires_at && o.payment_collections[0].payments[0].captured_at && o
        },
        { what: "the old hold to be flagged and captured", timeoutMs: 30_000 }
      )
      expect(new Date(order.metadata.m4_hold_expires_at).getTime()).toBeGreaterThan(Date.now())
      expect(order.payment_collections[0].payments[0].captures).toHaveLength(1)
      expect(invoicesOf(session.id)[0].status).toBe(4)
    })

    it("a hold M4 released by itself cancels the payment in Medusa", async () => {
      const { orderId, session } = await heldOrder()
      await fault({ type: "drop_callbacks" }) // M4 does not tell the store
      unholdInvoice(m4.sandbox.context, invoicesOf(session.id)[0])
      const order = await waitFor(
        async () => {
          const o = await ctx.admin.order(orderId)
          return o.payment_collections[0].payments[0].canceled_at && o.metadata?.m4_payment_status && o
        },
        { what: "the released hold to cancel the payment and flag the order", timeoutMs: 30_000 }
      )
      expect(order.metadata.m4_payment_status).toBe("hold_released")
      expect(order.payment_collections[0].payments[0].captures).toHaveLength(0)
    })
  },
})
