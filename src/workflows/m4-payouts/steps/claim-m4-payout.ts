import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { merchantToolsModule } from "../../../modules/m4-merchant-tools"

export type PayoutLease = {
  payout_id: string
  owner: string
  claimed: boolean
  /** taken by this step (not passed in) */ own: boolean
}

/**
 * Takes the payout's lease so no other request, poller or store instance works on it meanwhile.
 * A caller that already holds it (the poller) passes `held_by`. Compensation: the lease is
 * released when the workflow fails.
 */
export const claimM4PayoutStep = createStep(
  "claim-m4-payout",
  async (input: { payout_id: string; role: string; held_by?: string }, { container }) => {
    if (input.held_by) {
      return new StepResponse<PayoutLease, PayoutLease | null>(
        { payout_id: input.payout_id, owner: input.held_by, claimed: true, own: false },
        null
      )
    }
    const service = merchantToolsModule(container)
    const owner = service.leaseOwner(input.role)
    const claimed = await service.claimPayout(input.payout_id, owner)
    const lease = { payout_id: input.payout_id, owner, claimed, own: true }
    return new StepResponse<PayoutLease, PayoutLease | null>(lease, claimed ? lease : null)
  },
  async (lease, { container }) => {
    if (lease) {
      await merchantToolsModule(container).releasePayout(lease.payout_id, lease.owner)
    }
  }
)

/** Gives the lease back (only one this workflow took). */
export const releaseM4PayoutStep = createStep(
  "release-m4-payout",
  async (lease: PayoutLease | undefined, { container }) => {
    if (lease?.own && lease.claimed) {
      await merchantToolsModule(container).releasePayout(lease.payout_id, lease.owner)
    }
    return new StepResponse(true)
  }
)
