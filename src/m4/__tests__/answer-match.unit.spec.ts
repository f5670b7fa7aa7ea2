import { answerMismatch } from "../index"

describe("answerMismatch: is M4's answer about the operation we asked for?", () => {
  const expected = { shop_id: 1520, invoice_id: 7, money: { amount: "54.00", currency: "usd" } }

  it("accepts the same shop, invoice, currency (numeric or alpha) and exactly the same amount", () => {
    expect(answerMismatch({ shop_id: 1520, invoice_id: 7, amount: 54, currency: 840 }, expected)).toBeUndefined()
    expect(answerMismatch({ shop_id: 1520, invoice_id: 7, amount: "54.0", currency: "USD" }, expected)).toBeUndefined()
  })

  it("names the first fact that differs", () => {
    expect(answerMismatch({ shop_id: 99, invoice_id: 7, amount: 54, currency: 840 }, expected)).toBe(
      "shop 99 is not this store's shop"
    )
    expect(answerMismatch({ shop_id: 1520, invoice_id: 7, amount: 54, currency: 978 }, expected)).toMatch(
      /^currency 978/
    )
    expect(answerMismatch({ shop_id: 1520, invoice_id: 7, amount: "54.004", currency: 840 }, expected)).toMatch(
      /^amount 54.004/
    )
    expect(answerMismatch({ shop_id: 1520, invoice_id: 8, amount: 54, currency: 840 }, expected)).toMatch(/^invoice 8/)
  })

  it("a fact M4 did not report does not match an expected one; facts not expected are not checked", () => {
    expect(answerMismatch({ shop_id: 1520 }, { money: { amount: "1.00", currency: 840 } })).toMatch(
      /^currency undefined/
    )
    expect(
      answerMismatch({ amount: "1.00", currency: 840 }, { money: { amount: "1", currency: "USD" } })
    ).toBeUndefined()
    expect(answerMismatch({ shop_id: 5 }, {})).toBeUndefined()
  })
})
