/**
 * Leases: how several store instances share work kept in PostgreSQL rows (notifications, invoices
 * and refunds to check, payouts to poll) without settling one twice. A lease is one conditional
 * UPDATE decided by the database clock (`lease_until < now()`); a batch claim adds FOR UPDATE SKIP
 * LOCKED so concurrent claimers get disjoint rows. Raw SQL on purpose: Medusa's locking module locks
 * keys the caller already knows, not "whichever rows are due", and the data-model API has no
 * conditional update. Every table leased here has `id`, `deleted_at`, `lease_owner`, `lease_until`.
 */
import { randomBytes } from "node:crypto"

/** What runs a statement: a MikroORM manager (`execute`) or Medusa's shared knex connection, adapted. */
export type SqlRunner = { execute(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> }

type KnexLike = { raw(sql: string, bindings: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }

/** Medusa's shared connection (`__pg_connection__`, a knex instance) as a runner. */
export function knexRunner(knex: KnexLike): SqlRunner {
  return { execute: async (sql, params = []) => (await knex.raw(sql, params as never[])).rows }
}

/** A lease owner name unique to this instance and call ("sweep:1a2b3c4d:9f0e1d"). */
export function leaseOwner(role: string, instanceId: string): string {
  return `${role}:${instanceId}:${randomBytes(3).toString("hex")}`
}

/**
 * Claims up to `limit` rows of `table` that match `where` and that nobody holds, in one UPDATE:
 * SKIP LOCKED plus the lease condition give concurrent claimers disjoint rows; database time decides.
 * `attempts`: a counter column bumped by each claim.
 */
export function leaseRows(
  db: SqlRunner,
  table: string,
  q: {
    where: string
    params: unknown[]
    orderBy: string
    limit: number
    owner: string
    leaseMs: number
    attempts?: string
    returning: string
  }
) {
  const bump = q.attempts ? `, "${q.attempts}" = "${q.attempts}" + 1, "updated_at" = now()` : ""
  return db.execute(
    `update "${table}" set "lease_owner" = ?, "lease_until" = now() + (? * interval '1 millisecond')${bump}
      where "id" in (
        select "id" from "${table}"
         where "deleted_at" is null and ("lease_until" is null or "lease_until" < now()) and ${q.where}
         order by ${q.orderBy}
         limit ?
         for update skip locked)
      returning ${q.returning}`,
    [q.owner, q.leaseMs, ...q.params, q.limit]
  )
}

/** Claims one row unless another owner holds an unexpired lease. */
export async function leaseRow(db: SqlRunner, table: string, id: string, owner: string, leaseMs: number) {
  const rows = await db.execute(
    `update "${table}" set "lease_owner" = ?, "lease_until" = now() + (? * interval '1 millisecond')
      where "id" = ? and "deleted_at" is null and ("lease_until" is null or "lease_until" < now())
      returning "id"`,
    [owner, leaseMs, id]
  )
  return rows.length === 1
}

/** Gives a lease back (only its owner can). */
export async function releaseLease(db: SqlRunner, table: string, id: string, owner: string) {
  await db.execute(
    `update "${table}" set "lease_owner" = null, "lease_until" = null where "id" = ? and "lease_owner" = ?`,
    [id, owner]
  )
}
