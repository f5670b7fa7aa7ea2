import { signRequest } from "../signing/request-signature"

describe("signing smoke", () => {
  it("reproduces the M4 seed vector", () => {
    const body = signRequest(
      "invoice/create",
      { shop_id: 1520, shop_order_id: "5b0efa8a-153b-4421-abac-2aba4d772a86", amount: "6320.91", currency: 840, payway: "card_invoice_usd" },
      "account-secret-key"
    )
    expect(body.sign).toBe("77a6f7a30876d480d4e771d08cb83800dd5cb874664c77e515ffc052b20293c6")
  })
})
