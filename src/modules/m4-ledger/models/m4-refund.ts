import { model } from "@medusajs/framework/utils"

/**
 * One refund the plugin asked M4 for: a merchant's refund of an order's payment (`kind` refund,
 * `shop_refund_id` = Medusa's refund id) or the plugin's return of money no order uses (`kind`
 * return: a paid invoice refunded in full). Written before `invoice/create-refund`, updated from
 * the answer, notifications and `invoice/get-refunds`; each refund its own row, so parallel
 * refunds never overwrite each other. Never deleted.
 */
export const M4Refund = model
  .define("m4_refund", {
    id: model.id({ prefix: "m4ref" }).primaryKey(),
    /** what M4 knows the refund by (unique per shop) */
    shop_refund_id: model.text(),
    kind: model.enum(["refund", "return"]),
    provider_id: model.text(),
    /** the m4_invoice row (and M4's invoice id) it refunds */
    invoice_ref: model.text(),
    invoice_id: model.text(),
    /** Medusa's payment, refund (kind refund) and order */
    payment_id: model.text().nullable(),
    refund_id: model.text().nullable(),
    order_id: model.text().nullable(),
    amount: model.text(),
    currency_code: model.text(),
    /** requested: the intent is written, M4's answer not known yet · then M4's WAITING / SUCCESS / FAILED */
    state: model.enum(["requested", "waiting", "succeeded", "failed"]).default("requested"),
    m4_refund_id: model.text().nullable(),
    /** M4's reason, when it refused the refund */
    failure_reason: model.text().nullable(),
    confirmed_at: model.dateTime().nullable(),
    /** a FAILED refund taken out of Medusa's books (refund, transaction, credit line) */
    undone_at: model.dateTime().nullable(),
    next_check_at: model.dateTime().nullable(),
    check_attempts: model.number().default(0),
    last_checked_at: model.dateTime().nullable(),
    last_outcome: model.text().nullable(),
    lease_owner: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["shop_refund_id"], unique: true },
    { on: ["invoice_ref"] },
    { on: ["payment_id"] },
    { on: ["order_id"] },
    { on: ["next_check_at"], where: "next_check_at IS NOT NULL" },
    // the M4 payments page: the ledger by date (its keyset order), and refunds not (or not yet) made
    { on: ["created_at", "id"] },
    { on: ["created_at"], name: "IDX_m4_refund_attention", where: "state IN ('requested', 'waiting', 'failed')" },
  ])
