import { MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import {
  decimalText,
  describeOutcome,
  findCurrency,
  formatPositiveAmount,
  InvalidAmountError,
  InvoiceCheckData,
  isNotFoundError,
  M4Client,
  M4Currency,
  M4Outcome,
  RefundStatus,
} from "../../../m4"
import { InvoiceRecords, knexRunner, RefundRecords } from "../../../modules/m4-ledger"
import type { SqlRunner } from "../../../modules/m4-ledger"
import type { M4ProviderOptions } from "../types/options"
import type { M4PaymentData } from "../types/session-data"
import { amountNotPayable, gatewayFailure, methodUnavailable } from "../utils/gateway-errors"
import { paywayForCurrency } from "../utils/payway"
import { notificationUrl } from "../utils/registration-id"
import { QuoteCache, quoteCacheFor } from "../utils/quote-cache"
import { ThrottledLog } from "../utils/throttled-log"

export type ProviderContainer = {
  logger: Logger
  /** Medusa's shared PostgreSQL connection (knex): the ledger's tables live beside the payment module's */
  __pg_connection__?: unknown
  event_bus?: { emit(message: { name: string; data: unknown }): Promise<unknown> }
  [key: string]: unknown
}

/** An event the merchant must hear about (the subscriber turns it into an admin notification). */
export const M4_ATTENTION_EVENT = "m4.attention"

export type AttentionEvent = {
  kind:
    | "money_returned"
    | "money_returning"
    | "return_failed"
    | "unmatched_payment_flagged"
    | "hold_released"
    | "payment_needs_decision"
    | "refund_failed"
  shop_order_id?: string
  invoice_id?: string | null
  order_id?: string | null
  amount?: string
  currency_code?: string
  reason?: string
}

/**
 * What every part of the provider shares: its options, its M4 client, the ledger (the plugin's
 * record of money at M4) and the small gateway helpers. No Medusa lifecycle here (m4-base.ts) and no
 * decisions (utils/): just the calls and the records.
 */
export class M4Gateway {
  readonly client: M4Client
  readonly invoices: InvoiceRecords
  readonly refunds: RefundRecords
  /** M4's answers to the quoting calls anyone with a cart can cause, kept briefly (`quoteCacheMs`) */
  readonly quotes: QuoteCache
  /** rejected notifications: a few log lines a minute per kind, however many arrive */
  readonly rejections = new ThrottledLog()

  constructor(
    readonly options: M4ProviderOptions,
    /** the provider class's identifier ("m4"): its registration is `pp_{identifier}_{options.id}` */
    readonly identifier: string,
    readonly logger: Logger,
    private readonly container: ProviderContainer
  ) {
    this.client = new M4Client({
      shopId: options.shopId,
      secretKey: options.secretKey,
      baseUrl: options.apiUrl,
      timeoutMs: options.timeoutMs,
      logger: { warn: (message) => logger.warn(`M4: ${message}`) },
    })
    this.quotes = quoteCacheFor(options, options.quoteCacheMs)
    // resolved on first use: the connection is the store's, and unit tests of other parts need none
    const db: SqlRunner = {
      execute: (sql, params) =>
        knexRunner((container.__pg_connection__ ?? missingConnection()) as never).execute(sql, params),
    }
    this.invoices = new InvoiceRecords(db)
    this.refunds = new RefundRecords(db)
  }

  /** Where M4 sends this provider's notifications: its registration id is an option (Medusa never tells it). */
  notificationUrl(): string {
    return notificationUrl(this.options.storeUrl, this.identifier, this.options.id)
  }

  /** This provider's registration id (`pp_m4_{id}`), as Medusa's payment module names it. */
  get providerId(): string {
    return `pp_${this.identifier}_${this.options.id}`
  }

  paymentData(data: Record<string, unknown> | undefined): M4PaymentData {
    return { ...(data ?? {}) } as M4PaymentData
  }

  /** The payway for this currency: the single configured alias, or the one mapped to the currency. */
  paywayFor(currency: M4Currency): string {
    const alias = paywayForCurrency(this.options.payway, currency.alpha)
    if (!alias) {
      throw methodUnavailable(`no payway is configured for ${currency.alpha} payments (option payway)`, this.logger)
    }
    return alias
  }

  currencyOf(code: string): M4Currency {
    const currency = findCurrency(code)
    if (!currency) {
      throw methodUnavailable(`unknown currency "${code}"`, this.logger)
    }
    return currency
  }

  /** Medusa's BigNumber input → the exact decimal string M4 gets and Medusa records (docs/m4-protocol.md DECISION e). */
  exactAmount(amount: unknown, currency: M4Currency): string {
    try {
      return formatPositiveAmount(amount as never, currency)
    } catch (e) {
      if (e instanceof InvalidAmountError) {
        // Refused, never rounded: Medusa would record one amount while M4 charged another.
        throw amountNotPayable(e.message, this.logger)
      }
      throw e
    }
  }

  invoiceId(data: { invoice_id?: number | string | null }): number {
    if (!data.invoice_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4: the payment has no M4 invoice id")
    }
    return Number(data.invoice_id)
  }

  /** The answer, or the Medusa error for a refusal or an outcome that stayed unknown. */
  okOrThrow<T>(action: string, outcome: M4Outcome<T>): T {
    if (outcome.kind === "ok") {
      return outcome.data
    }
    throw gatewayFailure(action, outcome, this.logger)
  }

  log(line: { level: "info" | "warn" | "error"; message: string } | undefined): void {
    if (line) {
      this.logger[line.level](line.message)
    }
  }

  /** Calls once more after an unknown outcome (same request, same ids: M4 refuses duplicates). */
  async retryOnceIfUnknown<T>(call: () => Promise<M4Outcome<T>>): Promise<M4Outcome<T>> {
    const first = await call()
    if (first.kind !== "unknown") {
      return first
    }
    this.logger.warn(`M4: ${describeOutcome(first)}; asking again`)
    return call()
  }

  /** invoice/check by shop_order_id; an answer is recorded in the ledger (the record follows M4). */
  async checkInvoice(shopOrderId: string | undefined): Promise<M4Outcome<InvoiceCheckData>> {
    if (!shopOrderId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4: the payment has no M4 order id")
    }
    const checked = await this.retryOnceIfUnknown(() => this.client.invoiceCheck({ shop_order_id: shopOrderId }))
    if (checked.kind === "ok") {
      await this.recordCheck(shopOrderId, checked.data)
    }
    return checked
  }

  /** Records M4's invoice/check answer: status, M4's id, the amount paid and the net credited. */
  async recordCheck(shopOrderId: string, invoice: InvoiceCheckData): Promise<void> {
    const answer = invoice as InvoiceCheckData & {
      shop_refund?: unknown
      client_price?: unknown
      ps_currency?: unknown
    }
    const status = Number(answer.status)
    const payerCurrency = findCurrency((answer.ps_currency ?? "") as string)
    await this.invoices.recordAnswer(shopOrderId, {
      m4_status: status,
      invoice_id: answer.payment_id === undefined ? null : String(answer.payment_id),
      // exact decimal text at the currency's minor units, never a float
      paid_amount: status === 4 || status === 8 ? decimalText(answer.shop_amount, answer.shop_currency) : null,
      net_amount: status === 4 ? decimalText(answer.shop_refund, answer.shop_currency) : null,
      payer_price: payerCurrency ? decimalText(answer.client_price, payerCurrency.numeric) : null,
      payer_currency: payerCurrency?.alpha ?? null,
    })
  }

  /** Records a charge/unhold answer's status (M4 said it, so the ledger follows). */
  async recordStatus(shopOrderId: string | undefined, status: number): Promise<void> {
    if (shopOrderId) {
      await this.invoices.recordAnswer(shopOrderId, { m4_status: status })
    }
  }

  /** The invoice's status now; throws when M4 cannot tell (never guesses). */
  async currentStatus(
    shopOrderId: string | undefined,
    action: string,
    opts: { missingIsUnpaid?: boolean } = {}
  ): Promise<number | undefined> {
    const checked = await this.checkInvoice(shopOrderId)
    if (checked.kind === "ok") {
      return Number(checked.data.status)
    }
    if (checked.kind === "fatal" && isNotFoundError(checked.code) && opts.missingIsUnpaid) {
      return undefined
    }
    throw gatewayFailure(action, checked, this.logger)
  }

  /** M4's entry for one refund in the invoice's refund list, if M4 lists it. */
  async findRefund(invoiceId: number, shopRefundId: string) {
    const listed = await this.retryOnceIfUnknown(() => this.client.invoiceGetRefunds({ invoice_id: invoiceId }))
    if (listed.kind !== "ok") {
      return undefined
    }
    const found = listed.data.find((r) => r.shop_refund_id === shopRefundId)
    return found ? { status: found.status as RefundStatus, id: (found as { id?: number }).id } : undefined
  }

  /** Tells the merchant (the admin notification feed, through the plugin's subscriber); never fails the caller. */
  async alert(event: AttentionEvent): Promise<void> {
    try {
      await this.container.event_bus?.emit({ name: M4_ATTENTION_EVENT, data: event })
    } catch (e) {
      this.logger.warn(`M4: could not raise "${event.kind}" for the merchant: ${(e as Error).message}`)
    }
  }
}

function missingConnection(): never {
  throw new Error("M4: the payment module's container has no __pg_connection__ (the ledger needs the database)")
}
