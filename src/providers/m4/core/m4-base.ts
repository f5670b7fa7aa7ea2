import { randomUUID } from "node:crypto"
import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import {
  describeOutcome,
  INVOICE_STATUS,
  InvoiceCheckData,
  InvoiceCreateData,
  isDuplicateError,
  M4FatalOutcome,
  M4Outcome,
  M4UnknownOutcome,
} from "../../../m4"
import type { InvoiceRecord } from "../../../modules/m4-ledger"
import { M4PaymentData } from "../types/session-data"
import { M4ProviderOptions } from "../types/options"
import { answerSays, cancelStart, captureError, releaseFailure } from "../utils/capture-cancel-rules"
import { gatewayFailure, payPageUnknown } from "../utils/gateway-errors"
import {
  addOnsFor,
  invoiceIssueRequest,
  InvoiceIssueRequest,
  invoiceTryRequest,
  issuedOutput,
  quotedSessionData,
  requiresMoreOutput,
  sessionIdentity,
  storefrontData,
} from "../utils/invoice-request"
import { requestDigest, reusableUntil, reusedOutput } from "../utils/invoice-reuse"
import { parseM4Options } from "../utils/parse-options"
import { needsRefundLookup, refundRefusal, refundState } from "../utils/refund-outcome"
import { authorizeDecision, authorizeFromRecord } from "../utils/status-mapping"
import { M4_QUESTION_KEY, M4Question, M4WebhookActionResult } from "../types/webhook"
import { M4Gateway, ProviderContainer } from "./m4-gateway"
import { confirmInvoice, confirmRefunds, quotedPayway, quotePaymentMethods, verifyNotification } from "./m4-questions"
import { returnInvoice } from "./m4-return"

export type { M4WebhookActionResult }

/**
 * Medusa's payment lifecycle for every M4 provider service (services only set the identifier).
 * Each method is a short sequence: record the intent in the ledger, call M4, let a rule in utils/
 * decide, record M4's answer. Authorize, capture and cancel act on what M4 says the invoice's
 * status is (checked, or a charge/unhold answer), so they are idempotent under retries from cart
 * completion, notifications and the admin; an unknown outcome is re-checked, never guessed.
 */
abstract class M4Base extends AbstractPaymentProvider<M4ProviderOptions> {
  protected readonly options_: M4ProviderOptions
  protected readonly gateway_: M4Gateway
  protected readonly container_: ProviderContainer

  static validateOptions(options: Record<string, unknown>): void {
    parseM4Options(options)
  }

  constructor(container: ProviderContainer, options: M4ProviderOptions) {
    super(container, options)
    this.container_ = container
    this.options_ = parseM4Options(options)
    this.gateway_ = new M4Gateway(this.options_, this.getIdentifier(), container.logger, container)
  }

  // ── issuing the invoice ─────────────────────────────────────────────────────

