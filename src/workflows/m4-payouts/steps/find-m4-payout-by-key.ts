import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { merchantToolsModule, type PayoutRecord } from "../../../modules/m4-merchant-tools"

/** The payout created earlier with this idempotency key, or null (also when no key was sent). */
export const findM4PayoutByKeyStep = createStep(
  "find-m4-payout-by-key",
  async (input: { idempotency_key?: string | null }, { container }) => {
    const found = input.idempotency_key
      ? await merchantToolsModule(container).findByIdempotencyKey(input.idempotency_key)
      : null
    return new StepResponse<PayoutRecord | null>(found)
  }
)
