import http from "node:http"
import https from "node:https"
import { inspect } from "node:util"
import axios, { AxiosInstance } from "axios"
import { z } from "zod"
import { formatPositiveAmount } from "../money/amount"
import { getCurrency } from "../money/currencies"
import { signRequest } from "../signing/request-signature"
import { M4Endpoint } from "../signing/signed-fields"
import { formatNow } from "../time/now"
import {
  CheckAccountInput,
  InvoiceCheckInput,
  InvoiceCreateInput,
  InvoiceCreateRefundInput,
  InvoiceHoldInput,
  InvoiceIdArgs,
  InvoiceTryInput,
  ShopOutputConfigInput,
  WithdrawCreateInput,
  WithdrawShopPaymentStatusInput,
  WithdrawStatusInput,
  WithdrawTryInput,
} from "./inputs"
import { interpretResponse, interpretTransportError, Redactor } from "./interpret-response"
import { describeOutcome, M4Outcome } from "./outcome"
import {
  CheckAccountData,
  checkAccountDataSchema,
  InvoiceCheckData,
  invoiceCheckDataSchema,
  InvoiceCreateData,
  invoiceCreateDataSchema,
  InvoiceCreateRefundData,
  invoiceCreateRefundDataSchema,
  InvoiceGetRefundsData,
  invoiceGetRefundsDataSchema,
  InvoiceStatusChangeData,
  invoiceStatusChangeDataSchema,
  InvoiceTryData,
  invoiceTryDataSchema,
  ShopBalanceData,
  shopBalanceDataSchema,
  ShopConfigData,
  shopConfigDataSchema,
  WithdrawCreateData,
  withdrawCreateDataSchema,
  WithdrawStatusData,
  withdrawStatusDataSchema,
  WithdrawTryData,
  withdrawTryDataSchema,
} from "./schemas"

export const M4_DEFAULT_BASE_URL = "https://api.m4solutions.io/gateway/v1/"
export const M4_DEFAULT_TIMEOUT_MS = 15_000

export interface M4Logger {
  debug?(msg: string): void
  warn?(msg: string): void
}

export interface M4ClientOptions {
  shopId: number
  secretKey: string
  /** default https://api.m4solutions.io/gateway/v1/ (trailing slash optional) */
  baseUrl?: string
  /** per request (connect, send and the whole answer), default 15000 */
  timeoutMs?: number
  now?: () => Date
  logger?: M4Logger
}

type Body = Record<string, unknown>

/** Larger answers are not M4's (its biggest, the payway lists, are a few hundred KiB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024

/**
 * The HTTP transport: axios over keep-alive agents (one pool per client). The proxy comes from the
 * standard environment variables (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, lower-case too), read by
 * axios per request through proxy-from-env; https targets are tunnelled with CONNECT (axios ≥ 1.21
 * does this itself with https-proxy-agent), so the proxy never sees the signed body. The answer is
 * kept as raw text (no JSON parse by axios: amounts like 6.0 stay as sent), every HTTP status is an
 * answer (the envelope is read whatever the status), and redirects are not followed.
 */
function createTransport(timeoutMs: number): AxiosInstance {
  return axios.create({
    timeout: timeoutMs,
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    responseType: "text",
    responseEncoding: "utf8",
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: MAX_ANSWER_BYTES,
    transitional: { clarifyTimeoutError: true },
  })
}

/** Identifiers worth logging; amounts, accounts (card numbers, phones) and the sign stay out of logs. */
const LOGGED_FIELDS = ["shop_order_id", "invoice_id", "shop_refund_id", "shop_payment_id", "withdraw_id", "payway"]

function requireString(method: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`M4Client.${method}: "${name}" must be a non-empty string`)
  }
  return value
}

function requireId(method: string, name: string, value: unknown): number {
  const id = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    throw new TypeError(`M4Client.${method}: "${name}" must be a positive integer`)
  }
  return id
}

function requireArgs<T>(method: string, args: T | undefined | null): T {
  if (!args || typeof args !== "object") {
    throw new TypeError(`M4Client.${method}: an arguments object is required`)
  }
  return args
}

/** Adds optional fields that are set; refuses to let a bag field overwrite one already in the body. */
function addOptional(method: string, body: Body, fields: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined) {
      continue
    }
    if (key in body || key === "sign") {
      throw new TypeError(`M4Client.${method}: extra field "${key}" would overwrite a request field`)
    }
    body[key] = value
  }
}

