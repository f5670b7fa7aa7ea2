import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { M4_NOTIFICATIONS_MODULE, type M4NotificationModuleService } from "../../../../../../modules/m4-notifications"
import { currencyCode, invoiceStatusName } from "../../../serializers"

type PaymentData = Record<string, unknown> & { invoice_id?: number | string }

/**
 * GET /admin/m4/orders/:id/notifications — the M4 invoice behind the order's payment (from the
 * payment data the provider keeps) and every notification M4 sent about it.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.provider_id",
      "payment_collections.payments.data",
      "payment_collections.payments.provider_id",
    ],
    filters: { id: req.params.id },
  })
  const order = orders[0] as
    | {
        payment_collections?: Array<{
          payment_sessions?: Array<{ id: string; provider_id?: string }>
          payments?: Array<{ data?: PaymentData | null; provider_id?: string }>
        }>
      }
    | undefined
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${req.params.id}" was not found`)
  }
  const collections = order.payment_collections ?? []
  const sessionIds = collections.flatMap((c) => (c.payment_sessions ?? []).map((s) => s.id))
  const payments = collections.flatMap((c) => c.payments ?? [])
  const m4Payment = payments.find((p) => p.data && p.data.invoice_id !== undefined)
  const data = (m4Payment?.data ?? null) as PaymentData | null
  const invoiceId = data?.invoice_id !== undefined ? String(data.invoice_id) : null

  const notificationsService = req.scope.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
  const found = new Map<string, Record<string, unknown>>()
  const lookups = [
    sessionIds.length ? { session_id: sessionIds } : null,
    invoiceId ? { invoice_id: invoiceId } : null,
    { order_id: req.params.id },
  ].filter(Boolean) as Record<string, unknown>[]
  for (const filter of lookups) {
    const rows = await notificationsService.listM4Notifications(filter, { order: { received_at: "ASC" } })
    for (const row of rows) {
      found.set(row.id, row as unknown as Record<string, unknown>)
    }
  }
  const notifications = [...found.values()]
    .sort((a, b) => new Date(a.received_at as string).getTime() - new Date(b.received_at as string).getTime())
    .map((n) => ({
      id: n.id,
      kind: n.kind,
      invoice_id: n.invoice_id,
      session_id: n.session_id,
      shop_refund_id: n.shop_refund_id,
      status: n.status,
      amount: n.amount,
      // "EUR", not M4's numeric "978"
      currency: currencyCode(n.currency),
      received_at: n.received_at,
      last_received_at: n.last_received_at,
      duplicate_count: n.duplicate_count,
      outcome: n.outcome,
    }))

  res.json({
    invoice: data
      ? {
          invoice_id: invoiceId,
          m4_status: data.m4_status ?? null,
          m4_status_name: invoiceStatusName(data.m4_status),
          payer_price: data.payer_price ?? null,
          payer_currency: currencyCode(data.payer_currency),
          amount: data.amount ?? null,
          currency_code: data.currency_code ?? null,
          currency: currencyCode(data.currency_code),
          payway: data.payway ?? null,
          refunds: ((data.m4_refunds ?? []) as Record<string, unknown>[]).map((r) => ({
            ...r,
            currency: currencyCode(data.currency_code),
          })),
        }
      : null,
    notifications,
  })
}
