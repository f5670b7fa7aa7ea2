import type { PayoutRecord } from "../types"
import { payoutStatusChanges, sameAsRecorded } from "../utils/status-changes"

const row = (over: Partial<PayoutRecord> = {}): PayoutRecord =>
  ({
    id: "m4po_1",
    status: "processing",
    m4_status: 2,
    m4_payout_id: "77",
    shop_currency: "USD",
    payee_receive: "10.00",
    ps_currency: "USD",
    shop_write_off: "10.30",
    error_code: null,
    error_message: null,
    unknown_since: null,
    final_at: null,
    ...over,
  }) as PayoutRecord

const answer = (over: Record<string, unknown> = {}) =>
  ({
    id: 77,
    status: 2,
    payee_receive: "10.00",
    ps_currency: "USD",
    shop_write_off: "10.30",
    shop_currency: "USD",
    ...over,
  }) as never

describe("payout status changes", () => {
  const next = new Date("2030-01-01T00:00:00Z")

  it("M4 saying what the row says is only a next check", () => {
    expect(sameAsRecorded(row(), payoutStatusChanges(row(), answer(), next))).toBe(true)
  })

  it("any difference is a transition: M4's status, amounts, an error, or a row leaving an unknown outcome", () => {
    const same = (r: PayoutRecord, a = answer()) => sameAsRecorded(r, payoutStatusChanges(r, a, next))
    expect(same(row(), answer({ status: 3 }))).toBe(false) // sent: same state, another M4 status
    expect(same(row(), answer({ status: 5 }))).toBe(false) // success: final
    expect(same(row(), answer({ shop_write_off: "10.40" }))).toBe(false)
    expect(same(row(), answer({ status: 4, error_code: 12 }))).toBe(false)
    expect(same(row({ error_message: "status query: timeout" }))).toBe(false)
    expect(same(row({ status: "pending_verification", unknown_since: new Date() }))).toBe(false)
  })

  it("a final answer plans no next check", () => {
    const changes = payoutStatusChanges(row(), answer({ status: 6 }), next)
    expect(changes).toMatchObject({ status: "rejected", next_check_at: null })
    expect(changes.final_at).toBeInstanceOf(Date)
  })
})
