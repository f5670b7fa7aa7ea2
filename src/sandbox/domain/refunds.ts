/**
 * Refunds: only on paid invoices (else error 8), never more than what is left of the paid
 * amount (error 5), debited from `available` at once (error 9 when short; given back if the
 * refund fails). create-refund answers WAITING; after the refund delay it turns SUCCESS or
 * FAILED and a `?type=refund` callback is sent to the `callback_url` of the create-refund
 * request, else to the shop's configured URL (M4's rule) — never to the invoice's URL; with
 * neither, no refund callback is sent.
 */
import { addAmounts, compareAmounts, formatAmount, INVOICE_STATUS, M4_ERROR, subtractAmounts } from "../../m4"
import { ShopConfig } from "../config/sandbox-config"
import type { SandboxContext } from "../context"
import { callbackUrlWithType, refundCallbackFields, renderSignedCallback } from "../callbacks/callback-renderer"
import { GatewayError, gatewayErrors } from "../gateway/gateway-error"
import { DueWork } from "../scheduler"
import { moveBalance } from "./balances"
import { InvoiceRecord, RefundRecord } from "./records"

export function createRefund(
  ctx: SandboxContext,
  shop: ShopConfig,
  invoice: InvoiceRecord,
  shopRefundId: string,
  amount: string,
  willFail: boolean,
  callbackUrl: string | null = null
): RefundRecord {
  if (invoice.status !== INVOICE_STATUS.PAID) {
    throw gatewayErrors.processing(
      `Invoice (id=${invoice.id}) has status ${invoice.status}, only paid invoices (status 4) can be refunded`
    )
  }
  if (ctx.state.refundByShopRefundId(shop.shop_id, shopRefundId)) {
    throw gatewayErrors.notUnique("Shop_refund_id", shopRefundId, shop.shop_id)
  }
  if (compareAmounts(amount, 0) <= 0) {
    throw new GatewayError(M4_ERROR.AMOUNT_TOO_SMALL, "Refund amount is too small, min: 0.01")
  }
  const left = subtractAmounts(invoice.amount, invoice.refunded)
  if (compareAmounts(amount, left) > 0) {
    throw gatewayErrors.amountTooLarge(left, "Refund amount")
  }
  moveBalance(ctx.state, shop.shop_id, invoice.currency, { from: "available", amount })
  const now = ctx.clock.nowMs()
  const refund: RefundRecord = {
    id: ctx.state.nextId("refund"),
    shop_id: shop.shop_id,
    invoice_id: invoice.id,
    shop_refund_id: shopRefundId,
    amount: formatAmount(amount, invoice.currency),
    currency: invoice.currency,
    status: "WAITING",
    error_code: 0,
    created_at: now,
    processed_at: null,
    due_at: now + ctx.timings.refundDelayMs,
    will_fail: willFail,
    callback_url: callbackUrl,
  }
  invoice.refunded = formatAmount(addAmounts(invoice.refunded, amount), invoice.currency)
  ctx.state.addRefund(refund)
  ctx.changed()
  return refund
}

function settle(ctx: SandboxContext, refund: RefundRecord): void {
  const invoice = ctx.state.invoices.get(refund.invoice_id)
  refund.processed_at = ctx.clock.nowMs()
  if (refund.will_fail) {
    refund.status = "FAILED"
    moveBalance(ctx.state, refund.shop_id, refund.currency, { to: "available", amount: refund.amount })
    if (invoice) {
      invoice.refunded = formatAmount(subtractAmounts(invoice.refunded, refund.amount), invoice.currency)
    }
  } else {
    refund.status = "SUCCESS"
  }
  notifyRefund(ctx, refund)
}

/** Queues the refund callback: the refund request's `callback_url`, else the shop's URL, else nothing. */
export function notifyRefund(ctx: SandboxContext, refund: RefundRecord): void {
  const shop = ctx.shop(refund.shop_id)
  const url = refund.callback_url ?? shop?.callback_url ?? null
  if (!shop || !url) {
    ctx.logger.info(
      `refund ${refund.id} ${refund.status}: no callback URL (neither the refund request's nor the shop's), nothing sent`
    )
    return
  }
  const rendered = renderSignedCallback(refundCallbackFields(refund), shop.secret_key, shop.callback_format)
  ctx.callbacks.enqueue({
    type: "refund",
    ref_id: refund.id,
    event: refund.status,
    shop_id: shop.shop_id,
    url: callbackUrlWithType(url, "refund"),
    contentType: rendered.contentType,
    body: rendered.body,
  })
}

/** Settles WAITING refunds when their delay has passed. */
export function refundSettler(ctx: () => SandboxContext): DueWork {
  const waiting = () => [...ctx().state.refunds.values()].filter((r) => r.status === "WAITING")
  return {
    nextDueAt: () =>
      waiting().reduce<number | null>((min, r) => (min === null || r.due_at < min ? r.due_at : min), null),
    runDue(nowMs) {
      const c = ctx()
      for (const refund of waiting()) {
        if (refund.due_at <= nowMs) {
          settle(c, refund)
        }
      }
      c.changed()
    },
  }
}
