import { ContainerRegistrationKeys, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import { INVOICE_STATUS } from "../../m4"
import { M4_NOTIFICATIONS_MODULE } from "../../modules/m4-notifications"
import type { ClaimedCheck, M4NotificationModuleService, ReconciliationOptions } from "../../modules/m4-notifications"
import { processDueM4Notifications } from "../process-m4-notification"
import { settleM4RefundsWorkflow, settleM4SessionWorkflow, SettleOutcome } from "../settle-m4-payment"
import { flagOrder } from "../utils/order-of-collection"

export type ReconcileSummary = { notifications_retried: number; enrolled: number; checked: number; settled: number }

/** how far back of the newest tracked session each enrolment looks again */
const ENROL_OVERLAP_MS = 5 * 60_000

const OPEN_SESSION_STATES = [
  PaymentSessionStatus.PENDING,
  PaymentSessionStatus.REQUIRES_MORE,
  PaymentSessionStatus.PENDING_AUTHORIZATION,
  PaymentSessionStatus.AUTHORIZED,
]

/**
 * One reconciliation round (the scheduled job runs it; any number of instances may run it at
 * once): retry stored notifications that are due, start tracking M4 sessions that have an
 * invoice and are not settled, then ask M4 about every tracked payment whose next check is due,
 * under a lease, and settle it exactly as a notification would. All state is in the database.
 */
export async function reconcileM4Payments(container: MedusaContainer): Promise<ReconcileSummary> {
  const notifications = container.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
  const options = notifications.settings().reconciliation
  const summary: ReconcileSummary = { notifications_retried: 0, enrolled: 0, checked: 0, settled: 0 }
  summary.notifications_retried = await processDueM4Notifications(container, options.batchSize)
  if (!options.enabled) {
    return summary
  }
  summary.enrolled = await enrolOpenSessions(container, notifications, options)
  const owner = notifications.owner("reconcile")
  const due = await notifications.claimDueChecks(owner, options.batchSize)
  for (const check of due) {
    summary.checked++
    const settled = await runCheck(container, notifications, options, check)
    if (settled) summary.settled++
  }
  return summary
}

/** Tracks M4 payment sessions with an invoice that are not settled (at most one row each). */
async function enrolOpenSessions(
  container: MedusaContainer,
  notifications: M4NotificationModuleService,
  options: ReconciliationOptions
): Promise<number> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const providers = (await paymentModule.listPaymentProviders({}, { select: ["id"] })).filter((p) =>
    p.id.startsWith("pp_m4_")
  )
  if (!providers.length) {
    return 0
  }
  // Only sessions newer than the newest one tracked (less an overlap for transactions that were
  // still open): older ones are tracked already, so a tick does not re-read every open session.
  const horizon = Math.max(options.pendingLifetimeMs, options.holdWarnAfterMs + 2 * 86_400_000)
  const latest = await notifications.latestCheckStart("session")
  const since = Math.max(Date.now() - horizon, latest ? latest.getTime() - ENROL_OVERLAP_MS : 0)
  const sessions = await paymentModule.listPaymentSessions(
    {
      provider_id: providers.map((p) => p.id),
      status: OPEN_SESSION_STATES,
      created_at: { $gte: new Date(since) },
    } as never,
    { select: ["id", "provider_id", "status", "created_at", "data"], take: 1000, order: { created_at: "DESC" } }
  )
  const rows = sessions
    // with an invoice; authorized ones only when held (two-step): a captured single-step one is done
    .filter((s) => {
      const data = (s.data ?? {}) as { invoice_id?: number; mode?: string }
      return !!data.invoice_id && (s.status !== PaymentSessionStatus.AUTHORIZED || data.mode === "two_step")
    })
    .map((s) => {
      const started = new Date(s.created_at as unknown as string)
      return {
        kind: "session" as const,
        ref_id: s.id,
        provider_id: s.provider_id,
        started_at: started,
        first_check_at: new Date(started.getTime() + options.scheduleMs[0]),
      }
    })
  return notifications.enrolChecks(rows)
}

/** Tracks a payment's refunds until none is WAITING at M4 (the payment.refunded subscriber). */
export async function trackM4Refunds(container: MedusaContainer, paymentId: string, providerId: string) {
  const notifications = container.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
  const { scheduleMs } = notifications.settings().reconciliation
  const first = new Date(Date.now() + scheduleMs[0])
  const created = await notifications.enrolChecks([
    { kind: "refunds", ref_id: paymentId, provider_id: providerId, started_at: new Date(), first_check_at: first },
  ])
  if (!created) {
    await notifications.reopenCheck("refunds", paymentId, first)
  }
}

