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
  Logger,
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
  findCurrency,
  formatPositiveAmount,
  INVOICE_STATUS,
  InvoiceCheckData,
  InvoiceCreateData,
  InvalidAmountError,
  isDuplicateError,
  isNotFoundError,
  M4Client,
  M4Currency,
  M4FatalOutcome,
  M4Outcome,
  M4UnknownOutcome,
  RefundStatus,
} from "../../../m4"
import { M4PaymentData } from "../types/session-data"
import { M4ProviderOptions } from "../types/options"
import { answerSays, cancelStart, captureError, releaseFailure } from "../utils/capture-cancel-rules"
import {
  amountNotPayable,
  fatalToMedusaError,
  gatewayFailure,
  methodUnavailable,
  payPageUnknown,
  unresolvedToMedusaError,
} from "../utils/gateway-errors"
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
import {
  invoiceMismatch,
  matchInvoiceNotification,
  readNotification,
  SessionForNotification,
} from "../utils/notification-decision"
import { parseM4Options } from "../utils/parse-options"
import { paywayForCurrency } from "../utils/payway"
import { RecentInvoiceAnswers } from "../utils/recent-invoice-answers"
import { bareAlias, paymentMethodQuote, paywaysFor, quoteOrderId, worthQuoting } from "../utils/quote"
import { needsRefundLookup, refundState, withRefundRecord } from "../utils/refund-outcome"
import { notificationUrl } from "../utils/registration-id"
import { authorizeDecision, webhookActionFromInvoiceStatus } from "../utils/status-mapping"
import { M4_CONFIRM_KEY, M4ConfirmRequest, M4QuoteAnswer, M4WebhookActionResult } from "../types/webhook"

type InjectedDependencies = {
  logger: Logger
  [key: string]: unknown
}

export type { M4WebhookActionResult }

type SessionRecord = SessionForNotification

/**
 * Gateway logic shared by every M4 provider service (services only set the identifier).
 * Every state-changing call is status-checked first and re-checked after an unknown outcome
 * (API.md DECISION b/f), so authorize, capture, cancel and refund are idempotent under retries
 * from cart completion, webhooks and the admin.
 */
abstract class M4Base extends AbstractPaymentProvider<M4ProviderOptions> {
  protected readonly options_: M4ProviderOptions
  protected readonly logger_: Logger
  protected readonly client_: M4Client
  protected readonly container_: InjectedDependencies
  protected readonly recentAnswers_ = new RecentInvoiceAnswers()

  static validateOptions(options: Record<string, unknown>): void {
    parseM4Options(options)
  }

  constructor(container: InjectedDependencies, options: M4ProviderOptions) {
    super(container, options)
    this.container_ = container
    this.options_ = parseM4Options(options)
    this.logger_ = container.logger
    this.client_ = new M4Client({
      shopId: this.options_.shopId,
      secretKey: this.options_.secretKey,
      baseUrl: this.options_.apiUrl,
      timeoutMs: this.options_.timeoutMs,
      logger: { warn: (message) => this.logger_.warn(`M4: ${message}`) },
    })
  }

