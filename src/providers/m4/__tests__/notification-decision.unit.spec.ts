import { matchInvoiceNotification, readNotification } from "../utils/notification-decision"

const callback = (status: "success" | "hold" | "rejected", amount = "6.00") =>
  ({
    status,
    payment_id: 41,
    shop_order_id: "payses_1",
    shop_id: 1520,
    shop_currency: 840,
    shop_amount_text: amount,
  }) as never
const session = {
  id: "payses_1",
  amount: 6,
  currency_code: "usd",
  provider_id: "pp_m4_m4",
  data: { amount: "6.00", invoice_id: 41 },
}

describe("the notification decision", () => {
  it("accepts a notification for a live session with its invoice and exact money", () => {
    expect(matchInvoiceNotification(callback("hold"), { session }, 1520)).toEqual({ accepted: true, session })
  })

  it("rejects other money as an error, and another shop", () => {
    expect(matchInvoiceNotification(callback("hold", "6.01"), { session }, 1520)).toMatchObject({
      accepted: false,
      level: "error",
    })
    expect(matchInvoiceNotification(callback("hold"), { session }, 1)).toMatchObject({
      accepted: false,
      level: "error",
    })
  })

  it("a replaced session: a decline is nothing to do (info), anything else needs the merchant (warn)", () => {
    expect(matchInvoiceNotification(callback("rejected"), { replaced: session }, 1520)).toMatchObject({
      accepted: false,
      level: "info",
    })
    const paid = matchInvoiceNotification(callback("success"), { replaced: session }, 1520)
    expect(paid).toMatchObject({ accepted: false, level: "warn" })
    expect(paid.accepted === false && paid.message).toContain("refund or release it")
    expect(matchInvoiceNotification(callback("hold"), {}, 1520)).toMatchObject({
      accepted: false,
      message: expect.stringContaining("no payment session"),
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
