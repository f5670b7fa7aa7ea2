import { RecentInvoiceAnswers } from "../utils/recent-invoice-answers"

const answer = (status: number) => ({ status, payment_id: 7, shop_amount: 6, shop_currency: 840 }) as never

describe("recent invoice answers", () => {
  it("reuses a paid or held answer once, within its time", async () => {
    const recent = new RecentInvoiceAnswers(1000)
    recent.remember("payses_1", answer(4))
    recent.remember("payses_2", answer(8))
    expect(recent.take("payses_1")).toMatchObject({ status: 4 })
    expect(recent.take("payses_1")).toBeUndefined()
    expect(recent.take("payses_2")).toMatchObject({ status: 8 })
  })

  it("never reuses answers that may change (not paid yet, rejected) or old ones", () => {
    const recent = new RecentInvoiceAnswers(-1)
    recent.remember("payses_1", answer(4))
    expect(recent.take("payses_1")).toBeUndefined() // expired
    const fresh = new RecentInvoiceAnswers(1000)
    for (const status of [1, 2, 3, 5, 6]) {
      fresh.remember(`payses_${status}`, answer(status))
      expect(fresh.take(`payses_${status}`)).toBeUndefined()
    }
  })
})
