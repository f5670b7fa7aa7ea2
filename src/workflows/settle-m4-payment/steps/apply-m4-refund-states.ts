import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { answerMismatch, findCurrency } from "../../../m4"
import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"
import type { InvoiceRecord, M4LedgerModuleService, RefundRecord } from "../../../modules/m4-ledger"
import { M4_ATTENTION_EVENT } from "../../../providers/m4/core/m4-gateway"
import type { AttentionEvent } from "../../../providers/m4/core/m4-gateway"
import type { RefundOutcome, RefundSettleOutcome } from "../outcomes"
import { flagOrder, orderIdOfCollection, orderLockKey } from "../../utils/order-of-collection"
import { undoM4RefundWorkflow } from "../undo-m4-refund"
import type { ConfirmedRefunds } from "./confirm-m4-refunds"
import { decideRefund, decideUnlistedRefund } from "../utils/refund-decision"

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
      outcomes.push(await notListed(container, ledger, invoice, record))
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
    outcomes.push(await settleRefund(container, invoice, updated, record))
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

/** A refund M4 does not list: see decideUnlistedRefund; one M4 never made is settled as FAILED. */
async function notListed(
  container: MedusaContainer,
  ledger: M4LedgerModuleService,
  invoice: InvoiceRecord,
  record: RefundRecord
): Promise<RefundOutcome> {
  const decision = decideUnlistedRefund(record, Date.now(), ledger.settings().reconciliation.unconfirmedRefundAfterMs)
  switch (decision.kind) {
    case "final":
      return decision.state === "succeeded" ? "refund_succeeded" : "refund_failed"
    case "wait":
      return "refund_waiting"
    case "never_made": {
      const failed = await ledger.refunds.recordAnswer(record.shop_refund_id, {
        status: "FAILED",
        reason: "M4 has no record of this refund",
      })
      const outcome = await settleRefund(container, invoice, failed ?? record, record)
      return outcome === "refund_failed_undone" ? "refund_not_at_m4" : outcome
    }
  }
}

/** One refund of `invoice` whose state M4 just gave: what it changes in Medusa's books and the invoice's settlement. */
async function settleRefund(
  container: MedusaContainer,
  invoice: InvoiceRecord,
  now: RefundRecord,
  before: RefundRecord
): Promise<RefundOutcome> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const money = `${now.amount} ${now.currency_code.toUpperCase()}`
  const decision = decideRefund(now, before)
  const about: Omit<AttentionEvent, "kind"> = {
    shop_order_id: invoice.shop_order_id,
    invoice_id: now.invoice_id,
    order_id: now.order_id ?? invoice.order_id,
    amount: now.amount,
    currency_code: now.currency_code,
    reason: now.failure_reason ?? undefined,
  }
  switch (decision.kind) {
    case "wait":
      return "refund_waiting"
    case "keep":
      return "refund_succeeded"
    case "undone":
      return "refund_failed" // taken out already
    case "settle_return":
      if (decision.changed) {
        await ledger.invoices.recordSettlement(invoice.id, { settlement: decision.settlement })
        if (decision.settlement === "return_failed") {
          logger.error(`M4: returning ${money} of invoice ${now.invoice_id} FAILED at M4; refund it in M4`)
        }
        await alert(container, {
          kind: decision.settlement === "returned" ? "money_returned" : "return_failed",
          ...about,
        })
      }
      return decision.settlement === "returned" ? "return_succeeded" : "return_failed"
    case "undo":
      break
  }
  // FAILED at M4: no money went back, so none may stay refunded in Medusa's books
  const undone = await undoRefund(container, now)
  if (!undone.now) {
    return "refund_failed" // another settlement took it out meanwhile
  }
  about.order_id = undone.orderId ?? about.order_id
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
 * Medusa's one active order change, nor another settlement of the same refund. Every step finds
 * what is left to do, so a run a crash cut short is finished by the next one; the ledger row is
 * marked undone only once all is done. `now`: this call did it.
 */
