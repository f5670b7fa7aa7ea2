import { MedusaError } from "@medusajs/framework/utils"
import { amountLimitRefusal, errorCodeKind, M4Outcome } from "../../../m4"

/**
 * A failed M4 call as a Medusa error with a message the merchant can act on (docs/m4-protocol.md §10).
 * 4/5 (limits: the plugin's one rule, `amountLimitRefusal`, code m4_amount_not_allowed), 9 (balance)
 * and other refusals are 400s; an unknown outcome is a server-side problem (500) that says M4 did
 * not answer, never a claim that nothing happened.
 */
export function gatewayError(outcome: M4Outcome<unknown>, doing: string, payoutId?: string): MedusaError {
  const ref = payoutId ? ` (payout ${payoutId})` : ""
  if (outcome.kind === "fatal") {
    // amount limits: the rule every M4 error of the plugin follows (src/m4/error-codes.ts)
    const limit = amountLimitRefusal(outcome.code)
    if (limit) {
      return new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Amount is ${limit.limit === "minimum" ? "below the payway's minimum" : "above the payway's maximum"}: ${outcome.message}${ref}`,
        limit.code
      )
    }
    switch (errorCodeKind(outcome.code)) {
      case "insufficient_balance":
        return new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Insufficient shop balance at M4 for this payout: ${outcome.message}${ref}`
        )
      case "payway_unavailable":
        return new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `The payout method is not available: ${outcome.message}${ref}`
        )
      case "request_refused":
        return new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `M4 refused the request while ${doing} (check the shop id, secret key and server clock): M4 error ${outcome.code}: ${outcome.message}${ref}`
        )
      default:
        return new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `M4 refused ${doing}: M4 error ${outcome.code}: ${outcome.message}${ref}`
        )
    }
  }
  if (outcome.kind === "unknown") {
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `M4 did not give a usable answer while ${doing} (${outcome.reason}); try again later${ref}`
    )
  }
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `unexpected M4 answer while ${doing}`)
}
