import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  assertSameRequest,
  merchantToolsModule,
  type CreatePayoutInput,
  type PayoutRecord,
} from "../../../modules/m4-merchant-tools"

/**
 * A create with an idempotency key already used must be the same payout (400 otherwise); a
 * payout this request created passes. It runs either way, not under `when`: a skipped step lets
 * Medusa compensate the steps before it without waiting for the ones after it, and the record
 * step's compensation must come after the create call's.
 */
export const checkM4PayoutRetryStep = createStep(
  "check-m4-payout-retry",
  async (input: { payout: PayoutRecord; created: boolean; input: CreatePayoutInput }, { container }) => {
    if (!input.created) {
      const service = merchantToolsModule(container)
      assertSameRequest(input.payout, input.input, (account) => service.accountHash(account))
    }
    return new StepResponse(true)
  }
)
