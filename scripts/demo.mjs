#!/usr/bin/env node
// `npm run demo`: the whole M4 plugin working on one machine with nothing but Node.
//
//   PostgreSQL (embedded, data in .demo/pg, or DATABASE_URL) → migrations → seed once →
//   M4 sandbox (:8787) → Medusa store + admin dashboard (development server, :9000) → storefront (:8000)
//
// Prints the URLs and the admin credentials when everything answers; Ctrl-C stops every process
// it started. A second run reuses .demo/ (no seeding, migrations only when they changed).
//
// Environment (all optional):
//   M4_DEMO_DIR              data folder (default .demo/ in the project)
//   M4_DEMO_STORE_PORT       Medusa store + admin (9000)
//   M4_DEMO_STOREFRONT_PORT  storefront (8000)
//   M4_DEMO_SANDBOX_PORT     M4 sandbox (8787)
//   M4_DEMO_DB_PORT          embedded PostgreSQL (a free port)
//   DATABASE_URL             use this PostgreSQL database instead (created if missing)
//   M4_DEMO_ADMIN_EMAIL, M4_DEMO_ADMIN_PASSWORD   admin login (default admin@example.com, a generated password)
//   M4_DEMO_VERBOSE=1        echo every child's output (otherwise it goes to <data folder>/logs/)
//   M4_DEMO_WATCH=1          run `medusa develop` (restarts the store on every file change in the project)
//                            instead of the same development server without the file watcher
//   M4_DEMO_TOPOLOGY=production  (or --topology=production) Medusa's production topology instead of one
//                            development server: Redis (Debian's redis-server), `medusa build`, one worker
//                            and two servers (NODE_ENV=production) behind a round-robin balancer on the
//                            store port, so the URLs stay the same (scripts/lib/topology.mjs)
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { demoConfig, startStorefrontServer } from "../demo/storefront-server.mjs"
import {
  freePort,
  groupAlive,
  httpStatus,
  killGroupsNow,
  portInUse,
  runStep,
  spawnGroup,
  stopGroup,
  tail,
  waitUntil,
} from "./lib/demo-processes.mjs"
import { prepareAppCopy, startRedis, startTopology } from "./lib/topology.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`

// ── settings ────────────────────────────────────────────────────────────────
function portEnv(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === "") return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    fail(`${name} must be a port number, got "${raw}"`)
  }
  return Number(raw)
}

function fail(message) {
  console.error(`demo: ${message}`)
  process.exit(1)
}

const demoDir = path.resolve(root, process.env.M4_DEMO_DIR || ".demo")
const logsDir = path.join(demoDir, "logs")
const stateFile = path.join(demoDir, "state.json")
const secretsFile = path.join(demoDir, "secrets.json")
const pidsFile = path.join(demoDir, "pids.json")
const ports = {
  store: portEnv("M4_DEMO_STORE_PORT", 9000),
  storefront: portEnv("M4_DEMO_STOREFRONT_PORT", 8000),
  sandbox: portEnv("M4_DEMO_SANDBOX_PORT", 8787),
}
const flag = (name) => ["1", "true", "yes"].includes(String(process.env[name] ?? "").toLowerCase())
const verbose = flag("M4_DEMO_VERBOSE")
const watch = flag("M4_DEMO_WATCH")
const topologyArg = process.argv.find((a) => a.startsWith("--topology="))?.slice("--topology=".length)
const topology = topologyArg ?? process.env.M4_DEMO_TOPOLOGY ?? "single"
if (!["single", "production"].includes(topology)) fail(`topology must be single or production, got "${topology}"`)
const production = topology === "production"
const urls = {
  store: `http://localhost:${ports.store}`,
  admin: `http://localhost:${ports.store}/app`,
  storefront: `http://localhost:${ports.storefront}`,
  sandbox: `http://127.0.0.1:${ports.sandbox}`,
}
const medusaBin = path.join(root, "node_modules", ".bin", "medusa")

const step = (text) => console.log(`demo: ${text} (${elapsed()})`)

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"))
  } catch {
    return null
  }
}

function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 })
}

