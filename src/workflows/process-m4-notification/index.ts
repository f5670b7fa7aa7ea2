import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { M4_NOTIFICATIONS_MODULE } from "../../modules/m4-notifications"
import type { ClaimedNotification, M4NotificationModuleService } from "../../modules/m4-notifications"
import { settleM4RefundsWorkflow, settleM4SessionWorkflow, SettleOutcome } from "../settle-m4-payment"

/** The event the webhook route emits once a notification is stored (`data.id`: the record). */
export const M4_NOTIFICATION_RECEIVED = "m4.notification.received"

/**
 * Applies one stored notification: claim it (lease), ask M4, apply M4's answer, mark it
 * processed. If anything fails (M4 unreachable, a step throws) nothing is marked and it is
 * retried on the schedule; nothing acknowledged is ever dropped. At most `processingConcurrency`
 * run at once in one instance (the claim too, so no lease runs out while one waits its turn).
 */
export async function processM4Notification(
  container: MedusaContainer,
  id: string
): Promise<SettleOutcome | undefined> {
  const notifications = container.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
  return notifications.withProcessingSlot(async () => {
    const claimed = await notifications.claimNotification(id, notifications.owner("notification"))
    return claimed ? applyClaimed(container, notifications, claimed) : undefined
  })
}

/** Retries the notifications whose next attempt is due (the worker's sweep). */
export async function processDueM4Notifications(container: MedusaContainer, limit = 50): Promise<number> {
  const notifications = container.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
  const claimed = await notifications.claimDueNotifications(notifications.owner("sweep"), limit)
  for (const row of claimed) {
    await applyClaimed(container, notifications, row)
  }
  return claimed.length
}

async function applyClaimed(
  container: MedusaContainer,
  notifications: M4NotificationModuleService,
  row: ClaimedNotification
): Promise<SettleOutcome | undefined> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const outcome = await settle(container, row)
    await notifications.completeNotification(row.id, row.owner, outcome)
    return outcome
  } catch (e) {
    const message = (e as Error).message ?? String(e)
    const next = await notifications.retryNotificationLater(row.id, row.owner, row.attempts, message)
    const what = `M4 notification ${row.id} (${row.kind} ${row.status}, invoice ${row.invoice_id})`
    if (next === "failed") {
      logger.error(`${what}: not applied after ${row.attempts} attempts, given up: ${message}`)
    } else {
      logger.warn(`${what}: not applied yet, retrying later: ${message}`)
    }
    return undefined
  }
}

async function settle(container: MedusaContainer, row: ClaimedNotification): Promise<SettleOutcome> {
  if (row.kind === "invoice") {
    const { result } = await settleM4SessionWorkflow(container).run({
      input: { provider_id: row.provider_id, session_id: row.session_id! },
    })
    return result
  }
  // refund: Medusa's refund id is M4's shop_refund_id
  const paymentModule = container.resolve(Modules.PAYMENT)
  const [refund] = (await paymentModule.listRefunds(
    { id: row.shop_refund_id! },
    { select: ["id", "payment_id"] }
  )) as unknown as { id: string; payment_id: string }[]
  if (!refund) {
    // Medusa removed a refund the provider refused at once; M4's later word changes nothing
    return { outcome: "refund_not_in_medusa" }
  }
  const { result } = await settleM4RefundsWorkflow(container).run({ input: { payment_id: refund.payment_id } })
  return result
}
