import { ChangeActionType, MathBN, Modules, OrderChangeType } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  createStep,
  createWorkflow,
  StepResponse,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { createOrderChangeActionsWorkflow, createOrderChangeStep } from "@medusajs/medusa/core-flows"

export type UndoM4RefundInput = {
  payment_id: string
  refund_id: string
  order_id?: string
  /** the part of the order's credit lines this refund added (reference_id: the refund's id), if any */
  credit_line?: { reference_id: string; amount: string }
}

type PaymentModule = {
  listPayments(f: object, c: object): Promise<{ id: string; payment_collection_id: string }[]>
  listRefunds(f: object, c: object): Promise<{ id: string; raw_amount: unknown }[]>
  softDeleteRefunds(ids: string[]): Promise<unknown>
  restoreRefunds(ids: string[]): Promise<unknown>
  updatePaymentCollections(id: string, data: object): Promise<unknown>
}

type OrderModule = {
  listOrderTransactions(f: object, c: object): Promise<{ id: string }[]>
  softDeleteOrderTransactions(ids: string[]): Promise<unknown>
  restoreOrderTransactions(ids: string[]): Promise<unknown>
  confirmOrderChange(data: { id: string }): Promise<unknown>
  undoLastChange(orderId: string, data: object): Promise<unknown>
}

/** The collection's refunded amount, from the refunds that stand (raw amounts: exact decimal text, never floats). */
async function recomputeRefunded(container: MedusaContainer, paymentId: string) {
  const payments = container.resolve(Modules.PAYMENT) as unknown as PaymentModule
  const [payment] = await payments.listPayments({ id: paymentId }, { select: ["id", "payment_collection_id"] })
  if (!payment) return
  const all = await payments.listPayments(
    { payment_collection_id: payment.payment_collection_id },
    { select: ["id", "payment_collection_id"] }
  )
  const refunds = await payments.listRefunds({ payment_id: all.map((p) => p.id) }, { select: ["id", "raw_amount"] })
  const refunded = refunds.reduce((sum, r) => MathBN.add(sum, r.raw_amount as never), MathBN.convert(0))
  await payments.updatePaymentCollections(payment.payment_collection_id, { refunded_amount: refunded })
}

/** Medusa's refund record leaves the payment (soft-deleted: it stays on record), and the collection's refunded amount follows. */
const removeRefundStep = createStep(
  "remove-m4-failed-refund",
  async (input: { payment_id: string; refund_id: string }, { container }) => {
    const payments = container.resolve(Modules.PAYMENT) as unknown as PaymentModule
    const [refund] = await payments.listRefunds({ id: input.refund_id }, { select: ["id"] })
    if (!refund) {
      // Medusa removed it itself (the provider refused at once)
      return new StepResponse<boolean, { payment_id: string; refund_id: string } | null>(false, null)
    }
    await payments.softDeleteRefunds([input.refund_id])
    await recomputeRefunded(container, input.payment_id)
    return new StepResponse<boolean, { payment_id: string; refund_id: string } | null>(true, input)
  },
  async (removed, { container }) => {
    if (!removed) return
    const payments = container.resolve(Modules.PAYMENT) as unknown as PaymentModule
    await payments.restoreRefunds([removed.refund_id])
    await recomputeRefunded(container, removed.payment_id)
  }
)

/** The refund's order transaction leaves the order (the next confirmed order change recomputes its summary from those that stand). */
const removeRefundTransactionStep = createStep(
  "remove-m4-failed-refund-transaction",
  async (input: { order_id: string; refund_id: string }, { container }) => {
    const orders = container.resolve(Modules.ORDER) as unknown as OrderModule
    const transactions = await orders.listOrderTransactions(
      { order_id: input.order_id, reference: "refund", reference_id: input.refund_id },
      { select: ["id"] }
    )
    const ids = transactions.map((t) => t.id)
    if (ids.length) await orders.softDeleteOrderTransactions(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (ids?.length) await (container.resolve(Modules.ORDER) as unknown as OrderModule).restoreOrderTransactions(ids)
  }
)

/** Confirms the order change (as core's confirm-order-changes step does, which 2.21 does not export). */
const confirmM4OrderChangeStep = createStep(
  "confirm-m4-order-change",
  async (input: { order_id: string; change_id: string }, { container }) => {
    const orders = container.resolve(Modules.ORDER) as unknown as OrderModule
    await orders.confirmOrderChange({ id: input.change_id })
    return new StepResponse(undefined, input)
  },
  async (input, { container }) => {
    if (!input) return
    await (container.resolve(Modules.ORDER) as unknown as OrderModule).undoLastChange(input.order_id, {
      id: input.change_id,
    })
  }
)

/**
 * Takes a refund M4 refused out of Medusa's books, the way it came in: Medusa's refund workflow
 * made a refund record, a negative order transaction and (through an order change) a credit line;
 * this removes the refund and its transaction and reverses the credit line with an order change of
 * its own (a credit line of the opposite amount, reference `m4_refund_failed` and the refund's id),
 * confirmed through Medusa's order-change flow, which also recomputes the
 * order's summary (paid, refunded, credit lines) from what stands. Each step has its compensation.
 */
export const undoM4RefundWorkflow = createWorkflow("undo-m4-refund", (input: UndoM4RefundInput) => {
  removeRefundStep({ payment_id: input.payment_id, refund_id: input.refund_id })
  when({ input }, ({ input }) => !!input.order_id).then(() => {
    removeRefundTransactionStep(
      transform({ input }, ({ input }) => ({ order_id: input.order_id!, refund_id: input.refund_id }))
    )
  })
  // `when` cannot nest: the credit-line branch has its own condition
  when(
    "reverse-credit-line",
    { input },
    ({ input }: { input: UndoM4RefundInput }) => !!input.order_id && !!input.credit_line
  ).then(() => {
    const change = createOrderChangeStep(
      transform({ input }, ({ input }) => ({ change_type: OrderChangeType.CREDIT_LINE, order_id: input.order_id! }))
    )
    createOrderChangeActionsWorkflow.runAsStep({
      input: transform({ input, change }, ({ input, change }) => [
        {
          order_change_id: change.id,
          order_id: input.order_id!,
          version: change.version,
          action: ChangeActionType.CREDIT_LINE_ADD,
          reference: "m4_refund_failed",
          // the refund's id: Medusa skips a credit-line action whose reference_id names an existing line
          reference_id: input.credit_line!.reference_id,
          amount: MathBN.mult(input.credit_line!.amount, -1),
        },
      ]) as never,
    })
    confirmM4OrderChangeStep(
      transform({ input, change }, ({ input, change }) => ({ order_id: input.order_id!, change_id: change.id }))
    )
  })
  return new WorkflowResponse(input)
})
