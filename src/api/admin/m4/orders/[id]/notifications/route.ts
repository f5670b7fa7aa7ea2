import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../../../../../modules/m4-ledger"
import type { InvoiceRecord, M4LedgerModuleService, RefundRecord } from "../../../../../../modules/m4-ledger"
import { currencyCode, invoiceStatusName } from "../../../serializers"

/**
 * GET /admin/m4/orders/:id/notifications — the order's M4 money from the plugin's ledger: the
 * invoice on the order (`invoice`), every invoice of its payment collection (`invoices`, including
 * money returned because no order used it), each invoice's refunds, and every notification M4 sent
 * about them.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "payment_collections.id", "payment_collections.payments.id"],
    filters: { id: req.params.id },
  })
  const order = orders[0] as
    { payment_collections?: Array<{ id: string; payments?: Array<{ id: string }> }> } | undefined
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${req.params.id}" was not found`)
  }
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const collections = order.payment_collections ?? []
  const paymentIds = new Set(collections.flatMap((c) => (c.payments ?? []).map((p) => p.id)))
  const invoices: InvoiceRecord[] = []
  for (const collection of collections) {
    invoices.push(...(await ledger.invoices.ofCollection(collection.id)))
  }
  const refunds = new Map<string, RefundRecord[]>()
  for (const invoice of invoices) {
    refunds.set(invoice.id, await ledger.refunds.ofInvoice(invoice.id))
  }
  // the invoice whose money is the order's payment; else the newest one
  const onOrder =
    invoices.find((i) => i.payment_id && paymentIds.has(i.payment_id)) ??
    invoices.find((i) => i.settlement === "booked") ??
    invoices[invoices.length - 1]

  const found = new Map<string, Record<string, unknown>>()
  const lookups = [
    invoices.length ? { shop_order_id: invoices.map((i) => i.shop_order_id) } : null,
    invoices.some((i) => i.invoice_id)
      ? { invoice_id: invoices.flatMap((i) => (i.invoice_id ? [i.invoice_id] : [])) }
      : null,
    { order_id: req.params.id },
  ].filter(Boolean) as Record<string, unknown>[]
  for (const filter of lookups) {
    const rows = await ledger.listM4Notifications(filter, { order: { received_at: "ASC" } })
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
      shop_order_id: n.shop_order_id ?? n.session_id,
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
    invoice: onOrder ? serializeInvoice(onOrder, refunds.get(onOrder.id) ?? []) : null,
    invoices: invoices.map((i) => serializeInvoice(i, refunds.get(i.id) ?? [])),
    notifications,
  })
}

function serializeInvoice(i: InvoiceRecord, refunds: RefundRecord[]) {
  return {
    invoice_id: i.invoice_id,
    shop_order_id: i.shop_order_id,
    provider_id: i.provider_id,
    mode: i.mode,
    state: i.state,
    m4_status: i.m4_status,
    m4_status_name: invoiceStatusName(i.m4_status),
    confirmed_at: i.confirmed_at,
    settlement: i.settlement,
    settlement_reason: i.settlement_reason,
    amount: i.amount,
    currency_code: i.currency_code,
    currency: currencyCode(i.currency_code),
    paid_amount: i.paid_amount,
    net_amount: i.net_amount,
    payer_price: i.payer_price,
    payer_currency: currencyCode(i.payer_currency),
    payway: i.payway,
    expires_at: i.expires_at,
    refunds: refunds.map((r) => ({
      shop_refund_id: r.shop_refund_id,
      kind: r.kind,
      amount: r.amount,
      // M4's words, as the panel has always shown them
      status: r.state === "succeeded" ? "SUCCESS" : r.state === "failed" ? "FAILED" : "WAITING",
      state: r.state,
      failure_reason: r.failure_reason,
      undone: !!r.undone_at,
      currency: currencyCode(r.currency_code),
    })),
  }
}
