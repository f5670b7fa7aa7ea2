import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import BigNumber from "bignumber.js"
import { chargeInvoice, unholdInvoice } from "../../src/sandbox/domain/invoices"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import { expectBooksMatchM4, m4Books } from "../helpers/books"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { invoiceCallbackFields, postNotification, SANDBOX_SECRET, signedBody } from "../helpers/signed-callback"
import { shopperOnPayPage } from "../helpers/storefront"

/**
 * One cart, one payment: the plugin's ledger of every invoice it asked M4 for, so that whatever
 * Medusa does with its payment sessions (replaces and hard-deletes them, races parallel requests,
 * cancels orders around them) no shopper pays twice for one order and every cent M4 took is on the
 * order or on its way back. Store API as a storefront uses it, Admin API as a merchant, the
 * sandbox over HTTP; every money test ends by comparing the order's books with M4's.
 */
jest.setTimeout(240 * 1000)

const m4 = useM4Sandbox({
  countCalls: true,
  env: {
    M4_RECONCILE_SCHEDULE_MS: "300,600,1200",
    M4_RECONCILE_CRON: "* * * * * *",
    M4_NOTIFICATION_RETRY_MS: "300,600,1200,2400",
    M4_RECONCILE_BATCH: "3",
    // holds are looked at every 0.5 s (hourly by default)
    M4_HOLD_CHECK_EVERY_MS: "500",
    // many sessions from one test client in a minute: the store's limits are not what this spec tests
    M4_RATE_LIMITS: JSON.stringify({ enabled: false }),
  },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { fault, clearFaults, invoicesOf } = sandboxControls(m4)
    const ledger = () => getContainer().resolve(M4_LEDGER_MODULE) as any
    const invoicesOfCart = (cartId: string) =>
      [...m4.sandbox.state.invoices.values()].filter((i) => (i.success_url ?? "").includes(cartId))
    const refundsOfInvoice = (id: number) => [...m4.sandbox.state.refunds.values()].filter((r) => r.invoice_id === id)

    async function paymentCollectionOf(cartId: string) {
      const { data } = await ctx.shop.post("/store/payment-collections", { cart_id: cartId })
      return data.payment_collection.id as string
    }

    /** The dashboard's bell: waits for an admin notification with this title (the subscriber runs a moment later). */
    async function feedHas(title: string) {
      return waitFor(
        async () => {
          const { data } = await api.get("/admin/notifications?channel=feed&fields=id,data", {
            headers: (ctx.admin as any).headers,
          })
          return data.notifications.find((n: { data: { title: string } }) => n.data.title === title)
        },
        { what: `the admin notification "${title}"` }
      )
    }

    it("a session created again for the same cart takes over its payable invoice: one invoice, no gateway call", async () => {
      const cart = await ctx.usCart()
      const first = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const mark = m4.calls.length
      const second = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(second.id).not.toBe(first.id)
      // nothing issued (the reconciliation may look at the first invoice meanwhile: a check, not an invoice)
      expect(m4.calls.slice(mark).filter((c) => c !== "invoice/check")).toEqual([])
      expect(second.data.invoice_id).toBe(first.data.invoice_id)
      expect(second.data.redirect).toEqual(first.data.redirect)
      expect(invoicesOfCart(cart.id)).toHaveLength(1)
      // sent with an expiry: after it nobody can pay this invoice
      expect(invoicesOf(first.id)[0]).toBeDefined()
      const [record] = await ledger().listM4Invoices({ shop_order_id: first.id })
      expect(record.session_id).toBe(second.id)
      expect(new Date(record.expires_at).getTime()).toBeGreaterThan(Date.now())

      await shopperOnPayPage(second.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect(data.type).toBe("order")
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId: data.order.id, cartId: cart.id })
    })

    it("paid twice for one cart (the cart changed in between): one order, the earlier payment returned in full", async () => {
      const cart = await ctx.usCart()
      const earlier = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      // the shopper goes back and changes the cart: Medusa deletes the session (hard delete)
      await ctx.shop.post(`/store/carts/${cart.id}/line-items/${cart.items[0].id}`, { quantity: 2 })
      const later = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(later.data.invoice_id).not.toBe(earlier.data.invoice_id)
      // both pay pages were open: the shopper pays both
      await shopperOnPayPage(earlier.data.redirect, "pay")
      await shopperOnPayPage(later.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect(data.type).toBe("order")
      const orderId = data.order.id

      const earlierInvoice = invoicesOf(earlier.id)[0]
      await waitFor(async () => refundsOfInvoice(earlierInvoice.id).some((r) => r.status === "SUCCESS"), {
        what: "the earlier payment to be refunded in full at M4",
        timeoutMs: 30_000,
      })
      expect(refundsOfInvoice(earlierInvoice.id).map((r) => r.amount)).toEqual(["24.99"])
      // M4's SUCCESS reaches the store a moment later (its notification, or the next check)
      const returned = await waitFor(
        async () => {
          const [row] = await ledger().listM4Invoices({ shop_order_id: earlier.id })
          return row?.settlement === "returned" && row
        },
        { what: "the store to learn that the return succeeded", timeoutMs: 30_000 }
      )
      expect(returned).toMatchObject({ settlement: "returned", settlement_reason: "replaced_session" })
      const payment = await ctx.admin.payment(orderId)
      expect(payment.captures.map((c: any) => Number(c.amount))).toEqual([44.98])
      expect((await feedHas("M4 payment returned to the shopper")).data.description).toContain("24.99 USD")
      const books = await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })
      expect(books.m4).toMatchObject({ paid: "69.97", refunded: "24.99" })
    })

    it("a two-step session replaced after the shopper authorized it: its hold is released at M4, the new one is the order's", async () => {
      const cart = await ctx.usCart()
      const earlier = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      await shopperOnPayPage(earlier.data.redirect, "pay")
      const earlierInvoice = invoicesOf(earlier.id)[0]
      expect(earlierInvoice.status).toBe(8)
      // the shopper goes back and changes the cart: Medusa deletes the held session
      await ctx.shop.post(`/store/carts/${cart.id}/line-items/${cart.items[0].id}`, { quantity: 2 })
      const later = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      expect(later.data.invoice_id).toBeTruthy()
      expect(later.data.invoice_id).not.toBe(earlier.data.invoice_id)
      // nothing stays held for a session no order can use: released at M4, not only in Medusa
      await waitFor(async () => invoicesOf(earlier.id)[0].status === 6, {
        what: "the earlier hold to be released at M4",
        timeoutMs: 30_000,
      })
      expect(refundsOfInvoice(earlierInvoice.id)).toEqual([])
      await shopperOnPayPage(later.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect(data.type).toBe("order")
      const payment = await ctx.admin.payment(data.order.id)
      expect({ amount: new BigNumber(payment.amount).toFixed(2), captures: payment.captures.length }).toEqual({
        amount: "44.98",
        captures: 0,
      })
      const books = await expectBooksMatchM4({ admin: ctx.admin, m4, orderId: data.order.id, cartId: cart.id })
      expect(books.m4).toMatchObject({ paid: "0", held: "44.98", refunded: "0" })
    })

    it("six parallel session requests on one cart: one live session, one invoice, one capture", async () => {
      const cart = await ctx.usCart()
      const collectionId = await paymentCollectionOf(cart.id)
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          ctx.shop
            .post(`/store/payment-collections/${collectionId}/payment-sessions`, {
              provider_id: "pp_m4_m4",
              data: { cart_id: cart.id },
            })
            .then((r) => r.status)
            .catch((e) => e.response?.status)
        )
      )
      expect(answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1)
      const sessions = (await ctx.shop.cart(cart.id)).payment_collection.payment_sessions
      expect(sessions).toHaveLength(1)
      expect(invoicesOfCart(cart.id)).toHaveLength(1)
      await shopperOnPayPage(sessions[0].data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect((await ctx.admin.payment(data.order.id)).captures).toHaveLength(1)
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId: data.order.id, cartId: cart.id })
    })

    it("parallel session requests over ten carts: each cart one live session and one invoice", async () => {
      const carts = [] as { id: string }[]
      const collections = [] as string[]
      for (let i = 0; i < 10; i++) {
        carts.push(await ctx.usCart())
        collections.push(await paymentCollectionOf(carts[i].id))
      }
      await Promise.all(
        collections.flatMap((id, i) =>
          Array.from({ length: 5 }, () =>
            ctx.shop
              .post(`/store/payment-collections/${id}/payment-sessions`, {
                provider_id: "pp_m4_m4",
                data: { cart_id: carts[i].id },
              })
              .catch((e) => e.response)
          )
        )
      )
      for (const cart of carts) {
        expect((await ctx.shop.cart(cart.id)).payment_collection.payment_sessions).toHaveLength(1)
        expect(invoicesOfCart(cart.id)).toHaveLength(1)
      }
    })

    it("the merchant cancels an order whose hold M4 already charged: refunded in full, a late success captures nothing", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      const orderId = data.order.id
      const invoice = invoicesOf(session.id)[0]
      // charged in M4's cabinet; the store never hears of it
      await fault({ type: "drop_callbacks" })
      chargeInvoice(m4.sandbox.context, invoice)
      expect(invoice.status).toBe(4)

      await ctx.admin.cancelOrder(orderId)
      expect((await ctx.admin.order(orderId)).status).toBe("canceled")
      // refunded in full at M4 (its refund settles a moment later: WAITING, then SUCCESS)
      expect(refundsOfInvoice(invoice.id).map((r) => r.amount)).toEqual(["24.99"])
      const record = await waitFor(
        async () => {
          const [row] = await ledger().listM4Invoices({ shop_order_id: session.id })
          return row?.settlement === "returned" && row
        },
        { what: "the return to be confirmed by M4", timeoutMs: 30_000 }
      )
      expect(record.settlement_reason).toBe("canceled_after_charge")
      expect(refundsOfInvoice(invoice.id).map((r) => r.status)).toEqual(["SUCCESS"])

      // M4's success notification arrives late: it captures nothing on the canceled order
      await clearFaults()
      const late = signedBody(
        invoiceCallbackFields({ status: "success", session: session.id, invoice: invoice.id, amount: "24.99" }),
        SANDBOX_SECRET
      )
      expect((await postNotification(m4.storeUrl, late, "m4_hold")).status).toBe(200)
      const processed = await waitFor(
        async () => {
          const [n] = await ledger().listM4Notifications({ shop_order_id: session.id, status: "success" })
          return n?.state === "processed" && n
        },
        { what: "the late success to be processed", timeoutMs: 30_000 }
      )
      expect(processed.outcome).toBe("already_returned")
      const payment = await ctx.admin.payment(orderId)
      expect(payment.captures).toHaveLength(0)
      expect(payment.canceled_at).toBeTruthy()
      const books = await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })
      expect(books.m4).toMatchObject({ paid: "24.99", refunded: "24.99" })
      expect((await feedHas("M4 payment returned to the shopper")).data.description).toContain("24.99 USD")
    })

    it("a hold M4 released by itself: the payment collection and the order's payment status read canceled", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      const orderId = data.order.id
      expect((await ctx.admin.orderBooks(orderId)).payment_status).toBe("authorized")
      await fault({ type: "drop_callbacks" }) // M4 does not tell the store
      unholdInvoice(m4.sandbox.context, invoicesOf(session.id)[0])
      const order = await waitFor(
        async () => {
          const o = await ctx.admin.orderBooks(orderId)
          return o.payment_status === "canceled" && o
        },
        { what: "the order's payment status to follow M4", timeoutMs: 30_000 }
      )
      expect(order.payment_collections[0].status).toBe("canceled")
      expect(order.payment_collections[0].payments[0].canceled_at).toBeTruthy()
      expect((await feedHas("M4 released a held payment")).data.description).toContain(orderId)
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })
    })

    it("paid at M4 with every notification lost, more than a round's worth: each becomes an order", async () => {
      await fault({ type: "drop_callbacks" })
      const carts = [] as string[]
      for (let i = 0; i < 7; i++) {
        const cart = await ctx.usCart()
        const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
        await shopperOnPayPage(session.data.redirect, "pay")
        carts.push(cart.id)
      }
      // three invoices a round (M4_RECONCILE_BATCH): the ledger is walked oldest due first, none skipped
      const orders = await waitFor(
        async () => {
          const list = await ctx.admin.orders()
          return list.length === 7 && list
        },
        { what: "seven orders made by the reconciliation", timeoutMs: 60_000 }
      )
      for (const order of orders) {
        expect((await ctx.admin.payment(order.id)).captures).toHaveLength(1)
      }
      for (const cartId of carts) {
        expect(m4Books(m4, cartId)).toMatchObject({ paid: "24.99", refunded: "0" })
      }
    })

    it("a paid session costs one invoice/check, whoever looks first", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect(data.type).toBe("order")
      // settled by all three (the shopper's return, the notification, the reconciliation)
      await waitFor(
        async () => {
          const [record] = await ledger().listM4Invoices({ shop_order_id: session.id })
          const [n] = await ledger().listM4Notifications({ shop_order_id: session.id })
          return record?.next_check_at === null && n?.state === "processed"
        },
        { what: "the notification and the reconciliation to be done with it", timeoutMs: 30_000 }
      )
      const checks = m4.callLog.filter((c) => c.method === "invoice/check" && c.ref === session.id)
      expect(checks).toHaveLength(1)
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId: data.order.id, cartId: cart.id })
    })
  },
})
