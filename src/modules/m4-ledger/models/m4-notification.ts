import { model } from "@medusajs/framework/utils"

/**
 * Every M4 notification the store accepted (signature verified, matched to a payment). It is
 * stored before the store answers M4 with 200, so an acknowledged notification is never lost:
 * `state` stays `pending` until its effect (what M4 says when asked) is applied, and a worker
 * retries pending ones. Also the duplicate counter and a payment's history. Amounts are exact
 * decimal text as M4 sent them; `payload` holds the verified fields (never the signature).
 */
export const M4Notification = model
  .define("m4_notification", {
    id: model.id({ prefix: "m4ntf" }).primaryKey(),
    /** sha256 of the notification's fields: the same notification delivered again has the same one */
    fingerprint: model.text(),
    provider_id: model.text(),
    kind: model.enum(["invoice", "refund"]),
    invoice_id: model.text().nullable(),
    session_id: model.text().nullable(),
    /** the invoice's shop_order_id (invoice notifications) */
    shop_order_id: model.text().nullable(),
    shop_refund_id: model.text().nullable(),
    payment_id: model.text().nullable(),
    order_id: model.text().nullable(),
    status: model.text(),
    amount: model.text().nullable(),
    currency: model.text().nullable(),
    payload: model.json(),
    received_at: model.dateTime(),
    last_received_at: model.dateTime(),
    duplicate_count: model.number().default(0),
    /** what the plugin did about it (e.g. "captured", "session_marked_rejected", "refund_failed_undone") */
    outcome: model.text().nullable(),
    /** pending → processed (effect applied) or failed (gave up after the retry schedule) */
    state: model.enum(["pending", "processed", "failed"]).default("pending"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    lease_owner: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
    processed_at: model.dateTime().nullable(),
    /** why the last attempt did not apply it (no secrets: gateway outcome or Medusa's error message) */
    last_error: model.text().nullable(),
  })
  .indexes([
    { on: ["fingerprint"], unique: true },
    { on: ["invoice_id"] },
    { on: ["session_id"] },
    { on: ["shop_order_id"] },
    { on: ["payment_id"] },
    { on: ["order_id"] },
    { on: ["state", "next_attempt_at"] },
    // the M4 payments page: notifications M4 sent about a payment it then did not confirm
    {
      on: ["received_at"],
      name: "IDX_m4_notification_unconfirmed",
      where: "outcome IN ('not_final_yet', 'no_invoice_at_m4')",
    },
  ])
