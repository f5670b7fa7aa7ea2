import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type Scope = { resolve(key: string): unknown }
type Query = { graph(q: object): Promise<{ data: Record<string, unknown>[] }> }

export type OrderRef = { id: string; display_id: number | null }

/**
 * The orders a page of ledger rows is about, with their display ids (#1042) for the dashboard: by
 * the order id the ledger keeps, else by the payment collection (a payment booked before the ledger
 * learned its order). Two lookups per page, whatever its size.
 */
export async function orderRefs(
  scope: Scope,
  rows: { order_id: string | null; payment_collection_id: string | null }[]
): Promise<(row: { order_id: string | null; payment_collection_id: string | null }) => OrderRef | null> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY) as Query
  const byCollection = new Map<string, string>()
  const missing = [
    ...new Set(rows.filter((r) => !r.order_id && r.payment_collection_id).map((r) => r.payment_collection_id!)),
  ]
  if (missing.length) {
    const { data } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id", "payment_collection_id"],
      filters: { payment_collection_id: missing },
    })
    for (const link of data) {
      byCollection.set(String(link.payment_collection_id), String(link.order_id))
    }
  }
  const orderOf = (r: { order_id: string | null; payment_collection_id: string | null }) =>
    r.order_id ?? (r.payment_collection_id ? byCollection.get(r.payment_collection_id) : undefined) ?? null
  const ids = [...new Set(rows.map(orderOf).filter((id): id is string => !!id))]
  const displayIds = new Map<string, number | null>()
  if (ids.length) {
    const { data } = await query.graph({ entity: "order", fields: ["id", "display_id"], filters: { id: ids } })
    for (const order of data) {
      displayIds.set(
        String(order.id),
        order.display_id === null || order.display_id === undefined ? null : Number(order.display_id)
      )
    }
  }
  return (row) => {
    const id = orderOf(row)
    return id ? { id, display_id: displayIds.get(id) ?? null } : null
  }
}
