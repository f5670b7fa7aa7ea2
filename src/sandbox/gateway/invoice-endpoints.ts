/** invoice/try, create, hold, charge, unhold, check (docs/m4-protocol.md §4.1–§4.6). */
import type { SandboxContext } from "../context"
import { PaywayConfig } from "../config/sandbox-config"
import { nestedJsonText } from "../callbacks/callback-renderer"
import { chargeInvoice, notifyInvoice, payInvoice, rejectInvoice, unholdInvoice } from "../domain/invoices"
import { conversionFor } from "../domain/exchange"
import { expireIfDue } from "../domain/invoice-expiry"
import { checkLimits, invoicePricing, ResolvedPayway, resolvePayway } from "../domain/payways"
import { findCurrency, formatM4Timestamp, INVOICE_STATUS, M4_ERROR, parseM4Date } from "../../m4"
import { InvoiceRecord } from "../domain/records"
import { pyFloat, PyNumber } from "../python-json"
import { amountForCurrency } from "./amount-field"
import { GatewayError, gatewayErrors, incorrectParam, incorrectParams } from "./gateway-error"
import { EndpointHandler, GatewayRequest, HttpFailure } from "./gateway-request"

/** Fields that define the invoice; everything else the shop sent is echoed back as `addons`. */
const CORE_FIELDS = new Set(["shop_id", "shop_order_id", "amount", "currency", "payway", "sign", "now"])

interface PricedInvoice {
  payway: ResolvedPayway
  amount: string
  pricing: ReturnType<typeof invoicePricing>
}

function priceInvoice(ctx: SandboxContext, request: GatewayRequest): PricedInvoice {
  const f = request.fields
  const payway = resolvePayway(ctx.config, f.payway as string, "input", request.shop.shop_id)
  const currency = f.currency as number
  if (!findCurrency(currency)) {
    throw incorrectParam("currency", `unknown ISO 4217 numeric currency code ${currency}`)
  }
  // cross-currency: converted at the configured rate (error 16 without one), see domain/exchange.ts
  const conversion = conversionFor(ctx.config, currency, payway.config.currency)
  const amount = amountForCurrency(f.amount as string, currency, ctx.timings.amountDigits)
  const pricing = invoicePricing(payway.config, amount, conversion)
  // the payway's limits are in its own currency and apply to what the payer pays
  // ("Payer price amount is too small"); it is the converted amount unless the payer bears the fee
  checkLimits(payway.config, pricing.payer_price)
  return { payway, amount, pricing }
}

const invoiceTry: EndpointHandler = (ctx, request) => {
  const { payway, pricing } = priceInvoice(ctx, request)
  const config = payway.config
  return {
    data: {
      add_ons_config: config.add_ons_config ?? {},
      info: {},
      manual: config.manual ?? {},
      payer_price: pyFloat(pricing.payer_price),
      paymethod_id: config.paymethod_id,
      paymethod_name: config.paymethod_name,
      ps_currency: pricing.ps_currency,
      warning: {},
    },
  }
}

/** Creation extras as the callback's `addons` echoes them (numbers keep their lexeme). */
function creationExtras(request: GatewayRequest): Record<string, unknown> {
  const extras: Record<string, unknown> = {}
  for (const [key, value] of request.raw.fields) {
    if (CORE_FIELDS.has(key)) {
      continue
    }
    switch (value.kind) {
      case "number":
        extras[key] = new PyNumber(value.lexeme)
        break
      case "null":
        break
      default:
        extras[key] = value.value
    }
  }
  return extras
}

/**
 * The payway's add-ons (email, phone…, `add_ons_config` of invoice/try), all required with the
 * invoice (docs/m4-protocol.md DECISION i): a missing or empty one is error 10 `field required`,
 * one that does not match its regex error 10 naming the regex.
 */
