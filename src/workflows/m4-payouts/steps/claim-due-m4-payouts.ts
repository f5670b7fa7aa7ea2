import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { merchantToolsModule, type PayoutRecord } from "../../../modules/m4-merchant-tools"

export type ClaimedPayouts = { owner: string; payout_ids: string[]; payouts: PayoutRecord[] }

/**
 * Claims up to `limit` payouts whose next check is due (never a row another instance holds), and
 * reads them in the same statement: the poll reads each payout once. Compensation: if the round
 * fails, every lease it still holds is given back at once instead of waiting for the lease to
 * run out.
 */
export const claimDueM4PayoutsStep = createStep(
  "claim-due-m4-payouts",
  async (input: { limit: number }, { container }) => {
    const service = merchantToolsModule(container)
    const owner = service.leaseOwner("poll")
    const payouts = await service.claimDuePayoutRows(owner, input.limit)
    return new StepResponse<ClaimedPayouts>({ owner, payout_ids: payouts.map((p) => p.id), payouts })
  },
  async (claimed, { container }) => {
    if (!claimed) {
      return
    }
    const service = merchantToolsModule(container)
    for (const id of claimed.payout_ids) {
      await service.releasePayout(id, claimed.owner)
    }
  }
)
