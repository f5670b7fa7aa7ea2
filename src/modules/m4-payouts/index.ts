import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import M4PayoutsModuleService from "./service"

export const M4_PAYOUTS_MODULE = "m4Payouts"

export default Module(M4_PAYOUTS_MODULE, {
  service: M4PayoutsModuleService,
  loaders: [validateOptionsLoader],
})

export { M4PayoutsModuleService }
export type { PayoutRecord, PreviewResult, PollSummary, CreatePayoutInput } from "./types"
export type { PayoutState } from "./models/m4-payout"
export type { NormalizedPayoutRequest, PayoutRequestInput } from "./utils/validate-request"

// the payout rules the workflows apply (pure: no data access, no M4 call)
export { assertSameRequest } from "./utils/same-request"
export { recipientName } from "./utils/recipient-name"
export { findPayoutPayway, normalizePayoutRequest, validateAgainstPayway } from "./utils/validate-request"
export { currencyAlpha, decimalText } from "./utils/format"
// the merchant tools' M4 errors as Medusa errors (until the one mapper lives in src/m4)
export { gatewayError } from "./utils/gateway-error"
