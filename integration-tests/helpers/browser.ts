/**
 * End-to-end helpers: headless Chromium (Debian's `chromium` package driven by playwright-core)
 * and a harness that runs `npm run demo` the way a person does (its own process group, Ctrl-C =
 * SIGINT to the group), on free ports and a fresh data folder.
 */
import { ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { Browser, chromium, Page } from "playwright-core"
import { freePort, waitFor } from "./wait"

export { freePort, waitFor }

export const REPO_ROOT = path.resolve(__dirname, "../..")
export const RESULTS_DIR = path.join(REPO_ROOT, "test-results")
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 })
}

/** Full-page screenshot into test-results/<name>.png (git-ignored); returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const file = path.join(RESULTS_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** True when something accepts TCP connections on the port (IPv4 or IPv6 loopback). */
export async function portOpen(port: number): Promise<boolean> {
  const tryHost = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host })
      socket.once("connect", () => {
        socket.destroy()
        resolve(true)
      })
      socket.once("error", () => resolve(false))
      socket.setTimeout(1000, () => {
        socket.destroy()
        resolve(false)
      })
    })
  return (await tryHost("127.0.0.1")) || (await tryHost("::1"))
}

/**
 * fetch, once more when a pooled keep-alive connection was reset before the request got through
 * (the server closed it as idle just as it was reused: a race on a loaded machine). Errors say
 * why the request failed.
 */
export async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init)
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause
      const reset = ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(cause?.code ?? "")
      if (reset && attempt < 2) {
        continue
      }
      throw new Error(
        `${init?.method ?? "GET"} ${url} failed: ${cause?.code ?? ""} ${cause?.message ?? (e as Error).message}`
      )
    }
  }
}

/** GET → status code, or null when nothing answers. */
export async function httpStatus(url: string, timeoutMs = 10_000): Promise<number | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" })
    await res.arrayBuffer()
    return res.status
  } catch {
    return null
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Processes whose command line mentions `text` (e.g. the demo's data folder: postgres -D <dir>). */
export function processesMentioning(text: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = []
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim()
      if (cmd.includes(text)) found.push({ pid: Number(entry), cmd })
    } catch {
      // gone meanwhile
    }
  }
  return found
}

export type DemoPorts = { store: number; storefront: number; sandbox: number; db: number }

export type DemoRun = {
  dir: string
  ports: DemoPorts
  urls: { store: string; admin: string; storefront: string; sandbox: string }
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
  exitCode: () => number | null | undefined
  spawnedAt: number
  /** ms from spawn until every URL answered */
  readyMs?: number
  /** the admin credentials the demo printed */
  admin?: { email: string; password: string }
  /** what the demo wrote to <dir>/pids.json while running */
  pids?: { demo: number; groups: Record<string, number>; ports: Record<string, number> }
  publishableKey?: string
}

/** A fresh, not yet existing data folder (PostgreSQL must be able to enter it: no mkdtemp 0700). */
export function freshDemoDir(label = "e2e"): string {
  return path.join(os.tmpdir(), `m4-demo-${label}-${process.pid}-${Date.now().toString(36)}`)
}

/** Starts `npm run demo` in its own process group with the given data folder and ports. */
export async function startDemo(opts: {
  dir: string
  ports?: Partial<DemoPorts>
  env?: Record<string, string>
}): Promise<DemoRun> {
  const ports: DemoPorts = {
    store: opts.ports?.store ?? (await freePort()),
    storefront: opts.ports?.storefront ?? (await freePort()),
    sandbox: opts.ports?.sandbox ?? (await freePort()),
    db: opts.ports?.db ?? (await freePort()),
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    M4_DEMO_DIR: opts.dir,
    M4_DEMO_STORE_PORT: String(ports.store),
    M4_DEMO_STOREFRONT_PORT: String(ports.storefront),
    M4_DEMO_SANDBOX_PORT: String(ports.sandbox),
    M4_DEMO_DB_PORT: String(ports.db),
    LOG_LEVEL: "http", // the store logs every request into <dir>/logs/store.log
    ...opts.env,
  }
  // the demo brings its own embedded PostgreSQL: none of the test runner's database settings
  for (const key of [
    "DATABASE_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_USERNAME",
    "DB_PASSWORD",
    "DB_TEMP_NAME",
    "NODE_OPTIONS",
    "JEST_WORKER_ID",
    "NODE_ENV",
  ]) {
    if (!opts.env?.[key]) delete env[key]
  }
  let out = ""
  const spawnedAt = Date.now()
  const child = spawn("npm", ["run", "--silent", "demo"], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.on("data", (c) => (out += String(c)))
  child.stderr!.on("data", (c) => (out += String(c)))
  let code: number | null | undefined
  // like a shell: 128 + signal number when killed by a signal (npm re-raises the SIGINT it forwarded)
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (c, signal) =>
      resolve((code = c ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : null)))
    )
  )
  return {
    dir: opts.dir,
    ports,
    urls: {
      store: `http://localhost:${ports.store}`,
      admin: `http://localhost:${ports.store}/app`,
      storefront: `http://localhost:${ports.storefront}`,
      sandbox: `http://127.0.0.1:${ports.sandbox}`,
    },
    child,
    spawnedAt,
    output: () => out,
    exited,
    exitCode: () => code,
  }
}

