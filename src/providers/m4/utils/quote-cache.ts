import { createHash } from "node:crypto"
import type { M4Outcome } from "../../../m4"

/**
 * M4's answers to the read-only quoting calls (shop_input_config/shop, and invoice/try for one
 * payway, currency and amount), kept for a short time (the provider option `quoteCacheMs`) and
 * shared by every M4 provider of the same shop in this process: anonymous visitors asking for the
 * payment methods of carts with the same total cost M4 nothing after the first. Concurrent
 * identical questions share one call in flight. An unknown outcome (timeout, 5xx) is shared by
 * the callers waiting for it but never kept: the next question asks M4 again.
 *
 * Per process, in memory: each server instance of the production topology asks M4 at most once
 * per question and period, a small multiple of the single-process bound, with no Redis round trip
 * in the checkout path and no dependency on Medusa's caching module (optional and experimental in
 * 2.21; absent from the payment module's container unless the store registers it). The session's
 * own invoice/try (initiatePayment) is never cached: the price the shopper pays comes from M4 then.
 */
export class QuoteCache {
  readonly #answers: KeptAnswers | undefined
  readonly #inFlight = new Map<string, Promise<M4Outcome<unknown>>>()

  /** `now`: the clock (tests); `max`: questions kept at most (the least recently asked go first). */
  constructor(ttlMs: number, opts: { max?: number; now?: () => number } = {}) {
    // ttl 0: nothing kept, concurrent identical calls still share one
    this.#answers = ttlMs > 0 ? new KeptAnswers(ttlMs, opts.max ?? 5_000, opts.now ?? Date.now) : undefined
  }

  /** The shop's pay-in configuration (shop_input_config/shop). */
  shopConfig<T>(ask: () => Promise<M4Outcome<T>>): Promise<M4Outcome<T>> {
    return this.answer("shop_input_config", ask)
  }

  /** invoice/try for a payway, currency and exact amount (whichever cart asks). */
  invoiceTry<T>(
    question: { payway: string; currency: number; amount: string },
    ask: () => Promise<M4Outcome<T>>
  ): Promise<M4Outcome<T>> {
    return this.answer(`invoice/try|${question.payway}|${question.currency}|${question.amount}`, ask)
  }

  private answer<T>(key: string, ask: () => Promise<M4Outcome<T>>): Promise<M4Outcome<T>> {
    const kept = this.#answers?.get(key)
    if (kept) {
      return Promise.resolve(kept as M4Outcome<T>)
    }
    const pending = this.#inFlight.get(key)
    if (pending) {
      return pending as Promise<M4Outcome<T>>
    }
    const asked = ask()
      .then((outcome) => {
        if (outcome.kind !== "unknown") {
          this.#answers?.set(key, outcome)
        }
        return outcome
      })
      .finally(() => this.#inFlight.delete(key))
    this.#inFlight.set(key, asked)
    return asked
  }
}

const caches = new Map<string, QuoteCache>()

/**
 * The cache of one M4 shop (gateway URL, shop id and a digest of its secret key, so providers
 * with other credentials never share answers) for one lifetime; the same object for every
 * provider of that shop in this process.
 */
export function quoteCacheFor(shop: { apiUrl: string; shopId: string | number; secretKey: string }, ttlMs: number) {
  const keyDigest = createHash("sha256").update(shop.secretKey).digest("hex").slice(0, 16)
  const id = `${shop.apiUrl}|${shop.shopId}|${keyDigest}|${ttlMs}`
  let cache = caches.get(id)
  if (!cache) {
    cache = new QuoteCache(ttlMs)
    caches.set(id, cache)
  }
  return cache
}

/**
 * Answers kept for `ttlMs`, at most `max` (the least recently asked go first). A Map keeps insertion
 * order, so re-inserting on use makes its first key the least recently used. Written here rather than
 * taken from lru-cache: Medusa's own tree pins several lru-cache majors, so a merchant's store would
 * get a private copy under the plugin for these few lines.
 */
class KeptAnswers {
  readonly #entries = new Map<string, { outcome: M4Outcome<unknown>; until: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number
  ) {}

  get(key: string): M4Outcome<unknown> | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    this.#entries.delete(key)
    if (entry.until <= this.now()) return undefined
    this.#entries.set(key, entry)
    return entry.outcome
  }

  set(key: string, outcome: M4Outcome<unknown>): void {
    this.#entries.delete(key)
    if (this.#entries.size >= this.max) {
      this.#entries.delete(this.#entries.keys().next().value as string)
    }
    this.#entries.set(key, { outcome, until: this.now() + this.ttlMs })
  }
}
