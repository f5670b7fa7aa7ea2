import type { PayoutState } from "./models/m4-payout"
import type { PayoutRequestInput } from "./utils/validate-request"

export type PayoutRecord = {
  id: string
  shop_payment_id: string
  idempotency_key: string | null
  payway: string
  /** masked: a card's first 6 / last 4, else the last 4 */
  account_mask: string
  /** keyed hash of the full account (null: recorded before it existed) */
  account_hash: string | null
  account_details: Record<string, unknown> | null
  amount: string
  amount_type: "ps_amount" | "shop_amount"
  shop_currency: string
  description: string | null
  payee_receive: string | null
  ps_currency: string | null
  shop_write_off: string | null
  recipient_name: string | null
  m4_payout_id: string | null
  m4_status: number | null
  status: PayoutState
  error_code: number | null
  error_message: string | null
  created_by: string | null
  next_check_at: Date | null
  unknown_since: Date | null
  check_count: number
  last_checked_at: Date | null
  final_at: Date | null
  created_at: Date
  updated_at: Date
}

export type CreatePayoutInput = PayoutRequestInput & {
  idempotency_key?: string
  description?: string
  recipient_name?: string | null
  created_by?: string | null
}

export type PreviewResult = {
  payway: string
  amount: string
  amount_type: "ps_amount" | "shop_amount"
  shop_currency: string
  payee_receive: string | null
  ps_currency: string | null
  shop_write_off: string | null
  account_check: null | { result: boolean; recipient_name: string | null; account_info: Record<string, unknown> | null }
}

export type PollSummary = { claimed: number; checked: number; changed: number }
