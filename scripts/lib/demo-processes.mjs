// Child processes for `npm run demo`: each one in its own process group (so a terminal Ctrl-C
// reaches only the demo, which then stops them in order), its output in a log file, and
// polling helpers with deadlines instead of sleeps.
import { spawn } from "node:child_process"
import fs from "node:fs"
import { freePort } from "./free-port.mjs"
import net from "node:net"

/** @typedef {{ name: string, child: import("node:child_process").ChildProcess, pid: number, logFile: string, exited: Promise<number | null>, exitCode: () => number | null | undefined }} Managed */

/**
 * Spawns `command args` detached (own process group), stdout/stderr appended to `logFile`
 * (and echoed with a prefix when `echo` is set).
 * @returns {Managed}
 */
export function spawnGroup(name, command, args, { cwd, env, logFile, echo = false, ipc = false }) {
  const log = fs.createWriteStream(logFile, { flags: "a" })
  log.write(`\n=== ${new Date().toISOString()} ${command} ${args.join(" ")}\n`)
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  })
  let code
  const exited = new Promise((resolve) => {
    child.once("exit", (c, signal) => {
      code = c ?? (signal ? 128 : null)
      resolve(code)
    })
    child.once("error", (e) => {
      log.write(`spawn error: ${e.message}\n`)
      code = 127
      resolve(127)
    })
  })
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      log.write(chunk)
      if (echo) {
        for (const line of String(chunk).split("\n")) {
          if (line.trim()) process.stdout.write(`[${name}] ${line}\n`)
        }
      }
    })
  }
  exited.then(() => log.end())
  return { name, child, pid: child.pid, logFile, exited, exitCode: () => code }
}

export function groupAlive(pid) {
  try {
    process.kill(-pid, 0)
    return true
  } catch (e) {
    return e.code === "EPERM"
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the group is gone. */
export async function stopGroup(managed, { graceMs = 8000, signal = "SIGTERM" } = {}) {
  if (!managed?.pid) return
  signalGroup(managed.pid, signal)
  const gone = await waitUntil(() => !groupAlive(managed.pid), { timeoutMs: graceMs, intervalMs: 50 }).then(
    () => true,
    () => false
  )
  if (!gone) {
    signalGroup(managed.pid, "SIGKILL")
    await waitUntil(() => !groupAlive(managed.pid), { timeoutMs: 5000, intervalMs: 50 }).catch(() => {})
  }
}

/** Last resort (in an `exit` handler, synchronous): SIGKILL every group still alive. */
export function killGroupsNow(pids) {
  for (const pid of pids) {
    if (pid) signalGroup(pid, "SIGKILL")
  }
}

/** Polls `check` until it returns a truthy value; rejects after `timeoutMs`. */
export async function waitUntil(check, { timeoutMs = 60000, intervalMs = 250, what = "condition", abort } = {}) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    if (abort) {
      const reason = abort()
      if (reason) throw new Error(`${what}: ${reason}`)
    }
    try {
      const value = await check()
      if (value) return value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (${last.message})` : ""}`
      )
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Resolves with the HTTP status of a GET, or rejects (connection refused, timeout). */
export async function httpStatus(url, { timeoutMs = 5000, headers } = {}) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers, redirect: "manual" })
  await res.arrayBuffer().catch(() => {})
  return res.status
}

export async function portInUse(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
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
}

/** The last `n` lines of a log file (for error messages). */
export function tail(file, n = 30) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n")
  } catch {
    return ""
  }
}

/** Runs a command to completion (own group, output to the log); rejects on a non-zero exit. */
export async function runStep(name, command, args, opts) {
  const managed = spawnGroup(name, command, args, opts)
  opts.track?.(managed)
  const code = await managed.exited
  opts.untrack?.(managed)
  if (code !== 0) {
    const err = new Error(`${name} failed (exit ${code}); last lines of ${managed.logFile}:\n${tail(managed.logFile)}`)
    err.logFile = managed.logFile
    throw err
  }
}

export { freePort }
