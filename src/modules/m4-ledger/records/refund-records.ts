import { generateEntityId } from "@medusajs/framework/utils"
import { claimDueChecks, finishCheck, scheduleFirstChecks } from "./checks"
import { date, SqlRunner, text } from "./sql"

export type RefundState = "requested" | "waiting" | "succeeded" | "failed"

/** One m4_refund row: a refund (or an automatic return) the plugin asked M4 for. */
export type RefundRecord = {
  id: string
  shop_refund_id: string
  kind: "refund" | "return"
  provider_id: string
  invoice_ref: string
  invoice_id: string
  payment_id: string | null
  refund_id: string | null
  order_id: string | null
  amount: string
  currency_code: string
  state: RefundState
  m4_refund_id: string | null
  failure_reason: string | null
  confirmed_at: Date | null
  undone_at: Date | null
  next_check_at: Date | null
  check_attempts: number
  last_outcome: string | null
  created_at: Date
}

export type RefundIntent = Pick<
  RefundRecord,
  | "shop_refund_id"
  | "kind"
  | "provider_id"
  | "invoice_ref"
  | "invoice_id"
  | "payment_id"
  | "refund_id"
  | "order_id"
  | "amount"
  | "currency_code"
>

/** M4's refund status (WAITING / SUCCESS / FAILED) → the row's state. */
export function stateOfRefundStatus(status: string): RefundState {
  switch (status) {
    case "SUCCESS":
      return "succeeded"
    case "FAILED":
      return "failed"
    default:
      return "waiting"
  }
}

const COLUMNS = `"id", "shop_refund_id", "kind", "provider_id", "invoice_ref", "invoice_id", "payment_id", "refund_id",
  "order_id", "amount", "currency_code", "state", "m4_refund_id", "failure_reason", "confirmed_at", "undone_at",
  "next_check_at", "check_attempts", "last_outcome", "created_at"`

function toRecord(r: Record<string, unknown>): RefundRecord {
  return {
    ...(r as unknown as RefundRecord),
    m4_refund_id: text(r.m4_refund_id),
    confirmed_at: date(r.confirmed_at),
    undone_at: date(r.undone_at),
    next_check_at: date(r.next_check_at),
    created_at: new Date(r.created_at as string),
    check_attempts: Number(r.check_attempts ?? 0),
  }
}

/** The m4_refund statements; like the invoice ones, each is atomic on its own. */
export class RefundRecords {
  constructor(private readonly db: SqlRunner) {}

  async byShopRefundId(shopRefundId: string): Promise<RefundRecord | undefined> {
    const [row] = await this.db.execute(
      `select ${COLUMNS} from "m4_refund" where "shop_refund_id" = ? and "deleted_at" is null`,
      [shopRefundId]
    )
    return row ? toRecord(row) : undefined
  }

  async ofInvoice(invoiceRef: string): Promise<RefundRecord[]> {
    const rows = await this.db.execute(
      `select ${COLUMNS} from "m4_refund" where "invoice_ref" = ? and "deleted_at" is null order by "created_at" asc`,
      [invoiceRef]
    )
    return rows.map(toRecord)
  }

  async ofPayment(paymentId: string): Promise<RefundRecord[]> {
    const rows = await this.db.execute(
      `select ${COLUMNS} from "m4_refund" where "payment_id" = ? and "deleted_at" is null order by "created_at" asc`,
      [paymentId]
    )
    return rows.map(toRecord)
  }

  /** Writes the intent before M4 is asked; the same shop_refund_id again (a retry) returns the row that exists. */
  async recordIntent(intent: RefundIntent): Promise<{ record: RefundRecord; created: boolean }> {
    const [row] = await this.db.execute(
      `insert into "m4_refund" ("id", "shop_refund_id", "kind", "provider_id", "invoice_ref", "invoice_id", "payment_id",
              "refund_id", "order_id", "amount", "currency_code", "state", "next_check_at", "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', now(), now(), now())
       on conflict ("shop_refund_id") where "deleted_at" is null do update set "updated_at" = now()
       returning ${COLUMNS}, (xmax = 0) as "created"`,
      [
        generateEntityId(undefined, "m4ref"),
        intent.shop_refund_id,
        intent.kind,
        intent.provider_id,
        intent.invoice_ref,
        intent.invoice_id,
        intent.payment_id,
        intent.refund_id,
        intent.order_id,
        intent.amount,
        intent.currency_code,
      ]
    )
    return { record: toRecord(row), created: row.created === true }
  }

  /**
   * Records M4's word on a refund (create-refund answer, get-refunds, a confirmed notification).
   * A final state (succeeded, failed) is never changed back to waiting.
   */
  async recordAnswer(
    shopRefundId: string,
    answer: { status: string; m4_refund_id?: string | number | null; reason?: string | null }
  ): Promise<RefundRecord | undefined> {
    const [row] = await this.db.execute(
      `update "m4_refund" set
              "state" = case when "state" in ('succeeded', 'failed') then "state" else ? end,
              "m4_refund_id" = coalesce(?, "m4_refund_id"), "failure_reason" = coalesce(?, "failure_reason"),
              "confirmed_at" = now(), "updated_at" = now()
        where "shop_refund_id" = ? returning ${COLUMNS}`,
      [
        stateOfRefundStatus(answer.status),
        answer.m4_refund_id === undefined || answer.m4_refund_id === null ? null : String(answer.m4_refund_id),
        answer.reason ?? null,
        shopRefundId,
      ]
    )
    return row ? toRecord(row) : undefined
  }

  /** Links Medusa's payment/order once known (a return made before the order existed, a backfilled row). */
  async link(id: string, l: { payment_id?: string; order_id?: string }) {
    await this.db.execute(
      `update "m4_refund" set "payment_id" = coalesce("payment_id", ?), "order_id" = coalesce("order_id", ?),
              "updated_at" = now() where "id" = ?`,
      [l.payment_id ?? null, l.order_id ?? null, id]
    )
  }

  /** A FAILED refund is out of Medusa's books now (set once, after all of it was taken out). */
  async markUndone(id: string): Promise<void> {
    await this.db.execute(
      `update "m4_refund" set "undone_at" = coalesce("undone_at", now()), "updated_at" = now() where "id" = ?`,
      [id]
    )
  }

  /** Rows never checked move to their first check, `firstCheckMs` after they were made (records/checks.ts). */
  scheduleFirstChecks(firstCheckMs: number): Promise<void> {
    return scheduleFirstChecks(this.db, "m4_refund", firstCheckMs)
  }

  /** Claims up to `limit` rows whose check is due, the longest-waiting first (a cursor over the ledger). */
  async claimDue(owner: string, limit: number, leaseMs: number): Promise<RefundRecord[]> {
    return (await claimDueChecks(this.db, "m4_refund", { owner, limit, leaseMs, returning: COLUMNS })).map(toRecord)
  }

  /** Records a check's outcome and the next one (`next` null: nothing left to check). */
  finishCheck(id: string, owner: string, result: { outcome: string; next: Date | null; flagged?: boolean }) {
    return finishCheck(this.db, "m4_refund", id, owner, result)
  }

  /** The settlement of a refund changed something outside a check: keep its outcome; final ones need no more checks. */
  async recordOutcome(id: string, outcome: string, final: boolean): Promise<void> {
    await this.db.execute(
      `update "m4_refund" set "last_outcome" = ?, "next_check_at" = case when ? then null else "next_check_at" end,
              "updated_at" = now() where "id" = ?`,
      [outcome, final, id]
    )
  }
}
