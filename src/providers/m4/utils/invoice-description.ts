/**
 * The invoice description M4's pay page shows the payer (at most 255 characters): by default the
 * shop's name and what is being bought, never Medusa ids. Pure: no I/O.
 *
 * The order's display id does not exist yet when the invoice is issued (the order is created when
 * the cart completes, after the session), so the default names the cart's items, which the
 * storefront sends in the session's `data.items` (`[{ title, quantity }]`; the dtc-starter
 * integration does). A merchant template (`description` option) may use `{shop_name}`, `{items}`,
 * `{cart_id}` and `{session_id}`.
 */

import { fillTemplate } from "./templates"

export const MAX_DESCRIPTION_LENGTH = 255
const MAX_TITLE_LENGTH = 60
const MAX_ITEMS_TEXT = 180

export type InvoiceDescriptionInput = {
  /** the provider's `description` option, if the merchant set one */
  template?: string
  /** the provider's `shopName` option */
  shopName?: string
  /** what the storefront sent as `data.items` (untrusted: anything) */
  items?: unknown
  /** Medusa ids, only for a merchant template that asks for them */
  ids?: { cart_id?: string; session_id?: string }
}

/** Printable text: no control characters, single spaces, trimmed. */
function clean(value: unknown, max: number): string {
  if (typeof value !== "string") {
    return ""
  }
  const text = value
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}

/** A Medusa id (`cart_01J…`, `payses_01J…`): never shown to a payer. */
function looksLikeId(text: string): boolean {
  return /^[a-z]+_[0-9A-Za-z]{16,}$/.test(text)
}

/** The cart's items as the payer reads them: "M4 T-shirt, 2 × M4 Mug" or "M4 T-shirt and 3 more items". */
export function itemsSummary(items: unknown, maxLength = MAX_ITEMS_TEXT): string {
  if (!Array.isArray(items)) {
    return ""
  }
  const parts: string[] = []
  for (const item of items.slice(0, 100)) {
    const title = clean((item as { title?: unknown } | null)?.title, MAX_TITLE_LENGTH)
    if (!title || looksLikeId(title)) {
      continue
    }
    const quantity = Number((item as { quantity?: unknown }).quantity)
    parts.push(Number.isInteger(quantity) && quantity > 1 && quantity < 100000 ? `${quantity} × ${title}` : title)
  }
  if (!parts.length) {
    return ""
  }
  const all = parts.join(", ")
  if (all.length <= maxLength) {
    return all
  }
  // as many whole items as fit, then "and N more"
  for (let shown = parts.length - 1; shown >= 1; shown--) {
    const rest = parts.length - shown
    const text = `${parts.slice(0, shown).join(", ")} and ${rest} more item${rest === 1 ? "" : "s"}`
    if (text.length <= maxLength) {
      return text
    }
  }
  return clean(parts[0], maxLength)
}

export function buildInvoiceDescription(input: InvoiceDescriptionInput): string {
  const shopName = clean(input.shopName, 80)
  const items = itemsSummary(input.items)
  let text: string
  if (input.template) {
    const values = { shop_name: shopName, items, cart_id: input.ids?.cart_id, session_id: input.ids?.session_id }
    text = clean(fillTemplate(input.template, values, { encode: false }), MAX_DESCRIPTION_LENGTH)
  } else if (shopName && items) {
    text = `${shopName}: ${items}`
  } else {
    text = shopName ? `Your order at ${shopName}` : items || "Your order"
  }
  return text.length > MAX_DESCRIPTION_LENGTH ? `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…` : text
}
