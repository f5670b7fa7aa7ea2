import http from "node:http"
import { AddressInfo } from "node:net"
import { startSandbox, RunningSandbox, StartSandboxOptions } from "../../src/sandbox"
import { freePort } from "./wait"

export { pollUntil, waitFor } from "./wait"

export type M4TestEnv = {
  sandbox: RunningSandbox
  storeUrl: string
  /** with `countCalls`: every gateway call the store made, in order ("invoice/check", …) */
  calls: string[]
  /** the same calls with the order or invoice they were about (`shop_order_id` / `invoice_id`) */
  callLog: { method: string; ref?: string; body?: Record<string, unknown>; at?: number }[]
}

/**
 * A pass-through in front of the sandbox's gateway API that records each call's method, so a
 * test can count what the store asked M4 (the sandbox itself stays untouched). Exported for the
 * process tests, whose stores are other processes (`M4_API_URL` = its `url`).
 */
export async function startCallCounter(
  target: string,
  calls: string[],
  log: M4TestEnv["callLog"]
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", async () => {
      const method = (req.url ?? "").replace(/^\/+/, "").split("?")[0]
      calls.push(method)
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")
        const ref = body.shop_order_id ?? body.invoice_id
        log.push({ method, ...(ref === undefined ? {} : { ref: String(ref) }), body, at: Date.now() })
      } catch {
        log.push({ method, at: Date.now() })
      }
      try {
        const answer = await fetch(new URL(method, target), {
          method: req.method,
          headers: { "content-type": req.headers["content-type"] ?? "application/json" },
          body: req.method === "GET" ? undefined : Buffer.concat(chunks),
        })
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
        res.end(Buffer.from(await answer.arrayBuffer()))
      } catch {
        res.destroy()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Starts an in-process M4 sandbox and points the store's provider options at it. Call at the top
 * level of a spec file BEFORE medusaIntegrationTestRunner: jest runs this beforeAll first, so
 * medusa-config.ts reads these variables when the runner boots the store.
 */
export function useM4Sandbox(
  opts: { env?: Record<string, string>; sandbox?: StartSandboxOptions; countCalls?: boolean } = {}
): M4TestEnv {
  const env = { calls: [] as string[], callLog: [] as M4TestEnv["callLog"] } as M4TestEnv
  let counter: { stop: () => Promise<void> } | undefined
  const saved: Record<string, string | undefined> = {}
  beforeAll(async () => {
    const port = await freePort()
    env.sandbox = await startSandbox({
      port: 0,
      // strict `now` (±5 min) and amounts: the store's M4 client must send the exact current time
      // and exactly the currency's decimals (DECISIONS d, e)
      nowCheck: "strict",
      amountDigits: "strict",
      callbackRetrySchedule: [300, 600, 1200, 2400, 4800],
      refundDelayMs: 200,
      payoutStepMs: 300,
      ...opts.sandbox,
    })
    env.storeUrl = `http://localhost:${port}`
    let apiUrl = env.sandbox.apiUrl
    if (opts.countCalls) {
      const started = await startCallCounter(env.sandbox.apiUrl, env.calls, env.callLog)
      counter = started
      apiUrl = started.url
    }
    const vars: Record<string, string> = {
      PORT: String(port),
      M4_API_URL: apiUrl,
      M4_STORE_URL: env.storeUrl,
      M4_TIMEOUT_MS: "1500",
      M4_PAYOUT_POLL_INTERVAL_MS: "1000",
      ...opts.env,
    }
    for (const [key, value] of Object.entries(vars)) {
      saved[key] = process.env[key]
      process.env[key] = value
    }
  })
  afterAll(async () => {
    await counter?.stop()
    await env.sandbox?.stop()
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
  return env
}

/** Sandbox controls the provider tests use: faults and a look at what M4 holds. */
export function sandboxControls(env: M4TestEnv) {
  return {
    fault: (rule: Record<string, unknown>) =>
      fetch(`${env.sandbox.url}/_sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(rule),
      }),
    clearFaults: () => fetch(`${env.sandbox.url}/_sandbox/faults`, { method: "DELETE" }),
    invoicesOf: (sessionId: string) =>
      [...env.sandbox.state.invoices.values()].filter((i) => i.shop_order_id === sessionId),
    refundsOf: (invoiceId: number) => [...env.sandbox.state.refunds.values()].filter((r) => r.invoice_id === invoiceId),
    /** any control-API call: `control("GET", "payouts")`, `control("POST", "faults", rule)` */
    control: async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${env.sandbox.url}/_sandbox/${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status} ${text}`)
      return text ? JSON.parse(text) : null
    },
  }
}
