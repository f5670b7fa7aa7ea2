import { m4Hash } from "./hash"
import { RawFields, signatureText } from "./raw-fields"
import { M4Endpoint, SIGNED_FIELDS } from "./signed-fields"

/** A value as the client transmits it in a request body. */
export type RequestValue = string | number | boolean

function requestValueText(value: RequestValue): string {
  if (typeof value === "boolean") {
    return value ? "True" : "False"
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      // amounts travel as decimal strings (DECISION e); only ids and ISO codes are numbers
      throw new TypeError(`refusing to sign a non-integer JSON number (${value}); send amounts as strings`)
    }
    return String(value)
  }
  return value
}

/** `v1:v2:…` over the endpoint's signed fields, sorted by name, values as transmitted (docs/m4-protocol.md §2.2). */
export function requestStringToSign(endpoint: M4Endpoint, body: Record<string, unknown>): string {
  return [...SIGNED_FIELDS[endpoint]]
    .sort()
    .map((field) => {
      const value = body[field]
      if (value === undefined || value === null) {
        throw new TypeError(`${endpoint}: signed field "${field}" is missing`)
      }
      return requestValueText(value as RequestValue)
    })
    .join(":")
}

/** Returns a copy of the body with its `sign` field set. */
export function signRequest<T extends Record<string, unknown>>(
  endpoint: M4Endpoint,
  body: T,
  secretKey: string
): T & { sign: string } {
  return { ...body, sign: m4Hash(requestStringToSign(endpoint, body), secretKey) }
}

/**
 * String to sign for a request read from its raw bytes (the gateway's side):
 * each signed field contributes its transmitted text; an absent field contributes "".
 */
export function rawRequestStringToSign(endpoint: M4Endpoint, raw: RawFields): string {
  return [...SIGNED_FIELDS[endpoint]]
    .sort()
    .map((field) => {
      const value = raw.fields.get(field)
      if (value?.kind === "null" || value?.kind === "nested") {
        return ""
      }
      return value?.kind === "string" ? value.value : (signatureText(value) ?? "")
    })
    .join(":")
}
