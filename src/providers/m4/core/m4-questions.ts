/**
 * The plugin's own questions to its provider (not Medusa's lifecycle): verify an HTTP
 * notification and match it to the ledger, ask M4 about an invoice or its refunds, and quote
 * payment methods for the store route (giving back money no order uses: m4-return.ts). Each is a short sequence of calls;
 * the decisions are the pure functions in utils/.
 */
import { PaymentActions } from "@medusajs/framework/utils"
import type { ProviderWebhookPayload } from "@medusajs/framework/types"
import { describeOutcome, INVOICE_STATUS, isNotFoundError, RefundStatus } from "../../../m4"
import type { InvoiceRecord } from "../../../modules/m4-ledger"
import type { M4QuoteAnswer, M4RefundsConfirmation, M4WebhookActionResult } from "../types/webhook"
import { fatalToMedusaError, unresolvedToMedusaError } from "../utils/gateway-errors"
import {
  invoiceMismatch,
  matchInvoiceNotification,
  matchRefundNotification,
  readNotification,
} from "../utils/notification-decision"
import { paywayForCurrency } from "../utils/payway"
import { bareAlias, paymentMethodQuote, paywaysFor, quoteOrderId, worthQuoting } from "../utils/quote"
import { webhookActionFromInvoiceStatus } from "../utils/status-mapping"
import type { M4Gateway } from "./m4-gateway"

const ignore: M4WebhookActionResult = { action: PaymentActions.NOT_SUPPORTED }

/**
 * An HTTP notification: verified once (sender, signature, shop), then matched to the ledger's
 * invoice or refund it names. The answer never moves money (action not_supported): the route
 * stores it and the plugin asks M4. What cannot be matched is logged (a few lines a minute at most)
 * and never stored.
 */
export async function verifyNotification(
  gw: M4Gateway,
  payload: ProviderWebhookPayload["payload"]
): Promise<M4WebhookActionResult> {
  const read = readNotification(payload, gw.options)
  if (!read.accepted) {
    logThrottled(gw, "unverified", read)
    return ignore
  }
  const { verified } = read
  if (verified.type === "refund") {
    const record = await gw.refunds.byShopRefundId(verified.callback.shop_refund_id)
    const match = matchRefundNotification(verified.callback, record)
    if (!match.accepted) {
      logThrottled(gw, record ? "refund-mismatch" : "refund-unknown", match)
      return ignore
    }
    return { ...ignore, m4: { notification: { verified, provider_id: match.record.provider_id } } }
  }
  const record = await gw.invoices.byShopOrderId(verified.callback.shop_order_id)
  const match = matchInvoiceNotification(verified.callback, record, gw.options.shopId)
  if (!match.accepted) {
    logThrottled(gw, record ? "invoice-mismatch" : "invoice-unknown", match)
    return ignore
  }
  return {
    ...ignore,
    m4: {
      notification: {
        verified,
        provider_id: match.record.provider_id,
        shop_order_id: match.record.shop_order_id,
        session_id: record?.session_id ?? null,
      },
    },
  }
}

function logThrottled(gw: M4Gateway, kind: string, line: { level: "info" | "warn" | "error"; message: string }) {
  const message = gw.rejections.line(kind, line.message)
  if (message) {
    gw.log({ level: line.level, message })
  }
}

/**
 * What M4 says about the invoice now (invoice/check), as the action Medusa should take. A paid or
 * rejected invoice is final at M4: when the ledger already holds that answer from M4, M4 is not
 * asked again (one invoice/check per paid payment, whoever asks first). `known`: the row the caller
 * has just read (a stale one only means M4 is asked when it need not be).
 */
