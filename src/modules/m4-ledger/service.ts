import { randomBytes } from "node:crypto"
import { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import { M4Attention } from "./models/m4-attention"
import { M4Notification } from "./models/m4-notification"
import { M4Invoice } from "./models/m4-invoice"
import { M4Refund } from "./models/m4-refund"
import { DeskRecords } from "./records/desk-records"
import { InvoiceRecords } from "./records/invoice-records"
import { RefundRecords } from "./records/refund-records"
import { knexRunner, leaseRows, SqlRunner } from "./records/sql"
import { leaseOwner } from "../../db/lease"
import { ConcurrencyLimit } from "./utils/concurrency-limit"
import { delayAt, LedgerOptions, parseLedgerOptions } from "./utils/options"

export type RecordNotificationInput = {
  fingerprint: string
  provider_id: string
  kind: "invoice" | "refund"
  invoice_id?: string | null
  session_id?: string | null
  shop_order_id?: string | null
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
  shop_order_id: string | null
  invoice_id: string | null
  shop_refund_id: string | null
  payment_id: string | null
  status: string
  attempts: number
  owner: string
}

const sql = (context: Context) => (context.transactionManager ?? context.manager) as SqlRunner

/**
 * The ledger of money at M4: invoice and refund records (`invoices`, `refunds`: the same
 * statements the payment provider uses) and durable notifications. Every claim is one conditional
 * UPDATE under a lease (database time decides, SKIP LOCKED for batches), so any number of store
 * instances share the work and none applies one notification or settles one payment twice.
 */
class M4LedgerModuleService extends MedusaService({ M4Notification, M4Invoice, M4Refund, M4Attention }) {
  protected readonly options_: LedgerOptions
  protected readonly instanceId_ = randomBytes(4).toString("hex")
  protected readonly processing_: ConcurrencyLimit
  /** m4_invoice and m4_refund, on Medusa's shared connection (each statement commits on its own) */
  readonly invoices: InvoiceRecords
  readonly refunds: RefundRecords
  /** the M4 payments page's questions: the ledger, its totals and CSV cursor, what needs the merchant */
  readonly desk: DeskRecords

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseLedgerOptions(options)
    this.processing_ = new ConcurrencyLimit(this.options_.processingConcurrency)
    const db = knexRunner(container.__pg_connection__ as never)
    this.invoices = new InvoiceRecords(db)
    this.refunds = new RefundRecords(db)
    this.desk = new DeskRecords(db)
  }

  settings(): LedgerOptions {
    return this.options_
  }

  owner(role: string): string {
    return leaseOwner(role, this.instanceId_)
  }

  /**
   * How many of this instance's slots are free now: a sweep claims no more rows than can start at
   * once, so no claimed row waits behind a queue of others while its lease runs out.
   */
  processingSlotsFree(): number {
    return this.processing_.free
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
         ("id", "fingerprint", "provider_id", "kind", "invoice_id", "session_id", "shop_order_id", "shop_refund_id",
          "payment_id", "status", "amount", "currency", "payload", "received_at", "last_received_at", "duplicate_count",
          "state", "attempts", "next_attempt_at", "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now(), now(), 0, 'pending', 0, now(), now(), now())
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
        input.shop_order_id ?? null,
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
      attempts: "attempts",
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
      attempts: "attempts",
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
}

const NOTIFICATION_COLUMNS = `"id", "provider_id", "kind", "session_id", "shop_order_id", "invoice_id", "shop_refund_id", "payment_id", "status", "attempts"`

function toClaimedNotification(r: Record<string, unknown>, owner: string): ClaimedNotification {
  return {
    id: String(r.id),
    provider_id: String(r.provider_id),
    kind: r.kind as ClaimedNotification["kind"],
    session_id: (r.session_id as string | null) ?? null,
    shop_order_id: (r.shop_order_id as string | null) ?? null,
    invoice_id: (r.invoice_id as string | null) ?? null,
    shop_refund_id: (r.shop_refund_id as string | null) ?? null,
    payment_id: (r.payment_id as string | null) ?? null,
    status: String(r.status),
    attempts: Number(r.attempts),
    owner,
  }
}

export default M4LedgerModuleService
