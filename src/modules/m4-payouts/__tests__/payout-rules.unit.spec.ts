import { gatewayError } from "../utils/gateway-error"
import { recipientName } from "../utils/recipient-name"
import { assertSameRequest } from "../utils/same-request"
import { findPayoutPayway } from "../utils/validate-request"

const existing = {
  id: "m4po_1",
  payway: "card_payout_usd",
  account: "4111111111111111",
  amount_type: "shop_amount" as const,
  amount: "100.00",
}

describe("assertSameRequest (idempotency key reuse)", () => {
  it("accepts a retry of the same payout, whatever the amount's spelling and the account's spaces", () => {
    expect(() =>
      assertSameRequest(existing, {
        payway: "card_payout_usd",
        account: " 4111111111111111 ",
        amount_type: "shop_amount",
        amount: "100",
      })
    ).not.toThrow()
  })

  it("refuses the same key with another payout, naming what differs", () => {
    expect(() =>
      assertSameRequest(existing, {
        payway: "card_payout_eur",
        account: "4111111111111112",
        amount_type: "shop_amount",
        amount: "7.00",
      })
    ).toThrow("idempotency_key was already used for payout m4po_1 with a different payway, account, amount")
    expect(() => assertSameRequest(existing, { ...existing, amount_type: "ps_amount" })).toThrow(
      "different amount_type"
    )
  })

  it("treats an amount it cannot compare as different", () => {
    expect(() => assertSameRequest(existing, { ...existing, amount: "abc" })).toThrow("different amount")
  })
})

describe("recipientName (check_account's account_info)", () => {
  it("joins the name parts M4 gives, else its name, else null", () => {
    expect(recipientName({ first_name: "Maria", middle_name: "", last_name: "Garcia" })).toBe("Maria Garcia")
    expect(recipientName({ name: "ACME Ltd" })).toBe("ACME Ltd")
    expect(recipientName({ card_type: "visa" })).toBeNull()
    expect(recipientName(null)).toBeNull()
  })
})

describe("findPayoutPayway", () => {
  const payway = (alias: string, is_active?: boolean) => ({ alias, is_active, currency: "USD" }) as never
  const methods = [{ payways: [payway("card_payout_usd"), payway("old_payout_usd", false)] }]

  it("finds an active payway among the methods", () => {
    expect(findPayoutPayway(methods, "card_payout_usd")).toMatchObject({ alias: "card_payout_usd" })
  })

  it("answers 400 for a payway the shop does not have or has switched off", () => {
    expect(() => findPayoutPayway(methods, "nope")).toThrow('Payout method "nope" is not available for this shop')
    expect(() => findPayoutPayway(methods, "old_payout_usd")).toThrow("is not available")
  })
})

describe("gatewayError: amount limits follow the plugin's one rule (amountLimitRefusal)", () => {
  it("4 and 5 are invalid data with the code m4_amount_not_allowed, naming the limit and the payout", () => {
    const below = gatewayError({ kind: "fatal", code: 4, message: "AmountTooSmall" }, "creating the payout", "m4po_1")
    expect(below).toMatchObject({ type: "invalid_data", code: "m4_amount_not_allowed" })
    expect(below.message).toBe("Amount is below the payway's minimum: AmountTooSmall (payout m4po_1)")
    const above = gatewayError({ kind: "fatal", code: 5, message: "AmountTooLarge" }, "calculating the payout")
    expect(above).toMatchObject({ type: "invalid_data", code: "m4_amount_not_allowed" })
    expect(above.message).toContain("above the payway's maximum")
  })
})
