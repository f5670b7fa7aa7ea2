/**
 * Building the invoice from the payment-session input, step by step and without I/O:
 * who the session is, what invoice/try asks, what the session data says after it, and the
 * invoice/create (or invoice/hold) request that follows. `initiatePayment` only sends them.
 */
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { InitiatePaymentInput, InitiatePaymentOutput } from "@medusajs/framework/types"
import { INVOICE_STATUS, InvoiceCreateData, InvoiceTryData, M4Client, M4Currency } from "../../../m4"
import type { M4ProviderOptions } from "../types/options"
import type { M4PaymentData } from "../types/session-data"
import { AddOnResolution, resolveAddOns } from "./add-ons"
import { buildInvoiceDescription } from "./invoice-description"
import { payerPrice } from "./quote"
import { fillTemplate, isMedusaId } from "./templates"

export type InvoiceTryRequest = Parameters<M4Client["invoiceTry"]>[0] & { payway: string; amount: string }
export type InvoiceIssueRequest = Parameters<M4Client["invoiceCreate"]>[0]

/** The session the invoice is for: M4's shop_order_id is the payment session id (one invoice per session). */
export type SessionIdentity = { sessionId: string; cartId?: string }

/** The storefront's `data` as sent to Medusa (untrusted). */
export function storefrontData(input: InitiatePaymentInput): Record<string, unknown> {
  return (input.data ?? {}) as Record<string, unknown>
}

export function sessionIdentity(input: InitiatePaymentInput): SessionIdentity {
  const storefront = storefrontData(input)
  const sessionId = (storefront.session_id as string | undefined) ?? input.context?.idempotency_key
  if (!sessionId) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "M4: the payment session id is missing")
  }
  // only a Medusa cart id may go into the return URL
  const cartId = isMedusaId(storefront.cart_id, "cart") ? storefront.cart_id : undefined
  return { sessionId, cartId }
}

/** invoice/try: the invoice's five signed fields and the payer-facing description. */
export function invoiceTryRequest(args: {
  session: SessionIdentity
  amount: string
  currency: M4Currency
  payway: string
  options: Pick<M4ProviderOptions, "description" | "shopName">
  items: unknown
}): InvoiceTryRequest {
  const { session } = args
  return {
    shop_order_id: session.sessionId,
    amount: args.amount,
    currency: args.currency.numeric,
    payway: args.payway,
    description: buildInvoiceDescription({
      template: args.options.description,
      shopName: args.options.shopName,
      items: args.items,
      ids: { cart_id: session.cartId, session_id: session.sessionId },
    }),
  }
}

/** The payway's add-on fields, from what the storefront sent and what Medusa knows of the customer. */
export function addOnsFor(input: InitiatePaymentInput, quote: InvoiceTryData): AddOnResolution {
  const storefront = storefrontData(input)
  const customer = input.context?.customer
  return resolveAddOns(quote.add_ons_config, storefront.add_ons as Record<string, unknown> | undefined, {
    email: customer?.email ?? (storefront.email as string | undefined),
    phone: customer?.phone ?? (storefront.phone as string | undefined),
  })
}

/** Session data once M4 has quoted the invoice (public: no secrets). */
export function quotedSessionData(args: {
  session: SessionIdentity
  request: InvoiceTryRequest
  currency: M4Currency
  mode: M4ProviderOptions["mode"]
  quote: InvoiceTryData
  addOns: AddOnResolution
}): M4PaymentData {
  const { session, request, quote } = args
  const payer = payerPrice(quote)
  return {
    session_id: session.sessionId,
    shop_order_id: session.sessionId,
    mode: args.mode,
    payway: request.payway,
    amount: request.amount,
    currency_code: args.currency.alpha.toLowerCase(),
    ...(session.cartId ? { cart_id: session.cartId } : {}),
    ...(payer ? { payer_price: payer.amount, payer_currency: payer.currency } : {}),
    instructions: { manual: quote.manual ?? {}, info: quote.info ?? {}, warning: quote.warning ?? {} },
    add_ons: args.addOns.values,
  }
}

/** Nothing issued yet: the storefront asks the shopper for the missing fields and initiates again. */
export function requiresMoreOutput(
  session: SessionIdentity,
  data: M4PaymentData,
  quote: InvoiceTryData,
  addOns: AddOnResolution
): InitiatePaymentOutput {
  return {
    id: session.sessionId,
    status: PaymentSessionStatus.REQUIRES_MORE,
    data: { ...data, add_ons_config: quote.add_ons_config ?? {}, missing_add_ons: addOns.missing },
  }
}

/** invoice/create or invoice/hold: the tried invoice plus return URLs, notification URL and add-ons. */
export function invoiceIssueRequest(args: {
  request: InvoiceTryRequest
  session: SessionIdentity
  options: Pick<M4ProviderOptions, "successUrl" | "failUrl">
  callbackUrl: string
  addOns: AddOnResolution
}): InvoiceIssueRequest {
  const ids = { cart_id: args.session.cartId, session_id: args.session.sessionId }
  const { values } = args.addOns
  return {
    ...args.request,
    success_url: args.options.successUrl && fillTemplate(args.options.successUrl, ids, { encode: true }),
    failed_url: args.options.failUrl && fillTemplate(args.options.failUrl, ids, { encode: true }),
    callback_url: args.callbackUrl,
    ...(values.email ? { email: values.email } : {}),
    ...(values.phone ? { phone: values.phone } : {}),
    extra: Object.fromEntries(Object.entries(values).filter(([name]) => name !== "email" && name !== "phone")),
  }
}

/** The issued invoice: the session waits for the payer on M4's pay page. */
export function issuedOutput(
  session: SessionIdentity,
  data: M4PaymentData,
  issued: InvoiceCreateData
): InitiatePaymentOutput {
  return {
    id: session.sessionId,
    status: PaymentSessionStatus.PENDING,
    data: {
      ...data,
      invoice_id: Number(issued.id),
      m4_status: INVOICE_STATUS.CREATED,
      redirect: { method: issued.method, url: issued.url, data: issued.data ?? {} },
    },
  }
}
