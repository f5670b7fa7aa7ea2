import { needsRefundLookup, refundRefusal, refundState } from "../utils/refund-outcome"

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

  it("the state: M4's answer, else its list entry, else WAITING for a duplicate, UNCONFIRMED for an unknown", () => {
    expect(refundState(ok, undefined)).toEqual({ status: "WAITING", refundId: 7 })
    expect(refundState(unknown, { status: "SUCCESS", id: 8 })).toEqual({ status: "SUCCESS", refundId: 8 })
    expect(refundState(duplicate, undefined)).toEqual({ status: "WAITING" })
    expect(refundState(unknown, undefined)).toMatchObject({ status: "UNCONFIRMED" })
  })

  it("the admin is told no only when M4 refused it: never for an outcome that may have moved money", () => {
    const refused = { kind: "fatal", code: 9, message: "no balance" } as never
    expect(refundRefusal(refused, refundState(refused, undefined), what)?.message).toContain("error 9")
    const failed = { kind: "ok", data: { id: 7, status: "FAILED" } } as never
    expect(refundRefusal(failed, refundState(failed, undefined), what)?.message).toContain(
      "M4 refused the refund of 10.00 USD"
    )
    expect(refundRefusal(unknown, refundState(unknown, undefined), what)).toBeUndefined()
    expect(refundRefusal(unknown, refundState(unknown, { status: "FAILED" }), what)?.message).toContain("M4 refused")
    expect(refundRefusal(ok, refundState(ok, undefined), what)).toBeUndefined()
  })
})
