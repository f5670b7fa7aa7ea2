import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { answerMismatch, findCurrency } from "../../../m4"
import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"
import type { M4LedgerModuleService, RefundRecord } from "../../../modules/m4-ledger"
import { M4_ATTENTION_EVENT } from "../../../providers/m4/core/m4-gateway"
import type { AttentionEvent } from "../../../providers/m4/core/m4-gateway"
import type { RefundOutcome, RefundSettleOutcome } from "../outcomes"
import { flagOrder, orderIdOfCollection, orderLockKey } from "../../utils/order-of-collection"
import { undoM4RefundWorkflow } from "../undo-m4-refund"
import type { ConfirmedRefunds } from "./confirm-m4-refunds"

/**
 * Makes the ledger's refunds of an invoice, and Medusa's books, equal what M4 lists now. A refund
 * M4 reports FAILED is taken out of Medusa's books (refund, order transaction); a return M4
 * completed or refused settles the invoice it returned. `waiting`: some refund is not final yet,
 * ask again later.
 */
export const applyM4RefundStatesStep = createStep(
  "apply-m4-refund-states",
  async (input: ConfirmedRefunds, { container }) => {
    return new StepResponse<RefundSettleOutcome>(await applyRefundStates(container, input))
  }
)

async function applyRefundStates(container: MedusaContainer, input: ConfirmedRefunds): Promise<RefundSettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const invoice = input.invoice
  if (!invoice) {
    return { outcome: "refund_not_on_record", waiting: false }
  }
  const currency = findCurrency(invoice.currency_code)
  const outcomes: RefundOutcome[] = []
  for (const record of input.records) {
    const atM4 = input.atM4.find((r) => r.shop_refund_id === record.shop_refund_id)
    if (!atM4) {
      outcomes.push(await notListed(container, ledger, record))
      continue
    }
    const differs =
      atM4.amount !== undefined &&
      currency &&
      answerMismatch(
        { amount: atM4.amount, currency: currency.numeric },
        { money: { amount: record.amount, currency: currency.numeric } }
      )
    if (differs) {
      logger.error(
        `M4: refund ${record.shop_refund_id} is ${atM4.amount} at M4 but ${record.amount} on record; left for review`
      )
      continue
    }
    const updated =
      (await ledger.refunds.recordAnswer(record.shop_refund_id, { status: atM4.status, m4_refund_id: atM4.id })) ??
      record
    outcomes.push(await settleRefund(container, updated, record))
  }
  const waiting = outcomes.includes("refund_waiting")
  const order = [
    "refund_failed_undone",
    "return_failed",
    "refund_failed",
    "return_succeeded",
    "refund_succeeded",
    "refund_waiting",
  ] as const
  const outcome = order.find((o) => outcomes.includes(o)) ?? "refund_succeeded"
  return { outcome, waiting, payment_id: invoice.payment_id ?? undefined, order_id: invoice.order_id ?? undefined }
}

/**
 * A refund M4 does not list. Asked for a moment ago (its answer may still be on its way): wait.
 * Still not listed long after (`unconfirmedRefundAfterMs`): M4 never made it, so it must not stay
 * refunded in Medusa's books, and the merchant is told.
 */
async function notListed(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  record: RefundRecord
): Promise<RefundOutcome> {
  if (record.state === "succeeded" || record.state === "failed") {
    return record.state === "succeeded" ? "refund_succeeded" : "refund_failed"
  }
  const after = ledger.settings().reconciliation.unconfirmedRefundAfterMs
  // the record came through a workflow step: its dates are text now
  if (Date.now() - new Date(record.created_at).getTime() < after) {
    return "refund_waiting"
  }
  const failed = await ledger.refunds.recordAnswer(record.shop_refund_id, {
    status: "FAILED",
    reason: "M4 has no record of this refund",
  })
  const outcome = await settleRefund(container, failed ?? record, record)
  return outcome === "refund_failed_undone" ? "refund_not_at_m4" : outcome
}

