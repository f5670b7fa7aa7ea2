import { model } from "@medusajs/framework/utils"
import { M4PayoutEvent } from "./m4-payout-event"

/** Plugin-side payout states (docs/m4-protocol.md §7.4 mapped; see utils/status.ts). */
export const PAYOUT_STATES = [
  "creating", // row persisted, withdraw/create in flight (or the process died during it)
  "pending_verification", // outcome unknown: M4 may have created it; settled by withdraw/shop_payment_status
  "processing", // created at M4, status not final
  "success",
  "rejected",
  "failed", // M4 refused withdraw/create with a fatal error: nothing was created
  "needs_attention", // still unknown after the deadline (2 h): a human must check with M4
] as const
export type PayoutState = (typeof PAYOUT_STATES)[number]

/**
 * One merchant payout through M4. The row (with its shop_payment_id) exists before M4 is called,
 * so a crash or timeout never loses track of a payout that M4 may have created.
 * Amounts are exact decimal text at the currency's minor digits; currencies are ISO alpha codes.
 */
export const M4Payout = model
  .define("m4_payout", {
    id: model.id({ prefix: "m4po" }).primaryKey(),
    /** our id at M4 (unique per shop); reused for every retry of this payout (DECISION f) */
    shop_payment_id: model.text(),
    /** client-supplied key: the same key returns the same payout instead of creating another */
    idempotency_key: model.text().nullable(),
    payway: model.text(),
    /**
     * recipient account masked (a card's first 6 / last 4, else the last 4: utils/account-at-rest);
     * the full account is never stored: withdraw/create takes it from the request
     */
    account_mask: model.text(),
    /** keyed hash of the full account (HMAC, key from the M4 secret key) for the idempotent-retry comparison; null for rows recorded before it existed */
    account_hash: model.text().nullable(),
    /** account details as sent, with every long digit run masked */
    account_details: model.json().nullable(),
    amount: model.text(),
    amount_type: model.enum(["ps_amount", "shop_amount"]),
    shop_currency: model.text(),
    description: model.text().nullable(),
    /** fee preview / M4's answer: what the payee receives (ps currency) and what the shop writes off */
    payee_receive: model.text().nullable(),
    ps_currency: model.text().nullable(),
    shop_write_off: model.text().nullable(),
    recipient_name: model.text().nullable(),
    m4_payout_id: model.text().nullable(),
    m4_status: model.number().nullable(),
    status: model.enum([...PAYOUT_STATES]).default("creating"),
    error_code: model.number().nullable(),
    error_message: model.text().nullable(),
    /** admin user id from the auth context */
    created_by: model.text().nullable(),
    /** polling schedule (restart-safe: the job reads it from here) */
    next_check_at: model.dateTime().nullable(),
    /** first time the outcome became unknown; the 2 h deadline counts from here */
    unknown_since: model.dateTime().nullable(),
    check_count: model.number().default(0),
    last_checked_at: model.dateTime().nullable(),
    final_at: model.dateTime().nullable(),
    /** claim of one store instance on this row (conditional update, see service.claim*) */
    lease_owner: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
    events: model.hasMany(() => M4PayoutEvent, { mappedBy: "payout" }),
  })
  .indexes([
    { on: ["shop_payment_id"], unique: true },
    { on: ["idempotency_key"], unique: true, where: "idempotency_key IS NOT NULL" },
    { on: ["status", "next_check_at"] },
  ])