export async function confirmInvoice(
  gw: M4Gateway,
  shopOrderId: string,
  known?: InvoiceRecord
): Promise<M4WebhookActionResult> {
  const record = known?.shop_order_id === shopOrderId ? known : await gw.invoices.byShopOrderId(shopOrderId)
  if (!record) {
    return ignore
  }
  const base = { kind: "invoice" as const, shop_order_id: shopOrderId }
  if (isFinalOnRecord(record)) {
    const status = record.m4_status!
    const confirmation = { ...base, status, invoice_id: Number(record.invoice_id), asked: false }
    return { ...webhookActionFromInvoiceStatus(status, record.session_id ?? "", record.amount), m4: { confirmation } }
  }
  const checked = await gw.checkInvoice(shopOrderId)
  if (checked.kind === "unknown") {
    // never guess: the caller retries later
    throw unresolvedToMedusaError("status", checked)
  }
  if (checked.kind === "fatal") {
    if (isNotFoundError(checked.code)) {
      return { ...ignore, m4: { confirmation: { ...base, asked: true } } } // no invoice at M4 (yet)
    }
    throw fatalToMedusaError("status", checked)
  }
  const invoice = checked.data
  const mismatch = invoiceMismatch({ amount: record.amount, currency_code: record.currency_code }, invoice)
  const confirmation = {
    ...base,
    status: Number(invoice.status),
    invoice_id: Number(invoice.payment_id),
    asked: true,
    mismatch,
  }
  if (mismatch) {
    gw.logger.error(
      `M4: invoice ${invoice.payment_id} does not match the invoice this store asked for (${shopOrderId}): ${mismatch}`
    )
    return { ...ignore, m4: { confirmation } }
  }
  return {
    ...webhookActionFromInvoiceStatus(confirmation.status, record.session_id ?? "", record.amount),
    m4: { confirmation },
  }
}

/** M4 said paid (4) or rejected (6) when asked: both are final, so its answer stands. */
function isFinalOnRecord(record: InvoiceRecord): boolean {
  return (
    !!record.confirmed_at &&
    !!record.invoice_id &&
    (record.m4_status === INVOICE_STATUS.PAID || record.m4_status === INVOICE_STATUS.REJECTED)
  )
}

/** M4's list of the invoice's refunds now (invoice/get-refunds). */
export async function confirmRefunds(gw: M4Gateway, invoiceId: string): Promise<M4WebhookActionResult> {
  const listed = await gw.retryOnceIfUnknown(() => gw.client.invoiceGetRefunds({ invoice_id: Number(invoiceId) }))
  const refunds: M4RefundsConfirmation["refunds"] = gw
    .okOrThrow("refund status", listed)
    .filter((r) => typeof r.shop_refund_id === "string")
    .map((r) => ({
      shop_refund_id: String(r.shop_refund_id),
      status: r.status as RefundStatus,
      id: (r as { id?: unknown }).id === undefined ? undefined : String((r as { id?: unknown }).id),
      amount: r.amount === undefined || r.amount === null ? undefined : String(r.amount),
      currency: r.currency === undefined || r.currency === null ? undefined : String(r.currency),
    }))
  return { ...ignore, m4: { confirmation: { kind: "refunds", refunds } } }
}

/** The payway this provider uses for the currency, as M4's shop config lists it; undefined when none. */
export function quotedPayway(gw: M4Gateway, currencyCode: string): string | undefined {
  const alias = paywayForCurrency(gw.options.payway, currencyCode)
  return alias ? bareAlias(alias) : undefined
}

/** The payer's price of this provider's payment methods for an amount: shop_input_config, then invoice/try per payway. */
export async function quotePaymentMethods(
  gw: M4Gateway,
  request: { cart_id: string; amount: string; currency_code: string }
): Promise<M4QuoteAnswer> {
  const currency = gw.currencyOf(request.currency_code)
  const alias = quotedPayway(gw, currency.alpha)
  if (!alias) {
    return { kind: "quote", methods: [] }
  }
  // anyone with a cart asks this: M4's answers are kept briefly, shared by the shop's providers (utils/quote-cache)
  const config = await gw.quotes.shopConfig(() => gw.client.shopInputConfig())
  if (config.kind !== "ok") {
    // the shopper reads "M4 is not responding"; what M4 answered goes to the log, a few lines a minute
    logThrottled(gw, "quote-unavailable", {
      level: "warn",
      message: `M4: shop_input_config for the payment methods' prices: ${describeOutcome(config)}`,
    })
    return { kind: "quote", unavailable: true }
  }
  const methods = await Promise.all(
    paywaysFor(config.data, currency, alias).map(async ({ method, payway }) => {
      const tried = worthQuoting(request.amount, currency, payway)
        ? await gw.quotes.invoiceTry({ payway: payway.alias, currency: currency.numeric, amount: request.amount }, () =>
            gw.client.invoiceTry({
              shop_order_id: quoteOrderId(request.cart_id, payway.alias),
              amount: request.amount,
              currency: currency.numeric,
              payway: payway.alias,
            })
          )
        : undefined
      return paymentMethodQuote({ method, payway, currency, amount: request.amount, tried })
    })
  )
  return { kind: "quote", methods }
}
