import { buildInvoiceDescription, itemsSummary } from "../utils/invoice-description"

describe("invoice description shown on M4's pay page", () => {
  it("defaults to the shop's name and the cart's items, never Medusa ids", () => {
    const text = buildInvoiceDescription({
      shopName: "Acme Store",
      items: [
        { title: "M4 T-shirt", quantity: 1 },
        { title: "M4 Mug", quantity: 2 },
      ],
      ids: { cart_id: "cart_01JABCDEFGHJKMNPQRSTVWXYZ", session_id: "payses_01JABCDEFGHJKMNPQRSTVWXYZ" },
    })
    expect(text).toBe("Acme Store: M4 T-shirt, 2 × M4 Mug")
    expect(text).not.toMatch(/cart_|payses_/)
  })

  it("without items or without a shop name still reads as an order", () => {
    expect(buildInvoiceDescription({ shopName: "Acme Store" })).toBe("Your order at Acme Store")
    expect(buildInvoiceDescription({ items: [{ title: "Mug", quantity: 3 }] })).toBe("3 × Mug")
    expect(buildInvoiceDescription({ ids: { cart_id: "cart_01JABCDEFGHJKMNPQRSTVWXYZ" } })).toBe("Your order")
  })

  it("drops what a storefront should not have sent: ids, non-strings, control characters", () => {
    expect(
      itemsSummary([
        { title: "variant_01JABCDEFGHJKMNPQRSTVWXYZ", quantity: 1 },
        { title: 42 },
        null,
        { title: "  Hoodie\u0000\n\u202e  blue ", quantity: 1.5 },
      ])
    ).toBe("Hoodie blue")
    expect(itemsSummary("M4 Mug")).toBe("")
  })

  it("a long cart ends with 'and N more items' and the whole text stays within M4's 255 characters", () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ title: `Handmade ceramic mug number ${i + 1}`, quantity: 1 }))
    const summary = itemsSummary(items)
    expect(summary.length).toBeLessThanOrEqual(180)
    expect(summary).toMatch(/^Handmade ceramic mug number 1, .* and \d+ more items$/)
    const text = buildInvoiceDescription({ shopName: "S".repeat(300), items })
    expect(text.length).toBeLessThanOrEqual(255)
  })

  it("a merchant template may use {shop_name}, {items} and the ids", () => {
    expect(
      buildInvoiceDescription({
        template: "{shop_name} — {items} (ref {cart_id})",
        shopName: "Acme",
        items: [{ title: "Mug", quantity: 1 }],
        ids: { cart_id: "cart_01J" },
      })
    ).toBe("Acme — Mug (ref cart_01J)")
    expect(buildInvoiceDescription({ template: "x".repeat(400) }).length).toBeLessThanOrEqual(255)
  })
})
