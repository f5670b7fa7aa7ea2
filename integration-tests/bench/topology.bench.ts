import axios from "axios"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { generateEntityId } from "@medusajs/framework/utils"
import { M4Client } from "../../src/m4"
import { RunningSandbox, startSandbox } from "../../src/sandbox"
import { BuiltStore, buildSeededStore, SeededStore } from "../helpers/built-store"
import { freePort, startBuiltStore } from "../helpers/m4-store-process"
import { invoiceCallbackFields, SANDBOX_SECRET, signedBody } from "../helpers/signed-callback"
import { Storefront } from "../helpers/storefront"
import { topology } from "../helpers/topology"
import { waitFor } from "../helpers/wait"
import { summariseProfile } from "./lib/cpu-profile-summary"
import { percentile, pool, postAll } from "./lib/load"
import { copySession } from "./lib/session-copies"

/**
 * `npm run bench:topology` (not part of `npm test`; printed, never asserted as a timing): the built
 * store as one `medusa start` (no Redis) against Medusa's production topology (2 servers + 1
 * worker + Redis, notifications spread over both servers), side by side:
 *   - notification ingest at 1, 8, 32, 128 in flight: accepted/s, p50/p99, lost (every accepted
 *     notification must end processed: read from the database);
 *   - callback → settled p50/p95 (the sandbox delivers the notification, the store settles);
 *   - 50 and 100 concurrent checkouts, M4 against Medusa's system provider (pp_system_default).
 * BENCH_MODES=single,topology  BENCH_INGEST=1:100,8:300,32:600,128:600  BENCH_SETTLE_ROUNDS=20
 * BENCH_CHECKOUTS=50,100  BENCH_PROFILE=1 (CPU profile of the 32-in-flight ingest, summarised as text
 * under integration-tests/bench/profiles/). JSON results: integration-tests/bench/results/ (gitignored).
 */
jest.setTimeout(60 * 60 * 1000)

const MODES = (process.env.BENCH_MODES ?? "single,topology").split(",") as ("single" | "topology")[]
const INGEST = (process.env.BENCH_INGEST ?? "1:100,8:300,32:600,128:600")
  .split(",")
  .map((p) => p.split(":").map(Number))
const SETTLE_ROUNDS = Number(process.env.BENCH_SETTLE_ROUNDS ?? 20)
const CHECKOUTS = (process.env.BENCH_CHECKOUTS ?? "50,100").split(",").filter(Boolean).map(Number)
const PROFILE = process.env.BENCH_PROFILE === "1"
const PROFILE_AT = Number(process.env.BENCH_PROFILE_AT ?? 32)
const ROOT = path.resolve(__dirname, "../..")

type Deployment = {
  name: string
  /** where M4's notifications go (one per server instance) */
  hookUrls: string[]
  /** the Store API (a server, or the balancer) */
  storeUrl: string
  stop(): Promise<void>
}

let sandbox: RunningSandbox
let appDir: string
let env: NodeJS.ProcessEnv
let db: { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>; end(): Promise<void> }
let seeded: SeededStore
let built: BuiltStore
const dbName = `m4_bench_${process.pid}_${Date.now().toString(36)}`
const results: Record<string, any> = {}

const control = (p: string, body?: unknown, method = "POST") =>
  fetch(`${sandbox.url}/_sandbox/${p}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`sandbox ${p}: ${r.status} ${await r.text()}`)
    return r.json().catch(() => undefined)
  })

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, callbackRetrySchedule: [500, 1000, 2000, 5000] })
  built = await buildSeededStore({
    name: dbName,
    apiUrl: sandbox.apiUrl,
    admin: { email: "admin@m4.test", password: "m4-bench-password" },
    // throughput, not the plugin's rate limits (one client address fires every checkout)
    env: { LOG_LEVEL: "warn", M4_TIMEOUT_MS: "5000", M4_RATE_LIMITS: JSON.stringify({ enabled: false }) },
  })
  ;({ appDir, env, seeded } = built)
  const databaseUrl = built.databaseUrl
  const { Client } = (await import("pg")).default ?? (await import("pg"))
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  db = client
})

afterAll(async () => {
  await db?.end().catch(() => undefined)
  await sandbox?.stop()
  await built?.remove()
})

async function startSingle(extraEnv: NodeJS.ProcessEnv): Promise<Deployment> {
  const port = await freePort()
  const store = await startBuiltStore({
    appDir,
    env: { ...env, ...extraEnv, M4_STORE_URL: `http://localhost:${port}` },
    port,
    timeoutMs: 180_000,
  })
  return { name: "single", hookUrls: [store.url], storeUrl: store.url, stop: store.stop }
}

