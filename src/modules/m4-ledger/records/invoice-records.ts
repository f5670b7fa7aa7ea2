import { generateEntityId } from "@medusajs/framework/utils"
import { claimDueChecks, finishCheck, scheduleFirstChecks } from "./checks"
import { date, SqlRunner, text } from "./sql"

export type InvoiceState = "issuing" | "open" | "held" | "paid" | "rejected" | "not_issued"
export type InvoiceSettlement = "booked" | "returning" | "returned" | "return_failed" | "flagged"

/** What an invoice's settlement was before a return was claimed (put back if the return cannot be asked for). */
export type ClaimedReturn = { settlement: "booked" | null; reason: string | null }

/** One m4_invoice row (the plugin's record of one invoice at M4). */
export type InvoiceRecord = {
  id: string
  shop_order_id: string
  provider_id: string
  mode: "single_step" | "two_step"
  payment_collection_id: string | null
  cart_id: string | null
  session_id: string | null
  payment_id: string | null
  order_id: string | null
  amount: string
  currency_code: string
  payway: string
  request_digest: string | null
  expires_at: Date | null
  invoice_id: string | null
  state: InvoiceState
  m4_status: number | null
  paid_amount: string | null
  net_amount: string | null
  payer_price: string | null
  payer_currency: string | null
  confirmed_at: Date | null
  settlement: InvoiceSettlement | null
  settlement_reason: string | null
  session_data: Record<string, unknown> | null
  next_check_at: Date | null
  check_attempts: number
  last_checked_at: Date | null
  last_outcome: string | null
  flagged_at: Date | null
  created_at: Date
}

/** What the provider knows before it asks M4 for an invoice. */
export type InvoiceIntent = Pick<
  InvoiceRecord,
  | "shop_order_id"
  | "provider_id"
  | "mode"
  | "payment_collection_id"
  | "cart_id"
  | "session_id"
  | "amount"
  | "currency_code"
  | "payway"
  | "request_digest"
  | "expires_at"
>

/** What M4 answered about an invoice (invoice/check, or a charge/unhold answer). */
export type InvoiceAnswer = {
  m4_status: number
  invoice_id?: string | null
  paid_amount?: string | null
  net_amount?: string | null
  payer_price?: string | null
  payer_currency?: string | null
}

/** M4's numeric invoice status → the row's state (docs/m4-protocol.md §7.1). */
export function stateOfStatus(status: number): InvoiceState {
  switch (status) {
    case 4:
      return "paid"
    case 6:
      return "rejected"
    case 8:
      return "held"
    default:
      return "open"
  }
}

const COLUMNS = `"id", "shop_order_id", "provider_id", "mode", "payment_collection_id", "cart_id", "session_id",
  "payment_id", "order_id", "amount", "currency_code", "payway", "request_digest", "expires_at", "invoice_id", "state",
  "m4_status", "paid_amount", "net_amount", "payer_price", "payer_currency", "confirmed_at", "settlement",
  "settlement_reason", "session_data", "next_check_at", "check_attempts", "last_checked_at", "last_outcome",
  "flagged_at", "created_at"`

function toRecord(r: Record<string, unknown>): InvoiceRecord {
  return {
    ...(r as unknown as InvoiceRecord),
    expires_at: date(r.expires_at),
    confirmed_at: date(r.confirmed_at),
    next_check_at: date(r.next_check_at),
    last_checked_at: date(r.last_checked_at),
    flagged_at: date(r.flagged_at),
    created_at: new Date(r.created_at as string),
    m4_status: r.m4_status === null || r.m4_status === undefined ? null : Number(r.m4_status),
    check_attempts: Number(r.check_attempts ?? 0),
    invoice_id: text(r.invoice_id),
  }
}

/**
 * The m4_invoice statements. Each is one atomic statement; the conditional ones (`where … and`)
 * make concurrent writers (a deleted session, a reusing session, a notification, the
 * reconciliation) safe without locks held across gateway calls.
 */
export class InvoiceRecords {
  constructor(private readonly db: SqlRunner) {}

  async byShopOrderId(shopOrderId: string): Promise<InvoiceRecord | undefined> {
    const [row] = await this.db.execute(
      `select ${COLUMNS} from "m4_invoice" where "shop_order_id" = ? and "deleted_at" is null`,
      [shopOrderId]
    )
    return row ? toRecord(row) : undefined
  }

  async byId(id: string): Promise<InvoiceRecord | undefined> {
    const [row] = await this.db.execute(`select ${COLUMNS} from "m4_invoice" where "id" = ?`, [id])
    return row ? toRecord(row) : undefined
  }

