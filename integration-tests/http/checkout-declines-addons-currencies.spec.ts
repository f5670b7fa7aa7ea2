import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import { shopperOnPayPage } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { invoicesOf } = sandboxControls(m4)

    it("declined payment: no order, the session reports the decline, the shopper can retry", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const back = await shopperOnPayPage(session.data.redirect, "decline")
      expect(back.location).toContain("result=fail")

      const declined = await waitFor(
        async () => {
          const c = await ctx.shop.cart(cart.id)
          const s = c.payment_collection.payment_sessions.find((x: any) => x.id === session.id)
          return s?.status === "error" && s
        },
        { what: "the rejected notification to mark the session", timeoutMs: 30000 }
      )
      expect(declined.data.decline_reason).toBe("rejected")
      expect(declined.data.m4_status).toBe(6)

      const attempt = await ctx.shop.complete(cart.id).catch((e) => e.response)
      expect(attempt.data.type).not.toBe("order")
      expect(await ctx.admin.orders()).toHaveLength(0)

      // retry: a new session, a new invoice, paid this time
      const retry = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(retry.id).not.toBe(session.id)
      await shopperOnPayPage(retry.data.redirect, "pay")
      const completed = await ctx.shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      expect(await ctx.admin.orders()).toHaveLength(1)
    })

    it("add-ons: requires_more, invalid values refused before an invoice exists, then valid values", async () => {
      const cart = await ctx.usCart()
      const first = await ctx.shop.initiatePayment(cart.id, "pp_m4_wallet")
      expect(first.status).toBe("requires_more")
      expect(first.data.missing_add_ons.sort()).toEqual(["email", "phone"])
      expect(first.data.add_ons_config.email.label.en).toBe("E-mail")
      expect(first.data.redirect).toBeUndefined()
      expect(invoicesOf(first.id)).toHaveLength(0)

      const before = m4.sandbox.state.invoices.size
      const invalid = await ctx.shop
        .initiatePayment(cart.id, "pp_m4_wallet", { add_ons: { email: "not-an-email", phone: "12" } })
        .catch((e) => e.response)
      expect(invalid.status).toBe(400)
      expect(invalid.data.message).toContain("email")
      expect(invalid.data.message).toContain("phone")
      expect(m4.sandbox.state.invoices.size).toBe(before)

      const valid = await ctx.shop.initiatePayment(cart.id, "pp_m4_wallet", {
        add_ons: { email: "ada@example.com", phone: "4915112345678" },
      })
      expect(valid.status).toBe("pending")
      const [invoice] = invoicesOf(valid.id)
      expect(invoice.addon_values).toMatchObject({ email: "ada@example.com", phone: "4915112345678" })
      await shopperOnPayPage(valid.data.redirect, "pay")
      expect((await ctx.shop.complete(cart.id)).data.type).toBe("order")
    })

    it.each([
      ["Japan", "jp", "jpy", "3680", 392, "1000", 1000],
      ["Kuwait", "kw", "kwd", "7.625", 414, "1.125", 1.125],
    ])(
      "exact amounts in %s (%s): invoice, capture and refund at the currency's minor units",
      async (region, country, currency, total, numeric, refundText, refundAmount) => {
        const cart = await ctx.shop.readyCart({
          region_id: ctx.store.regions[region].id,
          variant_id: ctx.store.products[0].variant_id,
          country_code: country,
        })
        const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
        expect(session.data.amount).toBe(total)
        expect(session.data.currency_code).toBe(currency)
        const [invoice] = invoicesOf(session.id)
        expect(invoice.amount).toBe(total)
        expect(invoice.currency).toBe(numeric)

        await shopperOnPayPage(session.data.redirect, "pay")
        const completed = await ctx.shop.complete(cart.id)
        const payment = await ctx.admin.payment(completed.data.order.id)
        expect(payment.currency_code).toBe(currency)
        expect(Number(payment.captures[0].amount)).toBe(Number(total))

        await ctx.admin.refund(payment.id, refundAmount)
        const refunds = [...m4.sandbox.state.refunds.values()].filter((r) => r.invoice_id === invoice.id)
        expect(refunds.map((r) => r.amount)).toEqual([refundText])
      }
    )
  },
})
