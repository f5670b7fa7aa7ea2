import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import type { M4LedgerModuleService } from "../../src/modules/m4-ledger"
import { M4_MERCHANT_TOOLS_MODULE } from "../../src/modules/m4-merchant-tools"
import { raiseM4AttentionAlerts } from "../../src/jobs/m4-attention-alerts"
import { processDueM4Notifications } from "../../src/settlement/process-m4-notification"
import { useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"
import { expectBooksMatchM4 } from "../helpers/books"
import BigNumber from "bignumber.js"

/**
 * The M4 payments page's Admin API (the merchant's desk): the ledger of M4 payments and refunds
 * with M4's fees and the net credited, its totals per day and its CSV, what needs the merchant and
 * the actions that settle it, the order panel's fee and confirmation — on a real store and
 * PostgreSQL, payments made through the sandbox over HTTP where that is quick, states that take
 * days (a hold near M4's 5-day limit, an hour of M4's silence) made through the ledger's own
 * statements and dated back.
 */
jest.setTimeout(240 * 1000)

// the jobs stay out of the way (once a day, at midnight): each test runs the sweep and the alert round itself
const NEVER = "0 0 0 * * *"
const m4 = useM4Sandbox({ env: { M4_RECONCILE_CRON: NEVER, M4_ATTENTION_CRON: NEVER } })

const TOKEN = /\b[a-z]+_[a-z_]+\b/

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const headers = () => (ctx.admin as any).headers as Record<string, string>
    const get = (url: string) => api.get(url, { headers: headers() }).catch((e) => e.response)
    const post = (url: string, body: unknown = {}) =>
      api.post(url, body, { headers: headers() }).catch((e) => e.response)
    const ledger = () => getContainer().resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const backdate = (table: string, id: string, interval: string) =>
      pg().raw(`update "${table}" set "created_at" = now() - ?::interval where "id" = ?`, [interval, id])

    /** A single-step payment paid on M4's page and its order (the notification books it). */
    async function paidOrder() {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect(data.type).toBe("order")
      return { orderId: data.order.id as string, displayId: data.order.display_id as number, session, cartId: cart.id }
    }

    /** An invoice on the ledger as the provider writes it, without a gateway call. */
    async function ledgerInvoice(shopOrderId: string, opts: { status?: number; amount?: string } = {}) {
      const record = await ledger().invoices.recordIntent({
        shop_order_id: shopOrderId,
        provider_id: "pp_m4_hold",
        mode: "two_step",
        payment_collection_id: null,
        cart_id: null,
        session_id: null,
        amount: opts.amount ?? "40.00",
        currency_code: "usd",
        payway: "card_invoice_usd",
        request_digest: null,
        expires_at: new Date(Date.now() + 3_600_000),
      })
      if (opts.status !== undefined) {
        await ledger().invoices.markIssued(record.id, {
          invoice_id: `77${shopOrderId.length}${Date.now() % 100000}`,
          session_data: {},
        })
        await ledger().invoices.recordAnswer(shopOrderId, {
          m4_status: opts.status,
          paid_amount: opts.amount ?? "40.00",
          net_amount: opts.status === 4 ? "38.70" : null,
        })
      }
      return (await ledger().invoices.byShopOrderId(shopOrderId))!
    }

    it("answers 401 without an admin, on every route of the page", async () => {
      const routes: [string, string][] = [
        ["get", "/admin/m4/attention"],
        ["get", "/admin/m4/ledger"],
        ["get", "/admin/m4/ledger/totals"],
        ["get", "/admin/m4/ledger/export"],
        ["post", "/admin/m4/attention/resolve"],
        ["post", "/admin/m4/notifications/m4ntf_1/retry"],
        ["post", "/admin/m4/invoices/m4inv_1/check"],
        ["post", "/admin/m4/refunds/m4ref_1/check"],
      ]
      for (const [method, url] of routes) {
        const res = await (method === "get" ? api.get(url) : api.post(url, { key: "refund_failed:x" })).catch(
          (e) => e.response
        )
        expect([url, res.status]).toEqual([url, 401])
      }
    })

    it("the ledger: a real payment and refund with M4's fee and the net, totals per day, filters, and the CSV", async () => {
      const started = Date.now()
      const { orderId, displayId, session, cartId } = await paidOrder()
      const atM4 = [...m4.sandbox.state.invoices.values()].find((i) => i.shop_order_id === session.id)!
      const payment = await ctx.admin.payment(orderId)
      expect((await ctx.admin.refund(payment.id, 5)).status).toBe(200)
      await waitFor(async () => (await ledger().refunds.ofPayment(payment.id))[0]?.state === "succeeded", {
        what: "the refund to succeed at M4",
      })
      // M4's fee: what the payer paid less what M4 credited the shop (exact decimals)
      const fee = new BigNumber(atM4.amount).minus(atM4.shop_refund)

      const res = await get("/admin/m4/ledger")
      expect(res.status).toBe(200)
      expect(res.data.count).toBe(2)
      const [refund, paid] = res.data.rows
      expect(paid).toMatchObject({
        type: "payment",
        order_id: orderId,
        order_display_id: displayId,
        invoice_id: String(atM4.id),
        provider_id: "pp_m4_m4",
        method_name: "Bank card",
        amount: "24.99",
        currency: "USD",
        net_amount: String(atM4.shop_refund),
        fee_amount: fee.toFixed(2),
        payer_price: "24.99",
        payer_currency: "USD",
        status: "paid",
        status_label: "Paid",
      })
      expect(refund).toMatchObject({
        type: "refund",
        order_id: orderId,
        amount: "5.00",
        currency: "USD",
        status: "refunded",
        status_label: "Refunded",
        fee_amount: null,
        net_amount: null,
      })
      expect(res.data.providers.map((p: { id: string; name: string }) => p.name)).toEqual([
        "M4 (HOLD)",
        "M4 (M4)",
        "M4 (WALLET)",
      ])

      // filters: status, provider, date range; bad input is a clear 400
      expect((await get("/admin/m4/ledger?status=refunded")).data.rows.map((r: any) => r.type)).toEqual(["refund"])
      expect((await get("/admin/m4/ledger?status=paid,refunded")).data.count).toBe(2)
      expect((await get("/admin/m4/ledger?provider_id=pp_m4_hold")).data.count).toBe(0)
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
      expect((await get(`/admin/m4/ledger?from=${tomorrow}`)).data.count).toBe(0)
      expect((await get(`/admin/m4/ledger?to=${tomorrow}&limit=1`)).data).toMatchObject({ count: 2, limit: 1 })
      for (const bad of ["status=paid_ish", "tz=Mars/Olympus", "from=yesterday", `from=${tomorrow}&to=2020-01-01`]) {
        const answer = await get(`/admin/m4/ledger?${bad}`)
        expect([bad, answer.status]).toEqual([bad, 400])
      }

      // totals per day: gross, M4's fees, the net credited and refunds, exact
      const today = new Date().toISOString().slice(0, 10)
      const totals = await get("/admin/m4/ledger/totals?tz=UTC")
      expect(totals.status).toBe(200)
      expect(totals.data.days).toEqual([
        {
          day: today,
          currency: "USD",
          gross: "24.99",
          fees: fee.toFixed(2),
          net: String(atM4.shop_refund),
          refunds: "5.00",
        },
      ])
      expect(totals.data.period).toEqual([
        { currency: "USD", gross: "24.99", fees: fee.toFixed(2), net: String(atM4.shop_refund), refunds: "5.00" },
      ])

      // the order's M4 panel: M4's fee, the net credited, and when M4 confirmed it
      const panel = await get(`/admin/m4/orders/${orderId}/notifications`)
      expect(panel.data.invoice).toMatchObject({
        status: "paid",
        status_label: "Paid",
        method_name: "Bank card",
        fee_amount: fee.toFixed(2),
        net_amount: String(atM4.shop_refund),
        m4_status_name: "Paid",
      })
      const confirmedAt = new Date(panel.data.invoice.confirmed_at).getTime()
      expect(confirmedAt >= started - 1000 && confirmedAt <= Date.now()).toBe(true)
      expect(panel.data.notifications.length).toBeGreaterThan(0)
      expect(panel.data.notifications.every((n: any) => n.outcome_label && !TOKEN.test(n.outcome_label))).toBe(true)

      // the CSV: oldest first, merchant's words, plain exact amounts
      const csv = await get("/admin/m4/ledger/export?tz=UTC")
      expect(csv.status).toBe(200)
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
      expect(csv.headers["content-disposition"]).toBe(`attachment; filename="m4-ledger_start_to_${today}.csv"`)
      const lines = (csv.data as string)
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n")
      expect(lines[0]).toBe(
        "Date (UTC),Type,Order,Order ID,M4 invoice,Method,Amount,M4 fee,Net credited,Currency,Payer price,Payer currency,Status,Reason,Provider,Ledger ID"
      )
      expect(lines).toHaveLength(3)
      expect(lines[1]).toContain(
        `,Payment,#${displayId},${orderId},${atM4.id},Bank card,24.99,${fee.toFixed(2)},${atM4.shop_refund},USD,24.99,USD,Paid,,M4 (M4),`
      )
      expect(lines[2]).toContain(`,Refund,#${displayId},${orderId},${atM4.id},,5.00,,,USD,,,Refunded,,M4 (M4),`)
      expect((await get("/admin/m4/ledger/export?status=refunded")).data.trim().split("\r\n")).toHaveLength(2)
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId })
    })

    it("the CSV's keyset walk visits every row once, in order, across chunks and equal timestamps", async () => {
      for (let i = 0; i < 5; i++) {
        await ledgerInvoice(`sess_walk_${i}`, { status: 4, amount: `${10 + i}.00` })
      }
      // three rows made at the very same microsecond: the id orders them
      await pg().raw(
        `update "m4_invoice" set "created_at" = '2026-01-02T03:04:05.123456Z' where "shop_order_id" in (?, ?, ?)`,
        ["sess_walk_1", "sess_walk_2", "sess_walk_3"]
      )
      const all = (await ledger().desk.ledgerPage({}, { limit: 100, offset: 0 })).rows.map((r) => r.id).reverse()
      const walked: string[] = []
      let after = null
      // a cursor that does not move on would loop: a bounded walk fails instead
      for (let round = 0; round < 10; round++) {
        const chunk = await ledger().desk.ledgerChunk({}, after, 2)
        if (!chunk.length) break
        walked.push(...chunk.map((r) => r.id))
        after = chunk[chunk.length - 1].cursor
      }
      expect(walked).toEqual(all)
      expect(walked).toHaveLength(5)
    })

    it("a hold the merchant released is 'released by you'; a declined payment is not money on the ledger", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
      await shopperOnPayPage(session.data.redirect, "pay")
      const { data } = await ctx.shop.complete(cart.id)
      expect((await ctx.admin.cancelOrder(data.order.id)).status).toBe(200)
      const declinedCart = await ctx.usCart()
      const declined = await ctx.shop.initiatePayment(declinedCart.id, "pp_m4_m4")
      await shopperOnPayPage(declined.data.redirect, "decline")
      await waitFor(async () => (await ledger().invoices.byShopOrderId(declined.id))?.state === "rejected", {
        what: "M4's decline to reach the ledger",
      })

      const rows = await waitFor(
        async () => {
          const r = (await get("/admin/m4/ledger")).data.rows
          return r.length === 1 && r[0].status === "released_by_you" && r
        },
        { what: "the released hold on the ledger" }
      )
      expect(rows[0]).toMatchObject({ order_id: data.order.id, status_label: "Released by you", fee_amount: null })
      const record = await ledger().invoices.byShopOrderId(declined.id)
      expect((await ledger().desk.invoiceStatuses([record!.id])).get(record!.id)).toBe("declined")
      await waitFor(
        async () => [...m4.sandbox.state.invoices.values()].find((i) => i.shop_order_id === session.id)?.status === 6,
        {
          what: "the hold to be released at M4",
        }
      )
      await expectBooksMatchM4({ admin: ctx.admin, m4, orderId: data.order.id, cartId: cart.id })
    })

    it("needs attention: each item in the merchant's words with the action that settles it; settled items leave", async () => {
      const desk = ledger().desk
      // a notification the store gave up on after every retry
      const stored = await ledger().recordNotification({
        fingerprint: "fp-desk-1",
        provider_id: "pp_m4_m4",
        kind: "invoice",
        shop_order_id: "sess_unknown",
        invoice_id: "41009999",
        status: "success",
        amount: "12.50",
        currency: "840",
        payload: {},
      })
      const owner = ledger().owner("test")
      await ledger().claimNotification(stored.id, owner)
      expect(await ledger().retryNotificationLater(stored.id, owner, 99, "M4 did not answer")).toBe("failed")
      // money returned because no order used it, and a return M4 refused
      const returned = await ledgerInvoice("sess_returned", { status: 4, amount: "30.00" })
      await ledger().invoices.recordSettlement(returned.id, { settlement: "returned", reason: "replaced_session" })
      // a refund M4 refused
      const refunded = await ledgerInvoice("sess_refunded", { status: 4 })
      await ledger().refunds.recordIntent({
        shop_refund_id: "refund_desk_1",
        kind: "refund",
        provider_id: "pp_m4_hold",
        invoice_ref: refunded.id,
        invoice_id: refunded.invoice_id!,
        payment_id: null,
        refund_id: "refund_desk_1",
        order_id: null,
        amount: "15.00",
        currency_code: "usd",
      })
      await ledger().refunds.recordAnswer("refund_desk_1", { status: "FAILED", reason: "Not enough balance" })
      // a hold made 4½ days ago (M4 releases it after 5), a payment M4 never answered about for 2 hours
      const held = await ledgerInvoice("sess_held", { status: 8, amount: "60.00" })
      await backdate("m4_invoice", held.id, "108 hours")
      const silent = await ledgerInvoice("sess_silent")
      await backdate("m4_invoice", silent.id, "2 hours")
      // M4 said "paid" two hours ago, then answered "not paid" when the store asked
      const contradicted = await ledgerInvoice("sess_contradicted", { status: 2, amount: "19.00" })
      const said = await ledger().recordNotification({
        fingerprint: "fp-desk-2",
        provider_id: "pp_m4_hold",
        kind: "invoice",
        shop_order_id: "sess_contradicted",
        invoice_id: contradicted.invoice_id,
        status: "success",
        amount: "19.00",
        currency: "840",
        payload: {},
      })
      const applier = ledger().owner("test")
      await ledger().claimNotification(said.id, applier)
      await ledger().completeNotification(said.id, applier, { outcome: "not_final_yet" })
      await pg().raw(`update "m4_notification" set "received_at" = now() - interval '2 hours' where "id" = ?`, [
        said.id,
      ])
      // a refund M4 has not confirmed for 2 hours
      await ledger().refunds.recordIntent({
        shop_refund_id: "refund_desk_2",
        kind: "refund",
        provider_id: "pp_m4_hold",
        invoice_ref: refunded.id,
        invoice_id: refunded.invoice_id!,
        payment_id: null,
        refund_id: "refund_desk_2",
        order_id: null,
        amount: "2.00",
        currency_code: "usd",
      })
      const waiting = await ledger().refunds.byShopRefundId("refund_desk_2")
      await backdate("m4_refund", waiting!.id, "2 hours")
      // a payout M4 never settled
      const payout = await getContainer().resolve(M4_MERCHANT_TOOLS_MODULE).createM4Payouts({
        shop_payment_id: "payout_desk_1",
        payway: "card_payout_usd",
        account_mask: "411111******1111",
        amount: "100.00",
        amount_type: "shop_amount",
        shop_currency: "USD",
        status: "needs_attention",
      })

      const listed = await get("/admin/m4/attention?tz=UTC")
      expect(listed.status).toBe(200)
      const byKind = Object.fromEntries(listed.data.items.map((i: any) => [i.kind, i]))
      expect(Object.keys(byKind).sort()).toEqual([
        "hold_expiring",
        "money_returned",
        "notification_failed",
        "payment_unconfirmed",
        "payout_needs_attention",
        "refund_failed",
        "refund_unconfirmed",
      ])
      expect(listed.data.count).toBe(8)
      expect(
        listed.data.items
          .filter((i: any) => i.kind === "payment_unconfirmed")
          .map((i: any) => i.ref_id)
          .sort()
      ).toEqual([contradicted.id, silent.id].sort())
      for (const item of listed.data.items) {
        expect(item.title).not.toMatch(TOKEN)
        expect(item.description).not.toMatch(TOKEN)
      }
      expect(byKind.notification_failed).toMatchObject({
        title: "M4 notification not applied",
        invoice_id: "41009999",
        amount: "12.50",
        currency: "USD",
        actions: ["retry_notification"],
        ref_id: stored.id,
      })
      expect(byKind.money_returned).toMatchObject({
        title: "M4 payment returned to the shopper",
        actions: ["resolve"],
        resolve_label: "Mark as seen",
      })
      expect(byKind.money_returned.description).toContain("30.00 USD")
      expect(byKind.money_returned.description).toContain("paid an earlier payment page too")
      expect(byKind.refund_failed.description).toContain("Not enough balance")
      expect(byKind.hold_expiring).toMatchObject({ title: "M4 hold expires soon", amount: "60.00" })
      const expiresIn = new Date(byKind.hold_expiring.hold_expires_at).getTime() - Date.now()
      expect(expiresIn).toBeGreaterThan(11 * 3_600_000)
      expect(expiresIn).toBeLessThan(13 * 3_600_000)
      const unanswered = listed.data.items.find((i: any) => i.ref_id === silent.id)
      expect(unanswered).toMatchObject({ actions: ["check_now", "resolve"], title: "M4 has not confirmed a payment" })
      expect(unanswered.description).toContain("M4 has not answered")
      expect(byKind.payout_needs_attention).toMatchObject({ actions: ["open_payout"], ref_id: payout.id })
      expect(byKind.payout_needs_attention.description).toContain("100.00 USD")

      // the merchant's bell: each new item the flows do not announce, once
      expect(await raiseM4AttentionAlerts(getContainer())).toBe(6)
      expect(await raiseM4AttentionAlerts(getContainer())).toBe(0)
      const feed = await waitFor(
        async () => {
          const { data } = await api.get("/admin/notifications?channel=feed&fields=id,data", { headers: headers() })
          return data.notifications.length >= 6 && data.notifications
        },
        { what: "six admin notifications" }
      )
      expect(feed.map((n: any) => n.data.title).sort()).toEqual([
        "M4 has not confirmed a payment",
        "M4 has not confirmed a payment",
        "M4 has not confirmed a refund",
        "M4 hold expires soon",
        "M4 notification not applied",
        "M4 payout needs a look",
      ])

      // retry now: back to pending for the sweep, off the list; the sweep applies it
      expect((await post(`/admin/m4/notifications/${stored.id}/retry`)).status).toBe(200)
      expect((await post(`/admin/m4/notifications/${stored.id}/retry`)).status).toBe(400)
      expect((await post(`/admin/m4/notifications/m4ntf_nope/retry`)).status).toBe(404)
      await processDueM4Notifications(getContainer())
      await waitFor(async () => (await ledger().listM4Notifications({ id: stored.id }))[0].state === "processed", {
        what: "the sweep to apply the notification",
      })

      // mark as seen / resolved: only items nothing else settles
      expect((await post("/admin/m4/attention/resolve", { key: byKind.money_returned.key })).status).toBe(200)
      expect((await post("/admin/m4/attention/resolve", { key: byKind.money_returned.key })).status).toBe(404)
      expect((await post("/admin/m4/attention/resolve", { key: byKind.refund_failed.key })).status).toBe(200)
      expect((await post("/admin/m4/attention/resolve", { key: byKind.hold_expiring.key })).status).toBe(400)
      expect((await post("/admin/m4/attention/resolve", { key: "nonsense:1" })).status).toBe(400)
      expect((await post("/admin/m4/attention/resolve", { key: "x", extra: 1 })).status).toBe(400)

      // ask M4 now: the reconciliation's next round; not for a payment M4 settled
      expect((await post(`/admin/m4/invoices/${silent.id}/check`)).status).toBe(200)
      const scheduled = await ledger().invoices.byId(silent.id)
      expect(scheduled!.next_check_at!.getTime()).toBeLessThanOrEqual(Date.now())
      expect((await post(`/admin/m4/invoices/${returned.id}/check`)).status).toBe(400)
      expect((await post(`/admin/m4/invoices/m4inv_nope/check`)).status).toBe(404)
      expect((await post(`/admin/m4/refunds/${waiting!.id}/check`)).status).toBe(200)

      // a hold captured or released leaves by itself
      await ledger().invoices.recordAnswer("sess_held", { m4_status: 4 })
      const left = await get("/admin/m4/attention")
      expect(left.data.items.map((i: any) => i.kind).sort()).toEqual([
        "payment_unconfirmed",
        "payment_unconfirmed",
        "payout_needs_attention",
        "refund_unconfirmed",
      ])
      const leftOnLedger = (await desk.attentionPage({ limit: 10, offset: 0 })).rows.length
      expect(leftOnLedger).toBe(3)
      const marks = await pg().raw(`select "key", "resolved_by" from "m4_attention" where "resolved_at" is not null`)
      expect(marks.rows).toHaveLength(2)
      expect(marks.rows.every((r: any) => r.resolved_by?.startsWith("user_"))).toBe(true)
    })
  },
})
