import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { M4_LEDGER_MODULE } from "../../modules/m4-ledger"
import type { ClaimedNotification, M4LedgerModuleService } from "../../modules/m4-ledger"
import { settleM4InvoiceWorkflow, settleM4RefundsWorkflow, SettleOutcome } from "../settle-m4-payment"

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
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  return ledger.withProcessingSlot(async () => {
    const claimed = await ledger.claimNotification(id, ledger.owner("notification"))
    return claimed ? applyClaimed(container, ledger, claimed) : undefined
  })
}

/** Retries the notifications whose next attempt is due (the worker's sweep). */
export async function processDueM4Notifications(container: MedusaContainer, limit = 50): Promise<number> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const claimed = await ledger.claimDueNotifications(ledger.owner("sweep"), limit)
  for (const row of claimed) {
    await applyClaimed(container, ledger, row)
  }
  return claimed.length
}

async function applyClaimed(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  row: ClaimedNotification
): Promise<SettleOutcome | undefined> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const outcome = await settle(container, ledger, row)
    await ledger.completeNotification(row.id, row.owner, outcome)
    return outcome
  } catch (e) {
    const message = (e as Error).message ?? String(e)
    const next = await ledger.retryNotificationLater(row.id, row.owner, row.attempts, message)
    const what = `M4 notification ${row.id} (${row.kind} ${row.status}, invoice ${row.invoice_id})`
    if (next === "failed") {
      logger.error(`${what}: not applied after ${row.attempts} attempts, given up: ${message}`)
    } else {
      logger.warn(`${what}: not applied yet, retrying later: ${message}`)
    }
    return undefined
  }
}

async function settle(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  row: ClaimedNotification
): Promise<SettleOutcome> {
  if (row.kind === "invoice") {
    const { result } = await settleM4InvoiceWorkflow(container).run({
      // rows stored before the ledger existed keep the invoice's shop_order_id as session_id
      input: { provider_id: row.provider_id, shop_order_id: (row.shop_order_id ?? row.session_id)! },
    })
    return result
  }
  const refund = await ledger.refunds.byShopRefundId(row.shop_refund_id!)
  if (!refund) {
    return { outcome: "refund_not_on_record", waiting: false }
  }
  const { result } = await settleM4RefundsWorkflow(container).run({ input: { invoice_ref: refund.invoice_ref } })
  return result
}
