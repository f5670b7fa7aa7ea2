import { z } from "zod"
import { isFatalErrorCode } from "../error-codes"
import { fatalOutcome, M4Outcome, okOutcome, unknownOutcome } from "./outcome"
import { describeZodError, envelopeSchema } from "./schemas"

/** Removes secrets (the shop key, the request's sign) from any text that may reach a log or an outcome. */
export type Redactor = (text: string) => string

const SNIPPET_LENGTH = 200

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat || "(empty body)"
}

function errorCodeOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) {
    return value
  }
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
    return Number(value.trim())
  }
  return undefined
}

/**
 * Turns an HTTP answer into an outcome (docs/m4-protocol.md §2.1, DECISION b). The envelope is read
 * whatever the HTTP status: a business error may come as HTTP 400 with code 6.
 */
export function interpretResponse<S extends z.ZodType>(
  httpStatus: number,
  bodyText: string,
  dataSchema: S,
  redact: Redactor = (t) => t
): M4Outcome<z.output<S>> {
  const is2xx = httpStatus >= 200 && httpStatus < 300
  let parsed: unknown
  try {
    parsed = JSON.parse(bodyText)
  } catch {
    parsed = undefined
  }
  const envelope = envelopeSchema.safeParse(parsed)
  if (!envelope.success) {
    if (!is2xx) {
      return unknownOutcome("http_status", redact(`HTTP ${httpStatus} without an M4 envelope: ${snippet(bodyText)}`), {
        httpStatus,
      })
    }
    return unknownOutcome("bad_response", redact(`response is not an M4 envelope: ${snippet(bodyText)}`), {
      httpStatus,
    })
  }
  const { result, message, error_code, data } = envelope.data
  if (result) {
    if (!is2xx) {
      // contradictory answer: do not trust it either way, resolve by status query
      return unknownOutcome("http_status", `HTTP ${httpStatus} with result:true`, { httpStatus })
    }
    const checked = dataSchema.safeParse(data)
    if (!checked.success) {
      return unknownOutcome(
        "invalid_data",
        redact(`response data does not match the schema: ${describeZodError(checked.error)}`),
        {
          httpStatus,
        }
      )
    }
    return okOutcome(checked.data)
  }
  const code = errorCodeOf(error_code)
  const text = redact(message ?? "")
  if (isFatalErrorCode(code)) {
    return fatalOutcome(code, text)
  }
  return unknownOutcome(
    "unknown_code",
    `result:false with ${code === undefined ? "no usable error_code" : `unknown error_code ${code}`}${text ? `: ${text}` : ""}`,
    { httpStatus, ...(code !== undefined ? { code } : {}) }
  )
}

/** Error codes of a request that ran out of time (axios: ETIMEDOUT with clarifyTimeoutError, else ECONNABORTED). */
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ECONNABORTED", "ERR_CANCELED"])

/**
 * Classifies a thrown transport error (axios or fetch): the request may or may not have reached M4.
 * Builds the detail from the error's code and message only — never from the request it carries.
 */
export function interpretTransportError(
  error: unknown,
  timeoutMs: number,
  redact: Redactor = (t) => t
): M4Outcome<never> {
  const err = error as {
    name?: unknown
    code?: unknown
    message?: unknown
    cause?: { code?: unknown; message?: unknown }
  }
  const code =
    typeof err?.code === "string" ? err.code : typeof err?.cause?.code === "string" ? err.cause.code : undefined
  if (
    err?.name === "TimeoutError" ||
    err?.name === "AbortError" ||
    err?.name === "CanceledError" ||
    (code && TIMEOUT_CODES.has(code))
  ) {
    return unknownOutcome("timeout", `no answer within ${timeoutMs} ms`)
  }
  const message = typeof err?.message === "string" && err.message ? err.message : "transport error"
  const cause = code ?? (typeof err?.cause?.message === "string" ? err.cause.message : undefined)
  return unknownOutcome("network", redact(`${message}${cause && !message.includes(cause) ? ` (${cause})` : ""}`))
}
