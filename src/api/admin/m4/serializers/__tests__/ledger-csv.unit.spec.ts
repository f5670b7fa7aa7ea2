import { atMinorUnits } from "../status-names"
import { csvField, csvLine, localDateTime } from "../ledger"

describe("the ledger's CSV and amounts", () => {
  it("quotes what would break a row, and keeps a spreadsheet from running a text as a formula", () => {
    expect(csvField("Bank card")).toBe("Bank card")
    expect(csvField('Card "gold", EU')).toBe('"Card ""gold"", EU"')
    expect(csvField("two\nlines")).toBe('"two\nlines"')
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)")
    expect(csvField("@cmd")).toBe("'@cmd")
    expect(csvField("-5.00")).toBe("-5.00") // a negative amount stays a number
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0") // M4's reason text is not
    expect(csvField("-")).toBe("'-")
    expect(csvField(null)).toBe("")
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n")
  })

  it("writes dates in the time zone the header names", () => {
    const at = new Date("2026-05-24T22:30:05Z")
    expect(localDateTime("UTC")(at)).toBe("2026-05-24 22:30:05")
    expect(localDateTime("Europe/Berlin")(at)).toBe("2026-05-25 00:30:05")
  })

  it("pads amounts to the currency's minor units and never rounds", () => {
    expect(atMinorUnits("66.5", "usd")).toBe("66.50")
    expect(atMinorUnits("1250", "KWD")).toBe("1250.000")
    expect(atMinorUnits("2980", "jpy")).toBe("2980")
    expect(atMinorUnits("0.005", "usd")).toBe("0.005")
    expect(atMinorUnits("12.5", "840")).toBe("12.50")
    expect(atMinorUnits(null, "usd")).toBeNull()
    expect(atMinorUnits("12.5", "XYZ")).toBe("12.5")
  })
})
