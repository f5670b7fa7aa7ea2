import { answerSays, cancelStart, captureError, releaseFailure } from "../utils/capture-cancel-rules"

const ok = (status: number) => ({ kind: "ok", data: { id: 41, payment_id: 41, status } }) as never
const fatal = (code: number, message = "refused") => ({ kind: "fatal", code, message }) as never
const unknown = { kind: "unknown", reason: "timeout", detail: "no answer" } as never

describe("capture and cancel rules", () => {
  it("an answer says a status only when M4 answered it", () => {
    expect(answerSays(ok(4), 4)).toBe(true)
    expect(answerSays(ok(8), 4)).toBe(false)
    expect(answerSays(unknown, 4)).toBe(false)
    expect(answerSays(undefined, 4)).toBe(false)
  })

  it("capture: a refused charge of an invoice that is not held is not allowed; an unknown one is never a failure", () => {
    expect(captureError(41, fatal(10), ok(6)).message).toContain("invoice 41 is in status 6, not held")
    expect(captureError(41, fatal(11), unknown).message).toContain("check the M4 provider configuration")
    expect(captureError(41, ok(8), unknown).message).toContain("answered status 8 after charge; not captured")
    expect(captureError(41, unknown, unknown).message).toContain("not known yet")
  })

  it("cancel: released or unpaid → done, held → release, already charged → the money goes back", () => {
    const data = { invoice_id: 41, m4_status: 1 }
    expect(cancelStart(data, 6)).toEqual({ done: { invoice_id: 41, m4_status: 6 } })
    expect(cancelStart(data, 2)).toEqual({ done: { invoice_id: 41, m4_status: 2 } })
    expect(cancelStart(data, undefined)).toEqual({ done: data })
    expect(cancelStart(data, 8)).toEqual({ release: true })
    expect(cancelStart(data, 4)).toEqual({ returnPaid: true })
  })

  it("a hold that stays unreleased is logged loudly and reported, never claimed released", () => {
    expect(releaseFailure(41, unknown).log).toContain("could not release the hold on invoice 41")
    expect(releaseFailure(41, unknown).error.message).toContain("is not released yet")
    expect(releaseFailure(41, fatal(7)).error.message).toContain("M4 cancel refused")
  })
})
