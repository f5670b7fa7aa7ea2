import type { ChildProcess } from "node:child_process"
import path from "node:path"
import { importEsm } from "./import-esm"
import { freePort } from "./wait"

export { freePort }

/**
 * Runs the real store (built admin + `medusa start`) in a child process for browser tests.
 * The app is a throw-away copy of the project in a temp dir (src, medusa-config, package.json,
 * tsconfig; node_modules symlinked), so `medusa build` never touches the project's own
 * `.medusa/` and other people's edits cannot restart it mid-test. The processes themselves are
 * run by scripts/lib/medusa-app.mjs (shared with the topology launcher and the production demo).
 *
 * Measured (2 cores): medusa build ≈ 65 s (backend 15 s + admin 43 s), db:migrate ≈ 30 s,
 * `medusa user` ≈ 11 s, `medusa start` healthy ≈ 12 s. Build runs in parallel with
 * migrate + user, so the store is up in ≈ 80 s.
 */
const ROOT = path.resolve(__dirname, "../..")

type MedusaApp = {
  prepareAppCopy(opts?: { root?: string; prefix?: string }): string
  runCommand(cmd: string, args: string[], opts: RunOpts): Promise<string>
  runMedusa(args: string[], opts: RunOpts): Promise<string>
  startMedusaProcess(opts: {
    serverDir: string
    env: NodeJS.ProcessEnv
    port: number
    name?: string
    timeoutMs?: number
  }): Promise<{
    url: string
    /** the process group's leader (`medusa start`) */
    pid?: number
    stop(): Promise<void>
    kill(): Promise<void>
    logTail(): string
  }>
}
type RunOpts = { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }

export const medusaApp = () => importEsm<MedusaApp>(path.join(ROOT, "scripts/lib/medusa-app.mjs"))

export type StoreProcess = {
  url: string
  appDir: string
  stop: () => Promise<void>
  /** SIGKILL: the process dies at once, as in a crash (no shutdown hooks) */
  kill: () => Promise<void>
  logTail: () => string
}

/** A throw-away copy of the project to build and run as a store. */
export async function prepareAppCopy(root?: string): Promise<string> {
  return (await medusaApp()).prepareAppCopy(root ? { root } : undefined)
}

/** Runs a command to completion in its own process group; rejects with the output tail on failure or timeout. */
export async function runCommand(cmd: string, args: string[], opts: RunOpts): Promise<string> {
  return (await medusaApp()).runCommand(cmd, args, opts)
}

/** Runs one medusa CLI command to completion within `timeoutMs` (its process group is killed on timeout). */
export async function runMedusa(args: string[], opts: RunOpts): Promise<string> {
  return (await medusaApp()).runMedusa(args, opts)
}

/** Signals a child's whole process group (npx/node and their children). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // already gone
    }
  }
}

/** Starts `medusa start` from the built server dir and waits for /health. */
export async function startBuiltStore(opts: {
  appDir: string
  env: NodeJS.ProcessEnv
  port: number
  timeoutMs: number
}): Promise<StoreProcess> {
  const proc = await (
    await medusaApp()
  ).startMedusaProcess({
    serverDir: path.join(opts.appDir, ".medusa/server"),
    env: opts.env,
    port: opts.port,
    timeoutMs: opts.timeoutMs,
  })
  return { url: proc.url, appDir: opts.appDir, stop: proc.stop, kill: proc.kill, logTail: proc.logTail }
}

/** A new empty database on the test PostgreSQL (DB_* env from the jest global setup). */
export async function createDatabase(name: string): Promise<string> {
  const { Client } = (await import("pg")).default ?? (await import("pg"))
  const user = process.env.DB_USERNAME ?? "postgres"
  const password = process.env.DB_PASSWORD ?? ""
  const host = process.env.DB_HOST ?? "localhost"
  const port = process.env.DB_PORT ?? "5432"
  const client = new Client({ host, port: Number(port), user, password, database: "postgres" })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS "${name}"`)
  await client.query(`CREATE DATABASE "${name}"`)
  await client.end()
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${name}`
}

export async function dropDatabase(name: string): Promise<void> {
  const { Client } = (await import("pg")).default ?? (await import("pg"))
  const client = new Client({
    host: process.env.DB_HOST ?? "localhost",
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USERNAME ?? "postgres",
    password: process.env.DB_PASSWORD ?? "",
    database: "postgres",
  })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await client.end()
}
