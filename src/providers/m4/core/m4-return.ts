/**
 * Money M4 took that no order uses goes back (the provider's `return` question, and its cancel of
 * an invoice M4 already charged): a hold is released, a payment refunded in full, or — with
 * `unmatchedPayments: "flag"` — the merchant only told. Claimed once on the ledger, so two
 * settlements deciding it at the same moment ask M4 once.
 */
import { PaymentActions } from "@medusajs/framework/utils"
import { describeOutcome, INVOICE_STATUS, isDuplicateError, RefundStatus } from "../../../m4"
import type { InvoiceRecord } from "../../../modules/m4-ledger"
import type { M4ReturnAnswer, M4WebhookActionResult } from "../types/webhook"
import { returnStep } from "../utils/return-decision"
import type { AttentionEvent, M4Gateway } from "./m4-gateway"

const ignore: M4WebhookActionResult = { action: PaymentActions.NOT_SUPPORTED }

/**
 * Money M4 took that no order uses goes back: a hold is released (invoice/unhold), a payment is
 * refunded in full (invoice/create-refund, its own ledger refund of kind `return`), or — with
 * `unmatchedPayments: "flag"` — the merchant is only told. What M4 says now decides; an unknown
 * outcome leaves the invoice unsettled so the reconciliation tries again.
 */
export async function returnInvoice(
  gw: M4Gateway,
  shopOrderId: string,
  reason: string
): Promise<M4WebhookActionResult> {
  const answer = (result: M4ReturnAnswer["result"], status?: number): M4WebhookActionResult => ({
    ...ignore,
    m4: { answer: { kind: "return", result, status } },
  })
  const record = await gw.invoices.byShopOrderId(shopOrderId)
  if (!record || !record.invoice_id) {
    return answer("nothing_to_return")
  }
  if (record.settlement && record.settlement !== "booked") {
    return answer(record.settlement, record.m4_status ?? undefined)
  }
  const status = await gw.currentStatus(shopOrderId, "return")
  const step = returnStep(status, gw.options.unmatchedPayments)
  const about = {
    shop_order_id: shopOrderId,
    invoice_id: record.invoice_id,
    order_id: record.order_id,
    amount: record.amount,
    currency_code: record.currency_code,
    reason,
  }
  if (step === "nothing") {
    return answer("nothing_to_return", status)
  }
  if (step === "flag") {
    await gw.invoices.recordSettlement(record.id, { settlement: "flagged", reason })
    gw.logger.warn(
      `M4: invoice ${record.invoice_id} (${shopOrderId}, ${record.amount} ${record.currency_code.toUpperCase()}) is ` +
        `${status === INVOICE_STATUS.HELD ? "held" : "paid"} at M4 but no order uses it (${reason}); flagged for the merchant, not returned`
    )
    await gw.alert({ kind: "unmatched_payment_flagged", ...about })
    return answer("flagged", status)
  }
  const claimed = await gw.invoices.claimReturn(record.id, reason)
  if (!claimed) {
    return answer("returning", status) // another settlement is returning it right now
  }
  try {
    if (step === "release") {
      return await releaseInFull(gw, record, reason, about, answer)
    }
    return await refundInFull(gw, record, reason, about, answer)
  } catch (e) {
    await gw.invoices.releaseReturn(record.id, claimed)
    throw e
  }
}

async function releaseInFull(
  gw: M4Gateway,
  record: InvoiceRecord,
  reason: string,
  about: Omit<AttentionEvent, "kind">,
  answer: (result: M4ReturnAnswer["result"], status?: number) => M4WebhookActionResult
): Promise<M4WebhookActionResult> {
  const released = await gw.client.invoiceUnhold({ invoice_id: Number(record.invoice_id) })
  const after =
    released.kind === "ok" ? Number(released.data.status) : await gw.currentStatus(record.shop_order_id, "return")
  if (after !== INVOICE_STATUS.REJECTED) {
    throw unresolvedOrRefused("release", describeOutcome(released), after)
  }
  await gw.recordStatus(record.shop_order_id, after)
  await gw.invoices.recordSettlement(record.id, { settlement: "returned", reason })
  gw.logger.warn(
    `M4: released the hold on invoice ${record.invoice_id} (${record.shop_order_id}, ${record.amount} ` +
      `${record.currency_code.toUpperCase()}): no order uses it (${reason})`
  )
  await gw.alert({ kind: "money_returned", ...about })
  return answer("returned", after)
}

