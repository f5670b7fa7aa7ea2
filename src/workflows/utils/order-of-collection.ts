import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/** The order a payment collection pays for, if an order exists yet. */
export async function orderIdOfCollection(
  container: MedusaContainer,
  paymentCollectionId: string | undefined
): Promise<string | undefined> {
  if (!paymentCollectionId) {
    return undefined
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: paymentCollectionId },
  })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

/** Merges keys into an order's metadata (flags the merchant sees on the order). */
export async function flagOrder(container: MedusaContainer, orderId: string, flags: Record<string, unknown>) {
  const orderModule = container.resolve("order") as {
    listOrders(f: object, c: object): Promise<{ id: string; metadata?: Record<string, unknown> | null }[]>
    updateOrders(id: string, data: object): Promise<unknown>
  }
  const [order] = await orderModule.listOrders({ id: orderId }, { select: ["id", "metadata"] })
  await orderModule.updateOrders(orderId, { metadata: { ...(order?.metadata ?? {}), ...flags } })
}

/**
 * The lock key that serialises what changes an order's money: an admin's refund (the refund
 * middleware) and the plugin's undoing of a refund M4 refused. Medusa allows one active order
 * change per order, so two at once would fail one of them after M4 moved money.
 */
export function orderLockKey(orderId: string): string {
  return `m4:order:${orderId}`
}
