import net from "node:net"
import { startSandbox, RunningSandbox, StartSandboxOptions } from "../../src/sandbox"

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export type M4TestEnv = { sandbox: RunningSandbox; storeUrl: string }

/**
 * Starts an in-process M4 sandbox and points the store's provider options at it. Call at the top
 * level of a spec file BEFORE medusaIntegrationTestRunner: jest runs this beforeAll first, so
 * medusa-config.ts reads these variables when the runner boots the store.
 */
export function useM4Sandbox(
  opts: { env?: Record<string, string>; sandbox?: StartSandboxOptions } = {}
): M4TestEnv {
  const env = {} as M4TestEnv
  const saved: Record<string, string | undefined> = {}
  beforeAll(async () => {
    const port = await freePort()
    env.sandbox = await startSandbox({
      port: 0,
      callbackRetrySchedule: [300, 600, 1200, 2400, 4800],
      refundDelayMs: 200,
      payoutStepMs: 300,
      ...opts.sandbox,
    })
    env.storeUrl = `http://localhost:${port}`
    const vars: Record<string, string> = {
      PORT: String(port),
      M4_API_URL: env.sandbox.apiUrl,
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
    await env.sandbox?.stop()
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
  return env
}

/** Polls `fn` until `done` holds for its value or the deadline passes (no fixed sleeps). */
export async function pollUntil<T>(
  fn: () => Promise<T> | T,
  done: (value: T) => boolean,
  { timeoutMs = 20000, intervalMs = 100, what = "condition" } = {}
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await fn()
      if (done(value)) {
        return value
      }
      last = value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last)?.slice(0, 300)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${detail}`)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Polls until `check` returns a truthy value, and returns it. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}
): Promise<T> {
  return (await pollUntil(check, Boolean, opts)) as T
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
