import { currencyAlpha, decimalText, localizedText, M4OptionsError, parseOptionsOrThrow } from ".."
import { z } from "zod"

describe("answer text", () => {
  it("formats M4's amounts exactly at the currency's digits, numeric or alpha currency", () => {
    expect(decimalText(6.0, 840)).toBe("6.00")
    expect(decimalText("1500", "JPY")).toBe("1500")
    expect(decimalText("1.5", "KWD")).toBe("1.500")
    expect(decimalText(null, "USD")).toBeNull()
  })

  it("names currencies by ISO code and reads payway texts English first", () => {
    expect(currencyAlpha(978)).toBe("EUR")
    expect(currencyAlpha("")).toBeNull()
    expect(localizedText({ ru: "Карта", en: "Card" })).toBe("Card")
    expect(localizedText({ ru: "Карта" })).toBe("Карта")
    expect(localizedText(7)).toBeNull()
  })
})

describe("parseOptionsOrThrow", () => {
  const schema = z.strictObject({ secretKey: z.string().min(8) })

  it("names the bad option and never echoes its value", () => {
    const thrown = (() => {
      try {
        parseOptionsOrThrow(schema, { secretKey: "short-x" }, "provider options")
      } catch (e) {
        return e as Error
      }
    })()
    expect(thrown).toBeInstanceOf(M4OptionsError)
    expect(thrown?.message).toMatch(/invalid provider options: option "secretKey"/)
    expect(thrown?.message).not.toContain("short-x")
    expect(() => parseOptionsOrThrow(schema, { secretKey: "long-enough", typo: 1 }, "x")).toThrow(/"typo"/)
  })
})
