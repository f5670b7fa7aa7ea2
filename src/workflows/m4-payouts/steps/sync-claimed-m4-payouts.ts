import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { WithdrawStatusData } from "../../../m4"
import {
  merchantToolsModule,
  payoutStatusChanges,
  sameAsRecorded,
  type M4MerchantToolsModuleService,
  type PayoutRecord,
  type PollSummary,
} from "../../../modules/m4-merchant-tools"
import { decidePayoutAnswer, syncCallFor } from "../utils/payout-calls"
import { recordPayoutAnswer } from "./apply-m4-payout-answer"
import type { ClaimedPayouts } from "./claim-due-m4-payouts"

/**
 * Asks M4 about each claimed payout (withdraw/shop_payment_status), one after the other, under the
 * round's lease. A polled payout never needs a second question (a status query leads to
 * withdraw/create only for a merchant's retry), so the row the claim read is all it needs: when
 * M4 says what the row says (still processing), one statement counts the check, plans the next one
 * and gives the lease back; otherwise the answer goes through the module's state transitions (the
 * same as the sync workflow's) and the lease is released. Counts the payouts whose state or M4
 * status changed.
 */
export const syncClaimedM4PayoutsStep = createStep(
  "sync-claimed-m4-payouts",
  async ({ owner, payouts }: ClaimedPayouts, { container }) => {
    const service = merchantToolsModule(container)
    let changed = 0
    for (const payout of payouts) {
      if (await pollOne(service, payout, owner)) {
        changed++
      }
    }
    return new StepResponse<PollSummary>({ claimed: payouts.length, checked: payouts.length, changed })
  }
)

/** One payout of the round; true when its state or M4 status changed. */
async function pollOne(service: M4MerchantToolsModuleService, payout: PayoutRecord, owner: string): Promise<boolean> {
  const call = syncCallFor(payout.status)
  if (!call) {
    await service.releasePayout(payout.id, owner)
    return false
  }
  let released = false
  try {
    const outcome = await service.gateway().withdrawShopPaymentStatus({ shop_payment_id: payout.shop_payment_id })
    const decision = decidePayoutAnswer(call, outcome)
    if (decision.kind === "apply_status") {
      const data = (outcome as { data: WithdrawStatusData }).data
      if (sameAsRecorded(payout, payoutStatusChanges(payout, data, new Date()))) {
        released = true
        await service.recordUnchangedCheck(payout.id, owner)
        return false
      }
    }
    await service.touchChecked(payout.id)
    const { payout: after } = await recordPayoutAnswer(service, { payout, call, outcome })
    return after.status !== payout.status || after.m4_status !== payout.m4_status
  } finally {
    if (!released) {
      await service.releasePayout(payout.id, owner)
    }
  }
}
