import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { oneAtATime } from "../../utils/one-at-a-time"
import { orderIdOfCollection, orderLockKey } from "../../../workflows/utils/order-of-collection"

const WAIT_SECONDS = 60

/**
 * `POST /admin/payments/:id/refund` and `…/capture` of an M4 payment, one at a time per order.
 * Medusa's refund workflow asks the provider (M4 moves the money) and only then adds the credit
 * line through an order change, of which an order may have one active at a time: two admins
 * refunding at once got "already has an existing active order change" after M4 had refunded — an
 * error for a refund that moved money, and a retry that refunds twice. A capture racing M4's
 * notification of the same charge recorded the order's payment twice in its summary. Serialised, the
 * second waits for the first. The plugin's own settlement (capturing on M4's word, undoing a refund
 * M4 refused) takes the same lock (Medusa's locking module).
 */
export async function serializeOrderPayments(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "provider_id", "payment_collection_id"],
    filters: { id: req.params.id },
  })
  const payment = data[0] as { provider_id?: string; payment_collection_id?: string } | undefined
  if (!payment?.provider_id?.startsWith("pp_m4_")) {
    return next()
  }
  const orderId = await orderIdOfCollection(req.scope, payment.payment_collection_id)
  if (!orderId) {
    return next()
  }
  await oneAtATime(req, res, next, {
    key: orderLockKey(orderId),
    waitSeconds: WAIT_SECONDS,
    busy: "Another change to this order's payment is in progress. Please try again.",
  })
}