/** 2 servers + 1 worker + Redis (scripts/lib/topology.mjs); M4 reaches the servers through the balancer. */
async function startProduction(extraEnv: NodeJS.ProcessEnv): Promise<Deployment> {
  const { startRedis, startTopology } = await topology()
  const redis = await startRedis()
  try {
    const cluster = await startTopology({
      serverDir: path.join(appDir, ".medusa/server"),
      env: { ...env, ...extraEnv },
      servers: 2,
      redisUrl: redis.url,
    })
    return {
      name: "topology",
      hookUrls: cluster.servers.map((s) => s.url),
      storeUrl: cluster.url,
      stop: async () => {
        await cluster.stop()
        await redis.stop()
      },
    }
  } catch (e) {
    await redis.stop()
    throw e
  }
}

function shopAt(url: string) {
  return new Storefront(axios.create({ baseURL: url }), seeded.publishable_key)
}

const usRegion = () => seeded.regions["United States"].id
const variant = () => seeded.products[0].variant_id

type BenchSession = { id: string; data: { invoice_id: number; amount: string } }

/**
 * `n` payment sessions, each with its own invoice at M4 that the shopper declined (the sandbox's
 * own callbacks dropped). Set-up, not measured: one session is made through the Store API, the
 * rest are copies of its rows (a copy per payment collection, no cart) with an invoice of their
 * own from the sandbox's gateway API, so thousands take seconds instead of minutes.
 */
async function declinedSessions(shop: Storefront, n: number): Promise<BenchSession[]> {
  const { data } = await shop.post("/store/carts", {
    region_id: usRegion(),
    items: [{ variant_id: variant(), quantity: 1 }],
  })
  const template = (await shop.initiatePayment(data.cart.id, "pp_m4_m4")) as BenchSession
  await control(`invoices/${template.data.invoice_id}/decline`)
  const client = new M4Client({ shopId: 1520, secretKey: SANDBOX_SECRET, baseUrl: sandbox.apiUrl })
  const made = await pool(n - 1, 32, async () => {
    const id = generateEntityId(undefined, "payses")
    const issued = await client.invoiceCreate({
      shop_order_id: id,
      amount: template.data.amount,
      currency: "USD",
      payway: "card_invoice_usd",
    })
    if (issued.kind !== "ok") throw new Error(`invoice/create: ${JSON.stringify(issued).slice(0, 200)}`)
    await control(`invoices/${issued.data.id}/decline`)
    return { id, collection: generateEntityId(undefined, "pay_col"), invoice: Number(issued.data.id) }
  })
  const failed = made.filter((m) => m instanceof Error)
  if (failed.length) throw new Error(`${failed.length} invoices not created: ${(failed[0] as Error).message}`)
  const copies = made as { id: string; collection: string; invoice: number }[]
  await copySession(db, template.id, copies)
  return [template, ...copies.map((c) => ({ id: c.id, data: { invoice_id: c.invoice, amount: template.data.amount } }))]
}

const declineBody = (s: { id: string; data: { invoice_id: number; amount: string } }) =>
  signedBody(
    invoiceCallbackFields({ status: "rejected", session: s.id, invoice: s.data.invoice_id, amount: s.data.amount }),
    SANDBOX_SECRET
  )

async function processedCount(sessionIds: string[]) {
  const { rows } = await db.query(
    `select state, count(*)::int as n from m4_notification where session_id = any($1) group by state`,
    [sessionIds]
  )
  return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>
}

async function ingest(dep: Deployment, profileDir?: string) {
  const shop = shopAt(dep.storeUrl)
  const rows: any[] = []
  await control("faults", { type: "drop_callbacks" })
  for (const [inFlight, count] of INGEST) {
    const sessions = await declinedSessions(shop, count)
    const bodies = sessions.map(declineBody)
    const urls = dep.hookUrls.map((u) => `${u}/hooks/payment/m4_m4`)
    const profiling = profileDir && inFlight === PROFILE_AT
    if (profiling) {
      fs.writeFileSync(path.join(profileDir!, "start"), "")
      await new Promise((r) => setTimeout(r, 300)) // the preload polls every 100 ms
    }
    const { results: answers, wallMs } = await postAll(urls, bodies, inFlight)
    const accepted = sessions.filter((_, i) => answers[i].status === 200).map((s) => s.id)
    const t0 = performance.now()
    let states: Record<string, number> = {}
    await waitFor(
      async () => {
        states = await processedCount(accepted)
        return (states.processed ?? 0) + (states.failed ?? 0) >= accepted.length
      },
      { what: `${accepted.length} notifications processed`, timeoutMs: 300_000, intervalMs: 200 }
    ).catch(() => undefined)
    const drainMs = performance.now() - t0
    if (profiling) {
      fs.writeFileSync(path.join(profileDir!, "stop"), "")
      await new Promise((r) => setTimeout(r, 1500))
    }
    const ms = answers.map((a) => a.ms)
    const row = {
      in_flight: inFlight,
      sent: count,
      accepted: accepted.length,
      refused: count - accepted.length,
      accepted_per_s: accepted.length / (wallMs / 1000),
      p50_ms: percentile(ms, 50),
      p99_ms: percentile(ms, 99),
      lost: accepted.length - (states.processed ?? 0),
      states,
      processed_per_s: (states.processed ?? 0) / ((wallMs + drainMs) / 1000),
    }
    rows.push(row)
    console.log(`[${dep.name}] ingest ${JSON.stringify(row)}`)
  }
  await control("faults", undefined, "DELETE")
  return rows
}

