import { MedusaError } from "@medusajs/framework/utils"
import {
  AMOUNT_NOT_ALLOWED,
  amountLimitRefusal,
  describeOutcome,
  errorCodeKind,
  isShopConfigurationError,
  M4FatalOutcome,
  M4UnknownOutcome,
} from "../../../m4"
import { shopperError } from "./shopper-errors"

/**
 * The stable codes of the provider's errors (Medusa's error `code`, next to `type` and `message`
 * in the Store API's JSON): a storefront decides on these, never on the message text.
 */
export const M4_ERROR_CODE = {
  /** M4 did not answer (timeout, 5xx, an answer that is not M4's): nothing was recorded, try again in a moment */
  UNAVAILABLE: "m4_unavailable",
  /** M4 refused this payment: try again later or choose another method */
  DECLINED: "m4_declined",
  /** the payer's details for the payway (M4 add-ons) are missing or not valid: ask for them again */
  DETAILS_REQUIRED: "m4_details_required",
  /** the total is outside what the payment method accepts (the shared rule of src/m4/error-codes.ts) */
  AMOUNT_NOT_ALLOWED,
  /** the method cannot be used for this order (the store's M4 set-up, the currency): choose another */
  METHOD_UNAVAILABLE: "m4_method_unavailable",
} as const

export type M4ErrorCode = (typeof M4_ERROR_CODE)[keyof typeof M4_ERROR_CODE]

/** Where the details of an error go (Medusa's logger). */
export type ErrorLog = { warn(message: string): void; error(message: string): void }

/**
 * A failed M4 call as the caller should see it. Starting the shopper's payment ("payment") reaches
 * a storefront: a short message in the shopper's words and a stable code, the gateway's details
 * only in the log under the reference the message ends with. Every other action is the merchant's
 * (capture, cancel, refund, status: admin and workflows) and says what M4 answered.
 */
export function gatewayFailure(action: string, outcome: M4FatalOutcome | M4UnknownOutcome, log: ErrorLog): MedusaError {
  if (action === "payment") {
    return paymentFailure(outcome, log)
  }
  return outcome.kind === "fatal" ? fatalToMedusaError(action, outcome) : unresolvedToMedusaError(action, outcome)
}

/** M4 refused or did not answer while the shopper's payment was being started. */
export function paymentFailure(outcome: M4FatalOutcome | M4UnknownOutcome, log: ErrorLog): MedusaError {
  const details = describeOutcome(outcome)
  if (outcome.kind === "unknown") {
    return shopperError({
      code: M4_ERROR_CODE.UNAVAILABLE,
      type: MedusaError.Types.UNEXPECTED_STATE,
      message: "M4 is not responding right now, so the payment could not be started. Please try again in a moment.",
      log: { level: "warn", to: log, text: `M4 payment: no answer from M4 (${details}); nothing was recorded` },
    })
  }
  const limit = amountLimitRefusal(outcome.code)
  if (limit) {
    return shopperError({
      code: limit.code,
      type: MedusaError.Types.INVALID_DATA,
      message: `The order total is ${limit.limit === "minimum" ? "below the minimum" : "above the maximum"} this payment method accepts. Please choose another payment method.`,
      log: { level: "warn", to: log, text: `M4 payment refused: ${details}` },
    })
  }
  if (isShopConfigurationError(outcome.code) || errorCodeKind(outcome.code) === "currency_exchange") {
    return shopperError({
      code: M4_ERROR_CODE.METHOD_UNAVAILABLE,
      type: MedusaError.Types.NOT_ALLOWED,
      message: "This payment method is not available for this order right now. Please choose another one.",
      log: {
        level: "error",
        to: log,
        text: `M4 payment refused (check the M4 provider configuration and the shop at M4): ${details}`,
      },
    })
  }
  return shopperError({
    code: M4_ERROR_CODE.DECLINED,
    type: MedusaError.Types.NOT_ALLOWED,
    message: "M4 declined this payment. Please try again later or choose another payment method.",
    log: { level: "warn", to: log, text: `M4 payment refused: ${details}` },
  })
}

/** The invoice may exist at M4 but its pay page never reached us: the shopper starts again (a new session). */
export function payPageUnknown(sessionId: string, issued: M4FatalOutcome | M4UnknownOutcome, log: ErrorLog) {
  return shopperError({
    code: M4_ERROR_CODE.UNAVAILABLE,
    type: MedusaError.Types.UNEXPECTED_STATE,
    message: "M4 could not open the payment page. Please try again.",
    log: {
      level: "warn",
      to: log,
      text:
        `M4: invoice for payment session ${sessionId} may have been issued but its pay page is unknown ` +
        `(${describeOutcome(issued)}); the shopper must start the payment again`,
    },
  })
}

/** The provider cannot take this order with M4 at all (no payway for its currency, an unknown currency). */
export function methodUnavailable(reason: string, log: ErrorLog): MedusaError {
  return shopperError({
    code: M4_ERROR_CODE.METHOD_UNAVAILABLE,
    type: MedusaError.Types.NOT_ALLOWED,
    message: "This payment method is not available for this order. Please choose another one.",
    log: { level: "warn", to: log, text: `M4: ${reason}` },
  })
}

/** An amount that is not whole minor units of its currency: refused, never rounded (DECISION e). */
export function amountNotPayable(reason: string, log: ErrorLog): MedusaError {
  return shopperError({
    code: M4_ERROR_CODE.AMOUNT_NOT_ALLOWED,
    type: MedusaError.Types.INVALID_DATA,
    message: `M4 cannot take this amount: ${reason}.`,
    log: {
      level: "error",
      to: log,
      text:
        `M4: the amount ${reason}; refused rather than rounded ` +
        `(prices, taxes and discounts must add up to whole minor units)`,
    },
  })
}

/**
 * A fatal M4 answer to a merchant's action, as an error the admin can show. Codes 4/5 follow the
 * shared amount rule; configuration codes point the merchant at the provider options.
 */
export function fatalToMedusaError(action: string, outcome: M4FatalOutcome): MedusaError {
  const limit = amountLimitRefusal(outcome.code)
  if (limit) {
    return new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `M4 ${action} refused: the amount is ${limit.limit === "minimum" ? "below the payway's minimum" : "above the payway's maximum"} (${outcome.message})`,
      limit.code
    )
  }
  if (isShopConfigurationError(outcome.code)) {
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `M4 ${action} refused (error ${outcome.code}, check the M4 provider configuration): ${outcome.message}`
    )
  }
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `M4 ${action} refused (error ${outcome.code}): ${outcome.message}`
  )
}

/** An unknown outcome that could not be resolved: say so, never claim the operation failed or succeeded. */
export function unresolvedToMedusaError(action: string, outcome: M4UnknownOutcome): MedusaError {
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `M4 ${action}: the gateway's answer is not known yet (${describeOutcome(outcome)}); ` +
      `nothing was recorded, try again in a moment`,
    M4_ERROR_CODE.UNAVAILABLE
  )
}
