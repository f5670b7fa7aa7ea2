import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { askM4UntilSettled } from "./ask-m4-rounds"
import { claimM4PayoutStep, releaseM4PayoutStep } from "./steps/claim-m4-payout"
import { loadM4PayoutStep } from "./steps/load-m4-payout"
import { syncCallFor } from "./utils/payout-calls"

export type SyncM4PayoutInput = {
  payout_id: string
  /** the lease owner when the caller (the poller) already holds the payout's lease */
  claimed_by?: string
}

/**
 * Asks M4 about one payout now (refresh button, polling): an unknown outcome is settled by
 * withdraw/shop_payment_status (never created again from here), a processing payout follows
 * M4's status; a final one is returned as it is. A payout another request or instance holds is
 * returned unchanged. 404 for an unknown id.
 */
export const syncM4PayoutWorkflow = createWorkflow("sync-m4-payout", (input: SyncM4PayoutInput) => {
  const lease = claimM4PayoutStep(
    transform({ input }, ({ input }) => ({ payout_id: input.payout_id, role: "sync", held_by: input.claimed_by }))
  )
  const payout = loadM4PayoutStep(input)
  const call = transform({ lease, payout }, ({ lease, payout }) => (lease.claimed ? syncCallFor(payout.status) : null))
  const settled = askM4UntilSettled("sync-m4-payout", payout, call)
  releaseM4PayoutStep(lease)
  return new WorkflowResponse(transform({ payout, settled }, ({ payout, settled }) => settled ?? payout))
})
