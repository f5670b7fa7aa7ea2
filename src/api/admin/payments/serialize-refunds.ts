import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { orderLockKey } from "../../../workflows/utils/order-of-collection"

const WAIT_SECONDS = 60

/**
 * `POST /admin/payments/:id/refund`, one at a time per order. Medusa's refund workflow asks the
 * provider (M4 moves the money) and only then adds the credit line through an order change, of
 * which an order may have one active at a time: two admins refunding at once got "already has an
 * existing active order change" after M4 had refunded — an error for a refund that moved money,
 * and a retry that refunds twice. Serialised, the second admin waits for the first. The plugin's
 * own undoing of a refund M4 refused takes the same lock (Medusa's locking module).
 */
export async function serializeRefunds(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "provider_id", "payment_collection.order.id"],
    filters: { id: req.params.id },
  })
  const payment = data[0] as { provider_id?: string; payment_collection?: { order?: { id?: string } } } | undefined
  const orderId = payment?.payment_collection?.order?.id
  if (!orderId || !payment?.provider_id?.startsWith("pp_m4_")) {
    return next()
  }
  let started = false
  try {
    await req.scope.resolve(Modules.LOCKING).execute(
      orderLockKey(orderId),
      () =>
        new Promise<void>((resolve) => {
          started = true
          res.once("finish", resolve)
          res.once("close", resolve)
          next()
        }),
      { timeout: WAIT_SECONDS }
    )
  } catch (e) {
    if (!started) {
      return next(
        new MedusaError(MedusaError.Types.CONFLICT, "Another refund of this order is in progress. Please try again.")
      )
    }
    req.scope.resolve("logger").warn(`M4: refund lock for order ${orderId}: ${(e as Error).message}`)
  }
}