  /** The invoices of a payment collection, oldest first. */
  async ofCollection(paymentCollectionId: string): Promise<InvoiceRecord[]> {
    const rows = await this.db.execute(
      `select ${COLUMNS} from "m4_invoice" where "payment_collection_id" = ? and "deleted_at" is null
        order by "created_at" asc`,
      [paymentCollectionId]
    )
    return rows.map(toRecord)
  }

  /**
   * Writes the intent before M4 is asked (state `issuing`); a second intent for the same
   * shop_order_id (a retried initiate) returns the row that exists.
   */
  async recordIntent(intent: InvoiceIntent): Promise<InvoiceRecord> {
    const [row] = await this.db.execute(
      `insert into "m4_invoice" ("id", "shop_order_id", "provider_id", "mode", "payment_collection_id", "cart_id",
              "session_id", "amount", "currency_code", "payway", "request_digest", "expires_at", "state",
              "next_check_at", "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'issuing', now(), now(), now())
       on conflict ("shop_order_id") where "deleted_at" is null do update set "updated_at" = now()
       returning ${COLUMNS}`,
      [
        generateEntityId(undefined, "m4inv"),
        intent.shop_order_id,
        intent.provider_id,
        intent.mode,
        intent.payment_collection_id,
        intent.cart_id,
        intent.session_id,
        intent.amount,
        intent.currency_code,
        intent.payway,
        intent.request_digest,
        intent.expires_at,
      ]
    )
    return toRecord(row)
  }

  /** M4 issued it: its id and the public session data a reusing session gets. */
  async markIssued(id: string, issued: { invoice_id: string; session_data: Record<string, unknown> }) {
    await this.db.execute(
      `update "m4_invoice" set "invoice_id" = ?, "session_data" = ?::jsonb, "m4_status" = coalesce("m4_status", 1),
              "state" = case when "state" = 'issuing' then 'open' else "state" end, "updated_at" = now()
        where "id" = ?`,
      [issued.invoice_id, JSON.stringify(issued.session_data), id]
    )
  }

  /** M4 refused to issue it: nothing to check (unless a duplicate, which the caller resolves). */
  async markNotIssued(id: string, reason: string) {
    await this.db.execute(
      `update "m4_invoice" set "state" = 'not_issued', "last_outcome" = ?, "next_check_at" = null, "updated_at" = now()
        where "id" = ? and "state" = 'issuing'`,
      [reason.slice(0, 200), id]
    )
  }

  /**
   * Takes over a still-payable invoice of the same collection for a new session of it (the shopper
   * went back, the storefront re-created the session): same provider, amount, currency, payway and
   * add-ons, not yet paid or held as far as the record knows, and payable for a while longer.
   * It waits for a concurrent write to the row (Medusa deletes the old session while it creates
   * the new one, so the old session's detach runs at the same moment) rather than skipping it;
   * of two sessions racing for it, the later one ends up with it.
   */
  async claimReusable(q: {
    payment_collection_id: string
    provider_id: string
    amount: string
    currency_code: string
    payway: string
    request_digest: string | null
    session_id: string
    payable_until: Date
  }): Promise<InvoiceRecord | undefined> {
    const [row] = await this.db.execute(
      `update "m4_invoice" set "session_id" = ?, "updated_at" = now()
        where "id" = (
          select "id" from "m4_invoice"
           where "payment_collection_id" = ? and "provider_id" = ? and "amount" = ? and "currency_code" = ?
             and "payway" = ? and "request_digest" is not distinct from ? and "state" = 'open'
             and "settlement" is null and "invoice_id" is not null and "session_data" is not null
             and "expires_at" > ? and "deleted_at" is null
           order by "created_at" desc limit 1 for update)
       returning ${COLUMNS}`,
      [
        q.session_id,
        q.payment_collection_id,
        q.provider_id,
        q.amount,
        q.currency_code,
        q.payway,
        q.request_digest,
        q.payable_until,
      ]
    )
    return row ? toRecord(row) : undefined
  }

  /** Medusa deleted a session: its invoice no longer has one (unless another session took it over). */
  async detachSession(sessionId: string): Promise<InvoiceRecord | undefined> {
    const [row] = await this.db.execute(
      `update "m4_invoice" set "session_id" = null, "updated_at" = now() where "session_id" = ? returning ${COLUMNS}`,
      [sessionId]
    )
    return row ? toRecord(row) : undefined
  }

