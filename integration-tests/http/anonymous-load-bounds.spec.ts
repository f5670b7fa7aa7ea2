import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createAdminUser } from "../helpers/admin-auth"
import { createStoreCart } from "../helpers/m4-store-fixtures"
import { sandboxControls, useM4Sandbox } from "../helpers/m4-test-env"

jest.setTimeout(180 * 1000)

/**
 * What an anonymous visitor (the publishable key only) or a misconfiguration can cost, under a
 * bounded burst over loopback: gateway calls per payment-methods request, 429 past the rate
 * limits, the answer to notifications for an unknown provider id. Each scenario speaks from its
 * own client address (X-Forwarded-For: Medusa trusts one proxy hop), so their counts stay apart.
 */
const LIMITS = {
  paymentMethods: { perCart: 20, perClient: 30, windowSeconds: 60 },
  paymentSessions: { perCollection: 3, perClient: 5, windowSeconds: 60 },
}
const m4 = useM4Sandbox({
  sandbox: { seed: 1520 },
  countCalls: true,
  // a busy 2-core machine must not turn the burst's one shared gateway call into a timeout
  env: { M4_RATE_LIMITS: JSON.stringify(LIMITS), M4_TIMEOUT_MS: "15000" },
})
const { control } = sandboxControls(m4)

const calls = (method: string) => m4.calls.filter((c) => c === method).length

