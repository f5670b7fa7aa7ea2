/**
 * JSON text the way M4's Python server writes it. Signatures cover value *text* (docs/m4-protocol.md §9),
 * so the sandbox writes bodies itself instead of using JSON.stringify: floats keep Python's
 * repr (`6.0`, `5.7`), nested JSON-text fields use `", "`/`": "` with sorted keys.
 */
import { pythonFloatText } from "../m4"

/** A number written verbatim (its lexeme). */
export class PyNumber {
  constructor(readonly lexeme: string) {}
}

/** An amount as a Python float (`"6.00"` → `6.0`). */
export function pyFloat(amount: string | number): PyNumber {
  return new PyNumber(pythonFloatText(amount))
}

export interface PyJsonStyle {
  sortKeys: boolean
  /** `true` → `", "` and `": "` (json.dumps default); `false` → `","`/`":"` (Flask responses). */
  spaced: boolean
  /** Python's ensure_ascii: non-ASCII as `\uXXXX`. */
  ensureAscii: boolean
}

/** json.dumps(obj, sort_keys=True, ensure_ascii=False) — the text of `ps_data` / `addons`. */
export const PY_NESTED_TEXT: PyJsonStyle = { sortKeys: true, spaced: true, ensureAscii: false }
/** json.dumps(body) — a callback body (insertion order, ASCII-escaped like docs/m4-protocol.md §9.1). */
export const PY_CALLBACK_BODY: PyJsonStyle = { sortKeys: false, spaced: true, ensureAscii: true }
/** Flask jsonify — compact, sorted, raw UTF-8 (as the recorded responses show). */
export const PY_RESPONSE: PyJsonStyle = { sortKeys: true, spaced: false, ensureAscii: false }

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
}

function quote(text: string, ensureAscii: boolean): string {
  // control characters are what json.dumps escapes: matching them is the point
  // eslint-disable-next-line no-control-regex
  const pattern = ensureAscii ? /["\\\u0000-\u001f\u007f-\uffff]/g : /["\\\u0000-\u001f]/g
  return (
    '"' + text.replace(pattern, (ch) => ESCAPES[ch] ?? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0")) + '"'
  )
}

export function pyJson(value: unknown, style: PyJsonStyle): string {
  const item = style.spaced ? ", " : ","
  const kv = style.spaced ? ": " : ":"
  const write = (v: unknown): string => {
    if (v === null || v === undefined) {
      return "null"
    }
    if (v instanceof PyNumber) {
      return v.lexeme
    }
    switch (typeof v) {
      case "string":
        return quote(v, style.ensureAscii)
      case "boolean":
        return v ? "true" : "false"
      case "number":
        return Number.isInteger(v) ? String(v) : pythonFloatText(v)
      case "bigint":
        return v.toString()
    }
    if (Array.isArray(v)) {
      return "[" + v.map(write).join(item) + "]"
    }
    if (typeof v === "object") {
      const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      if (style.sortKeys) {
        keys.sort()
      }
      return (
        "{" +
        keys.map((k) => quote(k, style.ensureAscii) + kv + write((v as Record<string, unknown>)[k])).join(item) +
        "}"
      )
    }
    throw new TypeError(`cannot write ${typeof v} as JSON`)
  }
  return write(value)
}
