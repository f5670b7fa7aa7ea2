import { createHash } from "node:crypto"

/** The sandbox's public secret: what a test uses to sign a callback "as M4". */
export const SANDBOX_SECRET = "sandbox-secret-key"

/** One body field: name, its text, and whether it travels as a JSON number or string. */
export type CallbackField = [name: string, text: string, kind: "num" | "str"]

/** Writes a callback body and signs it the way M4 does (API.md §9), from each value's text. */
export function signedBody(fields: CallbackField[], secret: string): string {
  const text = fields
    .filter(([key, value]) => key !== "sign" && value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value)
    .join(":")
  const sign = createHash("sha256").update(text + secret, "utf8").digest("hex")
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
