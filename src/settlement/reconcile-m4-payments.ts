import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import { HOLD_LIFETIME_MS, M4_LEDGER_MODULE } from "../modules/m4-ledger"
import type { InvoiceRecord, M4LedgerModuleService, ReconciliationOptions, RefundRecord } from "../modules/m4-ledger"
import { processDueM4Notifications, settleInvoice } from "./process-m4-notification"
import { sweepDue } from "./utils/sweep"
import { InvoiceSettleOutcome, settleM4RefundsWorkflow } from "../workflows/settle-m4-payment"
import { backoff, nextInvoiceCheck } from "./utils/next-check"
import { flagOrder } from "../workflows/utils/order-of-collection"

export type ReconcileSummary = { notifications_retried: number; checked: number; settled: number }

/** A run checks due invoices until none is left due, for at most this long (then the next run goes on). */
const CHECK_BUDGET_MS = 5 * 60_000

/**
 * One reconciliation round (the scheduled job runs it; any number of instances may run it at
 * once): retry stored notifications that are due and, at the same time, walk the ledger — every
 * invoice and refund whose next check is due, the longest-waiting first, under a lease — ask M4
 * and settle each exactly as a notification would. Both work in parallel, `processingConcurrency`
 * at once (the leases keep two instances, or a notification and a check, from settling one row
 * twice). A check asks M4 first and runs the settle workflow only when M4's answer can change
 * Medusa: a payment still open at M4 costs the M4 call, the ledger's record of the answer and the
 * update of its next check. Nothing is enrolled from Medusa's tables: every invoice and refund the
 * plugin asked for is on the ledger from the moment it was asked for.
 */
export async function reconcileM4Payments(container: MedusaContainer): Promise<ReconcileSummary> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const options = ledger.settings().reconciliation
  const [notificationsRetried, checks] = await Promise.all([
    processDueM4Notifications(container, options.batchSize),
    options.enabled ? checkDue(container, ledger, options) : { checked: 0, settled: 0 },
  ])
  return { notifications_retried: notificationsRetried, ...checks }
}

async function checkDue(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  options: ReconciliationOptions
): Promise<Omit<ReconcileSummary, "notifications_retried">> {
  const summary = { checked: 0, settled: 0 }
  const owner = ledger.owner("reconcile")
  const leaseMs = ledger.settings().leaseMs
  await ledger.invoices.scheduleFirstChecks(options.scheduleMs[0])
  summary.checked += await sweepDue({
    batchSize: options.batchSize,
    budgetMs: CHECK_BUDGET_MS,
    claim: (limit) => ledger.invoices.claimDue(owner, limit, leaseMs),
    capacity: () => ledger.processingSlotsFree(),
    apply: (invoice) =>
      ledger.withProcessingSlot(async () => {
        if (await checkInvoice(container, ledger, options, invoice, owner)) summary.settled++
      }),
  })
  await ledger.refunds.scheduleFirstChecks(options.scheduleMs[0])
  const refunds = await ledger.refunds.claimDue(owner, options.batchSize, leaseMs)
  // the refunds of one invoice are settled together (one invoice/get-refunds)
  const byInvoice = new Map<string, RefundRecord[]>()
  for (const refund of refunds) {
    byInvoice.set(refund.invoice_ref, [...(byInvoice.get(refund.invoice_ref) ?? []), refund])
  }
  await Promise.all(
    [...byInvoice].map(([invoiceRef, claimed]) =>
      ledger.withProcessingSlot(async () => {
        summary.checked += claimed.length
        if (await checkRefunds(container, ledger, options, invoiceRef, claimed, owner)) {
          summary.settled += claimed.length
        }
      })
    )
  )
  return summary
}

