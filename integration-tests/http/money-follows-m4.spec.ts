import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import { reconcileM4Payments } from "../../src/settlement/reconcile-m4-payments"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { createAdminUser } from "../helpers/admin-auth"
import { useSeededStore } from "../helpers/seeded-store"
import { invoiceCallbackFields, postNotification, SANDBOX_SECRET, signedBody } from "../helpers/signed-callback"
import { shopperOnPayPage } from "../helpers/storefront"
import { expectBooksMatchM4 } from "../helpers/books"

/**
 * Medusa's payment state follows what M4 says when asked, never what a message says: lost
 * notifications are made good by the reconciliation, lying ones change nothing M4 does not
 * confirm, and refunds M4 refused leave Medusa's books. Real store, sandbox over HTTP, and a
 * pass-through that counts the store's gateway calls.
 */
jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox({
  countCalls: true,
  env: {
    // fast schedules for the test; the defaults are 1, 5, 15, 60 min and 2 s … 1 h
    M4_RECONCILE_SCHEDULE_MS: "300,600,1200",
    M4_RECONCILE_CRON: "* * * * * *",
    M4_NOTIFICATION_RETRY_MS: "300,600,1200,2400",
  },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { fault, invoicesOf, refundsOf } = sandboxControls(m4)
    const notifications = () => getContainer().resolve(M4_LEDGER_MODULE) as any
    const callsSince = (mark: number, method: string) => m4.calls.slice(mark).filter((c) => c === method).length

    /** Pays at M4 with every callback dropped: M4 has the money, the store heard nothing. */
    async function paidSilently(provider: string) {
      await fault({ type: "drop_callbacks" })
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, provider)
      await shopperOnPayPage(session.data.redirect, "pay")
      return { cart, session, invoice: invoicesOf(session.id)[0] }
    }

    async function processed(invoiceId: number, status: string) {
      return waitFor(
        async () => {
          const rows = await notifications().listM4Notifications({ invoice_id: String(invoiceId), status })
          return rows.length === 1 && rows[0].state === "processed" ? rows[0] : undefined
        },
        { what: `the ${status} notification of invoice ${invoiceId} to be processed`, timeoutMs: 30_000 }
      )
    }

    it("paid at M4, notification lost, shopper gone: the reconciliation alone creates the captured order", async () => {
      const { session, invoice } = await paidSilently("pp_m4_m4")
      expect(invoice.status).toBe(4)
      expect(await ctx.admin.orders()).toHaveLength(0)

      const [order] = await waitFor(
        async () => {
          const orders = await ctx.admin.orders()
          return orders.length ? orders : undefined
        },
        { what: "an order created by the reconciliation", timeoutMs: 30_000 }
      )
      const payment = await ctx.admin.payment(order.id)
      expect(payment.captured_at).toBeTruthy()
      expect(payment.captures).toHaveLength(1)
      expect(Number(payment.amount)).toBe(24.99)
      const record = await waitFor(
        async () => {
          const [row] = await notifications().listM4Invoices({ shop_order_id: session.id })
          return row?.settlement === "booked" && row.next_check_at === null && row
        },
        { what: "the invoice settled on the order and no longer checked" }
      )
      expect(record.m4_status).toBe(4)
      expect(record.state).toBe("paid")
      expect(await notifications().listM4Notifications({ session_id: session.id })).toHaveLength(0)
    })

    it("a signed 'success' for an invoice M4 still holds authorizes, never charges; another provider's route is refused", async () => {
      const { session, invoice } = await paidSilently("pp_m4_hold")
      expect(invoice.status).toBe(8)
      const mark = m4.calls.length
      const body = signedBody(
        invoiceCallbackFields({ status: "success", session: session.id, invoice: invoice.id, amount: "24.99" }),
        SANDBOX_SECRET
      )

      // the hold provider's session, on the single-step provider's route: not even stored
      expect((await postNotification(m4.storeUrl, body, "m4_m4")).status).toBe(200)
      // on its own route: stored, then M4 is asked and says "held"
      expect((await postNotification(m4.storeUrl, body, "m4_hold")).status).toBe(200)
      const record = await processed(invoice.id, "success")
      expect(record.provider_id).toBe("pp_m4_hold")
      expect(record.outcome).toBe("authorized")
      expect(await notifications().listM4Notifications({ session_id: session.id })).toHaveLength(1)

      const [order] = await ctx.admin.orders()
      const payment = await ctx.admin.payment(order.id)
      expect(payment.captured_at).toBeNull()
      expect(payment.captures).toHaveLength(0)
      expect(invoicesOf(session.id)[0].status).toBe(8) // the shopper's money is still only held
      expect(callsSince(mark, "invoice/charge")).toBe(0)
      expect(callsSince(mark, "invoice/check")).toBeGreaterThanOrEqual(1)

      // the merchant captures: that is when the money is charged, once (charge-first is unit-tested;
      // the reconciliation may look at this hold at the same moment, so other calls are not counted)
      const beforeCapture = m4.calls.length
      await ctx.admin.capture(payment.id)
      expect(callsSince(beforeCapture, "invoice/charge")).toBe(1)
      expect(invoicesOf(session.id)[0].status).toBe(4)
    })

    it("a signed 'rejected' for an invoice M4 shows as paid does not ask the shopper to pay again", async () => {
      const { cart, session, invoice } = await paidSilently("pp_m4_m4")
      const body = signedBody(
        invoiceCallbackFields({ status: "rejected", session: session.id, invoice: invoice.id, amount: "24.99" }),
        SANDBOX_SECRET
      )
      expect((await postNotification(m4.storeUrl, body)).status).toBe(200)
      const record = await processed(invoice.id, "rejected")
      expect(record.outcome).toBe("captured") // M4 said paid

      const [order] = await ctx.admin.orders()
      expect((await ctx.admin.payment(order.id)).captures).toHaveLength(1)
      const completed = await ctx.shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      expect(completed.data.order.id).toBe(order.id)
    })

    it("a 'hold' for an invoice M4 shows as paid captures it, once", async () => {
      const { session, invoice } = await paidSilently("pp_m4_m4")
      const body = signedBody(
        invoiceCallbackFields({ status: "hold", session: session.id, invoice: invoice.id, amount: "24.99" }),
        SANDBOX_SECRET
      )
      await Promise.all([postNotification(m4.storeUrl, body), postNotification(m4.storeUrl, body)])
      const record = await processed(invoice.id, "hold")
      expect(record.outcome).toBe("captured")
      expect(record.duplicate_count).toBe(1)
      const [order] = await ctx.admin.orders()
      expect((await ctx.admin.payment(order.id)).captures).toHaveLength(1)
    })

    it("a notification whose amount differs in the third decimal is refused, not rounded", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const invoice = invoicesOf(session.id)[0]
      expect(invoice.amount).toBe("24.99")
      const body = signedBody(
        invoiceCallbackFields({ status: "success", session: session.id, invoice: invoice.id, amount: "24.994" }),
        SANDBOX_SECRET
      )
      expect((await postNotification(m4.storeUrl, body)).status).toBe(200)
      // a genuine notification afterwards proves the first was handled (and refused) by then
      await shopperOnPayPage(session.data.redirect, "pay")
      await processed(invoice.id, "success")
      const stored = await notifications().listM4Notifications({ invoice_id: String(invoice.id) })
      expect(stored.map((n: any) => n.amount)).toEqual(["24.99"])
    })

    it("a total finer than the currency allows (24.995 USD) is refused with a clear error, never rounded", async () => {
      const { headers } = await createAdminUser(getContainer(), "prices@m4.test")
      const product = ctx.store.products[0]
      await api.post(
        `/admin/products/${product.id}/variants/${product.variant_id}`,
        { prices: [{ currency_code: "usd", amount: 19.995 }] },
        { headers }
      )
      const cart = await ctx.usCart()
      expect(String(cart.total)).toBe("24.995")
      const before = m4.sandbox.state.invoices.size
      const refused = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4").catch((e) => e.response)
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(refused.data.message).toContain("24.995 USD is finer than USD allows (2 decimal places)")
      expect(m4.sandbox.state.invoices.size).toBe(before) // nothing invoiced at M4, not 25.00
    })

    it("M4 unreachable while a notification is processed: nothing changes, it is retried and applied", async () => {
      await fault({ type: "http_5xx", endpoint: "invoice/check", status: 503, count: 4 })
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const invoice = invoicesOf(session.id)[0]
      const record = await processed(invoice.id, "success")
      expect(record.attempts).toBeGreaterThanOrEqual(2)
      // applied by the retry, or found applied by the reconciliation that asked M4 meanwhile
      expect(["captured", "already_captured"]).toContain(record.outcome)
      expect(await ctx.admin.orders()).toHaveLength(1)
    })

    it("a refund M4 reports FAILED later is taken out of Medusa's totals and flagged", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      const orderId = data.order.id
      const payment = await ctx.admin.payment(orderId)
      const invoice = invoicesOf(session.id)[0]

      await fault({ type: "fail_refunds", count: 1 })
      await ctx.admin.refund(payment.id, 10)
      await waitFor(async () => refundsOf(invoice.id)[0]?.status === "FAILED", { what: "M4 to fail the refund" })
      await processed(invoice.id, "FAILED")

      const after = await ctx.admin.payment(orderId)
      expect(after.refunds).toHaveLength(0)
      expect((await ctx.admin.m4(orderId)).invoice.refunds).toEqual([
        expect.objectContaining({ status: "FAILED", amount: "10.00", undone: true }),
      ])
      const order = await ctx.admin.order(orderId)
      expect(order.metadata.m4_failed_refunds).toHaveLength(1)
      expect(order.payment_status).toBe("captured")
      // Medusa's books (paid, refunded, credit lines, total) equal M4's: nothing refunded
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })

      // a refund M4 makes succeed stays
      await ctx.admin.refund(payment.id, 5)
      await waitFor(async () => refundsOf(invoice.id).some((r) => r.status === "SUCCESS"), {
        what: "the second refund",
      })
      await processed(invoice.id, "SUCCESS")
      const final = await ctx.admin.payment(orderId)
      expect(final.refunds.map((r: any) => Number(r.amount))).toEqual([5])
      const books = await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })
      expect(books.medusa).toMatchObject({ refunded_total: "5", credit_line_total: "5", total: "19.99" })
    })

    it("three refunds fired at once by two admins: none is told no for money M4 moved; the FAILED ones leave the books", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const orderId = (await ctx.shop.complete(cart.id)).data.order.id
      const payment = await ctx.admin.payment(orderId)
      const invoice = invoicesOf(session.id)[0]

      // all three succeed at M4: all three are 200, none refunded twice
      const ok = await Promise.all([1, 2, 3].map(() => ctx.admin.refund(payment.id, 2).then((r) => r.status)))
      expect(ok).toEqual([200, 200, 200])
      await waitFor(async () => refundsOf(invoice.id).filter((r) => r.status === "SUCCESS").length === 3, {
        what: "three refunds made by M4",
      })
      expect((await ctx.admin.payment(orderId)).refunds).toHaveLength(3)

      // three more, all FAILED at M4: whatever each admin was told, none stays in Medusa's books
      await fault({ type: "fail_refunds", count: 3 })
      await Promise.all([1, 2, 3].map(() => ctx.admin.refund(payment.id, 2).catch((e) => e.response)))
      await waitFor(async () => refundsOf(invoice.id).filter((r) => r.status === "FAILED").length === 3, {
        what: "M4 to fail the three refunds",
      })
      await waitFor(async () => (await ctx.admin.payment(orderId)).refunds.length === 3, {
        what: "the FAILED refunds to leave Medusa's books",
        timeoutMs: 30_000,
      })
      const books = await waitFor(
        async () => {
          try {
            return await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })
          } catch {
            return undefined
          }
        },
        { what: "the books to equal M4's", timeoutMs: 30_000 }
      )
      expect(books.medusa).toMatchObject({ refunded_total: "6", credit_line_total: "6", total: "18.99" })
    })

    it("a FAILED refund whose notification never comes is found by the reconciliation", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      const payment = await ctx.admin.payment(data.order.id)
      const invoice = invoicesOf(session.id)[0]

      await fault({ type: "drop_callbacks" })
      await fault({ type: "fail_refunds", count: 1 })
      await ctx.admin.refund(payment.id, 7)
      const order = await waitFor(
        async () => {
          const o = await ctx.admin.order(data.order.id)
          return o.metadata?.m4_failed_refunds?.length === 1 && o
        },
        { what: "the reconciliation to take the FAILED refund out and flag it", timeoutMs: 30_000 }
      )
      expect(order.metadata.m4_failed_refunds).toEqual([refundsOf(invoice.id)[0].shop_refund_id])
      expect(refundsOf(invoice.id)[0].status).toBe("FAILED")
      expect((await ctx.admin.payment(data.order.id)).refunds).toHaveLength(0)
      expect(
        await notifications().listM4Notifications({ invoice_id: String(invoice.id), kind: "refund" })
      ).toHaveLength(0)
    })

    it("several reconciliation rounds at once settle each payment once", async () => {
      const paid = [] as { session: any }[]
      for (let i = 0; i < 3; i++) {
        paid.push(await paidSilently("pp_m4_m4"))
      }
      const container = getContainer()
      await Promise.all([
        reconcileM4Payments(container),
        reconcileM4Payments(container),
        reconcileM4Payments(container),
      ])
      const orders = await waitFor(
        async () => {
          const list = await ctx.admin.orders()
          return list.length === 3 ? list : undefined
        },
        { what: "three orders", timeoutMs: 30_000 }
      )
      for (const order of orders) {
        expect((await ctx.admin.payment(order.id)).captures).toHaveLength(1)
      }
      for (const { session } of paid) {
        const rows = await notifications().listM4Invoices({ shop_order_id: session.id })
        expect(rows).toHaveLength(1)
        expect(rows[0].settlement).toBe("booked")
        expect(rows[0].next_check_at).toBeNull()
      }
    })
  },
})