function addOnValues(config: PaywayConfig, request: GatewayRequest): Record<string, string> {
  const values: Record<string, string> = {}
  const missing: string[] = []
  for (const [name, addOn] of Object.entries(config.add_ons_config ?? {})) {
    const value = request.raw.fields.get(name)
    const text = value?.kind === "string" ? value.value : value?.kind === "number" ? value.lexeme : undefined
    if (text === undefined || text === "") {
      missing.push(name)
      continue
    }
    if (addOn.regex && !new RegExp(addOn.regex).test(text)) {
      throw incorrectParam(name, `string does not match regex "${addOn.regex}"`)
    }
    values[name] = text
  }
  if (missing.length > 0) {
    throw incorrectParams(missing.map((name) => [name, "field required"]))
  }
  return values
}

/** `expires_at` as sandbox-clock ms (null when absent); error 10 when it is not ahead of the clock. */
function expiryOf(ctx: SandboxContext, request: GatewayRequest): number | null {
  const text = request.fields.expires_at as string | undefined
  if (text === undefined) {
    return null
  }
  const at = (parseM4Date(text) as Date).getTime()
  if (at <= ctx.clock.nowMs()) {
    throw incorrectParam(
      "expires_at",
      `must be later than the server time ${ctx.clock.now().toISOString()}, got "${text}" (no zone reads as UTC+3)`
    )
  }
  return at
}

function createInvoice(holdRequired: boolean): EndpointHandler {
  return (ctx, request) => {
    const { payway, amount, pricing } = priceInvoice(ctx, request)
    const expiresAt = expiryOf(ctx, request)
    const shopId = request.shop.shop_id
    const f = request.fields
    if (holdRequired && !payway.config.two_step) {
      throw gatewayErrors.paywayNotAvailable(payway.alias, "does not support two-step payments (invoice/hold)")
    }
    const addonValues = addOnValues(payway.config, request)
    if (ctx.state.invoiceByShopOrder(shopId, f.shop_order_id as string)) {
      throw gatewayErrors.notUnique("Shop_order_id", f.shop_order_id as string, shopId)
    }
    if (payway.scenario === "internal_server_error") {
      throw new HttpFailure(500)
    }
    const now = ctx.clock.nowMs()
    const invoice: InvoiceRecord = {
      id: ctx.state.nextId("invoice"),
      shop_id: shopId,
      shop_order_id: f.shop_order_id as string,
      amount,
      currency: request.fields.currency as number,
      ps_currency: pricing.ps_currency,
      ps_amount: pricing.ps_amount,
      exchange_rate: pricing.exchange_rate,
      payway: payway.alias,
      base_payway: payway.config.alias,
      scenario: payway.scenario,
      description: (f.description as string | undefined) ?? null,
      hold_required: holdRequired,
      status: INVOICE_STATUS.CREATED,
      payer_price: pricing.payer_price,
      fee: pricing.fee,
      shop_fee: pricing.shop_fee,
      shop_refund: pricing.shop_refund,
      refunded: "0",
      created_at: now,
      updated_at: now,
      processed_at: null,
      held_at: null,
      expires_at: expiresAt,
      expired: false,
      session_id: ctx.random.hex(32),
      pay_method: payway.config.pay_method,
      callback_url: (f.callback_url as string | undefined) ?? null,
      callback_rejected_url: (f.callback_rejected_url as string | undefined) ?? null,
      success_url: (f.success_url as string | undefined) ?? null,
      failed_url: (f.failed_url as string | undefined) ?? null,
      addons: creationExtras(request),
      addon_values: addonValues,
      ps_payer_account: null,
      error_code: 0,
    }
    ctx.state.addInvoice(invoice)
    applyCreationScenario(ctx, invoice)
    ctx.changed()
    return {
      data: {
        id: invoice.id,
        method: invoice.pay_method,
        url: `${ctx.baseUrl}/pay/${invoice.session_id}`,
        data: { session_id: invoice.session_id },
      },
      hangAfter: payway.scenario === "timeout_error",
    }
  }
}

