import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { verifyCallback } from "../../src/m4"
import { useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

// A USD store whose card provider pays USD carts through the sandbox's EUR payway: M4 converts
// (seeded rate USD/EUR 0.92, see src/sandbox/config/default-rates.ts).
const m4 = useM4Sandbox({ env: { M4_CARD_PAYWAYS: JSON.stringify({ usd: "card_invoice_eur" }) } })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })

    it("USD cart on the EUR payway: the shopper sees the EUR payer price before leaving, pays it, Medusa records 24.99 USD", async () => {
      const cart = await ctx.usCart()
      expect(cart.currency_code).toBe("usd")
      // while the shopper chooses: the payment-methods route quotes the EUR payway for the USD total
      const { data: quoted } = await ctx.shop.get(`/store/m4/payment-methods?cart_id=${cart.id}`)
      const card = quoted.payment_methods.find((m: { payway: string }) => m.payway === "card_invoice_eur")
      expect(card).toMatchObject({ currency: "USD", amount: "24.99", payer_currency: "EUR", available: true })
      expect(card.provider_ids).toContain("pp_m4_m4")
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      // the same figure as the session's (what M4's page asks)
      expect(session.data.payer_price).toBe(card.payer_price)

      // in the session, before the shopper leaves the store: 24.99 USD × 0.92 = 22.99 EUR; the fee
      // (2.5 % + 0.25 → 0.82 EUR) comes off the shop's credit, not the shopper (DECISION h)
      expect(session.status).toBe("pending")
      expect(session.data).toMatchObject({
        amount: "24.99",
        currency_code: "usd",
        payway: "card_invoice_eur",
        payer_price: "22.99",
        payer_currency: "EUR",
      })
      const invoice = [...m4.sandbox.state.invoices.values()].find((i) => i.shop_order_id === session.id)!
      expect(invoice).toMatchObject({
        amount: "24.99",
        currency: 840,
        ps_currency: 978,
        payer_price: "22.99",
        shop_refund: "24.10", // 24.99 − 0.82 EUR ÷ 0.92 (0.89 USD)
      })

      // M4's page asks for the same EUR price
      const page = await (await fetch(session.data.redirect.url)).text()
      expect(page).toContain('<dd id="amount">24.99 USD</dd>')
      expect(page).toContain("Pay 22.99 EUR</button>")

      const back = await shopperOnPayPage(session.data.redirect, "pay")
      expect(back.location).toContain("result=success")

      const completed = await ctx.shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id
      const payment = await ctx.admin.payment(orderId)
      expect(payment.currency_code).toBe("usd")
      expect(Number(payment.amount)).toBe(24.99)
      expect(payment.captures.map((c: { amount: number }) => Number(c.amount))).toEqual([24.99])
      expect(payment.data).toMatchObject({ invoice_id: invoice.id, payer_price: "22.99", payer_currency: "EUR" })

      // the success notification: shop fields in USD, payer fields in EUR; the store accepts it (HTTP 200)
      const delivery = await waitFor(
        () =>
          [...m4.sandbox.state.deliveries.values()].find(
            (d) => d.type === "invoice" && d.ref_id === invoice.id && d.status === "delivered"
          ),
        { what: "the success notification to be delivered", timeoutMs: 30000 }
      )
      const verified = verifyCallback(delivery.body, "sandbox-secret-key", { contentType: delivery.content_type })
      expect(verified).toMatchObject({
        ok: true,
        type: "invoice",
        callback: { status: "success", shop_currency: 840, ps_currency: 978 },
      })
      if (verified.ok && verified.type === "invoice") {
        expect([verified.callback.shop_amount_text, verified.callback.client_price_text]).toEqual(["24.99", "22.99"])
      }
      expect(delivery.url).toBe(`${m4.storeUrl}/hooks/payment/m4_m4?type=invoice`)
      expect((await ctx.admin.payment(orderId)).captures).toHaveLength(1)

      // a refund stays in USD; its notification goes to the refund request's callback_url
      await ctx.admin.refund(payment.id, 10)
      const refund = [...m4.sandbox.state.refunds.values()].find((r) => r.invoice_id === invoice.id)!
      expect(refund).toMatchObject({
        amount: "10.00",
        currency: 840,
        callback_url: `${m4.storeUrl}/hooks/payment/m4_m4`,
      })
      await waitFor(async () => (await ctx.admin.m4(orderId)).invoice.refunds[0]?.status === "SUCCESS", {
        what: "the refund notification (SUCCESS) to be applied",
        timeoutMs: 30000,
      })
      const refunded = await ctx.admin.payment(orderId)
      expect(refunded.refunds.map((r: { amount: number }) => Number(r.amount))).toEqual([10])
      const refundDelivery = [...m4.sandbox.state.deliveries.values()].find(
        (d) => d.type === "refund" && d.ref_id === refund.id
      )!
      expect(refundDelivery).toMatchObject({
        status: "delivered",
        url: `${m4.storeUrl}/hooks/payment/m4_m4?type=refund`,
      })
    })
  },
})
