import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  merchantToolsModule,
  type CreatePayoutInput,
  type NormalizedPayoutRequest,
  type PayoutRecord,
} from "../../../modules/m4-merchant-tools"

export type RecordedPayout = { payout: PayoutRecord; created: boolean }

/**
 * Persists the payout (new shop_payment_id, status "creating") before M4 is called, so a crash
 * or timeout never loses a payout M4 may have created. A concurrent request with the same key
 * that inserted first: its row comes back with `created: false`.
 *
 * Compensation: if the workflow stops before withdraw/create was sent, nothing exists at M4 and
 * the payout is marked failed instead of being left "creating". (Once withdraw/create was sent,
 * the create call's own compensation has moved the row on first, so this never fails a payout
 * M4 may have.)
 */
export const recordM4PayoutStep = createStep(
  "record-m4-payout",
  async (input: { req: NormalizedPayoutRequest; input: CreatePayoutInput }, { container }) => {
    const recorded = await merchantToolsModule(container).recordPayout(input.req, input.input)
    return new StepResponse<RecordedPayout, { payout_id: string | null }>(recorded, {
      payout_id: recorded.created ? recorded.payout.id : null,
    })
  },
  async (compensation, { container }) => {
    if (!compensation?.payout_id) {
      return
    }
    await merchantToolsModule(container).failUnsentPayout(
      compensation.payout_id,
      "the payout request stopped before withdraw/create was sent"
    )
  }
)
