import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { answerMismatch, findCurrency } from "../../../m4"
import type { M4PaymentData, M4RefundRecord } from "../../../providers/m4/types/session-data"
import { flagOrder, orderIdOfCollection } from "../../utils/order-of-collection"
import type { ConfirmedRefunds } from "./confirm-m4-refunds"
import type { SettleOutcome } from "./apply-m4-invoice-state"

type Payment = {
  id: string
  data?: Record<string, unknown> | null
  payment_collection_id: string
  currency_code: string
  refunds?: { id: string }[]
}

/**
 * Makes Medusa's refunds equal M4's: each of the payment's refunds takes the status M4 lists now.
 * A refund M4 reports FAILED is taken out of Medusa's books the way Medusa itself undoes a refund
 * the provider refused (the refund record is removed, soft-deleted here so it stays on record),
 * with its order transaction, so refunded totals equal M4's; it stays visible in the payment's
 * `m4_refunds` (status FAILED), on the order (`metadata.m4_failed_refunds`) and in the log.
 * `waiting` says whether any refund is still WAITING (the reconciliation asks again later).
 */
export const applyM4RefundStatesStep = createStep(
  "apply-m4-refund-states",
  async (input: ConfirmedRefunds, { container }) => {
    return new StepResponse<SettleOutcome & { waiting: boolean }>(await applyRefundStates(container, input))
  }
)

async function applyRefundStates(container: MedusaContainer, input: ConfirmedRefunds) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: rows } = await query.graph({
    entity: "payment",
    fields: ["id", "data", "payment_collection_id", "currency_code", "refunds.id"],
    filters: { id: input.payment_id },
  })
  const payment = rows[0] as Payment | undefined
  if (!payment) {
    return { outcome: "payment_not_found", waiting: false }
  }
  const data = (payment.data ?? {}) as M4PaymentData
  const currency = findCurrency(payment.currency_code)
  const known = data.m4_refunds ?? []
  const medusaRefunds = new Map((payment.refunds ?? []).map((r) => [r.id, r]))
  const failed: string[] = []
  let changed = false
  const updated: M4RefundRecord[] = known.map((record) => {
    const atM4 = input.refunds.find((r) => r.shop_refund_id === record.shop_refund_id)
    if (!atM4 || atM4.status === record.status) {
      return record
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
        `M4: refund ${record.shop_refund_id} is ${atM4.amount} at M4 but ${record.amount} in Medusa; left for review`
      )
      return record
    }
    changed = true
    if (atM4.status === "FAILED") {
      failed.push(record.shop_refund_id)
    }
    return { ...record, status: atM4.status, updated_at: new Date().toISOString() }
  })
  const orderId = await orderIdOfCollection(container, payment.payment_collection_id)
  if (changed) {
    await paymentModule.updatePayment({ id: payment.id, data: { ...data, m4_refunds: updated } } as never)
  }
  for (const refundId of failed) {
    const refund = medusaRefunds.get(refundId)
    if (refund) {
      await undoRefund(container, payment, refund.id, orderId)
    }
    const record = updated.find((r) => r.shop_refund_id === refundId)!
    logger.error(
      `M4: refund ${refundId} of ${record.amount} ${payment.currency_code.toUpperCase()} FAILED at M4 ` +
        `(payment ${payment.id}${orderId ? `, order ${orderId}` : ""}); the money was not returned and ` +
        `the refund was taken out of Medusa's totals`
    )
  }
  if (failed.length && orderId) {
    const orderModule = container.resolve(Modules.ORDER)
    const [order] = await orderModule.listOrders({ id: orderId }, { select: ["id", "metadata"] })
    const earlier = ((order?.metadata?.m4_failed_refunds as string[] | undefined) ?? []).filter(
      (id) => !failed.includes(id)
    )
    await flagOrder(container, orderId, { m4_failed_refunds: [...earlier, ...failed] })
  }
  const waiting = updated.some((r) => r.status === "WAITING")
  const outcome = failed.length
    ? "refund_failed_undone"
    : changed
      ? "refunds_updated"
      : waiting
        ? "refunds_waiting"
        : "refunds_unchanged"
  return { outcome, waiting, payment_id: payment.id, order_id: orderId }
}

/** Takes a refund M4 refused out of Medusa's payment and order totals. */
async function undoRefund(container: MedusaContainer, payment: Payment, refundId: string, orderId?: string) {
  const paymentModule = container.resolve(Modules.PAYMENT) as unknown as {
    softDeleteRefunds(ids: string[]): Promise<unknown>
    listRefunds(f: object, c: object): Promise<{ id: string; raw_amount: unknown }[]>
    listPayments(f: object, c: object): Promise<{ id: string }[]>
    updatePaymentCollections(id: string, data: object): Promise<unknown>
  }
  await paymentModule.softDeleteRefunds([refundId])
  // the collection's refunded total, recomputed from the refunds that stand
  const payments = await paymentModule.listPayments(
    { payment_collection_id: payment.payment_collection_id },
    { select: ["id"] }
  )
  // raw amounts (exact decimal text), never the float `amount`
  const refunds = await paymentModule.listRefunds(
    { payment_id: payments.map((p) => p.id) },
    { select: ["id", "raw_amount"] }
  )
  const refunded = refunds.reduce((sum, r) => MathBN.add(sum, r.raw_amount as never), MathBN.convert(0))
  await paymentModule.updatePaymentCollections(payment.payment_collection_id, { refunded_amount: refunded })
  if (orderId) {
    const orderModule = container.resolve(Modules.ORDER) as unknown as {
      listOrderTransactions(f: object, c: object): Promise<{ id: string }[]>
      softDeleteOrderTransactions(ids: string[]): Promise<unknown>
    }
    const transactions = await orderModule.listOrderTransactions(
      { order_id: orderId, reference: "refund", reference_id: refundId },
      { select: ["id"] }
    )
    if (transactions.length) {
      await orderModule.softDeleteOrderTransactions(transactions.map((t) => t.id))
    }
  }
}
