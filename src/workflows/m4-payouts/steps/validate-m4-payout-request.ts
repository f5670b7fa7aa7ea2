import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { merchantToolsModule } from "../../../modules/m4-merchant-tools"
import {
  gatewayError,
  findPayoutPayway,
  normalizePayoutRequest,
  validateAgainstPayway,
  type NormalizedPayoutRequest,
  type PayoutRequestInput,
} from "../../../modules/m4-merchant-tools"

/**
 * Reads the payout payway from M4 (shop_output_config/shop) and checks the request against it:
 * the account against the payway's regexes (message: the payway's hint), the amount against its
 * limits and the currency's digits. 400 before anything is recorded or sent.
 */
export const validateM4PayoutRequestStep = createStep(
  "validate-m4-payout-request",
  async (input: PayoutRequestInput, { container }) => {
    const outcome = await merchantToolsModule(container).gateway().shopOutputConfig({ payway: input.payway })
    if (outcome.kind !== "ok") {
      throw gatewayError(outcome, "loading the payout methods")
    }
    const payway = findPayoutPayway(outcome.data, input.payway)
    const normalized = normalizePayoutRequest(input, payway)
    validateAgainstPayway(normalized, payway)
    return new StepResponse<NormalizedPayoutRequest>(normalized)
  }
)