async function refundInFull(
  gw: M4Gateway,
  record: InvoiceRecord,
  reason: string,
  about: Omit<AttentionEvent, "kind">,
  answer: (result: M4ReturnAnswer["result"], status?: number) => M4WebhookActionResult
): Promise<M4WebhookActionResult> {
  const shopRefundId = `m4ret_${record.shop_order_id}`
  const { record: refund } = await gw.refunds.recordIntent({
    shop_refund_id: shopRefundId,
    kind: "return",
    provider_id: record.provider_id,
    invoice_ref: record.id,
    invoice_id: record.invoice_id!,
    payment_id: record.payment_id,
    refund_id: null,
    order_id: record.order_id,
    amount: record.amount,
    currency_code: record.currency_code,
  })
  const currency = gw.currencyOf(record.currency_code)
  const created = await gw.retryOnceIfUnknown(() =>
    gw.client.invoiceCreateRefund({
      invoice_id: Number(record.invoice_id),
      amount: record.amount,
      currency: currency.numeric,
      shop_refund_id: shopRefundId,
      callback_url: gw.notificationUrl(),
    })
  )
  let status: RefundStatus | undefined
  if (created.kind === "ok") {
    status = created.data.status as RefundStatus
  } else if (created.kind === "unknown" || isDuplicateError(created.code)) {
    status = (await gw.findRefund(Number(record.invoice_id), shopRefundId))?.status
  } else {
    status = "FAILED"
  }
  if (!status) {
    // M4 may have it: the reconciliation asks again (the refund stays `requested`)
    gw.logger.warn(
      `M4: return of invoice ${record.invoice_id} (${record.shop_order_id}): outcome unknown; checking again later`
    )
    return answer("returning", INVOICE_STATUS.PAID)
  }
  const reasonText = created.kind === "fatal" ? created.message : undefined
  await gw.refunds.recordAnswer(refund.shop_refund_id, {
    status,
    m4_refund_id: created.kind === "ok" ? String(created.data.id) : null,
    reason: reasonText,
  })
  const money = `${record.amount} ${record.currency_code.toUpperCase()}`
  if (status === "FAILED") {
    await gw.invoices.recordSettlement(record.id, { settlement: "return_failed", reason })
    gw.logger.error(
      `M4: could not return ${money} of invoice ${record.invoice_id} (${record.shop_order_id}, ${reason}): M4 refused the refund${reasonText ? ` (${reasonText})` : ""}; refund it in M4`
    )
    await gw.alert({ kind: "return_failed", ...about, reason: reasonText ?? reason })
    return answer("return_failed", INVOICE_STATUS.PAID)
  }
  const done = status === "SUCCESS"
  await gw.invoices.recordSettlement(record.id, { settlement: done ? "returned" : "returning", reason })
  gw.logger.warn(
    `M4: ${done ? "refunded" : "refunding"} ${money} of invoice ${record.invoice_id} (${record.shop_order_id}) in full: no order uses it (${reason})`
  )
  await gw.alert({ kind: done ? "money_returned" : "money_returning", ...about })
  return answer(done ? "returned" : "returning", INVOICE_STATUS.PAID)
}

function unresolvedOrRefused(action: string, outcome: string, status: number | undefined) {
  return new Error(`M4 ${action}: invoice is in status ${status ?? "unknown"} after ${outcome}; trying again later`)
}
