import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { rateLimits, type RateLimitedRoute } from "../../modules/m4-rate-limits"

/**
 * A middleware that counts the request against the plugin's `rateLimits` for `route` (per
 * subject — the cart or payment collection the request is about — and per client address) and
 * answers 429 with Retry-After past a limit, in Medusa's error shape, before anything asks M4.
 * The client address is Medusa's `req.ip`: Medusa sets Express's `trust proxy` to one hop, so
 * behind one reverse proxy it is the address that proxy saw (the proxy must overwrite
 * X-Forwarded-For: a client reaching Medusa directly can choose its own; the per-subject limit
 * holds either way).
 */
export function rateLimited(route: RateLimitedRoute, subjectOf: (req: MedusaRequest) => unknown) {
  return async function limitRequests(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
    const limits = rateLimits(req.scope)
    if (!limits?.enabled()) {
      return next()
    }
    const subject = subjectOf(req)
    const verdict = await limits.consume(route, {
      subject: typeof subject === "string" && subject ? subject.slice(0, 200) : undefined,
      client: clientAddress(req),
    })
    if (verdict.allowed) {
      return next()
    }
    res.setHeader("Retry-After", String(verdict.retryAfterSeconds))
    res.status(429).json({
      type: MedusaError.Types.NOT_ALLOWED,
      message: `Too many requests. Please try again in ${verdict.retryAfterSeconds} second${verdict.retryAfterSeconds === 1 ? "" : "s"}.`,
    })
  }
}

/** `req.ip` without the IPv4-mapped prefix (one client, one key). */
function clientAddress(req: MedusaRequest): string {
  return (req.ip ?? req.socket?.remoteAddress ?? "unknown").replace(/^::ffff:/, "")
}
