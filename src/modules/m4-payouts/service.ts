import { randomBytes } from "node:crypto"
import { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import {
  describeOutcome,
  isDuplicateOrInProgressError,
  isNotFoundError,
  M4Client,
  M4Outcome,
  PayMethodPayway,
  WithdrawCreateData,
  WithdrawStatusData,
} from "../../m4"
import { M4Payout, PayoutState } from "./models/m4-payout"
import { M4PayoutEvent } from "./models/m4-payout-event"
import { gatewayError } from "./utils/gateway-error"
import { parsePayoutsOptions, PayoutsOptions } from "./utils/options"
import { stateFromM4Status } from "./utils/status"
import { currencyAlpha, decimalText } from "./utils/format"
import type { CreatePayoutInput, PayoutRecord, PollSummary } from "./types"
import { assertSameRequest } from "./utils/same-request"
import {
  findPayoutPayway,
  NormalizedPayoutRequest,
  normalizePayoutRequest,
  PayoutRequestInput,
  validateAgainstPayway,
} from "./utils/validate-request"

export type { CreatePayoutInput, PayoutRecord, PollSummary, PreviewResult } from "./types"

type SqlManager = { execute(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>> }

/** States the poller keeps asking M4 about. */
const OPEN_STATES: PayoutState[] = ["creating", "pending_verification", "processing"]
const FINAL_STATES: PayoutState[] = ["success", "rejected", "failed"]

/**
 * Merchant payouts through M4 (API.md §6). Every payout is persisted with its shop_payment_id
 * BEFORE withdraw/create; an unknown outcome (DECISION b) is never a failure: the payout stays
 * "pending_verification" until withdraw/shop_payment_status settles it. Work on a row happens
 * under a lease (conditional UPDATE in PostgreSQL), so API requests and the polling job of
 * several store instances never process the same payout at once.
 */
class M4PayoutsModuleService extends MedusaService({ M4Payout, M4PayoutEvent }) {
  protected readonly options_: PayoutsOptions
  protected readonly client_: M4Client
  protected readonly instanceId_ = `${process.pid}-${randomBytes(4).toString("hex")}`

  constructor(container: Record<string, unknown>, options: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parsePayoutsOptions(options)
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

  // ── preview and validation ───────────────────────────────────────────────────

  /** The payout payway's config from shop_output_config/shop; 400 when the shop has no such active payway. */
  async getPayoutPayway(alias: string): Promise<PayMethodPayway> {
    const outcome = await this.client_.shopOutputConfig({ payway: alias })
    if (outcome.kind !== "ok") {
      throw gatewayError(outcome, "loading the payout methods")
    }
    return findPayoutPayway(outcome.data, alias)
  }

  /** Checks the request against the payway (account regex → its hint, limits) and normalizes amounts. */
  async validatePayoutRequest(input: PayoutRequestInput): Promise<NormalizedPayoutRequest> {
    const payway = await this.getPayoutPayway(input.payway)
    const normalized = normalizePayoutRequest(input, payway)
    validateAgainstPayway(normalized, payway)
    return normalized
  }

  // ── create (idempotent) ─────────────────────────────────────────────────────

  /**
   * Creates a payout, or returns / resumes the one created earlier with the same idempotency key.
   * Returns the payout; fatal M4 refusals are recorded on the row (status "failed") and thrown.
   */
  async createPayout(input: CreatePayoutInput): Promise<PayoutRecord> {
    if (input.idempotency_key) {
      const existing = await this.findByIdempotencyKey(input.idempotency_key)
      if (existing) {
        return this.resumeExisting(existing, input)
      }
    }
    const req = await this.validatePayoutRequest(input)
    let row: PayoutRecord
    try {
      row = (await this.createM4Payouts({
        shop_payment_id: generateEntityId(undefined, "m4pay"),
        idempotency_key: input.idempotency_key ?? null,
        payway: req.payway,
        account: req.account,
        account_details: req.account_details,
        amount: req.amount,
        amount_type: req.amount_type,
        shop_currency: req.shop_currency,
        description: input.description ?? null,
        recipient_name: input.recipient_name ?? null,
        created_by: input.created_by ?? null,
        status: "creating",
      })) as unknown as PayoutRecord
    } catch (e) {
      // two requests with the same key at once: the unique index lets one insert win
      const raced = input.idempotency_key ? await this.findByIdempotencyKey(input.idempotency_key) : null
      if (!raced) {
        throw e
      }
      return this.resumeExisting(raced, input)
    }
    await this.addEvent(row.id, "creating", null, "payout recorded; calling withdraw/create")
    const owner = this.owner("api")
    if (!(await this.claimPayout(row.id, owner))) {
      return this.getPayout(row.id)
    }
    try {
      return await this.submitCreate(row)
    } finally {
      await this.releasePayout(row.id, owner)
    }
  }

  /** A retried create: same key must mean same payout; an unsettled one is settled now. */
  private async resumeExisting(existing: PayoutRecord, input: CreatePayoutInput): Promise<PayoutRecord> {
    assertSameRequest(existing, input)
    if (existing.status !== "creating" && existing.status !== "pending_verification") {
      return existing
    }
    const owner = this.owner("api")
    if (!(await this.claimPayout(existing.id, owner))) {
      return existing // another request or instance is working on it right now
    }
    try {
      return await this.settleUnknown(await this.getPayout(existing.id), { resubmitWhenMissing: true })
    } finally {
      await this.releasePayout(existing.id, owner)
    }
  }

  /** withdraw/create with the row's shop_payment_id (the caller holds the lease). */
  private async submitCreate(row: PayoutRecord): Promise<PayoutRecord> {
    const outcome = await this.client_.withdrawCreate({
      payway: row.payway,
      amount: row.amount,
      amount_type: row.amount_type,
      shop_currency: row.shop_currency,
      account: row.account,
      shop_payment_id: row.shop_payment_id,
      account_details: (row.account_details as Record<string, unknown> | null) ?? undefined,
      description: row.description ?? undefined,
    })
    if (outcome.kind === "ok") {
      return this.applyM4Status(row, outcome.data, "withdraw/create answered")
    }
    if (outcome.kind === "fatal" && isDuplicateOrInProgressError(outcome.code)) {
      // DECISION f: the earlier attempt reached M4 — ask for its state instead
      return this.settleUnknown(row, { resubmitWhenMissing: false, note: `withdraw/create: M4 error ${outcome.code}` })
    }
    if (outcome.kind === "fatal") {
      const failed = await this.transition(row, {
        status: "failed",
        error_code: outcome.code,
        error_message: outcome.message,
        next_check_at: null,
        final_at: new Date(),
      }, `withdraw/create refused: M4 error ${outcome.code}`)
      throw gatewayError(outcome, "creating the payout", failed.id)
    }
    return this.markUnknown(row, outcome, "withdraw/create")
  }

  // ── status ──────────────────────────────────────────────────────────────────

  /**
   * Asks M4 about a payout whose creation outcome is unknown. Found → its status; not found →
   * optionally create it again with the same shop_payment_id (a client retry), else keep waiting
   * until the deadline, then "needs_attention". The caller holds the lease.
   */
  private async settleUnknown(
    row: PayoutRecord,
    opts: { resubmitWhenMissing: boolean; note?: string }
  ): Promise<PayoutRecord> {
    const outcome = await this.client_.withdrawShopPaymentStatus({ shop_payment_id: row.shop_payment_id })
    await this.touchChecked(row.id)
    if (outcome.kind === "ok") {
      return this.applyM4Status(row, outcome.data, opts.note ? `${opts.note}; resolved by status query` : "resolved by status query")
    }
    if (outcome.kind === "fatal" && isNotFoundError(outcome.code)) {
      if (opts.resubmitWhenMissing) {
        return this.submitCreate(row)
      }
      return this.markUnknown(row, outcome, "status query: not found at M4")
    }
    return this.markUnknown(row, outcome, "status query")
  }

  /**
   * Checks one payout now (refresh button, polling job). Claims the row unless the caller already
   * holds it; a row another instance is working on is returned unchanged.
   */
  async syncPayout(id: string, opts: { claimedBy?: string } = {}): Promise<PayoutRecord> {
    const owner = opts.claimedBy ?? this.owner("sync")
    if (!opts.claimedBy && !(await this.claimPayout(id, owner))) {
      return this.getPayout(id)
    }
    try {
      const row = await this.getPayout(id)
      switch (row.status) {
        case "creating":
        case "pending_verification":
        case "needs_attention":
          return await this.settleUnknown(row, { resubmitWhenMissing: false })
        case "processing": {
          const outcome = await this.client_.withdrawShopPaymentStatus({ shop_payment_id: row.shop_payment_id })
          await this.touchChecked(row.id)
          if (outcome.kind === "ok") {
            return await this.applyM4Status(row, outcome.data, "status query")
          }
          // created at M4 for sure: keep polling, remember the last problem
          return (await this.updateM4Payouts({
            id: row.id,
            error_message: `status query: ${describeOutcome(outcome)}`,
            next_check_at: this.nextCheck(),
          })) as unknown as PayoutRecord
        }
        default:
          return row
      }
    } finally {
      if (!opts.claimedBy) {
        await this.releasePayout(id, owner)
      }
    }
  }

  /** One polling round: claims due payouts (never a row another instance holds) and checks them. */
  async pollDuePayouts(limit = 50): Promise<PollSummary> {
    const owner = this.owner("poll")
    const ids = await this.claimDuePayouts(owner, limit)
    let changed = 0
    for (const id of ids) {
      try {
        const before = await this.getPayout(id)
        const after = await this.syncPayout(id, { claimedBy: owner })
        if (before.status !== after.status || before.m4_status !== after.m4_status) {
          changed++
        }
      } finally {
        await this.releasePayout(id, owner)
      }
    }
    return { claimed: ids.length, checked: ids.length, changed }
  }

  async getPayout(id: string): Promise<PayoutRecord> {
    return (await this.retrieveM4Payout(id)) as unknown as PayoutRecord
  }

  async listPayoutEvents(payoutId: string) {
    return this.listM4PayoutEvents({ payout_id: payoutId }, { order: { created_at: "ASC" } })
  }

  private async findByIdempotencyKey(key: string): Promise<PayoutRecord | null> {
    const [row] = await this.listM4Payouts({ idempotency_key: key }, { take: 1 })
    return (row as unknown as PayoutRecord) ?? null
  }

  // ── state changes ───────────────────────────────────────────────────────────

  private async applyM4Status(
    row: PayoutRecord,
    data: WithdrawCreateData | WithdrawStatusData,
    note: string
  ): Promise<PayoutRecord> {
    const m4Status = Number(data.status)
    const status = stateFromM4Status(m4Status)
    const final = FINAL_STATES.includes(status)
    return this.transition(
      row,
      {
        status,
        m4_status: m4Status,
        m4_payout_id: String(data.id),
        payee_receive: decimalText(data.payee_receive, data.ps_currency ?? row.shop_currency) ?? row.payee_receive,
        ps_currency: currencyAlpha(data.ps_currency) ?? row.ps_currency,
        shop_write_off: decimalText(data.shop_write_off, data.shop_currency ?? row.shop_currency) ?? row.shop_write_off,
        error_code: "error_code" in data && data.error_code ? Number(data.error_code) : null,
        error_message: null,
        unknown_since: null,
        next_check_at: final ? null : this.nextCheck(),
        final_at: final ? new Date() : null,
      },
      note
    )
  }

  /** Outcome unknown (DECISION b): never "failed"; after the deadline a human has to look. */
  private async markUnknown(row: PayoutRecord, outcome: M4Outcome<unknown>, what: string): Promise<PayoutRecord> {
    const since = row.unknown_since ? new Date(row.unknown_since) : new Date()
    const expired = Date.now() - since.getTime() >= this.options_.unknownOutcomeDeadlineMs
    return this.transition(
      row,
      {
        status: expired ? "needs_attention" : "pending_verification",
        unknown_since: since,
        error_code: outcome.kind === "fatal" ? outcome.code : null,
        error_message: `${what}: ${describeOutcome(outcome)}`,
        next_check_at: expired ? null : this.nextCheck(),
      },
      expired ? `${what}: still unknown after the deadline; needs manual attention` : `${what}: ${describeOutcome(outcome)}`
    )
  }

  /** Updates the row; a history event is added when the state or M4 status changes. */
  private async transition(
    row: PayoutRecord,
    changes: Partial<PayoutRecord>,
    note: string
  ): Promise<PayoutRecord> {
    const updated = (await this.updateM4Payouts({ id: row.id, ...changes } as never)) as unknown as PayoutRecord
    const statusChanged = changes.status !== undefined && changes.status !== row.status
    const m4Changed = changes.m4_status !== undefined && changes.m4_status !== row.m4_status
    if (statusChanged || m4Changed || row.status === "creating") {
      await this.addEvent(row.id, updated.status, updated.m4_status ?? null, note, updated.error_code ?? null)
    }
    return updated
  }

  private async addEvent(payoutId: string, status: string, m4Status: number | null, note: string, errorCode: number | null = null) {
    await this.createM4PayoutEvents({ payout_id: payoutId, status, m4_status: m4Status, note, error_code: errorCode } as never)
  }

  private async touchChecked(id: string) {
    const row = await this.getPayout(id)
    await this.updateM4Payouts({ id, last_checked_at: new Date(), check_count: (row.check_count ?? 0) + 1 })
  }

  private nextCheck(): Date {
    return new Date(Date.now() + this.options_.pollIntervalMs)
  }

  private owner(role: string): string {
    return `${role}:${this.instanceId_}:${randomBytes(3).toString("hex")}`
  }

  // ── leases (several store instances) ────────────────────────────────────────

  /** Claims one row unless another owner holds an unexpired lease. Database time decides. */
  @InjectManager()
  async claimPayout(id: string, owner: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const rows = await (sharedContext.manager as unknown as SqlManager).execute(
      `UPDATE m4_payout SET lease_owner = ?, lease_until = now() + (? * interval '1 millisecond')
        WHERE id = ? AND deleted_at IS NULL AND (lease_until IS NULL OR lease_until < now())
        RETURNING id`,
      [owner, this.options_.leaseMs, id]
    )
    return rows.length === 1
  }

  /**
   * Claims up to `limit` due payouts in one statement. SKIP LOCKED plus the lease condition means
   * two instances polling at the same moment get disjoint rows.
   */
  @InjectManager()
  async claimDuePayouts(owner: string, limit: number, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const rows = await (sharedContext.manager as unknown as SqlManager).execute(
      `UPDATE m4_payout SET lease_owner = ?, lease_until = now() + (? * interval '1 millisecond')
        WHERE id IN (
          SELECT id FROM m4_payout
           WHERE deleted_at IS NULL
             AND status IN (${OPEN_STATES.map(() => "?").join(", ")})
             AND (next_check_at IS NULL OR next_check_at <= now())
             AND (lease_until IS NULL OR lease_until < now())
             -- a row still being created is left to its request until its lease time has passed
             AND (status <> 'creating' OR created_at < now() - (? * interval '1 millisecond'))
           ORDER BY next_check_at ASC NULLS FIRST
           LIMIT ?
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [owner, this.options_.leaseMs, ...OPEN_STATES, this.options_.leaseMs, limit]
    )
    return rows.map((r) => String(r.id))
  }

  @InjectManager()
  async releasePayout(id: string, owner: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await (sharedContext.manager as unknown as SqlManager).execute(
      `UPDATE m4_payout SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`,
      [id, owner]
    )
  }
}

export default M4PayoutsModuleService