/** The sandbox delivers the notification the moment the shopper pays; until the record is processed. */
async function callbackToSettled(dep: Deployment) {
  const shop = shopAt(dep.storeUrl)
  const times: number[] = []
  for (let i = 0; i < SETTLE_ROUNDS; i++) {
    const cart = await shop.readyCart({ region_id: usRegion(), variant_id: variant(), country_code: "us" })
    const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
    const t0 = performance.now()
    await control(`invoices/${session.data.invoice_id}/pay`, {})
    await waitFor(
      async () => {
        const { rows } = await db.query(`select 1 from m4_notification where session_id = $1 and state = 'processed'`, [
          session.id,
        ])
        return rows.length > 0
      },
      { what: "the notification to settle the payment", timeoutMs: 60_000, intervalMs: 10 }
    )
    times.push(performance.now() - t0)
  }
  const row = { rounds: SETTLE_ROUNDS, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95) }
  console.log(`[${dep.name}] callback→settled ${JSON.stringify(row)}`)
  return row
}

/** n shoppers at once: cart → payment session → pay (M4: on the sandbox) → order. */
async function checkouts(dep: Deployment, n: number, provider: string) {
  const shop = shopAt(dep.storeUrl)
  const t0 = performance.now()
  const out = await pool(n, n, async () => {
    const s0 = performance.now()
    const cart = await shop.readyCart({ region_id: usRegion(), variant_id: variant(), country_code: "us" })
    const session = await shop.initiatePayment(cart.id, provider)
    if (provider.startsWith("pp_m4_")) await control(`invoices/${session.data.invoice_id}/pay`, {})
    const { data } = await shop.complete(cart.id)
    if (data.type !== "order") throw new Error(`cart ${cart.id}: ${JSON.stringify(data).slice(0, 200)}`)
    return performance.now() - s0
  })
  const wallMs = performance.now() - t0
  const ok = out.filter((x): x is number => typeof x === "number")
  const errors = out.filter((x) => x instanceof Error) as Error[]
  const row = {
    shoppers: n,
    provider,
    orders: ok.length,
    failed: errors.length,
    first_error: errors[0]?.message.slice(0, 200),
    wall_ms: wallMs,
    orders_per_s: ok.length / (wallMs / 1000),
    p50_ms: percentile(ok, 50),
    p95_ms: percentile(ok, 95),
  }
  console.log(`[${dep.name}] checkouts ${JSON.stringify(row)}`)
  return row
}

async function enableSystemProvider(storeUrl: string) {
  const { data } = await axios.post(`${storeUrl}/auth/user/emailpass`, {
    email: "admin@m4.test",
    password: "m4-bench-password",
  })
  await axios.post(
    `${storeUrl}/admin/regions/${usRegion()}`,
    { payment_providers: ["pp_m4_m4", "pp_m4_hold", "pp_m4_wallet", "pp_system_default"] },
    { headers: { authorization: `Bearer ${data.token}` } }
  )
}

/** One text summary per process; a server handled its share of the notifications, a worker applied all. */
function summariseProfiles(dir: string, mode: string, notifications: number, servers: number) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))
  return files
    .map((f) => {
      const role = f.replace(/-\d+\.cpuprofile$/, "")
      const cpuFile = path.join(dir, f.replace(/\.cpuprofile$/, ".cpu.json"))
      const cpu = fs.existsSync(cpuFile) ? JSON.parse(fs.readFileSync(cpuFile, "utf8")) : undefined
      const cpuMs = cpu ? (cpu.user_us + cpu.system_us) / 1000 : undefined
      const units = role === "server" ? notifications / servers : notifications
      const s = summariseProfile(path.join(dir, f), { units, unitName: "notification", cpuMs })
      return `── ${mode} ${role} (${units} notifications${cpuMs ? `, ${((cpuMs / units) * 1000).toFixed(0)} µs CPU each` : ""}) ──\n${s.text}`
    })
    .join("\n\n")
}

