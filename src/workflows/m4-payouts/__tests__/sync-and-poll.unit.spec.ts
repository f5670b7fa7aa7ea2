import { asValue } from "awilix"
import { createMedusaContainer } from "@medusajs/framework/utils"
import { pollDueM4PayoutsWorkflow } from "../poll-due-m4-payouts"
import { syncM4PayoutWorkflow } from "../sync-m4-payout"

/** The sync and poll workflows' lease handling, against a stand-in merchant tools module. */
type FakeRow = {
  id: string
  status: string
  m4_status: number | null
  shop_payment_id: string
  m4_payout_id: string | null
  shop_currency: string
  payee_receive: string | null
  ps_currency: string | null
  shop_write_off: string | null
  error_code: number | null
  error_message: string | null
  unknown_since: Date | null
  final_at: Date | null
}

const processing = (id: string): FakeRow => ({
  id,
  status: "processing",
  m4_status: 1,
  shop_payment_id: `m4pay_${id}`,
  m4_payout_id: "9",
  shop_currency: "USD",
  payee_receive: null,
  ps_currency: null,
  shop_write_off: null,
  error_code: null,
  error_message: null,
  unknown_since: null,
  final_at: null,
})

function fakePayouts(opts: { claimable?: boolean; statusQuery?: () => unknown } = {}) {
  const rows: Record<string, FakeRow> = { m4po_a: processing("m4po_a"), m4po_b: processing("m4po_b") }
  const calls = { asked: 0, released: [] as string[], unchanged: [] as string[], touched: [] as string[] }
  const service = {
    gateway: () => ({
      withdrawShopPaymentStatus: async () => {
        calls.asked++
        return (opts.statusQuery ?? (() => ({ kind: "ok", data: { id: 9, status: 5 } })))()
      },
    }),
    leaseOwner: (role: string) => `${role}:test`,
    claimPayout: async () => opts.claimable ?? true,
    claimDuePayoutRows: async () => [{ ...rows.m4po_a }, { ...rows.m4po_b }],
    recordUnchangedCheck: async (id: string) => {
      calls.unchanged.push(id)
      return true
    },
    releasePayout: async (id: string) => {
      calls.released.push(id)
    },
    getPayout: async (id: string) => ({ ...rows[id] }),
    touchChecked: async (id: string) => {
      calls.touched.push(id)
    },
    applyM4Status: async (row: { id: string }, data: { status: number }) => {
      rows[row.id] = { ...rows[row.id], status: "success", m4_status: data.status }
      return { ...rows[row.id] }
    },
  }
  const container = createMedusaContainer()
  container.register("m4MerchantTools", asValue(service))
  return { container, calls }
}

describe("syncM4PayoutWorkflow", () => {
  it("asks M4, records the status and gives the lease back", async () => {
    const { container, calls } = fakePayouts()
    const { result } = await syncM4PayoutWorkflow(container).run({ input: { payout_id: "m4po_a" } })
    expect(result).toMatchObject({ status: "success", m4_status: 5 })
    expect(calls).toMatchObject({ asked: 1, released: ["m4po_a"] })
  })

  it("a payout another request or instance holds is returned unchanged, nothing asked", async () => {
    const { container, calls } = fakePayouts({ claimable: false })
    const { result } = await syncM4PayoutWorkflow(container).run({ input: { payout_id: "m4po_a" } })
    expect(result).toMatchObject({ status: "processing" })
    expect(calls).toMatchObject({ asked: 0, released: [] })
  })
})

describe("pollDueM4PayoutsWorkflow", () => {
  it("syncs every claimed payout and counts the changes", async () => {
    const { container, calls } = fakePayouts()
    const { result } = await pollDueM4PayoutsWorkflow(container).run({ input: { limit: 10 } })
    expect(result).toEqual({ claimed: 2, checked: 2, changed: 2 })
    expect(calls.released).toEqual(["m4po_a", "m4po_b"])
    expect(calls.touched).toEqual(["m4po_a", "m4po_b"])
  })

  it("a payout M4 still has as it is recorded costs one statement: the check counted, the lease given back", async () => {
    const { container, calls } = fakePayouts({ statusQuery: () => ({ kind: "ok", data: { id: 9, status: 1 } }) })
    const { result } = await pollDueM4PayoutsWorkflow(container).run({ input: { limit: 10 } })
    expect(result).toEqual({ claimed: 2, checked: 2, changed: 0 })
    expect(calls).toMatchObject({ asked: 2, unchanged: ["m4po_a", "m4po_b"], touched: [], released: [] })
  })

  it("a round that fails gives back every lease it holds, not only the payout that failed", async () => {
    const { container, calls } = fakePayouts({
      statusQuery: () => {
        throw new Error("client bug")
      },
    })
    await expect(pollDueM4PayoutsWorkflow(container).run({ input: { limit: 10 } })).rejects.toMatchObject({
      message: "client bug",
    })
    expect(calls.asked).toBe(1)
    expect(new Set(calls.released)).toEqual(new Set(["m4po_a", "m4po_b"]))
  })
})
