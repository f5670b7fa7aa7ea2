/**
 * Field validation of gateway requests, with pydantic-style messages as M4 answers them
 * (`Incorrect values for parameters: shop_id="value is not a valid integer"`). Values are read
 * from the raw lexemes, so what is validated is what was signed.
 */
import { M4Endpoint, parseM4Date, RawFields, RawFieldValue } from "../../m4"
import { incorrectParam } from "./gateway-error"

export type FieldKind = "int" | "string" | "amount" | "now" | "datetime" | "payway" | "amount_type" | "object" | "bool"

export interface FieldSpec {
  kind: FieldKind
  required?: boolean
  max?: number
}

const req = (kind: FieldKind, max?: number): FieldSpec => ({ kind, required: true, max })
const opt = (kind: FieldKind, max?: number): FieldSpec => ({ kind, required: false, max })

const invoiceFields = {
  shop_order_id: req("string", 255),
  amount: req("amount"),
  currency: req("int"),
  payway: req("payway", 150),
  description: opt("string", 255),
}

const invoiceCreateFields = {
  ...invoiceFields,
  success_url: opt("string", 2048),
  failed_url: opt("string", 2048),
  callback_url: opt("string", 2048),
  callback_rejected_url: opt("string", 2048),
  client_ip: opt("string", 64),
  // ISO 8601, no zone = UTC+3 like `now` (§2.5); must lie ahead of the sandbox clock (invoice-endpoints.ts)
  expires_at: opt("datetime", 64),
  issue_payment_token: opt("bool"),
  client_info: opt("object"),
  phone: opt("string", 64),
  account: opt("string", 64),
  email: opt("string", 255),
}

const byInvoiceId = { invoice_id: req("int"), now: req("now") }

/** Per-endpoint fields besides shop_id and sign (docs/m4-protocol.md §4–§6). */
export const ENDPOINT_FIELDS: Record<M4Endpoint, Record<string, FieldSpec>> = {
  "invoice/try": invoiceFields,
  "invoice/create": invoiceCreateFields,
  "invoice/hold": invoiceCreateFields,
  "invoice/charge": byInvoiceId,
  "invoice/unhold": byInvoiceId,
  "invoice/check": { shop_order_id: req("string", 255), now: req("now") },
  // callback_url: optional, unsigned; where this refund's notification goes (else the shop's URL)
  "invoice/create-refund": {
    invoice_id: req("int"),
    amount: req("amount"),
    shop_refund_id: req("string", 255),
    callback_url: opt("string", 2048),
  },
  "invoice/get-refunds": byInvoiceId,
  "shop_input_config/shop": { now: req("now") },
  "shop_output_config/shop": { now: req("now"), payway: opt("payway", 150) },
  shop_balance: { now: req("now") },
  "withdraw/try": {
    shop_currency: req("int"),
    payway: req("payway", 150),
    amount: req("amount"),
    amount_type: req("amount_type"),
    account: opt("string", 255),
    account_details: opt("object"),
  },
  check_account: {
    payway: req("payway", 150),
    amount: req("amount"),
    account: req("string", 255),
    account_details: opt("object"),
  },
  "withdraw/create": {
    shop_currency: req("int"),
    payway: req("payway", 150),
    amount: req("amount"),
    amount_type: req("amount_type"),
    account: req("string", 255),
    account_details: opt("object"),
    shop_payment_id: req("string", 255),
    description: opt("string", 255),
  },
  "withdraw/status": { withdraw_id: req("int"), now: req("now") },
  "withdraw/shop_payment_status": { shop_payment_id: req("string", 255), now: req("now") },
}

const PAYWAY_PATTERN = /^[A-Za-z_,[\]]+$/

/** The text of a scalar as transmitted (number lexeme or decoded string). */
function scalarText(value: RawFieldValue): string | undefined {
  if (value.kind === "string") {
    return value.value
  }
  if (value.kind === "number") {
    return value.lexeme
  }
  return undefined
}

/** Reads one field; throws error 10 naming it when it is missing or malformed. */
export function readField(raw: RawFields, name: string, spec: FieldSpec): unknown {
  const value = raw.fields.get(name)
  if (value === undefined || value.kind === "null") {
    if (spec.required) {
      throw incorrectParam(name, "field required")
    }
    return undefined
  }
  const text = scalarText(value)
  switch (spec.kind) {
    case "int": {
      if (text === undefined || !/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
        throw incorrectParam(name, "value is not a valid integer")
      }
      return Number(text)
    }
    case "amount": {
      if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) {
        throw incorrectParam(name, "value is not a valid decimal")
      }
      return text
    }
    case "bool": {
      if (value.kind === "boolean") {
        return value.value
      }
      if (text === "true" || text === "false") {
        return text === "true"
      }
      throw incorrectParam(name, "value could not be parsed to a boolean")
    }
    case "object": {
      if (value.kind !== "nested" || value.value === null || Array.isArray(value.value)) {
        throw incorrectParam(name, "value is not a valid dict")
      }
      return value.value
    }
    default:
      break
  }
  if (text === undefined) {
    throw incorrectParam(name, "str type expected")
  }
  if (spec.max !== undefined && text.length > spec.max) {
    throw incorrectParam(name, `ensure this value has at most ${spec.max} characters`)
  }
  if (spec.kind === "payway" && !PAYWAY_PATTERN.test(text)) {
    throw incorrectParam(name, 'string does not match regex "^[A-Za-z_,\\[\\]]+$"')
  }
  if (spec.kind === "amount_type" && text !== "ps_amount" && text !== "shop_amount") {
    throw incorrectParam(name, "value is not a valid enumeration member; permitted: 'ps_amount', 'shop_amount'")
  }
  if (spec.kind === "now" && parseM4Date(text) === null) {
    throw incorrectParam(name, "invalid datetime format")
  }
  if (spec.kind === "datetime" && parseM4Date(text) === null) {
    throw incorrectParam(
      name,
      `invalid datetime format, expected ISO 8601 such as "2026-06-01T00:00:00Z", got "${text}"`
    )
  }
  if (spec.kind === "string" && spec.required && text.trim() === "") {
    throw incorrectParam(name, "ensure this value has at least 1 characters")
  }
  return text
}

export function readFields(raw: RawFields, specs: Record<string, FieldSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = readField(raw, name, spec)
  }
  return out
}
