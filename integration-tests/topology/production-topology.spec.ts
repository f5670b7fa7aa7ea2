import axios from "axios"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { RunningSandbox, startSandbox } from "../../src/sandbox"
import { BuiltStore, buildSeededStore, SeededStore } from "../helpers/built-store"
import { M4TestEnv, startCallCounter } from "../helpers/m4-test-env"
import { Storefront, shopperOnPayPage } from "../helpers/storefront"
import { RunningRedis, Topology, TopologyInstance, topology } from "../helpers/topology"
import { waitFor } from "../helpers/wait"

/**
 * The plugin in Medusa's production topology: two `server` instances behind a balancer, one
 * `worker`, Redis for the event bus, workflow engine, locking and caching (medusa-config.ts with
 * REDIS_URL), all real processes of the built app on one PostgreSQL database, the M4 sandbox over
 * HTTP behind a call counter. One cluster for every scenario (a build costs ~65 s).
 */
jest.setTimeout(12 * 60 * 1000)

let sandbox: RunningSandbox
let counter: { url: string; stop: () => Promise<void> }
let redis: RunningRedis
let cluster: Topology
let built: BuiltStore
let seeded: SeededStore
const callLog: M4TestEnv["callLog"] = []
const logs: Record<string, string[]> = {}
// every instance's output, kept after the run for a failure's post-mortem
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "m4-topology-logs-"))
const dbName = `m4_topo_${process.pid}_${Date.now().toString(36)}`
let databaseUrl: string
const ADMIN = { email: "admin@m4.test", password: "m4-topology-password" }

beforeAll(async () => {
  const t = await topology()
  sandbox = await startSandbox({
    port: 0,
    callbackRetrySchedule: [300, 600, 1200, 2400, 4800],
    refundDelayMs: 200,
    payoutStepMs: 600_000,
  })
  counter = await startCallCounter(sandbox.apiUrl, [], callLog)
  redis = await t.startRedis()
  built = await buildSeededStore({
    name: dbName,
    apiUrl: counter.url,
    admin: ADMIN,
    env: {
      M4_TIMEOUT_MS: "10000",
      // ticks every second; a session's first check 8 s after it started, the next one a minute later
      M4_RECONCILE_CRON: "* * * * * *",
      M4_RECONCILE_SCHEDULE_MS: "8000,60000",
      M4_NOTIFICATION_RETRY_MS: "1000,2000",
      M4_PAYOUT_POLL_CRON: "* * * * * *",
      M4_PAYOUT_POLL_INTERVAL_MS: "4000",
      // 50 checkouts from one address in a minute: the limits stay on (in Redis), set above that
      M4_RATE_LIMITS: JSON.stringify({
        paymentSessions: { perClient: 1000, perCollection: 100 },
        paymentMethods: { perClient: 1000 },
      }),
    },
  })
  ;({ databaseUrl, seeded } = built)
  const { appDir, env } = built
  cluster = await t.startTopology({
    serverDir: path.join(appDir, ".medusa/server"),
    env,
    redisUrl: redis.url,
    servers: 2,
    onLog: (name, line) => {
      ;(logs[name] ??= []).push(line)
      fs.appendFileSync(path.join(logDir, `${name}.log`), line + "\n")
    },
  })
  console.log(`topology logs in ${logDir}`)
})

// a scenario that kills an instance and fails before restarting it must not break the next ones
afterEach(async () => {
  for (const instance of [cluster.worker, ...cluster.servers]) if (!instance.alive()) await instance.restart()
  await faults.clear()
})

afterAll(async () => {
  fs.writeFileSync(path.join(logDir, "gateway-calls.json"), JSON.stringify(callLog, null, 1))
  await cluster?.stop()
  await redis?.stop()
  await counter?.stop()
  await sandbox?.stop()
  await built?.remove()
})

// ── helpers ────────────────────────────────────────────────────────────────
async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const pg = (await import("pg")).default ?? (await import("pg"))
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as T[]
  } finally {
    await client.end()
  }
}

const shopAt = (url: string) => new Storefront(axios.create({ baseURL: url }), seeded.publishable_key)

