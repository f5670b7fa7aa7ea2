// The built store as real processes: a throw-away app copy of the project, medusa CLI commands run
// to completion, and `medusa start` instances of `.medusa/server` that can be stopped, killed
// (SIGKILL, as in a crash) and started again. Used by the topology launcher (scripts/lib/topology.mjs),
// the production demo and, through integration-tests/helpers/m4-store-process.ts, the process tests.
// Every child runs in its own process group, so a signal reaches npx/node and their children.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
export const MEDUSA_BIN = path.join(PROJECT_ROOT, "node_modules/.bin/medusa")

/**
 * A copy of the project (src, medusa-config, package.json, tsconfig; node_modules symlinked) in a
 * temp dir (or `dir`), so `medusa build` never touches the project's own `.medusa/` and edits made while it
 * runs cannot restart it.
 */
export function prepareAppCopy({ root = PROJECT_ROOT, prefix = "m4-e2e-app-", dir } = {}) {
  if (dir) {
    // a fixed place (the production demo's build): replaced each time
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  }
  for (const entry of ["src", "medusa-config.ts", "package.json", "tsconfig.json"]) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}__tests__`),
    })
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"))
  // the plugin's tsconfig leaves medusa-config out; an app build must compile it into .medusa/server
  const tsconfigPath = path.join(dir, "tsconfig.json")
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, "utf8"))
  tsconfig.include = [...(tsconfig.include ?? []), "medusa-config.ts"]
  tsconfig.exclude = (tsconfig.exclude ?? []).filter((e) => e !== "medusa-config.ts")
  fs.writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2))
  return dir
}

/** Signals a child's whole process group (no-op when it has exited). */
export function killGroup(child, signal) {
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // already gone
    }
  }
}

/** Runs a command to completion in its own process group; rejects with the output tail on failure or timeout. */
export function runCommand(cmd, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (c) => (out = (out + c).slice(-40_000)))
    child.stderr.on("data", (c) => (out = (out + c).slice(-40_000)))
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL")
      reject(new Error(`${path.basename(cmd)} ${args.join(" ")} timed out after ${timeoutMs} ms\n${out.slice(-4000)}`))
    }, timeoutMs)
    child.on("error", (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(out)
      else reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${code}\n${out.slice(-4000)}`))
    })
  })
}

/** Runs one medusa CLI command to completion within `timeoutMs` (its process group is killed on timeout). */
export function runMedusa(args, opts) {
  return runCommand(MEDUSA_BIN, args, opts)
}

/** `.medusa/server` resolves packages from a node_modules next to it: link the project's. */
export function linkNodeModules(serverDir, root = PROJECT_ROOT) {
  const link = path.join(serverDir, "node_modules")
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(root, "node_modules"), link)
}

/**
 * One `medusa start` of a built server dir on `port`, resolved once /health answers 200.
 * `onLog(name, line)` sees every output line. The handle's `kill()` is SIGKILL (no shutdown
 * hooks: a crash), `stop()` is SIGTERM then SIGKILL after 5 s.
 */
export async function startMedusaProcess({ serverDir, env, port, name = "medusa", timeoutMs = 180_000, onLog }) {
  linkNodeModules(serverDir)
  const child = spawn(MEDUSA_BIN, ["start"], {
    cwd: serverDir,
    env: { ...env, PORT: String(port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  let out = ""
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)))
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (c) => {
      out = (out + c).slice(-50_000)
      if (onLog) for (const line of String(c).split("\n")) if (line.trim()) onLog(name, line)
    })
  }
  const gone = () => child.exitCode !== null || child.signalCode !== null
  const waitExit = (ms) => Promise.race([exited, new Promise((r) => setTimeout(r, ms))])
  const stop = async () => {
    if (gone()) return
    killGroup(child, "SIGTERM")
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000)
    await waitExit(7000)
    clearTimeout(timer)
  }
  const kill = async () => {
    if (gone()) return
    killGroup(child, "SIGKILL")
    await waitExit(5000)
  }
  const url = `http://localhost:${port}`
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (gone())
      throw new Error(`${name}: medusa start exited with ${child.exitCode ?? child.signalCode}\n${out.slice(-3000)}`)
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false
    )
    if (ok) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${name}: medusa start not healthy within ${timeoutMs} ms\n${out.slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    name,
    url,
    port,
    pid: child.pid,
    child,
    exited,
    stop,
    kill,
    alive: () => !gone(),
    logTail: () => out.slice(-5000),
  }
}
