import { MedusaError } from "@medusajs/framework/utils"
import {
  describeOutcome,
  isAmountLimitError,
  isShopConfigurationError,
  M4FatalOutcome,
  M4UnknownOutcome,
} from "../../../m4"

/**
 * A fatal M4 answer as an error a storefront or admin can show. Codes 4/5 (amount limits) are
 * the shopper's; configuration codes point the merchant at the provider options.
 */
export function fatalToMedusaError(action: string, outcome: M4FatalOutcome): MedusaError {
  if (isAmountLimitError(outcome.code)) {
    return new MedusaError(MedusaError.Types.NOT_ALLOWED, `M4 ${action} refused: ${outcome.message}`)
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
      `nothing was recorded, try again in a moment`
  )
}
