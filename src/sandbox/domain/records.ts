/**
 * What the sandbox remembers. Plain JSON-serialisable records (amounts as decimal strings,
 * times as epoch milliseconds of the sandbox clock) so state can be saved with --state.
 */
import { InvoiceStatusCode, PayoutStatusCode, RefundStatus } from "../../m4"

export interface InvoiceRecord {
  id: number
  shop_id: number
  shop_order_id: string
  /** Amount as sent, normalised to the currency's minor digits (shop currency: `shop_amount`). */
  amount: string
  /** The invoice (shop) currency as sent: `shop_currency`. */
  currency: number
  /** The payer's currency, the payway's: `ps_currency` (equals `currency` unless converted). */
  ps_currency: number
  /** `amount` converted into `ps_currency` (before the fee). */
  ps_amount: string
  /** 1 unit of `currency` buys this much `ps_currency` ("1" when not converted). */
  exchange_rate: string
  /** The alias exactly as sent, scenario suffix included. */
  payway: string
  base_payway: string
  scenario: string | null
  description: string | null
  hold_required: boolean
  status: InvoiceStatusCode
  /** What the payer pays, in `ps_currency` (`payer_price`, `client_price`): ps_amount (+ fee with `payer_fee`). */
  payer_price: string
  /** The payway fee in `ps_currency`. */
  fee: string
  /** The fee taken from the shop, in the shop currency (fee converted back; 0 with `payer_fee`). */
  shop_fee: string
  /** Credited to the shop when paid, in the shop currency: amount − shop_fee. */
  shop_refund: string
  refunded: string
  created_at: number
  updated_at: number
  processed_at: number | null
  held_at: number | null
  /** `expires_at` of the request (sandbox-clock ms): unpaid by then → 6 (invoice-expiry.ts); null: never. */
  expires_at: number | null
  /** Rejected because `expires_at` passed (the pay page says so). */
  expired: boolean
  session_id: string
  pay_method: "GET" | "POST"
  callback_url: string | null
  callback_rejected_url: string | null
  success_url: string | null
  failed_url: string | null
  /** Creation extras echoed in callbacks as `addons` (docs/m4-protocol.md §4.2). */
  addons: Record<string, unknown>
  /** Add-on values (email, phone…) given at creation (all the payway's add-ons: DECISION i). */
  addon_values: Record<string, string>
  ps_payer_account: string | null
  error_code: number
}

export interface RefundRecord {
  id: number
  shop_id: number
  invoice_id: number
  shop_refund_id: string
  amount: string
  currency: number
  status: RefundStatus
  error_code: number
  created_at: number
  processed_at: number | null
  /** When WAITING turns final. */
  due_at: number
  /** Decided at creation (scenario or fault): the final status will be FAILED. */
  will_fail: boolean
  /** `callback_url` of the create-refund request; null → the shop's configured URL. */
  callback_url: string | null
}

export interface PayoutRecord {
  id: number
  shop_id: number
  shop_payment_id: string
  payway: string
  base_payway: string
  scenario: string | null
  account: string
  account_details: Record<string, unknown> | null
  amount: string
  amount_type: "ps_amount" | "shop_amount"
  shop_currency: number
  ps_currency: number
  payee_receive: string
  shop_write_off: string
  description: string | null
  status: PayoutStatusCode
  error_code: number
  created_at: number
  updated_at: number
  /** When the payout takes its next step (1 → 3 → 5/6); null once final. */
  next_step_at: number | null
  will_reject: boolean
  rrn: string | null
  bank_transaction_id: string | null
}

export interface DeliveryAttempt {
  at: string
  duration_ms: number
  http_status?: number
  error?: string
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "dropped" | "held"

export interface DeliveryRecord {
  id: number
  type: "invoice" | "refund"
  /** Invoice id or refund id. */
  ref_id: number
  /** Callback status field (`success`, `hold`, `rejected`, `SUCCESS`, `FAILED`…). */
  event: string
  shop_id: number
  url: string
  content_type: string
  body: string
  status: DeliveryStatus
  attempts: DeliveryAttempt[]
  next_attempt_at: number | null
  created_at: number
  duplicate_of: number | null
  replay_of: number | null
}

export interface Balance {
  available: string
  frozen: string
  hold: string
}

export interface SandboxStateData {
  version: 1
  clock_offset_ms: number
  next_ids: { invoice: number; refund: number; payout: number; delivery: number }
  invoices: InvoiceRecord[]
  refunds: RefundRecord[]
  payouts: PayoutRecord[]
  deliveries: DeliveryRecord[]
  /** shop id → ISO numeric code → balance. */
  balances: Record<string, Record<string, Balance>>
}
