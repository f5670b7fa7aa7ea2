/**
 * Medusa's official Next.js storefront (dtc-starter, pinned in ../shared/storefronts) for browser
 * tests: a scratch copy with the M4 integration applied by scripts/apply-storefront-integration.mjs
 * (docs/storefront.md as written), its dependencies installed from the npm registry, `next build`
 * against a running store and `next start`.
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { killGroup, runCommand as run } from "./m4-store-process"
import { waitFor } from "./wait"

const ROOT = path.resolve(__dirname, "../..")

/** The pinned starter: M4_DTC_STARTER_DIR, else ../shared/storefronts/dtc-starter beside the repo. */
export function pinnedStarterDir(): string {
  const dir = process.env.M4_DTC_STARTER_DIR ?? path.resolve(ROOT, "../shared/storefronts/dtc-starter")
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    throw new Error(`the pinned dtc-starter is missing at ${dir} (set M4_DTC_STARTER_DIR)`)
  }
  return dir
}

/** A clean environment for npm and Next.js: none of jest's NODE_OPTIONS / NODE_ENV, no database settings. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extra }
  for (const key of [
    "NODE_OPTIONS",
    "NODE_ENV",
    "JEST_WORKER_ID",
    "DATABASE_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_USERNAME",
    "DB_PASSWORD",
  ]) {
    if (!(key in extra)) delete env[key]
  }
  return env
}

/** Copies the pinned starter (without node_modules or build output) and applies the M4 integration with the script. */
export async function prepareStarterCopy(): Promise<{ dir: string; applyOutput: string }> {
  const source = pinnedStarterDir()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "m4-dtc-starter-"))
  fs.cpSync(source, dir, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|\.next)([\\/]|$)/.test(src.slice(source.length)),
  })
  // CI's shared/ has no write bits: the copy must be writable (npm install, the integration script)
  makeWritable(dir)
  const applyOutput = await run(process.execPath, [path.join(ROOT, "scripts/apply-storefront-integration.mjs"), dir], {
    cwd: ROOT,
    env: toolEnv(),
    timeoutMs: 30_000,
  })
  return { dir, applyOutput }
}

function makeWritable(target: string) {
  const stat = fs.lstatSync(target)
  if (stat.isSymbolicLink()) return
  fs.chmodSync(target, stat.mode | 0o200)
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(target)) makeWritable(path.join(target, entry))
  }
}

export function npmInstall(dir: string): Promise<string> {
  return run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: dir,
    env: toolEnv(),
    timeoutMs: 8 * 60_000,
  })
}

export type StorefrontEnv = { backendUrl: string; publishableKey: string; defaultRegion: string; baseUrl: string }

function nextEnv(e: StorefrontEnv) {
  return toolEnv({
    NODE_ENV: "production",
    NEXT_PUBLIC_MEDUSA_BACKEND_URL: e.backendUrl,
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: e.publishableKey,
    NEXT_PUBLIC_DEFAULT_REGION: e.defaultRegion,
    NEXT_PUBLIC_BASE_URL: e.baseUrl,
  })
}

export function nextBuild(dir: string, e: StorefrontEnv): Promise<string> {
  return run(path.join(dir, "node_modules/.bin/next"), ["build"], { cwd: dir, env: nextEnv(e), timeoutMs: 8 * 60_000 })
}

export type RunningStorefront = { url: string; stop: () => Promise<void>; logTail: () => string }

export async function nextStart(dir: string, port: number, e: StorefrontEnv): Promise<RunningStorefront> {
  const child = spawn(path.join(dir, "node_modules/.bin/next"), ["start", "-p", String(port)], {
    cwd: dir,
    env: nextEnv(e),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  let out = ""
  child.stdout!.on("data", (c) => (out = (out + c).slice(-40_000)))
  child.stderr!.on("data", (c) => (out = (out + c).slice(-40_000)))
  const url = `http://localhost:${port}`
  const stop = async () => {
    killGroup(child, "SIGTERM")
    const exited = new Promise((r) => child.once("exit", r))
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000)
    await Promise.race([exited, new Promise((r) => setTimeout(r, 7000))])
    clearTimeout(timer)
  }
  await waitFor(
    () =>
      fetch(`${url}/${e.defaultRegion}`, { redirect: "manual" }).then(
        (r) => r.status < 500,
        () => false
      ),
    {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: "next start to answer",
      abort: () => (child.exitCode !== null ? `next start exited with ${child.exitCode}\n${out.slice(-3000)}` : null),
    }
  )
  return { url, stop, logTail: () => out.slice(-6000) }
}
