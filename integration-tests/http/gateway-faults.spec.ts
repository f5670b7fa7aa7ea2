import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { expectBooksMatchM4 } from "../helpers/books"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

// M4_TIMEOUT_MS is 1500 in tests: a hung request becomes an unknown outcome quickly. A refund
// whose outcome stayed unknown is confirmed with M4 by the reconciliation (fast here).
const m4 = useM4Sandbox({
  env: {
    M4_RECONCILE_SCHEDULE_MS: "300,600,1200",
    M4_RECONCILE_CRON: "* * * * * *",
    M4_UNCONFIRMED_REFUND_MS: "2000",
  },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { fault, clearFaults, invoicesOf, refundsOf } = sandboxControls(m4)

    it("issuing the invoice: a 5xx is retried, a lost answer never leads to a second invoice", async () => {
      await fault({ type: "http_5xx", endpoint: "invoice/create", status: 502, count: 1 })
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(session.status).toBe("pending")
      expect(invoicesOf(session.id)).toHaveLength(1)

      // the invoice is created but the answer never arrives (twice: the retry is refused as a duplicate)
      await fault({ type: "hang_after", endpoint: "invoice/create", count: 1 })
      const cart2 = await ctx.usCart()
      const before = m4.sandbox.state.invoices.size
      const failed = await ctx.shop.initiatePayment(cart2.id, "pp_m4_m4").catch((e) => e.response)
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect(failed.data.message).toContain("try again")
      expect(m4.sandbox.state.invoices.size).toBe(before + 1) // one invoice, not two

      // the shopper tries again: a fresh session works
      const retry = await ctx.shop.initiatePayment(cart2.id, "pp_m4_m4")
      await shopperOnPayPage(retry.data.redirect, "pay")
      expect((await ctx.shop.complete(cart2.id)).data.type).toBe("order")
    })

    it("Store API errors: a short message and a stable code in Medusa's error shape; M4's details only in the log, under the same reference", async () => {
      const logger = getContainer().resolve("logger")
      const logged = jest.spyOn(logger, "warn") // observed, not replaced: the store logs as it does
      const cart = await ctx.usCart()

      // M4 answers 503 with an HTML page (twice: the provider asks once more)
      await fault({ type: "http_5xx", endpoint: "invoice/try", status: 503, count: 2 })
      const down = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4").catch((e) => e.response)
      expect(down.status).toBe(500)
      expect(Object.keys(down.data).sort()).toEqual(["code", "message", "type"])
      expect(down.data).toMatchObject({ type: "unexpected_state", code: "m4_unavailable" })
      expect(down.data.message).toMatch(
        /^M4 is not responding right now, so the payment could not be started\. Please try again in a moment\. \(reference M4-[0-9A-F]{8}\)$/
      )
      const reference = /reference (M4-[0-9A-F]{8})/.exec(down.data.message)![1]
      const line = logged.mock.calls.map(([m]) => String(m)).find((m) => m.includes(reference))
      expect(line).toContain("HTTP 503 without an M4 envelope: <html>")
      logged.mockRestore()

      // M4 is back: the same shopper tries again and gets M4's page
      const retry = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(retry.status).toBe("pending")
      expect(retry.data.redirect.url).toContain("/pay/")

      // the payer's details do not match M4's regex: ask again
      const details = await ctx.shop
        .initiatePayment(cart.id, "pp_m4_wallet", { add_ons: { phone: "12" } })
        .catch((e) => e.response)
      expect(details.status).toBe(400)
      expect(details.data).toMatchObject({ type: "invalid_data", code: "m4_details_required" })
      expect(details.data.message).toMatch(/^Please check your payment details: "phone" is not valid/)

      // M4 down while the wallet's details are sent (a session waiting for them exists): the same answer
      const waiting = await ctx.shop.initiatePayment(cart.id, "pp_m4_wallet", { email: "a@b.cd" })
      expect(waiting.status).toBe("requires_more")
      await fault({ type: "http_5xx", endpoint: "invoice/try", status: 503 })
      const downAtReview = await ctx.shop
        .initiatePayment(cart.id, "pp_m4_wallet", { add_ons: { phone: "79133456789" } })
        .catch((e) => e.response)
      await clearFaults()
      expect(downAtReview.status).toBe(500)
      expect(downAtReview.data).toMatchObject({ type: "unexpected_state", code: "m4_unavailable" })

      // above the wallet's maximum (5000.00 USD): M4 refuses with 5, the shopper chooses another method
      const big = await ctx.usCart(251) // 251 × 19.99 + 5.00 = 5022.49
      const tooMuch = await ctx.shop.initiatePayment(big.id, "pp_m4_wallet").catch((e) => e.response)
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data).toMatchObject({ type: "invalid_data", code: "m4_amount_not_allowed" })
      expect(tooMuch.data.message).toMatch(
        /^The order total is above the maximum this payment method accepts\. Please choose another payment method\./
      )
      expect(tooMuch.data.message).not.toMatch(/AmountTooLarge|error 5/)

      // the payment-methods route when M4 is down: the same code
      await fault({ type: "http_5xx", endpoint: "shop_input_config/shop", status: 503 })
      const prices = await ctx.shop.get(`/store/m4/payment-methods?cart_id=${cart.id}`).catch((e) => e.response)
      expect(prices.status).toBe(500)
      expect(prices.data).toMatchObject({ type: "unexpected_state", code: "m4_unavailable" })
      expect(prices.data.message).not.toMatch(/html|HTTP|outcome/i)
    })

    it("status check: when M4 cannot answer the cart is not completed, and completes once it can", async () => {
      // no notification: only the shopper's completion asks M4 here
      await fault({ type: "drop_callbacks" })
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      await fault({ type: "http_5xx", endpoint: "invoice/check", status: 503, count: 2 })
      const first = await ctx.shop.complete(cart.id).catch((e) => e.response)
      expect(first.data.type).not.toBe("order")
      expect(await ctx.admin.orders()).toHaveLength(0)
      const second = await ctx.shop.complete(cart.id)
      expect(second.data.type).toBe("order")
      expect((await ctx.admin.payment(second.data.order.id)).captures).toHaveLength(1)
    })

    it("capture: a charge whose answer is lost is confirmed by status, a charge that never ran is retried once", async () => {
      const orderFor = async () => {
        const cart = await ctx.usCart()
        const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_hold")
        await shopperOnPayPage(session.data.redirect, "pay")
        const completed = await ctx.shop.complete(cart.id)
        return { orderId: completed.data.order.id, invoice: invoicesOf(session.id)[0] }
      }

      const a = await orderFor()
      await fault({ type: "hang_after", endpoint: "invoice/charge", count: 1 })
      await ctx.admin.capture((await ctx.admin.payment(a.orderId)).id)
      expect(a.invoice.status).toBe(4)
      expect((await ctx.admin.payment(a.orderId)).captures).toHaveLength(1)

      const b = await orderFor()
      await fault({ type: "hang_before", endpoint: "invoice/charge", count: 1 })
      const payment = await ctx.admin.payment(b.orderId)
      const refused = await ctx.admin.capture(payment.id).catch((e) => e.response)
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(b.invoice.status).toBe(8) // nothing moved, and Medusa agrees:
      expect((await ctx.admin.payment(b.orderId)).captures).toHaveLength(0)
      await ctx.admin.capture(payment.id)
      expect(b.invoice.status).toBe(4)
      expect((await ctx.admin.payment(b.orderId)).captures).toHaveLength(1)
    })

    it("refund: a lost answer is resolved without refunding twice; an unanswered one is never an error, and leaves the books once M4 says it never made it", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      await shopperOnPayPage(session.data.redirect, "pay")
      const orderId = (await ctx.shop.complete(cart.id)).data.order.id
      const invoice = invoicesOf(session.id)[0]
      const payment = await ctx.admin.payment(orderId)

      await fault({ type: "hang_after", endpoint: "invoice/create-refund", count: 1 })
      await ctx.admin.refund(payment.id, 3)
      expect(refundsOf(invoice.id)).toHaveLength(1)
      expect((await ctx.admin.payment(orderId)).refunds).toHaveLength(1)

      // M4 never answers (and never makes it): the admin is not told "no" for a refund that may have
      // moved money; the ledger keeps it unconfirmed until M4's list says it does not exist
      await fault({ type: "http_5xx", endpoint: "invoice/create-refund", status: 500, count: 2 })
      const unknown = await ctx.admin.refund(payment.id, 4).catch((e) => e.response)
      expect(unknown.status).toBe(200)
      expect(refundsOf(invoice.id)).toHaveLength(1)
      expect((await ctx.admin.payment(orderId)).refunds).toHaveLength(2)
      await waitFor(
        async () =>
          (await ctx.admin.payment(orderId)).refunds.length === 1 &&
          (await ctx.admin.order(orderId)).metadata?.m4_failed_refunds?.length === 1,
        { what: "the refund M4 never made to leave Medusa's books, and the order flagged", timeoutMs: 30_000 }
      )
      const undone = (await ctx.admin.m4(orderId)).invoice.refunds.find((r: any) => r.amount === "4.00")
      expect(undone).toMatchObject({
        status: "FAILED",
        undone: true,
        failure_reason: "M4 has no record of this refund",
      })

      await ctx.admin.refund(payment.id, 4)
      expect(
        refundsOf(invoice.id)
          .map((r) => r.amount)
          .sort()
      ).toEqual(["3.00", "4.00"])
      expect((await ctx.admin.payment(orderId)).refunds).toHaveLength(2)
      await waitFor(async () => refundsOf(invoice.id).every((r) => r.status === "SUCCESS"), { what: "M4's refunds" })
      const books = await expectBooksMatchM4({ admin: ctx.admin, m4, orderId, cartId: cart.id })
      expect(books.medusa).toMatchObject({ refunded_total: "7", credit_line_total: "7", total: "17.99" })
    })
  },
})