// ── the processes we own ────────────────────────────────────────────────────
/** @type {Map<string, import("./lib/demo-processes.mjs").Managed>} */
const running = new Map()
let storefront = null
let dbPort = null
let shuttingDown = null
/** the production topology's parts (not in `running`: the launcher owns their processes) */
let cluster = null
let redis = null
const clusterPids = () =>
  (cluster ? [cluster.worker, ...cluster.servers].map((i) => i.pid) : []).concat(redis ? [redis.pid] : [])

function savePids() {
  try {
    writeJson(pidsFile, {
      demo: process.pid,
      groups: {
        ...Object.fromEntries([...running].map(([name, m]) => [name, m.pid])),
        ...(cluster ? Object.fromEntries([cluster.worker, ...cluster.servers].map((i) => [i.name, i.pid])) : {}),
        ...(redis ? { redis: redis.pid } : {}),
      },
      ports: { ...ports, ...(dbPort ? { postgres: dbPort } : {}) },
    })
  } catch {
    // the folder may be gone already
  }
}

function track(m) {
  running.set(m.name, m)
  savePids()
}

function untrack(m) {
  running.delete(m.name)
  savePids()
}

async function shutdown(code, reason) {
  shuttingDown ??= (async () => {
    if (reason) console.log(`\ndemo: ${reason}: stopping…`)
    await storefront?.stop().catch(() => {})
    await cluster?.stop().catch(() => {})
    await redis?.stop().catch(() => {})
    // the store and the sandbox first (they use the database), then PostgreSQL
    const first = [...running.values()].filter((m) => m.name !== "postgres")
    await Promise.all(first.map((m) => stopGroup(m)))
    const db = running.get("postgres")
    if (db) {
      await stopGroup(db, { graceMs: 15000 })
    }
    running.clear()
    fs.rmSync(pidsFile, { force: true })
    console.log(`demo: stopped, nothing left running`)
    process.exit(code)
  })()
  return shuttingDown
}

let firstSignalAt = 0
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (shuttingDown) {
      // a second Ctrl-C: no more waiting. (`npm run` forwards the terminal's SIGINT, so one
      // Ctrl-C can arrive twice within milliseconds: only a later one counts.)
      if (Date.now() - firstSignalAt > 1500) {
        console.log("demo: killing everything now")
        killGroupsNow([...running.values()].map((m) => m.pid).concat(clusterPids()))
        process.exit(130)
      }
      return
    }
    firstSignalAt = Date.now()
    shutdown(0, signal)
  })
}
process.on("exit", () => killGroupsNow([...running.values()].map((m) => m.pid).concat(clusterPids())))

// ── steps ───────────────────────────────────────────────────────────────────
async function ensureDirs() {
  fs.mkdirSync(logsDir, { recursive: true })
  const pids = readJson(pidsFile)
  if (pids?.demo && pids.demo !== process.pid) {
    let alive = false
    try {
      process.kill(pids.demo, 0)
      alive = true
    } catch {
      // no such process: a stale pid file
    }
    if (alive) {
      fail(`another demo (pid ${pids.demo}) is using ${demoDir}; stop it first or set M4_DEMO_DIR`)
    }
    // a previous demo was killed without cleaning up: make sure its children are gone too
    // (only groups whose leader is still one of ours: a recycled pid belongs to someone else)
    const ours = (pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(root)
      } catch {
        return process.platform !== "linux" // no /proc: trust the pid file
      }
    }
    const stale = Object.values(pids.groups ?? {}).filter((pid) => groupAlive(pid) && ours(pid))
    if (stale.length) {
      console.log(`demo: stopping processes left over by an earlier demo (process groups ${stale.join(", ")})`)
      killGroupsNow(stale)
      await waitUntil(() => stale.every((pid) => !groupAlive(pid)), {
        timeoutMs: 10000,
        intervalMs: 100,
        what: "leftover processes to exit",
      })
    }
  }
  savePids()
}

function secrets() {
  let s = readJson(secretsFile)
  if (!s) {
    const random = (n) => crypto.randomBytes(n).toString("base64url")
    s = { jwt_secret: random(32), cookie_secret: random(32), admin_password: random(9) }
    writeJson(secretsFile, s)
  }
  return {
    ...s,
    admin_email: process.env.M4_DEMO_ADMIN_EMAIL || "admin@example.com",
    admin_password: process.env.M4_DEMO_ADMIN_PASSWORD || s.admin_password,
  }
}

