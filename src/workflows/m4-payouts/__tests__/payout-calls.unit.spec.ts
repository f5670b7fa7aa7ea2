import { createCallFor, decidePayoutAnswer, PayoutCall, syncCallFor } from "../utils/payout-calls"

const ok = { kind: "ok" as const, data: { id: 77, status: 1 } }
const fatal = (code: number) => ({ kind: "fatal" as const, code, message: `error ${code}` })
const timeout = { kind: "unknown" as const, reason: "timeout" as const, detail: "no answer within 1000 ms" }

const create: PayoutCall = { call: "create" }
const settle = (resubmit_when_missing: boolean, note?: string): PayoutCall => ({
  call: "status",
  mode: "settle",
  resubmit_when_missing,
  note,
})
const follow: PayoutCall = { call: "status", mode: "follow" }

describe("decidePayoutAnswer: withdraw/create", () => {
  it("records M4's answer", () => {
    expect(decidePayoutAnswer(create, ok)).toEqual({ kind: "apply_status", note: "withdraw/create answered" })
  })

  it("duplicate (6) or in progress (8): an earlier attempt reached M4, so ask its status, never create again", () => {
    for (const code of [6, 8]) {
      expect(decidePayoutAnswer(create, fatal(code))).toEqual({
        kind: "ask_next",
        next: {
          call: "status",
          mode: "settle",
          resubmit_when_missing: false,
          note: `withdraw/create: M4 error ${code}`,
        },
      })
    }
  })

  it("any other M4 error is a refusal: nothing was created", () => {
    expect(decidePayoutAnswer(create, fatal(9))).toEqual({ kind: "refused" })
    expect(decidePayoutAnswer(create, fatal(4))).toEqual({ kind: "refused" })
  })

  it("no usable answer is an unknown outcome, never a refusal", () => {
    expect(decidePayoutAnswer(create, timeout)).toEqual({ kind: "unknown", what: "withdraw/create" })
    expect(
      decidePayoutAnswer(create, { kind: "unknown", reason: "http_status", detail: "HTTP 502", httpStatus: 502 })
    ).toEqual({
      kind: "unknown",
      what: "withdraw/create",
    })
  })
})

describe("decidePayoutAnswer: status query settling an unknown outcome", () => {
  it("records the status M4 reports, keeping the note of why it was asked", () => {
    expect(decidePayoutAnswer(settle(false), ok)).toEqual({ kind: "apply_status", note: "resolved by status query" })
    expect(decidePayoutAnswer(settle(false, "withdraw/create: M4 error 6"), ok)).toEqual({
      kind: "apply_status",
      note: "withdraw/create: M4 error 6; resolved by status query",
    })
  })

  it("not found at M4 (7): a client retry creates it again with the same shop_payment_id; polling keeps waiting", () => {
    expect(decidePayoutAnswer(settle(true), fatal(7))).toEqual({ kind: "ask_next", next: { call: "create" } })
    expect(decidePayoutAnswer(settle(false), fatal(7))).toEqual({
      kind: "unknown",
      what: "status query: not found at M4",
    })
  })

  it("any other problem leaves the outcome unknown (never failed)", () => {
    expect(decidePayoutAnswer(settle(true), timeout)).toEqual({ kind: "unknown", what: "status query" })
    expect(decidePayoutAnswer(settle(false), fatal(10))).toEqual({ kind: "unknown", what: "status query" })
  })
})

describe("decidePayoutAnswer: status query following a payout M4 has", () => {
  it("records the status, or notes the problem and keeps polling", () => {
    expect(decidePayoutAnswer(follow, ok)).toEqual({ kind: "apply_status", note: "status query" })
    expect(decidePayoutAnswer(follow, timeout)).toEqual({ kind: "note_problem" })
    expect(decidePayoutAnswer(follow, fatal(7))).toEqual({ kind: "note_problem" })
  })
})

describe("the first question of a flow", () => {
  it("sync: settle unknown outcomes without creating, follow processing payouts, leave final ones alone", () => {
    expect(syncCallFor("creating")).toEqual(settle(false))
    expect(syncCallFor("pending_verification")).toEqual(settle(false))
    expect(syncCallFor("needs_attention")).toEqual(settle(false))
    expect(syncCallFor("processing")).toEqual(follow)
    for (const status of ["success", "rejected", "failed"] as const) {
      expect(syncCallFor(status)).toBeNull()
    }
  })

  it("create: a new payout is sent; a retry settles an unknown outcome (may create it once); other retries ask nothing", () => {
    expect(createCallFor({ created: true, status: "creating" })).toEqual(create)
    expect(createCallFor({ created: false, status: "creating" })).toEqual(settle(true))
    expect(createCallFor({ created: false, status: "pending_verification" })).toEqual(settle(true))
    for (const status of ["processing", "success", "rejected", "failed", "needs_attention"] as const) {
      expect(createCallFor({ created: false, status })).toBeNull()
    }
  })
})
