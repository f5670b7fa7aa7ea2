/**
 * The ledger's SQL runs through one small interface, so the module's service and the payment
 * provider (whose container is the payment module's: it has the shared PostgreSQL connection but
 * not this module) use the same statements. Each statement is atomic on its own: no transaction
 * spans a gateway call.
 */
export type SqlRunner = { execute(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> }

type KnexLike = { raw(sql: string, bindings: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }

/** Medusa's shared connection (`__pg_connection__`, a knex instance) as a runner. */
export function knexRunner(knex: KnexLike): SqlRunner {
  return { execute: async (sql, params = []) => (await knex.raw(sql, params as never[])).rows }
}

/**
 * Claims up to `limit` rows of `table` that match `where` and that nobody holds, in one UPDATE:
 * SKIP LOCKED plus the lease condition give concurrent claimers disjoint rows; database time decides.
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
    /** the attempts counter to bump */
    attempts: string
    returning: string
  }
) {
  return db.execute(
    `update "${table}" set "lease_owner" = ?, "lease_until" = now() + (? * interval '1 millisecond'),
            "${q.attempts}" = "${q.attempts}" + 1, "updated_at" = now()
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

export const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
export const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string))
