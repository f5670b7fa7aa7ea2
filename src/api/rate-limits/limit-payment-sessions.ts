import { rateLimited } from "./rate-limited"

/**
 * POST /store/payment-collections/:id/payment-sessions (Medusa's route; every new session of an M4
 * provider is an M4 invoice): per payment collection and per client (`rateLimits.paymentSessions`).
 */
export const limitPaymentSessions = rateLimited("paymentSessions", (req) => req.params?.id)
