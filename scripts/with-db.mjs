#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at PostgreSQL: the configured server when
// DATABASE_URL/DB_HOST is set, else a throw-away embedded one (stopped and removed after).
// Usage: node scripts/with-db.mjs <command> [args…]   e.g. npx medusa plugin:db:generate
import { spawn } from "node:child_process"
import { externalDbConfigured, startEmbeddedPostgres } from "./lib/embedded-db.mjs"

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error("usage: node scripts/with-db.mjs <command> [args…]")
  process.exit(2)
}
let db
const env = { ...process.env }
if (!externalDbConfigured()) {
  db = await startEmbeddedPostgres()
  const client = (await import("pg")).default
  const pg = new client.Client({ connectionString: db.url("postgres") })
  await pg.connect()
  await pg.query('CREATE DATABASE "medusa_m4_dev"')
  await pg.end()
  env.DATABASE_URL = db.url("medusa_m4_dev")
  Object.assign(env, { DB_HOST: db.host, DB_PORT: String(db.port), DB_USERNAME: db.user, DB_PASSWORD: db.password })
}
const child = spawn(command, args, { stdio: "inherit", env })
const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)))
if (db) await db.stop()
process.exit(code)
