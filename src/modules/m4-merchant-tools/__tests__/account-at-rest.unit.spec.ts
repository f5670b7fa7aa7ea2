import { accountHasher, maskAccountNumbers, maskForStorage } from "../utils/account-at-rest"

describe("maskForStorage (what a payout keeps of its account)", () => {
  it.each([
    ["4111111111111111", "411111******1111"],
    ["4111111111111", "411111***1111"],
    ["4111111111111111111", "411111*********1111"],
    [" 5500005555555559 ", "550000******5559"],
    ["+79001234567", "********4567"],
    ["79001234567", "*******4567"], // 11 digits: a phone, not a card
    ["wallet-user@example.com", "*******************.com"],
    ["12345", "*2345"],
    ["1234", "****"],
    ["", ""],
  ])("%s → %s", (account, mask) => {
    expect(maskForStorage(account)).toBe(mask)
    expect(maskForStorage(account)).toHaveLength(account.trim().length)
  })

  it("never keeps more than the first 6 and last 4 digits of a card number", () => {
    for (let length = 13; length <= 19; length++) {
      const pan = "9".repeat(length)
      expect(maskForStorage(pan).replace(/\*/g, "")).toHaveLength(10)
    }
  })
})

describe("maskAccountNumbers (notes, messages, details)", () => {
  it("masks every run of 10 or more digits and leaves ids, codes and amounts alone", () => {
    expect(maskAccountNumbers("card 4111111111111111 refused (M4 error 9, payout 41000017, 100.00 USD)")).toBe(
      "card 411111******1111 refused (M4 error 9, payout 41000017, 100.00 USD)"
    )
    expect(maskAccountNumbers("phone 79001234567")).toBe("phone *******4567")
  })
})

describe("accountHasher", () => {
  it("is keyed: the same account gives the same hash under one key, another under another, and never contains it", () => {
    const hash = accountHasher("shop-secret")
    expect(hash("4111111111111111")).toBe(hash(" 4111111111111111 "))
    expect(hash("4111111111111111")).toMatch(/^[0-9a-f]{64}$/)
    expect(hash("4111111111111111")).not.toBe(hash("4111111111111112"))
    expect(hash("4111111111111111")).not.toBe(accountHasher("other-secret")("4111111111111111"))
  })
})
