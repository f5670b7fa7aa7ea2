import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { HOLD_LIFETIME_MS, M4_LEDGER_MODULE } from "../../../../../../modules/m4-ledger"
import type { InvoiceRecord, M4LedgerModuleService, RefundRecord } from "../../../../../../modules/m4-ledger"
import type { LedgerStatus } from "../../../../../../shared/display-names"
import { ledgerStatusName, outcomeText } from "../../../../../../shared/display-names"
import { m4Gateway } from "../../../../../../modules/m4-merchant-tools"
import { subtractAmounts } from "../../../../../../m4"
import { atMinorUnits, currencyCode, invoiceStatusName, methodNames } from "../../../serializers"

/**
 * GET /admin/m4/orders/:id/notifications — the order's M4 money from the plugin's ledger: the
 * invoice on the order (`invoice`), every invoice of its payment collection (`invoices`, including
 * money returned because no order used it), each invoice's refunds, and every notification M4 sent
 * about them. Each invoice has its status in the merchant's words, M4's method name, M4's fee and
 * the net credited, and when M4 last confirmed it.
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
  const statuses = await ledger.desk.invoiceStatuses(invoices.map((i) => i.id))
  const names = invoices.length ? await methodNames(m4Gateway(req.scope), "input") : new Map<string, string>()
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
      outcome_label: outcomeText(n.outcome as string | null),
    }))

  const serialize = (i: InvoiceRecord) =>
    serializeInvoice(i, refunds.get(i.id) ?? [], statuses.get(i.id) ?? null, names.get(i.payway) ?? null)
  res.json({
    invoice: onOrder ? serialize(onOrder) : null,
    invoices: invoices.map(serialize),
    notifications,
  })
}

function serializeInvoice(
  i: InvoiceRecord,
  refunds: RefundRecord[],
  status: LedgerStatus | null,
  method: string | null
) {
  const paid = i.state === "paid"
  return {
    id: i.id,
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
    paid_amount: atMinorUnits(i.paid_amount, i.currency_code),
    // M4's fee and the net credited to the shop (shop_refund), once M4 reported it for a paid invoice
    net_amount: paid ? atMinorUnits(i.net_amount, i.currency_code) : null,
    fee_amount: paid ? feeOf(i) : null,
    payer_price: atMinorUnits(i.payer_price, i.payer_currency),
    payer_currency: currencyCode(i.payer_currency),
    payway: i.payway,
    method_name: method,
    status,
    status_label: status ? ledgerStatusName(status).label : null,
    last_checked_at: i.last_checked_at,
    last_outcome: i.last_outcome,
    last_outcome_label: outcomeText(i.last_outcome),
    expires_at: i.expires_at,
    created_at: i.created_at,
    // M4 releases a hold 5 days after it was made
    hold_expires_at: i.state === "held" ? new Date(i.created_at.getTime() + HOLD_LIFETIME_MS) : null,
    refunds: refunds.map((r) => ({
      id: r.id,
      shop_refund_id: r.shop_refund_id,
      kind: r.kind,
      amount: atMinorUnits(r.amount, r.currency_code),
      // M4's words, as the panel has always shown them
      status: r.state === "succeeded" ? "SUCCESS" : r.state === "failed" ? "FAILED" : "WAITING",
      state: r.state,
      failure_reason: r.failure_reason,
      undone: !!r.undone_at,
      currency: currencyCode(r.currency_code),
      created_at: r.created_at,
      confirmed_at: r.confirmed_at,
    })),
  }
}

/** paid − net, exact (decimal arithmetic, never a float). */
function feeOf(i: InvoiceRecord): string | null {
  if (!i.paid_amount || !i.net_amount) {
    return null
  }
  return atMinorUnits(subtractAmounts(i.paid_amount, i.net_amount), i.currency_code)
}
