/**
 * The hosted pay page (`data.url` of invoice/create and invoice/hold). Plain HTML a person can
 * use in a browser and a test can drive over HTTP:
 *   GET|POST /pay/<session>          the page (opening it moves the invoice 1 → 2)
 *   POST     /pay/<session>/pay      pay (the payway's add-ons were given at creation: DECISION i)
 *   POST     /pay/<session>/decline  decline
 * Past the invoice's `expires_at` the page only says the link has expired; pay and decline answer 410.
 * After an action the browser is sent (303) to success_url / failed_url, or to a result page.
 */
import { IncomingMessage, ServerResponse } from "node:http"
import { compareAmounts, getCurrency, INVOICE_STATUS } from "../../m4"
import type { SandboxContext } from "../context"
import { expireIfDue } from "../domain/invoice-expiry"
import { markAwaiting, payInvoice, rejectInvoice } from "../domain/invoices"
import { InvoiceRecord } from "../domain/records"
import { GatewayError } from "../gateway/gateway-error"
import { parseSimpleBody, readBody, redirect, send } from "../http/http-io"

/** What a payer reads about an invoice that can no longer be paid (never the status number). */
const OUTCOME_TEXT: Record<number, string> = {
  3: "This payment could not be started. Nothing was charged.",
  4: "Payment received. Thank you!",
  6: "This payment was declined or cancelled. Nothing was charged.",
  8: "Payment authorised. The shop will complete it.",
}

/** The shop's `expires_at` passed before the payer paid. */
const EXPIRED_TEXT = "This payment link has expired. Nothing was charged."

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

function money(amount: string, currencyCode: number): string {
  return `${amount} ${getCurrency(currencyCode).alpha}`
}

/** What the payer pays: the payer price in the payer's currency (the payway's). */
function payerMoney(invoice: InvoiceRecord): string {
  return money(invoice.payer_price, invoice.ps_currency ?? invoice.currency)
}

/** Why the payer's price differs from the amount: converted, and/or the payer bears the fee. */
function payerPriceNote(invoice: InvoiceRecord, converted: boolean): string {
  const feeIncluded = compareAmounts(invoice.payer_price, invoice.ps_amount) > 0
  const rate = `converted at 1 ${getCurrency(invoice.currency).alpha} = ${invoice.exchange_rate} ${getCurrency(invoice.ps_currency).alpha}`
  return [converted ? rate : "", feeIncluded ? "fee included" : ""].filter(Boolean).join(", ")
}

/**
 * The facts a payer needs: who is paid (the shop's name), for what (description), how much in the
 * shop's currency, what they pay in their own currency when it differs (or with the fee, when the
 * payer bears it), and how (the payment method's name). No ids, no internal status numbers.
 */
function invoiceFacts(ctx: SandboxContext, invoice: InvoiceRecord): string {
  const shop = ctx.shop(invoice.shop_id)
  const payway = ctx.config.payways.find((p) => p.alias === invoice.base_payway)
  const shopName = shop?.name ?? `Shop ${invoice.shop_id}`
  const amount = money(invoice.amount, invoice.currency)
  const payer = payerMoney(invoice)
  const converted = (invoice.ps_currency ?? invoice.currency) !== invoice.currency
  const rows = [
    `<dt>Pay to</dt><dd id="shop-name">${escapeHtml(shopName)}</dd>`,
    invoice.description ? `<dt>For</dt><dd id="description">${escapeHtml(invoice.description)}</dd>` : "",
    `<dt>Amount</dt><dd id="amount">${amount}</dd>`,
    payer !== amount
      ? `<dt>You pay</dt><dd id="payer-price">${payer} <small>(${payerPriceNote(invoice, converted)})</small></dd>`
      : "",
    payway ? `<dt>Payment method</dt><dd id="payment-method">${escapeHtml(payway.paymethod_name)}</dd>` : "",
  ]
  return `<dl>${rows.join("\n")}</dl>`
}

/** The sentence for an invoice that can no longer be paid. */
function outcomeText(invoice: InvoiceRecord): string | undefined {
  return invoice.expired ? EXPIRED_TEXT : OUTCOME_TEXT[invoice.status]
}

export function renderPayPage(ctx: SandboxContext, invoice: InvoiceRecord): string {
  const facts = invoiceFacts(ctx, invoice)
  if (invoice.status !== INVOICE_STATUS.CREATED && invoice.status !== INVOICE_STATUS.AWAITING_USER) {
    return page(
      "Payment",
      `${facts}<p id="outcome">${outcomeText(invoice) ?? "This payment can no longer be made."}</p>`
    )
  }
  const base = `/pay/${invoice.session_id}`
  return page(
    `Pay ${ctx.shop(invoice.shop_id)?.name ?? `Shop ${invoice.shop_id}`}`,
    `${facts}
<form method="post" action="${base}/pay" id="pay-form"><button type="submit">Pay ${payerMoney(invoice)}</button></form>
<form method="post" action="${base}/decline" id="decline-form"><button type="submit">Decline</button></form>`
  )
}

function resultPage(ctx: SandboxContext, invoice: InvoiceRecord): string {
  const outcome = outcomeText(invoice) ?? "Waiting for your payment."
  return page("Payment", `<p id="outcome">${escapeHtml(outcome)}</p>${invoiceFacts(ctx, invoice)}`)
}

export async function handlePayPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<void> {
  const [, , sessionFromPath = "", action = ""] = path.split("/")
  const body = req.method === "POST" ? parseSimpleBody(await readBody(req), req.headers["content-type"]) : {}
  const form = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >
  const sessionId =
    sessionFromPath || form.session_id || new URL(req.url ?? "/", "http://x").searchParams.get("session_id") || ""
  const invoice = ctx.state.invoiceBySessionId(sessionId)
  if (!invoice) {
    send(res, 404, page("Not found", "<p>No invoice for this payment session.</p>"), "text/html; charset=utf-8")
    return
  }
  const html = (status: number, text: string) => send(res, status, text, "text/html; charset=utf-8")
  const expired = expireIfDue(ctx, invoice)

  if (action === "" || action === "result") {
    if (action === "") {
      markAwaiting(ctx, invoice)
    }
    html(200, action === "result" ? resultPage(ctx, invoice) : renderPayPage(ctx, invoice))
    return
  }
  if (req.method !== "POST" || (action !== "pay" && action !== "decline")) {
    html(404, page("Not found", "<p>Unknown pay-page action.</p>"))
    return
  }
  if (expired) {
    // refused: the page says the link has expired, nothing else happens
    html(410, renderPayPage(ctx, invoice))
    return
  }
  try {
    if (action === "pay") {
      payInvoice(ctx, invoice)
    } else {
      rejectInvoice(ctx, invoice)
    }
  } catch (e) {
    if (e instanceof GatewayError) {
      // paid, held or declined meanwhile: the page says so (never the internal message)
      html(409, renderPayPage(ctx, invoice))
      return
    }
    throw e
  }
  const target = action === "pay" ? invoice.success_url : invoice.failed_url
  redirect(res, target ?? `/pay/${invoice.session_id}/result`)
}
