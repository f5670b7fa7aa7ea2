import type { MedusaContainer } from "@medusajs/framework/types"
import { Module } from "@medusajs/framework/utils"
import type { M4Client } from "../../m4"
import validateOptionsLoader from "./loaders/validate-options"
import M4MerchantToolsModuleService from "./service"

export const M4_MERCHANT_TOOLS_MODULE = "m4MerchantTools"

export default Module(M4_MERCHANT_TOOLS_MODULE, {
  service: M4MerchantToolsModuleService,
  loaders: [validateOptionsLoader],
})

export { M4MerchantToolsModuleService }
export type { PayoutRecord, PreviewResult, PollSummary, CreatePayoutInput } from "./types"
export type { PayoutState } from "./models/m4-payout"
export type { NormalizedPayoutRequest, PayoutRequestInput } from "./utils/validate-request"

// the payout rules the workflows apply (pure: no data access, no M4 call)
export { assertSameRequest } from "./utils/same-request"
export { payoutStatusChanges, sameAsRecorded } from "./utils/status-changes"
export { recipientName } from "./utils/recipient-name"
export { findPayoutPayway, normalizePayoutRequest, validateAgainstPayway } from "./utils/validate-request"
// how the admin routes present M4 data (masked accounts, exact money, localized texts)
export { maskAccount } from "./utils/format"
export { maskAccountNumbers } from "./utils/account-at-rest"
// the merchant tools' M4 errors as Medusa errors, in the merchant's words (the payment provider has its own for shoppers; both follow src/m4/error-codes.ts, amount limits by amountLimitRefusal)
export { gatewayError } from "./utils/gateway-error"

type Scope = Pick<MedusaContainer, "resolve">

/** The merchant tools module from a request scope or container (it owns the merchant tools' M4 credentials, see its options). */
export function merchantToolsModule(scope: Scope): M4MerchantToolsModuleService {
  return scope.resolve<M4MerchantToolsModuleService>(M4_MERCHANT_TOOLS_MODULE)
}

/** The M4 client for the admin API routes: built once by the merchant tools module from its validated options. */
export function m4Gateway(scope: Scope): M4Client {
  return merchantToolsModule(scope).gateway()
}
