/**
 * One live invoice per payment collection: when Medusa replaces a session (the shopper went back,
 * a double click, a retrying client) the new session takes over its collection's invoice if the
 * payer would see and pay exactly the same thing, so a cart never has two payable invoices for the
 * same money. Pure: the provider claims the ledger row; these say what must match and what the
 * new session's data becomes.
 */
import { createHash } from "node:crypto"
import type { InitiatePaymentInput, InitiatePaymentOutput } from "@medusajs/framework/types"
import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type { M4PaymentData } from "../types/session-data"
import type { SessionIdentity } from "./invoice-request"
import { storefrontData } from "./invoice-request"

/**
 * What the payer sees and sends besides the money: the description (the cart's items) and the
 * add-on inputs (wallet e-mail or phone). Two sessions with the same digest, amount, currency and
 * payway ask for the same invoice.
 */
export function requestDigest(description: string | undefined, input: InitiatePaymentInput): string {
  const storefront = storefrontData(input)
  const customer = input.context?.customer
  const inputs = {
    description: description ?? "",
    add_ons: sortedObject(storefront.add_ons),
    email: customer?.email ?? storefront.email ?? null,
    phone: customer?.phone ?? storefront.phone ?? null,
  }
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex")
}

function sortedObject(value: unknown): Record<string, unknown> | null {
  if (!value || typeof value !== "object") {
    return null
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** A reused invoice must stay payable for at least half its lifetime more, or a new one is issued. */
export function reusableUntil(lifetimeMs: number, now = Date.now()): Date {
  return new Date(now + lifetimeMs / 2)
}

/** The public data a session that reuses the invoice gets: the issuing session's, with its own id. */
export function reusedOutput(session: SessionIdentity, sessionData: Record<string, unknown>): InitiatePaymentOutput {
  const data: M4PaymentData = {
    ...(sessionData as M4PaymentData),
    session_id: session.sessionId,
    ...(session.cartId ? { cart_id: session.cartId } : {}),
  }
  return { id: session.sessionId, status: PaymentSessionStatus.PENDING, data }
}
