import { rateLimited } from "./rate-limited"

/** GET /store/m4/payment-methods: per cart (`cart_id`) and per client (options: `rateLimits.paymentMethods`). */
export const limitPaymentMethods = rateLimited("paymentMethods", (req) => req.query?.cart_id)
