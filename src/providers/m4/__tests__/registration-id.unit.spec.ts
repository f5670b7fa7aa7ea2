import { assertRegistrationId, notificationUrl, registeredIdOf } from "../utils/registration-id"

describe("the provider's registration id", () => {
  const m4 = { id: "m4", payway: "card_invoice_usd" }
  const eur = { id: "m4-eur", payway: "card_invoice_eur" }
  const moduleOptions = {
    providers: [
      { resolve: "x", id: "m4", options: m4 },
      { resolve: "x", id: "m4-eur", options: eur },
    ],
  }

  it("is the id of the entry that holds exactly these options (the same object, not equal ones)", () => {
    expect(registeredIdOf(m4, moduleOptions)).toBe("m4")
    expect(registeredIdOf(eur, moduleOptions)).toBe("m4-eur")
    expect(registeredIdOf({ ...eur }, moduleOptions)).toBeUndefined()
    expect(registeredIdOf(m4, undefined)).toBeUndefined()
  })

  it("passes when options.id is the entry's id", () => {
    expect(() => assertRegistrationId(m4, moduleOptions)).not.toThrow()
    expect(() => assertRegistrationId(eur, moduleOptions)).not.toThrow()
  })

  it("stops startup, naming the option and the right value, when options.id is another entry's", () => {
    const copied = { id: "m4", payway: "card_invoice_eur" }
    const config = {
      providers: [
        { id: "m4", options: m4 },
        { id: "m4-eur", options: copied },
      ],
    }
    expect(() => assertRegistrationId(copied, config)).toThrow(
      'option "id" is "m4" but the provider is registered with id "m4-eur" (pp_m4_m4-eur); set options.id to "m4-eur"'
    )
  })

  it("two providers get two notification routes: Medusa's /hooks/payment/{identifier}_{id}", () => {
    expect(notificationUrl("https://api.shop.test/", "m4", "m4")).toBe("https://api.shop.test/hooks/payment/m4_m4")
    expect(notificationUrl("https://api.shop.test", "m4", "m4-eur")).toBe(
      "https://api.shop.test/hooks/payment/m4_m4-eur"
    )
  })
})
