import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcileM4Payments } from "../settlement/reconcile-m4-payments"

/**
 * Keeps Medusa's books equal to M4's when notifications are late, lost or never sent: retries
 * stored notifications, asks M4 about unsettled M4 payments on their backoff schedule, flags old
 * holds, settles WAITING refunds. Each row carries its own next check and a lease, so the tick
 * only decides how soon due work is seen, and several instances never settle one payment twice.
 */
export default async function reconcileM4PaymentsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const summary = await reconcileM4Payments(container)
    if (summary.checked || summary.notifications_retried) {
      logger.info(
        `M4 reconciliation: ${summary.notifications_retried} notifications retried, ` +
          `${summary.checked} payments checked, ${summary.settled} settled`
      )
    }
  } catch (e) {
    logger.error(`M4 reconciliation failed: ${(e as Error).message}`)
  }
}

export const config = {
  name: "reconcile-m4-payments",
  // every 15 s by default; M4_RECONCILE_CRON (six-field cron) changes the tick
  schedule: process.env.M4_RECONCILE_CRON || "*/15 * * * * *",
}
