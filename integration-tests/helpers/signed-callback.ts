import { createHash } from "node:crypto"

/** The sandbox's public secret: what a test uses to sign a callback "as M4". */
export const SANDBOX_SECRET = "sandbox-secret-key"

/** One body field: name, its text, and whether it travels as a JSON number or string. */
export type CallbackField = [name: string, text: string, kind: "num" | "str"]

/** Writes a callback body and signs it the way M4 does (docs/m4-protocol.md §9), from each value's text. */
export function signedBody(fields: CallbackField[], secret: string): string {
  const text = fields
    .filter(([key, value]) => key !== "sign" && value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value)
    .join(":")
  const sign = createHash("sha256")
    .update(text + secret, "utf8")
    .digest("hex")
  const json = fields.map(([k, v, kind]) => `${JSON.stringify(k)}: ${kind === "num" ? v : JSON.stringify(v)}`)
  return `{${json.join(", ")}, "sign": "${sign}"}`
}

/** POSTs a body to the store's M4 webhook route, as M4 would. */
export function postNotification(storeUrl: string, body: string, provider = "m4_m4") {
  return fetch(`${storeUrl}/hooks/payment/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  })
}

/** The fields of an invoice notification (docs/m4-protocol.md §8.2) for `signedBody`; numbers as M4 sends them. */
export function invoiceCallbackFields(opts: {
  status: "success" | "hold" | "rejected" | string
  session: string
  invoice: number
  amount: string
  shop?: string
  currency?: string
  payway?: string
}): CallbackField[] {
  return [
    ["status", opts.status, "str"],
    ["payment_id", String(opts.invoice), "num"],
    ["shop_order_id", opts.session, "str"],
    ["shop_id", opts.shop ?? "1520", "num"],
    ["shop_currency", opts.currency ?? "840", "num"],
    ["shop_amount", opts.amount, "num"],
    ["client_price", opts.amount, "num"],
    ["error_code", "0", "num"],
    ["payway", opts.payway ?? "card_invoice_usd", "str"],
  ]
}
