/**
 * The words every admin surface uses for M4 money: the dashboard pages and widgets, the Admin API's
 * status names, the merchant's notifications (the dashboard's bell) and the ledger's CSV. One table,
 * so a status reads the same wherever the merchant meets it, in their words: no snake_case tokens,
 * no M4 casing, "released by you" rather than "rejected".
 *
 * Pure and self-contained: the dashboard bundle (vite, `src/admin`) and the server build both
 * compile this file, so it has no runtime import at all (type imports are erased). Amounts are
 * exact decimal strings; they are formatted with Intl.NumberFormat from the string itself, never
 * through a float.
 */
import type { SettleOutcomeName } from "../workflows/settle-m4-payment/outcomes"

/** The colours of @medusajs/ui's StatusBadge. */
export type BadgeColor = "green" | "red" | "orange" | "blue" | "grey" | "purple"
export type DisplayName = { label: string; color: BadgeColor }

const LOCALE = "en-US"

// ── money and dates ─────────────────────────────────────────────────────────

const DECIMAL = /^-?\d+(\.\d+)?$/

/** How many decimals the text carries ("66.5" → 1, "2980" → 0). */
function decimalsOf(amount: string): number {
  const dot = amount.indexOf(".")
  return dot < 0 ? 0 : amount.length - dot - 1
}

/**
 * An exact decimal string as a person reads it: digit grouping and at least the currency's minor
 * units ("1234.5" USD → "1,234.50 USD", "2980" JPY → "2,980 JPY"). `digits` is the currency's ISO
 * 4217 minor units; the Admin API already sends amounts at those units, so without it the string's
 * own decimals are kept. Never rounds: a string with more decimals keeps them all. Anything that is
 * not a plain decimal is shown as given rather than guessed at.
 */
export function formatMoney(
  amount: string | null | undefined,
  currency?: string | null,
  opts: { digits?: number; locale?: string } = {}
): string {
  if (amount === null || amount === undefined || amount === "") {
    return "—"
  }
  const code = currency ? currency.toUpperCase() : ""
  const text = String(amount).trim()
  if (!DECIMAL.test(text)) {
    return code ? `${text} ${code}` : text
  }
  const decimals = Math.max(opts.digits ?? 0, decimalsOf(text))
  const format = new Intl.NumberFormat(opts.locale ?? LOCALE, {
    minimumFractionDigits: opts.digits ?? decimalsOf(text),
    maximumFractionDigits: decimals,
    // Intl.NumberFormat reads a string as the exact decimal it spells (ES2023), not as a float
  }).format as unknown as (value: string) => string
  const grouped = format(text)
  return code ? `${grouped} ${code}` : grouped
}

/** A date and time as the dashboard shows it ("May 24, 2026, 4:35 PM"); `timeZone` for server-side texts. */
export function formatDateTime(value: string | Date | null | undefined, opts: { timeZone?: string } = {}): string {
  if (!value) {
    return "—"
  }
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    return "—"
  }
  return date.toLocaleString(LOCALE, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    // a text written on the server (the merchant's notifications) says which zone it means
    ...(opts.timeZone ? { timeZone: opts.timeZone, timeZoneName: "short" } : {}),
  })
}

/** A day ("2026-05-24") as "May 24". */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number)
  if (!y || !m || !d) {
    return day
  }
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" })
}

// ── the ledger: one status per payment or refund ─────────────────────────────

/** What a payment or refund on the ledger is now, from the plugin's record of it. */
export const LEDGER_STATUSES = [
  "awaiting_payment",
  "not_confirmed",
  "not_issued",
  "held",
  "paid",
  "returning",
  "returned",
  "return_failed",
  "unmatched",
  "released_by_you",
  "released_by_m4",
  "declined",
  "refund_requested",
  "refund_pending",
  "refunded",
  "refund_refused",
] as const
export type LedgerStatus = (typeof LEDGER_STATUSES)[number]

