/**
 * `expires_at` of invoice/create and invoice/hold (docs/m4-protocol.md DECISION k): once the
 * sandbox clock passes it, an invoice the payer has not paid (status 1 or 2) can no longer be
 * paid: it becomes 6 (rejected) and a `rejected` callback is sent, as for a decline. The
 * scheduler does it on time even if nobody looks; every read of the invoice (invoice/check, the
 * pay page, charge/unhold/refunds, the control API) applies it too, so the answer never depends
 * on timer latency. A held invoice (8) is not affected: M4 keeps holds 5 days.
 */
import type { SandboxContext } from "../context"
import { DueWork } from "../scheduler"
import { isOpenInvoice, rejectInvoice } from "./invoices"
import { InvoiceRecord } from "./records"

function expire(ctx: SandboxContext, invoice: InvoiceRecord): void {
  invoice.expired = true
  rejectInvoice(ctx, invoice, true, invoice.expires_at ?? undefined)
}

/** Expires an invoice whose `expires_at` has passed and that is still open; true when it is expired. */
export function expireIfDue(ctx: SandboxContext, invoice: InvoiceRecord): boolean {
  if (invoice.expires_at !== null && invoice.expires_at <= ctx.clock.nowMs() && isOpenInvoice(invoice)) {
    expire(ctx, invoice)
  }
  return invoice.expired
}

/** Expires every open invoice whose time has come (several at once when the clock jumped). */
export function invoiceExpirer(ctx: () => SandboxContext): DueWork {
  return {
    nextDueAt: () => ctx().state.expiries.nextDueAt(),
    runDue(nowMs) {
      const c = ctx()
      for (const invoice of c.state.expiries.takeDue(nowMs, isOpenInvoice)) {
        expire(c, invoice)
      }
    },
  }
}
