import { asValue } from "awilix"
import { createMedusaContainer } from "@medusajs/framework/utils"
import { createM4PayoutWorkflow } from "../create-m4-payout"

/**
 * The create workflow's failure paths, against a stand-in merchant tools module that keeps one row in
 * memory: what a failing step leaves behind is decided by the compensations, and money M4 may
 * have moved is never marked failed.
 */
type Row = { id: string; status: string; error_code: number | null; shop_payment_id: string; [k: string]: unknown }

function fakePayouts(opts: { create: () => unknown; failApply?: boolean; failClaim?: boolean }) {
  const state: { row?: Row; leased: boolean; sent: number; notes: string[]; sentTo?: unknown } = {
    leased: false,
    sent: 0,
    notes: [],
  }
  const set = (changes: Partial<Row>, note: string) => {
    state.row = { ...state.row!, ...changes }
    state.notes.push(note)
    return state.row
  }
  const payway = { alias: "card_payout_usd", currency: "USD", is_active: true, min_amount: 1, max_amount: 50000 }
  const service = {
    gateway: () => ({
      shopOutputConfig: async () => ({ kind: "ok", data: [{ payways: [payway] }] }),
      withdrawCreate: async (req: { account: string }) => {
        state.sent++
        state.sentTo = req.account
        return opts.create()
      },
    }),
    findByIdempotencyKey: async () => null,
    recordPayout: async () => {
      state.row = {
        id: "m4po_1",
        status: "creating",
        error_code: null,
        shop_payment_id: "m4pay_1",
        payway: "card_payout_usd",
      }
      return { payout: state.row, created: true }
    },
    leaseOwner: (role: string) => `${role}:test`,
    claimPayout: async () => {
      if (opts.failClaim) throw new Error("database unavailable")
      state.leased = true
      return true
    },
    releasePayout: async () => {
      state.leased = false
    },
    getPayout: async () => state.row,
    applyM4Status: async (_row: Row, data: { status: number }) => {
      if (opts.failApply) throw new Error("database unavailable")
      return set({ status: "processing", m4_status: data.status }, "withdraw/create answered")
    },
    markUnknown: async () => set({ status: "pending_verification" }, "outcome unknown"),
    markRefused: async (_row: Row, o: { code: number }) => set({ status: "failed", error_code: o.code }, "refused"),
    markAnswerNotRecorded: async () => {
      if (state.row?.status === "creating") set({ status: "pending_verification" }, "answer not recorded")
    },
    failUnsentPayout: async () => {
      if (state.row?.status === "creating") set({ status: "failed" }, "not sent")
    },
  }
  const container = createMedusaContainer()
  container.register("m4MerchantTools", asValue(service))
  return { container, state }
}

const input = {
  payway: "card_payout_usd",
  account: "4111111111111111",
  amount: "100.00",
  amount_type: "shop_amount" as const,
}

describe("createM4PayoutWorkflow compensations", () => {
  it("M4 refuses withdraw/create: the payout is failed, the error names it, the lease is given back", async () => {
    const { container, state } = fakePayouts({
      create: () => ({ kind: "fatal", code: 9, message: "insufficient balance" }),
    })
    await expect(createM4PayoutWorkflow(container).run({ input })).rejects.toMatchObject({
      type: "not_allowed",
      message: expect.stringContaining("(payout m4po_1)"),
    })
    expect(state.row).toMatchObject({ status: "failed", error_code: 9 })
    expect(state.leased).toBe(false)
  })

  it("M4 answered but recording the answer failed: the payout is an unknown outcome to settle by asking M4, never failed", async () => {
    const { container, state } = fakePayouts({
      create: () => ({ kind: "ok", data: { id: 77, status: 1 } }),
      failApply: true,
    })
    await expect(createM4PayoutWorkflow(container).run({ input })).rejects.toMatchObject({
      message: "database unavailable",
    })
    expect(state.sent).toBe(1)
    // the row keeps a mask only: withdraw/create got the account from the request
    expect(state.sentTo).toBe("4111111111111111")
    expect(state.row?.status).toBe("pending_verification")
    expect(state.notes).toEqual(["answer not recorded"])
    expect(state.leased).toBe(false)
  })

  it("the workflow stopped before withdraw/create was sent: nothing exists at M4, the payout is failed", async () => {
    const { container, state } = fakePayouts({
      create: () => ({ kind: "ok", data: { id: 77, status: 1 } }),
      failClaim: true,
    })
    await expect(createM4PayoutWorkflow(container).run({ input })).rejects.toMatchObject({
      message: "database unavailable",
    })
    expect(state.sent).toBe(0)
    expect(state.row?.status).toBe("failed")
  })

  it("no answer from M4 is not a failure: the payout waits for the status query and the request succeeds", async () => {
    const { container, state } = fakePayouts({
      create: () => ({ kind: "unknown", reason: "timeout", detail: "no answer" }),
    })
    const { result } = await createM4PayoutWorkflow(container).run({ input })
    expect(result.status).toBe("pending_verification")
    expect(state.notes).toEqual(["outcome unknown"])
    expect(state.leased).toBe(false)
  })
})