let shoppers = 0
async function startCheckout(url: string, provider = "pp_m4_m4") {
  const shop = shopAt(url)
  // one e-mail per cart: concurrent carts of one new guest e-mail race to create the same customer
  const email = `shopper-${++shoppers}@example.com`
  const { cart, session } = await (async () => {
    const cart = await shop.readyCart({
      region_id: seeded.regions["United States"].id,
      variant_id: seeded.products[0].variant_id,
      country_code: "us",
      email,
    })
    return { cart, session: await shop.initiatePayment(cart.id, provider) }
  })().catch((e) => {
    throw new Error(`checkout on ${url}: ${e.message} ${JSON.stringify(e.response?.data ?? "")}`)
  })
  return {
    cartId: cart.id as string,
    sessionId: session.id as string,
    /** what the store asks M4 about in invoice/check */
    shopOrderId: String(session.data.shop_order_id ?? session.id),
    invoiceId: Number(session.data.invoice_id),
    redirect: session.data.redirect,
  }
}

/** Per payment session: its payments and their (live) captures. */
async function settlement(sessionIds: string[]) {
  const rows = await sql<{ id: string; payments: string; captures: string }>(
    `select ps.id, count(distinct p.id) as payments, count(distinct c.id) as captures
       from payment_session ps
       left join payment p on p.payment_session_id = ps.id and p.deleted_at is null
       left join capture c on c.payment_id = p.id and c.deleted_at is null
      where ps.id = any($1) group by ps.id`,
    [sessionIds]
  )
  return new Map(rows.map((r) => [r.id, { payments: Number(r.payments), captures: Number(r.captures) }]))
}

async function ordersOf(cartIds: string[]) {
  const rows = await sql<{ n: string }>(
    `select count(distinct o.id) as n from "order" o join order_cart oc on oc.order_id = o.id and oc.deleted_at is null
      where oc.cart_id = any($1) and o.deleted_at is null`,
    [cartIds]
  )
  return Number(rows[0].n)
}

/**
 * Waits until every checkout has a captured payment and an order (Medusa captures first, then
 * completes the cart), then checks each has exactly one payment, one capture and one order.
 */
async function waitAllCapturedOnce(
  checkouts: { sessionId: string; cartId: string }[],
  what: string,
  timeoutMs = 180_000
) {
  const sessionIds = checkouts.map((c) => c.sessionId)
  const cartIds = checkouts.map((c) => c.cartId)
  await waitFor(
    async () => {
      const s = await settlement(sessionIds)
      return sessionIds.every((id) => (s.get(id)?.captures ?? 0) >= 1) && (await ordersOf(cartIds)) >= cartIds.length
    },
    { what, timeoutMs, intervalMs: 500 }
  )
  const s = await settlement(sessionIds)
  for (const id of sessionIds) expect({ id, ...s.get(id) }).toEqual({ id, payments: 1, captures: 1 })
  expect(await ordersOf(cartIds)).toBe(cartIds.length)
}

async function deliveries(invoiceId: number): Promise<any[]> {
  return (await fetch(`${sandbox.url}/_sandbox/deliveries?type=invoice&ref_id=${invoiceId}`)).json()
}

