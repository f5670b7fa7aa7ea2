/**
 * The result of one M4 call (DECISION b). Three kinds, because "did not work" has two
 * very different meanings for money:
 * - `fatal`: M4 answered with error code 1–21 — the operation was not done; stop or fix.
 * - `unknown`: no trustworthy answer (timeout, network, HTTP 5xx, garbage, unknown code, data
 *   not matching the schema) — M4 may have done it; resolve by status query / callback,
 *   never treat as a failure.
 */
export type M4Outcome<T> =
  | { kind: "ok"; data: T }
  | { kind: "fatal"; code: number; message: string }
  | {
      kind: "unknown"
      reason: M4UnknownReason
      detail: string
      httpStatus?: number
      code?: number
    }

export type M4UnknownReason = "timeout" | "network" | "http_status" | "bad_response" | "unknown_code" | "invalid_data"

export type M4OkOutcome<T> = Extract<M4Outcome<T>, { kind: "ok" }>
export type M4FatalOutcome = Extract<M4Outcome<never>, { kind: "fatal" }>
export type M4UnknownOutcome = Extract<M4Outcome<never>, { kind: "unknown" }>

export function okOutcome<T>(data: T): M4OkOutcome<T> {
  return { kind: "ok", data }
}

export function fatalOutcome(code: number, message: string): M4FatalOutcome {
  return { kind: "fatal", code, message }
}

export function unknownOutcome(
  reason: M4UnknownReason,
  detail: string,
  extra: { httpStatus?: number; code?: number } = {}
): M4UnknownOutcome {
  return {
    kind: "unknown",
    reason,
    detail,
    ...(extra.httpStatus !== undefined ? { httpStatus: extra.httpStatus } : {}),
    ...(extra.code !== undefined ? { code: extra.code } : {}),
  }
}

export function isOk<T>(outcome: M4Outcome<T>): outcome is M4OkOutcome<T> {
  return outcome.kind === "ok"
}

export function isFatal<T>(outcome: M4Outcome<T>): outcome is M4FatalOutcome {
  return outcome.kind === "fatal"
}

export function isUnknown<T>(outcome: M4Outcome<T>): outcome is M4UnknownOutcome {
  return outcome.kind === "unknown"
}

/** A one-line text for logs and error messages (never contains request secrets: details are redacted at the source). */
export function describeOutcome(outcome: M4Outcome<unknown>): string {
  switch (outcome.kind) {
    case "ok":
      return "ok"
    case "fatal":
      return `M4 error ${outcome.code}: ${outcome.message}`
    case "unknown":
      return `outcome unknown (${outcome.reason}${outcome.httpStatus ? `, HTTP ${outcome.httpStatus}` : ""}): ${outcome.detail}`
  }
}