async function checkPorts() {
  const names = { store: "M4_DEMO_STORE_PORT", storefront: "M4_DEMO_STOREFRONT_PORT", sandbox: "M4_DEMO_SANDBOX_PORT" }
  for (const [what, port] of Object.entries(ports)) {
    if ((await portInUse(port)) || (await portInUse(port, "::1"))) {
      fail(`port ${port} (${what}) is already in use: stop what uses it or set ${names[what]}`)
    }
  }
}

/** Starts the embedded PostgreSQL child, or uses DATABASE_URL. Returns the demo database URL. */
async function startDatabase() {
  const pg = (await import("pg")).default
  let serverUrl
  let dbName = "medusa_m4_demo"
  let identity
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    dbName = decodeURIComponent(url.pathname.slice(1)) || dbName
    url.pathname = "/postgres"
    serverUrl = url.toString()
    const shown = new URL(process.env.DATABASE_URL)
    shown.password = ""
    identity = `external:${shown}`
    step(`using DATABASE_URL (database ${dbName})`)
  } else {
    const port = portEnv("M4_DEMO_DB_PORT", 0) || (await freePort())
    dbPort = port
    const dataDir = path.join(demoDir, "pg")
    const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"))
    step(`${fresh ? "creating" : "starting"} embedded PostgreSQL in ${path.relative(root, dataDir) || dataDir}`)
    const db = spawnGroup(
      "postgres",
      process.execPath,
      [path.join(root, "scripts/lib/demo-db.mjs"), dataDir, String(port)],
      {
        cwd: root,
        env: process.env,
        logFile: path.join(logsDir, "postgres.log"),
        echo: verbose,
        ipc: true,
      }
    )
    track(db)
    const message = await new Promise((resolve) => {
      db.child.once("message", resolve)
      db.exited.then(() => resolve({ error: `exited early; see ${db.logFile}\n${tail(db.logFile)}` }))
    })
    if (message.error) throw new Error(`embedded PostgreSQL did not start: ${message.error}`)
    // the IPC channel stays open: if this process dies, the child sees it close and stops PostgreSQL
    serverUrl = message.url
    identity = `embedded:${dataDir}`
  }
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`)
      step(`created database ${dbName}`)
    }
  } finally {
    await client.end()
  }
  const dbUrl = new URL(serverUrl)
  dbUrl.pathname = `/${dbName}`
  return { url: dbUrl.toString(), identity }
}

/** What the migrations depend on: Medusa's version and the project's migration and link files. */
function migrationFingerprint() {
  const hash = crypto.createHash("sha256")
  for (const pkg of ["@medusajs/medusa", "@medusajs/framework"]) {
    hash.update(`${pkg}@${readJson(path.join(root, "node_modules", pkg, "package.json"))?.version}\n`)
  }
  const walk = (dir) => {
    let entries
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) walk(full)
      else if (/migrations|links/.test(full)) hash.update(`${path.relative(root, full)}:${fs.statSync(full).size}\n`)
    }
  }
  walk(path.join(root, "src"))
  hash.update(fs.readFileSync(path.join(root, "medusa-config.ts")))
  return hash.digest("hex").slice(0, 16)
}

/** Is this database the seeded demo store? (the storefront's publishable key exists) */
async function demoStoreInDatabase(dbUrl) {
  const pg = (await import("pg")).default
  const client = new pg.Client({ connectionString: dbUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      "SELECT token FROM api_key WHERE title = 'M4 storefront' AND type = 'publishable' AND deleted_at IS NULL AND revoked_at IS NULL LIMIT 1"
    )
    return rows[0]?.token ?? null
  } catch {
    return null // not migrated yet
  } finally {
    await client.end()
  }
}

function medusaEnv(dbUrl, s) {
  const origins = [
    urls.storefront,
    `http://127.0.0.1:${ports.storefront}`,
    urls.store,
    `http://127.0.0.1:${ports.store}`,
  ].join(",")
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    PORT: String(ports.store),
    M4_API_URL: `${urls.sandbox}/gateway/v1/`,
    M4_STORE_URL: urls.store,
    M4_STOREFRONT_URL: urls.storefront,
    STORE_CORS: origins,
    AUTH_CORS: origins,
    ADMIN_CORS: [urls.store, `http://127.0.0.1:${ports.store}`].join(","),
    JWT_SECRET: s.jwt_secret,
    COOKIE_SECRET: s.cookie_secret,
    MEDUSA_DISABLE_TELEMETRY: "true",
  }
  // the test runner's database settings must not leak into the demo
  for (const key of [
    "DB_HOST",
    "DB_PORT",
    "DB_USERNAME",
    "DB_PASSWORD",
    "DB_TEMP_NAME",
    "MEDUSA_ADMIN_DISABLED",
    "JEST_WORKER_ID",
  ]) {
    delete env[key]
  }
  return env
}

