import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { PollSummary } from "../modules/m4-merchant-tools"
import { pollDueM4PayoutsWorkflow } from "../workflows/m4-payouts"

/**
 * One polling round over non-final payouts (M4 has no payout callbacks, docs/m4-protocol.md §3/§6): the
 * poll workflow claims every due payout under a lease, asks M4 with withdraw/shop_payment_status
 * and moves it on. Exported for tests and for callers that want a round now.
 */
export async function pollM4Payouts(container: MedusaContainer, limit = 50): Promise<PollSummary> {
  const { result } = await pollDueM4PayoutsWorkflow(container).run({ input: { limit } })
  return result
}

export default async function pollM4PayoutsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const summary = await pollM4Payouts(container)
    if (summary.claimed) {
      logger.info(`M4 payouts: checked ${summary.checked}, ${summary.changed} changed`)
    }
  } catch (e) {
    logger.error(`M4 payouts polling failed: ${(e as Error).message}`)
  }
}

export const config = {
  name: "poll-m4-payouts",
  // every 30 s (M4's polling interval) by default; M4_PAYOUT_POLL_CRON (six-field cron) changes the
  // tick. Each row also carries its own next_check_at.
  schedule: process.env.M4_PAYOUT_POLL_CRON || "*/30 * * * * *",
}
