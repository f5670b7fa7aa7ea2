import { model } from "@medusajs/framework/utils"

/**
 * One M4 invoice the plugin asked for: the plugin's own record of money at M4. Written before the
 * gateway call (the intent), updated from every answer, confirmation and notification, and never
 * deleted, whatever Medusa does with its payment sessions (which it hard-deletes when replaced).
 * Notification matching, settling and the reconciliation work from this row, not from Medusa's
 * session rows. It also carries its own next check (the reconciliation walks rows by
 * `next_check_at`, oldest due first) and a lease, so several instances never settle one twice.
 * Amounts are exact decimal text at the currency's minor units.
 */
export const M4Invoice = model
  .define("m4_invoice", {
    id: model.id({ prefix: "m4inv" }).primaryKey(),
    /** what M4 knows the invoice by: the id of the payment session that first asked for it */
    shop_order_id: model.text(),
    /** the provider registration (`pp_m4_{id}`) whose credentials and route it uses */
    provider_id: model.text(),
    mode: model.enum(["single_step", "two_step"]),
    payment_collection_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    /** the Medusa payment session that uses it now; null once Medusa deleted it and none took it over */
    session_id: model.text().nullable(),
    /** Medusa's payment and order, once the money is in Medusa's books */
    payment_id: model.text().nullable(),
    order_id: model.text().nullable(),
    amount: model.text(),
    /** lowercase ISO 4217 code, as Medusa keeps it */
    currency_code: model.text(),
    payway: model.text(),
    /** sha256 of what the payer sees and sends besides the money (description, add-on inputs): a reused invoice must match it */
    request_digest: model.text().nullable(),
    /** after this, M4 no longer lets the payer pay it (sent with the invoice) */
    expires_at: model.dateTime().nullable(),
    /** M4's invoice id (`invoice_id` of charge/unhold, `payment_id` of check and notifications) */
    invoice_id: model.text().nullable(),
    /**
     * issuing: the intent is written, M4's answer not known yet · open: issued, not paid ·
     * held / paid / rejected: what M4 said when last asked · not_issued: M4 refused it or has none
     */
    state: model.enum(["issuing", "open", "held", "paid", "rejected", "not_issued"]).default("issuing"),
    /** M4's numeric invoice status when last asked (docs/m4-protocol.md §7.1) */
    m4_status: model.number().nullable(),
    /** what M4 reported: the amount paid (shop_amount), the net credited to the shop (shop_refund) */
    paid_amount: model.text().nullable(),
    net_amount: model.text().nullable(),
    payer_price: model.text().nullable(),
    payer_currency: model.text().nullable(),
    /** when M4 last answered about it (invoice/check, or a charge/unhold answer) */
    confirmed_at: model.dateTime().nullable(),
    /**
     * where the money M4 took went: booked (an order's payment in Medusa) · returning / returned (no
     * order uses it: released or refunded in full by the plugin) · return_failed (M4 refused the
     * return: the merchant must act) · flagged (no order uses it and returning is off)
     */
    settlement: model.enum(["booked", "returning", "returned", "return_failed", "flagged"]).nullable(),
    /** why it was returned or flagged (replaced_session, collection_already_paid, order_canceled, …) */
    settlement_reason: model.text().nullable(),
    /** the public session data a session that reuses this invoice gets (pay page, payer price, texts) */
    session_data: model.json().nullable(),
    /** the reconciliation: when to ask M4 next (null: nothing left to check) */
    next_check_at: model.dateTime().nullable(),
    check_attempts: model.number().default(0),
    last_checked_at: model.dateTime().nullable(),
    /** what the last settlement did (a SettleOutcome) */
    last_outcome: model.text().nullable(),
    /** when an old hold was flagged for the merchant */
    flagged_at: model.dateTime().nullable(),
    lease_owner: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["shop_order_id"], unique: true },
    { on: ["invoice_id"] },
    { on: ["payment_collection_id"] },
    { on: ["session_id"] },
    { on: ["order_id"] },
    { on: ["next_check_at"], where: "next_check_at IS NOT NULL" },
    // the M4 payments page: the ledger by date (its keyset order), and the few rows that may need the merchant
    { on: ["created_at", "id"] },
    {
      on: ["created_at"],
      name: "IDX_m4_invoice_attention",
      where: "(settlement IN ('returning', 'returned', 'return_failed', 'flagged') OR state IN ('issuing', 'held'))",
    },
  ])
