import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { attentionItems } from "../api/admin/m4/serializers"
import { M4_LEDGER_MODULE } from "../modules/m4-ledger"
import type { M4LedgerModuleService } from "../modules/m4-ledger"
import { M4_ATTENTION_EVENT } from "../providers/m4/core/m4-gateway"
import type { AttentionKind } from "../shared/display-names"

/**
 * The "Needs attention" items no payment flow announces when it happens: they become items with
 * time (a hold nears M4's 5-day limit, M4 stays silent about a payment for an hour) or outside a
 * flow (the sweep gives up on a notification, the merchant tools module on a payout). The flows raise
 * their own (money returned, a refund M4 refused…) as they happen.
 */
const FOUND_BY_THE_JOB: AttentionKind[] = [
  "notification_failed",
  "hold_expiring",
  "payment_unconfirmed",
  "refund_unconfirmed",
  "payout_needs_attention",
]

/** Items per round; the rest are told at the next rounds (the oldest are not starved: told ones drop out). */
const BATCH = 100

/**
 * Tells the merchant about each new item once (`m4.attention` → the admin notification): the
 * ledger records which items were told, in one statement, so two instances never tell one twice.
 * Returns how many were told. Exported for tests and for callers that want a round now.
 */
export async function raiseM4AttentionAlerts(container: MedusaContainer): Promise<number> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const { items } = await attentionItems(container, {
    limit: BATCH,
    offset: 0,
    kinds: FOUND_BY_THE_JOB,
    unalerted: true,
  })
  const told = new Set(await ledger.desk.markAlerted(items.map((i) => ({ key: i.key, kind: i.kind }))))
  const eventBus = container.resolve(Modules.EVENT_BUS)
  let count = 0
  for (const item of items) {
    if (told.has(item.key)) {
      await eventBus.emit({ name: M4_ATTENTION_EVENT, data: item.event })
      count++
    }
  }
  return count
}

export default async function m4AttentionAlertsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const told = await raiseM4AttentionAlerts(container)
    if (told) {
      logger.info(`M4: ${told} new item(s) need the merchant's attention (M4 payments page)`)
    }
  } catch (e) {
    logger.error(`M4: looking for what needs the merchant's attention failed: ${(e as Error).message}`)
  }
}

export const config = {
  name: "m4-attention-alerts",
  // every minute by default; M4_ATTENTION_CRON (six-field cron) changes the tick
  schedule: process.env.M4_ATTENTION_CRON || "20 * * * * *",
}
