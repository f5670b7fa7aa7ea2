import { startSandbox, RunningSandbox, StartSandboxOptions } from "../../src/sandbox"
import { freePort } from "./wait"

export { pollUntil, waitFor } from "./wait"


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
