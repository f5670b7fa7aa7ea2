import { decideRefund, decideUnlistedRefund } from "../utils/refund-decision"

describe("what a refund's state at M4 does to Medusa's books", () => {
  it("not decided at M4 yet (asked for, WAITING): wait, whatever the kind", () => {
    for (const kind of ["refund", "return"] as const) {
      expect(decideRefund({ kind, state: "requested" }, { state: "requested" })).toEqual({ kind: "wait" })
      expect(decideRefund({ kind, state: "waiting" }, { state: "requested" })).toEqual({ kind: "wait" })
    }
  })

  it("an admin's refund M4 made: kept in Medusa's books", () => {
    expect(decideRefund({ kind: "refund", state: "succeeded" }, { state: "waiting" })).toEqual({ kind: "keep" })
  })

  it("an admin's refund M4 refused: taken out of Medusa's books, once", () => {
    expect(decideRefund({ kind: "refund", state: "failed" }, { state: "waiting" })).toEqual({ kind: "undo" })
    expect(decideRefund({ kind: "refund", state: "failed", undone_at: null }, { state: "failed" })).toEqual({
      kind: "undo",
    })
    expect(
      decideRefund({ kind: "refund", state: "failed", undone_at: "2026-12-03T10:00:00Z" }, { state: "failed" })
    ).toEqual({ kind: "undone" })
  })

  it("a return settles its invoice (returned, or return failed); the merchant is told the first time only", () => {
    expect(decideRefund({ kind: "return", state: "succeeded" }, { state: "waiting" })).toEqual({
      kind: "settle_return",
      settlement: "returned",
      changed: true,
    })
    expect(decideRefund({ kind: "return", state: "failed" }, { state: "requested" })).toEqual({
      kind: "settle_return",
      settlement: "return_failed",
      changed: true,
    })
    expect(decideRefund({ kind: "return", state: "succeeded" }, { state: "succeeded" })).toEqual({
      kind: "settle_return",
      settlement: "returned",
      changed: false,
    })
  })
})

describe("a refund M4 does not list", () => {
  const asked = "2026-12-03T10:00:00.000Z"
  const at = (ms: number) => new Date(asked).getTime() + ms

  it("final on record: that answer stands", () => {
    expect(decideUnlistedRefund({ state: "succeeded", created_at: asked }, at(10 ** 9), 1000)).toEqual({
      kind: "final",
      state: "succeeded",
    })
    expect(decideUnlistedRefund({ state: "failed", created_at: asked }, at(0), 1000)).toEqual({
      kind: "final",
      state: "failed",
    })
  })

  it("asked for a moment ago: its answer may be on its way; past the deadline: M4 never made it", () => {
    expect(decideUnlistedRefund({ state: "requested", created_at: asked }, at(999), 1000)).toEqual({ kind: "wait" })
    expect(decideUnlistedRefund({ state: "waiting", created_at: new Date(asked) }, at(999), 1000)).toEqual({
      kind: "wait",
    })
    expect(decideUnlistedRefund({ state: "requested", created_at: asked }, at(1000), 1000)).toEqual({
      kind: "never_made",
    })
  })
})
