import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createStoreCart } from "../helpers/m4-store-fixtures"
import { sandboxControls, useM4Sandbox } from "../helpers/m4-test-env"

jest.setTimeout(120 * 1000)

const m4 = useM4Sandbox({ sandbox: { payoutStepMs: 200, seed: 1520 }, env: { M4_TIMEOUT_MS: "1000" } })
const { control } = sandboxControls(m4)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    beforeEach(async () => {
      await control("POST", "reset")
    })

    it("lists the M4 payways of the cart's currency with the payer price for the cart total", async () => {
      const { cart, storeHeaders } = await createStoreCart(getContainer())
      const res = await api.get(`/store/m4/payment-methods?cart_id=${cart.id}`, { headers: storeHeaders })
      expect(res.status).toBe(200)
      expect(res.data).toMatchObject({ cart_id: cart.id, currency_code: "usd", amount: "100.00" })
      const byAlias = Object.fromEntries(res.data.payment_methods.map((m: { payway: string }) => [m.payway, m]))
      expect(Object.keys(byAlias).sort()).toEqual(["card_invoice_usd", "wallet_invoice_usd"])
      expect(byAlias.card_invoice_usd).toMatchObject({
        currency: "USD",
        amount: "100.00",
        payer_currency: "USD",
        min_amount: "1.00",
        max_amount: "100000.00",
        available: true,
      })
      // the shopper pays the cart total; M4 takes its fee from the shop (DECISION h)
      expect(byAlias.card_invoice_usd.payer_price).toBe("100.00")
      expect(byAlias.wallet_invoice_usd).toMatchObject({ payer_price: "100.00", payer_currency: "USD" })
      expect(byAlias.wallet_invoice_usd.add_ons_config).toHaveProperty("email")
      expect(byAlias.wallet_invoice_usd.add_ons_config).toHaveProperty("phone")
      // invoice/try created nothing at M4
      expect(await control("GET", "invoices")).toHaveLength(0)
    })

    it("lists only the payways of the M4 providers enabled in the cart's region", async () => {
      // only the single-step card provider (card_invoice_usd): no wallet
      const cardOnly = await createStoreCart(getContainer(), { paymentProviders: ["pp_m4_m4"] })
      const res = await api.get(`/store/m4/payment-methods?cart_id=${cardOnly.cart.id}`, {
        headers: cardOnly.storeHeaders,
      })
      expect(res.status).toBe(200)
      expect(res.data.payment_methods.map((m: { payway: string }) => m.payway)).toEqual(["card_invoice_usd"])
      expect(res.data.payment_methods[0].provider_ids).toEqual(["pp_m4_m4"])

      // both card providers share one payway: listed once, with both provider ids
      const all = await createStoreCart(getContainer())
      const both = await api.get(`/store/m4/payment-methods?cart_id=${all.cart.id}`, { headers: all.storeHeaders })
      const card = both.data.payment_methods.find((m: { payway: string }) => m.payway === "card_invoice_usd")
      expect([...card.provider_ids].sort()).toEqual(["pp_m4_hold", "pp_m4_m4"])
      expect(
        both.data.payment_methods.find((m: { payway: string }) => m.payway === "wallet_invoice_usd").provider_ids
      ).toEqual(["pp_m4_wallet"])

      // a region without M4 providers: nothing to pay with through M4
      const none = await createStoreCart(getContainer(), { paymentProviders: ["pp_system_default"] })
      const empty = await api.get(`/store/m4/payment-methods?cart_id=${none.cart.id}`, { headers: none.storeHeaders })
      expect(empty.status).toBe(200)
      expect(empty.data.payment_methods).toEqual([])
    })

    it("marks payways whose limits exclude the cart total", async () => {
      const { cart, storeHeaders } = await createStoreCart(getContainer(), { unitPrice: 3000 })
      const res = await api.get(`/store/m4/payment-methods?cart_id=${cart.id}`, { headers: storeHeaders })
      const wallet = res.data.payment_methods.find((m: { payway: string }) => m.payway === "wallet_invoice_usd")
      expect(res.data.amount).toBe("6000.00")
      expect(wallet).toMatchObject({ available: false, payer_price: null, max_amount: "5000.00" })
    })

    it("needs a publishable key and a known cart", async () => {
      const { cart, storeHeaders } = await createStoreCart(getContainer())
      const noKey = await api.get(`/store/m4/payment-methods?cart_id=${cart.id}`).catch((e) => e.response)
      expect(noKey.status).toBe(400)
      const unknown = await api
        .get(`/store/m4/payment-methods?cart_id=cart_missing`, { headers: storeHeaders })
        .catch((e) => e.response)
      expect(unknown.status).toBe(404)
      const noCart = await api.get(`/store/m4/payment-methods`, { headers: storeHeaders }).catch((e) => e.response)
      expect(noCart.status).toBe(400)
    })
  },
})
