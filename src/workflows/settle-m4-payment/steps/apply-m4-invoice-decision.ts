import { ContainerRegistrationKeys, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { INVOICE_STATUS } from "../../../m4"
import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../modules/m4-ledger"
import { askM4Provider } from "../../../providers/m4/ask-m4-provider"
import { M4_ATTENTION_EVENT } from "../../../providers/m4/core/m4-gateway"
import type { AttentionEvent } from "../../../providers/m4/core/m4-gateway"
import type { InvoiceSettleOutcome } from "../outcomes"
import { decideInvoice } from "../utils/invoice-decision"
import { flagOrder, orderLockKey } from "../../utils/order-of-collection"
import type { ConfirmedInvoice } from "./confirm-m4-invoice"
import { cancelM4PaymentCollectionWorkflow } from "../cancel-m4-payment-collection"
import { loadSituation, LoadedInvoiceSituation } from "./load-m4-invoice-situation"

export type ApplyM4InvoiceDecisionInput = {
  /** the provider whose route or check this came through: the invoice must be its own */
  provider_id: string
  shop_order_id: string
  confirmed: ConfirmedInvoice
  situation?: LoadedInvoiceSituation
}

/**
 * Moves Medusa to what M4 said when asked (decideInvoice): money taken goes on the order of the
 * session that uses the invoice, through core's processPaymentWorkflow (cart completion under the
 * cart lock, idempotent), or back to the payer when no order can take it; a rejected invoice fails
 * its session (or cancels an order placed before payment); a hold M4 released cancels the payment
 * collection through core's cancelPaymentCollectionWorkflow. Anything not final changes nothing.
 */
export const applyM4InvoiceDecisionStep = createStep(
  "apply-m4-invoice-decision",
  async (input: ApplyM4InvoiceDecisionInput, { container }) => {
    const orderId = input.situation?.order?.id
    if (!orderId) {
      return new StepResponse<InvoiceSettleOutcome>(await applyDecision(container, input))
    }
    // an order exists: decide again on what it holds under its lock, so an admin's capture, refund
    // or cancel of it never interleaves with this (the payment would be recorded twice, or captured
    // onto an order being canceled)
    const outcome = await container
      .resolve(Modules.LOCKING)
      .execute(
        orderLockKey(orderId),
        async () =>
          applyDecision(container, { ...input, situation: await loadSituation(container, input.shop_order_id) }),
        { timeout: 60 }
      )
    return new StepResponse<InvoiceSettleOutcome>(outcome)
  }
)

async function applyDecision(
  container: MedusaContainer,
  input: ApplyM4InvoiceDecisionInput
): Promise<InvoiceSettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { confirmation } = input.confirmed
  const situation = input.situation
  if (!confirmation || !situation) {
    return { outcome: "no_record" }
  }
  const status = confirmation.status
  const record = situation.record
  if (record.provider_id !== input.provider_id) {
    logger.error(
      `M4: a notification for invoice ${record.invoice_id} (${record.shop_order_id}) came through ` +
        `${input.provider_id}, but it belongs to ${record.provider_id}; ignored`
    )
    return { outcome: "wrong_provider_ignored", status }
  }
  if (confirmation.mismatch) {
    await alert(container, { kind: "payment_needs_decision", ...about(situation), reason: confirmation.mismatch })
    return { outcome: "invoice_mismatch_ignored", status }
  }
  const decision = decideInvoice({ ...situation, status })
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const orderId = situation.order?.id
  switch (decision.kind) {
    case "none": {
      const paymentId = situation.session?.payment?.id
      if (paymentId && (decision.outcome === "already_captured" || decision.outcome === "already_authorized")) {
        // booked by the shopper's return (cart completion): the ledger learns where the money went
        await ledger.invoices.recordSettlement(record.id, {
          settlement: "booked",
          payment_id: paymentId,
          order_id: orderId,
        })
      }
      return { outcome: decision.outcome, status, order_id: orderId, payment_id: paymentId }
    }
    case "book": {
      await processPaymentWorkflow(container).run({
        input: {
          action: decision.action === "captured" ? PaymentActions.SUCCESSFUL : PaymentActions.AUTHORIZED,
          data: { session_id: situation.session!.id, amount: record.amount },
        } as never,
      })
      const after = await loadSituation(container, input.shop_order_id)
      const paymentId = after?.session?.payment?.id
      if (paymentId) {
        await ledger.invoices.recordSettlement(record.id, {
          settlement: "booked",
          payment_id: paymentId,
          order_id: after?.order?.id,
        })
      }
      return { outcome: decision.action, status, payment_id: paymentId, order_id: after?.order?.id }
    }
    case "return": {
      const returned = await askM4Provider(container, record.provider_id, {
        kind: "return",
        shop_order_id: record.shop_order_id,
        reason: decision.reason,
      })
      const outcome = returned.result === "nothing_to_return" ? "not_final_yet" : returned.result
      return { outcome, status, order_id: orderId }
    }
    case "release_collection": {
      // M4 released the hold by itself (5-day limit, or in M4's cabinet): nothing is held any more
      await cancelM4PaymentCollectionWorkflow(container).run({
        input: { payment_collection_id: situation.payment_collection_id!, payment_id: decision.payment_id },
      })
      logger.warn(
        `M4: the hold of payment ${decision.payment_id}${orderId ? ` (order ${orderId})` : ""} was released at M4; ` +
          `the payment is canceled and the order is not paid`
      )
      if (orderId) {
        await flagOrder(container, orderId, { m4_payment_status: "hold_released" })
      }
      await alert(container, { kind: "hold_released", ...about(situation) })
      return { outcome: "hold_released", status, payment_id: decision.payment_id, order_id: orderId }
    }
    case "reject_session":
      return { ...(await rejectSession(container, situation)), status }
  }
}

/** M4 rejected the invoice of a session not paid yet: the session fails; an order placed before payment is canceled. */
async function rejectSession(
  container: MedusaContainer,
  situation: LoadedInvoiceSituation
): Promise<InvoiceSettleOutcome> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const session = situation.session!
  await container.resolve(Modules.PAYMENT).updatePaymentSession({
    id: session.id,
    amount: session.amount,
    currency_code: session.currency_code,
    data: { ...session.data, m4_status: INVOICE_STATUS.REJECTED, decline_reason: "rejected" },
    status: PaymentSessionStatus.ERROR,
  })
  const orderId = situation.order?.id
  if (!orderId || situation.order?.status === "canceled") {
    return { outcome: "session_marked_rejected", order_id: orderId }
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

function about(s: LoadedInvoiceSituation): Omit<AttentionEvent, "kind"> {
  return {
    shop_order_id: s.record.shop_order_id,
    invoice_id: s.record.invoice_id,
    order_id: s.order?.id ?? s.record.order_id,
    amount: s.record.amount,
    currency_code: s.record.currency_code,
  }
}

async function alert(container: MedusaContainer, event: AttentionEvent) {
  await container.resolve(Modules.EVENT_BUS).emit({ name: M4_ATTENTION_EVENT, data: event })
}