const LEDGER_STATUS_NAMES: Record<LedgerStatus, DisplayName> = {
  awaiting_payment: { label: "Awaiting payment", color: "grey" },
  not_confirmed: { label: "Not confirmed by M4", color: "orange" },
  not_issued: { label: "Not created at M4", color: "grey" },
  held: { label: "Held (authorized)", color: "blue" },
  paid: { label: "Paid", color: "green" },
  returning: { label: "Being returned to the shopper", color: "orange" },
  returned: { label: "Returned to the shopper", color: "grey" },
  return_failed: { label: "Return refused by M4", color: "red" },
  unmatched: { label: "Paid, no order", color: "red" },
  released_by_you: { label: "Released by you", color: "grey" },
  released_by_m4: { label: "Released by M4", color: "orange" },
  declined: { label: "Declined", color: "red" },
  refund_requested: { label: "Refund sent, M4 has not answered", color: "orange" },
  refund_pending: { label: "Refund in progress at M4", color: "blue" },
  refunded: { label: "Refunded", color: "green" },
  refund_refused: { label: "Refund refused by M4", color: "red" },
}

export function isLedgerStatus(value: unknown): value is LedgerStatus {
  return typeof value === "string" && (LEDGER_STATUSES as readonly string[]).includes(value)
}

export function ledgerStatusName(status: string | null | undefined): DisplayName {
  return isLedgerStatus(status) ? LEDGER_STATUS_NAMES[status] : { label: "Unknown", color: "grey" }
}

/** The ledger's row types: a payment, a refund the merchant made, a return the plugin made. */
const LEDGER_ROW_TYPES = { payment: "Payment", refund: "Refund", return: "Automatic return" } as const
type LedgerRowType = keyof typeof LEDGER_ROW_TYPES

export function ledgerRowTypeName(type: string): string {
  return LEDGER_ROW_TYPES[type as LedgerRowType] ?? "Payment"
}

// ── M4's statuses ────────────────────────────────────────────────────────────

/** M4's numeric invoice status (invoice/check) when nothing else is known about the payment. */
const M4_INVOICE_STATUS_NAMES: Record<number, string> = {
  1: "Created",
  2: "Awaiting the payer",
  3: "Not created by the payment system",
  4: "Paid",
  5: "Payment notice failed (M4 retries)",
  6: "Declined or released",
  8: "Held",
}

export function m4InvoiceStatusName(code: unknown): string | null {
  if (code === null || code === undefined || code === "") return null
  return M4_INVOICE_STATUS_NAMES[Number(code)] ?? `Unknown M4 status (${code})`
}

/** M4's numeric payout status (withdraw/shop_payment_status). */
const M4_PAYOUT_STATUS_NAMES: Record<number, string> = {
  1: "Created",
  2: "Processing",
  3: "Sent to the payment system",
  4: "Payment system error (M4 retries)",
  5: "Paid out",
  6: "Rejected by the payment system",
  9: "Network error (M4 retries)",
}

export function m4PayoutStatusName(code: unknown): string | null {
  if (code === null || code === undefined || code === "") return null
  return M4_PAYOUT_STATUS_NAMES[Number(code)] ?? `Unknown M4 status (${code})`
}

/** What M4 said in a notification: an invoice's `success`/`hold`/`rejected`, a refund's `WAITING`/`SUCCESS`/`FAILED`. */
export function notificationStatusName(kind: string, status: string): string {
  const s = status.toLowerCase()
  if (kind === "refund") {
    return s === "success"
      ? "Refunded"
      : s === "failed"
        ? "Refund refused"
        : s === "waiting"
          ? "Refund in progress"
          : status
  }
  return s === "success" ? "Paid" : s === "hold" ? "Held" : s === "rejected" ? "Declined or released" : status
}

// ── what the plugin did: every settlement outcome by name ────────────────────

/**
 * The merchant's words for what a settlement did (a notification applied, a reconciliation check).
 * The switch covers the outcome union exactly: adding an outcome in
 * `src/workflows/settle-m4-payment/outcomes.ts` fails the build here until it has words.
 */
