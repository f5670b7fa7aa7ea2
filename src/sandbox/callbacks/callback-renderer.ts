/**
 * Writes callback bodies (docs/m4-protocol.md §8.2, §8.3) and signs them (§8.4, §9). The body text is written
 * here, then read back with the project's raw-field reader to compute the signature, so the
 * signed bytes are exactly the sent bytes.
 */
import { callbackSignature, formatAmount, formatM4Timestamp, getCurrency, readRawFields } from "../../m4"
import { InvoiceRecord, RefundRecord } from "../domain/records"
import { PY_CALLBACK_BODY, PY_NESTED_TEXT, pyFloat, pyJson, PyNumber } from "../python-json"

export type CallbackFormat = "json" | "form"
export type CallbackValue = string | number | boolean | null | PyNumber

export interface RenderedCallback {
  body: string
  contentType: string
  sign: string
}

export const CALLBACK_CONTENT_TYPES: Record<CallbackFormat, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
}

function formText(value: CallbackValue): string | null {
  if (value === null) {
    return null
  }
  if (value instanceof PyNumber) {
    return value.lexeme
  }
  if (typeof value === "boolean") {
    return value ? "True" : "False"
  }
  return String(value)
}

/** Renders ordered fields as a JSON (json.dumps style) or form body and appends `sign`. */
export function renderSignedCallback(
  fields: ReadonlyArray<readonly [string, CallbackValue]>,
  secretKey: string,
  format: CallbackFormat
): RenderedCallback {
  const contentType = CALLBACK_CONTENT_TYPES[format]
  if (format === "json") {
    const unsigned = pyJson(Object.fromEntries(fields), PY_CALLBACK_BODY)
    const sign = callbackSignature(readRawFields(unsigned, contentType), secretKey)
    const body = unsigned === "{}" ? `{"sign": "${sign}"}` : `${unsigned.slice(0, -1)}, "sign": "${sign}"}`
    return { body, contentType, sign }
  }
  const params = new URLSearchParams()
  for (const [key, value] of fields) {
    const text = formText(value)
    // a form has no null: absent is the closest (excluded from the signature either way)
    if (text !== null) {
      params.append(key, text)
    }
  }
  const unsigned = params.toString()
  const sign = callbackSignature(readRawFields(unsigned, contentType), secretKey)
  params.append("sign", sign)
  return { body: params.toString(), contentType, sign }
}

/** JSON text the way the gateway nests it in `ps_data` / `addons` (sorted keys, `", "`, raw UTF-8). */
export function nestedJsonText(value: Record<string, unknown>): string {
  return pyJson(value, PY_NESTED_TEXT)
}

const timestamp = (ms: number | null) => (ms === null ? null : formatM4Timestamp(new Date(ms)))

/** Invoice callback fields in the gateway's order (docs/m4-protocol.md §8.2, §9.1). */
export function invoiceCallbackFields(
  invoice: InvoiceRecord,
  event: "success" | "hold" | "rejected"
): Array<[string, CallbackValue]> {
  return [
    ["status", event],
    ["payment_id", invoice.id],
    ["shop_order_id", invoice.shop_order_id],
    ["shop_id", invoice.shop_id],
    ["ps_data", nestedJsonText({ ps_payer_account: invoice.ps_payer_account ?? "", required_3ds: false })],
    ["ps_currency", invoice.ps_currency],
    ["payway", invoice.payway],
    ["description", invoice.description],
    ["created", timestamp(invoice.created_at)],
    ["updated", timestamp(invoice.updated_at)],
    ["processed", timestamp(invoice.processed_at)],
    ["shop_currency", invoice.currency],
    ["shop_amount", pyFloat(invoice.amount)],
    ["shop_refund", pyFloat(event === "rejected" ? "0" : invoice.shop_refund)],
    ["client_price", pyFloat(invoice.payer_price)],
    ["error_code", invoice.error_code],
    ["addons", nestedJsonText({ ...invoice.addons, hold_required: invoice.hold_required })],
  ]
}

/** Refund callback fields (docs/m4-protocol.md §8.3, §9.2): amount as a string, currency alphabetic. */
export function refundCallbackFields(refund: RefundRecord): Array<[string, CallbackValue]> {
  const currency = getCurrency(refund.currency)
  return [
    ["shop_refund_id", refund.shop_refund_id],
    ["status", refund.status],
    ["invoice_id", refund.invoice_id],
    ["amount", formatAmount(refund.amount, currency)],
    ["currency", currency.alpha],
    ["error_code", refund.error_code],
    ["created_at", timestamp(refund.created_at)],
    ["processed_at", timestamp(refund.processed_at)],
    ["addons", ""],
  ]
}

/** Appends `type=invoice|refund` to the callback URL, keeping an existing query string (and not doubling it). */
export function callbackUrlWithType(url: string, type: "invoice" | "refund"): string {
  const hashAt = url.indexOf("#")
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url
  const query = base.includes("?") ? base.slice(base.indexOf("?") + 1) : ""
  if (new URLSearchParams(query).get("type") === type) {
    return base
  }
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&"
  return `${base}${separator}type=${type}`
}
