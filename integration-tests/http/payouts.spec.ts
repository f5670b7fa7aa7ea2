import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { pollM4Payouts } from "../../src/jobs/poll-m4-payouts"
import { createAdminUser } from "../helpers/admin-auth"
import { pollUntil, sandboxControls, useM4Sandbox } from "../helpers/m4-test-env"

jest.setTimeout(120 * 1000)

// registered before the runner: its beforeAll runs first, so medusa-config sees the sandbox URL
const m4 = useM4Sandbox({ sandbox: { payoutStepMs: 200, seed: 1520 }, env: { M4_TIMEOUT_MS: "1000" } })
const { control } = sandboxControls(m4)

const CARD = "4111111111111111"
const payout = (over: Record<string, unknown> = {}) => ({
  payway: "card_payout_usd",
  account: CARD,
  amount: "100.00",
  amount_type: "shop_amount",
  ...over,
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let userId: string
    const post = (url: string, body: unknown) => api.post(url, body, { headers }).catch((e) => e.response)
    const get = (url: string) => api.get(url, { headers }).catch((e) => e.response)

    beforeEach(async () => {
      await control("POST", "reset")
      await control("DELETE", "faults")
      const admin = await createAdminUser(getContainer())
      headers = admin.headers
      userId = admin.user.id
    })

    describe("preview", () => {
      it("prices a payout with withdraw/try", async () => {
        const res = await post("/admin/m4/payouts/preview", payout())
        expect(res.status).toBe(200)
        expect(res.data.preview).toMatchObject({
          payway: "card_payout_usd",
          amount: "100.00",
          amount_type: "shop_amount",
          shop_currency: "USD",
          ps_currency: "USD",
          shop_write_off: "100.00",
          account_check: null,
        })
        expect(res.data.preview.payee_receive).toMatch(/^\d+\.\d{2}$/)
        expect(Number(res.data.preview.payee_receive)).toBeLessThan(100)
      })

      it("checks the account and returns the recipient's name when M4 gives it", async () => {
        const res = await post("/admin/m4/payouts/preview", payout({ check_account: true, amount_type: "ps_amount" }))
        expect(res.status).toBe(200)
        expect(res.data.preview.payee_receive).toBe("100.00")
        expect(res.data.preview.account_check).toMatchObject({ result: true, recipient_name: "Maria Garcia" })
        const noName = await post(
          "/admin/m4/payouts/preview",
          payout({ check_account: true, account: "4111111111111112" })
        )
        expect(noName.data.preview.account_check).toMatchObject({ result: true, recipient_name: null })
      })

      it("rejects an account that does not match the payway's regex with the payway's hint", async () => {
        const res = await post("/admin/m4/payouts/preview", payout({ account: "4111-1111" }))
        expect(res.status).toBe(400)
        expect(res.data.message).toContain("Card number, 16 digits")
        const created = await post("/admin/m4/payouts", payout({ account: "12345" }))
        expect(created.status).toBe(400)
        expect(created.data.message).toContain("Card number, 16 digits")
      })

      it("rejects amounts outside the payway's limits, naming the limit", async () => {
        const low = await post("/admin/m4/payouts/preview", payout({ amount: "0.50" }))
        expect(low.status).toBe(400)
        expect(low.data.message).toContain("minimum of 1.00 USD")
        const high = await post("/admin/m4/payouts", payout({ amount: "50000.01" }))
        expect(high.status).toBe(400)
        expect(high.data.message).toContain("maximum of 50000.00 USD")
        const precision = await post("/admin/m4/payouts/preview", payout({ amount: "10.001" }))
        expect(precision.status).toBe(400)
        expect(precision.data.message).toContain("decimal places")
      })

      it("validates the body with zod", async () => {
        const res = await post("/admin/m4/payouts/preview", { payway: "card_payout_usd", amount: "abc" })
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/account|amount/)
      })

      it("requires an authenticated admin", async () => {
        const res = await api.get("/admin/m4/payouts").catch((e) => e.response)
        expect(res.status).toBe(401)
      })
    })

    describe("create", () => {
      it("creates a payout and the polling function takes it to success", async () => {
        const res = await post("/admin/m4/payouts", payout({ description: "June commission" }))
        expect(res.status).toBe(200)
        const created = res.data.payout
        expect(created).toMatchObject({
          status: "processing",
          m4_status: 3, // sent to the payment system at once, as M4 answered in the recording
          payway: "card_payout_usd",
          amount: "100.00",
          shop_currency: "USD",
          shop_write_off: "100.00",
          created_by: userId,
          account: "************1111",
        })
        expect(created.shop_payment_id).toMatch(/^m4pay_/)
        expect(created.m4_payout_id).toMatch(/^\d+$/)

        const final = await pollUntil(
          async () => {
            await pollM4Payouts(getContainer())
            return (await get(`/admin/m4/payouts/${created.id}`)).data
          },
          (d) => d.payout.status === "success",
          { timeoutMs: 20_000, intervalMs: 250 }
        )
        // the detail masks the account too (API, not only the dashboard) and names its creator
        expect(final.payout).toMatchObject({
          status: "success",
          m4_status: 5,
          account: "************1111",
          created_by_user: { id: userId, name: "Admin M4", email: "admin@m4.test", display: "Admin M4" },
        })
        expect(JSON.stringify(final)).not.toContain(CARD)
        expect(JSON.stringify(res.data)).not.toContain(CARD)
        expect(final.payout.final_at).toBeTruthy()
        expect(final.events.map((e: { status: string }) => e.status)).toEqual(
          expect.arrayContaining(["creating", "processing", "success"])
        )
        const sandboxPayouts = await control("GET", "payouts")
        expect(sandboxPayouts).toHaveLength(1)
        expect(sandboxPayouts[0]).toMatchObject({ shop_payment_id: created.shop_payment_id, status: 5 })

        const balance = await get("/admin/m4/balance")
        expect(balance.data.balances.find((b: { currency: string }) => b.currency === "USD")).toMatchObject({
          available: "9900.00",
          frozen: "0.00",
        })
      })

      it("refresh asks M4 now", async () => {
        const created = (await post("/admin/m4/payouts", payout())).data.payout
        const done = await pollUntil(
          async () => (await post(`/admin/m4/payouts/${created.id}/refresh`, {})).data.payout,
          (p) => p.status === "success",
          { timeoutMs: 20_000, intervalMs: 250 }
        )
        expect(done.m4_status).toBe(5)
        expect(done.account).toBe("************1111")
        expect(JSON.stringify(done)).not.toContain(CARD)
        const missing = await post(`/admin/m4/payouts/m4po_missing/refresh`, {})
        expect(missing.status).toBe(404)
      })

      it("reports insufficient balance (M4 error 9) clearly and records the payout as failed", async () => {
        const res = await post("/admin/m4/payouts", payout({ amount: "20000.00" }))
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/Insufficient shop balance/)
        expect(res.data.message).toMatch(/payout m4po_/)
        const list = await get("/admin/m4/payouts")
        expect(list.data.payouts[0]).toMatchObject({ status: "failed", error_code: 9 })
        expect(await control("GET", "payouts")).toHaveLength(0)
      })

      it("lists payouts newest first with the account masked", async () => {
        await post("/admin/m4/payouts", payout({ account: "4000000000000002" }))
        await post("/admin/m4/payouts", payout({ amount: "5.00" }))
        const list = await get("/admin/m4/payouts?limit=10")
        expect(list.status).toBe(200)
        expect(list.data.count).toBe(2)
        expect(list.data.payouts.map((p: { account: string }) => p.account)).toEqual([
          "************1111",
          "************0002",
        ])
        expect(JSON.stringify(list.data)).not.toContain(CARD)
        expect(list.data.payouts[0].created_by_user).toMatchObject({ display: "Admin M4", email: "admin@m4.test" })
        expect(JSON.stringify(list.data)).not.toContain("lease_")
        const filtered = await get("/admin/m4/payouts?status=failed")
        expect(filtered.data.count).toBe(0)
      })
    })

    describe("unknown outcome", () => {
      it("a timeout after M4 created the payout → pending_verification, then the status query settles it; a retry never creates a second payout", async () => {
        await control("POST", "faults", { type: "hang_after", endpoint: "withdraw/create", count: 1 })
        const body = payout({ idempotency_key: "idem-hang-after-0001" })
        const first = await post("/admin/m4/payouts", body)
        expect(first.status).toBe(200)
        expect(first.data.payout).toMatchObject({ status: "pending_verification", m4_payout_id: null })
        expect(first.data.payout.status).not.toBe("failed")
        expect(await control("GET", "payouts")).toHaveLength(1)

        // the client retries with the same key: same payout, settled by withdraw/shop_payment_status
        const retry = await post("/admin/m4/payouts", body)
        expect(retry.status).toBe(200)
        expect(retry.data.payout.id).toBe(first.data.payout.id)
        expect(retry.data.payout.shop_payment_id).toBe(first.data.payout.shop_payment_id)
        expect(["processing", "success"]).toContain(retry.data.payout.status)
        expect(retry.data.payout.m4_payout_id).toMatch(/^\d+$/)

        const final = await pollUntil(
          async () => {
            await pollM4Payouts(getContainer())
            return (await get(`/admin/m4/payouts/${first.data.payout.id}`)).data
          },
          (d) => d.payout.status === "success",
          { timeoutMs: 20_000, intervalMs: 250 }
        )
        const statuses = final.events.map((e: { status: string }) => e.status)
        expect(statuses).toEqual(expect.arrayContaining(["creating", "pending_verification", "success"]))
        expect(statuses).not.toContain("failed")
        const atSandbox = await control("GET", "payouts")
        expect(atSandbox).toHaveLength(1)
        expect((await get("/admin/m4/payouts")).data.count).toBe(1)
      })

      it("the polling job alone settles a pending_verification payout", async () => {
        await control("POST", "faults", { type: "hang_after", endpoint: "withdraw/create", count: 1 })
        const first = (await post("/admin/m4/payouts", payout())).data.payout
        expect(first.status).toBe("pending_verification")
        const final = await pollUntil(
          async () => {
            await pollM4Payouts(getContainer())
            return (await get(`/admin/m4/payouts/${first.id}`)).data.payout
          },
          (p) => p.status === "success",
          { timeoutMs: 20_000, intervalMs: 250 }
        )
        expect(final.m4_payout_id).toMatch(/^\d+$/)
        expect(await control("GET", "payouts")).toHaveLength(1)
      })

      it("nothing reached M4 (hang_before) → pending_verification; a retry with the key creates it once", async () => {
        await control("POST", "faults", { type: "hang_before", endpoint: "withdraw/create", count: 1 })
        const body = payout({ idempotency_key: "idem-hang-before-01" })
        const first = (await post("/admin/m4/payouts", body)).data.payout
        expect(first.status).toBe("pending_verification")
        expect(await control("GET", "payouts")).toHaveLength(0)
        // polling alone never re-creates (status query: not found → keep waiting)
        await pollUntil(
          async () => {
            await pollM4Payouts(getContainer())
            return (await get(`/admin/m4/payouts/${first.id}`)).data.payout
          },
          (p) => p.check_count >= 1,
          { timeoutMs: 10_000, intervalMs: 250 }
        )
        expect(await control("GET", "payouts")).toHaveLength(0)
        const retry = (await post("/admin/m4/payouts", body)).data.payout
        expect(retry.id).toBe(first.id)
        expect(retry.status).toBe("processing")
        const again = (await post("/admin/m4/payouts", body)).data.payout
        expect(again.id).toBe(first.id)
        expect(await control("GET", "payouts")).toHaveLength(1)
      })

      it("the same idempotency key with a different payout is refused", async () => {
        await post("/admin/m4/payouts", payout({ idempotency_key: "idem-conflict-001" }))
        const res = await post("/admin/m4/payouts", payout({ idempotency_key: "idem-conflict-001", amount: "7.00" }))
        expect(res.status).toBe(400)
        expect(res.data.message).toContain("idempotency_key")
      })

      it("two pollers never process one payout at once (lease)", async () => {
        await control("POST", "faults", { type: "hang_after", endpoint: "withdraw/create", count: 1 })
        const first = (await post("/admin/m4/payouts", payout())).data.payout
        const service = getContainer().resolve("m4MerchantTools") as {
          claimDuePayouts(owner: string, limit: number): Promise<string[]>
          releasePayout(id: string, owner: string): Promise<void>
        }
        await pollUntil(
          async () => (await get(`/admin/m4/payouts/${first.id}`)).data.payout,
          (p) => new Date(p.next_check_at) <= new Date(),
          { timeoutMs: 5000, intervalMs: 100 }
        )
        const [a, b] = await Promise.all([service.claimDuePayouts("A", 10), service.claimDuePayouts("B", 10)])
        expect([...a, ...b].filter((id) => id === first.id)).toHaveLength(1)
        const owner = a.includes(first.id) ? "A" : "B"
        expect(await service.claimDuePayouts("C", 10)).not.toContain(first.id)
        await service.releasePayout(first.id, owner)
        expect(await service.claimDuePayouts("C", 10)).toContain(first.id)
      })
    })
  },
})