/** Waits until the storefront, the store, the admin dashboard and the sandbox all answer. */
export async function waitForDemo(run: DemoRun, timeoutMs = 300_000): Promise<DemoRun> {
  const abort = () =>
    run.exitCode() !== undefined ? `npm run demo exited with ${run.exitCode()}:\n${run.output().slice(-4000)}` : null
  await waitFor(
    async () => {
      const [sf, store, admin, sandbox] = await Promise.all([
        httpStatus(`${run.urls.storefront}/config.json`),
        httpStatus(`${run.urls.store}/health`),
        httpStatus(`${run.urls.admin}/`),
        httpStatus(`${run.urls.sandbox}/`),
      ])
      return sf === 200 && store === 200 && admin === 200 && sandbox === 200
    },
    { timeoutMs, intervalMs: 500, what: "the demo's URLs to answer", abort }
  )
  // the banner comes with the storefront; credentials as printed
  const printed = await waitFor(() => /e-mail\s+(\S+)\s+password\s+(\S+)/.exec(run.output()), {
    timeoutMs: 10_000,
    what: "the admin credentials in the demo's output",
    abort,
  })
  run.admin = { email: printed[1], password: printed[2] }
  run.readyMs = Date.now() - run.spawnedAt
  run.pids = JSON.parse(fs.readFileSync(path.join(run.dir, "pids.json"), "utf8"))
  run.publishableKey = JSON.parse(fs.readFileSync(path.join(run.dir, "state.json"), "utf8")).publishable_key
  return run
}

/** Ctrl-C: SIGINT to the demo's process group; resolves with the exit code (or null on timeout). */
export async function interruptDemo(run: DemoRun, timeoutMs = 60_000): Promise<number | null | "timeout"> {
  if (run.exitCode() === undefined && run.child.pid) {
    try {
      process.kill(-run.child.pid, "SIGINT")
    } catch {
      // already gone
    }
  }
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs).unref())
  return Promise.race([run.exited, timer])
}

/** Last resort for afterAll: SIGKILL the npm group and every group the demo recorded. */
export function killDemo(run: DemoRun | undefined): void {
  if (!run) return
  const groups = new Set<number>()
  if (run.child.pid) groups.add(run.child.pid)
  try {
    const pids = JSON.parse(fs.readFileSync(path.join(run.dir, "pids.json"), "utf8"))
    for (const pid of Object.values(pids.groups ?? {})) groups.add(pid as number)
  } catch {
    for (const pid of Object.values(run.pids?.groups ?? {})) groups.add(pid)
  }
  for (const pgid of groups) {
    if (groupAlive(pgid)) {
      try {
        process.kill(-pgid, "SIGKILL")
      } catch {
        // gone
      }
    }
  }
  // a postgres started by a killed group leader may remain (its workers have their own groups)
  for (const { pid } of processesMentioning(run.dir)) {
    try {
      process.kill(pid, "SIGKILL")
    } catch {
      // gone
    }
  }
}

/** Keeps the demo's logs (store, sandbox, postgres, migrate, seed) in test-results/<label>-logs/, then removes its data folder. */
export function removeDemoDir(run: DemoRun | undefined, label = "demo"): void {
  if (!run) return
  try {
    const logs = path.join(run.dir, "logs")
    if (fs.existsSync(logs)) {
      const target = path.join(RESULTS_DIR, `${label}-logs`)
      fs.rmSync(target, { recursive: true, force: true })
      fs.mkdirSync(RESULTS_DIR, { recursive: true })
      fs.cpSync(logs, target, { recursive: true })
      fs.writeFileSync(path.join(target, "demo-output.log"), run.output())
    }
  } catch {
    // logs are a convenience
  }
  if (run.dir.startsWith(os.tmpdir())) {
    fs.rmSync(run.dir, { recursive: true, force: true })
  }
}