/** Scripted outcomes of the test-gateway suffixes; no suffix waits for the payer. */
function applyCreationScenario(ctx: SandboxContext, invoice: InvoiceRecord): void {
  switch (invoice.scenario) {
    case "success":
    case "success_with_callback":
      payInvoice(ctx, invoice, invoice.scenario === "success_with_callback")
      break
    case "rejected":
    case "rejected_with_callback":
      rejectInvoice(ctx, invoice, invoice.scenario === "rejected_with_callback")
      break
    case "create_declined_with_callback":
      // the payment system declined creating the payment: final 6 at once, shop told by callback
      invoice.status = INVOICE_STATUS.REJECTED
      invoice.processed_at = invoice.updated_at
      notifyInvoice(ctx, invoice, "rejected")
      break
  }
}

function invoiceOfShop(ctx: SandboxContext, request: GatewayRequest): InvoiceRecord {
  const id = request.fields.invoice_id as number
  const invoice = ctx.state.invoices.get(id)
  if (!invoice || invoice.shop_id !== request.shop.shop_id) {
    throw gatewayErrors.notFound("Invoice", id)
  }
  expireIfDue(ctx, invoice)
  return invoice
}

const invoiceCharge: EndpointHandler = (ctx, request) => {
  const invoice = invoiceOfShop(ctx, request)
  chargeInvoice(ctx, invoice)
  return { data: { id: invoice.id, status: invoice.status } }
}

const invoiceUnhold: EndpointHandler = (ctx, request) => {
  const invoice = invoiceOfShop(ctx, request)
  unholdInvoice(ctx, invoice)
  return { data: { id: invoice.id, status: invoice.status } }
}

const timestamp = (ms: number | null) => (ms === null ? null : formatM4Timestamp(new Date(ms)))

/** invoice/check `data` (docs/m4-protocol.md §4.6, recorded shape). */
export function invoiceStatusData(invoice: InvoiceRecord): Record<string, unknown> {
  const paid = invoice.status === INVOICE_STATUS.PAID || invoice.status === INVOICE_STATUS.HELD
  return {
    client_price: pyFloat(invoice.payer_price),
    created: timestamp(invoice.created_at),
    description: invoice.description,
    error_code: invoice.error_code,
    is_unique: true,
    payment_id: invoice.id,
    payway: invoice.payway,
    processed: timestamp(invoice.processed_at),
    ps_currency: invoice.ps_currency,
    ps_data: nestedJsonText({ ps_payer_account: invoice.ps_payer_account ?? "", required_3ds: false }),
    shop_amount: pyFloat(invoice.amount),
    shop_currency: invoice.currency,
    shop_id: invoice.shop_id,
    shop_order_id: invoice.shop_order_id,
    shop_refund: pyFloat(paid ? invoice.shop_refund : "0"),
    status: invoice.status,
    updated: timestamp(invoice.updated_at),
  }
}

const invoiceCheck: EndpointHandler = (ctx, request) => {
  const shopOrderId = request.fields.shop_order_id as string
  const invoice = ctx.state.invoiceByShopOrder(request.shop.shop_id, shopOrderId)
  if (!invoice) {
    throw new GatewayError(M4_ERROR.OPERATION_NOT_FOUND, `Invoice (shop_order_id=${shopOrderId}) wasn't found`)
  }
  // the scheduler expires on time; this makes the answer exact whatever the timer's latency
  expireIfDue(ctx, invoice)
  return { data: invoiceStatusData(invoice) }
}

export const invoiceEndpoints = {
  "invoice/try": invoiceTry,
  "invoice/create": createInvoice(false),
  "invoice/hold": createInvoice(true),
  "invoice/charge": invoiceCharge,
  "invoice/unhold": invoiceUnhold,
  "invoice/check": invoiceCheck,
}

export { invoiceOfShop }
