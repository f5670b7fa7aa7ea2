import { generateEntityId } from "@medusajs/framework/utils"
import type { LedgerStatus } from "../../../shared/display-names"
import { date, SqlRunner, text } from "./sql"

/**
 * The M4 payments page's questions to the ledger, read-only but for the merchant's own marks
 * (`m4_attention`), a failed notification put back for the sweep and a check asked for now:
 * the ledger (one row per M4 payment and refund) with its totals per day, a keyset cursor for the
 * CSV, and what needs the merchant. Amounts stay exact decimal text; sums are PostgreSQL numeric.
 */

/** M4 releases a hold this long after it was made (API.md; the reconciliation's flag uses the same). */
export const HOLD_LIFETIME_MS = 5 * 86_400_000
/** A hold is on the list this long before M4 releases it. */
export const HOLD_EXPIRING_WITHIN_MS = 86_400_000
/** A payment or refund M4 has not confirmed this long after it was made is on the list. */
export const UNCONFIRMED_AFTER_MS = 3_600_000

export type LedgerFilter = {
  from?: Date | null
  to?: Date | null
  statuses?: LedgerStatus[]
  provider_id?: string | null
}

/** One payment or refund as the ledger shows it. */
export type LedgerRow = {
  id: string
  type: "payment" | "refund" | "return"
  created_at: Date
  order_id: string | null
  payment_collection_id: string | null
  /** M4's invoice id */
  invoice_id: string | null
  provider_id: string
  payway: string | null
  /** what M4 took (shop_amount), else what the store asked for; a refund's amount */
  amount: string
  currency_code: string
  /** M4's fee (paid − net) and the net credited to the shop, once M4 reported the net */
  fee_amount: string | null
  net_amount: string | null
  payer_price: string | null
  payer_currency: string | null
  status: LedgerStatus
  /** why money went back, or why M4 refused a refund */
  reason: string | null
}

/** The position after a row, for the next chunk of a keyset walk (exact to the microsecond). */
export type LedgerCursor = { at: string; id: string }

export type DayTotals = {
  day: string
  currency_code: string
  gross: string | null
  fees: string | null
  net: string | null
  refunds: string | null
}

/** The kinds of "needs attention" items the ledger finds (payouts come from the merchant tools module). */
export type LedgerAttentionKind =
  | "notification_failed"
  | "money_returned"
  | "money_returning"
  | "return_failed"
  | "unmatched_payment_flagged"
  | "refund_failed"
  | "hold_expiring"
  | "payment_unconfirmed"
  | "refund_unconfirmed"

export type AttentionRow = {
  /** `<kind>:<row id>`: the item, stable while it is the same problem */
  key: string
  kind: LedgerAttentionKind
  /** the notification, invoice or refund row it is about */
  ref_id: string
  at: Date
  order_id: string | null
  payment_collection_id: string | null
  invoice_id: string | null
  amount: string | null
  /** lowercase ISO code, or M4's numeric code for a notification with no ledger row */
  currency_code: string | null
  reason: string | null
  hold_expires_at: Date | null
}