export function outcomeName(outcome: SettleOutcomeName): string {
  switch (outcome) {
    case "no_record":
      return "No matching payment in the store"
    case "wrong_provider_ignored":
      return "Ignored: sent for another M4 setup of the store"
    case "invoice_mismatch_ignored":
      return "Ignored: M4's details did not match the payment"
    case "no_invoice_at_m4":
      return "M4 has no such payment"
    case "not_final_yet":
      return "Not final yet"
    case "authorized":
      return "Held (authorized)"
    case "captured":
      return "Paid"
    case "already_authorized":
      return "Already held"
    case "already_captured":
      return "Already paid"
    case "returned":
      return "Returned to the shopper"
    case "returning":
      return "Being returned to the shopper"
    case "return_failed":
      return "Return refused by M4"
    case "flagged":
      return "Paid, no order: flagged for you"
    case "already_returned":
      return "Already returned"
    case "hold_released":
      return "Hold released by M4"
    case "payment_already_settled":
      return "Already settled"
    case "rejected_but_captured_left":
      return "Rejected at M4 after capture: left as captured"
    case "session_marked_rejected":
      return "Payment declined"
    case "already_rejected":
      return "Already declined"
    case "rejected_without_session":
      return "Declined (the shopper had moved on)"
    case "order_canceled":
      return "Declined: order canceled"
    case "order_flagged_rejected":
      return "Declined: the order needs your decision"
    case "refund_not_on_record":
      return "Refund not in the store's records"
    case "refund_waiting":
      return "Refund in progress at M4"
    case "refund_succeeded":
      return "Refunded"
    case "refund_failed_undone":
      return "Refund refused by M4: taken out of the order"
    case "refund_failed":
      return "Refund refused by M4"
    case "refund_not_at_m4":
      return "M4 has no such refund"
    case "return_succeeded":
      return "Returned to the shopper"
    case "not_checked":
      return "Not checked: M4 did not answer"
    case "lapsed_unpaid":
      return "Never paid; no longer payable"
    case "hold_flagged":
      return "Hold about to expire: flagged for you"
    case "hold_captured":
      return "Hold captured automatically"
    case "hold_release_requested":
      return "Hold released automatically"
    default: {
      // every outcome is named above; a stored text from an older version falls through to here
      const unnamed: never = outcome
      void unnamed
      return "Recorded"
    }
  }
}

/** A stored outcome text (from the database): its name, or null when there is none. */
export function outcomeText(outcome: string | null | undefined): string | null {
  return outcome ? outcomeName(outcome as SettleOutcomeName) : null
}

// ── refunds, payouts, providers ──────────────────────────────────────────────

/** A refund on the ledger (m4_refund.state) by name. */
export function refundStateName(state: string): DisplayName {
  switch (state) {
    case "requested":
      return LEDGER_STATUS_NAMES.refund_requested
    case "waiting":
      return LEDGER_STATUS_NAMES.refund_pending
    case "succeeded":
      return LEDGER_STATUS_NAMES.refunded
    case "failed":
      return LEDGER_STATUS_NAMES.refund_refused
    default:
      return { label: "Unknown", color: "grey" }
  }
}

/** The plugin's payout states (m4_payout.status). */
export const PAYOUT_STATE_NAMES: Record<string, DisplayName> = {
  creating: { label: "Sending to M4", color: "blue" },
  pending_verification: { label: "Checking with M4", color: "orange" },
  processing: { label: "In progress", color: "blue" },
  success: { label: "Paid out", color: "green" },
  rejected: { label: "Rejected", color: "red" },
  failed: { label: "Not sent", color: "red" },
  needs_attention: { label: "Needs your attention", color: "red" },
}

export function payoutStateName(state: string | null | undefined): DisplayName {
  return (state && PAYOUT_STATE_NAMES[state]) || { label: "Unknown", color: "grey" }
}

/** A payout's amount type: what the amount the merchant typed stands for. */
export function payoutAmountTypeName(type: string): string {
  return type === "ps_amount" ? "received by the recipient (fees on top)" : "written off your balance (fees deducted)"
}