  /** Records what M4 answered now (state follows M4's status). */
  async recordAnswer(shopOrderId: string, answer: InvoiceAnswer): Promise<void> {
    await this.db.execute(
      `update "m4_invoice" set "m4_status" = ?, "state" = ?, "invoice_id" = coalesce(?, "invoice_id"),
              "paid_amount" = coalesce(?, "paid_amount"), "net_amount" = coalesce(?, "net_amount"),
              "payer_price" = coalesce(?, "payer_price"), "payer_currency" = coalesce(?, "payer_currency"),
              "confirmed_at" = now(), "updated_at" = now()
        where "shop_order_id" = ?`,
      [
        answer.m4_status,
        stateOfStatus(answer.m4_status),
        answer.invoice_id ?? null,
        answer.paid_amount ?? null,
        answer.net_amount ?? null,
        answer.payer_price ?? null,
        answer.payer_currency ?? null,
        shopOrderId,
      ]
    )
  }

  /**
   * Where the money went: booked on an order's payment, or returned / flagged, and why. Booking
   * never replaces a return: money on its way back (or back) stays so, whoever books late.
   */
  async recordSettlement(
    id: string,
    s: { settlement: InvoiceSettlement; reason?: string; payment_id?: string; order_id?: string }
  ): Promise<void> {
    const onlyIfNotReturning = s.settlement === "booked" ? ` and ("settlement" is null or "settlement" = 'booked')` : ""
    await this.db.execute(
      `update "m4_invoice" set "settlement" = ?, "settlement_reason" = coalesce(?, "settlement_reason"),
              "payment_id" = coalesce(?, "payment_id"), "order_id" = coalesce(?, "order_id"), "updated_at" = now()
        where "id" = ?${onlyIfNotReturning}`,
      [s.settlement, s.reason ?? null, s.payment_id ?? null, s.order_id ?? null, id]
    )
  }

  /**
   * Claims the return of money no order uses, for the one caller that gets to ask M4 (a
   * notification and the reconciliation may decide it at the same moment): what the settlement was
   * before, or undefined when another caller holds it or it is settled already. The settlement is
   * `returning` until M4's answer says returned or refused. Money booked on an order can be
   * returned too: a hold on an order the merchant cancels after M4 charged it.
   */
  async claimReturn(id: string, reason: string): Promise<ClaimedReturn | undefined> {
    const rows = await this.db.execute(
      `with "before" as (
         select "id", "settlement", "settlement_reason" from "m4_invoice"
          where "id" = ? and ("settlement" is null or "settlement" = 'booked') for update)
       update "m4_invoice" i set "settlement" = 'returning', "settlement_reason" = ?, "updated_at" = now()
         from "before" where i."id" = "before"."id"
       returning "before"."settlement" as "settlement", "before"."settlement_reason" as "reason"`,
      [id, reason]
    )
    const row = rows[0] as { settlement: "booked" | null; reason: string | null } | undefined
    return row ? { settlement: row.settlement, reason: row.reason } : undefined
  }

  /** The return could not be asked for (M4 unreachable): the settlement is what it was, and the next settlement tries again. */
  async releaseReturn(id: string, before: ClaimedReturn): Promise<void> {
    await this.db.execute(
      `update "m4_invoice" set "settlement" = ?, "settlement_reason" = ?, "updated_at" = now()
        where "id" = ? and "settlement" = 'returning'`,
      [before.settlement, before.reason, id]
    )
  }

  /** Asks the reconciliation to look again at `at` (sooner than planned only). */
  async checkAgainBy(id: string, at: Date): Promise<void> {
    await this.db.execute(
      `update "m4_invoice" set "next_check_at" = least(coalesce("next_check_at", ?), ?), "updated_at" = now()
        where "id" = ?`,
      [at, at, id]
    )
  }

  /** Rows never checked move to their first check, `firstCheckMs` after they were made (records/checks.ts). */
  scheduleFirstChecks(firstCheckMs: number): Promise<void> {
    return scheduleFirstChecks(this.db, "m4_invoice", firstCheckMs)
  }

  /** Claims up to `limit` rows whose check is due, the longest-waiting first (a cursor over the ledger). */
  async claimDue(owner: string, limit: number, leaseMs: number): Promise<InvoiceRecord[]> {
    return (await claimDueChecks(this.db, "m4_invoice", { owner, limit, leaseMs, returning: COLUMNS })).map(toRecord)
  }

  /** Records a check's outcome and the next one (`next` null: nothing left to check). */
  finishCheck(id: string, owner: string, result: { outcome: string; next: Date | null; flagged?: boolean }) {
    return finishCheck(this.db, "m4_invoice", id, owner, result)
  }

  /** Records a settlement outcome outside a check (a notification applied), keeping the schedule. */
  async recordOutcome(id: string, outcome: string): Promise<void> {
    await this.db.execute(`update "m4_invoice" set "last_outcome" = ?, "updated_at" = now() where "id" = ?`, [
      outcome,
      id,
    ])
  }
}
