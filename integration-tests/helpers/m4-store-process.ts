import { ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort } from "./wait"

export { freePort }

/**
 * Runs the real store (built admin + `medusa start`) in a child process for browser tests.
 * The app is a throw-away copy of the project in a temp dir (src, medusa-config, package.json,
 * tsconfig; node_modules symlinked), so `medusa build` never touches the project's own
 * `.medusa/` and other people's edits cannot restart it mid-test.
 *
 * Measured (2 cores): medusa build ≈ 65 s (backend 15 s + admin 43 s), db:migrate ≈ 30 s,
 * `medusa user` ≈ 11 s, `medusa start` healthy ≈ 12 s. Build runs in parallel with
 * migrate + user, so the store is up in ≈ 80 s.
 */
const ROOT = path.resolve(__dirname, "../..")
const MEDUSA_BIN = path.join(ROOT, "node_modules/.bin/medusa")

export type StoreProcess = {
  url: string
  appDir: string
  stop: () => Promise<void>
  /** SIGKILL: the process dies at once, as in a crash (no shutdown hooks) */
  kill: () => Promise<void>
  logTail: () => string
}


export function prepareAppCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "m4-e2e-app-"))
  for (const entry of ["src", "medusa-config.ts", "package.json", "tsconfig.json"]) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}__tests__`),
    })
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"))
  // the plugin's tsconfig leaves medusa-config out; an app build must compile it into .medusa/server
  const tsconfigPath = path.join(dir, "tsconfig.json")
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, "utf8"))
  tsconfig.include = [...(tsconfig.include ?? []), "medusa-config.ts"]
  tsconfig.exclude = (tsconfig.exclude ?? []).filter((e: string) => e !== "medusa-config.ts")
  fs.writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2))
  return dir
}

/** Runs a command to completion in its own process group; rejects with the output tail on failure or timeout. */
export function runCommand(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout!.on("data", (c) => (out = (out + c).slice(-40_000)))
    child.stderr!.on("data", (c) => (out = (out + c).slice(-40_000)))
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL")
      reject(new Error(`${path.basename(cmd)} ${args.join(" ")} timed out after ${opts.timeoutMs} ms\n${out.slice(-4000)}`))
    }, opts.timeoutMs)
    child.on("exit", (code) => {
      clearTimeout(timer)
      code === 0
        ? resolve(out)
        : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${code}\n${out.slice(-4000)}`))
    })
  })
}

/** Runs one medusa CLI command to completion within `timeoutMs` (its process group is killed on timeout). */
export function runMedusa(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  return runCommand(MEDUSA_BIN, args, opts)
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
export async function startBuiltStore(opts: { appDir: string; env: NodeJS.ProcessEnv; port: number; timeoutMs: number }): Promise<StoreProcess> {
  const serverDir = path.join(opts.appDir, ".medusa/server")
  if (!fs.existsSync(path.join(serverDir, "node_modules"))) {
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(serverDir, "node_modules"))
  }
  const child = spawn(MEDUSA_BIN, ["start"], {
    cwd: serverDir,
    env: { ...opts.env, PORT: String(opts.port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  let out = ""
  child.stdout!.on("data", (c) => (out = (out + c).slice(-50_000)))
  child.stderr!.on("data", (c) => (out = (out + c).slice(-50_000)))
  const url = `http://localhost:${opts.port}`
  const stop = async () => {
    killGroup(child, "SIGTERM")
    const exited = new Promise((r) => child.once("exit", r))
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000)
    await Promise.race([exited, new Promise((r) => setTimeout(r, 7000))])
    clearTimeout(timer)
  }
  const deadline = Date.now() + opts.timeoutMs
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`medusa start exited with ${child.exitCode}\n${out.slice(-3000)}`)
    }
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`medusa start not healthy within ${opts.timeoutMs} ms\n${out.slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const kill = async () => {
    const exited = new Promise((r) => child.once("exit", r))
    killGroup(child, "SIGKILL")
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  }
  return { url, appDir: opts.appDir, stop, kill, logTail: () => out.slice(-5000) }
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
