import type { ConfigModule, Logger } from "@medusajs/framework/types"
import Redis from "ioredis"
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible"
import { parseRateLimitsOptions, RateLimitedRoute, RateLimitsOptions } from "./utils/options"

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

type Dependencies = { configModule?: ConfigModule; logger?: Logger }
type Limiters = Record<RateLimitedRoute, { subject: RateLimiterAbstract; client: RateLimiterAbstract }>

/**
 * The store's request limits for the routes that make it ask M4 (options: utils/options.ts),
 * with rate-limiter-flexible. With Medusa's `redisUrl` (the production topology: several server
 * instances) the counts live in Redis, so a client is limited across all instances; if Redis
 * is unreachable each instance falls back to counting in its own memory (an insurance limiter)
 * rather than failing the checkout or letting everything through. Without Redis: memory.
 */
class M4RateLimitsService {
  protected readonly options_: RateLimitsOptions
  protected readonly redisUrl_: string | undefined
  protected readonly logger_: Logger | undefined
  protected limiters_: Limiters | undefined
  protected redis_: Redis | undefined

  constructor(container: Dependencies, options: unknown) {
    this.options_ = parseRateLimitsOptions(options)
    this.logger_ = container.logger
    this.redisUrl_ = container.configModule?.projectConfig?.redisUrl || undefined
  }

  __hooks = {
    onApplicationShutdown: async () => {
      this.redis_?.disconnect()
    },
  }

  /** Whether the limits are on (`rateLimits.enabled`). */
  enabled(): boolean {
    return this.options_.enabled
  }

  /**
   * Counts one request of `route` for its subject (cart or payment collection id, when the
   * request names one) and its client address; the verdict of the first limit it exceeds.
   */
  async consume(route: RateLimitedRoute, keys: { subject?: string; client: string }): Promise<RateLimitVerdict> {
    if (!this.options_.enabled) {
      return { allowed: true }
    }
    const limiters = this.limiters()[route]
    const counted: [RateLimiterAbstract, string][] = [[limiters.client, keys.client]]
    if (keys.subject) {
      counted.push([limiters.subject, keys.subject])
    }
    for (const [limiter, key] of counted) {
      try {
        await limiter.consume(key)
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) }
        }
        throw e
      }
    }
    return { allowed: true }
  }

  /** Made on first use: no Redis connection for commands (migrations…) that never serve a request. */
  protected limiters(): Limiters {
    if (!this.limiters_) {
      const { paymentMethods, paymentSessions } = this.options_
      this.limiters_ = {
        paymentMethods: {
          subject: this.limiter("payment-methods:cart", paymentMethods.perCart, paymentMethods.windowSeconds),
          client: this.limiter("payment-methods:client", paymentMethods.perClient, paymentMethods.windowSeconds),
        },
        paymentSessions: {
          subject: this.limiter(
            "payment-sessions:collection",
            paymentSessions.perCollection,
            paymentSessions.windowSeconds
          ),
          client: this.limiter("payment-sessions:client", paymentSessions.perClient, paymentSessions.windowSeconds),
        },
      }
    }
    return this.limiters_
  }

  protected limiter(name: string, points: number, duration: number): RateLimiterAbstract {
    const keyPrefix = `m4:rate-limit:${name}`
    const memory = new RateLimiterMemory({ keyPrefix, points, duration })
    if (!this.redisUrl_) {
      return memory
    }
    if (!this.redis_) {
      // the library's advice for ioredis: no offline queue, so a Redis outage answers at once (insurance)
      this.redis_ = new Redis(this.redisUrl_, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
      this.redis_.on("error", (e: Error) => this.logger_?.warn(`M4 rate limits: Redis: ${e.message}`))
    }
    return new RateLimiterRedis({
      storeClient: this.redis_,
      keyPrefix,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    })
  }
}

export default M4RateLimitsService
