import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { amountsEqual, findCurrency, type RefundCallback } from "../../../m4"
import type { M4PaymentData, M4RefundRecord } from "../../../providers/m4/types/session-data"

/**
 * A refund's final outcome from M4 (`shop_refund_id` is Medusa's refund id). The outcome is
 * written into the payment's data; a FAILED refund is also flagged on the order and logged as an
 * error, so the admin sees that the money did not go back although Medusa recorded the refund.
 */
export const applyM4RefundOutcomeStep = createStep(
  "apply-m4-refund-outcome",
  async (callback: RefundCallback, { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [refund] = (await paymentModule.listRefunds(
      { id: callback.shop_refund_id },
      { select: ["id", "payment_id"] }
    )) as unknown as { id: string; payment_id: string }[]
    if (!refund) {
      logger.warn(`M4: refund notification for unknown refund ${callback.shop_refund_id} (${callback.status})`)
      return new StepResponse({ outcome: "refund_not_found" })
    }
    const [payment] = await paymentModule.listPayments(
      { id: refund.payment_id },
      { select: ["id", "data", "payment_collection_id"] }
    )
    const data = (payment.data ?? {}) as M4PaymentData
    const known = (data.m4_refunds ?? []).find((r) => r.shop_refund_id === callback.shop_refund_id)
    // Signed by M4, but it must also be the refund this store asked for (invoice, currency, amount).
    const currency = findCurrency(callback.currency)
    if (
      !known ||
      data.invoice_id !== callback.invoice_id ||
      !currency ||
      currency.alpha.toLowerCase() !== data.currency_code ||
      !amountsEqual(callback.amount_text, known.amount, currency)
    ) {
      logger.error(
        `M4: refund notification ${callback.shop_refund_id} (invoice ${callback.invoice_id}, ` +
          `${callback.amount_text} ${callback.currency}, ${callback.status}) does not match payment ${payment.id}; ignored`
      )
      return new StepResponse({ outcome: "refund_mismatch_ignored", payment_id: payment.id })
    }
    const record: M4RefundRecord = {
      ...known,
      shop_refund_id: callback.shop_refund_id,
      status: callback.status,
      updated_at: new Date().toISOString(),
    }
    const others = (data.m4_refunds ?? []).filter((r) => r.shop_refund_id !== callback.shop_refund_id)
    // UpdatePaymentDTO's type omits `data`, but the payment module stores it (the model has it)
    await paymentModule.updatePayment({ id: payment.id, data: { ...data, m4_refunds: [...others, record] } } as never)
    if (callback.status !== "FAILED") {
      return new StepResponse({ outcome: `refund_${callback.status.toLowerCase()}`, payment_id: payment.id })
    }
    const { data: links } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: payment.payment_collection_id },
    })
    const orderId = (links[0] as { order_id?: string } | undefined)?.order_id
    logger.error(
      `M4: refund ${callback.shop_refund_id} of ${callback.amount_text} ${callback.currency} FAILED at M4 ` +
        `(payment ${payment.id}${orderId ? `, order ${orderId}` : ""}); the money was not returned`
    )
    if (orderId) {
      const orderModule = container.resolve(Modules.ORDER)
      const [order] = await orderModule.listOrders({ id: orderId }, { select: ["id", "metadata"] })
      const failed = ((order?.metadata?.m4_failed_refunds as string[] | undefined) ?? []).filter(
        (id) => id !== callback.shop_refund_id
      )
      await orderModule.updateOrders(orderId, {
        metadata: { ...(order?.metadata ?? {}), m4_failed_refunds: [...failed, callback.shop_refund_id] },
      })
    }
    return new StepResponse({ outcome: "refund_failed_flagged", payment_id: payment.id, order_id: orderId })
  }
)