  // ── issuing the invoice ─────────────────────────────────────────────────────

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const session = sessionIdentity(input)
    const currency = this.currencyOf(input.currency_code)
    const request = invoiceTryRequest({
      session,
      amount: this.exactAmount(input.amount, currency),
      currency,
      payway: this.paywayFor(currency),
      options: this.options_,
      items: storefrontData(input).items,
    })
    const quote = this.okOrThrow("payment", await this.retryOnceIfUnknown(() => this.client_.invoiceTry(request)))
    const addOns = addOnsFor(input, quote)
    const data = quotedSessionData({ session, request, currency, mode: this.options_.mode, quote, addOns })
    if (addOns.missing.length) {
      return requiresMoreOutput(session, data, quote, addOns)
    }
    const issueRequest = invoiceIssueRequest({
      request,
      session,
      options: this.options_,
      callbackUrl: this.notificationUrl(),
      addOns,
    })
    const issued = await this.issueInvoice(issueRequest)
    if (issued.kind === "ok") {
      return issuedOutput(session, data, issued.data)
    }
    throw this.invoiceNotIssued(session.sessionId, issued)
  }

  /** invoice/create or invoice/hold; a retry reuses the same shop_order_id: M4 refuses a second invoice for it (error 6). */
  protected issueInvoice(request: InvoiceIssueRequest): Promise<M4Outcome<InvoiceCreateData>> {
    const issue = () =>
      this.options_.mode === "two_step" ? this.client_.invoiceHold(request) : this.client_.invoiceCreate(request)
    return this.retryOnceIfUnknown(issue)
  }

  /** The error for an invoice that was refused, or may exist but whose pay-page link never reached us. */
  protected invoiceNotIssued(sessionId: string, issued: M4FatalOutcome | M4UnknownOutcome): MedusaError {
    if (issued.kind === "fatal" && !isDuplicateError(issued.code)) {
      return gatewayFailure("payment", issued, this.logger_)
    }
    // Never issue another one for this session; the unpaid invoice simply lapses.
    return payPageUnknown(sessionId, issued, this.logger_)
  }

  // ── status-driven operations ────────────────────────────────────────────────

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = this.paymentData(input.data)
    if (!data.invoice_id && data.missing_add_ons?.length) {
      return { status: PaymentSessionStatus.REQUIRES_MORE, data }
    }
    // settling a notification: M4 was asked a moment ago (confirmInvoice) and said paid or held
    const recent = data.shop_order_id ? this.recentAnswers_.take(data.shop_order_id) : undefined
    const checked: M4Outcome<InvoiceCheckData> = recent ? { kind: "ok", data: recent } : await this.checkInvoice(data)
    const { status, data: decided, log } = authorizeDecision(data, checked, this.options_)
    this.log(log)
    return { status, data: decided }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = this.paymentData(input.data)
    const paid = { data: { ...data, m4_status: INVOICE_STATUS.PAID } }
    // Charge first (one call on the happy path); a paid invoice is refused at M4, never charged twice.
    const charged = await this.client_.invoiceCharge({ invoice_id: this.invoiceId(data) })
    if (answerSays(charged, INVOICE_STATUS.PAID)) {
      return paid
    }
    // Refused, unknown, or not yet final: what M4 now says decides (paid: captured now, or before).
    const after = await this.checkInvoice(data)
    if (answerSays(after, INVOICE_STATUS.PAID)) {
      return paid
    }
    throw captureError(data.invoice_id, charged, after)
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = this.paymentData(input.data)
    if (!data.shop_order_id) {
      return { data }
    }
    const start = cancelStart(data, await this.currentStatus(data, "cancel", { missingIsUnpaid: true }))
    if ("done" in start) {
      return { data: start.done }
    }
    const released = await this.client_.invoiceUnhold({ invoice_id: this.invoiceId(data) })
    if (
      answerSays(released, INVOICE_STATUS.REJECTED) ||
      answerSays(await this.checkInvoice(data), INVOICE_STATUS.REJECTED)
    ) {
      return { data: { ...data, m4_status: INVOICE_STATUS.REJECTED } }
    }
    const failure = releaseFailure(data.invoice_id, released)
    this.logger_.error(failure.log)
    throw failure.error
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = this.paymentData(input.data)
    if (this.options_.mode !== "two_step" || !data.invoice_id) {
      return { data } // unpaid single-step invoices lapse; nothing held
    }
    try {
      const checked = await this.checkInvoice(data)
      if (checked.kind === "ok" && Number(checked.data.status) === INVOICE_STATUS.HELD) {
        const released = await this.client_.invoiceUnhold({ invoice_id: this.invoiceId(data) })
        if (released.kind !== "ok") {
          this.logger_.error(
            `M4: releasing hold of deleted session ${data.shop_order_id}: ${describeOutcome(released)}`
          )
        }
      }
    } catch (e) {
      this.logger_.error(`M4: releasing hold of deleted session ${data.shop_order_id}: ${(e as Error).message}`)
    }
    return { data }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = this.paymentData(input.data)
    if (!data.invoice_id || !data.currency_code) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4 refund: the payment has no M4 invoice")
    }
    const currency = this.currencyOf(data.currency_code)
    const amount = this.exactAmount(input.amount, currency)
    const shopRefundId = input.context?.idempotency_key ?? `refund_${randomUUID()}`
    const request = {
      invoice_id: data.invoice_id,
      amount,
      currency: currency.numeric,
      shop_refund_id: shopRefundId,
      // M4 sends the refund's notification here, else to the cabinet's URL (never the invoice's).
      callback_url: this.notificationUrl(),
    }
    // A retry reuses shop_refund_id: a duplicate (6) means the first request arrived.
    const outcome = await this.retryOnceIfUnknown(() => this.client_.invoiceCreateRefund(request))
    const listed = needsRefundLookup(outcome) ? await this.findRefund(data.invoice_id, shopRefundId) : undefined
    const state = refundState(outcome, listed, { amount, currency: currency.alpha })
    return { data: withRefundRecord(data, { shopRefundId, amount, state, at: new Date() }) }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = this.paymentData(input.data)
    const invoice = this.okOrThrow("status", await this.checkInvoice(data))
    return { data: { ...data, m4_status: Number(invoice.status), invoice_id: Number(invoice.payment_id) } }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.authorizePayment(input)
  }

  /** A passthrough: the plugin's subscriber uses it to record what notifications told us. */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return { data: input.data }
  }

  // ── notifications ───────────────────────────────────────────────────────────

  /**
   * Two callers. (1) The plugin's webhook route, with M4's HTTP notification: verified here,
   * once, and matched to its session; the answer never moves money (action not_supported) —
   * the route stores it and the plugin then asks M4. (2) The plugin itself, with an
   * M4_CONFIRM_KEY payload: asks M4 now (invoice/check or invoice/get-refunds) and answers with
   * the action M4's state calls for. Core's own webhook subscriber only ever sees (1)'s answer,
   * so no message alone can authorize, capture or fail a payment.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<M4WebhookActionResult> {
    const confirm = (payload.data as Record<string, unknown> | undefined)?.[M4_CONFIRM_KEY] as
      M4ConfirmRequest | undefined
    if (confirm && payload.rawData === undefined) {
      return this.answer(confirm)
    }
    return this.verifyNotification(payload)
  }

  /** The plugin's own questions: M4's state now (settling), and this provider's payway and prices (store route). */
  protected async answer(request: M4ConfirmRequest): Promise<M4WebhookActionResult> {
    switch (request.kind) {
      case "invoice":
        return this.confirmInvoice(request.session_id)
      case "refunds":
        return this.confirmRefunds(this.paymentData(request.payment_data))
      case "payway":
        return {
          action: PaymentActions.NOT_SUPPORTED,
          m4: { answer: { kind: "payway", alias: this.quotedPayway(request.currency_code) ?? null } },
        }
      case "quote":
        return { action: PaymentActions.NOT_SUPPORTED, m4: { answer: await this.quotePaymentMethods(request) } }
    }
  }

  protected async verifyNotification(payload: ProviderWebhookPayload["payload"]): Promise<M4WebhookActionResult> {
    const ignore: M4WebhookActionResult = { action: PaymentActions.NOT_SUPPORTED }
    const read = readNotification(payload, this.options_)
    if (!read.accepted) {
      this.log(read)
      return ignore
    }
    const { verified } = read
    if (verified.type === "refund") {
      // matched to Medusa's refund when it is processed (the refund id is M4's shop_refund_id)
      return { ...ignore, m4: { notification: { verified } } }
    }
    const callback = verified.callback
    const session = await this.findSession(callback.shop_order_id)
    const replaced = session ? undefined : await this.findSession(callback.shop_order_id, { withDeleted: true })
    const match = matchInvoiceNotification(callback, { session, replaced }, this.options_.shopId)
    if (!match.accepted) {
      this.log(match)
      return ignore
    }
    const { id, provider_id } = match.session
    return { ...ignore, m4: { notification: { verified, session_id: id, session_provider_id: provider_id } } }
  }

  /** What M4 says about the session's invoice now, as the action Medusa should take. */
  protected async confirmInvoice(sessionId: string): Promise<M4WebhookActionResult> {
    const session = await this.findSession(sessionId)
    if (!session) {
      return { action: PaymentActions.NOT_SUPPORTED }
    }
    const data = this.paymentData(session.data)
    const base = { kind: "invoice" as const, session_id: session.id, session_provider_id: session.provider_id ?? "" }
    const amount = data.amount ?? String(session.amount)
    const checked = await this.checkInvoice({ ...data, shop_order_id: data.shop_order_id ?? session.id })
    if (checked.kind === "unknown") {
      // never guess: the caller retries later
      throw unresolvedToMedusaError("status", checked)
    }
    if (checked.kind === "fatal") {
      if (isNotFoundError(checked.code)) {
        return { action: PaymentActions.NOT_SUPPORTED, m4: { confirmation: base } } // no invoice (yet)
      }
      throw fatalToMedusaError("status", checked)
    }
    const invoice = checked.data
    const mismatch = invoiceMismatch(
      { ...data, amount, currency_code: data.currency_code ?? session.currency_code },
      invoice
    )
    const confirmation = { ...base, status: Number(invoice.status), invoice_id: Number(invoice.payment_id), mismatch }
    if (mismatch) {
      this.logger_.error(`M4: invoice ${invoice.payment_id} does not match payment session ${session.id}: ${mismatch}`)
      return { action: PaymentActions.NOT_SUPPORTED, m4: { confirmation } }
    }
    this.recentAnswers_.remember(data.shop_order_id ?? session.id, invoice)
    return { ...webhookActionFromInvoiceStatus(confirmation.status, session.id, amount), m4: { confirmation } }
  }

  /** M4's list of the payment's refunds now (invoice/get-refunds). */
  protected async confirmRefunds(data: M4PaymentData): Promise<M4WebhookActionResult> {
    const listed = await this.retryOnceIfUnknown(() =>
      this.client_.invoiceGetRefunds({ invoice_id: this.invoiceId(data) })
    )
    const refunds = this.okOrThrow("refund status", listed)
      .filter((r) => typeof r.shop_refund_id === "string")
      .map((r) => ({
        shop_refund_id: String(r.shop_refund_id),
        status: r.status as RefundStatus,
        amount: r.amount === undefined ? undefined : String(r.amount),
        currency: r.currency === undefined ? undefined : String(r.currency),
      }))
    return { action: PaymentActions.NOT_SUPPORTED, m4: { confirmation: { kind: "refunds", refunds } } }
  }

  /** The payway this provider uses for the currency, as M4's shop config lists it; undefined when none. */
  protected quotedPayway(currencyCode: string): string | undefined {
    const alias = paywayForCurrency(this.options_.payway, currencyCode)
    return alias ? bareAlias(alias) : undefined
  }

  /** The payer's price of this provider's payment methods for an amount: shop_input_config, then invoice/try per payway. */
  protected async quotePaymentMethods(request: {
    cart_id: string
    amount: string
    currency_code: string
  }): Promise<M4QuoteAnswer> {
    const currency = this.currencyOf(request.currency_code)
    const alias = this.quotedPayway(currency.alpha)
    if (!alias) {
      return { kind: "quote", methods: [] }
    }
    const config = await this.client_.shopInputConfig()
    if (config.kind !== "ok") {
      return { kind: "quote", unavailable: true }
    }
    const methods = await Promise.all(
      paywaysFor(config.data, currency, alias).map(async ({ method, payway }) => {
        const tried = worthQuoting(request.amount, currency, payway)
          ? await this.client_.invoiceTry({
              shop_order_id: quoteOrderId(request.cart_id, payway.alias),
              amount: request.amount,
              currency: currency.numeric,
              payway: payway.alias,
            })
          : undefined
        return paymentMethodQuote({ method, payway, currency, amount: request.amount, tried })
      })
    )
    return { kind: "quote", methods }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────

  protected paymentData(data: Record<string, unknown> | undefined): M4PaymentData {
    return { ...(data ?? {}) } as M4PaymentData
  }

  /** The payway for this currency: the single configured alias, or the one mapped to the currency. */
  protected paywayFor(currency: M4Currency): string {
    const alias = paywayForCurrency(this.options_.payway, currency.alpha)
    if (!alias) {
      throw methodUnavailable(`no payway is configured for ${currency.alpha} payments (option payway)`, this.logger_)
    }
    return alias
  }

  protected currencyOf(code: string): M4Currency {
    const currency = findCurrency(code)
    if (!currency) {
      throw methodUnavailable(`unknown currency "${code}"`, this.logger_)
    }
    return currency
  }

  /** Medusa's BigNumber input → the exact decimal string M4 gets and Medusa records (DECISION e). */
  protected exactAmount(amount: unknown, currency: M4Currency): string {
    try {
      return formatPositiveAmount(amount as never, currency)
    } catch (e) {
      if (e instanceof InvalidAmountError) {
        // Refused, never rounded: Medusa would record one amount while M4 charged another.
        throw amountNotPayable(e.message, this.logger_)
      }
      throw e
    }
  }

  protected invoiceId(data: M4PaymentData): number {
    if (!data.invoice_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4: the payment has no M4 invoice id")
    }
    return data.invoice_id
  }

  /** The answer, or the Medusa error for a refusal or an outcome that stayed unknown. */
  protected okOrThrow<T>(action: string, outcome: M4Outcome<T>): T {
    if (outcome.kind === "ok") {
      return outcome.data
    }
    throw gatewayFailure(action, outcome, this.logger_)
  }

  protected log(line: { level: "info" | "warn" | "error"; message: string } | undefined): void {
    if (line) {
      this.logger_[line.level](line.message)
    }
  }

  /** Calls once more after an unknown outcome (same request, same ids: M4 refuses duplicates). */
  protected async retryOnceIfUnknown<T>(call: () => Promise<M4Outcome<T>>): Promise<M4Outcome<T>> {
    const first = await call()
    if (first.kind !== "unknown") {
      return first
    }
    this.logger_.warn(`M4: ${describeOutcome(first)}; asking again`)
    return call()
  }

  protected checkInvoice(data: M4PaymentData): Promise<M4Outcome<InvoiceCheckData>> {
    if (!data.shop_order_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4: the payment has no M4 order id")
    }
    return this.retryOnceIfUnknown(() => this.client_.invoiceCheck({ shop_order_id: data.shop_order_id! }))
  }

  /** The invoice's status now; throws when M4 cannot tell (never guesses). */
  protected async currentStatus(
    data: M4PaymentData,
    action: string,
    opts: { missingIsUnpaid?: boolean } = {}
  ): Promise<number | undefined> {
    const checked = await this.checkInvoice(data)
    if (checked.kind === "ok") {
      return Number(checked.data.status)
    }
    if (checked.kind === "fatal" && isNotFoundError(checked.code) && opts.missingIsUnpaid) {
      return undefined
    }
    throw gatewayFailure(action, checked, this.logger_)
  }

  protected async findRefund(invoiceId: number, shopRefundId: string) {
    const listed = await this.retryOnceIfUnknown(() => this.client_.invoiceGetRefunds({ invoice_id: invoiceId }))
    if (listed.kind !== "ok") {
      return undefined
    }
    const found = listed.data.find((r) => r.shop_refund_id === shopRefundId)
    return found ? { status: found.status as RefundStatus, id: (found as { id?: number }).id } : undefined
  }

  protected async findSession(
    sessionId: string,
    opts: { withDeleted?: boolean } = {}
  ): Promise<SessionRecord | undefined> {
    const service = this.container_.paymentSessionService as
      { list(filters: object, config: object): Promise<SessionRecord[]> } | undefined
    if (!service) {
      return undefined
    }
    const [session] = await service.list(
      { id: sessionId },
      {
        select: ["id", "amount", "currency_code", "provider_id", "data"],
        ...(opts.withDeleted ? { withDeleted: true } : {}),
      }
    )
    return session
  }

  /** Where M4 sends this provider's notifications: its registration id is an option (Medusa never tells it). */
  protected notificationUrl(): string {
    return notificationUrl(this.options_.storeUrl, this.getIdentifier(), this.options_.id)
  }
}

export default M4Base
