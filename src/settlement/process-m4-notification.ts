import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { M4_LEDGER_MODULE } from "../modules/m4-ledger"
import type { ClaimedNotification, M4LedgerModuleService } from "../modules/m4-ledger"
import { askM4Provider } from "../providers/m4/ask-m4-provider"
import { settleM4InvoiceWorkflow, settleM4RefundsWorkflow, SettleOutcome } from "../workflows/settle-m4-payment"
import type { InvoiceSettleOutcome } from "../workflows/settle-m4-payment"
import type { InvoiceRecord } from "../modules/m4-ledger"
import { decideOnAnswer } from "./utils/answer-changes-medusa"
import { sweepDue } from "./utils/sweep"

/** The event the webhook route emits once a notification is stored (`data.id`: the record). */
export const M4_NOTIFICATION_RECEIVED = "m4.notification.received"

/** A sweep claims and applies until nothing is due, for at most this long per run (then the next run goes on). */
const SWEEP_BUDGET_MS = 5 * 60_000

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

/**
 * Applies the notifications whose next attempt is due (the worker's sweep; after a restart, the
 * only path for what was accepted before it): claimed in batches of `batchSize` under a lease and
 * applied in parallel, `processingConcurrency` at once, the next batch claimed while the last one
 * finishes, until none is due. Answers how many it claimed.
 */
export async function processDueM4Notifications(container: MedusaContainer, batchSize = 50): Promise<number> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const owner = ledger.owner("sweep")
  return sweepDue({
    batchSize,
    budgetMs: SWEEP_BUDGET_MS,
    claim: (limit) => ledger.claimDueNotifications(owner, limit),
    apply: (row) => ledger.withProcessingSlot(() => applyClaimed(container, ledger, row)),
    capacity: () => ledger.processingSlotsFree(),
  })
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
    // rows stored before the ledger existed keep the invoice's shop_order_id as session_id
    return settleInvoice(container, {
      provider_id: row.provider_id,
      shop_order_id: (row.shop_order_id ?? row.session_id)!,
    })
  }
  const refund = await ledger.refunds.byShopRefundId(row.shop_refund_id!)
  if (!refund) {
    return { outcome: "refund_not_on_record", waiting: false }
  }
  const { result } = await settleM4RefundsWorkflow(container).run({ input: { invoice_ref: refund.invoice_ref } })
  return result
}

/**
 * Asks M4 about the invoice first and runs the settle workflow (which looks at what Medusa holds
 * and changes it) only when M4's answer can change Medusa (decideOnAnswer); the workflow gets that
 * answer and does not ask again. "Still open" costs the M4 call and the ledger's record of it.
 * `known`: the ledger's row as the caller just claimed it (not read again).
 */
export async function settleInvoice(
  container: MedusaContainer,
  input: { provider_id: string; shop_order_id: string; known?: InvoiceRecord }
): Promise<InvoiceSettleOutcome> {
  const confirmed = await askM4Provider(container, input.provider_id, {
    kind: "invoice",
    shop_order_id: input.shop_order_id,
    known: input.known,
  })
  const decision = decideOnAnswer(confirmed.confirmation)
  if (decision.kind === "unchanged") {
    return { outcome: decision.outcome, status: confirmed.confirmation?.status }
  }
  const { result } = await settleM4InvoiceWorkflow(container).run({
    input: { provider_id: input.provider_id, shop_order_id: input.shop_order_id, confirmed },
  })
  return result
}
