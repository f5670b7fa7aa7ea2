import { asValue } from "awilix"
import { createMedusaContainer } from "@medusajs/framework/utils"
import { pollDueM4PayoutsWorkflow } from "../poll-due-m4-payouts"
import { syncM4PayoutWorkflow } from "../sync-m4-payout"

/** The sync and poll workflows' lease handling, against a stand-in payouts module. */
function fakePayouts(opts: { claimable?: boolean; statusQuery?: () => unknown } = {}) {
  const rows: Record<string, { id: string; status: string; m4_status: number | null; shop_payment_id: string }> = {
    m4po_a: { id: "m4po_a", status: "processing", m4_status: 1, shop_payment_id: "m4pay_a" },
    m4po_b: { id: "m4po_b", status: "processing", m4_status: 1, shop_payment_id: "m4pay_b" },
  }
  const calls = { asked: 0, released: [] as string[] }
  const service = {
    gateway: () => ({
      withdrawShopPaymentStatus: async () => {
        calls.asked++
        return (opts.statusQuery ?? (() => ({ kind: "ok", data: { id: 9, status: 5 } })))()
      },
    }),
    leaseOwner: (role: string) => `${role}:test`,
    claimPayout: async () => opts.claimable ?? true,
    claimDuePayouts: async () => ["m4po_a", "m4po_b"],
    releasePayout: async (id: string) => {
      calls.released.push(id)
    },
    getPayout: async (id: string) => ({ ...rows[id] }),
    touchChecked: async () => undefined,
    applyM4Status: async (row: { id: string }, data: { status: number }) => {
      rows[row.id] = { ...rows[row.id], status: "success", m4_status: data.status }
      return { ...rows[row.id] }
    },
  }
  const container = createMedusaContainer()
  container.register("m4Payouts", asValue(service))
  return { container, calls }
}

describe("syncM4PayoutWorkflow", () => {
  it("asks M4, records the status and gives the lease back", async () => {
    const { container, calls } = fakePayouts()
    const { result } = await syncM4PayoutWorkflow(container).run({ input: { payout_id: "m4po_a" } })
    expect(result).toMatchObject({ status: "success", m4_status: 5 })
    expect(calls).toEqual({ asked: 1, released: ["m4po_a"] })
  })

  it("a payout another request or instance holds is returned unchanged, nothing asked", async () => {
    const { container, calls } = fakePayouts({ claimable: false })
    const { result } = await syncM4PayoutWorkflow(container).run({ input: { payout_id: "m4po_a" } })
    expect(result).toMatchObject({ status: "processing" })
    expect(calls).toEqual({ asked: 0, released: [] })
  })
})

describe("pollDueM4PayoutsWorkflow", () => {
  it("syncs every claimed payout and counts the changes", async () => {
    const { container, calls } = fakePayouts()
    const { result } = await pollDueM4PayoutsWorkflow(container).run({ input: { limit: 10 } })
    expect(result).toEqual({ claimed: 2, checked: 2, changed: 2 })
    expect(calls.released).toEqual(["m4po_a", "m4po_b"])
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