function failWithLog(m, what) {
  return () => {
    const code = m.exitCode()
    return code !== undefined ? `${what} exited (code ${code}); last lines of ${m.logFile}:\n${tail(m.logFile)}` : null
  }
}

/** One development server (`medusa start` with NODE_ENV=development, or `medusa develop`). */
async function startDevelopmentStore(env, sandbox) {
  // `medusa develop` = a file watcher that restarts `medusa start` (NODE_ENV=development: sources
  // through ts-node, admin dashboard served by vite at /app) on any change in the project. The demo
  // runs that same server without the watcher unless asked: a restart drops every request for ~10 s.
  const storeCommand = watch ? ["develop"] : ["start"]
  step(`starting the store and admin (medusa ${storeCommand[0]}) on ${urls.store}`)
  const store = spawnGroup("store", medusaBin, storeCommand, {
    cwd: root,
    env: { ...env, NODE_ENV: "development" },
    logFile: path.join(logsDir, "store.log"),
    echo: verbose,
  })
  track(store)

  await waitUntil(async () => (await httpStatus(`${urls.sandbox}/`)) === 200, {
    what: "the M4 sandbox",
    timeoutMs: 60000,
    abort: failWithLog(sandbox, "the M4 sandbox"),
  })
  await waitUntil(async () => (await httpStatus(`${urls.store}/health`)) === 200, {
    what: `the store on ${urls.store}/health`,
    timeoutMs: 240000,
    intervalMs: 500,
    abort: failWithLog(store, `medusa ${storeCommand[0]}`),
  })
  step("store is up, waiting for the admin dashboard")
  await waitUntil(async () => (await httpStatus(urls.admin + "/", { timeoutMs: 60000 })) === 200, {
    what: `the admin dashboard on ${urls.admin}`,
    timeoutMs: 240000,
    intervalMs: 500,
    abort: failWithLog(store, `medusa ${storeCommand[0]}`),
  })

  return store
}

/**
 * Medusa's production topology: Redis, the built app (a copy of the project in <data folder>/build),
 * one worker and two servers behind a round-robin balancer listening on the store port.
 */
async function startProductionStore(env, stepOpts) {
  step("starting Redis (redis-server)")
  redis = await startRedis()
  savePids()
  const appDir = prepareAppCopy({ dir: path.join(demoDir, "build") })
  step("building the store and admin (medusa build, about a minute)")
  await runStep("build", medusaBin, ["build"], { ...stepOpts("build"), cwd: appDir })
  step(`starting the worker and two servers (medusa start, NODE_ENV=production) behind ${urls.store}`)
  const logs = new Map()
  cluster = await startTopology({
    serverDir: path.join(appDir, ".medusa/server"),
    env: { ...env, M4_STORE_URL: urls.store },
    redisUrl: redis.url,
    servers: 2,
    ports: { balancer: ports.store },
    onLog: (name, line) => {
      if (!logs.has(name)) logs.set(name, fs.createWriteStream(path.join(logsDir, `${name}.log`), { flags: "a" }))
      logs.get(name).write(line + "\n")
      if (verbose) process.stdout.write(`[${name}] ${line}\n`)
    },
  })
  savePids()
  step(`Redis ${redis.url}, worker ${cluster.worker.url}, servers ${cluster.servers.map((i) => i.url).join(" ")}`)
  await waitUntil(async () => (await httpStatus(urls.admin + "/", { timeoutMs: 60000 })) === 200, {
    what: `the admin dashboard on ${urls.admin}`,
    timeoutMs: 120000,
    intervalMs: 500,
  })
  return null
}

