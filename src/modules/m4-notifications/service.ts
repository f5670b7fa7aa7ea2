import { randomBytes } from "node:crypto"
import { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import { M4Notification } from "./models/m4-notification"
import { M4PaymentCheck } from "./models/m4-payment-check"
import { ConcurrencyLimit } from "./utils/concurrency-limit"
import { delayAt, NotificationsOptions, parseNotificationsOptions } from "./utils/options"

export type RecordNotificationInput = {
  fingerprint: string
  provider_id: string
  kind: "invoice" | "refund"
  invoice_id?: string | null
  session_id?: string | null
  shop_refund_id?: string | null
  payment_id?: string | null
  status: string
  amount?: string | null
  currency?: string | null
  payload: Record<string, unknown>
}

export type RecordedNotification = {
  id: string
  duplicate: boolean
  duplicate_count: number
  /** its effect is not applied yet (new, or an earlier attempt did not get through) */
  pending: boolean
}

/** A claimed notification: the fields processing needs. */
export type ClaimedNotification = {
  id: string
  provider_id: string
  kind: "invoice" | "refund"
  session_id: string | null
  invoice_id: string | null
  shop_refund_id: string | null
  payment_id: string | null
  status: string
  attempts: number
  owner: string
}

export type ClaimedCheck = {
  id: string
  kind: "session" | "refunds"
  ref_id: string
  provider_id: string
  started_at: Date
  attempts: number
  flagged_at: Date | null
  owner: string
}

type SqlManager = { execute(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> }

const sql = (context: Context) => (context.transactionManager ?? context.manager) as SqlManager

/**
 * Durable notifications and reconciliation checks. Every claim is one conditional UPDATE under
 * a lease (database time decides, SKIP LOCKED for batches), so any number of store instances
 * share the work and none applies one notification or settles one payment twice.
 */
class M4NotificationModuleService extends MedusaService({ M4Notification, M4PaymentCheck }) {
  protected readonly options_: NotificationsOptions
  protected readonly instanceId_ = randomBytes(4).toString("hex")
  protected readonly processing_: ConcurrencyLimit

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseNotificationsOptions(options)
    this.processing_ = new ConcurrencyLimit(this.options_.processingConcurrency)
  }

  settings(): NotificationsOptions {
    return this.options_
  }

  owner(role: string): string {
    return `${role}:${this.instanceId_}:${randomBytes(3).toString("hex")}`
  }

  /** Runs `task` once one of this instance's `processingConcurrency` slots is free. */
  withProcessingSlot<T>(task: () => Promise<T>): Promise<T> {
    return this.processing_.run(task)
  }

  /**
   * Stores a notification once (state `pending`); a repeat (same fingerprint) only bumps its
   * duplicate count. One INSERT … ON CONFLICT statement, so concurrent deliveries of the same
   * notification count exactly and only the first one is "new". It commits on its own (no
   * transaction around one statement: one round trip instead of BEGIN, INSERT, COMMIT), and
   * it has committed when this resolves, so the caller may acknowledge it.
   */
  @InjectManager()
  async recordNotification(
    input: RecordNotificationInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordedNotification> {
    const [created] = await sql(sharedContext).execute(
      `insert into "m4_notification"
         ("id", "fingerprint", "provider_id", "kind", "invoice_id", "session_id", "shop_refund_id", "payment_id",
          "status", "amount", "currency", "payload", "received_at", "last_received_at", "duplicate_count",
          "state", "attempts", "next_attempt_at", "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now(), now(), 0, 'pending', 0, now(), now(), now())
       on conflict ("fingerprint") where "deleted_at" is null
       do update set "duplicate_count" = "m4_notification"."duplicate_count" + 1,
                     "last_received_at" = now(), "updated_at" = now(),
                     -- M4 delivering again is a new prompt to look, also after we gave up
                     "state" = case when "m4_notification"."state" = 'failed' then 'pending' else "m4_notification"."state" end,
                     "next_attempt_at" = case when "m4_notification"."state" = 'processed' then "m4_notification"."next_attempt_at" else now() end
       returning "id", "duplicate_count", "state"`,
      [
        generateEntityId(undefined, "m4ntf"),
        input.fingerprint,
        input.provider_id,
        input.kind,
        input.invoice_id ?? null,
        input.session_id ?? null,
        input.shop_refund_id ?? null,
        input.payment_id ?? null,
        input.status,
        input.amount ?? null,
        input.currency ?? null,
        JSON.stringify(input.payload),
      ]
    )
    const count = Number(created.duplicate_count)
    return {
      id: String(created.id),
      duplicate: count > 0,
      duplicate_count: count,
      pending: created.state === "pending",
    }
  }

  // ── processing notifications ────────────────────────────────────────────────

  /** Claims one pending notification (the one just received), unless another owner holds it. */
  @InjectManager()
  async claimNotification(id: string, owner: string, @MedusaContext() sharedContext: Context = {}) {
    const rows = await leaseRows(sql(sharedContext), "m4_notification", {
      where: `"id" = ? and "state" = 'pending'`,
      params: [id],
      orderBy: `"id"`,
      limit: 1,
      owner,
      leaseMs: this.options_.leaseMs,
      returning: NOTIFICATION_COLUMNS,
    })
    return rows.map((r) => toClaimedNotification(r, owner))[0]
  }

  /** Claims up to `limit` pending notifications whose next attempt is due (oldest first). */
  @InjectManager()
  async claimDueNotifications(owner: string, limit: number, @MedusaContext() sharedContext: Context = {}) {
    const rows = await leaseRows(sql(sharedContext), "m4_notification", {
      where: `"state" = 'pending' and ("next_attempt_at" is null or "next_attempt_at" <= now())`,
      params: [],
      orderBy: `"received_at" asc`,
      limit,
      owner,
      leaseMs: this.options_.leaseMs,
      returning: NOTIFICATION_COLUMNS,
    })
    return rows.map((r) => toClaimedNotification(r, owner))
  }

  /** The effect is applied: processed for good, with what was done. */
  @InjectManager()
  async completeNotification(
    id: string,
    owner: string,
    result: { outcome: string; order_id?: string; payment_id?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await sql(sharedContext).execute(
      `update "m4_notification" set "state" = 'processed', "processed_at" = now(), "outcome" = ?,
              "order_id" = coalesce(?, "order_id"), "payment_id" = coalesce(?, "payment_id"),
              "lease_owner" = null, "lease_until" = null, "last_error" = null, "updated_at" = now()
        where "id" = ? and "lease_owner" = ?`,
      [result.outcome, result.order_id ?? null, result.payment_id ?? null, id, owner]
    )
  }

  /**
   * Not applied this time (M4 unreachable, a step failed): try again after the retry schedule's
   * next delay; after the last one it is `failed` (kept, logged, visible) instead of retried forever.
   */
  @InjectManager()
  async retryNotificationLater(
    id: string,
    owner: string,
    attempts: number,
    error: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<"retry" | "failed"> {
    const schedule = this.options_.retryScheduleMs
    const giveUp = attempts > schedule.length
    await sql(sharedContext).execute(
      `update "m4_notification" set "state" = ?, "last_error" = ?,
              "next_attempt_at" = now() + (? * interval '1 millisecond'),
              "lease_owner" = null, "lease_until" = null, "updated_at" = now()
        where "id" = ? and "lease_owner" = ?`,
      [giveUp ? "failed" : "pending", error.slice(0, 500), delayAt(schedule, attempts - 1), id, owner]
    )
    return giveUp ? "failed" : "retry"
  }

  // ── reconciliation checks ───────────────────────────────────────────────────

  /** Starts checking these payments, in one statement (a row that exists already is left as it is). */
  @InjectManager()
  async enrolChecks(
    rows: {
      kind: "session" | "refunds"
      ref_id: string
      provider_id: string
      started_at: Date
      first_check_at: Date
    }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    if (!rows.length) {
      return 0
    }
    const values = rows.map(() => "(?, ?, ?, ?, 'open', ?::timestamptz, ?::timestamptz, 0, now(), now())").join(", ")
    const inserted = await sql(sharedContext).execute(
      `insert into "m4_payment_check" ("id", "kind", "ref_id", "provider_id", "state", "started_at", "next_check_at",
              "attempts", "created_at", "updated_at")
       values ${values}
       on conflict ("kind", "ref_id") where "deleted_at" is null do nothing
       returning "id"`,
      rows.flatMap((r) => [
        generateEntityId(undefined, "m4chk"),
        r.kind,
        r.ref_id,
        r.provider_id,
        r.started_at.toISOString(),
        r.first_check_at.toISOString(),
      ])
    )
    return inserted.length
  }

  /** When the newest tracked payment of this kind started (where the next enrolment may begin). */
  @InjectManager()
  async latestCheckStart(
    kind: "session" | "refunds",
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Date | null> {
    const [row] = await sql(sharedContext).execute(
      `select max("started_at") as "latest" from "m4_payment_check" where "kind" = ? and "deleted_at" is null`,
      [kind]
    )
    return row?.latest ? new Date(row.latest as string) : null
  }

  /** Re-opens a check (a new refund on a payment whose earlier refunds were settled). */
  @InjectManager()
  async reopenCheck(
    kind: "session" | "refunds",
    refId: string,
    nextCheckAt: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await sql(sharedContext).execute(
      `update "m4_payment_check" set "state" = 'open', "next_check_at" = least("next_check_at", ?), "updated_at" = now()
        where "kind" = ? and "ref_id" = ? and "deleted_at" is null`,
      [nextCheckAt, kind, refId]
    )
  }

  /** Claims up to `limit` open checks that are due. */
  @InjectManager()
  async claimDueChecks(owner: string, limit: number, @MedusaContext() sharedContext: Context = {}) {
    const rows = await leaseRows(sql(sharedContext), "m4_payment_check", {
      where: `"state" = 'open' and "next_check_at" <= now()`,
      params: [],
      orderBy: `"next_check_at" asc`,
      limit,
      owner,
      leaseMs: this.options_.leaseMs,
      returning: `"id", "kind", "ref_id", "provider_id", "started_at", "attempts", "flagged_at"`,
    })
    return rows.map((r): ClaimedCheck => ({
      id: String(r.id),
      kind: r.kind as ClaimedCheck["kind"],
      ref_id: String(r.ref_id),
      provider_id: String(r.provider_id),
      started_at: new Date(r.started_at as string),
      attempts: Number(r.attempts),
      flagged_at: r.flagged_at ? new Date(r.flagged_at as string) : null,
      owner,
    }))
  }

  /** Records what a check found; `next` undefined closes the check. */
  @InjectManager()
  async finishCheck(
    id: string,
    owner: string,
    result: { status?: string; outcome: string; next?: Date; flagged?: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await sql(sharedContext).execute(
      `update "m4_payment_check" set "state" = ?, "next_check_at" = coalesce(?, "next_check_at"),
              "last_checked_at" = now(), "last_status" = coalesce(?, "last_status"), "outcome" = ?,
              "flagged_at" = case when ? then coalesce("flagged_at", now()) else "flagged_at" end,
              "lease_owner" = null, "lease_until" = null, "updated_at" = now()
        where "id" = ? and "lease_owner" = ?`,
      [
        result.next ? "open" : "done",
        result.next ?? null,
        result.status ?? null,
        result.outcome,
        !!result.flagged,
        id,
        owner,
      ]
    )
  }
}

/**
 * Claims up to `limit` rows of `table` that match `where` and that nobody holds, in one UPDATE:
 * SKIP LOCKED plus the lease condition give concurrent claimers disjoint rows; database time decides.
 */
function leaseRows(
  manager: SqlManager,
  table: "m4_notification" | "m4_payment_check",
  q: {
    where: string
    params: unknown[]
    orderBy: string
    limit: number
    owner: string
    leaseMs: number
    returning: string
  }
) {
  return manager.execute(
    `update "${table}" set "lease_owner" = ?, "lease_until" = now() + (? * interval '1 millisecond'),
            "attempts" = "attempts" + 1, "updated_at" = now()
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

const NOTIFICATION_COLUMNS = `"id", "provider_id", "kind", "session_id", "invoice_id", "shop_refund_id", "payment_id", "status", "attempts"`

function toClaimedNotification(r: Record<string, unknown>, owner: string): ClaimedNotification {
  return {
    id: String(r.id),
    provider_id: String(r.provider_id),
    kind: r.kind as ClaimedNotification["kind"],
    session_id: (r.session_id as string | null) ?? null,
    invoice_id: (r.invoice_id as string | null) ?? null,
    shop_refund_id: (r.shop_refund_id as string | null) ?? null,
    payment_id: (r.payment_id as string | null) ?? null,
    status: String(r.status),
    attempts: Number(r.attempts),
    owner,
  }
}

export default M4NotificationModuleService
