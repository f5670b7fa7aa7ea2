import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createAdminUser } from "../helpers/admin-auth"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import type { M4LedgerModuleService } from "../../src/modules/m4-ledger"
import { sandboxControls, useM4Sandbox } from "../helpers/m4-test-env"

jest.setTimeout(120 * 1000)

const m4 = useM4Sandbox({ sandbox: { payoutStepMs: 200, seed: 1520 }, env: { M4_TIMEOUT_MS: "1000" } })
const { control } = sandboxControls(m4)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    const get = (url: string) => api.get(url, { headers }).catch((e) => e.response)

    beforeEach(async () => {
      await control("POST", "reset")
      headers = (await createAdminUser(getContainer())).headers
    })

    it("GET /admin/m4/payout-methods lists payout payways with their account_info_config", async () => {
      const res = await get("/admin/m4/payout-methods")
      expect(res.status).toBe(200)
      const payways = res.data.payout_methods.flatMap((m: { payways: unknown[] }) => m.payways)
      const usd = payways.find((p: { alias: string }) => p.alias === "card_payout_usd")
      expect(usd).toMatchObject({
        currency: "USD",
        min_amount: "1.00",
        max_amount: "50000.00",
        account_info_config: { account: { regex: "^\\d{16}$" } },
        account_fields: [{ name: "account", regex: "^\\d{16}$", title: "Card number, 16 digits" }],
      })
      expect(payways.map((p: { alias: string }) => p.alias)).not.toContain("card_invoice_usd")
      expect(JSON.stringify(res.data)).not.toContain("sandbox-secret-key")
    })

    it("GET /admin/m4/payment-methods lists pay-in payways", async () => {
      const res = await get("/admin/m4/payment-methods")
      expect(res.status).toBe(200)
      const payways = res.data.payment_methods.flatMap((m: { payways: unknown[] }) => m.payways)
      expect(payways.map((p: { alias: string }) => p.alias)).toEqual(
        expect.arrayContaining([
          "card_invoice_usd",
          "card_invoice_eur",
          "card_invoice_jpy",
          "card_invoice_kwd",
          "wallet_invoice_usd",
        ])
      )
      expect(payways.find((p: { alias: string }) => p.alias === "card_invoice_kwd")).toMatchObject({
        currency: "KWD",
        min_amount: "0.100",
        max_amount: "30000.000",
      })
    })

    it("GET /admin/m4/balance gives exact decimal strings per currency alpha code", async () => {
      const res = await get("/admin/m4/balance")
      expect(res.status).toBe(200)
      const byCurrency = Object.fromEntries(res.data.balances.map((b: { currency: string }) => [b.currency, b]))
      expect(byCurrency.USD).toEqual({ currency: "USD", available: "10000.00", frozen: "0.00", hold: "0.00" })
      expect(byCurrency.JPY).toMatchObject({ available: "1000000", frozen: "0" })
      expect(byCurrency.KWD).toMatchObject({ available: "1000.000", hold: "0.000" })
    })

    it("a gateway that does not answer is a clear 500, not a crash", async () => {
      await control("POST", "faults", { type: "http_5xx", endpoint: "shop_balance", status: 503, count: 1 })
      const res = await get("/admin/m4/balance")
      expect(res.status).toBe(500)
      expect(res.data.message).toMatch(/M4 did not give a usable answer/)
      await control("DELETE", "faults")
    })

    it("GET /admin/m4/orders/:id/notifications shows the order's M4 invoice and its notifications", async () => {
      const container = getContainer()
      const order = await container.resolve(Modules.ORDER).createOrders({
        currency_code: "usd",
        email: "buyer@m4.test",
        items: [{ title: "Thing", quantity: 1, unit_price: 25 }],
      })
      const payment = container.resolve(Modules.PAYMENT)
      const collection = await payment.createPaymentCollections({ currency_code: "usd", amount: 25 })
      await container.resolve(ContainerRegistrationKeys.LINK).create({
        [Modules.ORDER]: { order_id: order.id },
        [Modules.PAYMENT]: { payment_collection_id: collection.id },
      })
      const session = await payment.createPaymentSession(collection.id, {
        provider_id: "pp_system_default",
        currency_code: "usd",
        amount: 25,
        data: {},
      })
      const authorized = await payment.authorizePaymentSession(session.id, {})
      // the plugin's ledger: the invoice on the order (paid, M4 confirmed) and one refund of it
      const ledger = container.resolve(M4_LEDGER_MODULE) as M4LedgerModuleService
      const invoice = await ledger.invoices.recordIntent({
        shop_order_id: session.id,
        provider_id: "pp_m4_m4",
        mode: "single_step",
        payment_collection_id: collection.id,
        cart_id: null,
        session_id: session.id,
        amount: "25.00",
        currency_code: "usd",
        payway: "card_invoice_usd",
        request_digest: null,
        expires_at: new Date(Date.now() + 3_600_000),
      })
      await ledger.invoices.markIssued(invoice.id, { invoice_id: "41000017", session_data: {} })
      await ledger.invoices.recordAnswer(session.id, {
        m4_status: 4,
        paid_amount: "25.00",
        net_amount: "23.75",
        payer_price: "25.00",
        payer_currency: "USD",
      })
      await ledger.invoices.recordSettlement(invoice.id, { settlement: "booked", payment_id: authorized!.id })
      await ledger.refunds.recordIntent({
        shop_refund_id: "ref_1",
        kind: "refund",
        provider_id: "pp_m4_m4",
        invoice_ref: invoice.id,
        invoice_id: "41000017",
        payment_id: authorized!.id,
        refund_id: "ref_1",
        order_id: order.id,
        amount: "5.00",
        currency_code: "usd",
      })
      await ledger.refunds.recordAnswer("ref_1", { status: "SUCCESS" })
      // the notification store keeps M4's numeric currency (840)
      const base = {
        provider_id: "pp_m4_m4",
        kind: "invoice",
        shop_order_id: session.id,
        invoice_id: "41000017",
        amount: "25.00",
        currency: "840",
      }
      await ledger.recordNotification({ ...base, kind: "invoice", fingerprint: "fp-1", status: "success", payload: {} })
      await ledger.recordNotification({ ...base, kind: "invoice", fingerprint: "fp-1", status: "success", payload: {} })
      await ledger.recordNotification({
        ...base,
        kind: "invoice",
        shop_order_id: "other",
        invoice_id: "999",
        fingerprint: "fp-2",
        status: "success",
        payload: {},
      })

      const res = await get(`/admin/m4/orders/${order.id}/notifications`)
      expect(res.status).toBe(200)
      // statuses by name, currencies by alphabetic code, refunds with their currency
      expect(res.data.invoice).toMatchObject({
        invoice_id: "41000017",
        m4_status: 4,
        m4_status_name: "Paid",
        settlement: "booked",
        paid_amount: "25.00",
        net_amount: "23.75",
        payer_price: "25.00",
        payer_currency: "USD",
        currency: "USD",
        refunds: [{ shop_refund_id: "ref_1", amount: "5.00", status: "SUCCESS", currency: "USD" }],
      })
      expect(res.data.notifications).toHaveLength(1)
      expect(res.data.notifications[0]).toMatchObject({
        kind: "invoice",
        status: "success",
        duplicate_count: 1,
        invoice_id: "41000017",
        currency: "USD",
      })

      const missing = await get("/admin/m4/orders/order_missing/notifications")
      expect(missing.status).toBe(404)
    })
  },
})
