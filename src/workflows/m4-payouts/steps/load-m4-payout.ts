import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { merchantToolsModule, type PayoutRecord } from "../../../modules/m4-merchant-tools"

/** The payout as stored now; 404 for an unknown id. */
export const loadM4PayoutStep = createStep("load-m4-payout", async (input: { payout_id: string }, { container }) => {
  return new StepResponse<PayoutRecord>(await merchantToolsModule(container).getPayout(input.payout_id))
})
