import { ContainerRegistrationKeys, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { INVOICE_STATUS } from "../../../m4"
import { flagOrder, orderIdOfCollection } from "../../utils/order-of-collection"
import type { ConfirmedInvoice } from "./confirm-m4-invoice"

export type ApplyM4InvoiceStateInput = ConfirmedInvoice & {
  /** the provider whose route or check this came through: the session must be its own */
  provider_id: string
  session_id: string
}

export type SettleOutcome = { outcome: string; order_id?: string; payment_id?: string; status?: number }

type Session = {
  id: string
  status: string
  amount: unknown
  currency_code: string
  provider_id: string
  data?: Record<string, unknown> | null
  payment_collection_id: string
  payment?: { id: string; captured_at?: unknown; canceled_at?: unknown } | null
}

/**
 * Moves Medusa to what M4 said when asked: held → authorized, paid → captured (both through
 * core's processPaymentWorkflow, exactly as core handles a webhook: cart completion under the
 * cart lock, idempotent), rejected → the session fails or the order is canceled, or a hold M4
 * released by itself cancels the payment. Anything not final changes nothing.
 */
export const applyM4InvoiceStateStep = createStep(
  "apply-m4-invoice-state",
  async (input: ApplyM4InvoiceStateInput, { container }) => {
    return new StepResponse<SettleOutcome>(await applyInvoiceState(container, input))
  }
)

async function applyInvoiceState(container: MedusaContainer, input: ApplyM4InvoiceStateInput): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const confirmation = input.confirmation
  if (!confirmation) {
    return { outcome: "session_not_found" }
  }
  const status = confirmation.status
  if (confirmation.session_provider_id !== input.provider_id) {
    logger.error(
      `M4: a notification for payment session ${input.session_id} came through ${input.provider_id}, ` +
        `but the session belongs to ${confirmation.session_provider_id}; ignored`
    )
    return { outcome: "wrong_provider_ignored", status }
  }
  if (confirmation.mismatch) {
    return { outcome: "invoice_mismatch_ignored", status }
  }
  if (status === undefined) {
    return { outcome: "no_invoice_at_m4" }
  }
  const session = await loadSession(container, input.session_id)
  if (!session) {
    return { outcome: "session_not_found", status }
  }
  const orderId = async () => orderIdOfCollection(container, session.payment_collection_id)

  if (input.action === PaymentActions.AUTHORIZED || input.action === PaymentActions.SUCCESSFUL) {
    if (input.action === PaymentActions.SUCCESSFUL && session.payment?.captured_at) {
      return { outcome: "already_captured", status, payment_id: session.payment.id, order_id: await orderId() }
    }
    if (input.action === PaymentActions.AUTHORIZED && session.status === PaymentSessionStatus.AUTHORIZED) {
      return { outcome: "already_authorized", status, payment_id: session.payment?.id, order_id: await orderId() }
    }
    await processPaymentWorkflow(container).run({ input: { action: input.action, data: input.data as never } })
    const after = await loadSession(container, input.session_id)
    return {
      outcome: input.action === PaymentActions.SUCCESSFUL ? "captured" : "authorized",
      status,
      payment_id: after?.payment?.id,
      order_id: await orderId(),
    }
  }
  if (input.action === PaymentActions.FAILED && status === INVOICE_STATUS.REJECTED) {
    return { ...(await applyRejection(container, session)), status }
  }
  return { outcome: "not_final_yet", status }
}

async function loadSession(container: MedusaContainer, id: string): Promise<Session | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_session",
    fields: [
      "id",
      "status",
      "amount",
      "currency_code",
      "provider_id",
      "data",
      "payment_collection_id",
      "payment.id",
      "payment.captured_at",
      "payment.canceled_at",
    ],
    filters: { id },
  })
  return data[0] as Session | undefined
}

/** M4 reports the invoice rejected (declined, or a hold released). */
async function applyRejection(container: MedusaContainer, session: Session): Promise<SettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const orderId = await orderIdOfCollection(container, session.payment_collection_id)
  if (session.payment?.canceled_at) {
    // released by the store itself (order canceled → invoice/unhold): already in Medusa's books
    return { outcome: "payment_already_settled", payment_id: session.payment.id, order_id: orderId }
  }
  if (session.payment) {
    if (session.payment.captured_at) {
      // cannot happen at M4 (a paid invoice is final); never undo a capture on a message
      logger.error(`M4: invoice of captured payment ${session.payment.id} reports rejected; left as it is`)
      return { outcome: "rejected_but_captured_left", payment_id: session.payment.id, order_id: orderId }
    }
    // a hold M4 released (expired, or released in M4's cabinet): Medusa cancels the payment too
    await paymentModule.cancelPayment(session.payment.id)
    logger.warn(
      `M4: the hold of payment ${session.payment.id}${orderId ? ` (order ${orderId})` : ""} was released at M4`
    )
    if (orderId) {
      await flagOrder(container, orderId, { m4_payment_status: "hold_released" })
    }
    return { outcome: "hold_released", payment_id: session.payment.id, order_id: orderId }
  }
  if (session.status === PaymentSessionStatus.ERROR) {
    return { outcome: "already_rejected", order_id: orderId }
  }
  await paymentModule.updatePaymentSession({
    id: session.id,
    amount: session.amount as never,
    currency_code: session.currency_code,
    data: { ...(session.data ?? {}), m4_status: INVOICE_STATUS.REJECTED, decline_reason: "rejected" },
    status: PaymentSessionStatus.ERROR,
  })
  if (!orderId) {
    return { outcome: "session_marked_rejected" }
  }
  try {
    await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
    return { outcome: "order_canceled", order_id: orderId }
  } catch (e) {
    logger.error(`M4: order ${orderId} awaits a payment M4 rejected; cancel failed: ${(e as Error).message}`)
    await flagOrder(container, orderId, { m4_payment_status: "rejected" })
    return { outcome: "order_flagged_rejected", order_id: orderId }
  }
}
