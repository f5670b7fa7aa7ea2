#!/usr/bin/env node
/**
 * Benchmarks (`npm run bench`): `node scripts/bench.mjs [all|protocol|sandbox|client|anonymous] [--requests 20000]
 * [--concurrency 256] [--seconds 60] [--inline]`.
 *
 * protocol: request signing, callback verification and amount formatting, ops/s and heap growth.
 *
 * client: the M4Client's overhead over a raw signed request (node:http, keep-alive) to the sandbox:
 * the same shop_balance call both ways, one at a time and 64 in flight, alternating rounds;
 * prints latency/throughput and the client/raw ratios.
 *
 * anonymous: gateway calls per anonymous payment-methods request beside the minimum (the payment
 * provider's quotes over loopback to the sandbox behind a call counter).
 *
 * Starts the M4 sandbox in-process (in a worker thread, so the load generator and the sandbox get
 * a core each; --inline runs both on one thread), then sends signed shop_balance, invoice/create
 * and invoice/check requests over loopback with keep-alive, a bounded number in flight, and
 * prints requests/second and p50/p99 latency. Loads the compiled build (.medusa/server) when
 * present, else the TypeScript sources through ts-node.
 */
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import http from "node:http"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const require = createRequire(import.meta.url)

function loadSandboxModule() {
  const compiled = path.join(root, ".medusa/server/src/sandbox/index.js")
  if (existsSync(compiled)) {
    return require(compiled)
  }
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
  return require(path.join(root, "src/sandbox/index.ts"))
}

async function runSandboxInWorker() {
  const { startSandbox } = loadSandboxModule()
  const sandbox = await startSandbox({ port: 0 })
  parentPort.postMessage({ url: sandbox.url })
  parentPort.on("message", async (message) => {
    if (message === "stop") {
      await sandbox.stop()
      parentPort.postMessage("stopped")
    }
  })
}

function parseArgs(argv) {
  const options = { requests: 20_000, concurrency: 256, seconds: 60, inline: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--inline") options.inline = true
    else if (arg === "--requests") options.requests = Number(argv[++i])
    else if (arg === "--concurrency") options.concurrency = Number(argv[++i])
    else if (arg === "--seconds") options.seconds = Number(argv[++i])
  }
  return options
}

const SHOP_ID = 1520
const SECRET = "sandbox-secret-key"
const SIGNED = {
  shop_balance: ["now", "shop_id"],
  "invoice/create": ["amount", "currency", "payway", "shop_id", "shop_order_id"],
  "invoice/check": ["now", "shop_id", "shop_order_id"],
}

function signed(endpoint, fields) {
  const body = { shop_id: SHOP_ID, ...fields }
  const text = SIGNED[endpoint].map((f) => String(body[f])).join(":")
  body.sign = createHash("sha256")
    .update(text + SECRET, "utf8")
    .digest("hex")
  return JSON.stringify(body)
}

