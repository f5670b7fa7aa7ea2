import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { postNotification, SANDBOX_SECRET, signedBody } from "../helpers/signed-callback"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { fault, invoicesOf } = sandboxControls(m4)

    /** A paid order through the given provider: cart → session → pay on M4's page → complete. */
    async function paidOrder(providerId: string) {
      const cart = await ctx.shop.readyCart({
        region_id: ctx.store.regions.US.id,
        variant_id: ctx.store.products[0].variant_id,
        country_code: "us",
        quantity: 2,
      })
      const session = await ctx.shop.initiatePayment(cart.id, providerId)
      await shopperOnPayPage(session.data.redirect, "pay")
      const completed = await ctx.shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      return { orderId: completed.data.order.id as string, session, invoice: invoicesOf(session.id)[0] }
    }

    it("two-step: hold → order with an authorized payment → admin capture charges the invoice", async () => {
      const { orderId, invoice, session } = await paidOrder("pp_m4_hold")
      expect(session.data.mode).toBe("two_step")
      expect(invoice.status).toBe(8)
      // each provider entry gets notifications on its own webhook route
      expect(invoice.callback_url).toBe(`${m4.storeUrl}/hooks/payment/m4_hold`)
      let payment = await ctx.admin.payment(orderId)
      expect(payment.captured_at).toBeNull()
      expect(payment.data.m4_status).toBe(8)

      await ctx.admin.capture(payment.id)
      expect(invoicesOf(session.id)[0].status).toBe(4)
      payment = await ctx.admin.payment(orderId)
      expect(payment.captured_at).toBeTruthy()
      expect(payment.captures).toHaveLength(1)
      expect(Number(payment.captures[0].amount)).toBe(44.98) // 2 × 19.99 + 5.00

      // M4's success notification afterwards changes nothing: still one capture
      const notifications = getContainer().resolve(M4_LEDGER_MODULE) as any
      await waitFor(
        async () =>
          (await notifications.listM4Notifications({ invoice_id: String(invoice.id), status: "success" })).length === 1,
        { what: "the success notification to be stored" }
      )
      expect((await ctx.admin.payment(orderId)).captures).toHaveLength(1)
    })

    it("two-step cancel: order cancel → invoice/unhold → payment canceled", async () => {
      const { orderId, session } = await paidOrder("pp_m4_hold")
      await ctx.admin.cancelOrder(orderId)
      expect(invoicesOf(session.id)[0].status).toBe(6)
      const order = await ctx.admin.order(orderId)
      expect(order.status).toBe("canceled")
      expect(order.payment_collections[0].payments[0].canceled_at).toBeTruthy()
      // the sandbox's balance hold was released, not credited
      const rejected = await waitFor(
        async () =>
          (
            await (getContainer().resolve(M4_LEDGER_MODULE) as any).listM4Notifications({
              session_id: session.id,
              status: "rejected",
            })
          )[0]?.outcome &&
          (
            await (getContainer().resolve(M4_LEDGER_MODULE) as any).listM4Notifications({
              session_id: session.id,
              status: "rejected",
            })
          )[0],
        { what: "the rejected notification after unhold" }
      )
      expect(rejected.outcome).toBe("payment_already_settled")
      expect((await ctx.admin.order(orderId)).status).toBe("canceled")
    })

    it("refunds: partial then the rest; M4's SUCCESS notifications are recorded on the payment", async () => {
      const { orderId, invoice } = await paidOrder("pp_m4_m4")
      const payment = await ctx.admin.payment(orderId)
      await ctx.admin.refund(payment.id, 10.5)
      await ctx.admin.refund(payment.id, 34.48)
      const refunds = [...m4.sandbox.state.refunds.values()].filter((r) => r.invoice_id === invoice.id)
      expect(refunds.map((r) => r.amount).sort()).toEqual(["10.50", "34.48"])
      const medusaRefunds = (await ctx.admin.payment(orderId)).refunds
      expect(medusaRefunds).toHaveLength(2)
      expect(refunds.map((r) => r.shop_refund_id).sort()).toEqual(medusaRefunds.map((r: any) => r.id).sort())

      const m4Refunds = await waitFor(
        async () => {
          const { invoice: onOrder } = await ctx.admin.m4(orderId)
          const list = onOrder.refunds.filter((r: any) => r.kind === "refund")
          return list.length === 2 && list.every((r: any) => r.status === "SUCCESS") && list
        },
        { what: "both refund notifications (SUCCESS) to be applied", timeoutMs: 30000 }
      )
      expect(m4Refunds.map((r: any) => r.shop_refund_id).sort()).toEqual(medusaRefunds.map((r: any) => r.id).sort())
      expect((await ctx.admin.payment(orderId)).data.invoice_id).toBe(invoice.id) // never overwritten
      // more than what is left is refused by Medusa before M4 is asked
      await expect(ctx.admin.refund(payment.id, 1)).rejects.toMatchObject({ response: { status: 400 } })
      expect([...m4.sandbox.state.refunds.values()].filter((r) => r.invoice_id === invoice.id)).toHaveLength(2)
    })

    it("a signed refund notification that is not the refund the store asked for changes nothing", async () => {
      const { orderId, invoice } = await paidOrder("pp_m4_m4")
      const payment = await ctx.admin.payment(orderId)
      await ctx.admin.refund(payment.id, 5)
      const [refund] = (await ctx.admin.payment(orderId)).refunds
      // signed with the shop's key, but for another amount than the 5.00 refunded
      const body = signedBody(
        [
          ["shop_refund_id", refund.id, "str"],
          ["status", "FAILED", "str"],
          ["invoice_id", String(invoice.id), "num"],
          ["amount", "44.98", "str"],
          ["currency", "USD", "str"],
          ["error_code", "0", "num"],
        ],
        SANDBOX_SECRET
      )
      expect((await postNotification(m4.storeUrl, body)).status).toBe(200)
      const notifications = getContainer().resolve(M4_LEDGER_MODULE) as any
      const refunds = await waitFor(
        async () => {
          const list = (await ctx.admin.m4(orderId)).invoice.refunds
          return list[0]?.status === "SUCCESS" && list
        },
        { what: "the genuine SUCCESS notification", timeoutMs: 30000 }
      )
      expect(refunds).toHaveLength(1)
      // not the refund the store asked for (other money): refused at the door, never stored
      expect(await notifications.listM4Notifications({ shop_refund_id: refund.id, status: "FAILED" })).toHaveLength(0)
      expect((await ctx.admin.payment(orderId)).refunds).toHaveLength(1)
      expect((await ctx.admin.order(orderId)).metadata?.m4_failed_refunds).toBeUndefined()
    })

    it("a refund M4 reports FAILED is visible to the admin", async () => {
      const { orderId } = await paidOrder("pp_m4_m4")
      await fault({ type: "fail_refunds", count: 1 })
      const payment = await ctx.admin.payment(orderId)
      await ctx.admin.refund(payment.id, 5)
      const order = await waitFor(
        async () => {
          const o = await ctx.admin.order(orderId)
          return (o.metadata?.m4_failed_refunds as string[] | undefined)?.length === 1 && o
        },
        { what: "the FAILED refund to be flagged on the order", timeoutMs: 30000 }
      )
      const refundId = order.metadata.m4_failed_refunds[0]
      const record = (await ctx.admin.m4(orderId)).invoice.refunds.find((r: any) => r.shop_refund_id === refundId)
      expect(record.status).toBe("FAILED")
      const stored = await (getContainer().resolve(M4_LEDGER_MODULE) as any).listM4Notifications({
        shop_refund_id: refundId,
      })
      expect(stored.map((n: any) => n.status)).toContain("FAILED")
    })
  },
})