/**
 * A payment provider registration as Medusa's own dashboard names it (its formatProvider, which
 * the merchant sees in the region's settings): "pp_m4_hold" → "M4 (HOLD)", "pp_m4_m4" → "M4 (M4)".
 */
export function providerName(id: string | null | undefined): string {
  if (!id) return "—"
  const [, name, type] = id.split("_")
  if (!name) return id
  const words = name
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ")
  return type ? `${words} (${type.toUpperCase()})` : words
}

/** M4's payment method name for a payway; the payway's alias only when M4 could not be asked. */
export function methodName(name: string | null | undefined, payway: string | null | undefined): string {
  return name || payway || "—"
}

// ── what needs the merchant ─────────────────────────────────────────────────

/**
 * Everything that needs the merchant, by kind: the events the payment flows raise (`m4.attention`,
 * AttentionEvent in src/providers/m4/core/m4-gateway.ts: the first seven; the server build checks
 * that each of its kinds is here) and the ones the M4 payments page finds (a notification given up
 * on, a hold about to expire, a payment or refund M4 has not confirmed, a payout M4 never settled).
 */
export type AttentionKind =
  | "money_returned"
  | "money_returning"
  | "return_failed"
  | "unmatched_payment_flagged"
  | "hold_released"
  | "payment_needs_decision"
  | "refund_failed"
  | "notification_failed"
  | "hold_expiring"
  | "payment_unconfirmed"
  | "refund_unconfirmed"
  | "payout_needs_attention"

/** One item: the attention event's fields, plus what the newer kinds carry. */
export type MerchantAttention = {
  kind: AttentionKind
  shop_order_id?: string
  invoice_id?: string | null
  order_id?: string | null
  amount?: string
  currency_code?: string
  reason?: string
  notification_id?: string
  payout_id?: string
  /** hold_expiring: when M4 releases the hold (5 days after it was made) */
  hold_expires_at?: string
  /** payout_needs_attention: the recipient account, masked */
  account?: string
}

/** Why money was returned or flagged (m4_invoice.settlement_reason), in the merchant's words. */
const REASONS: Record<string, string> = {
  replaced_session: "the shopper started the payment again and paid an earlier payment page too",
  collection_already_paid: "the order was already paid by another payment",
  order_canceled: "the order was canceled",
  payment_canceled: "the payment had been canceled in the store",
  canceled_after_charge: "the order was canceled after M4 had charged the payment",
}

export function reasonText(reason: string | null | undefined): string | undefined {
  return reason ? (REASONS[reason] ?? reason) : undefined
}

/** What settles an item, as the page offers it. */
export type AttentionAction = "retry_notification" | "open_order" | "check_now" | "open_payout" | "resolve"

/** The page's actions for a kind (in order) and the label of "resolve" where the merchant settles it by saying so. */
export function attentionActions(kind: AttentionKind): { actions: AttentionAction[]; resolveLabel?: string } {
  switch (kind) {
    case "notification_failed":
      return { actions: ["retry_notification", "open_order"] }
    case "money_returned":
    case "money_returning":
      return { actions: ["open_order", "resolve"], resolveLabel: "Mark as seen" }
    case "return_failed":
    case "unmatched_payment_flagged":
    case "refund_failed":
    case "hold_released":
    case "payment_needs_decision":
      return { actions: ["open_order", "resolve"], resolveLabel: "Mark as resolved" }
    case "hold_expiring":
      return { actions: ["open_order"] }
    case "payment_unconfirmed":
    case "refund_unconfirmed":
      // M4 may never confirm it (nothing was made): the merchant settles it once they checked in M4
      return { actions: ["check_now", "open_order", "resolve"], resolveLabel: "Mark as resolved" }
    case "payout_needs_attention":
      return { actions: ["open_payout"] }
  }
}

