export default async function globalTeardown() {
  const db = globalThis.__M4_EMBEDDED_PG__
  if (db) {
    await db.stop()
  }
}
