import { z } from "zod"
import { parseOptionsOrThrow } from "../../../m4"

const count = z.coerce.number().int("must be a whole number").min(1, "must be at least 1")
const windowSeconds = z.coerce.number().int("must be a whole number of seconds").min(1, "must be at least 1").max(3600)

/**
 * How often anyone with the publishable key may make the store ask M4 something: the payment
 * methods of a cart (shop configuration + invoice/try per payway) and a new payment session (an
 * M4 invoice). Counted per cart / payment collection and per client address (`req.ip`, behind
 * Medusa's `trust proxy` of one hop), over a fixed window; past a limit the request is answered
 * 429 with Retry-After. The plugin option `rateLimits` (Medusa hands a plugin's options to each
 * of its modules); validated at startup, a bad value names the option.
 */
export const rateLimitsSchema = z
  .object({
    /** false: no limits here (e.g. a gateway in front of Medusa already limits these routes) */
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    /** GET /store/m4/payment-methods */
    paymentMethods: z
      .object({ perCart: count.default(30), perClient: count.default(120), windowSeconds: windowSeconds.default(60) })
      .strict()
      .prefault({}),
    /** POST /store/payment-collections/:id/payment-sessions (every provider's: the limit is the store's) */
    paymentSessions: z
      .object({
        perCollection: count.default(10),
        perClient: count.default(60),
        windowSeconds: windowSeconds.default(60),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type RateLimitsOptions = z.output<typeof rateLimitsSchema>
export type RateLimitedRoute = "paymentMethods" | "paymentSessions"

/** The `rateLimits` key of the plugin options; the plugin's other keys belong to its other modules. */
export function parseRateLimitsOptions(options: unknown): RateLimitsOptions {
  const { rateLimits } = (options ?? {}) as { rateLimits?: unknown }
  return parseOptionsOrThrow(rateLimitsSchema, rateLimits ?? {}, "rateLimits options")
}