async function undoRefund(
  container: MedusaContainer,
  record: RefundRecord
): Promise<{ now: boolean; orderId?: string }> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const payments = container.resolve(Modules.PAYMENT) as unknown as {
    listPayments(f: object, c: object): Promise<{ id: string; payment_collection_id: string }[]>
    listRefunds(f: object, c: object): Promise<{ id: string }[]>
  }
  const [payment] = record.payment_id
    ? await payments.listPayments({ id: record.payment_id }, { select: ["id", "payment_collection_id"] })
    : []
  const orderId = await orderIdOfCollection(container, payment?.payment_collection_id)
  // a refund the provider refused at once never entered Medusa's books (Medusa removed it itself)
  const [refund] = record.refund_id
    ? await payments.listRefunds({ id: record.refund_id }, { select: ["id"], withDeleted: true })
    : []
  const run = async () => {
    const current = await ledger.refunds.byShopRefundId(record.shop_refund_id)
    if (current?.undone_at) {
      return false
    }
    if (payment && refund) {
      const creditLine = orderId ? await refundCreditLine(container, orderId, refund.id, record.amount) : undefined
      await undoM4RefundWorkflow(container).run({
        input: { payment_id: payment.id, refund_id: refund.id, order_id: orderId, credit_line: creditLine },
      })
    }
    await ledger.refunds.markUndone(record.id)
    return true
  }
  const now = orderId
    ? await container.resolve(Modules.LOCKING).execute(orderLockKey(orderId), run, { timeout: 30 })
    : await run()
  return { now, orderId }
}

/**
 * The credit line to reverse for this refund. Medusa's refund workflow adds a credit line of the
 * refund's amount (less, or none, when the order was overpaid), linked to the refund reason or the
 * payment collection — never to the refund — and copies every line into each new order version, so
 * the line cannot be told apart. What can be told: on an M4 order the credit lines stand for its
 * refunds. So the reversal is what the credit lines exceed the refunds that stand without this one
 * by, at most this refund's amount — and nothing when a reversal under this refund's id stands
 * already (a run cut short after it).
 */
async function refundCreditLine(
  container: MedusaContainer,
  orderId: string,
  refundId: string,
  refundAmount: string
): Promise<{ reference_id: string; amount: string } | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "credit_lines.raw_amount",
      "credit_lines.reference",
      "credit_lines.reference_id",
      "payment_collections.payments.refunds.id",
      "payment_collections.payments.refunds.raw_amount",
    ],
    filters: { id: orderId },
  })
  type Line = { raw_amount: { value: string }; reference?: string; reference_id?: string }
  type Refund = { id: string; raw_amount: { value: string } }
  const order = data[0] as
    { credit_lines?: Line[]; payment_collections?: { payments?: { refunds?: Refund[] }[] }[] } | undefined
  // the lines of the order's current version (the summary's credit_line_total is only the last change's)
  const lines = order?.credit_lines ?? []
  if (lines.some((l) => l.reference === "m4_refund_failed" && l.reference_id === refundId)) {
    return undefined
  }
  const credited = lines.reduce((sum, l) => MathBN.add(sum, l.raw_amount.value), MathBN.convert(0))
  const standing = (order?.payment_collections ?? [])
    .flatMap((c) => c.payments ?? [])
    .flatMap((p) => p.refunds ?? [])
    .filter((r) => r.id !== refundId)
    .reduce((sum, r) => MathBN.add(sum, r.raw_amount.value), MathBN.convert(0))
  const amount = MathBN.min(refundAmount, MathBN.sub(credited, standing))
  return MathBN.gt(amount, 0) ? { reference_id: refundId, amount: amount.toString() } : undefined
}

async function alert(container: MedusaContainer, event: AttentionEvent) {
  await container.resolve(Modules.EVENT_BUS).emit({ name: M4_ATTENTION_EVENT, data: event })
}
