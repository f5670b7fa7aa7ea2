import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { payoutsModule, type PollSummary } from "../../../modules/m4-payouts"
import { syncM4PayoutWorkflow } from "../sync-m4-payout"
import type { ClaimedPayouts } from "./claim-due-m4-payouts"

/**
 * Runs the sync workflow for each claimed payout, one after the other, under the round's lease
 * (each lease is released as soon as its payout is done), and counts the payouts whose state or
 * M4 status changed.
 */
export const syncClaimedM4PayoutsStep = createStep(
  "sync-claimed-m4-payouts",
  async ({ owner, payout_ids }: ClaimedPayouts, { container }) => {
    const service = payoutsModule(container)
    let changed = 0
    for (const id of payout_ids) {
      try {
        const before = await service.getPayout(id)
        const { result: after } = await syncM4PayoutWorkflow(container).run({
          input: { payout_id: id, claimed_by: owner },
        })
        if (before.status !== after.status || before.m4_status !== after.m4_status) {
          changed++
        }
      } finally {
        await service.releasePayout(id, owner)
      }
    }
    return new StepResponse<PollSummary>({ claimed: payout_ids.length, checked: payout_ids.length, changed })
  }
)
