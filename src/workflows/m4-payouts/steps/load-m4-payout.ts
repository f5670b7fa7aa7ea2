import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { payoutsModule, type PayoutRecord } from "../../../modules/m4-payouts"

/** The payout as stored now; 404 for an unknown id. */
export const loadM4PayoutStep = createStep("load-m4-payout", async (input: { payout_id: string }, { container }) => {
  return new StepResponse<PayoutRecord>(await payoutsModule(container).getPayout(input.payout_id))
})
