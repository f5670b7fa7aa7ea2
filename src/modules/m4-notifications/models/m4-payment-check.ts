import { model } from "@medusajs/framework/utils"

/**
 * One payment the reconciliation asks M4 about until it is settled: a pending session (paid at
 * M4 but never notified?), a held two-step payment (expiring hold?), or a payment with refunds
 * still WAITING. Each row is claimed under a lease, so several store instances never check or
 * settle one payment twice, and carries its own next check (the backoff schedule).
 */
export const M4PaymentCheck = model
  .define("m4_payment_check", {
    id: model.id({ prefix: "m4chk" }).primaryKey(),
    /** session: a payment session's invoice; refunds: a payment's WAITING refunds */
    kind: model.enum(["session", "refunds"]),
    /** the payment session id (kind session) or the payment id (kind refunds) */
    ref_id: model.text(),
    provider_id: model.text(),
    state: model.enum(["open", "done"]).default("open"),
    started_at: model.dateTime(),
    next_check_at: model.dateTime(),
    attempts: model.number().default(0),
    last_checked_at: model.dateTime().nullable(),
    /** M4's last answer (invoice status, or the refunds' statuses) */
    last_status: model.text().nullable(),
    /** what the last check did (e.g. "order_created", "still_pending", "hold_flagged") */
    outcome: model.text().nullable(),
    lease_owner: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
    /** when an old hold was flagged for the merchant */
    flagged_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["kind", "ref_id"], unique: true }, { on: ["state", "next_check_at"] }])
