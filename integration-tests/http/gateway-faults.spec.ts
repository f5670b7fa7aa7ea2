import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminUser } from "../helpers/admin-auth"
import { AdminApi } from "../helpers/admin-api"
import { useM4Sandbox } from "../helpers/m4-test-env"
import { seedTestStore } from "../helpers/seed"
import { shopperOnPayPage, Storefront } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

// M4_TIMEOUT_MS is 1500 in tests: a hung request becomes an unknown outcome quickly.
const m4 = useM4Sandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedTestStore>>
    let shop: Storefront
    let admin: AdminApi

    beforeEach(async () => {
      store = await seedTestStore(getContainer())
      shop = new Storefront(api as never, store.publishable_key)
      admin = new AdminApi(api as never, (await createAdminUser(getContainer())).headers)
      await fetch(`${m4.sandbox.url}/_sandbox/faults`, { method: "DELETE" })
    })

    const fault = (rule: Record<string, unknown>) =>
      fetch(`${m4.sandbox.url}/_sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(rule),
      })
    const invoicesOf = (sessionId: string) =>
      [...m4.sandbox.state.invoices.values()].filter((i) => i.shop_order_id === sessionId)
    const refundsOf = (invoiceId: number) =>
      [...m4.sandbox.state.refunds.values()].filter((r) => r.invoice_id === invoiceId)
    const usCart = () =>
      shop.readyCart({ region_id: store.regions.US.id, variant_id: store.products[0].variant_id, country_code: "us" })

    it("issuing the invoice: a 5xx is retried, a lost answer never leads to a second invoice", async () => {
      await fault({ type: "http_5xx", endpoint: "invoice/create", status: 502, count: 1 })
      const cart = await usCart()
      const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(session.status).toBe("pending")
      expect(invoicesOf(session.id)).toHaveLength(1)

      // the invoice is created but the answer never arrives (twice: the retry is refused as a duplicate)
      await fault({ type: "hang_after", endpoint: "invoice/create", count: 1 })
      const cart2 = await usCart()
      const before = m4.sandbox.state.invoices.size
      const failed = await shop.initiatePayment(cart2.id, "pp_m4_m4").catch((e) => e.response)
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect(failed.data.message).toContain("try again")
      expect(m4.sandbox.state.invoices.size).toBe(before + 1) // one invoice, not two

      // the shopper tries again: a fresh session works
      const retry = await shop.initiatePayment(cart2.id, "pp_m4_m4")
      await shopperOnPayPage(retry.data.redirect, "pay")
      expect((await shop.complete(cart2.id)).data.type).toBe("order")
    })

    it("status check: when M4 cannot answer the cart is not completed, and completes once it can", async () => {
      const cart = await usCart()
      const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      await fault({ type: "http_5xx", endpoint: "invoice/check", status: 503, count: 2 })
      const first = await shop.complete(cart.id).catch((e) => e.response)
      expect(first.data.type).not.toBe("order")
      expect(await admin.orders()).toHaveLength(0)
      const second = await shop.complete(cart.id)
      expect(second.data.type).toBe("order")
      expect((await admin.payment(second.data.order.id)).captures).toHaveLength(1)
    })

    it("capture: a charge whose answer is lost is confirmed by status, a charge that never ran is retried once", async () => {
      const orderFor = async () => {
        const cart = await usCart()
        const session = await shop.initiatePayment(cart.id, "pp_m4_hold")
        await shopperOnPayPage(session.data.redirect, "pay")
        const completed = await shop.complete(cart.id)
        return { orderId: completed.data.order.id, invoice: invoicesOf(session.id)[0] }
      }

      const a = await orderFor()
      await fault({ type: "hang_after", endpoint: "invoice/charge", count: 1 })
      await admin.capture((await admin.payment(a.orderId)).id)
      expect(a.invoice.status).toBe(4)
      expect((await admin.payment(a.orderId)).captures).toHaveLength(1)

      const b = await orderFor()
      await fault({ type: "hang_before", endpoint: "invoice/charge", count: 1 })
      const payment = await admin.payment(b.orderId)
      const refused = await admin.capture(payment.id).catch((e) => e.response)
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(b.invoice.status).toBe(8) // nothing moved, and Medusa agrees:
      expect((await admin.payment(b.orderId)).captures).toHaveLength(0)
      await admin.capture(payment.id)
      expect(b.invoice.status).toBe(4)
      expect((await admin.payment(b.orderId)).captures).toHaveLength(1)
    })

    it("refund: a lost answer is resolved without refunding twice; an unanswered one records nothing", async () => {
      const cart = await usCart()
      const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const orderId = (await shop.complete(cart.id)).data.order.id
      const invoice = invoicesOf(session.id)[0]
      const payment = await admin.payment(orderId)

      await fault({ type: "hang_after", endpoint: "invoice/create-refund", count: 1 })
      await admin.refund(payment.id, 3)
      expect(refundsOf(invoice.id)).toHaveLength(1)
      expect((await admin.payment(orderId)).refunds).toHaveLength(1)

      await fault({ type: "http_5xx", endpoint: "invoice/create-refund", status: 500, count: 2 })
      const unknown = await admin.refund(payment.id, 4).catch((e) => e.response)
      expect(unknown.status).toBeGreaterThanOrEqual(400)
      expect(refundsOf(invoice.id)).toHaveLength(1)
      expect((await admin.payment(orderId)).refunds).toHaveLength(1)

      await admin.refund(payment.id, 4)
      expect(refundsOf(invoice.id).map((r) => r.amount).sort()).toEqual(["3.00", "4.00"])
      expect((await admin.payment(orderId)).refunds).toHaveLength(2)
    })
  },
})