async function checkInvoice(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  options: ReconciliationOptions,
  invoice: InvoiceRecord,
  owner: string
): Promise<boolean> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const finish = (outcome: string, next: Date | null, flagged = false) =>
    ledger.invoices.finishCheck(invoice.id, owner, { outcome, next, flagged })
  try {
    const result = await settleInvoice(container, {
      provider_id: invoice.provider_id,
      shop_order_id: invoice.shop_order_id,
      known: invoice,
    })
    return await afterInvoiceCheck(container, ledger, options, invoice, result, finish)
  } catch (e) {
    // M4 unreachable or a step failed: nothing changed; ask again later
    logger.warn(`M4 reconciliation of invoice ${invoice.shop_order_id}: ${(e as Error).message}; asking again later`)
    await finish("not_checked", backoff(options, invoice.created_at, invoice.check_attempts))
    return false
  }
}

/** What the check found decides the next one (nextInvoiceCheck): none once settled, the hold schedule, or the unpaid backoff. */
async function afterInvoiceCheck(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  options: ReconciliationOptions,
  invoice: InvoiceRecord,
  result: InvoiceSettleOutcome,
  finish: (outcome: string, next: Date | null, flagged?: boolean) => Promise<void>
): Promise<boolean> {
  const next = nextInvoiceCheck(options, invoice, result)
  switch (next.kind) {
    case "done":
      await finish(result.outcome, null)
      return true
    case "hold": {
      const outcome = next.warn ? await flagOldHold(container, options, invoice, result) : result.outcome
      const captured = outcome === "hold_captured"
      await finish(outcome, captured ? null : next.next, next.warn)
      return captured
    }
    case "not_issued":
      await ledger.invoices.markNotIssued(invoice.id, "not found at M4")
      await finish("no_invoice_at_m4", null)
      return true
    case "lapsed":
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(
          `M4 reconciliation: invoice ${invoice.invoice_id} (${invoice.shop_order_id}) was never paid and can no longer be; no longer checked`
        )
      await finish("lapsed_unpaid", null)
      return true
    case "again":
      await finish(result.outcome, next.next)
      return false
  }
}

/** A hold close to M4's 5-day limit: tell the merchant, and capture or release it if they opted in. */
async function flagOldHold(
  container: MedusaContainer,
  options: ReconciliationOptions,
  invoice: InvoiceRecord,
  result: InvoiceSettleOutcome
): Promise<string> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const expiresAt = new Date(invoice.created_at.getTime() + HOLD_LIFETIME_MS).toISOString()
  logger.warn(
    `M4: payment ${result.payment_id}${result.order_id ? ` (order ${result.order_id})` : ""} ` +
      `is still held; M4 releases holds after 5 days (about ${expiresAt}): capture or cancel it`
  )
  if (result.order_id) {
    await flagOrder(container, result.order_id, { m4_hold_expires_at: expiresAt })
  }
  if (options.holdExpiryAction === "capture") {
    await capturePaymentWorkflow(container).run({ input: { payment_id: result.payment_id! } })
    return "hold_captured"
  }
  if (options.holdExpiryAction === "release") {
    await container.resolve(Modules.PAYMENT).cancelPayment(result.payment_id!)
    return "hold_release_requested"
  }
  return "hold_flagged"
}

/** The due refunds of one invoice: settled with one invoice/get-refunds; checked again while any is not final. */
async function checkRefunds(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  options: ReconciliationOptions,
  invoiceRef: string,
  claimed: RefundRecord[],
  owner: string
): Promise<boolean> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { result } = await settleM4RefundsWorkflow(container).run({ input: { invoice_ref: invoiceRef } })
    for (const refund of claimed) {
      const now = await ledger.refunds.byShopRefundId(refund.shop_refund_id)
      const final = now?.state === "succeeded" || now?.state === "failed"
      await ledger.refunds.finishCheck(refund.id, owner, {
        outcome: result.outcome,
        next: final ? null : backoff(options, refund.created_at, refund.check_attempts),
      })
    }
    return !result.waiting
  } catch (e) {
    logger.warn(`M4 reconciliation of the refunds of ${invoiceRef}: ${(e as Error).message}; asking again later`)
    for (const refund of claimed) {
      await ledger.refunds.finishCheck(refund.id, owner, {
        outcome: "not_checked",
        next: backoff(options, refund.created_at, refund.check_attempts),
      })
    }
    return false
  }
}
