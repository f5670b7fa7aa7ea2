import { parse } from "lossless-json"

/**
 * A top-level body field as it was transmitted. M4 signs the *text* of each value
 * (docs/m4-protocol.md §9): number lexemes verbatim (`6.0` stays `6.0`), decoded strings as-is,
 * so a body must be read from its raw bytes, never from a `JSON.parse`d object.
 */
export type RawFieldValue =
  | { kind: "string"; value: string }
  | { kind: "number"; lexeme: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "nested"; value: unknown }

export type BodyFormat = "json" | "form"

export interface RawFields {
  format: BodyFormat
  fields: Map<string, RawFieldValue>
}

/** What Medusa's webhook payload may carry as `rawData` (a Redis event bus serialises Buffers). */
export type RawBody = string | Buffer | Uint8Array | { type: "Buffer"; data: number[] }

export class RawBodyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "RawBodyError"
  }
}

class NumberLexeme {
  constructor(readonly lexeme: string) {}
}

export function rawBodyToString(raw: RawBody): string {
  if (typeof raw === "string") {
    return raw
  }
  if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) {
    return Buffer.from(raw).toString("utf8")
  }
  if (raw && typeof raw === "object" && raw.type === "Buffer" && Array.isArray(raw.data)) {
    return Buffer.from(raw.data).toString("utf8")
  }
  throw new RawBodyError("raw body is not a string or a buffer")
}

function detectFormat(text: string, contentType?: string): BodyFormat {
  const type = (contentType ?? "").toLowerCase()
  if (type.includes("application/x-www-form-urlencoded")) {
    return "form"
  }
  if (type.includes("json")) {
    return "json"
  }
  return text.trimStart().startsWith("{") ? "json" : "form"
}

function readJson(text: string): Map<string, RawFieldValue> {
  let parsed: unknown
  try {
    // lossless-json keeps every number's lexeme and refuses duplicate keys
    parsed = parse(text, null, (lexeme: string) => new NumberLexeme(lexeme))
  } catch (e) {
    throw new RawBodyError(`body is not valid JSON: ${(e as Error).message}`)
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new RawBodyError("body is not a JSON object")
  }
  const fields = new Map<string, RawFieldValue>()
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (value instanceof NumberLexeme) {
      fields.set(key, { kind: "number", lexeme: value.lexeme })
    } else if (typeof value === "string") {
      fields.set(key, { kind: "string", value })
    } else if (typeof value === "boolean") {
      fields.set(key, { kind: "boolean", value })
    } else if (value === null) {
      fields.set(key, { kind: "null" })
    } else {
      fields.set(key, { kind: "nested", value: unwrapNumbers(value) })
    }
  }
  return fields
}

function unwrapNumbers(value: unknown): unknown {
  if (value instanceof NumberLexeme) {
    return Number(value.lexeme)
  }
  if (Array.isArray(value)) {
    return value.map(unwrapNumbers)
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, unwrapNumbers(v)]))
  }
  return value
}

function readForm(text: string): Map<string, RawFieldValue> {
  const fields = new Map<string, RawFieldValue>()
  for (const [key, value] of new URLSearchParams(text)) {
    if (fields.has(key)) {
      throw new RawBodyError(`duplicate field "${key}"`)
    }
    fields.set(key, { kind: "string", value })
  }
  return fields
}

/** Reads the top-level fields of a JSON or form-encoded body, keeping each value's transmitted text. */
export function readRawFields(raw: RawBody, contentType?: string): RawFields {
  const text = rawBodyToString(raw)
  const format = detectFormat(text, contentType)
  return { format, fields: format === "json" ? readJson(text) : readForm(text) }
}

/**
 * The text a value contributes to a signature (docs/m4-protocol.md §9), or null when the value is
 * excluded (null or empty string). Booleans render the way M4's Python server prints them.
 */
export function signatureText(value: RawFieldValue | undefined): string | null {
  if (!value) {
    return null
  }
  switch (value.kind) {
    case "string":
      return value.value === "" ? null : value.value
    case "number":
      return value.lexeme
    case "boolean":
      return value.value ? "True" : "False"
    case "null":
      return null
    case "nested":
      throw new RawBodyError("nested objects cannot be signed")
  }
}
