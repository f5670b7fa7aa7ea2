import fs from "node:fs"
import path from "node:path"
import { allCurrencies } from "../../m4"
import { CHECK_OUTCOMES, INVOICE_OUTCOMES, REFUND_OUTCOMES } from "../../workflows/settle-m4-payment/outcomes"
import {
  attentionActions,
  attentionText,
  formatMoney,
  LEDGER_STATUSES,
  ledgerStatusName,
  m4InvoiceStatusName,
  notificationStatusName,
  outcomeName,
  outcomeText,
  PAYOUT_STATE_NAMES,
  providerName,
  type AttentionKind,
} from "../display-names"

const TOKEN = /\b[a-z]+_[a-z_]+\b/ // snake_case: an internal token, not a word

describe("display names", () => {
  it("names every settlement outcome in words (no tokens, none left unnamed)", () => {
    for (const outcome of [...INVOICE_OUTCOMES, ...REFUND_OUTCOMES, ...CHECK_OUTCOMES]) {
      const name = outcomeName(outcome)
      expect(name).not.toBe("Recorded")
      expect(name).not.toMatch(TOKEN)
      expect(name).toMatch(/^[A-Z]/)
    }
    expect(outcomeText(null)).toBeNull()
    // a stored text from another version is never shown as a token
    expect(outcomeText("some_future_outcome")).toBe("Recorded")
  })

  it("tells a hold the merchant released from a declined payment", () => {
    expect(ledgerStatusName("released_by_you").label).toBe("Released by you")
    expect(ledgerStatusName("declined").label).toBe("Declined")
    expect(ledgerStatusName("released_by_m4").label).toBe("Released by M4")
    for (const status of LEDGER_STATUSES) {
      expect(ledgerStatusName(status).label).not.toMatch(TOKEN)
    }
    expect(ledgerStatusName("nonsense")).toEqual({ label: "Unknown", color: "grey" })
  })

  it("uses M4's statuses in the merchant's words, not M4's casing", () => {
    expect(m4InvoiceStatusName(4)).toBe("Paid")
    expect(m4InvoiceStatusName(6)).toBe("Declined or released")
    expect(m4InvoiceStatusName(7)).toBe("Unknown M4 status (7)")
    expect(notificationStatusName("refund", "FAILED")).toBe("Refund refused")
    expect(notificationStatusName("invoice", "success")).toBe("Paid")
    for (const name of Object.values(PAYOUT_STATE_NAMES)) {
      expect(name.label).not.toMatch(TOKEN)
    }
    expect(providerName("pp_m4_hold")).toBe("M4 (HOLD)")
    expect(providerName("pp_m4_m4")).toBe("M4 (M4)")
  })

  describe("formatMoney", () => {
    it("groups digits and shows the minor units, from the exact string", () => {
      expect(formatMoney("10000.00", "usd")).toBe("10,000.00 USD")
      expect(formatMoney("66.5", "USD", { digits: 2 })).toBe("66.50 USD")
      expect(formatMoney("1000000", "JPY")).toBe("1,000,000 JPY")
      expect(formatMoney("1250.125", "KWD", { digits: 3 })).toBe("1,250.125 KWD")
      // beyond a float's precision, still exact
      expect(formatMoney("12345678901234567.89", "EUR")).toBe("12,345,678,901,234,567.89 EUR")
    })

    it("never rounds: a string finer than the currency keeps its digits", () => {
      expect(formatMoney("0.005", "USD", { digits: 2 })).toBe("0.005 USD")
    })

    it("shows what is not a plain decimal as given, and nothing as a dash", () => {
      expect(formatMoney("1e3", "USD")).toBe("1e3 USD")
      expect(formatMoney(null, "USD")).toBe("—")
    })

    it("pads every ISO 4217 currency to its own minor units", () => {
      for (const c of allCurrencies()) {
        const text = formatMoney("1", c.alpha, { digits: c.digits })
        expect(text).toBe(`1${c.digits ? "." + "0".repeat(c.digits) : ""} ${c.alpha}`)
      }
    })
  })

  it("words every needs-attention item with its money, order and invoice, and an action that settles it", () => {
    const kinds: AttentionKind[] = [
      "money_returned",
      "money_returning",
      "return_failed",
      "unmatched_payment_flagged",
      "hold_released",
      "payment_needs_decision",
      "refund_failed",
      "notification_failed",
      "hold_expiring",
      "payment_unconfirmed",
      "refund_unconfirmed",
      "payout_needs_attention",
    ]
    for (const kind of kinds) {
      const { title, description } = attentionText({
        kind,
        amount: "1234.50",
        currency_code: "usd",
        order_id: "#12",
        invoice_id: "41000017",
        reason: "replaced_session",
        hold_expires_at: "2026-05-29T16:35:00Z",
      })
      expect(title).not.toMatch(TOKEN)
      expect(description).not.toMatch(TOKEN)
      if (kind !== "payout_needs_attention") {
        expect(description).toContain("41000017")
      }
      // money no order uses, and payouts, have no order to name
      if (kind !== "payout_needs_attention" && kind !== "unmatched_payment_flagged") {
        expect(description).toContain("order #12")
      }
      expect(description).toContain("1,234.50 USD")
      expect(attentionActions(kind).actions.length).toBeGreaterThan(0)
    }
    expect(
      attentionText({ kind: "hold_expiring", hold_expires_at: "2026-05-29T16:35:00Z" }, { timeZone: "UTC" }).description
    ).toContain("May 29, 2026, 4:35 PM UTC")
  })

  it("is a pure file the dashboard can bundle: no runtime import", () => {
    const source = fs.readFileSync(path.join(__dirname, "../display-names.ts"), "utf8")
    const imports = source.match(/^import .*$/gm) ?? []
    expect(imports.length).toBeGreaterThan(0)
    for (const line of imports) {
      expect(line).toMatch(/^import type /)
    }
  })
})
