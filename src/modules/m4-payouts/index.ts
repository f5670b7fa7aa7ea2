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