/**
 * Typed client for the M4 gateway API (docs/m4-protocol.md §4–§6). Every method signs its request with the
 * endpoint's fixed field list and resolves to an M4Outcome; it never throws for gateway or
 * transport problems — only for programmer errors (missing argument, unknown currency, bad amount).
 */
export class M4Client {
  readonly shopId: number
  readonly baseUrl: string
  readonly timeoutMs: number
  #secretKey: string
  #http: AxiosInstance
  #now: () => Date
  #logger: M4Logger

  constructor(opts: M4ClientOptions) {
    if (!opts || typeof opts !== "object") {
      throw new TypeError("M4Client: options are required")
    }
    if (typeof opts.shopId !== "number" || !Number.isSafeInteger(opts.shopId) || opts.shopId <= 0) {
      throw new TypeError("M4Client: shopId must be a positive integer")
    }
    if (typeof opts.secretKey !== "string" || opts.secretKey === "") {
      throw new TypeError("M4Client: secretKey must be a non-empty string")
    }
    const timeoutMs = opts.timeoutMs ?? M4_DEFAULT_TIMEOUT_MS
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TypeError("M4Client: timeoutMs must be a positive number")
    }
    const baseUrl = opts.baseUrl ?? M4_DEFAULT_BASE_URL
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`
    this.shopId = opts.shopId
    this.timeoutMs = timeoutMs
    this.#secretKey = opts.secretKey
    this.#http = createTransport(timeoutMs)
    this.#now = opts.now ?? (() => new Date())
    this.#logger = opts.logger ?? {}
  }

  // What JSON.stringify / util.inspect show: never the key (it lives in a private field anyway).
  toJSON(): { shopId: number; baseUrl: string; timeoutMs: number } {
    return { shopId: this.shopId, baseUrl: this.baseUrl, timeoutMs: this.timeoutMs }
  }

  [inspect.custom](): string {
    return `M4Client { shopId: ${this.shopId}, baseUrl: '${this.baseUrl}', timeoutMs: ${this.timeoutMs} }`
  }

  // ── invoices ────────────────────────────────────────────────────────────────

  /** invoice/try — preliminary calculation: payer price and add-on fields the payway needs. */
  invoiceTry(input: InvoiceTryInput): Promise<M4Outcome<InvoiceTryData>> {
    const args = requireArgs("invoiceTry", input)
    const body = this.#invoiceBody("invoiceTry", args)
    addOptional("invoiceTry", body, { description: args.description })
    addOptional("invoiceTry", body, args.extra)
    return this.#call("invoice/try", body, invoiceTryDataSchema)
  }

  /** invoice/create — one-step invoice; send the payer to `data.url` (GET) or post `data.data` to it (POST). */
  invoiceCreate(input: InvoiceCreateInput): Promise<M4Outcome<InvoiceCreateData>> {
    const args = requireArgs("invoiceCreate", input)
    return this.#call("invoice/create", this.#invoiceCreateBody("invoiceCreate", args), invoiceCreateDataSchema)
  }

  /** invoice/hold — two-step invoice; after payment the status is 8 and a `hold` callback arrives. */
  invoiceHold(input: InvoiceHoldInput): Promise<M4Outcome<InvoiceCreateData>> {
    const args = requireArgs("invoiceHold", input)
    const body = this.#invoiceCreateBody("invoiceHold", args)
    addOptional("invoiceHold", body, { issue_payment_token: args.issue_payment_token })
    return this.#call("invoice/hold", body, invoiceCreateDataSchema)
  }

  /** invoice/charge — capture a held invoice; `data.status` is the status after the call (DECISION g). */
  invoiceCharge(input: InvoiceIdArgs): Promise<M4Outcome<InvoiceStatusChangeData>> {
    const args = requireArgs("invoiceCharge", input)
    const body = { invoice_id: requireId("invoiceCharge", "invoice_id", args.invoice_id), now: this.#nowText() }
    return this.#call("invoice/charge", body, invoiceStatusChangeDataSchema)
  }

  /** invoice/unhold — release a held invoice; status 6 and a `rejected` callback follow (DECISION c). */
  invoiceUnhold(input: InvoiceIdArgs): Promise<M4Outcome<InvoiceStatusChangeData>> {
    const args = requireArgs("invoiceUnhold", input)
    const body = { invoice_id: requireId("invoiceUnhold", "invoice_id", args.invoice_id), now: this.#nowText() }
    return this.#call("invoice/unhold", body, invoiceStatusChangeDataSchema)
  }

  /** invoice/check — invoice status by the shop's order id. */
  invoiceCheck(input: InvoiceCheckInput): Promise<M4Outcome<InvoiceCheckData>> {
    const args = requireArgs("invoiceCheck", input)
    const body = {
      shop_order_id: requireString("invoiceCheck", "shop_order_id", args.shop_order_id),
      now: this.#nowText(),
    }
    return this.#call("invoice/check", body, invoiceCheckDataSchema)
  }

  /** invoice/create-refund — the final outcome arrives by refund callback. */
  invoiceCreateRefund(input: InvoiceCreateRefundInput): Promise<M4Outcome<InvoiceCreateRefundData>> {
    const args = requireArgs("invoiceCreateRefund", input)
    const currency = getCurrency(args.currency)
    const body = {
      invoice_id: requireId("invoiceCreateRefund", "invoice_id", args.invoice_id),
      amount: formatPositiveAmount(args.amount, currency),
      shop_refund_id: requireString("invoiceCreateRefund", "shop_refund_id", args.shop_refund_id),
      ...(args.callback_url ? { callback_url: args.callback_url } : {}),
    }
    return this.#call("invoice/create-refund", body, invoiceCreateRefundDataSchema)
  }

  /** invoice/get-refunds — refunds of one invoice (shape open, parsed leniently). */
  invoiceGetRefunds(input: InvoiceIdArgs): Promise<M4Outcome<InvoiceGetRefundsData>> {
    const args = requireArgs("invoiceGetRefunds", input)
    const body = { invoice_id: requireId("invoiceGetRefunds", "invoice_id", args.invoice_id), now: this.#nowText() }
    return this.#call("invoice/get-refunds", body, invoiceGetRefundsDataSchema)
  }

  // ── shop ────────────────────────────────────────────────────────────────────

  /** shop_input_config/shop — pay-in methods and payways. */
  shopInputConfig(): Promise<M4Outcome<ShopConfigData>> {
    return this.#call("shop_input_config/shop", { now: this.#nowText() }, shopConfigDataSchema)
  }

  /** shop_output_config/shop — payout methods and payways, optionally filtered by payway. */
  shopOutputConfig(input: ShopOutputConfigInput = {}): Promise<M4Outcome<ShopConfigData>> {
    const body: Body = { now: this.#nowText() }
    addOptional("shopOutputConfig", body, { payway: input.payway })
    return this.#call("shop_output_config/shop", body, shopConfigDataSchema)
  }

  /** shop_balance — available / frozen / hold per currency. */
  shopBalance(): Promise<M4Outcome<ShopBalanceData>> {
    return this.#call("shop_balance", { now: this.#nowText() }, shopBalanceDataSchema)
  }

  // ── payouts ─────────────────────────────────────────────────────────────────

  /** withdraw/try — payout calculation (what the payee receives, what the shop is debited). */
  withdrawTry(input: WithdrawTryInput): Promise<M4Outcome<WithdrawTryData>> {
    const args = requireArgs("withdrawTry", input)
    const currency = getCurrency(args.shop_currency)
    const body: Body = {
      payway: requireString("withdrawTry", "payway", args.payway),
      amount: formatPositiveAmount(args.amount, currency),
      amount_type: this.#amountType("withdrawTry", args.amount_type),
      shop_currency: currency.numeric,
    }
    addOptional("withdrawTry", body, { account: args.account, account_details: args.account_details })
    return this.#call("withdraw/try", body, withdrawTryDataSchema)
  }

  /** check_account — whether the payee account can receive the payout. */
  checkAccount(input: CheckAccountInput): Promise<M4Outcome<CheckAccountData>> {
    const args = requireArgs("checkAccount", input)
    const body: Body = {
      payway: requireString("checkAccount", "payway", args.payway),
      amount: formatPositiveAmount(args.amount, getCurrency(args.shop_currency)),
      account: requireString("checkAccount", "account", args.account),
    }
    addOptional("checkAccount", body, { account_details: args.account_details })
    return this.#call("check_account", body, checkAccountDataSchema)
  }

  /** withdraw/create — create a payout; poll withdrawShopPaymentStatus until final (no payout callbacks). */
  withdrawCreate(input: WithdrawCreateInput): Promise<M4Outcome<WithdrawCreateData>> {
    const args = requireArgs("withdrawCreate", input)
    const currency = getCurrency(args.shop_currency)
    const body: Body = {
      payway: requireString("withdrawCreate", "payway", args.payway),
      amount: formatPositiveAmount(args.amount, currency),
      amount_type: this.#amountType("withdrawCreate", args.amount_type),
      shop_currency: currency.numeric,
      account: requireString("withdrawCreate", "account", args.account),
      shop_payment_id: requireString("withdrawCreate", "shop_payment_id", args.shop_payment_id),
    }
    addOptional("withdrawCreate", body, { account_details: args.account_details, description: args.description })
    return this.#call("withdraw/create", body, withdrawCreateDataSchema)
  }

  /** withdraw/status — payout status by M4's withdraw id. */
  withdrawStatus(input: WithdrawStatusInput): Promise<M4Outcome<WithdrawStatusData>> {
    const args = requireArgs("withdrawStatus", input)
    const body = { withdraw_id: requireId("withdrawStatus", "withdraw_id", args.withdraw_id), now: this.#nowText() }
    return this.#call("withdraw/status", body, withdrawStatusDataSchema)
  }

  /** withdraw/shop_payment_status — payout status by the shop's payment id (use after an unknown create). */
  withdrawShopPaymentStatus(input: WithdrawShopPaymentStatusInput): Promise<M4Outcome<WithdrawStatusData>> {
    const args = requireArgs("withdrawShopPaymentStatus", input)
    const body = {
      shop_payment_id: requireString("withdrawShopPaymentStatus", "shop_payment_id", args.shop_payment_id),
      now: this.#nowText(),
    }
    return this.#call("withdraw/shop_payment_status", body, withdrawStatusDataSchema)
  }

  // ── internals ───────────────────────────────────────────────────────────────

  #nowText(): string {
    return formatNow(this.#now())
  }

  #amountType(method: string, value: unknown): string {
    if (value !== "ps_amount" && value !== "shop_amount") {
      throw new TypeError(`M4Client.${method}: "amount_type" must be "ps_amount" or "shop_amount"`)
    }
    return value
  }

  /** The five signed invoice fields: currency as ISO numeric, amount per DECISION e. */
  #invoiceBody(method: string, args: InvoiceTryInput): Body {
    const currency = getCurrency(args.currency)
    return {
      shop_order_id: requireString(method, "shop_order_id", args.shop_order_id),
      amount: formatPositiveAmount(args.amount, currency),
      currency: currency.numeric,
      payway: requireString(method, "payway", args.payway),
    }
  }

  #invoiceCreateBody(method: string, args: InvoiceCreateInput): Body {
    const body = this.#invoiceBody(method, args)
    addOptional(method, body, {
      description: args.description,
      success_url: args.success_url,
      failed_url: args.failed_url,
      callback_url: args.callback_url,
      callback_rejected_url: args.callback_rejected_url,
      client_ip: args.client_ip,
      expires_at: args.expires_at instanceof Date ? formatNow(args.expires_at) : args.expires_at,
      client_info: args.client_info,
      phone: args.phone,
      email: args.email,
      account: args.account,
    })
    addOptional(method, body, args.extra)
    return body
  }

  #redactor(sign: string): Redactor {
    const secret = this.#secretKey
    return (text) => text.split(secret).join("[redacted]").split(sign).join("[redacted]")
  }

  async #call<S extends z.ZodType>(endpoint: M4Endpoint, fields: Body, schema: S): Promise<M4Outcome<z.output<S>>> {
    const body = signRequest<Body>(endpoint, { shop_id: this.shopId, ...fields }, this.#secretKey)
    const redact = this.#redactor(body.sign)
    const ids = LOGGED_FIELDS.filter((f) => body[f] !== undefined)
      .map((f) => `${f}=${String(body[f])}`)
      .join(" ")
    this.#logger.debug?.(redact(`M4 → ${endpoint}${ids ? ` ${ids}` : ""}`))

    let outcome: M4Outcome<z.output<S>>
    try {
      // axios's timeout is per socket inactivity; the signal bounds the whole exchange
      const response = await this.#http.post<string>(this.baseUrl + endpoint, JSON.stringify(body), {
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      outcome = interpretResponse(
        response.status,
        typeof response.data === "string" ? response.data : "",
        schema,
        redact
      )
    } catch (error) {
      // only the error's name, code and message are read: axios errors also carry the request
      // (headers, signed body) in `config` / `request`, which must never reach an outcome or a log
      outcome = interpretTransportError(error, this.timeoutMs, redact)
    }

    if (outcome.kind === "ok") {
      this.#logger.debug?.(`M4 ← ${endpoint}: ok`)
    } else {
      this.#logger.warn?.(redact(`M4 ← ${endpoint}: ${describeOutcome(outcome)}`))
    }
    return outcome
  }
}