async function main() {
  await ensureDirs()
  await checkPorts()
  const s = secrets()

  // the sandbox needs nothing else: start it while PostgreSQL starts and migrations run
  step(`starting the M4 sandbox on ${urls.sandbox}`)
  const sandbox = spawnGroup(
    "sandbox",
    process.execPath,
    [
      path.join(root, "bin/m4-sandbox.js"),
      "--port",
      String(ports.sandbox),
      "--state",
      path.join(demoDir, "sandbox-state.json"),
    ],
    { cwd: root, env: process.env, logFile: path.join(logsDir, "sandbox.log"), echo: verbose }
  )
  track(sandbox)

  const db = await startDatabase()
  const env = medusaEnv(db.url, s)
  const stepOpts = (name) => ({
    cwd: root,
    env,
    logFile: path.join(logsDir, `${name}.log`),
    echo: verbose,
    track,
    untrack,
  })

  const state = readJson(stateFile)
  const fingerprint = migrationFingerprint()
  let seededKey = await demoStoreInDatabase(db.url)
  if (seededKey && state?.migrations === fingerprint && state?.database === db.identity) {
    step("database is migrated and seeded: reusing it")
  } else {
    step("running migrations (medusa db:migrate)")
    await runStep("migrate", medusaBin, ["db:migrate"], stepOpts("migrate"))
    seededKey = await demoStoreInDatabase(db.url)
  }

  const adminChanged = state?.admin?.email !== s.admin_email || state?.admin?.password !== s.admin_password
  if (!seededKey || state?.publishable_key !== seededKey || adminChanged) {
    step(
      seededKey
        ? "updating the demo state (admin user, keys)"
        : "seeding the demo store (regions, products, M4 providers, admin user)"
    )
    await runStep("seed", medusaBin, ["exec", "./src/scripts/seed-demo.ts"], {
      ...stepOpts("seed"),
      env: {
        ...env,
        M4_DEMO_STATE_FILE: stateFile,
        M4_DEMO_ADMIN_EMAIL: s.admin_email,
        M4_DEMO_ADMIN_PASSWORD: s.admin_password,
      },
    })
  }
  const seeded = readJson(stateFile)
  if (!seeded?.publishable_key) {
    throw new Error(`seeding wrote no publishable key to ${stateFile}; see ${path.join(logsDir, "seed.log")}`)
  }
  writeJson(stateFile, {
    ...seeded,
    database: db.identity,
    migrations: fingerprint,
    urls,
    ports,
  })

  const store = production ? await startProductionStore(env, stepOpts) : await startDevelopmentStore(env, sandbox)
  if (production) {
    await waitUntil(async () => (await httpStatus(`${urls.sandbox}/`)) === 200, {
      what: "the M4 sandbox",
      timeoutMs: 60000,
      abort: failWithLog(sandbox, "the M4 sandbox"),
    })
  }

  storefront = await startStorefrontServer({
    port: ports.storefront,
    config: demoConfig({ stateFile, storeUrl: urls.store, sandboxUrl: urls.sandbox, adminUrl: urls.admin }),
  })

  // a child that dies later takes the demo down with it
  for (const m of [sandbox, store, running.get("postgres")].filter(Boolean)) {
    m.exited.then((code) => {
      if (!shuttingDown) {
        console.error(`demo: ${m.name} exited (code ${code}); last lines of ${m.logFile}:\n${tail(m.logFile, 20)}`)
        shutdown(1)
      }
    })
  }

  const rel = (p) => path.relative(process.cwd(), p) || p
  console.log(
    [
      "",
      `M4 demo is ready (${elapsed()})${production ? ": production topology (2 servers + worker + Redis)" : ""}`,
      "",
      `  Storefront   ${urls.storefront}`,
      `  Admin        ${urls.admin}`,
      `               e-mail    ${s.admin_email}`,
      `               password  ${s.admin_password}`,
      `  Store API    ${urls.store}   (publishable key ${seeded.publishable_key})`,
      `  M4 sandbox   ${urls.sandbox}   (pay pages; control API ${urls.sandbox}/_sandbox/invoices)`,
      "",
      `  Data in ${rel(demoDir)}/ (delete it to start over), logs in ${rel(logsDir)}/`,
      "  Press Ctrl-C to stop everything.",
      "",
    ].join("\n")
  )
}

main().catch(async (e) => {
  console.error(`demo: ${e?.message ?? e}`)
  await shutdown(1)
})
