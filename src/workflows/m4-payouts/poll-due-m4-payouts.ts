import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimDueM4PayoutsStep } from "./steps/claim-due-m4-payouts"
import { syncClaimedM4PayoutsStep } from "./steps/sync-claimed-m4-payouts"

/**
 * One polling round over non-final payouts (M4 has no payout callbacks, docs/m4-protocol.md §3/§6): every due
 * payout is claimed under a lease and synced with M4. All state (next check, unknown-since,
 * leases) is in the database, so a restart just continues and several store instances share
 * the work without processing one payout twice.
 */
export const pollDueM4PayoutsWorkflow = createWorkflow("poll-due-m4-payouts", (input: { limit: number }) => {
  const claimed = claimDueM4PayoutsStep(input)
  return new WorkflowResponse(syncClaimedM4PayoutsStep(claimed))
})
