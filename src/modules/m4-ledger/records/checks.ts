import { leaseRows, SqlRunner } from "./sql"

/**
 * The reconciliation's schedule, kept on the rows themselves (m4_invoice and m4_refund alike):
 * `next_check_at` (null: nothing left to check), `check_attempts`, `last_checked_at`,
 * `last_outcome` and a lease. The reconciliation walks a table by `next_check_at`, the
 * longest-waiting first: a cursor, no window, no scan of Medusa's tables.
 */
type CheckedTable = "m4_invoice" | "m4_refund"

/**
 * New rows are due at once (the provider, which writes them, does not know the reconciliation's
 * schedule): before a claim, those never checked move to their first check, `firstCheckMs` after
 * they were made.
 */
export async function scheduleFirstChecks(db: SqlRunner, table: CheckedTable, firstCheckMs: number) {
  await db.execute(
    `update "${table}" set "next_check_at" = "created_at" + (? * interval '1 millisecond'), "updated_at" = now()
      where "next_check_at" <= now() and "last_checked_at" is null and "check_attempts" = 0
        and "created_at" + (? * interval '1 millisecond') > now() and "deleted_at" is null`,
    [firstCheckMs, firstCheckMs]
  )
}

/** Claims up to `limit` rows whose check is due, the longest-waiting first. */
export function claimDueChecks(
  db: SqlRunner,
  table: CheckedTable,
  q: { owner: string; limit: number; leaseMs: number; returning: string }
) {
  return leaseRows(db, table, {
    where: `"next_check_at" is not null and "next_check_at" <= now()`,
    params: [],
    orderBy: `"next_check_at" asc`,
    limit: q.limit,
    owner: q.owner,
    leaseMs: q.leaseMs,
    attempts: "check_attempts",
    returning: q.returning,
  })
}

/** Records a check's outcome and the next one (`next` null: nothing left to check), and gives the lease back. */
export async function finishCheck(
  db: SqlRunner,
  table: CheckedTable,
  id: string,
  owner: string,
  result: { outcome: string; next: Date | null; flagged?: boolean }
) {
  const flag =
    table === "m4_invoice"
      ? `, "flagged_at" = case when ? then coalesce("flagged_at", now()) else "flagged_at" end`
      : ""
  await db.execute(
    `update "${table}" set "next_check_at" = ?, "last_checked_at" = now(), "last_outcome" = ?${flag},
            "lease_owner" = null, "lease_until" = null, "updated_at" = now()
      where "id" = ? and "lease_owner" = ?`,
    [result.next, result.outcome, ...(flag ? [!!result.flagged] : []), id, owner]
  )
}
