import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminUser } from "../helpers/admin-auth"
import { AdminApi } from "../helpers/admin-api"
import { useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { seedTestStore } from "../helpers/seed"
import { shopperOnPayPage, Storefront } from "../helpers/storefront"

jest.setTimeout(180 * 1000)

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
    })

    const invoicesOf = (sessionId: string) =>
      [...m4.sandbox.state.invoices.values()].filter((i) => i.shop_order_id === sessionId)

    const usCart = () =>
      shop.readyCart({ region_id: store.regions.US.id, variant_id: store.products[0].variant_id, country_code: "us" })

    it("declined payment: no order, the session reports the decline, the shopper can retry", async () => {
      const cart = await usCart()
      const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
      const back = await shopperOnPayPage(session.data.redirect, "decline")
      expect(back.location).toContain("result=fail")

      const declined = await waitFor(
        async () => {
          const c = await shop.cart(cart.id)
          const s = c.payment_collection.payment_sessions.find((x: any) => x.id === session.id)
          return s?.status === "error" && s
        },
        { what: "the rejected notification to mark the session", timeoutMs: 30000 }
      )
      expect(declined.data.decline_reason).toBe("rejected")
      expect(declined.data.m4_status).toBe(6)

      const attempt = await shop.complete(cart.id).catch((e) => e.response)
      expect(attempt.data.type).not.toBe("order")
      expect(await admin.orders()).toHaveLength(0)

      // retry: a new session, a new invoice, paid this time
      const retry = await shop.initiatePayment(cart.id, "pp_m4_m4")
      expect(retry.id).not.toBe(session.id)
      await shopperOnPayPage(retry.data.redirect, "pay")
      const completed = await shop.complete(cart.id)
      expect(completed.data.type).toBe("order")
      expect(await admin.orders()).toHaveLength(1)
    })

    it("add-ons: requires_more, invalid values refused before an invoice exists, then valid values", async () => {
      const cart = await usCart()
      const first = await shop.initiatePayment(cart.id, "pp_m4_wallet")
      expect(first.status).toBe("requires_more")
      expect(first.data.missing_add_ons.sort()).toEqual(["email", "phone"])
      expect(first.data.add_ons_config.email.label.en).toBe("E-mail")
      expect(first.data.redirect).toBeUndefined()
      expect(invoicesOf(first.id)).toHaveLength(0)

      const before = m4.sandbox.state.invoices.size
      const invalid = await shop
        .initiatePayment(cart.id, "pp_m4_wallet", { add_ons: { email: "not-an-email", phone: "12" } })
        .catch((e) => e.response)
      expect(invalid.status).toBe(400)
      expect(invalid.data.message).toContain("email")
      expect(invalid.data.message).toContain("phone")
      expect(m4.sandbox.state.invoices.size).toBe(before)

      const valid = await shop.initiatePayment(cart.id, "pp_m4_wallet", {
        add_ons: { email: "ada@example.com", phone: "4915112345678" },
      })
      expect(valid.status).toBe("pending")
      const [invoice] = invoicesOf(valid.id)
      expect(invoice.addon_values).toMatchObject({ email: "ada@example.com", phone: "4915112345678" })
      await shopperOnPayPage(valid.data.redirect, "pay")
      expect((await shop.complete(cart.id)).data.type).toBe("order")
    })

    it.each([
      ["Japan", "jp", "jpy", "3680", 392, "1000", 1000],
      ["Kuwait", "kw", "kwd", "7.625", 414, "1.125", 1.125],
    ])(
      "exact amounts in %s (%s): invoice, capture and refund at the currency's minor units",
      async (region, country, currency, total, numeric, refundText, refundAmount) => {
        const cart = await shop.readyCart({
          region_id: store.regions[region].id,
          variant_id: store.products[0].variant_id,
          country_code: country,
        })
        const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
        expect(session.data.amount).toBe(total)
        expect(session.data.currency_code).toBe(currency)
        const [invoice] = invoicesOf(session.id)
        expect(invoice.amount).toBe(total)
        expect(invoice.currency).toBe(numeric)

        await shopperOnPayPage(session.data.redirect, "pay")
        const completed = await shop.complete(cart.id)
        const payment = await admin.payment(completed.data.order.id)
        expect(payment.currency_code).toBe(currency)
        expect(Number(payment.captures[0].amount)).toBe(Number(total))

        await admin.refund(payment.id, refundAmount)
        const refunds = [...m4.sandbox.state.refunds.values()].filter((r) => r.invoice_id === invoice.id)
        expect(refunds.map((r) => r.amount)).toEqual([refundText])
      }
    )
  },
})