  /**
   * One live invoice per payment collection: a session that asks for exactly what a still-payable
   * invoice of its collection asks for takes that invoice over (no gateway call); otherwise the
   * intent is recorded in the ledger, then M4 is asked (invoice/try, then invoice/create or
   * invoice/hold with an `expires_at`).
   */
  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const gw = this.gateway_
    const session = sessionIdentity(input)
    const currency = gw.currencyOf(input.currency_code)
    const request = invoiceTryRequest({
      session,
      amount: gw.exactAmount(input.amount, currency),
      currency,
      payway: gw.paywayFor(currency),
      options: this.options_,
      items: storefrontData(input).items,
    })
    const digest = requestDigest(request.description, input)
    const collectionId = await this.paymentCollectionOf(session.sessionId)
    if (collectionId) {
      const reused = await gw.invoices.claimReusable({
        payment_collection_id: collectionId,
        provider_id: gw.providerId,
        amount: request.amount,
        currency_code: currency.alpha.toLowerCase(),
        payway: request.payway,
        request_digest: digest,
        session_id: session.sessionId,
        payable_until: reusableUntil(this.options_.invoiceLifetimeMs),
      })
      if (reused?.session_data) {
        return reusedOutput(session, reused.session_data)
      }
    }
    const quote = gw.okOrThrow("payment", await gw.retryOnceIfUnknown(() => gw.client.invoiceTry(request)))
    const addOns = addOnsFor(input, quote)
    const data = quotedSessionData({ session, request, currency, mode: this.options_.mode, quote, addOns })
    if (addOns.missing.length) {
      return requiresMoreOutput(session, data, quote, addOns)
    }
    const expiresAt = new Date(Date.now() + this.options_.invoiceLifetimeMs)
    const record = await gw.invoices.recordIntent({
      shop_order_id: session.sessionId,
      provider_id: gw.providerId,
      mode: this.options_.mode,
      payment_collection_id: collectionId ?? null,
      cart_id: session.cartId ?? null,
      session_id: session.sessionId,
      amount: request.amount,
      currency_code: currency.alpha.toLowerCase(),
      payway: request.payway,
      request_digest: digest,
      expires_at: expiresAt,
    })
    const issueRequest = {
      ...invoiceIssueRequest({ request, session, options: this.options_, callbackUrl: gw.notificationUrl(), addOns }),
      expires_at: expiresAt,
    }
    const issued = await this.issueInvoice(issueRequest)
    if (issued.kind === "ok") {
      const output = issuedOutput(session, data, issued.data)
      const { session_id: _own, cart_id: _cart, ...shared } = output.data as M4PaymentData
      await gw.invoices.markIssued(record.id, { invoice_id: String(issued.data.id), session_data: shared })
      return output
    }
    throw await this.invoiceNotIssued(record, issued)
  }

  /** invoice/create or invoice/hold; a retry reuses the same shop_order_id: M4 refuses a second invoice for it (error 6). */
  protected issueInvoice(request: InvoiceIssueRequest): Promise<M4Outcome<InvoiceCreateData>> {
    const gw = this.gateway_
    const issue = () =>
      this.options_.mode === "two_step" ? gw.client.invoiceHold(request) : gw.client.invoiceCreate(request)
    return gw.retryOnceIfUnknown(issue)
  }

  /** The error for an invoice that was refused, or may exist but whose pay-page link never reached us. */
  protected async invoiceNotIssued(
    record: InvoiceRecord,
    issued: M4FatalOutcome | M4UnknownOutcome
  ): Promise<MedusaError> {
    if (issued.kind === "fatal" && !isDuplicateError(issued.code)) {
      await this.gateway_.invoices.markNotIssued(record.id, describeOutcome(issued))
      return gatewayFailure("payment", issued, this.gateway_.logger)
    }
    // The ledger keeps it `issuing`: the reconciliation asks M4 whether it exists (and whether
    // anyone paid it). Never issue another one for this session.
    return payPageUnknown(record.shop_order_id, issued, this.gateway_.logger)
  }

  // ── status-driven operations ────────────────────────────────────────────────

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const gw = this.gateway_
    const data = gw.paymentData(input.data)
    if (!data.invoice_id && data.missing_add_ons?.length) {
      return { status: PaymentSessionStatus.REQUIRES_MORE, data }
    }
    // M4's final answer (paid, rejected), or a hold it confirmed seconds ago, is on record: no need to ask again
    const record = data.shop_order_id ? await gw.invoices.byShopOrderId(data.shop_order_id) : undefined
    const known = record ? authorizeFromRecord(data, record, this.options_) : undefined
    if (known) {
      return known
    }
    const checked: M4Outcome<InvoiceCheckData> = await gw.checkInvoice(data.shop_order_id)
    const { status, data: decided, log } = authorizeDecision(data, checked, this.options_)
    gw.log(log)
    return { status, data: decided }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const gw = this.gateway_
    const data = gw.paymentData(input.data)
    const paid = { data: { ...data, m4_status: INVOICE_STATUS.PAID } }
    // Charge first (one call on the happy path); a paid invoice is refused at M4, never charged twice.
    const charged = await gw.client.invoiceCharge({ invoice_id: gw.invoiceId(data) })
    if (answerSays(charged, INVOICE_STATUS.PAID)) {
      await gw.recordStatus(data.shop_order_id, INVOICE_STATUS.PAID)
      return paid
    }
    // Refused, unknown, or not yet final: what M4 now says decides (paid: captured now, or before).
    const after = await gw.checkInvoice(data.shop_order_id)
    if (answerSays(after, INVOICE_STATUS.PAID)) {
      return paid
    }
    throw captureError(data.invoice_id, charged, after)
  }

  /**
   * Cancel: a hold is released; an invoice M4 has already charged (captured in M4's cabinet, or a
   * capture whose answer was lost) is refunded in full, because Medusa cancels the order whatever
   * a provider answers (core-flows' cancelPaymentStep only logs a provider's error).
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const gw = this.gateway_
    const data = gw.paymentData(input.data)
    if (!data.shop_order_id) {
      return { data }
    }
    const status = await gw.currentStatus(data.shop_order_id, "cancel", { missingIsUnpaid: true })
    const start = cancelStart(data, status)
    if ("done" in start) {
      return { data: start.done }
    }
    if ("returnPaid" in start) {
      const returned = await returnInvoice(gw, data.shop_order_id, "canceled_after_charge")
      const result = returned.m4?.answer?.kind === "return" ? returned.m4.answer.result : undefined
      if (result === "returned" || result === "returning" || result === "flagged") {
        return { data: { ...data, m4_status: INVOICE_STATUS.PAID, m4_returned: result } }
      }
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `M4 cancel: invoice ${data.invoice_id} was already charged and M4 refused to refund it; refund it in M4`
      )
    }
    const released = await gw.client.invoiceUnhold({ invoice_id: gw.invoiceId(data) })
    if (
      answerSays(released, INVOICE_STATUS.REJECTED) ||
      answerSays(await gw.checkInvoice(data.shop_order_id), INVOICE_STATUS.REJECTED)
    ) {
      await gw.recordStatus(data.shop_order_id, INVOICE_STATUS.REJECTED)
      return { data: { ...data, m4_status: INVOICE_STATUS.REJECTED } }
    }
    const failure = releaseFailure(data.invoice_id, released)
    gw.logger.error(failure.log)
    throw failure.error
  }

  /**
   * Medusa replaced or dropped the session (it hard-deletes the row). The ledger keeps the invoice,
   * without a session now unless another one took it over; a hold is released at once. An unpaid
   * single-step invoice cannot be withdrawn at M4: it stops being payable at its `expires_at`, and
   * if the shopper pays it anyway the money goes back (the settlement finds no order for it).
   */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const gw = this.gateway_
    const data = gw.paymentData(input.data)
    if (data.session_id) {
      await gw.invoices.detachSession(data.session_id)
    }
    if (this.options_.mode !== "two_step" || !data.invoice_id || !data.shop_order_id) {
      return { data }
    }
    try {
      const record = await gw.invoices.byShopOrderId(data.shop_order_id)
      if (record?.session_id) {
        return { data } // another session of the collection took the invoice over
      }
      const checked = await gw.checkInvoice(data.shop_order_id)
      if (checked.kind === "ok" && Number(checked.data.status) === INVOICE_STATUS.HELD) {
        const released = await gw.client.invoiceUnhold({ invoice_id: gw.invoiceId(data) })
        if (released.kind === "ok") {
          await gw.recordStatus(data.shop_order_id, Number(released.data.status))
        } else {
          gw.logger.error(`M4: releasing hold of deleted session ${data.shop_order_id}: ${describeOutcome(released)}`)
        }
      }
    } catch (e) {
      gw.logger.error(`M4: releasing hold of deleted session ${data.shop_order_id}: ${(e as Error).message}`)
    }
    return { data }
  }

  /**
   * A refund is its own ledger record, written before invoice/create-refund (its shop_refund_id is
   * Medusa's refund id, so a retry is recognised by M4 and by the ledger). Payment data is
   * returned unchanged: Medusa overwrites it, and parallel refunds must not overwrite each other.
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const gw = this.gateway_
    const data = gw.paymentData(input.data)
    if (!data.invoice_id || !data.currency_code || !data.shop_order_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4 refund: the payment has no M4 invoice")
    }
    const currency = gw.currencyOf(data.currency_code)
    const amount = gw.exactAmount(input.amount, currency)
    const shopRefundId = input.context?.idempotency_key ?? `refund_${randomUUID()}`
    const invoice = await gw.invoices.byShopOrderId(data.shop_order_id)
    if (!invoice?.invoice_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4 refund: the payment's invoice is not on record")
    }
    await gw.refunds.recordIntent({
      shop_refund_id: shopRefundId,
      kind: "refund",
      provider_id: gw.providerId,
      invoice_ref: invoice.id,
      invoice_id: invoice.invoice_id,
      payment_id: invoice.payment_id ?? (await this.paymentOfSession(data.session_id)),
      refund_id: input.context?.idempotency_key ?? null,
      order_id: invoice.order_id,
      amount,
      currency_code: invoice.currency_code,
    })
    const request = {
      invoice_id: gw.invoiceId(data),
      amount,
      currency: currency.numeric,
      shop_refund_id: shopRefundId,
      // M4 sends the refund's notification here, else to the cabinet's URL (never the invoice's).
      callback_url: gw.notificationUrl(),
    }
    // A retry reuses shop_refund_id: a duplicate (6) means the first request arrived.
    const outcome = await gw.retryOnceIfUnknown(() => gw.client.invoiceCreateRefund(request))
    const listed = needsRefundLookup(outcome) ? await gw.findRefund(gw.invoiceId(data), shopRefundId) : undefined
    const state = refundState(outcome, listed)
    if (state.status !== "UNCONFIRMED") {
      await gw.refunds.recordAnswer(shopRefundId, {
        status: state.status,
        m4_refund_id: state.refundId,
        reason: state.reason,
      })
    } else {
      gw.logger.warn(
        `M4: refund ${shopRefundId} of ${amount} ${currency.alpha}: ${state.reason}; recorded as made, confirming with M4`
      )
    }
    const refusal = refundRefusal(outcome, state, { amount, currency: currency.alpha })
    if (refusal) {
      throw refusal // nothing moved: Medusa drops its refund
    }
    return { data }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const gw = this.gateway_
    const data = gw.paymentData(input.data)
    const invoice = gw.okOrThrow("status", await gw.checkInvoice(data.shop_order_id))
    return { data: { ...data, m4_status: Number(invoice.status), invoice_id: Number(invoice.payment_id) } }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.authorizePayment(input)
  }

  /** A passthrough: the plugin's settlement uses it to record what M4 said. */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return { data: input.data }
  }

  // ── notifications and the plugin's questions ────────────────────────────────

  /**
   * Two callers. (1) The plugin's webhook route, with M4's HTTP notification: verified here,
   * once, and matched to the ledger; the answer never moves money (action not_supported) — the
   * route stores it and the plugin then asks M4. (2) The plugin itself, with an M4_QUESTION_KEY
   * payload (no raw body, so no HTTP request can pose as one): its questions in m4-questions.ts.
   * Core's own webhook subscriber never sees an M4 notification.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<M4WebhookActionResult> {
    const confirm = (payload.data as Record<string, unknown> | undefined)?.[M4_QUESTION_KEY] as M4Question | undefined
    if (confirm && payload.rawData === undefined) {
      return this.answer(confirm)
    }
    return verifyNotification(this.gateway_, payload)
  }

  protected async answer(request: M4Question): Promise<M4WebhookActionResult> {
    const gw = this.gateway_
    switch (request.kind) {
      case "invoice":
        return confirmInvoice(gw, request.shop_order_id, request.known)
      case "refunds":
        return confirmRefunds(gw, request.invoice_id)
      case "return":
        return returnInvoice(gw, request.shop_order_id, request.reason)
      case "payway":
        return {
          action: PaymentActions.NOT_SUPPORTED,
          m4: { answer: { kind: "payway", alias: quotedPayway(gw, request.currency_code) ?? null } },
        }
      case "quote":
        return { action: PaymentActions.NOT_SUPPORTED, m4: { answer: await quotePaymentMethods(gw, request) } }
    }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────

  /** Medusa's payment made from a session (the provider is only given the payment's data). */
  protected async paymentOfSession(sessionId: string | undefined): Promise<string | null> {
    const service = this.container_.paymentService as
      { list(filters: object, config: object): Promise<{ id: string }[]> } | undefined
    if (!sessionId || !service) {
      return null
    }
    const [payment] = await service.list({ payment_session_id: sessionId }, { select: ["id"] })
    return payment?.id ?? null
  }

  /** The session's payment collection: Medusa creates the session row before asking the provider. */
  protected async paymentCollectionOf(sessionId: string): Promise<string | undefined> {
    const service = this.container_.paymentSessionService as
      { list(filters: object, config: object): Promise<{ payment_collection_id?: string }[]> } | undefined
    const [session] = (await service?.list({ id: sessionId }, { select: ["id", "payment_collection_id"] })) ?? []
    return session?.payment_collection_id
  }
}

export default M4Base
