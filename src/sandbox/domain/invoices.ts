/**
 * Invoice state machine (docs/m4-protocol.md §3, §7.1):
 *   1 created ─(pay page opened)→ 2 awaiting ─(pay)→ 4 paid            callback `success`
 *                                             └(decline)→ 6 rejected    callback `rejected`
 *   1 or 2 ─(sandbox clock passes `expires_at`)→ 6 rejected, callback `rejected` (invoice-expiry.ts)
 *   two-step: … ─(pay)→ 8 held (callback `hold`) ─charge→ 4 (`success`) | ─unhold→ 6 (`rejected`, DECISION c)
 * charge/unhold on an invoice that is not held → error 8; charging a hold older than the hold
 * limit releases it (6 + `rejected` callback) and answers error 8.
 * Balances: a hold adds the shop credit to `hold`; paid moves it (or adds it) to `available`.
 */
import { ShopConfig } from "../config/sandbox-config"
import type { SandboxContext } from "../context"
import { callbackUrlWithType, invoiceCallbackFields, renderSignedCallback } from "../callbacks/callback-renderer"
import { gatewayErrors } from "../gateway/gateway-error"
import { moveBalance } from "./balances"
import { InvoiceRecord } from "./records"
import { formatM4Timestamp, INVOICE_STATUS } from "../../m4"

export type InvoiceEvent = "success" | "hold" | "rejected"

const CARD_ACCOUNT = "424242XXXXXX4242"

function touch(ctx: SandboxContext, invoice: InvoiceRecord, final: boolean, atMs = ctx.clock.nowMs()): void {
  invoice.updated_at = atMs
  if (final) {
    invoice.processed_at = invoice.updated_at
  }
}

/** Not yet paid, held or declined (1 or 2): the payer can still pay it. */
export function isOpenInvoice(invoice: InvoiceRecord): boolean {
  return invoice.status === INVOICE_STATUS.CREATED || invoice.status === INVOICE_STATUS.AWAITING_USER
}

/** The pay page was opened: 1 → 2. */
export function markAwaiting(ctx: SandboxContext, invoice: InvoiceRecord): void {
  if (invoice.status === INVOICE_STATUS.CREATED) {
    invoice.status = INVOICE_STATUS.AWAITING_USER
    touch(ctx, invoice, false)
    ctx.changed()
  }
}

/** The payer paid: 4 (one-step) or 8 (two-step). */
export function payInvoice(ctx: SandboxContext, invoice: InvoiceRecord, notify = true): void {
  if (!isOpenInvoice(invoice)) {
    throw gatewayErrors.processing(
      invoice.expired
        ? `Invoice (id=${invoice.id}) expired at ${formatM4Timestamp(new Date(invoice.expires_at as number))}, it cannot be paid`
        : `Invoice (id=${invoice.id}) has status ${invoice.status}, it cannot be paid`
    )
  }
  invoice.ps_payer_account =
    invoice.addon_values.email ?? invoice.addon_values.phone ?? invoice.addon_values.account ?? CARD_ACCOUNT
  if (invoice.hold_required) {
    moveBalance(ctx.state, invoice.shop_id, invoice.currency, { to: "hold", amount: invoice.shop_refund })
    invoice.status = INVOICE_STATUS.HELD
    touch(ctx, invoice, false)
    invoice.held_at = invoice.updated_at
  } else {
    moveBalance(ctx.state, invoice.shop_id, invoice.currency, { to: "available", amount: invoice.shop_refund })
    invoice.status = INVOICE_STATUS.PAID
    touch(ctx, invoice, true)
  }
  if (notify) {
    notifyInvoice(ctx, invoice, invoice.hold_required ? "hold" : "success")
  }
  ctx.changed()
}

/** The payer declined, the payment system rejected or the invoice expired (at `atMs`): 6. */
export function rejectInvoice(ctx: SandboxContext, invoice: InvoiceRecord, notify = true, atMs?: number): void {
  if (!isOpenInvoice(invoice)) {
    throw gatewayErrors.processing(`Invoice (id=${invoice.id}) has status ${invoice.status}, it cannot be declined`)
  }
  invoice.status = INVOICE_STATUS.REJECTED
  touch(ctx, invoice, true, atMs)
  if (notify) {
    notifyInvoice(ctx, invoice, "rejected")
  }
  ctx.changed()
}

function requireHeld(invoice: InvoiceRecord, action: string): void {
  if (invoice.status !== INVOICE_STATUS.HELD) {
    throw gatewayErrors.processing(
      `Invoice (id=${invoice.id}) has status ${invoice.status}, ${action} needs a held invoice (status 8)`
    )
  }
}

/** Releases a hold: 8 → 6, `rejected` callback (DECISION c). */
export function unholdInvoice(ctx: SandboxContext, invoice: InvoiceRecord): void {
  requireHeld(invoice, "unhold")
  moveBalance(ctx.state, invoice.shop_id, invoice.currency, { from: "hold", amount: invoice.shop_refund })
  invoice.status = INVOICE_STATUS.REJECTED
  touch(ctx, invoice, true)
  notifyInvoice(ctx, invoice, "rejected")
  ctx.changed()
}

/** Captures a hold: 8 → 4, `success` callback. An expired hold is released instead (error 8). */
export function chargeInvoice(ctx: SandboxContext, invoice: InvoiceRecord): void {
  requireHeld(invoice, "charge")
  const age = ctx.clock.nowMs() - (invoice.held_at ?? invoice.updated_at)
  if (age > ctx.timings.holdMaxMs) {
    unholdInvoice(ctx, invoice)
    throw gatewayErrors.processing(
      `Invoice (id=${invoice.id}) hold expired (held longer than ${Math.round(ctx.timings.holdMaxMs / 86_400_000)} days) and was released`
    )
  }
  moveBalance(ctx.state, invoice.shop_id, invoice.currency, {
    from: "hold",
    to: "available",
    amount: invoice.shop_refund,
  })
  invoice.status = INVOICE_STATUS.PAID
  touch(ctx, invoice, true)
  notifyInvoice(ctx, invoice, "success")
  ctx.changed()
}

function callbackTarget(invoice: InvoiceRecord, shop: ShopConfig, event: InvoiceEvent): string | null {
  if (event === "rejected" && invoice.callback_rejected_url) {
    return invoice.callback_rejected_url
  }
  return invoice.callback_url ?? shop.callback_url ?? null
}

/** Queues the invoice callback for the current state (no URL configured → nothing to send). */
export function notifyInvoice(ctx: SandboxContext, invoice: InvoiceRecord, event: InvoiceEvent): void {
  const shop = ctx.shop(invoice.shop_id)
  const url = shop && callbackTarget(invoice, shop, event)
  if (!shop || !url) {
    ctx.logger.info(`invoice ${invoice.id} ${event}: no callback URL, nothing sent`)
    return
  }
  const rendered = renderSignedCallback(invoiceCallbackFields(invoice, event), shop.secret_key, shop.callback_format)
  ctx.callbacks.enqueue({
    type: "invoice",
    ref_id: invoice.id,
    event,
    shop_id: shop.shop_id,
    url: callbackUrlWithType(url, "invoice"),
    contentType: rendered.contentType,
    body: rendered.body,
  })
}
