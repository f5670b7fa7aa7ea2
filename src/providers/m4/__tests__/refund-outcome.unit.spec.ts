import { needsRefundLookup, refundState } from "../utils/refund-outcome"

const what = { amount: "10.00", currency: "USD" }
const ok = { kind: "ok", data: { id: 7, status: "WAITING" } } as never
const duplicate = { kind: "fatal", code: 6, message: "not unique" } as never
const unknown = { kind: "unknown", reason: "timeout", detail: "x" } as never

describe("refund decisions", () => {
  it("only an unknown or duplicate answer needs M4's refund list", () => {
    expect(needsRefundLookup(ok)).toBe(false)
    expect(needsRefundLookup(duplicate)).toBe(true)
    expect(needsRefundLookup(unknown)).toBe(true)
    expect(needsRefundLookup({ kind: "fatal", code: 9, message: "balance" } as never)).toBe(false)
  })

  it("the state: M4's answer, else its list entry, else WAITING for a duplicate", () => {
    expect(refundState(ok, undefined, what)).toEqual({ status: "WAITING", refundId: 7 })
    expect(refundState(unknown, { status: "SUCCESS", id: 8 }, what)).toEqual({ status: "SUCCESS", refundId: 8 })
    expect(refundState(duplicate, undefined, what)).toEqual({ status: "WAITING" })
  })

  it("an outcome that stays unknown, a refusal, or FAILED record nothing (they throw)", () => {
    expect(() => refundState(unknown, undefined, what)).toThrow("not known yet")
    expect(() => refundState({ kind: "fatal", code: 9, message: "no balance" } as never, undefined, what)).toThrow(
      "error 9"
    )
    expect(() => refundState(unknown, { status: "FAILED" }, what)).toThrow("M4 refused the refund of 10.00 USD")
  })
})