// a row's exact creation time as text: a JS Date keeps milliseconds, PostgreSQL microseconds
const exactTime = (alias: string) =>
  `to_char(${alias}."created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** What an invoice is now, as the ledger's status (see LEDGER_STATUSES in src/shared/display-names.ts). */
const PAYMENT_STATUS = `case
    when i."settlement" = 'returning' then 'returning'
    when i."settlement" = 'returned' then 'returned'
    when i."settlement" = 'return_failed' then 'return_failed'
    when i."settlement" = 'flagged' then 'unmatched'
    when i."state" = 'held' then 'held'
    when i."state" = 'paid' then 'paid'
    when i."state" = 'rejected' and i."payment_id" is not null then
      -- a hold the store had booked: released by M4 (its settlement said so) or by the store
      case when i."last_outcome" = 'hold_released' or exists (
          select 1 from "m4_notification" n
           where n."invoice_id" = i."invoice_id" and n."outcome" = 'hold_released' and n."deleted_at" is null)
        then 'released_by_m4' else 'released_by_you' end
    when i."state" = 'rejected' then 'declined'
    when i."state" = 'not_issued' then 'not_issued'
    when i."state" = 'issuing' then 'not_confirmed'
    else 'awaiting_payment' end`

const REFUND_STATUS = `case r."state" when 'requested' then 'refund_requested' when 'waiting' then 'refund_pending'
    when 'succeeded' then 'refunded' else 'refund_refused' end`

/** The refund statuses (the rest are a payment's). */
const REFUND_STATUSES: LedgerStatus[] = ["refund_requested", "refund_pending", "refunded", "refund_refused"]

/** A payment on the ledger: money M4 held or took, or a hold the store released. */
const PAYMENT_SELECT = `
  select i."id", 'payment'::text as "type", i."created_at", ${exactTime("i")} as "cursor_at", i."order_id",
         i."payment_collection_id", i."invoice_id", i."provider_id", i."payway",
         coalesce(i."paid_amount", i."amount") as "amount", i."currency_code",
         case when i."state" = 'paid' and i."paid_amount" is not null and i."net_amount" is not null
              then (i."paid_amount"::numeric - i."net_amount"::numeric)::text end as "fee_amount",
         case when i."state" = 'paid' then i."net_amount" end as "net_amount",
         i."payer_price", i."payer_currency", ${PAYMENT_STATUS} as "status", i."settlement_reason" as "reason"
    from "m4_invoice" i
   where i."deleted_at" is null
     and (i."state" in ('held', 'paid') or i."settlement" is not null or (i."state" = 'rejected' and i."payment_id" is not null))`

/** A refund the merchant made or a return the plugin made. */
const REFUND_SELECT = `
  select r."id", r."kind"::text as "type", r."created_at", ${exactTime("r")} as "cursor_at",
         coalesce(r."order_id", i."order_id") as "order_id", i."payment_collection_id", r."invoice_id",
         r."provider_id", i."payway", r."amount", r."currency_code", null::text as "fee_amount",
         null::text as "net_amount", null::text as "payer_price", null::text as "payer_currency",
         ${REFUND_STATUS} as "status", r."failure_reason" as "reason"
    from "m4_refund" r
    left join "m4_invoice" i on i."id" = r."invoice_ref"
   where r."deleted_at" is null`

type Side = { alias: "i" | "r"; select: string; status: string }
const SIDES: Side[] = [
  { alias: "i", select: PAYMENT_SELECT, status: PAYMENT_STATUS },
  { alias: "r", select: REFUND_SELECT, status: REFUND_STATUS },
]

/**
 * The filter on one side of the ledger, on that table's own columns so its created_at index
 * applies (a filter over the union would sort every row of both tables for each page).
 */
function sideWhere(side: Side, f: LedgerFilter, params: unknown[], after?: LedgerCursor | null): string {
  const t = side.alias
  let where = ""
  if (f.from) {
    where += ` and ${t}."created_at" >= ?`
    params.push(f.from)
  }
  if (f.to) {
    where += ` and ${t}."created_at" <= ?`
    params.push(f.to)
  }
  if (f.statuses?.length) {
    where += ` and (${side.status}) in (${f.statuses.map(() => "?").join(", ")})`
    params.push(...f.statuses)
  }
  if (f.provider_id) {
    where += ` and ${t}."provider_id" = ?`
    params.push(f.provider_id)
  }
  if (after) {
    where += ` and ${t}."created_at" >= ?::timestamptz and (${t}."created_at", ${t}."id") > (?::timestamptz, ?)`
    params.push(after.at, after.at, after.id)
  }
  return where
}

/** The sides the status filter can match (a filter of refund statuses only never reads the payments). */
function sidesFor(f: LedgerFilter): Side[] {
  if (!f.statuses?.length) return SIDES
  return SIDES.filter((side) => f.statuses!.some((s) => (side.alias === "r") === REFUND_STATUSES.includes(s)))
}

/**
 * The first `limit` rows of the ledger in `direction` (after `after`): each side ordered and cut
 * on its own index, then merged, so a page or a chunk reads about `limit` rows per table.
 */
function ledgerSql(
  f: LedgerFilter,
  page: { direction: "asc" | "desc"; limit: number; offset?: number; after?: LedgerCursor | null }
): { sql: string; params: unknown[] } {
  const params: unknown[] = []
  const order = (t: string) => `${t}."created_at" ${page.direction}, ${t}."id" ${page.direction}`
  const parts = sidesFor(f).map((side) => {
    const where = sideWhere(side, f, params, page.after)
    params.push((page.offset ?? 0) + page.limit)
    return `(${side.select}${where} order by ${order(side.alias)} limit ?)`
  })
  if (!parts.length) {
    return { sql: `select null where false`, params: [] }
  }
  return {
    sql: `select * from (${parts.join(" union all ")}) u order by ${order("u")} limit ? offset ?`,
    params: [...params, page.limit, page.offset ?? 0],
  }
}

function toLedgerRow(r: Record<string, unknown>): LedgerRow & { cursor: LedgerCursor } {
  return {
    id: String(r.id),
    type: r.type as LedgerRow["type"],
    created_at: new Date(r.created_at as string),
    order_id: text(r.order_id),
    payment_collection_id: text(r.payment_collection_id),
    invoice_id: text(r.invoice_id),
    provider_id: String(r.provider_id),
    payway: text(r.payway),
    amount: String(r.amount),
    currency_code: String(r.currency_code),
    fee_amount: text(r.fee_amount),
    net_amount: text(r.net_amount),
    payer_price: text(r.payer_price),
    payer_currency: text(r.payer_currency),
    status: r.status as LedgerStatus,
    reason: text(r.reason),
    cursor: { at: String(r.cursor_at), id: String(r.id) },
  }
}

/** Every ledger kind's item: the rows that need the merchant now (the partial indexes keep these cheap). */
const ATTENTION_ROWS = `
  select 'notification_failed'::text as "kind", 'notification_failed:' || n."id" || ':' || n."attempts" as "key",
         n."id" as "ref_id", n."updated_at" as "at", coalesce(n."order_id", i."order_id") as "order_id",
         i."payment_collection_id", coalesce(n."invoice_id", i."invoice_id") as "invoice_id",
         coalesce(rf."amount", i."amount", n."amount") as "amount",
         coalesce(rf."currency_code", i."currency_code", n."currency") as "currency_code",
         null::text as "reason", null::timestamptz as "hold_expires_at"
    from "m4_notification" n
    left join lateral (
      select x.* from "m4_invoice" x
       where x."deleted_at" is null and (x."shop_order_id" = n."shop_order_id" or x."invoice_id" = n."invoice_id")
       order by x."created_at" desc limit 1) i on true
    left join "m4_refund" rf on n."kind" = 'refund' and rf."shop_refund_id" = n."shop_refund_id" and rf."deleted_at" is null
   where n."state" = 'failed' and n."deleted_at" is null
  union all
  select case i."settlement" when 'returning' then 'money_returning' when 'returned' then 'money_returned'
              when 'return_failed' then 'return_failed' else 'unmatched_payment_flagged' end,
         -- being returned and returned are one item: marking it seen while it is returning covers both
         case when i."settlement" in ('returning', 'returned') then 'money_returned'
              when i."settlement" = 'return_failed' then 'return_failed' else 'unmatched_payment_flagged' end
           || ':' || i."id",
         i."id", i."updated_at", i."order_id", i."payment_collection_id", i."invoice_id",
         coalesce(i."paid_amount", i."amount"), i."currency_code", i."settlement_reason", null
    from "m4_invoice" i
   where i."deleted_at" is null and i."settlement" in ('returning', 'returned', 'return_failed', 'flagged')
  union all
  select 'refund_failed', 'refund_failed:' || r."id", r."id", r."updated_at", coalesce(r."order_id", i."order_id"),
         i."payment_collection_id", r."invoice_id", r."amount", r."currency_code", r."failure_reason", null
    from "m4_refund" r
    left join "m4_invoice" i on i."id" = r."invoice_ref"
   where r."deleted_at" is null and r."kind" = 'refund' and r."state" = 'failed'
  union all
  select 'hold_expiring', 'hold_expiring:' || i."id", i."id",
         i."created_at" + (:holdLifetime * interval '1 millisecond') - (:holdWithin * interval '1 millisecond'),
         i."order_id", i."payment_collection_id", i."invoice_id", coalesce(i."paid_amount", i."amount"),
         i."currency_code", null, i."created_at" + (:holdLifetime * interval '1 millisecond')
    from "m4_invoice" i
   where i."deleted_at" is null and i."state" = 'held' and coalesce(i."settlement", 'booked') = 'booked'
     and i."created_at" <= now() - ((:holdLifetime - :holdWithin) * interval '1 millisecond')
  union all
  -- the store asked M4 for the payment and never got an answer
  select 'payment_unconfirmed', 'payment_unconfirmed:' || i."id", i."id",
         i."created_at" + (:unconfirmed * interval '1 millisecond'), i."order_id", i."payment_collection_id",
         i."invoice_id", i."amount", i."currency_code", null, null
    from "m4_invoice" i
   where i."deleted_at" is null and i."state" = 'issuing'
     and i."created_at" <= now() - (:unconfirmed * interval '1 millisecond')
  union all
  -- M4 said it was paid or held, and then did not confirm it when asked (from the notifications'
  -- partial index: an unpaid checkout is not read)
  select distinct on (i."id") 'payment_unconfirmed', 'payment_unconfirmed:' || i."id", i."id",
         i."created_at" + (:unconfirmed * interval '1 millisecond'), i."order_id", i."payment_collection_id",
         i."invoice_id", i."amount", i."currency_code", null, null
    from "m4_notification" n
    join "m4_invoice" i on i."shop_order_id" = n."shop_order_id" and i."deleted_at" is null
   where n."outcome" in ('not_final_yet', 'no_invoice_at_m4') and n."deleted_at" is null
     and n."kind" = 'invoice' and n."status" in ('success', 'hold')
     and n."received_at" <= now() - (:unconfirmed * interval '1 millisecond')
     and i."state" in ('open', 'not_issued')
  union all
  select 'refund_unconfirmed', 'refund_unconfirmed:' || r."id", r."id",
         r."created_at" + (:unconfirmed * interval '1 millisecond'), coalesce(r."order_id", i."order_id"),
         i."payment_collection_id", r."invoice_id", r."amount", r."currency_code", null, null
    from "m4_refund" r
    left join "m4_invoice" i on i."id" = r."invoice_ref"
   where r."deleted_at" is null and r."state" in ('requested', 'waiting')
     and r."created_at" <= now() - (:unconfirmed * interval '1 millisecond')`

function toAttentionRow(r: Record<string, unknown>): AttentionRow {
  return {
    key: String(r.key),
    kind: r.kind as LedgerAttentionKind,
    ref_id: String(r.ref_id),
    at: new Date(r.at as string),
    order_id: text(r.order_id),
    payment_collection_id: text(r.payment_collection_id),
    invoice_id: text(r.invoice_id),
    amount: text(r.amount),
    currency_code: text(r.currency_code),
    reason: text(r.reason),
    hold_expires_at: date(r.hold_expires_at),
  }
}

/** The page's queries; each one statement on Medusa's shared connection. */
export class DeskRecords {
  constructor(private readonly db: SqlRunner) {}

  /** One page of the ledger, newest first, and how many rows match. */
  async ledgerPage(
    filter: LedgerFilter,
    page: { limit: number; offset: number }
  ): Promise<{ rows: LedgerRow[]; count: number }> {
    const { sql, params } = ledgerSql(filter, { direction: "desc", limit: page.limit, offset: page.offset })
    const rows = await this.db.execute(sql, params)
    const countParams: unknown[] = []
    const counts = sidesFor(filter).map(
      (side) => `(select count(*) from (${side.select}${sideWhere(side, filter, countParams)}) ${side.alias}_rows)`
    )
    const [counted] = await this.db.execute(
      `select (${counts.length ? counts.join(" + ") : "0"})::int as "count"`,
      countParams
    )
    return { rows: rows.map(toLedgerRow), count: Number(counted?.count ?? 0) }
  }

  /** The ledger status of each of these invoices (also those the ledger does not list: unpaid, declined). */
  async invoiceStatuses(ids: string[]): Promise<Map<string, LedgerStatus>> {
    if (!ids.length) {
      return new Map()
    }
    const rows = await this.db.execute(
      `select i."id", ${PAYMENT_STATUS} as "status" from "m4_invoice" i where i."id" in (${ids.map(() => "?").join(", ")})`,
      ids
    )
    return new Map(rows.map((r) => [String(r.id), r.status as LedgerStatus]))
  }

  /**
   * The next `limit` rows after `after`, oldest first: a keyset walk for the CSV, so an export of
   * any size holds one chunk at a time (no OFFSET: each chunk is an index range).
   */
  async ledgerChunk(
    filter: LedgerFilter,
    after: LedgerCursor | null,
    limit: number
  ): Promise<(LedgerRow & { cursor: LedgerCursor })[]> {
    const { sql, params } = ledgerSql(filter, { direction: "asc", limit, after })
    const rows = await this.db.execute(sql, params)
    return rows.map(toLedgerRow)
  }

  /**
   * Per day (in `timeZone`) and currency: gross (what M4 took from paid payments), M4's fees, the net
   * credited, and refunds and returns M4 made. Payments M4 only holds count once charged; the
   * status filter does not apply (totals are what moved).
   */
  async dayTotals(filter: Omit<LedgerFilter, "statuses">, timeZone: string): Promise<DayTotals[]> {
    const range = (alias: string, params: unknown[]) => {
      const clauses: string[] = []
      if (filter.from) {
        clauses.push(`${alias}."created_at" >= ?`)
        params.push(filter.from)
      }
      if (filter.to) {
        clauses.push(`${alias}."created_at" <= ?`)
        params.push(filter.to)
      }
      if (filter.provider_id) {
        clauses.push(`${alias}."provider_id" = ?`)
        params.push(filter.provider_id)
      }
      return clauses.map((c) => ` and ${c}`).join("")
    }
    const paymentParams: unknown[] = [timeZone]
    const payments = await this.db.execute(
      `select to_char(i."created_at" at time zone ?, 'YYYY-MM-DD') as "day", i."currency_code",
              sum(i."paid_amount"::numeric)::text as "gross",
              sum(i."paid_amount"::numeric - i."net_amount"::numeric)::text as "fees",
              sum(i."net_amount"::numeric)::text as "net"
         from "m4_invoice" i
        where i."deleted_at" is null and i."state" = 'paid' and i."paid_amount" is not null${range("i", paymentParams)}
        group by 1, 2`,
      paymentParams
    )
    const refundParams: unknown[] = [timeZone]
    const refunds = await this.db.execute(
      `select to_char(r."created_at" at time zone ?, 'YYYY-MM-DD') as "day", r."currency_code",
              sum(r."amount"::numeric)::text as "refunds"
         from "m4_refund" r
        where r."deleted_at" is null and r."state" = 'succeeded'${range("r", refundParams)}
        group by 1, 2`,
      refundParams
    )
    const byKey = new Map<string, DayTotals>()
    const entry = (day: string, currency: string) => {
      const key = `${day}|${currency}`
      let found = byKey.get(key)
      if (!found) {
        found = { day, currency_code: currency, gross: null, fees: null, net: null, refunds: null }
        byKey.set(key, found)
      }
      return found
    }
    for (const p of payments) {
      Object.assign(entry(String(p.day), String(p.currency_code)), {
        gross: text(p.gross),
        fees: text(p.fees),
        net: text(p.net),
      })
    }
    for (const r of refunds) {
      entry(String(r.day), String(r.currency_code)).refunds = text(r.refunds)
    }
    return [...byKey.values()].sort((a, b) =>
      a.day === b.day ? a.currency_code.localeCompare(b.currency_code) : a.day.localeCompare(b.day)
    )
  }

  /** What needs the merchant now, newest first (items an admin marked resolved are left out). */
  async attentionPage(
    page: {
      limit: number
      offset: number
      kinds?: LedgerAttentionKind[]
      key?: string
      /** only items the merchant was not told about yet (the alert job) */
      unalerted?: boolean
    },
    thresholds: { holdLifetimeMs?: number; holdWithinMs?: number; unconfirmedMs?: number } = {}
  ): Promise<{ rows: AttentionRow[]; count: number }> {
    const named: Record<string, number> = {
      holdLifetime: thresholds.holdLifetimeMs ?? HOLD_LIFETIME_MS,
      holdWithin: thresholds.holdWithinMs ?? HOLD_EXPIRING_WITHIN_MS,
      unconfirmed: thresholds.unconfirmedMs ?? UNCONFIRMED_AFTER_MS,
    }
    // knex raw takes positional bindings only: the named thresholds become `?` in order
    const params: unknown[] = []
    const rowsSql = ATTENTION_ROWS.replace(/:(holdLifetime|holdWithin|unconfirmed)\b/g, (_m, name: string) => {
      params.push(named[name])
      return "?::bigint"
    })
    let where = `not exists (select 1 from "m4_attention" a
                              where a."key" = u."key" and a."resolved_at" is not null and a."deleted_at" is null)`
    const filterParams: unknown[] = []
    if (page.kinds?.length) {
      where += ` and u."kind" in (${page.kinds.map(() => "?").join(", ")})`
      filterParams.push(...page.kinds)
    }
    if (page.key) {
      where += ` and u."key" = ?`
      filterParams.push(page.key)
    }
    if (page.unalerted) {
      where += ` and not exists (select 1 from "m4_attention" t
                                  where t."key" = u."key" and t."alerted_at" is not null and t."deleted_at" is null)`
    }
    const rows = await this.db.execute(
      `select * from (${rowsSql}) u where ${where} order by u."at" desc, u."key" asc limit ? offset ?`,
      [...params, ...filterParams, page.limit, page.offset]
    )
    const [counted] = await this.db.execute(`select count(*)::int as "count" from (${rowsSql}) u where ${where}`, [
      ...params,
      ...filterParams,
    ])
    return { rows: rows.map(toAttentionRow), count: Number(counted?.count ?? 0) }
  }

  /**
   * Records that the merchant was told about these items; returns the keys told for the first
   * time (one statement: of two instances telling at once, one gets each key).
   */
  async markAlerted(items: { key: string; kind: string }[]): Promise<string[]> {
    if (!items.length) {
      return []
    }
    const rows = await this.db.execute(
      `insert into "m4_attention" ("id", "key", "kind", "alerted_at", "created_at", "updated_at")
       select x."id", x."key", x."kind", now(), now(), now()
         from jsonb_to_recordset(?::jsonb) as x("id" text, "key" text, "kind" text)
       on conflict ("key") where "deleted_at" is null
       do update set "alerted_at" = now(), "updated_at" = now() where "m4_attention"."alerted_at" is null
       returning "key"`,
      [JSON.stringify(items.map((i) => ({ id: generateEntityId(undefined, "m4att"), key: i.key, kind: i.kind })))]
    )
    return rows.map((r) => String(r.key))
  }

  /** An admin marks an item resolved; it leaves the list. */
  async resolve(key: string, kind: string, userId: string | null): Promise<{ key: string; resolved_at: Date }> {
    const [row] = await this.db.execute(
      `insert into "m4_attention" ("id", "key", "kind", "resolved_at", "resolved_by", "created_at", "updated_at")
       values (?, ?, ?, now(), ?, now(), now())
       on conflict ("key") where "deleted_at" is null
       do update set "resolved_at" = coalesce("m4_attention"."resolved_at", now()),
                     "resolved_by" = coalesce("m4_attention"."resolved_by", excluded."resolved_by"), "updated_at" = now()
       returning "key", "resolved_at"`,
      [generateEntityId(undefined, "m4att"), key, kind, userId]
    )
    return { key: String(row.key), resolved_at: new Date(row.resolved_at as string) }
  }

  /**
   * A notification given up on goes back to `pending` for the sweep's next round. Its attempts
   * are kept: it gets one more try, and is given up on again (and listed again) if that fails too.
   */
  async retryFailedNotification(id: string): Promise<"pending" | "not_failed" | "not_found"> {
    const updated = await this.db.execute(
      `update "m4_notification" set "state" = 'pending', "next_attempt_at" = now(), "updated_at" = now()
        where "id" = ? and "state" = 'failed' and "deleted_at" is null returning "id"`,
      [id]
    )
    if (updated.length) {
      return "pending"
    }
    return (await this.exists("m4_notification", id)) ? "not_failed" : "not_found"
  }

  /** Asks the reconciliation to ask M4 about a payment or refund at its next round (ones not final yet). */
  async checkNow(table: "invoice" | "refund", id: string): Promise<"scheduled" | "final" | "not_found"> {
    const name = table === "invoice" ? "m4_invoice" : "m4_refund"
    const open = table === "invoice" ? `"state" not in ('paid', 'rejected')` : `"state" in ('requested', 'waiting')`
    const updated = await this.db.execute(
      `update "${name}" set "next_check_at" = least(coalesce("next_check_at", now()), now()), "updated_at" = now()
        where "id" = ? and "deleted_at" is null and ${open} returning "id"`,
      [id]
    )
    if (updated.length) {
      return "scheduled"
    }
    return (await this.exists(name, id)) ? "final" : "not_found"
  }

  private async exists(table: string, id: string): Promise<boolean> {
    const rows = await this.db.execute(`select 1 from "${table}" where "id" = ? and "deleted_at" is null`, [id])
    return rows.length > 0
  }
}
