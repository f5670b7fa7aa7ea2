import { matchInvoiceNotification, matchRefundNotification, readNotification } from "../utils/notification-decision"

const callback = (status: "success" | "hold" | "rejected", amount = "6.00") =>
  ({
    status,
    payment_id: 41,
    shop_order_id: "payses_1",
    shop_id: 1520,
    shop_currency: 840,
    shop_amount_text: amount,
  }) as never
const record = {
  shop_order_id: "payses_1",
  provider_id: "pp_m4_m4",
  invoice_id: "41",
  amount: "6.00",
  currency_code: "usd",
}
const refundCallback = (amount = "2.00") =>
  ({ shop_refund_id: "refund_1", status: "FAILED", invoice_id: 41, amount_text: amount, currency: "USD" }) as never
const refund = {
  shop_refund_id: "refund_1",
  provider_id: "pp_m4_m4",
  invoice_id: "41",
  amount: "2.00",
  currency_code: "usd",
}

describe("the notification decision", () => {
  it("accepts a notification for an invoice on record with its M4 id and exact money", () => {
    expect(matchInvoiceNotification(callback("hold"), record, 1520)).toEqual({ accepted: true, record })
  })

  it("rejects other money as an error, and another shop", () => {
    expect(matchInvoiceNotification(callback("hold", "6.01"), record, 1520)).toMatchObject({
      accepted: false,
      level: "error",
    })
    expect(matchInvoiceNotification(callback("hold"), record, 1)).toMatchObject({ accepted: false, level: "error" })
  })

  it("an invoice this store never asked for is refused (and the route stores nothing)", () => {
    expect(matchInvoiceNotification(callback("success"), undefined, 1520)).toMatchObject({
      accepted: false,
      level: "warn",
      message: expect.stringContaining("not one this store asked for"),
    })
  })

  it("a refund notification matches only a refund on record, with exactly its invoice and money", () => {
    expect(matchRefundNotification(refundCallback(), refund)).toEqual({ accepted: true, record: refund })
    expect(matchRefundNotification(refundCallback("2.01"), refund)).toMatchObject({ accepted: false, level: "error" })
    expect(matchRefundNotification(refundCallback(), undefined)).toMatchObject({
      accepted: false,
      message: expect.stringContaining("refund refund_1 is not one this store asked for"),
    })
  })

  it("reads nothing from a sender outside notificationIps, or an unsigned body", () => {
    const opts = { secretKey: "s", shopId: 1520, notificationIps: ["35.198.100.222"] }
    expect(readNotification({ rawData: "{}", headers: { "x-forwarded-for": "1.2.3.4" } }, opts)).toMatchObject({
      accepted: false,
      message: expect.stringContaining("sender 1.2.3.4 is not in notificationIps"),
    })
    expect(
      readNotification({ rawData: '{"status":"hold"}', headers: {} }, { ...opts, notificationIps: [] })
    ).toMatchObject({ accepted: false })
  })
})