it("prints single process vs production topology side by side", async () => {
  for (const mode of MODES) {
    const profileDir = PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), `m4-prof-${mode}-`)) : undefined
    const extra: NodeJS.ProcessEnv = profileDir
      ? { BENCH_PROFILE_DIR: profileDir, NODE_OPTIONS: `--require ${path.join(__dirname, "lib/profile-control.js")}` }
      : {}
    const dep = mode === "single" ? await startSingle(extra) : await startProduction(extra)
    try {
      await enableSystemProvider(dep.storeUrl)
      const r: Record<string, any> = { ingest: await ingest(dep, profileDir) }
      if (profileDir) {
        const n = INGEST.find(([f]) => f === PROFILE_AT)?.[1] ?? 0
        r.profile = summariseProfiles(profileDir, mode, n, dep.hookUrls.length)
        const out = path.join(ROOT, "integration-tests/bench/profiles", `ingest-${mode}-${PROFILE_AT}-in-flight.txt`)
        fs.writeFileSync(
          out,
          `${new Date().toISOString()} load ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(" ")}, ${os.cpus().length} cpus\n${r.profile}\n`
        )
        console.log(r.profile)
        fs.rmSync(profileDir, { recursive: true, force: true })
      }
      if (SETTLE_ROUNDS > 0) r.settle = await callbackToSettled(dep)
      r.checkouts = []
      for (const n of CHECKOUTS) {
        for (const provider of ["pp_system_default", "pp_m4_m4"]) r.checkouts.push(await checkouts(dep, n, provider))
      }
      results[mode] = r
    } finally {
      await dep.stop()
    }
  }
  const load = os.loadavg()
  const report = formatReport(load)
  console.log(report)
  const dir = path.join(ROOT, "integration-tests/bench/results")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(
    path.join(dir, `topology-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
    JSON.stringify({ at: new Date().toISOString(), loadavg: load, cpus: os.cpus().length, results }, null, 2)
  )
  expect(Object.keys(results)).toEqual(MODES)
})

function formatReport(load: number[]) {
  const f = (v: number | undefined, d = 0) => (v === undefined || Number.isNaN(v) ? "—" : v.toFixed(d))
  const modes = MODES.filter((m) => results[m])
  const col = (s: string) => s.padStart(34)
  const lines = [
    `machine: ${os.cpus().length} cpus, load ${load.map((l) => l.toFixed(2)).join(" ")} (1/5/15 min)`,
    `${"".padEnd(28)}${modes.map((m) => col(m)).join("")}`,
    "notification ingest (accepted/s, p50/p99 ms, lost of accepted):",
  ]
  for (const [inFlight] of INGEST) {
    const cells = modes.map((m) => {
      const r = results[m].ingest.find((x: any) => x.in_flight === inFlight)
      return col(`${f(r.accepted_per_s)}/s ${f(r.p50_ms)}/${f(r.p99_ms)} ms lost ${r.lost}/${r.accepted}`)
    })
    lines.push(`  ${String(inFlight).padStart(3)} in flight${"".padEnd(13)}${cells.join("")}`)
  }
  lines.push(
    `  processed/s at the largest${modes.map((m) => col(`${f(results[m].ingest.at(-1).processed_per_s)}/s`)).join("")}`
  )
  if (modes.every((m) => results[m].settle)) {
    lines.push(
      `callback → settled p50/p95${"".padEnd(2)}${modes.map((m) => col(`${f(results[m].settle.p50_ms)}/${f(results[m].settle.p95_ms)} ms`)).join("")}`
    )
  }
  lines.push("checkouts (orders/s, p50/p95 ms per checkout, failed; ratio M4 / pp_system_default):")
  for (const n of CHECKOUTS) {
    for (const provider of ["pp_system_default", "pp_m4_m4"]) {
      const cells = modes.map((m) => {
        const r = results[m].checkouts.find((x: any) => x.shoppers === n && x.provider === provider)
        const base = results[m].checkouts.find((x: any) => x.shoppers === n && x.provider === "pp_system_default")
        const ratio = provider === "pp_system_default" ? "" : ` ×${f(r.p50_ms / base.p50_ms, 2)}`
        return col(`${f(r.orders_per_s, 1)}/s ${f(r.p50_ms)}/${f(r.p95_ms)}${ratio} fail ${r.failed}`)
      })
      lines.push(`  ${String(n).padStart(3)} ${provider.padEnd(22)}${cells.join("")}`)
    }
  }
  if (modes.length === 2) {
    const [a, b] = modes
    const ra = results[a].ingest.find((x: any) => x.in_flight === 32)
    const rb = results[b].ingest.find((x: any) => x.in_flight === 32)
    if (ra && rb) lines.push(`ratio ${b}/${a} ingest at 32 in flight: ×${f(rb.accepted_per_s / ra.accepted_per_s, 2)}`)
  }
  return lines.join("\n")
}
