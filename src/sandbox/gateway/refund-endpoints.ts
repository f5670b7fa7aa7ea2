/** invoice/create-refund and invoice/get-refunds (docs/m4-protocol.md §4.7, §4.8; DECISION g). */
import { formatAmount, formatM4Timestamp, getCurrency } from "../../m4"
import { createRefund } from "../domain/refunds"
import { RefundRecord } from "../domain/records"
import { amountForCurrency } from "./amount-field"
import { EndpointHandler } from "./gateway-request"
import { invoiceOfShop } from "./invoice-endpoints"

const createRefundEndpoint: EndpointHandler = (ctx, request) => {
  const invoice = invoiceOfShop(ctx, request)
  const amount = amountForCurrency(request.fields.amount as string, invoice.currency, ctx.timings.amountDigits)
  const failedByFault = ctx.faults.take(["fail_refunds"], request.endpoint).length > 0
  const refund = createRefund(
    ctx,
    request.shop,
    invoice,
    request.fields.shop_refund_id as string,
    amount,
    invoice.scenario === "refund_failed" || failedByFault,
    (request.fields.callback_url as string | undefined) || null
  )
  return { data: { id: refund.id, status: refund.status } }
}

/** A refund as get-refunds lists it: the refund-callback fields (docs/m4-protocol.md §8.3) plus `id`. */
export function refundData(refund: RefundRecord): Record<string, unknown> {
  const currency = getCurrency(refund.currency)
  return {
    id: refund.id,
    shop_refund_id: refund.shop_refund_id,
    status: refund.status,
    invoice_id: refund.invoice_id,
    amount: formatAmount(refund.amount, currency),
    currency: currency.alpha,
    error_code: refund.error_code,
    created_at: formatM4Timestamp(new Date(refund.created_at)),
    processed_at: refund.processed_at === null ? null : formatM4Timestamp(new Date(refund.processed_at)),
    addons: "",
  }
}

const getRefunds: EndpointHandler = (ctx, request) => {
  const invoice = invoiceOfShop(ctx, request)
  return { data: ctx.state.refundsOfInvoice(invoice.id).map(refundData) }
}

export const refundEndpoints = {
  "invoice/create-refund": createRefundEndpoint,
  "invoice/get-refunds": getRefunds,
}
