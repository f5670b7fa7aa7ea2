/**
 * The hosted pay page (`data.url` of invoice/create and invoice/hold). Plain HTML a person can
 * use in a browser and a test can drive over HTTP:
 *   GET|POST /pay/<session>          the page (opening it moves the invoice 1 → 2)
 *   POST     /pay/<session>/pay      pay; add-on fields not given at creation are required
 *   POST     /pay/<session>/decline  decline
 * After an action the browser is sent (303) to success_url / failed_url, or to a result page.
 */
import { IncomingMessage, ServerResponse } from "node:http"
import { getCurrency } from "../../m4/money/currencies"
import type { SandboxContext } from "../context"
import { markAwaiting, payInvoice, rejectInvoice } from "../domain/invoices"
import { INVOICE_STATUS, InvoiceRecord } from "../domain/records"
import { GatewayError } from "../gateway/gateway-error"
import { parseSimpleBody, readBody, redirect, send } from "../http/http-io"

const STATUS_TEXT: Record<number, string> = {
  1: "created",
  2: "awaiting payment",
  3: "failed to create",
  4: "paid",
  6: "rejected",
  8: "funds held",
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#555}label{display:block;margin:.5rem 0}
input{width:100%;padding:.3rem}button{padding:.5rem 1.2rem;margin:.5rem .5rem 0 0}.error{color:#b00}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}<p><small>M4 sandbox — test payments only</small></p></body></html>`
}

function missingAddOns(ctx: SandboxContext, invoice: InvoiceRecord) {
  const payway = ctx.config.payways.find((p) => p.alias === invoice.base_payway)
  return Object.entries(payway?.add_ons_config ?? {}).filter(([name]) => !(name in invoice.addon_values))
}

function money(amount: string, currencyCode: number): string {
  return `${amount} ${getCurrency(currencyCode).alpha}`
}

export function renderPayPage(ctx: SandboxContext, invoice: InvoiceRecord, error?: string): string {
  const facts = `<dl>
<dt>Shop</dt><dd>${invoice.shop_id}</dd>
<dt>Order</dt><dd>${escapeHtml(invoice.shop_order_id)}</dd>
<dt>Amount</dt><dd>${money(invoice.amount, invoice.currency)}</dd>
<dt>You pay</dt><dd id="payer-price">${money(invoice.payer_price, invoice.currency)}</dd>
<dt>Description</dt><dd>${escapeHtml(invoice.description ?? "")}</dd>
<dt>Status</dt><dd id="status">${invoice.status} (${STATUS_TEXT[invoice.status] ?? "?"})</dd>
</dl>`
  if (invoice.status !== INVOICE_STATUS.created && invoice.status !== INVOICE_STATUS.awaiting) {
    return page(`Invoice ${invoice.id}`, `${facts}<p>This invoice can no longer be paid.</p>`)
  }
  const inputs = missingAddOns(ctx, invoice)
    .map(([name, addOn]) => {
      const label = addOn.label?.en ?? name
      const pattern = addOn.regex ? ` pattern="${escapeHtml(addOn.regex)}"` : ""
      return `<label>${escapeHtml(label)}${addOn.prefix ? ` (${escapeHtml(addOn.prefix)})` : ""}
<input name="${escapeHtml(name)}" required placeholder="${escapeHtml(addOn.example ?? "")}"${pattern}></label>`
    })
    .join("\n")
  const base = `/pay/${invoice.session_id}`
  return page(
    `Pay invoice ${invoice.id}`,
    `${facts}${error ? `<p class="error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${base}/pay" id="pay-form">${inputs}
<button type="submit">Pay ${money(invoice.payer_price, invoice.currency)}</button></form>
<form method="post" action="${base}/decline" id="decline-form"><button type="submit">Decline</button></form>`
  )
}

function resultPage(invoice: InvoiceRecord): string {
  return page(
    `Invoice ${invoice.id}: ${STATUS_TEXT[invoice.status] ?? invoice.status}`,
    `<p id="status">${invoice.status}</p><p>Order ${escapeHtml(invoice.shop_order_id)}, ${money(invoice.amount, invoice.currency)}.</p>`
  )
}

/** Validates pay-form add-on values; returns an error text or null. */
function addOnError(ctx: SandboxContext, invoice: InvoiceRecord, values: Record<string, string>): string | null {
  for (const [name, addOn] of missingAddOns(ctx, invoice)) {
    const value = values[name]
    if (!value) {
      return `${addOn.label?.en ?? name} is required`
    }
    if (addOn.regex && !new RegExp(addOn.regex).test(value)) {
      return `${addOn.label?.en ?? name} is not valid`
    }
  }
  return null
}

/** Pays an invoice with add-on values (pay page and control API). */
export function payWithAddOns(ctx: SandboxContext, invoice: InvoiceRecord, values: Record<string, string>): void {
  const error = addOnError(ctx, invoice, values)
  if (error) {
    throw new GatewayError(10, error)
  }
  const payway = ctx.config.payways.find((p) => p.alias === invoice.base_payway)
  const known = Object.keys(payway?.add_ons_config ?? {})
  payInvoice(ctx, invoice, Object.fromEntries(Object.entries(values).filter(([k]) => known.includes(k))))
}

export async function handlePayPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<void> {
  const [, , sessionFromPath = "", action = ""] = path.split("/")
  const body = req.method === "POST" ? parseSimpleBody(await readBody(req), req.headers["content-type"]) : {}
  const form = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>
  const sessionId = sessionFromPath || form.session_id || new URL(req.url ?? "/", "http://x").searchParams.get("session_id") || ""
  const invoice = ctx.state.invoiceBySessionId(sessionId)
  if (!invoice) {
    send(res, 404, page("Not found", "<p>No invoice for this payment session.</p>"), "text/html; charset=utf-8")
    return
  }
  const html = (status: number, text: string) => send(res, status, text, "text/html; charset=utf-8")

  if (action === "" || action === "result") {
    if (action === "") {
      markAwaiting(ctx, invoice)
    }
    html(200, action === "result" ? resultPage(invoice) : renderPayPage(ctx, invoice))
    return
  }
  if (req.method !== "POST" || (action !== "pay" && action !== "decline")) {
    html(404, page("Not found", "<p>Unknown pay-page action.</p>"))
    return
  }
  try {
    if (action === "pay") {
      payWithAddOns(ctx, invoice, form)
    } else {
      rejectInvoice(ctx, invoice)
    }
  } catch (e) {
    if (e instanceof GatewayError) {
      html(e.code === 8 ? 409 : 400, renderPayPage(ctx, invoice, e.message))
      return
    }
    throw e
  }
  const target = action === "pay" ? invoice.success_url : invoice.failed_url
  redirect(res, target ?? `/pay/${invoice.session_id}/result`)
}
