/**
 * The test-gateway scenario suffixes `[mock_server,<scenario>]` (docs/m4-protocol.md §2.6) the
 * sandbox scripts, by payway kind. The names are the ones the recorded method lists carry.
 *
 * Pay-in: success, success_with_callback (paid at once, without / with the callback), rejected,
 * rejected_with_callback, create_declined_with_callback, internal_server_error (HTTP 500, nothing
 * created), timeout_error (created, the answer never comes), refund_failed (sandbox-only: its
 * refunds end FAILED).
 * Payout: success, rejected, fail, payment_forbidden, wallet_does_not_exist (the last four end
 * rejected), internal_server_error, timeout_error.
 */
export const PAY_IN_SCENARIOS = [
  "success",
  "success_with_callback",
  "rejected",
  "rejected_with_callback",
  "create_declined_with_callback",
  "internal_server_error",
  "timeout_error",
  "refund_failed",
] as const

export const PAYOUT_SCENARIOS = [
  "success",
  "rejected",
  "fail",
  "payment_forbidden",
  "wallet_does_not_exist",
  "internal_server_error",
  "timeout_error",
] as const

export function scenariosOf(kind: "input" | "output"): readonly string[] {
  return kind === "input" ? PAY_IN_SCENARIOS : PAYOUT_SCENARIOS
}