async function runCheck(
  container: MedusaContainer,
  notifications: M4NotificationModuleService,
  options: ReconciliationOptions,
  check: ClaimedCheck
): Promise<boolean> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const now = Date.now()
  const backoff = () =>
    new Date(
      check.attempts < options.scheduleMs.length
        ? Math.max(now + 100, check.started_at.getTime() + options.scheduleMs[check.attempts])
        : now + options.thenEveryMs
    )
  try {
    if (check.kind === "refunds") {
      const { result } = await settleM4RefundsWorkflow(container).run({ input: { payment_id: check.ref_id } })
      const waiting = (result as { waiting?: boolean }).waiting
      await notifications.finishCheck(check.id, check.owner, {
        outcome: result.outcome,
        next: waiting ? backoff() : undefined,
      })
      return !waiting
    }
    const settled = await settledInMedusa(container, check.ref_id)
    if (settled) {
      // settled meanwhile (the shopper returned, a notification came): no need to ask M4
      await notifications.finishCheck(check.id, check.owner, { outcome: settled })
      return true
    }
    const { result } = await settleM4SessionWorkflow(container).run({
      input: { provider_id: check.provider_id, session_id: check.ref_id },
    })
    return await afterSessionCheck(container, notifications, options, check, result, backoff)
  } catch (e) {
    // M4 unreachable or a step failed: nothing changed; ask again later
    logger.warn(`M4 reconciliation of ${check.kind} ${check.ref_id}: ${(e as Error).message}; asking again later`)
    await notifications.finishCheck(check.id, check.owner, { outcome: "not_checked", next: backoff() })
    return false
  }
}

/** Why a session needs no more checks without asking M4, or undefined when M4 must be asked. */
async function settledInMedusa(container: MedusaContainer, sessionId: string): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_session",
    fields: ["id", "status", "payment.captured_at", "payment.canceled_at"],
    filters: { id: sessionId },
  })
  const session = data[0] as
    { status: string; payment?: { captured_at?: unknown; canceled_at?: unknown } | null } | undefined
  if (!session) return "session_gone"
  if (session.payment?.captured_at) return "captured_in_medusa"
  if (session.payment?.canceled_at) return "canceled_in_medusa"
  if (session.status === PaymentSessionStatus.ERROR || session.status === PaymentSessionStatus.CANCELED) {
    return `session_${session.status}`
  }
  return undefined
}

async function afterSessionCheck(
  container: MedusaContainer,
  notifications: M4NotificationModuleService,
  options: ReconciliationOptions,
  check: ClaimedCheck,
  result: SettleOutcome,
  backoff: () => Date
): Promise<boolean> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const status = result.status
  const done = (outcome = result.outcome) =>
    notifications.finishCheck(check.id, check.owner, {
      status: status === undefined ? undefined : String(status),
      outcome,
    })
  if (status === INVOICE_STATUS.PAID || status === INVOICE_STATUS.REJECTED || result.outcome === "session_not_found") {
    await done()
    return true
  }
  const age = Date.now() - check.started_at.getTime()
  if (status === INVOICE_STATUS.HELD) {
    let outcome = result.outcome
    let flagged = false
    if (age >= options.holdWarnAfterMs && !check.flagged_at) {
      flagged = true
      outcome = await flagOldHold(container, options, check, result)
    }
    if (outcome === "hold_captured" || outcome === "hold_released") {
      await done(outcome)
      return true
    }
    await notifications.finishCheck(check.id, check.owner, {
      status: String(status),
      outcome,
      flagged,
      next: new Date(Date.now() + options.holdCheckEveryMs),
    })
    return false
  }
  if (age > options.pendingLifetimeMs) {
    logger.info(`M4 reconciliation: invoice of payment session ${check.ref_id} was never paid; no longer checked`)
    await done("lapsed_unpaid")
    return true
  }
  await notifications.finishCheck(check.id, check.owner, {
    status: status === undefined ? undefined : String(status),
    outcome: result.outcome,
    next: backoff(),
  })
  return false
}

/** A hold close to M4's 5-day limit: tell the merchant, and capture or release it if they opted in. */
async function flagOldHold(
  container: MedusaContainer,
  options: ReconciliationOptions,
  check: ClaimedCheck,
  result: SettleOutcome
): Promise<string> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const expiresAt = new Date(check.started_at.getTime() + 5 * 86_400_000).toISOString()
  logger.warn(
    `M4: payment ${result.payment_id ?? check.ref_id}${result.order_id ? ` (order ${result.order_id})` : ""} ` +
      `is still held; M4 releases holds after 5 days (about ${expiresAt}): capture or cancel it`
  )
  if (result.order_id) {
    await flagOrder(container, result.order_id, { m4_hold_expires_at: expiresAt })
  }
  if (!result.payment_id || options.holdExpiryAction === "none") {
    return "hold_flagged"
  }
  if (options.holdExpiryAction === "capture") {
    await capturePaymentWorkflow(container).run({ input: { payment_id: result.payment_id } })
    return "hold_captured"
  }
  await container.resolve(Modules.PAYMENT).cancelPayment(result.payment_id)
  return "hold_released"
}
