import { randomBytes } from "node:crypto"
import { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import { describeOutcome, M4Client, M4Outcome, WithdrawCreateData, WithdrawStatusData } from "../../m4"
import { M4Payout, PayoutState } from "./models/m4-payout"
import { M4PayoutEvent } from "./models/m4-payout-event"
import type { CreatePayoutInput, PayoutRecord } from "./types"
import { parsePayoutsOptions, PayoutsOptions } from "./utils/options"
import { payoutStatusChanges } from "./utils/status-changes"
import { NormalizedPayoutRequest } from "./utils/validate-request"
import { accountHasher, maskAccountNumbers, maskForStorage } from "./utils/account-at-rest"
import { leaseOwner, leaseRow, leaseRows, releaseLease, SqlRunner } from "../../db/lease"

export type { CreatePayoutInput, PayoutRecord, PollSummary, PreviewResult } from "./types"

/** States the poller keeps asking M4 about. */
const OPEN_STATES: PayoutState[] = ["creating", "pending_verification", "processing"]

/**
 * Merchant payouts through M4 (docs/m4-protocol.md §6): the data and its rules. The module owns the payout
 * rows, their state transitions (each with a history event), the lease claims and the M4 client
 * built from its validated options; the flows that talk to M4 (preview, create, settle, poll)
 * are the workflows in src/workflows/m4-payouts. An unknown outcome (DECISION b) is never a
 * failure: the payout stays "pending_verification" until withdraw/shop_payment_status settles it.
 */
class M4MerchantToolsModuleService extends MedusaService({ M4Payout, M4PayoutEvent }) {
  protected readonly options_: PayoutsOptions
  protected readonly client_: M4Client
  protected readonly instanceId_ = `${process.pid}-${randomBytes(4).toString("hex")}`
  protected readonly accountHash_: (account: string) => string

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parsePayoutsOptions(options)
    this.accountHash_ = accountHasher(this.options_.secretKey)
    const logger = container.logger as { debug?(m: string): void; warn?(m: string): void } | undefined
    this.client_ = new M4Client({
      shopId: this.options_.shopId,
      secretKey: this.options_.secretKey,
      baseUrl: this.options_.apiUrl,
      timeoutMs: this.options_.timeoutMs,
      logger: logger ? { debug: (m) => logger.debug?.(m), warn: (m) => logger.warn?.(m) } : undefined,
    })
  }

  /** The M4 client of the merchant tools (credentials never leave it). */
  gateway(): M4Client {
    return this.client_
  }

  settings(): Pick<PayoutsOptions, "pollIntervalMs" | "unknownOutcomeDeadlineMs" | "leaseMs"> {
    const { pollIntervalMs, unknownOutcomeDeadlineMs, leaseMs } = this.options_
    return { pollIntervalMs, unknownOutcomeDeadlineMs, leaseMs }
  }

  /** The keyed hash a payout keeps of its full account (utils/account-at-rest), for comparing a retry. */
  accountHash(account: string): string {
    return this.accountHash_(account)
  }

  // ── reading ─────────────────────────────────────────────────────────────────

  async getPayout(id: string): Promise<PayoutRecord> {
    return (await this.retrieveM4Payout(id)) as unknown as PayoutRecord
  }

  async listPayoutEvents(payoutId: string) {
    return this.listM4PayoutEvents({ payout_id: payoutId }, { order: { created_at: "ASC" } })
  }

  async findByIdempotencyKey(key: string): Promise<PayoutRecord | null> {
    const [row] = await this.listM4Payouts({ idempotency_key: key }, { take: 1 })
    return (row as unknown as PayoutRecord) ?? null
  }

  // ── recording ───────────────────────────────────────────────────────────────

  /**
   * Persists a payout with a new shop_payment_id BEFORE M4 is called (status "creating").
   * Two requests with the same idempotency key at once: the unique index lets one insert win and
   * the other gets the winner's row back (`created: false`).
   */
  async recordPayout(
    req: NormalizedPayoutRequest,
    input: CreatePayoutInput
  ): Promise<{ payout: PayoutRecord; created: boolean }> {
    let row: PayoutRecord
    try {
      row = (await this.createM4Payouts({
        shop_payment_id: generateEntityId(undefined, "m4pay"),
        idempotency_key: input.idempotency_key ?? null,
        payway: req.payway,
        // never the account itself: withdraw/create takes it from the request
        account_mask: maskForStorage(req.account),
        account_hash: this.accountHash_(req.account),
        account_details: maskedDetails(req.account_details),
        amount: req.amount,
        amount_type: req.amount_type,
        shop_currency: req.shop_currency,
        description: input.description ?? null,
        recipient_name: input.recipient_name ?? null,
        created_by: input.created_by ?? null,
        status: "creating",
      })) as unknown as PayoutRecord
    } catch (e) {
      const raced = input.idempotency_key ? await this.findByIdempotencyKey(input.idempotency_key) : null
      if (!raced) {
        throw e
      }
      return { payout: raced, created: false }
    }
    await this.addEvent(row.id, "creating", null, "payout recorded; calling withdraw/create")
    return { payout: row, created: true }
  }

  // ── state transitions ───────────────────────────────────────────────────────

  /** M4's word on the payout (withdraw/create or withdraw/shop_payment_status answer). */
  async applyM4Status(
    row: PayoutRecord,
    data: WithdrawCreateData | WithdrawStatusData,
    note: string
  ): Promise<PayoutRecord> {
    return this.transition(row, payoutStatusChanges(row, data, this.nextCheck()), note)
  }

  /**
   * A status query whose answer changes nothing (sameAsRecorded): counted, the next check planned
   * and the poller's lease given back, in one statement. False when the lease was no longer ours.
   */
  @InjectManager()
  async recordUnchangedCheck(
    id: string,
    owner: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const rows = await (sharedContext.manager as unknown as SqlRunner).execute(
      `UPDATE m4_payout SET last_checked_at = now(), check_count = coalesce(check_count, 0) + 1,
              next_check_at = now() + (? * interval '1 millisecond'), lease_owner = NULL, lease_until = NULL,
              updated_at = now()
        WHERE id = ? AND lease_owner = ? RETURNING id`,
      [this.options_.pollIntervalMs, id, owner]
    )
    return rows.length === 1
  }

  /** M4 refused withdraw/create with a fatal error: nothing was created, the payout failed. */
  async markRefused(row: PayoutRecord, outcome: { code: number; message: string }): Promise<PayoutRecord> {
    return this.transition(
      row,
      {
        status: "failed",
        error_code: outcome.code,
        error_message: outcome.message,
        next_check_at: null,
        final_at: new Date(),
      },
      `withdraw/create refused: M4 error ${outcome.code}`
    )
  }

  /** Outcome unknown (DECISION b): never "failed"; after the deadline a human has to look. */
  async markUnknown(row: PayoutRecord, outcome: M4Outcome<unknown>, what: string): Promise<PayoutRecord> {
    return this.unknownTransition(
      row,
      outcome.kind === "fatal" ? outcome.code : null,
      `${what}: ${describeOutcome(outcome)}`,
      what
    )
  }

  /** A payout created at M4 for sure whose status query failed: keep polling, remember the problem. */
  async noteStatusProblem(row: PayoutRecord, outcome: M4Outcome<unknown>): Promise<PayoutRecord> {
    return (await this.updateM4Payouts({
      id: row.id,
      error_message: maskAccountNumbers(`status query: ${describeOutcome(outcome)}`),
      next_check_at: this.nextCheck(),
    })) as unknown as PayoutRecord
  }

  /**
   * A workflow stopped after recording the payout and before withdraw/create was sent: nothing
   * can exist at M4, so a row still "creating" is failed rather than left for the poller.
   */
  async failUnsentPayout(id: string, reason: string): Promise<void> {
    const row = await this.getPayout(id)
    if (row.status !== "creating") {
      return
    }
    await this.transition(
      row,
      { status: "failed", error_message: reason, next_check_at: null, final_at: new Date() },
      `not sent to M4: ${reason}`
    )
  }

  /**
   * withdraw/create was sent but its answer was not recorded (a later step failed): M4 may have
   * created the payout, so it becomes an unknown outcome that the status query settles.
   */
  async markAnswerNotRecorded(id: string): Promise<void> {
    const row = await this.getPayout(id)
    if (row.status === "creating") {
      await this.unknownTransition(row, null, "withdraw/create: the answer was not recorded", "withdraw/create")
    }
  }

  /** One more status query was made (withdraw/shop_payment_status). */
  async touchChecked(id: string) {
    const row = await this.getPayout(id)
    await this.updateM4Payouts({ id, last_checked_at: new Date(), check_count: (row.check_count ?? 0) + 1 })
  }

  private async unknownTransition(row: PayoutRecord, errorCode: number | null, message: string, what: string) {
    const since = row.unknown_since ? new Date(row.unknown_since) : new Date()
    const expired = Date.now() - since.getTime() >= this.options_.unknownOutcomeDeadlineMs
    return this.transition(
      row,
      {
        status: expired ? "needs_attention" : "pending_verification",
        unknown_since: since,
        error_code: errorCode,
        error_message: message,
        next_check_at: expired ? null : this.nextCheck(),
      },
      expired ? `${what}: still unknown after the deadline; needs manual attention` : message
    )
  }

  /** Updates the row; a history event is added when the state or M4 status changes. */
  private async transition(row: PayoutRecord, changes: Partial<PayoutRecord>, note: string): Promise<PayoutRecord> {
    const stored = changes.error_message
      ? { ...changes, error_message: maskAccountNumbers(changes.error_message) }
      : changes
    const updated = (await this.updateM4Payouts({ id: row.id, ...stored } as never)) as unknown as PayoutRecord
    const statusChanged = changes.status !== undefined && changes.status !== row.status
    const m4Changed = changes.m4_status !== undefined && changes.m4_status !== row.m4_status
    if (statusChanged || m4Changed || row.status === "creating") {
      await this.addEvent(row.id, updated.status, updated.m4_status ?? null, note, updated.error_code ?? null)
    }
    return updated
  }

  private async addEvent(
    payoutId: string,
    status: string,
    m4Status: number | null,
    note: string,
    errorCode: number | null = null
  ) {
    await this.createM4PayoutEvents({
      payout_id: payoutId,
      status,
      m4_status: m4Status,
      note: maskAccountNumbers(note), // M4's messages may quote the account
      error_code: errorCode,
    } as never)
  }

  private nextCheck(): Date {
    return new Date(Date.now() + this.options_.pollIntervalMs)
  }

  // ── leases (several store instances; src/db/lease.ts) ───────────────────────

  /** A lease owner name unique to this instance and call ("api:1234-ab12cd34:9f0e1d"). */
  leaseOwner(role: string): string {
    return leaseOwner(role, this.instanceId_)
  }

  /** Claims one row unless another owner holds an unexpired lease. Database time decides. */
  @InjectManager()
  async claimPayout(id: string, owner: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return leaseRow(sharedContext.manager as unknown as SqlRunner, "m4_payout", id, owner, this.options_.leaseMs)
  }

  /**
   * Claims up to `limit` due payouts in one statement. SKIP LOCKED plus the lease condition means
   * two instances polling at the same moment get disjoint rows.
   */
  async claimDuePayouts(owner: string, limit: number): Promise<string[]> {
    return (await this.claimDuePayoutRows(owner, limit)).map((r) => r.id)
  }

  /** claimDuePayouts, answering the claimed rows themselves (the poller reads each row once: here). */
  @InjectManager()
  async claimDuePayoutRows(
    owner: string,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PayoutRecord[]> {
    const rows = await leaseRows(sharedContext.manager as unknown as SqlRunner, "m4_payout", {
      where:
        `status in (${OPEN_STATES.map(() => "?").join(", ")}) and (next_check_at is null or next_check_at <= now())` +
        // a row still being created is left to its request until its lease time has passed
        ` and (status <> 'creating' or created_at < now() - (? * interval '1 millisecond'))`,
      params: [...OPEN_STATES, this.options_.leaseMs],
      orderBy: "next_check_at asc nulls first",
      limit,
      owner,
      leaseMs: this.options_.leaseMs,
      returning: PAYOUT_COLUMNS,
    })
    return rows.map(toPayoutRecord)
  }

  @InjectManager()
  async releasePayout(id: string, owner: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await releaseLease(sharedContext.manager as unknown as SqlRunner, "m4_payout", id, owner)
  }
}

const PAYOUT_COLUMNS = `id, shop_payment_id, idempotency_key, payway, account_mask, account_hash, account_details,
  amount, amount_type, shop_currency, description, payee_receive, ps_currency, shop_write_off, recipient_name,
  m4_payout_id, m4_status, status, error_code, error_message, created_by, next_check_at, unknown_since, check_count,
  last_checked_at, final_at, created_at, updated_at`

/** A row as PostgreSQL returns it (timestamps as Date, integers as numbers) as the ORM's record. */
function toPayoutRecord(r: Record<string, unknown>): PayoutRecord {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return {
    ...(r as unknown as PayoutRecord),
    m4_status: num(r.m4_status),
    error_code: num(r.error_code),
    check_count: Number(r.check_count ?? 0),
  }
}

/** Account details as stored: every long digit run masked (a card number may hide in any field). */
function maskedDetails(details: Record<string, string> | null): Record<string, string> | null {
  return details
    ? Object.fromEntries(Object.entries(details).map(([k, v]) => [k, maskAccountNumbers(String(v))]))
    : null
}

export default M4MerchantToolsModuleService
