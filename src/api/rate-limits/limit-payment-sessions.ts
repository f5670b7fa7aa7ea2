import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { rateLimited } from "./rate-limited"

const limitM4Sessions = rateLimited("paymentSessions", (req) => req.params?.id)

/**
 * POST /store/payment-collections/:id/payment-sessions (Medusa's route): a new session of an M4
 * provider is a new M4 invoice, so those are limited per payment collection and per client
 * (`rateLimits.paymentSessions`); other providers' sessions are the store's business and pass.
 */
export function limitPaymentSessions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const provider = (req.body as { provider_id?: unknown } | undefined)?.provider_id
  if (typeof provider !== "string" || !provider.startsWith("pp_m4_")) {
    return next()
  }
  return limitM4Sessions(req, res, next)
}
