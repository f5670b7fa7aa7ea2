import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { CallbackField, postNotification, SANDBOX_SECRET, signedBody } from "../helpers/signed-callback"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

// This store runs its M4 card providers with orderBeforePayment: true.
const m4 = useM4Sandbox({ env: { M4_ORDER_BEFORE_PAYMENT: "true" } })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })

    it("the order exists before payment; M4's notification authorizes it later", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      const completed = await ctx.shop.complete(cart.id) // before paying
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id
      expect((await ctx.admin.order(orderId)).payment_collections[0].payments ?? []).toHaveLength(0)

      await shopperOnPayPage(session.data.redirect, "pay")
      const payment = await waitFor(async () => (await ctx.admin.order(orderId)).payment_collections[0].payments?.[0], {
        what: "the hold notification to create the authorized payment",
        timeoutMs: 30000,
      })
      expect(payment.captured_at).toBeNull()
      expect(payment.data.m4_status).toBe(8)
      expect(await ctx.admin.orders()).toHaveLength(1)
    })

    it("a payment M4 rejects after the order was created cancels that order", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const orderId = (await ctx.shop.complete(cart.id)).data.order.id
      await shopperOnPayPage(session.data.redirect, "decline")
      const order = await waitFor(
        async () => {
          const o = await ctx.admin.order(orderId)
          return (o.status === "canceled" || o.metadata?.m4_payment_status === "rejected") && o
        },
        { what: "the rejection to cancel or flag the order", timeoutMs: 30000 }
      )
      expect(order.status).toBe("canceled")
    })

    it("a signed 'rejected' for an invoice M4 shows as paid does not cancel the order: it captures it", async () => {
      const { fault, invoicesOf } = sandboxControls(m4)
      await fault({ type: "drop_callbacks" })
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const orderId = (await ctx.shop.complete(cart.id)).data.order.id
      await shopperOnPayPage(session.data.redirect, "pay")
      const invoice = invoicesOf(session.id)[0]
      expect(invoice.status).toBe(4)
      const fields: CallbackField[] = [
        ["status", "rejected", "str"],
        ["payment_id", String(invoice.id), "num"],
        ["shop_order_id", session.id, "str"],
        ["shop_id", "1520", "num"],
        ["shop_currency", "840", "num"],
        ["shop_amount", "24.99", "num"],
        ["error_code", "0", "num"],
      ]
      expect((await postNotification(m4.storeUrl, signedBody(fields, SANDBOX_SECRET))).status).toBe(200)
      const notifications = getContainer().resolve(M4_LEDGER_MODULE) as any
      const record = await waitFor(
        async () => (await notifications.listM4Notifications({ session_id: session.id, state: "processed" }))[0],
        { what: "the rejected notification to be processed", timeoutMs: 30000 }
      )
      expect(record.outcome).toBe("captured")
      const order = await ctx.admin.order(orderId)
      expect(order.status).not.toBe("canceled")
      expect(order.payment_collections[0].payments[0].captured_at).toBeTruthy()
    })
  },
})
