import { ContainerRegistrationKeys, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"

export type ApplyRejectionInput = { session_id: string; invoice_id: number }

/**
 * M4 rejected the invoice (declined, or released after a hold). Core ignores `failed`, so:
 * an unpaid session is marked `error` with the decline reason (the storefront shows it and the
 * shopper can pay again); an order created before payment is canceled, or flagged if it cannot be.
 */
export const applyM4RejectionStep = createStep(
  "apply-m4-rejection",
  async ({ session_id, invoice_id }: ApplyRejectionInput, { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [session] = await paymentModule.listPaymentSessions(
      { id: session_id },
      { select: ["id", "status", "amount", "currency_code", "data", "payment_collection_id"] }
    )
    if (!session) {
      return new StepResponse({ outcome: "session_not_found" })
    }
    if (session.status === PaymentSessionStatus.AUTHORIZED || session.status === PaymentSessionStatus.CAPTURED) {
      // A released hold: the payment's own cancel flow owns that state.
      return new StepResponse({ outcome: "payment_already_settled" })
    }
    await paymentModule.updatePaymentSession({
      id: session.id,
      amount: session.amount,
      currency_code: session.currency_code,
      data: { ...(session.data ?? {}), m4_status: 6, invoice_id, decline_reason: "rejected" },
      status: PaymentSessionStatus.ERROR,
    })
    const { data: links } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: session.payment_collection_id },
    })
    const orderId = (links[0] as { order_id?: string } | undefined)?.order_id
    if (!orderId) {
      return new StepResponse({ outcome: "session_marked_rejected" })
    }
    try {
      await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
      return new StepResponse({ outcome: "order_canceled", order_id: orderId })
    } catch (e) {
      logger.error(`M4: order ${orderId} awaits a payment M4 rejected; cancel failed: ${(e as Error).message}`)
      const orderModule = container.resolve(Modules.ORDER)
      const [order] = await orderModule.listOrders({ id: orderId }, { select: ["id", "metadata"] })
      await orderModule.updateOrders(orderId, {
        metadata: { ...(order?.metadata ?? {}), m4_payment_status: "rejected" },
      })
      return new StepResponse({ outcome: "order_flagged_rejected", order_id: orderId })
    }
  }
)
