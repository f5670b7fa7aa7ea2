import { decideInvoice, InvoiceSituation, PaymentState } from "../utils/invoice-decision"

const live = (payment?: PaymentState) => ({
  id: "payses_b",
  status: "pending",
  payment,
})
const base: InvoiceSituation = { status: 4, record: { settlement: null }, session: live(), otherPayments: [] }

describe("where the money of an invoice belongs", () => {
  it("paid or held for the live session of an open cart: on its order", () => {
    expect(decideInvoice(base)).toEqual({ kind: "book", action: "captured" })
    expect(decideInvoice({ ...base, status: 8 })).toEqual({ kind: "book", action: "authorized" })
  })

  it("already in Medusa's books: nothing; a charge made at M4 on an authorized payment is captured", () => {
    const captured = { id: "pay_1", captured_at: "2026-12-01" }
    expect(decideInvoice({ ...base, session: live(captured) })).toEqual({ kind: "none", outcome: "already_captured" })
    const authorized = { id: "pay_1", captured_at: null, canceled_at: null }
    expect(decideInvoice({ ...base, status: 8, session: live(authorized) })).toEqual({
      kind: "none",
      outcome: "already_authorized",
    })
    expect(decideInvoice({ ...base, session: live(authorized) })).toEqual({ kind: "book", action: "captured" })
  })

  it("no order can take it: a replaced session, another payment on the collection, a canceled order or payment", () => {
    expect(decideInvoice({ ...base, session: undefined })).toEqual({ kind: "return", reason: "replaced_session" })
    expect(decideInvoice({ ...base, status: 8, session: undefined })).toEqual({
      kind: "return",
      reason: "replaced_session",
    })
    expect(decideInvoice({ ...base, otherPayments: [{ id: "pay_0", captured_at: "x" }] })).toEqual({
      kind: "return",
      reason: "collection_already_paid",
    })
    // a canceled other payment does not pay the collection
    expect(decideInvoice({ ...base, otherPayments: [{ id: "pay_0", canceled_at: "x" }] })).toEqual({
      kind: "book",
      action: "captured",
    })
    expect(decideInvoice({ ...base, order: { id: "order_1", status: "canceled" } })).toEqual({
      kind: "return",
      reason: "order_canceled",
    })
    expect(decideInvoice({ ...base, session: live({ id: "pay_1", canceled_at: "x" }) })).toEqual({
      kind: "return",
      reason: "payment_canceled",
    })
  })

  it("returned once, never twice", () => {
    for (const settlement of ["returned", "returning", "return_failed", "flagged"]) {
      expect(decideInvoice({ ...base, session: undefined, record: { settlement } })).toEqual({
        kind: "none",
        outcome: "already_returned",
      })
    }
  })

  it("rejected: a live unpaid session fails, a hold Medusa holds is released with its collection", () => {
    expect(decideInvoice({ ...base, status: 6 })).toEqual({ kind: "reject_session" })
    expect(decideInvoice({ ...base, status: 6, session: { id: "s", status: "error" } })).toEqual({
      kind: "none",
      outcome: "already_rejected",
    })
    expect(decideInvoice({ ...base, status: 6, session: undefined })).toEqual({
      kind: "none",
      outcome: "rejected_without_session",
    })
    expect(decideInvoice({ ...base, status: 6, session: live({ id: "pay_1" }) })).toEqual({
      kind: "release_collection",
      payment_id: "pay_1",
    })
    expect(decideInvoice({ ...base, status: 6, session: live({ id: "pay_1", canceled_at: "x" }) })).toEqual({
      kind: "none",
      outcome: "payment_already_settled",
    })
    expect(decideInvoice({ ...base, status: 6, session: live({ id: "pay_1", captured_at: "x" }) })).toEqual({
      kind: "none",
      outcome: "rejected_but_captured_left",
    })
  })

  it("not final, or no invoice at M4: nothing", () => {
    for (const status of [1, 2, 3, 5]) {
      expect(decideInvoice({ ...base, status })).toEqual({ kind: "none", outcome: "not_final_yet" })
    }
    expect(decideInvoice({ ...base, status: undefined })).toEqual({ kind: "none", outcome: "no_invoice_at_m4" })
  })
})
