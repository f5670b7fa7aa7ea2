import type { InitiatePaymentInput } from "@medusajs/framework/types"
import { INVOICE_STATUS } from "../../../m4"
import { returnStep } from "../utils/return-decision"
import { requestDigest, reusableUntil, reusedOutput } from "../utils/invoice-reuse"

describe("money M4 took that no order uses", () => {
  it("held: released; paid: refunded in full; anything else: nothing was taken", () => {
    expect(returnStep(INVOICE_STATUS.HELD, "return")).toBe("release")
    expect(returnStep(INVOICE_STATUS.PAID, "return")).toBe("refund")
    for (const status of [undefined, INVOICE_STATUS.CREATED, INVOICE_STATUS.AWAITING_USER, INVOICE_STATUS.REJECTED]) {
      expect(returnStep(status, "return")).toBe("nothing")
      expect(returnStep(status, "flag")).toBe("nothing")
    }
  })

  it('with unmatchedPayments "flag", money M4 holds or took stays and the merchant is told', () => {
    expect(returnStep(INVOICE_STATUS.HELD, "flag")).toBe("flag")
    expect(returnStep(INVOICE_STATUS.PAID, "flag")).toBe("flag")
  })
})

describe("a replaced session takes over its collection's invoice only for exactly the same request", () => {
  const input = (data: Record<string, unknown>, customer?: { email?: string; phone?: string }) =>
    ({ amount: "24.99", currency_code: "usd", data, context: { customer } }) as unknown as InitiatePaymentInput

  it("the same items and add-on inputs, in any key order: the same digest", () => {
    const a = requestDigest("M4 T-shirt", input({ add_ons: { phone: "79133456789", lang: "en" } }))
    const b = requestDigest("M4 T-shirt", input({ add_ons: { lang: "en", phone: "79133456789" } }))
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })

  it("other items, other add-on inputs, another e-mail or phone: another digest", () => {
    const base = requestDigest("M4 T-shirt", input({ add_ons: { phone: "79133456789" } }))
    expect(requestDigest("M4 Hoodie", input({ add_ons: { phone: "79133456789" } }))).not.toBe(base)
    expect(requestDigest("M4 T-shirt", input({ add_ons: { phone: "79130000000" } }))).not.toBe(base)
    expect(requestDigest("M4 T-shirt", input({ add_ons: { phone: "79133456789" } }, { email: "a@b.c" }))).not.toBe(base)
    expect(requestDigest("M4 T-shirt", input({ email: "a@b.c" }))).toBe(
      requestDigest("M4 T-shirt", input({}, { email: "a@b.c" }))
    )
  })

  it("reused only with at least half the invoice's lifetime left", () => {
    const now = Date.parse("2026-12-03T10:00:00Z")
    expect(reusableUntil(60 * 60 * 1000, now).toISOString()).toBe("2026-12-03T10:30:00.000Z")
  })

  it("the new session gets the issuing session's data under its own id and cart", () => {
    const issued = { invoice_id: 41000001, session_id: "payses_old", cart_id: "cart_old", amount: "24.99" }
    const out = reusedOutput({ sessionId: "payses_new", cartId: "cart_new" }, issued)
    expect(out).toEqual({
      id: "payses_new",
      status: "pending",
      data: { invoice_id: 41000001, session_id: "payses_new", cart_id: "cart_new", amount: "24.99" },
    })
    expect(reusedOutput({ sessionId: "payses_new" }, issued).data).toMatchObject({ cart_id: "cart_old" })
  })
})
