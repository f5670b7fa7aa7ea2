import { externalDbConfigured, startEmbeddedPostgres } from "../../scripts/lib/embedded-db.mjs"

// Test-utils reads DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD. Host must be "localhost":
// any other host turns SSL on in test-utils and the run hangs.
export default async function globalSetup() {
  // Medusa logs every migration and link sync; keep test output to warnings and errors.
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? "warn"
  if (externalDbConfigured()) {
    // test-utils reads DB_* only: derive them from DATABASE_URL when that is what is given
    if (!process.env.DB_HOST && process.env.DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL)
      process.env.DB_HOST = url.hostname === "127.0.0.1" ? "localhost" : url.hostname
      process.env.DB_PORT = url.port || "5432"
      process.env.DB_USERNAME = decodeURIComponent(url.username)
      process.env.DB_PASSWORD = decodeURIComponent(url.password)
    }
    return
  }
  const db = await startEmbeddedPostgres()
  globalThis.__M4_EMBEDDED_PG__ = db
  process.env.DB_HOST = db.host
  process.env.DB_PORT = String(db.port)
  process.env.DB_USERNAME = db.user
  process.env.DB_PASSWORD = db.password
  process.env.DB_TEMP_NAME = process.env.DB_TEMP_NAME ?? "postgres"
}
