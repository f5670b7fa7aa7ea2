import { model } from "@medusajs/framework/utils"

/**
 * The merchant's side of an item on the M4 payments page's "Needs attention" list (the items
 * themselves are found from the ledger's rows, never stored twice): whether the merchant was
 * told about it in the dashboard's notifications, and whether they marked it resolved. One row
 * per item `key` (`<kind>:<row id>`), so a second store instance never tells the merchant twice.
 */
export const M4Attention = model
  .define("m4_attention", {
    id: model.id({ prefix: "m4att" }).primaryKey(),
    /** the item: its kind and the ledger row (or payout) it is about, e.g. `refund_failed:m4ref_…` */
    key: model.text(),
    kind: model.text(),
    /** when the merchant was told (an admin notification in the dashboard's bell) */
    alerted_at: model.dateTime().nullable(),
    /** when an admin marked it resolved (items nothing else settles: money returned, a refund M4 refused) */
    resolved_at: model.dateTime().nullable(),
    /** the admin user who did */
    resolved_by: model.text().nullable(),
  })
  .indexes([{ on: ["key"], unique: true }])
