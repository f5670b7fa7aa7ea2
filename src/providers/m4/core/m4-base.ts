import { randomUUID } from "node:crypto"
import {
  AbstractPaymentProvider,
  MedusaError,
  PaymentActions,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
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
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  answerMismatch,
  describeOutcome,
  findCurrency,
  formatAmount,
  formatPositiveAmount,
  INVOICE_STATUS,
  InvoiceCheckData,
  InvalidAmountError,
  M4Client,
  isDuplicateError,
  isNotFoundError,
  M4Currency,
  M4Outcome,
  RefundStatus,
  verifyCallback,
  VerifiedCallback,
} from "../../../m4"
import { M4PaymentData, M4RefundRecord } from "../types/session-data"
import { M4ProviderOptions } from "../types/options"
import { resolveAddOns } from "../utils/add-ons"
import { senderIp } from "../utils/client-ip"
import { fatalToMedusaError, unresolvedToMedusaError } from "../utils/gateway-errors"
import { buildInvoiceDescription } from "../utils/invoice-description"
import { parseM4Options } from "../utils/parse-options"
import { sessionStatusFromInvoiceStatus } from "../utils/status-mapping"
import { paywayForCurrency } from "../utils/payway"
import { fillTemplate, isMedusaId } from "../utils/templates"
import { webhookActionFromInvoiceStatus } from "../utils/webhook-mapping"
import { moneyMismatch, notificationMismatch, SessionForNotification } from "../utils/notification-guard"
import { RecentInvoiceAnswers } from "../utils/recent-invoice-answers"
import { notificationUrl } from "../utils/registration-id"
import { M4_CONFIRM_KEY, M4ConfirmRequest, M4WebhookActionResult } from "../types/webhook"

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
    const storefront = (input.data ?? {}) as Record<string, unknown>
    const sessionId = (storefront.session_id as string | undefined) ?? input.context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4: the payment session id is missing")
    }
    const currency = this.currencyOf(input.currency_code)
    const amount = this.exactAmount(input.amount, currency)
    const cartId = isMedusaId(storefront.cart_id, "cart") ? storefront.cart_id : undefined
    const ids = { cart_id: cartId, session_id: sessionId }
    const description = buildInvoiceDescription({
      template: this.options_.description,
      shopName: this.options_.shopName,
      items: storefront.items,
      ids,
    })

    const invoice = {
      shop_order_id: sessionId,
      amount,
      currency: currency.numeric,
      payway: this.paywayFor(currency),
      description,
    }
    const tried = await this.retryOnceIfUnknown(() => this.client_.invoiceTry(invoice))
    if (tried.kind === "fatal") {
      throw fatalToMedusaError("payment", tried)
    }
    if (tried.kind === "unknown") {
      throw unresolvedToMedusaError("payment", tried)
    }
    const customer = input.context?.customer
    const addOns = resolveAddOns(
      tried.data.add_ons_config,
      storefront.add_ons as Record<string, unknown> | undefined,
      {
        email: customer?.email ?? (storefront.email as string | undefined),
        phone: customer?.phone ?? (storefront.phone as string | undefined),
      }
    )
    const payerCurrency = findCurrency(tried.data.ps_currency as number)
    const data: M4PaymentData = {
      session_id: sessionId,
      shop_order_id: sessionId,
      mode: this.options_.mode,
      payway: invoice.payway,
      amount,
      currency_code: currency.alpha.toLowerCase(),
      ...(cartId ? { cart_id: cartId } : {}),
      ...(payerCurrency
        ? {
            payer_price: formatAmount(tried.data.payer_price as number, payerCurrency),
            payer_currency: payerCurrency.alpha,
          }
        : {}),
      instructions: {
        manual: tried.data.manual ?? {},
        info: tried.data.info ?? {},
        warning: tried.data.warning ?? {},
      },
      add_ons: addOns.values,
    }
    if (addOns.missing.length) {
      // Nothing issued yet: the storefront asks for the fields and initiates again.
      return {
        id: sessionId,
        status: PaymentSessionStatus.REQUIRES_MORE,
        data: { ...data, add_ons_config: tried.data.add_ons_config ?? {}, missing_add_ons: addOns.missing },
      }
    }

    const request = {
      ...invoice,
      success_url: this.options_.successUrl && fillTemplate(this.options_.successUrl, ids, { encode: true }),
      failed_url: this.options_.failUrl && fillTemplate(this.options_.failUrl, ids, { encode: true }),
      callback_url: this.notificationUrl(),
      ...(addOns.values.email ? { email: addOns.values.email } : {}),
      ...(addOns.values.phone ? { phone: addOns.values.phone } : {}),
      extra: Object.fromEntries(
        Object.entries(addOns.values).filter(([name]) => name !== "email" && name !== "phone")
      ),
    }
    const issue = () =>
      this.options_.mode === "two_step" ? this.client_.invoiceHold(request) : this.client_.invoiceCreate(request)
    // A retry reuses the same shop_order_id: M4 refuses a second invoice for it (error 6).
    const issued = await this.retryOnceIfUnknown(issue)
    if (issued.kind === "ok") {
      return {
        id: sessionId,
        status: PaymentSessionStatus.PENDING,
        data: {
          ...data,
          invoice_id: Number(issued.data.id),
          m4_status: INVOICE_STATUS.CREATED,
          redirect: { method: issued.data.method, url: issued.data.url, data: issued.data.data ?? {} },
        },
      }
    }
    if (issued.kind === "fatal" && !isDuplicateError(issued.code)) {
      throw fatalToMedusaError("payment", issued)
    }
    // Duplicate or still unknown: the invoice may exist, but its pay-page link never reached us.
    // Never issue another one for this session; the unpaid invoice simply lapses.
    this.logger_.warn(
      `M4: invoice for payment session ${sessionId} may have been issued but its pay page is unknown ` +
        `(${describeOutcome(issued)}); the shopper must start the payment again`
    )
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "M4: the payment page could not be opened (the gateway did not answer in time). Please try again."
    )
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
    if (checked.kind === "unknown") {
      // Neither paid nor failed as far as we know: stay pending, the notification settles it.
      this.logger_.warn(`M4: status of ${data.shop_order_id} unknown: ${describeOutcome(checked)}`)
      return { status: this.notYetPaidStatus(), data }
    }
    if (checked.kind === "fatal") {
      this.logger_.warn(`M4: status check for ${data.shop_order_id} refused: ${describeOutcome(checked)}`)
      return { status: isNotFoundError(checked.code) ? PaymentSessionStatus.ERROR : this.notYetPaidStatus(), data }
    }
    const invoice = checked.data
    const mismatch = this.invoiceMismatch(data, invoice)
    if (mismatch) {
      this.logger_.error(`M4: invoice for ${data.shop_order_id} does not match the payment: ${mismatch}`)
      return { status: PaymentSessionStatus.ERROR, data: { ...data, decline_reason: "amount_mismatch" } }
    }
    const status = sessionStatusFromInvoiceStatus(Number(invoice.status), this.options_)
    return {
      status,
      data: {
        ...data,
        invoice_id: Number(invoice.payment_id),
        m4_status: Number(invoice.status),
        ...(status === PaymentSessionStatus.ERROR ? { decline_reason: "rejected" } : {}),
      },
    }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = this.paymentData(input.data)
    // Charge first (one call on the happy path); invoice/charge is idempotent at M4: a paid
    // invoice is refused, not charged twice, and the check below then confirms it is paid.
    const charged = await this.client_.invoiceCharge({ invoice_id: this.invoiceId(data) })
    if (charged.kind === "ok" && Number(charged.data.status) === INVOICE_STATUS.PAID) {
      return { data: { ...data, m4_status: INVOICE_STATUS.PAID } }
    }
    // Refused, unknown, or not yet final: what M4 now says decides.
    const after = await this.checkInvoice(data)
    if (after.kind === "ok" && Number(after.data.status) === INVOICE_STATUS.PAID) {
      return { data: { ...data, m4_status: INVOICE_STATUS.PAID } } // captured now, or already before
    }
    if (after.kind === "ok" && charged.kind === "fatal") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `M4 capture: invoice ${data.invoice_id} is in status ${after.data.status}, not held ` +
          `(${describeOutcome(charged)})`
      )
    }
    if (charged.kind === "fatal") {
      throw fatalToMedusaError("capture", charged)
    }
    if (charged.kind === "ok") {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `M4 capture: invoice ${data.invoice_id} answered status ${charged.data.status} after charge; not captured`
      )
    }
    throw unresolvedToMedusaError("capture", charged)
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = this.paymentData(input.data)
    if (!data.shop_order_id) {
      return { data }
    }
    const status = await this.currentStatus(data, "cancel", { missingIsUnpaid: true })
    if (status === INVOICE_STATUS.REJECTED) {
      return { data: { ...data, m4_status: status } } // already released
    }
    if (status === INVOICE_STATUS.PAID) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `M4 cancel: invoice ${data.invoice_id} is already paid; refund it instead`
      )
    }
    if (status !== INVOICE_STATUS.HELD) {
      // Nothing was paid, nothing to release: the unpaid invoice lapses on its own.
      return { data: { ...data, m4_status: status ?? data.m4_status } }
    }
    const released = await this.client_.invoiceUnhold({ invoice_id: this.invoiceId(data) })
    if (released.kind === "ok" && Number(released.data.status) === INVOICE_STATUS.REJECTED) {
      return { data: { ...data, m4_status: INVOICE_STATUS.REJECTED } }
    }
    const after = await this.checkInvoice(data)
    if (after.kind === "ok" && Number(after.data.status) === INVOICE_STATUS.REJECTED) {
      return { data: { ...data, m4_status: INVOICE_STATUS.REJECTED } }
    }
    // Core only logs cancel errors (the order still cancels): say it loudly.
    this.logger_.error(
      `M4: could not release the hold on invoice ${data.invoice_id} (${describeOutcome(released)}); ` +
        `release it in M4 or cancel again`
    )
    if (released.kind === "fatal") {
      throw fatalToMedusaError("cancel", released)
    }
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `M4 cancel: the hold on invoice ${data.invoice_id} is not released yet (${describeOutcome(released)})`
    )
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
          this.logger_.error(`M4: releasing hold of deleted session ${data.shop_order_id}: ${describeOutcome(released)}`)
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
    let status: RefundStatus | undefined
    let refundId: number | string | undefined
    if (outcome.kind === "ok") {
      status = outcome.data.status as RefundStatus
      refundId = outcome.data.id as number
    } else if (outcome.kind === "unknown" || isDuplicateError(outcome.code)) {
      const known = await this.findRefund(data.invoice_id, shopRefundId)
      if (!known) {
        if (outcome.kind === "fatal") {
          status = "WAITING" // M4 has it (duplicate) even if its list does not show it yet
        } else {
          throw unresolvedToMedusaError("refund", outcome)
        }
      } else {
        status = known.status
        refundId = known.id
      }
    } else {
      throw fatalToMedusaError("refund", outcome)
    }
    if (status === "FAILED") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `M4 refused the refund of ${amount} ${currency.alpha}`)
    }
    const record: M4RefundRecord = {
      shop_refund_id: shopRefundId,
      ...(refundId !== undefined ? { refund_id: refundId } : {}),
      amount,
      status,
      updated_at: new Date().toISOString(),
    }
    const others = (data.m4_refunds ?? []).filter((r) => r.shop_refund_id !== shopRefundId)
    return { data: { ...data, m4_refunds: [...others, record] } }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = this.paymentData(input.data)
    const checked = await this.checkInvoice(data)
    if (checked.kind !== "ok") {
      throw checked.kind === "fatal" ? fatalToMedusaError("status", checked) : unresolvedToMedusaError("status", checked)
    }
    return { data: { ...data, m4_status: Number(checked.data.status), invoice_id: Number(checked.data.payment_id) } }
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
      | M4ConfirmRequest
      | undefined
    if (confirm && payload.rawData === undefined) {
      return confirm.kind === "invoice"
        ? this.confirmInvoice(confirm.session_id)
        : this.confirmRefunds(this.paymentData(confirm.payment_data))
    }
    return this.verifyNotification(payload)
  }

  protected async verifyNotification(payload: ProviderWebhookPayload["payload"]): Promise<M4WebhookActionResult> {
    const ignore: M4WebhookActionResult = { action: PaymentActions.NOT_SUPPORTED }
    const headers = (payload.headers ?? {}) as Record<string, unknown>
    if (this.options_.notificationIps.length) {
      const ip = senderIp(headers)
      if (!ip || !this.options_.notificationIps.includes(ip)) {
        this.logger_.warn(`M4: notification rejected: sender ${ip ?? "unknown"} is not in notificationIps`)
        return ignore
      }
    }
    let verified: VerifiedCallback
    try {
      const result = verifyCallback(payload.rawData as never, this.options_.secretKey, {
        contentType: headers["content-type"] as string | undefined,
      })
      if (!result.ok) {
        this.logger_.warn(`M4: notification rejected: ${result.reason}`)
        return ignore
      }
      verified = result
    } catch (e) {
      this.logger_.warn(`M4: notification rejected: unreadable body (${(e as Error).message})`)
      return ignore
    }
    if (verified.type === "refund") {
      // matched to Medusa's refund when it is processed (the refund id is M4's shop_refund_id)
      return { ...ignore, m4: { notification: { verified } } }
    }
    const callback = verified.callback
    const foreignShop = answerMismatch({ shop_id: callback.shop_id }, { shop_id: this.options_.shopId })
    if (foreignShop) {
      this.logger_.warn(`M4: notification rejected: ${foreignShop}`)
      return ignore
    }
    const session = await this.findSession(callback.shop_order_id)
    if (!session) {
      const replaced = await this.findSession(callback.shop_order_id, { withDeleted: true })
      if (replaced && callback.status === "rejected") {
        this.logger_.info(
          `M4: invoice ${callback.payment_id} was declined for a payment the shopper had already replaced ` +
            `(session ${callback.shop_order_id}); nothing to do`
        )
      } else if (replaced) {
        this.logger_.warn(
          `M4: invoice ${callback.payment_id} reports "${callback.status}" for a payment the shopper had already ` +
            `replaced (session ${callback.shop_order_id}); no order uses it: check it in M4 and refund or release it`
        )
      } else {
        this.logger_.warn(`M4: notification rejected: no payment session ${callback.shop_order_id}`)
      }
      return ignore
    }
    const mismatch = notificationMismatch(callback, session, this.options_.shopId)
    if (mismatch) {
      this.logger_.error(
        `M4: notification rejected: invoice ${callback.payment_id} does not match payment session ${session.id}: ${mismatch}`
      )
      return ignore
    }
    return {
      ...ignore,
      m4: { notification: { verified, session_id: session.id, session_provider_id: session.provider_id } },
    }
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
    const mismatch = this.invoiceMismatch({ ...data, amount, currency_code: data.currency_code ?? session.currency_code }, invoice)
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
    const listed = await this.retryOnceIfUnknown(() => this.client_.invoiceGetRefunds({ invoice_id: this.invoiceId(data) }))
    if (listed.kind !== "ok") {
      throw listed.kind === "fatal" ? fatalToMedusaError("refund status", listed) : unresolvedToMedusaError("refund status", listed)
    }
    const refunds = listed.data
      .filter((r) => typeof r.shop_refund_id === "string")
      .map((r) => ({
        shop_refund_id: String(r.shop_refund_id),
        status: r.status as RefundStatus,
        amount: r.amount === undefined ? undefined : String(r.amount),
        currency: r.currency === undefined ? undefined : String(r.currency),
      }))
    return { action: PaymentActions.NOT_SUPPORTED, m4: { confirmation: { kind: "refunds", refunds } } }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────

  protected paymentData(data: Record<string, unknown> | undefined): M4PaymentData {
    return { ...(data ?? {}) } as M4PaymentData
  }

  /** The payway for this currency: the single configured alias, or the one mapped to the currency. */
  protected paywayFor(currency: M4Currency): string {
    const alias = paywayForCurrency(this.options_.payway, currency.alpha)
    if (!alias) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `M4: no payway is configured for ${currency.alpha} payments`
      )
    }
    return alias
  }

  protected currencyOf(code: string): M4Currency {
    const currency = findCurrency(code)
    if (!currency) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `M4: unknown currency "${code}"`)
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
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `M4: the amount ${e.message}; refused rather than rounded (prices, taxes and discounts must add up to whole minor units)`
        )
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

  protected notYetPaidStatus(): PaymentSessionStatus {
    return this.options_.orderBeforePayment ? PaymentSessionStatus.PENDING_AUTHORIZATION : PaymentSessionStatus.PENDING
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
    throw checked.kind === "fatal" ? fatalToMedusaError(action, checked) : unresolvedToMedusaError(action, checked)
  }

  /** Why M4's invoice is not the one this payment asked for, or undefined when it matches. */
  protected invoiceMismatch(data: M4PaymentData, invoice: InvoiceCheckData): string | undefined {
    if (!data.currency_code || !data.amount) {
      return undefined
    }
    return moneyMismatch(
      { amount: invoice.shop_amount as number, currency: invoice.shop_currency as number },
      { amount: data.amount, currency_code: data.currency_code }
    )
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
      | { list(filters: object, config: object): Promise<SessionRecord[]> }
      | undefined
    if (!service) {
      return undefined
    }
    const [session] = await service.list(
      { id: sessionId },
      { select: ["id", "amount", "currency_code", "provider_id", "data"], ...(opts.withDeleted ? { withDeleted: true } : {}) }
    )
    return session
  }

  /** Where M4 sends this provider's notifications: its registration id is an option (Medusa never tells it). */
  protected notificationUrl(): string {
    return notificationUrl(this.options_.storeUrl, this.getIdentifier(), this.options_.id)
  }
}

export default M4Base
