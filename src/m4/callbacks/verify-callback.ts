import { describeZodError } from "../client/schemas"
import { signaturesEqual } from "../signing/hash"
import { callbackSignature } from "../signing/callback-signature"
import { BodyFormat, RawBody, RawFields, readRawFields } from "../signing/raw-fields"
import { isInvoiceCallbackStatus, isRefundStatus } from "../statuses"
import {
  CallbackTextView,
  InvoiceCallback,
  invoiceCallbackSchema,
  RefundCallback,
  refundCallbackSchema,
} from "./callback-schemas"

export type VerifiedCallback =
  | { ok: true; type: "invoice"; callback: InvoiceCallback; format: BodyFormat }
  | { ok: true; type: "refund"; callback: RefundCallback; format: BodyFormat }

export type RejectedCallback = { ok: false; reason: string }

export interface VerifyCallbackOptions {
  /** the request's Content-Type; without it the body's first character decides (JSON vs form) */
  contentType?: string
}

/** Each field's transmitted text: number lexemes, decoded strings, booleans and nulls as they are. */
function textView(raw: RawFields): CallbackTextView {
  const view: CallbackTextView = {}
  for (const [key, value] of raw.fields) {
    if (key === "sign") {
      continue
    }
    switch (value.kind) {
      case "string":
        view[key] = value.value
        break
      case "number":
        view[key] = value.lexeme
        break
      case "boolean":
        view[key] = value.value
        break
      default:
        view[key] = null
    }
  }
  return view
}

/** Refund and invoice callbacks share one URL and Medusa drops `?type=`: tell them apart by their fields. */
function callbackType(view: CallbackTextView): "invoice" | "refund" | null {
  if (view.shop_refund_id != null && isRefundStatus(view.status)) {
    return "refund"
  }
  if (view.payment_id != null && view.shop_order_id != null && isInvoiceCallbackStatus(view.status)) {
    return "invoice"
  }
  return null
}

function verify(raw: RawBody, secretKey: string, opts: VerifyCallbackOptions): VerifiedCallback | RejectedCallback {
  if (typeof secretKey !== "string" || secretKey === "") {
    return { ok: false, reason: "no secret key configured" }
  }
  let fields: RawFields
  try {
    fields = readRawFields(raw, opts.contentType)
  } catch (error) {
    return { ok: false, reason: `malformed body: ${(error as Error).message}` }
  }
  for (const [key, value] of fields.fields) {
    // M4 sends nested data as JSON text; a real object/array cannot be signed unambiguously
    if (value.kind === "nested") {
      return { ok: false, reason: `field "${key}" is a nested object or array` }
    }
  }
  const sign = fields.fields.get("sign")
  if (!sign || sign.kind !== "string" || sign.value === "") {
    return { ok: false, reason: "missing sign" }
  }
  if (!signaturesEqual(callbackSignature(fields, secretKey), sign.value)) {
    return { ok: false, reason: "signature mismatch" }
  }

  const view = textView(fields)
  const type = callbackType(view)
  if (type === "refund") {
    const parsed = refundCallbackSchema.safeParse(view)
    return parsed.success
      ? { ok: true, type, callback: parsed.data, format: fields.format }
      : { ok: false, reason: `invalid refund callback: ${describeZodError(parsed.error, "body")}` }
  }
  if (type === "invoice") {
    const parsed = invoiceCallbackSchema.safeParse(view)
    return parsed.success
      ? { ok: true, type, callback: parsed.data, format: fields.format }
      : { ok: false, reason: `invalid invoice callback: ${describeZodError(parsed.error, "body")}` }
  }
  return { ok: false, reason: "neither an invoice nor a refund callback (status or identifying fields missing)" }
}

/**
 * Verifies an M4 callback from its raw body (docs/m4-protocol.md §8–§9): signature over every non-empty field
 * but `sign`, from the transmitted text (never a JSON.parse'd object), compared in constant time;
 * then the fields are validated. The reason of a rejection never contains the secret.
 */
export function verifyCallback(
  raw: RawBody,
  secretKey: string,
  opts: VerifyCallbackOptions = {}
): VerifiedCallback | RejectedCallback {
  const result = verify(raw, secretKey, opts)
  if (!result.ok && typeof secretKey === "string" && secretKey !== "") {
    return { ok: false, reason: result.reason.split(secretKey).join("[redacted]") }
  }
  return result
}