/** The merchant's words for an item (page and notification alike): a short title and one or two sentences. */
export function attentionText(
  e: MerchantAttention,
  opts: { timeZone?: string } = {}
): { title: string; description: string } {
  const money = e.amount && e.currency_code ? formatMoney(e.amount, e.currency_code) : undefined
  const order = e.order_id ? `order ${e.order_id}` : "no order"
  const invoice = e.invoice_id ? `M4 invoice ${e.invoice_id}` : "an M4 invoice"
  const why = reasonText(e.reason)
  // the newer kinds name only what is known: " (M4 invoice 41000017, order #12)", or nothing
  const known = [e.invoice_id && `M4 invoice ${e.invoice_id}`, e.order_id && `order ${e.order_id}`].filter(Boolean)
  const refs = known.length ? ` (${known.join(", ")})` : ""
  switch (e.kind) {
    case "money_returned":
      return {
        title: "M4 payment returned to the shopper",
        description: `${money ?? "The payment"} of ${invoice} was returned to the shopper${why ? ` because ${why}` : ""} (${order}).`,
      }
    case "money_returning":
      return {
        title: "M4 payment being returned",
        description: `${money ?? "The payment"} of ${invoice} is being refunded to the shopper${why ? ` because ${why}` : ""} (${order}).`,
      }
    case "return_failed":
      return {
        title: "M4 refused to return a payment",
        description: `${money ?? "The payment"} of ${invoice} could not be returned to the shopper${why ? ` (${why})` : ""}. Refund it in your M4 account (${order}).`,
      }
    case "unmatched_payment_flagged":
      return {
        title: "M4 payment with no order",
        description: `${money ?? "The payment"} of ${invoice} was paid but no order uses it${why ? ` (${why})` : ""}. Refund it in your M4 account or contact the shopper.`,
      }
    case "hold_released":
      return {
        title: "M4 released a held payment",
        description: `M4 released the hold of ${money ?? "the payment"} on ${order} (${invoice}): the order is not paid. Ask the customer to pay again or cancel the order.`,
      }
    case "refund_failed":
      return {
        title: "M4 refused a refund",
        description: `The refund of ${money ?? "the payment"} on ${order} (${invoice}) failed at M4${why ? `: ${why}` : ""}. It was taken out of the order's totals; try again or refund in your M4 account.`,
      }
    case "payment_needs_decision":
      return {
        title: "M4 payment needs a look",
        description: `${capitalize(invoice)}${money ? ` for ${money}` : ""} (${order}) does not match what the store asked for${why ? `: ${why}` : ""}. Nothing was changed; check it in your M4 account.`,
      }
    case "notification_failed":
      return {
        title: "M4 notification not applied",
        description: `M4 sent news about ${money ?? "a payment"}${refs} that the store could not apply after every retry. Retry it: the store asks M4 again and follows its answer.`,
      }
    case "hold_expiring":
      return {
        title: "M4 hold expires soon",
        description: `The hold of ${money ?? "a payment"}${refs} ends about ${formatDateTime(e.hold_expires_at, opts)}: M4 releases holds 5 days after they are made. Capture the payment to take the money, or cancel the order to release it.`,
      }
    case "payment_unconfirmed":
      return {
        title: "M4 has not confirmed a payment",
        description: e.invoice_id
          ? `M4 has not confirmed the payment of ${money ?? "an amount"}${refs} an hour after it was made. Nothing is booked until M4 confirms it; the store keeps asking.`
          : `The store asked M4 for a payment of ${money ?? "an amount"}${refs} over an hour ago and M4 has not answered. Nothing is booked until M4 confirms it; the store keeps asking.`,
      }
    case "refund_unconfirmed":
      return {
        title: "M4 has not confirmed a refund",
        description: `M4 has not confirmed the refund of ${money ?? "an amount"}${refs} an hour after it was asked for; the store keeps asking.`,
      }
    case "payout_needs_attention":
      return {
        title: "M4 payout needs a look",
        description: `M4 has not said whether the payout of ${money ?? "money"}${e.account ? ` to ${e.account}` : ""} went through, long after it was sent. Check it in your M4 account, then refresh its status.`,
      }
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
