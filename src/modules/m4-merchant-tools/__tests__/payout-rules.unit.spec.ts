import { gatewayError } from "../utils/gateway-error"
import { recipientName } from "../utils/recipient-name"
import { accountHasher } from "../utils/account-at-rest"
import { assertSameRequest } from "../utils/same-request"
import { findPayoutPayway } from "../utils/validate-request"

const hash = accountHasher("shop-secret")
const existing = {
  id: "m4po_1",
  payway: "card_payout_usd",
  account_mask: "411111******1111",
  account_hash: hash("4111111111111111"),
  amount_type: "shop_amount" as const,
  amount: "100.00",
}
const same = {
  payway: "card_payout_usd",
  account: "4111111111111111",
  amount_type: "shop_amount" as const,
  amount: "100.00",
}

describe("assertSameRequest (idempotency key reuse)", () => {
  it("accepts a retry of the same payout, whatever the amount's spelling and the account's spaces", () => {
    expect(() =>
      assertSameRequest(
        existing,
        {
          payway: "card_payout_usd",
          account: " 4111111111111111 ",
          amount_type: "shop_amount",
          amount: "100",
        },
        hash
      )
    ).not.toThrow()
  })

  it("refuses the same key with another payout, naming what differs", () => {
    expect(() =>
      assertSameRequest(
        existing,
        {
          payway: "card_payout_eur",
          account: "4111111111111112",
          amount_type: "shop_amount",
          amount: "7.00",
        },
        hash
      )
    ).toThrow("idempotency_key was already used for payout m4po_1 with a different payway, account, amount")
    expect(() => assertSameRequest(existing, { ...same, amount_type: "ps_amount" }, hash)).toThrow(
      "different amount_type"
    )
  })

  it("compares accounts by keyed hash: another account with the same first 6 / last 4 is another account", () => {
    expect(() => assertSameRequest(existing, { ...same, account: "4111110000001111" }, hash)).toThrow(
      "different account"
    )
    // the same account under another key (the secret key changed): refused, never paid twice
    expect(() => assertSameRequest(existing, same, accountHasher("other-secret"))).toThrow("different account")
  })

  it("compares a payout recorded before hashes existed by its mask", () => {
    const legacy = { ...existing, account_hash: null }
    expect(() => assertSameRequest(legacy, same, hash)).not.toThrow()
    expect(() => assertSameRequest(legacy, { ...same, account: "4111111111112222" }, hash)).toThrow("different account")
  })

  it("treats an amount it cannot compare as different", () => {
    expect(() => assertSameRequest(existing, { ...same, amount: "abc" }, hash)).toThrow("different amount")
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