/** One refund whose state M4 just gave: what it changes in Medusa's books and the invoice's settlement. */
async function settleRefund(
  container: MedusaContainer,
  now: RefundRecord,
  before: RefundRecord
): Promise<RefundOutcome> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const invoice = await ledger.invoices.byId(now.invoice_ref)
  const money = `${now.amount} ${now.currency_code.toUpperCase()}`
  if (now.state === "waiting" || now.state === "requested") {
    return "refund_waiting"
  }
  const about: Omit<AttentionEvent, "kind"> = {
    shop_order_id: invoice?.shop_order_id,
    invoice_id: now.invoice_id,
    order_id: now.order_id ?? invoice?.order_id,
    amount: now.amount,
    currency_code: now.currency_code,
    reason: now.failure_reason ?? undefined,
  }
  if (now.kind === "return") {
    if (invoice && before.state !== now.state) {
      const settlement = now.state === "succeeded" ? "returned" : "return_failed"
      await ledger.invoices.recordSettlement(invoice.id, { settlement })
      if (now.state === "failed") {
        logger.error(`M4: returning ${money} of invoice ${now.invoice_id} FAILED at M4; refund it in M4`)
      }
      await alert(container, { kind: now.state === "succeeded" ? "money_returned" : "return_failed", ...about })
    }
    return now.state === "succeeded" ? "return_succeeded" : "return_failed"
  }
  if (now.state === "succeeded") {
    return "refund_succeeded"
  }
  // FAILED at M4: no money went back, so none may stay refunded in Medusa's books
  if (now.undone_at || !(await ledger.refunds.claimUndo(now.id))) {
    return "refund_failed" // taken out already (or being taken out by another settlement right now)
  }
  try {
    if (now.refund_id && now.payment_id) {
      about.order_id = (await undoRefund(container, now.payment_id, now.refund_id)) ?? about.order_id
    }
  } catch (e) {
    await ledger.refunds.releaseUndo(now.id)
    throw e
  }
  logger.error(
    `M4: refund ${now.shop_refund_id} of ${money} FAILED at M4 (payment ${now.payment_id}` +
      `${about.order_id ? `, order ${about.order_id}` : ""}); the money was not returned and the refund was taken ` +
      `out of Medusa's totals`
  )
  if (about.order_id) {
    await flagFailedRefund(container, about.order_id, now.shop_refund_id)
  }
  await alert(container, { kind: "refund_failed", ...about })
  return "refund_failed_undone"
}

async function flagFailedRefund(container: MedusaContainer, orderId: string, shopRefundId: string) {
  const orderModule = container.resolve(Modules.ORDER)
  const [order] = await orderModule.listOrders({ id: orderId }, { select: ["id", "metadata"] })
  const earlier = ((order?.metadata?.m4_failed_refunds as string[] | undefined) ?? []).filter(
    (id) => id !== shopRefundId
  )
  await flagOrder(container, orderId, { m4_failed_refunds: [...earlier, shopRefundId] })
}

/**
 * Takes a refund M4 refused out of Medusa's books (undoM4RefundWorkflow: the refund, its order
 * transaction and its credit line), under the order's lock so it never races an admin's refund for
 * Medusa's one active order change; answers the order's id.
 */
async function undoRefund(
  container: MedusaContainer,
  paymentId: string,
  refundId: string
): Promise<string | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection_id", "refunds.id", "refunds.raw_amount"],
    filters: { id: paymentId },
  })
  const payment = payments[0] as
    | { payment_collection_id: string; refunds?: { id: string; raw_amount: { value: string } }[] }
    | undefined
  const orderId = await orderIdOfCollection(container, payment?.payment_collection_id)
  const refund = payment?.refunds?.find((r) => r.id === refundId)
  if (!payment || !refund) {
    return orderId // Medusa removed it itself (the provider refused at once)
  }
  const run = async () => {
    const creditLine = orderId ? await refundCreditLine(container, orderId, refund) : undefined
    await undoM4RefundWorkflow(container).run({
      input: { payment_id: paymentId, refund_id: refundId, order_id: orderId, credit_line: creditLine },
    })
  }
  if (orderId) {
    await container.resolve(Modules.LOCKING).execute(orderLockKey(orderId), run, { timeout: 30 })
  } else {
    await run()
  }
  return orderId
}

/**
 * How much of the order's credit lines this refund added: Medusa's refund workflow adds a credit
 * line of the refund's amount (less when the order was overpaid), linked to the refund reason or
 * the payment collection, never to the refund itself, and copies every line into each new order
 * version. So: the refund's amount, at most what the order's credit lines stand at now.
 */
async function refundCreditLine(
  container: MedusaContainer,
  orderId: string,
  refund: { id: string; raw_amount: { value: string } }
): Promise<{ reference_id: string; amount: string } | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "summary"], filters: { id: orderId } })
  const summary = (data[0] as { summary?: { raw_credit_line_total?: { value: string }; credit_line_total?: unknown } })
    ?.summary
  const standing = summary?.raw_credit_line_total?.value ?? String(summary?.credit_line_total ?? 0)
  const amount = MathBN.min(refund.raw_amount.value, standing)
  return MathBN.gt(amount, 0) ? { reference_id: refund.id, amount: amount.toString() } : undefined
}

async function alert(container: MedusaContainer, event: AttentionEvent) {
  await container.resolve(Modules.EVENT_BUS).emit({ name: M4_ATTENTION_EVENT, data: event })
}
