import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import {
  invoiceCallbackFields,
  postNotification,
  SANDBOX_SECRET as SECRET,
  signedBody,
} from "../helpers/signed-callback"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox()

function successCallback(opts: { session: string; invoice: number; amount: string; shop?: string; currency?: string }) {
  return invoiceCallbackFields({ status: "success", ...opts })
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { fault, invoicesOf } = sandboxControls(m4)
    const notifications = () => getContainer().resolve(M4_LEDGER_MODULE) as any

    const postHook = (body: string) => postNotification(m4.storeUrl, body)

    it("forged, altered, foreign and mismatched notifications are rejected and change nothing", async () => {
      const target = await ctx.usCart()
      const targetSession = await ctx.shop.initiatePayment(target.id, "pp_m4_m4")
      const invoice = invoicesOf(targetSession.id)[0]
      const genuine = { session: targetSession.id, invoice: invoice.id, amount: "24.99" }

      const bodies = [
        signedBody(successCallback(genuine), "a-guessed-secret"), // forged: wrong key
        signedBody(successCallback(genuine), SECRET).replace('"shop_amount": 24.99', '"shop_amount": 0.01'), // altered after signing
        signedBody(successCallback(genuine), SECRET).replace(/"sign": "[0-9a-f]+"/, '"sign": ""'), // no signature
        signedBody(successCallback({ ...genuine, amount: "0.01" }), SECRET), // signed, but not what the shop asked for
        signedBody(successCallback({ ...genuine, currency: "978" }), SECRET), // signed, wrong currency
        signedBody(successCallback({ ...genuine, shop: "999" }), SECRET), // another shop
        signedBody(successCallback({ ...genuine, session: "payses_unknown" }), SECRET), // unknown session
      ]
      for (const body of bodies) {
        expect((await postHook(body)).status).toBe(200) // Medusa answers 200 before processing
      }
      expect((await postHook("{not json")).status).toBe(400) // Medusa's body parser refuses it

      // A sentinel: a genuine payment on another cart, notified after the forgeries.
      const sentinel = await ctx.usCart()
      const sentinelSession = await ctx.shop.initiatePayment(sentinel.id, "pp_m4_m4")
      await shopperOnPayPage(sentinelSession.data.redirect, "pay")
      await waitFor(async () => (await ctx.admin.orders()).length === 1, {
        what: "the sentinel's order (all earlier notifications processed by then)",
        timeoutMs: 30000,
      })

      const orders = await ctx.admin.orders()
      expect(orders).toHaveLength(1)
      const targetNow = await ctx.shop.cart(target.id)
      expect(targetNow.completed_at).toBeFalsy()
      expect(targetNow.payment_collection.payment_sessions[0].status).toBe("pending")
      expect(await notifications().listM4Notifications({ session_id: targetSession.id })).toHaveLength(0)
      expect(invoicesOf(targetSession.id)[0].status).toBeLessThan(4)
    })

    it("the same success notification five times: one order, one capture, duplicates counted", async () => {
      await fault({ type: "duplicate_callbacks", endpoint: "invoice", n: 4 })
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay") // the shopper never comes back

      const stored = await waitFor(
        async () => {
          const [n] = await notifications().listM4Notifications({ session_id: session.id })
          return n?.duplicate_count === 4 && n
        },
        { what: "five deliveries recorded as one notification", timeoutMs: 30000 }
      )
      expect(stored.status).toBe("success")
      const order = await waitFor(async () => (await ctx.admin.orders())[0], { what: "the order", timeoutMs: 30000 })
      const payment = await ctx.admin.payment(order.id)
      expect(payment.captures).toHaveLength(1)
      expect(await ctx.admin.orders()).toHaveLength(1)
    })

    it("two-step notifications out of order (success before hold): one order, one capture", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      // hold back the hold and success notifications, then deliver them newest first
      await fault({ type: "reorder_callbacks", endpoint: "invoice", count: 2 })
      await shopperOnPayPage(session.data.redirect, "pay")
      const completed = await ctx.shop.complete(cart.id)
      const orderId = completed.data.order.id
      await ctx.admin.capture((await ctx.admin.payment(orderId)).id)

      await waitFor(
        async () => {
          const stored = await notifications().listM4Notifications({ session_id: session.id })
          return stored.length === 2 && stored
        },
        { what: "both reordered notifications to be stored", timeoutMs: 30000 }
      )
      const deliveries = [...m4.sandbox.state.deliveries.values()].filter(
        (d) => d.ref_id === invoicesOf(session.id)[0].id
      )
      const firstAttempt = (event: string) => Date.parse(deliveries.find((d) => d.event === event)!.attempts[0].at)
      expect(firstAttempt("success")).toBeLessThanOrEqual(firstAttempt("hold")) // success was sent first
      const payment = await ctx.admin.payment(orderId)
      expect(payment.captures).toHaveLength(1)
      expect(payment.captured_at).toBeTruthy()
      expect(await ctx.admin.orders()).toHaveLength(1)
    })
  },
})
