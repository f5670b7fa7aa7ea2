import type { M4Outcome } from "../../../m4"
import { QuoteCache, quoteCacheFor } from "../utils/quote-cache"

const ok = (n: number): M4Outcome<{ n: number }> => ({ kind: "ok", data: { n } })
const unknown: M4Outcome<{ n: number }> = { kind: "unknown", reason: "timeout", message: "timed out" } as never

/** A call to M4 that answers when told to, counting how often it was made. */
function gatewayCall(answers: M4Outcome<{ n: number }>[]) {
  const call = { count: 0, release: () => {}, ask: undefined as never as () => Promise<M4Outcome<{ n: number }>> }
  call.ask = () =>
    new Promise((resolve) => {
      const answer = answers[Math.min(call.count, answers.length - 1)]
      call.count++
      call.release = () => resolve(answer)
    })
  return call
}

const question = { payway: "card_invoice_usd", currency: 840, amount: "100.00" }

describe("QuoteCache", () => {
  it("asks M4 once for concurrent identical questions, then answers from memory until the lifetime ends", async () => {
    let now = 1_000
    const cache = new QuoteCache(30_000, { now: () => now })
    const call = gatewayCall([ok(1), ok(2)])
    const asked = Array.from({ length: 50 }, () => cache.invoiceTry(question, call.ask))
    call.release()
    expect(await Promise.all(asked)).toEqual(Array(50).fill(ok(1)))
    expect(call.count).toBe(1)

    now += 29_999
    expect(await cache.invoiceTry(question, call.ask)).toEqual(ok(1))
    expect(call.count).toBe(1)

    now += 2
    const again = cache.invoiceTry(question, call.ask)
    call.release()
    expect(await again).toEqual(ok(2))
    expect(call.count).toBe(2)
  })

  it("keeps each payway, currency and amount apart, and the shop configuration apart from quotes", async () => {
    const cache = new QuoteCache(30_000)
    const call = gatewayCall([ok(1)])
    const ask = () => {
      const answer = call.ask()
      call.release()
      return answer
    }
    await cache.invoiceTry(question, ask)
    await cache.invoiceTry({ ...question, amount: "100.01" }, ask)
    await cache.invoiceTry({ ...question, payway: "wallet_invoice_usd" }, ask)
    await cache.invoiceTry({ ...question, currency: 978 }, ask)
    await cache.shopConfig(ask)
    await cache.shopConfig(ask)
    await cache.invoiceTry(question, ask)
    expect(call.count).toBe(5)
  })

  it("shares an unknown outcome with the callers waiting for it but asks again afterwards", async () => {
    const cache = new QuoteCache(30_000)
    const call = gatewayCall([unknown, ok(2)])
    const waiting = [cache.shopConfig(call.ask), cache.shopConfig(call.ask)]
    call.release()
    expect(await Promise.all(waiting)).toEqual([unknown, unknown])
    expect(call.count).toBe(1)
    const next = cache.shopConfig(call.ask)
    call.release()
    expect(await next).toEqual(ok(2))
    expect(call.count).toBe(2)
  })

  it("keeps M4's refusals for the lifetime too (a refused amount stays refused)", async () => {
    const cache = new QuoteCache(30_000)
    const refused: M4Outcome<{ n: number }> = { kind: "fatal", code: 3, message: "amount" } as never
    const call = gatewayCall([refused, ok(2)])
    const first = cache.invoiceTry(question, call.ask)
    call.release()
    await first
    expect(await cache.invoiceTry(question, call.ask)).toEqual(refused)
    expect(call.count).toBe(1)
  })

  it("with a lifetime of 0 keeps nothing but still shares a call in flight", async () => {
    const cache = new QuoteCache(0)
    const call = gatewayCall([ok(1), ok(2)])
    const both = [cache.shopConfig(call.ask), cache.shopConfig(call.ask)]
    call.release()
    expect(await Promise.all(both)).toEqual([ok(1), ok(1)])
    const later = cache.shopConfig(call.ask)
    call.release()
    expect(await later).toEqual(ok(2))
    expect(call.count).toBe(2)
  })

  it("is one cache per shop and lifetime: other credentials never share answers", () => {
    const shop = { apiUrl: "http://127.0.0.1:1/gateway/v1/", shopId: 1520, secretKey: "k" }
    expect(quoteCacheFor(shop, 30_000)).toBe(quoteCacheFor({ ...shop }, 30_000))
    expect(quoteCacheFor(shop, 30_000)).not.toBe(quoteCacheFor({ ...shop, secretKey: "other" }, 30_000))
    expect(quoteCacheFor(shop, 30_000)).not.toBe(quoteCacheFor({ ...shop, shopId: 1521 }, 30_000))
    expect(quoteCacheFor(shop, 30_000)).not.toBe(quoteCacheFor(shop, 0))
  })
})