function post(agent, url, endpoint, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/gateway/v1/${endpoint}`,
      {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks = []
        response.on("data", (c) => chunks.push(c))
        response.on("end", () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString("utf8") }))
      }
    )
    request.on("error", reject)
    request.end(body)
  })
}

async function startBenchSandbox(options) {
  let url
  let stop
  if (options.inline) {
    const { startSandbox } = loadSandboxModule()
    const sandbox = await startSandbox({ port: 0 })
    url = sandbox.url
    stop = () => sandbox.stop()
  } else {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { role: "sandbox" } })
    url = await new Promise((resolve, reject) => {
      worker.once("message", (m) => resolve(m.url))
      worker.once("error", reject)
    })
    stop = () =>
      new Promise((resolve) => {
        worker.once("message", () => worker.terminate().then(resolve))
        worker.postMessage("stop")
      })
  }
  return { url, stop }
}

async function benchSandbox(options) {
  const { url, stop } = await startBenchSandbox(options)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency })
  const created = []
  let sequence = 0
  const nextRequest = () => {
    const n = sequence++
    const kind = n % 3
    const now = new Date().toISOString()
    if (kind === 1) {
      const order = `bench_${n}`
      return [
        "invoice/create",
        signed("invoice/create", { shop_order_id: order, amount: "10.00", currency: 840, payway: "card_invoice_usd" }),
      ]
    }
    if (kind === 2 && created.length > 0) {
      const order = created[Math.floor(Math.random() * created.length)]
      return ["invoice/check", signed("invoice/check", { shop_order_id: order, now })]
    }
    return ["shop_balance", signed("shop_balance", { now })]
  }

  // warm-up (JIT, connections)
  for (let i = 0; i < 500; i++) {
    const [endpoint, body] = nextRequest()
    const answer = await post(agent, url, endpoint, body)
    if (endpoint === "invoice/create" && answer.text.includes('"result":true'))
      created.push(JSON.parse(body).shop_order_id)
  }

  const latencies = []
  let errors = 0
  let issued = 0
  const deadline = Date.now() + options.seconds * 1000
  const started = process.hrtime.bigint()
  const workerLoop = async () => {
    while (issued < options.requests && Date.now() < deadline) {
      issued++
      const [endpoint, body] = nextRequest()
      const t0 = process.hrtime.bigint()
      try {
        const answer = await post(agent, url, endpoint, body)
        if (answer.status !== 200 || !answer.text.includes('"result":true')) {
          if (errors++ < 3)
            console.error(`unexpected answer to ${endpoint}: ${answer.status} ${answer.text.slice(0, 200)}`)
        } else if (endpoint === "invoice/create") {
          // only orders the sandbox confirmed are checked later
          created.push(JSON.parse(body).shop_order_id)
        }
      } catch {
        errors++
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, workerLoop))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  agent.destroy()
  await stop()

  latencies.sort((a, b) => a - b)
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2)
  console.log(
    [
      `sandbox bench (${options.inline ? "one thread" : "sandbox in a worker thread"}, ${options.concurrency} in flight, keep-alive)`,
      `  requests: ${latencies.length} in ${seconds.toFixed(2)} s (shop_balance / invoice/create / invoice/check), errors: ${errors}`,
      `  throughput: ${Math.round(latencies.length / seconds)} req/s`,
      `  latency: p50 ${pct(50)} ms, p99 ${pct(99)} ms`,
    ].join("\n")
  )
  if (errors > 0) process.exitCode = 1
}

function loadProtocolModule() {
  const compiled = path.join(root, ".medusa/server/src/m4/index.js")
  if (existsSync(compiled)) {
    return require(compiled)
  }
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
  return require(path.join(root, "src/m4/index.ts"))
}

/** Signing and callback verification: operations per second and heap growth (hot paths of every call). */
function benchProtocol({ iterations = 100_000 } = {}) {
  const m4 = loadProtocolModule()
  const body = {
    shop_id: 1520,
    shop_order_id: "payses_01JBENCH",
    amount: "6320.91",
    currency: 840,
    payway: "card_invoice_usd",
  }
  // docs/m4-protocol.md §9.1 vector: a real-shaped callback with JSON text fields and float lexemes
  const callback =
    '{"status": "hold", "payment_id": 41000017, "shop_order_id": "order_01JTESTVECTOR", "shop_id": 1520, "ps_data": "{\\"ps_payer_account\\": \\"424242XXXXXX4242\\", \\"required_3ds\\": false}", "ps_currency": 840, "payway": "card_invoice_usd[mock_server,success_with_callback]", "description": "Order \\u2116190", "created": "2026-05-24T16:35:42", "updated": "2026-05-24T16:36:10", "processed": null, "shop_currency": 840, "shop_amount": 6.0, "shop_refund": 5.7, "client_price": 6.0, "error_code": 0, "addons": "{\\"callback_url\\": \\"https://shop.example.com/hooks/payment/m4_m4?type=invoice\\", \\"description\\": \\"Order \\u2116190\\", \\"hold_required\\": true}", "sign": "d80a819bdcb133d2cf23ca28ddcb01da54c50058e1302fe5bf01cd7c826d3d11"}'
  if (!m4.verifyCallback(callback, "sandbox-secret-key").ok) {
    throw new Error("bench vector does not verify")
  }
  const measure = (name, n, fn) => {
    globalThis.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn(i)
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    console.log(
      `${name.padEnd(28)} ${Math.round(n / seconds)
        .toLocaleString("en")
        .padStart(10)} ops/s   heap +${heapMb.toFixed(1)} MiB`
    )
  }
  measure("sign invoice/create", iterations, () => m4.signRequest("invoice/create", body, "sandbox-secret-key"))
  measure("verify invoice callback", iterations / 2, () => m4.verifyCallback(callback, "sandbox-secret-key"))
  measure("format amount (KWD)", iterations, (i) => m4.formatAmount(`${i}.1255`, "kwd"))
}

/** One round: `total` calls, `inFlight` at a time; per-call latencies (ms) and elapsed seconds. */
async function round(call, total, inFlight) {
  const latencies = []
  let issued = 0
  const started = process.hrtime.bigint()
  const loop = async () => {
    while (issued < total) {
      issued++
      const t0 = process.hrtime.bigint()
      await call()
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
  }
  await Promise.all(Array.from({ length: inFlight }, loop))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  latencies.sort((a, b) => a - b)
  return { p50: latencies[Math.floor(latencies.length / 2)], rps: total / seconds }
}

/** The M4Client against a raw signed node:http request, same endpoint, same sandbox, same keep-alive. */
async function benchClient(options) {
  const m4 = loadProtocolModule()
  const { url, stop } = await startBenchSandbox(options)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const client = new m4.M4Client({ shopId: SHOP_ID, secretKey: SECRET, baseUrl: `${url}/gateway/v1/` })
  const raw = async () => {
    const answer = await post(agent, url, "shop_balance", signed("shop_balance", { now: new Date().toISOString() }))
    if (answer.status !== 200 || !answer.text.includes('"result":true'))
      throw new Error(`raw: ${answer.text.slice(0, 200)}`)
  }
  const viaClient = async () => {
    const outcome = await client.shopBalance()
    if (outcome.kind !== "ok") throw new Error(`client: ${m4.describeOutcome(outcome)}`)
  }
  const sequential = Math.max(200, Math.round(options.requests / 10))
  const concurrent = options.requests
  for (const call of [raw, viaClient]) await round(call, 300, 8) // warm-up: JIT, sockets
  const best = { raw: {}, client: {} }
  for (let r = 0; r < 3; r++) {
    for (const [name, call] of [
      ["raw", raw],
      ["client", viaClient],
    ]) {
      for (const [mode, total, inFlight] of [
        ["seq", sequential, 1],
        ["par", concurrent, 64],
      ]) {
        const result = await round(call, total, inFlight)
        const prev = best[name][mode]
        // the best of three rounds: noise only ever makes a round slower
        best[name][mode] = prev && prev.rps >= result.rps ? prev : result
      }
    }
  }
  agent.destroy()
  await stop()
  const line = (label, mode) =>
    `  ${label.padEnd(22)} raw ${best.raw[mode].p50.toFixed(3)} ms p50, ${Math.round(best.raw[mode].rps)} req/s | ` +
    `client ${best.client[mode].p50.toFixed(3)} ms p50, ${Math.round(best.client[mode].rps)} req/s | ` +
    `latency ×${(best.client[mode].p50 / best.raw[mode].p50).toFixed(2)}, throughput ×${(best.client[mode].rps / best.raw[mode].rps).toFixed(2)}`
  console.log(
    [
      `client overhead (shop_balance to the sandbox, ${options.inline ? "one thread" : "sandbox in a worker thread"}, best of 3 rounds)`,
      line(`1 in flight (${sequential})`, "seq"),
      line(`64 in flight (${concurrent})`, "par"),
    ].join("\n")
  )
}

function loadProviderModule() {
  const compiled = path.join(root, ".medusa/server/src/providers/m4/services/m4-provider.js")
  if (existsSync(compiled)) {
    return require(compiled)
  }
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
  return require(path.join(root, "src/providers/m4/services/m4-provider.ts"))
}

/** A pass-through to the sandbox's gateway that counts the calls, by endpoint. */
async function startCallCounter(target) {
  const counts = new Map()
  const agent = new http.Agent({ keepAlive: true })
  const server = http.createServer((req, res) => {
    const endpoint = (req.url ?? "").replace(/^\/+/, "").split("?")[0]
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1)
    const upstream = http.request(
      new URL(endpoint, target),
      { method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on("error", () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    stop: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  }
}

/**
 * Gateway calls per anonymous GET /store/m4/payment-methods, beside the minimum: the providers of
 * the demo store's USD region (card and wallet payways) answer the route's quote question as the
 * route asks it (one provider per payway), over loopback to the sandbox behind a call counter.
 * The route's rate limits (429 past them) bound the requests themselves; the load test
 * integration-tests/http/anonymous-load-bounds.spec.ts covers those over HTTP.
 */
async function benchAnonymousQuotes() {
  const sandbox = await loadSandboxModule().startSandbox({ port: 0 })
  const counter = await startCallCounter(sandbox.apiUrl)
  const { M4ProviderService } = loadProviderModule()
  const logger = { info() {}, warn() {}, error() {}, debug() {} }
  const common = {
    shopId: 1520,
    secretKey: "sandbox-secret-key",
    apiUrl: counter.url,
    storeUrl: "http://127.0.0.1:9000",
  }
  const providers = [
    new M4ProviderService({ logger }, { ...common, id: "m4", payway: { usd: "card_invoice_usd" } }),
    new M4ProviderService({ logger }, { ...common, id: "wallet", payway: { usd: "wallet_invoice_usd" } }),
  ]
  const payways = providers.length
  const request = (cartId, amount) =>
    Promise.all(
      providers.map((p) =>
        p.getWebhookActionAndData({
          data: { m4_confirm: { kind: "quote", cart_id: cartId, amount, currency_code: "USD" } },
          rawData: undefined,
          headers: {},
        })
      )
    )
  const row = (label, requests, minimum, note) => {
    const calls = counter.total()
    console.log(
      `  ${label.padEnd(34)} ${String(calls).padStart(4)} calls, ${(calls / requests).toFixed(3)} per request` +
        ` | minimum ${minimum} (${(minimum / requests).toFixed(3)} per request: ${note})`
    )
  }
  try {
    counter.reset()
    await Promise.all(Array.from({ length: 200 }, (_, i) => request(`cart_burst_${i}`, "100.00")))
    row("200 at once, carts of one total", 200, 1 + payways, `1 shop configuration + ${payways} invoice/try`)
    counter.reset()
    for (let i = 0; i < 50; i++) {
      await request(`cart_same_${i}`, "100.00")
    }
    row("50 more, one after another", 50, 0, `within quoteCacheMs nothing is asked again`)
    counter.reset()
    for (let i = 0; i < 50; i++) {
      await request(`cart_total_${i}`, `${101 + i}.00`)
    }
    row("50 carts, 50 different totals", 50, 50 * payways, `${payways} invoice/try per total, configuration kept`)
  } finally {
    await counter.stop()
    await sandbox.stop()
  }
}

if (!isMainThread && workerData?.role === "sandbox") {
  await runSandboxInWorker()
} else {
  const [mode = "all", ...rest] = process.argv.slice(2)
  if (mode === "protocol" || mode === "all") {
    console.log("== protocol layer")
    benchProtocol()
  }
  if (mode === "sandbox" || mode === "all") {
    console.log("== sandbox over loopback")
    await benchSandbox(parseArgs(rest))
  }
  if (mode === "client" || mode === "all") {
    console.log("== M4Client overhead over a raw signed request")
    await benchClient({ ...parseArgs(rest), ...(rest.includes("--requests") ? {} : { requests: 5000 }) })
  }
  if (mode === "anonymous" || mode === "all") {
    console.log("== gateway calls per anonymous payment-methods request (USD: card + wallet payways)")
    await benchAnonymousQuotes()
  }
  if (!["all", "protocol", "sandbox", "client", "anonymous"].includes(mode)) {
    console.error(
      "usage: node scripts/bench.mjs [all|protocol|sandbox|client|anonymous] [--requests 20000] [--concurrency 256] [--seconds 60] [--inline]"
    )
    process.exit(2)
  }
}
