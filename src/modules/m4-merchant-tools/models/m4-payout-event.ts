import { model } from "@medusajs/framework/utils"
import { M4Payout } from "./m4-payout"

/** Status history of a payout: insert-only, one row per change or notable check. */
export const M4PayoutEvent = model.define("m4_payout_event", {
  id: model.id({ prefix: "m4poev" }).primaryKey(),
  status: model.text(),
  m4_status: model.number().nullable(),
  /** e.g. "withdraw/create answered", "status query: not found at M4", "outcome unknown: timeout" */
  note: model.text().nullable(),
  error_code: model.number().nullable(),
  payout: model.belongsTo(() => M4Payout, { mappedBy: "events" }),
})
