import { currencyAlpha, decimalText, type WithdrawCreateData, type WithdrawStatusData } from "../../../m4"
import type { PayoutState } from "../models/m4-payout"
import type { PayoutRecord } from "../types"
import { stateFromM4Status } from "./status"

const FINAL_STATES: PayoutState[] = ["success", "rejected", "failed"]

/** What M4's word on a payout (withdraw/create or withdraw/shop_payment_status answer) writes on its row. */
export type PayoutStatusChanges = Pick<
  PayoutRecord,
  | "status"
  | "m4_status"
  | "m4_payout_id"
  | "payee_receive"
  | "ps_currency"
  | "shop_write_off"
  | "error_code"
  | "error_message"
  | "unknown_since"
  | "next_check_at"
  | "final_at"
>

export function payoutStatusChanges(
  row: Pick<PayoutRecord, "shop_currency" | "payee_receive" | "ps_currency" | "shop_write_off">,
  data: WithdrawCreateData | WithdrawStatusData,
  nextCheck: Date,
  now = new Date()
): PayoutStatusChanges {
  const m4Status = Number(data.status)
  const status = stateFromM4Status(m4Status)
  const final = FINAL_STATES.includes(status)
  return {
    status,
    m4_status: m4Status,
    m4_payout_id: String(data.id),
    payee_receive: decimalText(data.payee_receive, data.ps_currency ?? row.shop_currency) ?? row.payee_receive,
    ps_currency: currencyAlpha(data.ps_currency) ?? row.ps_currency,
    shop_write_off: decimalText(data.shop_write_off, data.shop_currency ?? row.shop_currency) ?? row.shop_write_off,
    error_code: "error_code" in data && data.error_code ? Number(data.error_code) : null,
    error_message: null,
    unknown_since: null,
    next_check_at: final ? null : nextCheck,
    final_at: final ? now : null,
  }
}

/**
 * M4 said what the row already says (a payout still processing, nothing new): only its next check
 * moves, no state transition and no history event.
 */
export function sameAsRecorded(row: PayoutRecord, changes: PayoutStatusChanges): boolean {
  const keys = [
    "status",
    "m4_status",
    "m4_payout_id",
    "payee_receive",
    "ps_currency",
    "shop_write_off",
    "error_code",
    "error_message",
  ] as const
  return (
    changes.next_check_at !== null &&
    keys.every((k) => (row[k] ?? null) === (changes[k] ?? null)) &&
    row.unknown_since == null &&
    row.final_at == null
  )
}
