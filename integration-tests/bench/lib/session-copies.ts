/** What runs a query on the store's database (node-postgres' Client or Pool). */
export type Db = { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }> }

/** One copy of a payment session: its id, its payment collection's id and its own invoice at M4. */
export type SessionCopy = { id: string; collection: string; invoice: number }

async function columns(db: Db, table: string) {
  const { rows } = await db.query(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
    [table]
  )
  return rows.map((r) => r.column_name as string)
}

/**
 * Copies a payment session made through the Store API, with its payment collection and its ledger
 * row (m4_invoice), once per `copies` entry, each copy naming its own invoice: what a store holds
 * after many checkouts, made in three INSERTs instead of many Store API round trips. The ledger
 * rows are open and have no next check (the reconciliation leaves them alone), as after
 * `invoice/create`; the plugin matches a notification to its invoice only through this row.
 */
export async function copySession(db: Db, templateSessionId: string, copies: SessionCopy[]) {
  const [tpl] = (await db.query(`select payment_collection_id from payment_session where id = $1`, [templateSessionId]))
    .rows
  const copy = async (table: string, pick: (c: string) => string, where: string, whereParam: string) => {
    const cols = await columns(db, table)
    await db.query(
      `insert into "${table}" (${cols.map((c) => `"${c}"`).join(", ")})
       select ${cols.map((c) => pick(c)).join(", ")}
         from unnest($1::text[], $2::text[], $3::int[]) as n(sid, cid, inv) cross join (select * from "${table}" where ${where} = $4) t`,
      [copies.map((c) => c.id), copies.map((c) => c.collection), copies.map((c) => c.invoice), whereParam]
    )
  }
  await copy("payment_collection", (c) => (c === "id" ? "n.cid" : `t."${c}"`), "id", tpl.payment_collection_id)
  await copy(
    "payment_session",
    (c) =>
      c === "id"
        ? "n.sid"
        : c === "payment_collection_id"
          ? "n.cid"
          : c === "data"
            ? `t."data" || jsonb_build_object('shop_order_id', n.sid, 'session_id', n.sid, 'invoice_id', n.inv)`
            : `t."${c}"`,
    "id",
    templateSessionId
  )
  const ledger: Record<string, string> = {
    id: `'m4inv_' || substr(md5(n.sid), 1, 24)`,
    shop_order_id: "n.sid",
    session_id: "n.sid",
    payment_collection_id: "n.cid",
    invoice_id: "n.inv::text",
    state: `'open'`,
    m4_status: "1",
    confirmed_at: "null",
    next_check_at: "null",
    check_attempts: "0",
    last_checked_at: "null",
    lease_owner: "null",
    lease_until: "null",
    created_at: "now() - interval '2 minutes'",
    expires_at: "now() + interval '1 day'",
  }
  await copy("m4_invoice", (c) => ledger[c] ?? `t."${c}"`, "shop_order_id", templateSessionId)
  await db.query(`update m4_invoice set next_check_at = null where shop_order_id = $1`, [templateSessionId])
}
