import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { createDatabase, dropDatabase, prepareAppCopy, runMedusa } from "./m4-store-process"

export type SeededStore = {
  publishable_key: string
  regions: Record<string, { id: string }>
  products: { variant_id: string }[]
}

export type BuiltStore = {
  /** the throw-away app copy; its `.medusa/server` is what `medusa start` runs */
  appDir: string
  databaseUrl: string
  /** the environment every instance of this store starts with (production, this database, this M4) */
  env: NodeJS.ProcessEnv
  seeded: SeededStore
  /** drops the database and removes the app copy */
  remove(): Promise<void>
}

/**
 * The store as production runs it, for process tests and benchmarks: a copy of the app built with
 * `medusa build` while its own new database is migrated and seeded (`src/scripts/seed-demo.ts`,
 * with an admin user), about 80–110 s on 2 cores. `env` adds to (and overrides) the base environment.
 */
export async function buildSeededStore(opts: {
  name: string
  /** the project folder to copy (another checkout of the project, e.g. a benchmark's "before"); default this one */
  root?: string
  apiUrl: string
  admin: { email: string; password: string }
  env?: NodeJS.ProcessEnv
}): Promise<BuiltStore> {
  const appDir = await prepareAppCopy(opts.root)
  const databaseUrl = await createDatabase(opts.name)
  const stateFile = path.join(os.tmpdir(), `${opts.name}.json`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NODE_OPTIONS: "",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLED: "true",
    LOG_LEVEL: "info",
    DATABASE_URL: databaseUrl,
    M4_API_URL: opts.apiUrl,
    M4_DEMO_STATE_FILE: stateFile,
    M4_DEMO_ADMIN_EMAIL: opts.admin.email,
    M4_DEMO_ADMIN_PASSWORD: opts.admin.password,
    ...opts.env,
  }
  await Promise.all([
    runMedusa(["build"], { cwd: appDir, env, timeoutMs: 300_000 }),
    runMedusa(["db:migrate"], { cwd: appDir, env, timeoutMs: 300_000 }).then(() =>
      runMedusa(["exec", "./src/scripts/seed-demo.ts"], { cwd: appDir, env, timeoutMs: 180_000 })
    ),
  ])
  const seeded = JSON.parse(fs.readFileSync(stateFile, "utf8")) as SeededStore
  fs.rmSync(stateFile, { force: true })
  return {
    appDir,
    databaseUrl,
    env,
    seeded,
    remove: async () => {
      await dropDatabase(opts.name).catch(() => undefined)
      fs.rmSync(appDir, { recursive: true, force: true })
    },
  }
}
