/**
 * The plugin's own questions to its provider (not Medusa's lifecycle): verify an HTTP
 * notification and match it to the ledger, ask M4 about an invoice or its refunds, give back money
 * no order uses, and quote payment methods for the store route. Each is a short sequence of calls;
 * the decisions are the pure functions in utils/.
 */
import { PaymentActions } from "@medusajs/framework/utils"
import type { ProviderWebhookPayload } from "@medusajs/framework/types"
import { describeOutcome, INVOICE_STATUS, isDuplicateError, isNotFoundError, RefundStatus } from "../../../m4"
import type { InvoiceRecord } from "../../../modules/m4-ledger"
import type { M4QuoteAnswer, M4RefundsConfirmation, M4ReturnAnswer, M4WebhookActionResult } from "../types/webhook"
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
import { returnStep } from "../utils/return-decision"
import type { AttentionEvent, M4Gateway } from "./m4-gateway"

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
  if (!(await gw.invoices.claimReturn(record.id, reason))) {
    return answer("returning", status) // another settlement is returning it right now
  }
  try {
    if (step === "release") {
      return await releaseInFull(gw, record, reason, about, answer)
    }
    return await refundInFull(gw, record, reason, about, answer)
  } catch (e) {
    await gw.invoices.releaseReturn(record.id)
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