const faults = {
  add: (rule: Record<string, unknown>) =>
    fetch(`${sandbox.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    }),
  clear: () => fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" }),
}

/** A callback M4 made but did not send (drop_callbacks), POSTed to one instance as M4 would. */
function deliverTo(instance: TopologyInstance, delivery: { url: string; body: string; content_type: string }) {
  const target = new URL(delivery.url)
  return fetch(`${instance.url}${target.pathname}${target.search}`, {
    method: "POST",
    headers: { "content-type": delivery.content_type },
    body: delivery.body,
  })
}

async function droppedDelivery(invoiceId: number) {
  return waitFor(async () => (await deliveries(invoiceId)).find((d) => d.status === "dropped"), {
    what: `the dropped callback of invoice ${invoiceId}`,
    timeoutMs: 30_000,
  })
}

async function adminHeaders(url = cluster.url) {
  const { data } = await axios.post(`${url}/auth/user/emailpass`, ADMIN)
  return { authorization: `Bearer ${data.token}` }
}

const callsFor = (method: string, pick: (body: Record<string, unknown>) => unknown, value: unknown, since = 0) =>
  callLog.slice(since).filter((c) => c.method === method && String(pick(c.body ?? {})) === String(value)).length

// ── scenarios ──────────────────────────────────────────────────────────────
it("runs two servers, a worker and the balancer on Redis", async () => {
  expect(cluster.servers).toHaveLength(2)
  for (const instance of [...cluster.servers, cluster.worker]) {
    expect((await fetch(`${instance.url}/health`)).status).toBe(200)
  }
  // the worker serves no API routes; the servers and the balancer do
  const regions = (url: string) =>
    fetch(`${url}/store/regions`, { headers: { "x-publishable-api-key": seeded.publishable_key } })
  expect((await regions(cluster.worker.url)).status).toBe(404)
  for (const url of [cluster.url, ...cluster.servers.map((s) => s.url)]) expect((await regions(url)).status).toBe(200)
  for (const name of ["worker", "server-1", "server-2"]) {
    expect(logs[name].some((l) => l.includes("event-bus-redis"))).toBe(true)
    expect(logs[name].some((l) => l.includes("workflow-engine-redis"))).toBe(true)
  }
})

it("50 concurrent checkouts over both servers, notifications to either one: 50 orders, 50 captures, no errors", async () => {
  const checkouts = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const c = await startCheckout(cluster.servers[i % 2].url)
      const paid = await shopperOnPayPage(c.redirect, "pay")
      expect(paid.status).toBe(303)
      return c
    })
  )
  const sessions = checkouts.map((c) => c.sessionId)
  await waitAllCapturedOnce(checkouts, "50 captured payments", 300_000)
  expect(await ordersOf(checkouts.map((c) => c.cartId))).toBe(50)
  // every notification was acknowledged at its first attempt and applied, none failed
  for (const c of checkouts) {
    const list = await deliveries(c.invoiceId)
    expect(list.map((d) => [d.status, d.attempts.map((a: { http_status?: number }) => a.http_status)])).toEqual([
      ["delivered", [200]],
    ])
  }
  const states = await sql<{ state: string; n: string }>(
    `select state, count(*) as n from m4_notification where session_id = any($1) group by state`,
    [sessions]
  )
  expect(states.map((s) => [s.state, Number(s.n)])).toEqual([["processed", 50]])
})

it("the same notification delivered to both servers at the same moment, 20 times: one capture each", async () => {
  await faults.add({ type: "drop_callbacks", endpoint: "invoice" })
  const results = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const c = await startCheckout(cluster.url)
      await shopperOnPayPage(c.redirect, "pay")
      const dropped = await droppedDelivery(c.invoiceId)
      const answers = await Promise.all(cluster.servers.map((s) => deliverTo(s, dropped)))
      return { ...c, statuses: answers.map((a) => a.status) }
    })
  )
  await faults.clear()
  for (const r of results) expect(r.statuses).toEqual([200, 200])
  const sessions = results.map((r) => r.sessionId)
  await waitAllCapturedOnce(results, "20 captured payments")
  expect(await ordersOf(results.map((r) => r.cartId))).toBe(20)
  // one stored notification per payment, the second delivery counted as its duplicate; each is
  // processed too (the reconciliation may have settled the payment first: then it changes nothing)
  await waitFor(
    async () =>
      (await sql(`select 1 from m4_notification where session_id = any($1) and state = 'processed'`, [sessions]))
        .length === 20,
    { what: "the 20 notifications processed", timeoutMs: 120_000 }
  )
  const rows = await sql<{ session_id: string; duplicate_count: number; state: string }>(
    `select session_id, duplicate_count, state from m4_notification where session_id = any($1)`,
    [sessions]
  )
  expect(rows).toHaveLength(20)
  for (const row of rows) expect([row.duplicate_count, row.state]).toEqual([1, "processed"])
})

it("the worker killed while notifications are queued: after its restart every one is applied once", async () => {
  await cluster.worker.kill()
  const checkouts = [] as Awaited<ReturnType<typeof startCheckout>>[]
  for (let i = 0; i < 6; i++) checkouts.push(await startCheckout(cluster.url))
  await Promise.all(checkouts.map((c) => shopperOnPayPage(c.redirect, "pay")))
  const sessions = checkouts.map((c) => c.sessionId)
  // the servers stored and acknowledged all six; nothing applies them while the worker is down
  await waitFor(
    async () => {
      const rows = await sql(`select id from m4_notification where session_id = any($1) and state = 'pending'`, [
        sessions,
      ])
      return rows.length === 6
    },
    { what: "six stored, pending notifications", timeoutMs: 60_000 }
  )
  for (const c of checkouts) expect((await deliveries(c.invoiceId)).map((d) => d.status)).toEqual(["delivered"])
  expect([...(await settlement(sessions)).values()].every((s) => s.captures === 0)).toBe(true)
  await cluster.worker.restart()
  await waitAllCapturedOnce(checkouts, "the six queued notifications applied after the restart")
  await waitFor(
    async () =>
      (await sql(`select 1 from m4_notification where session_id = any($1) and state = 'processed'`, [sessions]))
        .length === 6,
    { what: "the six notifications processed", timeoutMs: 60_000 }
  )
  expect(await ordersOf(checkouts.map((c) => c.cartId))).toBe(6)
})

it("a server killed right after acknowledging a notification: its effect still happens", async () => {
  await faults.add({ type: "drop_callbacks", endpoint: "invoice", count: 1 })
  const c = await startCheckout(cluster.url)
  await shopperOnPayPage(c.redirect, "pay")
  const dropped = await droppedDelivery(c.invoiceId)
  await faults.clear()
  const victim = cluster.servers[1]
  const answer = await deliverTo(victim, dropped)
  await victim.kill()
  expect(answer.status).toBe(200)
  expect(victim.alive()).toBe(false)
  await waitAllCapturedOnce([c], "the acknowledged notification applied")
  await waitFor(
    async () =>
      (await sql(`select 1 from m4_notification where session_id = $1 and state = 'processed'`, [c.sessionId]))
        .length === 1,
    { what: "the stored notification processed by the worker", timeoutMs: 60_000 }
  )
  expect(await ordersOf([c.cartId])).toBe(1)
  // the balancer sends everything to the surviving server meanwhile
  expect((await fetch(`${cluster.url}/health`)).status).toBe(200)
  await victim.restart()
  expect((await fetch(`${victim.url}/health`)).status).toBe(200)
})

it("two servers creating payment sessions for one cart at once (a double click over the balancer): one live session, one invoice", async () => {
  const shop = shopAt(cluster.servers[0].url)
  const cart = await shop.readyCart({
    region_id: seeded.regions["United States"].id,
    variant_id: seeded.products[0].variant_id,
    country_code: "us",
    email: `shopper-${++shoppers}@example.com`,
  })
  const { data } = await shop.post("/store/payment-collections", { cart_id: cart.id })
  const collectionId = data.payment_collection.id
  // four requests to each server at the same moment: the lock is Medusa's locking module on Redis
  const answers = await Promise.all(
    [0, 1, 0, 1, 0, 1, 0, 1].map((i) =>
      shopAt(cluster.servers[i].url)
        .post(`/store/payment-collections/${collectionId}/payment-sessions`, {
          provider_id: "pp_m4_m4",
          data: { cart_id: cart.id },
        })
        .then((r) => r.status)
        .catch((e) => e.response?.status)
    )
  )
  expect(answers.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1)
  const live = await sql<{ id: string }>(
    `select id from payment_session where payment_collection_id = $1 and deleted_at is null`,
    [collectionId]
  )
  expect(live).toHaveLength(1)
  const invoices = await sql<{ shop_order_id: string }>(
    `select shop_order_id from m4_invoice where payment_collection_id = $1`,
    [collectionId]
  )
  expect(invoices).toHaveLength(1)
  expect(
    callLog.filter(
      (l) => l.method === "invoice/create" && invoices.some((i) => i.shop_order_id === l.body?.shop_order_id)
    )
  ).toHaveLength(1)
})

it("a two-step capture from the admin on one server while the notification lands on the other: one charge", async () => {
  const held = [] as Awaited<ReturnType<typeof startCheckout>>[]
  for (let i = 0; i < 3; i++) held.push(await startCheckout(cluster.url, "pp_m4_hold"))
  await Promise.all(held.map((c) => shopperOnPayPage(c.redirect, "pay")))
  const sessions = held.map((c) => c.sessionId)
  await waitFor(async () => [...(await settlement(sessions)).values()].filter((s) => s.payments === 1).length === 3, {
    what: "three authorized two-step payments",
    timeoutMs: 120_000,
  })
  const payments = await sql<{ id: string; payment_session_id: string }>(
    `select id, payment_session_id from payment where payment_session_id = any($1)`,
    [sessions]
  )
  const [a, b] = cluster.servers
  const headers = await adminHeaders(a.url)
  const since = callLog.length
  const outcomes = await Promise.all(
    held.map(async (c) => {
      const payment = payments.find((p) => p.payment_session_id === c.sessionId)!
      const hold = (await deliveries(c.invoiceId)).find((d) => d.status === "delivered")
      const [capture, notification] = await Promise.all([
        axios.post(`${a.url}/admin/payments/${payment.id}/capture`, {}, { headers }).then(
          (r) => r.status,
          (e) => e.response?.status
        ),
        deliverTo(b, hold).then((r) => r.status),
      ])
      return { capture, notification }
    })
  )
  for (const o of outcomes) expect(o).toEqual({ capture: 200, notification: 200 })
  await waitAllCapturedOnce(held, "three captured two-step payments")
  // M4's success notification after the charge reaches a server too, and changes nothing
  await waitFor(async () => (await Promise.all(held.map((c) => deliveries(c.invoiceId)))).every((l) => l.length >= 2), {
    what: "the notifications after the charge",
    timeoutMs: 60_000,
  })
  for (const c of held) expect(callsFor("invoice/charge", (b) => b.invoice_id, c.invoiceId, since)).toBe(1)
  const s = await settlement(sessions)
  for (const id of sessions) expect(s.get(id)).toEqual({ payments: 1, captures: 1 })
})

it("reconciliation and the payouts poll run on the worker only: one gateway call per due item per tick", async () => {
  // silently paid sessions: M4 never notifies, the reconciliation finds them
  await faults.add({ type: "drop_callbacks", endpoint: "invoice", count: 4 })
  const silent = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = await startCheckout(cluster.url)
      await shopperOnPayPage(c.redirect, "pay")
      return c
    })
  )
  // payouts that stay in processing at M4 (payoutStepMs 10 min): each poll tick asks about due ones
  const headers = await adminHeaders()
  const payoutIds = [] as string[]
  for (let i = 0; i < 3; i++) {
    const { data } = await axios.post(
      `${cluster.url}/admin/m4/payouts`,
      { payway: "card_payout_usd", account: "4111111111111111", amount: "10.00", amount_type: "shop_amount" },
      { headers }
    )
    payoutIds.push(data.payout.id)
  }
  await waitAllCapturedOnce(silent, "the reconciliation settling four silent payments", 120_000)
  await faults.clear()
  // one invoice/check per due check of each session (a check made before the shopper paid is
  // followed by the next a minute later): the cluster asked as often as the checks were claimed
  const checks = (c: { shopOrderId: string }) => callsFor("invoice/check", (b) => b.shop_order_id, c.shopOrderId)
  const claimed = await sql<{ ref_id: string; attempts: number }>(
    `select shop_order_id as ref_id, check_attempts as attempts from m4_invoice where shop_order_id = any($1)`,
    [silent.map((c) => c.sessionId)]
  )
  const attempts = (c: { sessionId: string }) => claimed.find((r) => r.ref_id === c.sessionId)?.attempts
  expect(silent.map((c) => checks(c))).toEqual(silent.map((c) => attempts(c)))
  for (const c of silent) expect(attempts(c)).toBeGreaterThanOrEqual(1)
  // each payout is asked about once per due check: never twice in one tick (poll every 4 s)
  const rows = await sql<{ id: string; shop_payment_id: string }>(
    `select id, shop_payment_id from m4_payout where id = any($1)`,
    [payoutIds]
  )
  const statusCalls = (shopPaymentId: string) =>
    callLog
      .filter((l) => l.method === "withdraw/shop_payment_status" && l.body?.shop_payment_id === shopPaymentId)
      .map((l) => l.at!)
  await waitFor(() => rows.every((r) => statusCalls(r.shop_payment_id).length >= 3), {
    what: "three status checks of each payout",
    timeoutMs: 60_000,
  })
  for (const r of rows) {
    const at = statusCalls(r.shop_payment_id)
    const gaps = at.slice(1).map((t, i) => t - at[i])
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(3500)
  }
  // the scheduled jobs ran on the worker, never on a server
  expect(logs.worker.some((l) => l.includes("M4 reconciliation:"))).toBe(true)
  expect(logs.worker.some((l) => l.includes("M4 payouts: checked"))).toBe(true)
  for (const s of cluster.servers)
    expect((logs[s.name] ?? []).filter((l) => /M4 (reconciliation|payouts):/.test(l))).toEqual([])
})
