import http from "node:http"

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export type PostResult = { status: number; ms: number; error?: string }

/**
 * POSTs each body once, `inFlight` at a time over keep-alive connections, spreading them
 * round-robin over `urls` (full URLs of the same route on several instances). Resolves with
 * each request's status and latency, in body order, and the wall time of the whole run.
 */
export async function postAll(
  urls: string[],
  bodies: string[],
  inFlight: number,
  opts: { timeoutMs?: number } = {}
): Promise<{ results: PostResult[]; wallMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight })
  const results: PostResult[] = new Array(bodies.length)
  let next = 0
  const started = performance.now()
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const url = new URL(urls[i % urls.length])
      const t0 = performance.now()
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(bodies[i]) },
          timeout: opts.timeoutMs ?? 60_000,
        },
        (res) => {
          res.resume()
          res.on("end", () => {
            results[i] = { status: res.statusCode ?? 0, ms: performance.now() - t0 }
            resolve()
          })
        }
      )
      req.on("timeout", () => req.destroy(new Error("timeout")))
      req.on("error", (e) => {
        results[i] = { status: 0, ms: performance.now() - t0, error: e.message }
        resolve()
      })
      req.end(bodies[i])
    })
  const lane = async () => {
    while (next < bodies.length) {
      await one(next++)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, bodies.length) }, lane))
  const wallMs = performance.now() - started
  agent.destroy()
  return { results, wallMs }
}

/** Runs `task(i)` for i < n, `limit` at a time; resolves with each result (or its error) in order. */
export async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<(T | Error)[]> {
  const out: (T | Error)[] = new Array(n)
  let next = 0
  const lane = async () => {
    while (next < n) {
      const i = next++
      out[i] = await task(i).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane))
  return out
}
