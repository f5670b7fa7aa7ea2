import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { authorizeDecision, notYetPaidStatus } from "../utils/status-mapping"

const data = { shop_order_id: "payses_1", amount: "6.00", currency_code: "usd" }
const invoice = (status: number, amount = 6) =>
  ({
    kind: "ok",
    data: { payment_id: 41, status, shop_order_id: "payses_1", shop_amount: amount, shop_currency: 840 },
  }) as never

describe("authorize: an invoice/check outcome → the session status", () => {
  const opts = { orderBeforePayment: false }

  it("held → authorized, paid → captured, with M4's invoice id and status recorded", () => {
    expect(authorizeDecision(data, invoice(8), opts)).toEqual({
      status: PaymentSessionStatus.AUTHORIZED,
      data: { ...data, invoice_id: 41, m4_status: 8 },
    })
    expect(authorizeDecision(data, invoice(4), opts).status).toBe(PaymentSessionStatus.CAPTURED)
  })

  it("rejected → error with decline_reason rejected", () => {
    expect(authorizeDecision(data, invoice(6), opts)).toMatchObject({
      status: "error",
      data: { decline_reason: "rejected" },
    })
  })

  it("an invoice for other money → error (amount_mismatch), logged as an error, never authorized", () => {
    const decided = authorizeDecision(data, invoice(8, 5.99), opts)
    expect(decided.status).toBe(PaymentSessionStatus.ERROR)
    expect(decided.data.decline_reason).toBe("amount_mismatch")
    expect(decided.log?.level).toBe("error")
  })

  it("unknown → not yet paid (never a failure); refused → not yet paid, except 7 (no invoice) → error", () => {
    const unknown = { kind: "unknown", reason: "timeout", detail: "x" } as never
    expect(authorizeDecision(data, unknown, opts)).toMatchObject({ status: "pending", data, log: { level: "warn" } })
    expect(authorizeDecision(data, unknown, { orderBeforePayment: true }).status).toBe("pending_authorization")
    expect(authorizeDecision(data, { kind: "fatal", code: 7, message: "not found" } as never, opts).status).toBe(
      "error"
    )
    expect(authorizeDecision(data, { kind: "fatal", code: 11, message: "shop" } as never, opts).status).toBe("pending")
  })

  it("not yet paid follows orderBeforePayment", () => {
    expect(notYetPaidStatus({ orderBeforePayment: false })).toBe("pending")
    expect(notYetPaidStatus({ orderBeforePayment: true })).toBe("pending_authorization")
  })
})