function expectTooMany(res: { status: number; headers: Record<string, string>; data: unknown }, windowSeconds: number) {
  expect(res.status).toBe(429)
  const retryAfter = Number(res.headers["retry-after"])
  expect(Number.isInteger(retryAfter)).toBe(true)
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds)
  expect(res.data).toEqual({
    type: "not_allowed",
    message: expect.stringMatching(/^Too many requests\. Please try again in \d+ seconds?\.$/),
  })
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    beforeEach(async () => {
      await control("POST", "reset")
    })

    it("answers a burst of payment-methods requests with one shop configuration and one invoice/try per payway and amount", async () => {
      const { cart, storeHeaders } = await createStoreCart(getContainer())
      m4.calls.length = 0
      // 50 at once for one cart, each from another address: the per-cart limit (20) answers the rest
      const burst = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api
            .get(`/store/m4/payment-methods?cart_id=${cart.id}`, {
              headers: { ...storeHeaders, "x-forwarded-for": `198.51.100.${i + 1}` },
            })
            .catch((e) => e.response)
        )
      )
      const statuses: Record<number, number> = {}
      burst.forEach((r) => (statuses[r.status] = (statuses[r.status] ?? 0) + 1))
      expect(statuses).toEqual({ 200: LIMITS.paymentMethods.perCart, 429: 50 - LIMITS.paymentMethods.perCart })
      const answered = burst.filter((r) => r.status === 200)
      for (const res of answered) {
        expect(res.data.payment_methods.map((m: { payway: string }) => m.payway).sort()).toEqual([
          "card_invoice_usd",
          "wallet_invoice_usd",
        ])
        expect(res.data.payment_methods.every((m: { available: boolean }) => m.available)).toBe(true)
      }
      burst.filter((r) => r.status !== 200).forEach((res) => expectTooMany(res, LIMITS.paymentMethods.windowSeconds))
      // the minimum: the shop's configuration once, and one invoice/try for each of the two payways
      expect(calls("shop_input_config/shop")).toBe(1)
      expect(calls("invoice/try")).toBe(2)
      expect(m4.calls).toHaveLength(3)

      // another cart with the same total, soon after: nothing more to ask M4
      const other = await createStoreCart(getContainer())
      const again = await api.get(`/store/m4/payment-methods?cart_id=${other.cart.id}`, {
        headers: { ...other.storeHeaders, "x-forwarded-for": "198.51.100.200" },
      })
      expect(again.data.payment_methods).toHaveLength(2)
      expect(m4.calls).toHaveLength(3)
    })

    it("limits payment-methods requests per client across carts", async () => {
      const first = await createStoreCart(getContainer(), { unitPrice: 51 })
      const second = await createStoreCart(getContainer(), { unitPrice: 51 })
      const from = { "x-forwarded-for": "203.0.113.10" }
      const ask = (c: typeof first) =>
        api
          .get(`/store/m4/payment-methods?cart_id=${c.cart.id}`, { headers: { ...c.storeHeaders, ...from } })
          .catch((e) => e.response)
      const statuses: number[] = []
      for (let i = 0; i < LIMITS.paymentMethods.perCart; i++) {
        statuses.push((await ask(first)).status)
      }
      for (let i = 0; i < LIMITS.paymentMethods.perClient - LIMITS.paymentMethods.perCart; i++) {
        statuses.push((await ask(second)).status)
      }
      expect(statuses.every((s) => s === 200)).toBe(true)
      expectTooMany(await ask(second), LIMITS.paymentMethods.windowSeconds)
      // another client is not affected
      const elsewhere = await api.get(`/store/m4/payment-methods?cart_id=${second.cart.id}`, {
        headers: { ...second.storeHeaders, "x-forwarded-for": "203.0.113.11" },
      })
      expect(elsewhere.status).toBe(200)
    })

    it("limits new payment sessions per payment collection and per client; a refused one creates no M4 invoice", async () => {
      const from = (ip: string) => ({ "x-forwarded-for": ip })
      const newCollection = async (ip: string) => {
        const { cart, storeHeaders } = await createStoreCart(getContainer())
        const { data } = await api.post(
          "/store/payment-collections",
          { cart_id: cart.id },
          { headers: { ...storeHeaders, ...from(ip) } }
        )
        const start = () =>
          api
            .post(
              `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
              { provider_id: "pp_m4_m4", data: { cart_id: cart.id } },
              { headers: { ...storeHeaders, ...from(ip) } }
            )
            .catch((e) => e.response)
        return { start }
      }

      // per collection: 3, then 429
      m4.calls.length = 0
      const one = await newCollection("192.0.2.1")
      const perCollection = []
      for (let i = 0; i < 5; i++) {
        perCollection.push(await one.start())
      }
      expect(perCollection.map((r) => r.status)).toEqual([200, 200, 200, 429, 429])
      perCollection.slice(3).forEach((res) => expectTooMany(res, LIMITS.paymentSessions.windowSeconds))
      // the three sessions share one invoice (a re-created session takes over its collection's payable
      // one); the refused ones asked M4 nothing
      expect(calls("invoice/create")).toBe(1)

      // per client: 5 sessions over two collections, then 429 for a third collection
      const a = await newCollection("192.0.2.2")
      const b = await newCollection("192.0.2.2")
      const c = await newCollection("192.0.2.2")
      const statuses = []
      for (const collection of [a, a, a, b, b]) {
        statuses.push((await collection.start()).status)
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200])
      expectTooMany(await c.start(), LIMITS.paymentSessions.windowSeconds)
      // the same collection from another client still gets its session
      const d = await newCollection("192.0.2.3")
      expect((await d.start()).status).toBe(200)
    })

    it("acknowledges notifications for an unknown M4 provider id so that M4 stops resending them, with one warning", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
      const warn = jest.spyOn(logger, "warn")
      const error = jest.spyOn(logger, "error")
      try {
        const body = { status: "success", payment_id: 1, shop_order_id: "payses_x", shop_id: 1520, sign: "00" }
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            api.post(`/hooks/payment/${i % 2 ? "m4_nope" : "m4_other"}?type=invoice`, body).catch((e) => e.response)
          )
        )
        expect(answers.map((r) => [r.status, r.data])).toEqual(Array(30).fill([200, "OK"]))
        const lines = warn.mock.calls
          .map(([line]) => String(line))
          .filter((line) => line.includes("unknown payment provider"))
        expect(lines).toHaveLength(1)
        expect(lines[0]).toMatch(/pp_m4_(nope|other)/)
        expect(lines[0]).toContain("configured M4 providers: pp_m4_hold, pp_m4_m4, pp_m4_wallet")
        expect(error).not.toHaveBeenCalled()
        // nothing was stored
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const [{ count }] = await pg("m4_notification").count("* as count")
        expect(Number(count)).toBe(0)
      } finally {
        warn.mockRestore()
        error.mockRestore()
      }
    })

    it("keeps no card number in the database after a payout: a mask, a keyed hash, masked history", async () => {
      const { headers } = await createAdminUser(getContainer())
      const CARD = "4111111111111111"
      const body = {
        payway: "card_payout_usd",
        account: CARD,
        amount: "10.00",
        amount_type: "shop_amount",
        idempotency_key: "bounds-payout-1",
      }
      const created = await api.post("/admin/m4/payouts", body, { headers })
      expect(created.status).toBe(200)
      // M4 got the full number
      const sent = m4.callLog.find((c) => c.method === "withdraw/create")
      expect(sent?.body?.account).toBe(CARD)
      // a retry with the same key and card is the same payout; another card with the same first 6 / last 4 is refused
      const retried = await api.post("/admin/m4/payouts", body, { headers })
      expect(retried.data.payout.id).toBe(created.data.payout.id)
      const other = await api
        .post("/admin/m4/payouts", { ...body, account: "4111110000001111" }, { headers })
        .catch((e) => e.response)
      expect(other.status).toBe(400)
      expect(other.data.message).toContain("different account")

      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const [row] = await pg("m4_payout").select("*").where({ id: created.data.payout.id })
      expect(row.account_mask).toBe("411111******1111")
      expect(row.account_hash).toMatch(/^[0-9a-f]{64}$/)
      const stored = JSON.stringify({
        payouts: await pg("m4_payout").select("*"),
        events: await pg("m4_payout_event").select("*"),
        workflows: await pg("workflow_execution").select("*"),
      })
      expect(stored).not.toContain(CARD)
      expect(stored).not.toMatch(/\d{13,19}/)
    })
  },
})
