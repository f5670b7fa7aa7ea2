/**
 * Calls the plugin's Admin API from dashboard extensions. The dashboard is served by the same
 * Medusa server, so relative URLs and the session cookie (credentials: "include") authenticate.
 */
export async function adminFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    credentials: "include",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  const data = text ? JSON.parse(text) : {}
  if (!res.ok) {
    throw new Error(data?.message ?? `HTTP ${res.status}`)
  }
  return data as T
}

export type Payout = {
  id: string
  shop_payment_id: string
  payway: string
  account: string
  account_masked: string
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
  m4_status_name: string | null
  status: string
  error_code: number | null
  error_message: string | null
  created_by: string | null
  created_by_user: { id: string; name: string | null; email: string | null; display: string } | null
  next_check_at: string | null
  last_checked_at: string | null
  check_count: number
  final_at: string | null
  created_at: string
}

export type PayoutEvent = {
  id: string
  status: string
  m4_status: number | null
  m4_status_name: string | null
  note: string | null
  error_code: number | null
  created_at: string
}

export type Payway = {
  alias: string
  currency: string
  min_amount: string | null
  max_amount: string | null
  is_active: boolean
  account_fields: { name: string; regex: string | null; title: string | null; example: string | null }[]
}

export type Preview = {
  payway: string
  amount: string
  amount_type: string
  shop_currency: string
  payee_receive: string | null
  ps_currency: string | null
  shop_write_off: string | null
  account_check: null | { result: boolean; recipient_name: string | null }
}

export type Balance = { currency: string; available: string; frozen: string; hold: string }

export const STATUS_COLOR: Record<string, "green" | "red" | "orange" | "blue" | "grey"> = {
  success: "green",
  rejected: "red",
  failed: "red",
  needs_attention: "red",
  pending_verification: "orange",
  creating: "orange",
  processing: "blue",
}

export const formatDate = (value: string | null) => (value ? new Date(value).toLocaleString() : "—")

/** "created by": the admin's name, else e-mail, else the id the API gave. */
export const creatorText = (p: Pick<Payout, "created_by" | "created_by_user">) =>
  p.created_by_user?.display ?? p.created_by ?? "—"

/** "4111111111111111" → "************1111", for what the dashboard echoes before the payout exists. */
export const maskAccount = (account: string) =>
  account.length <= 4 ? "*".repeat(account.length) : "*".repeat(account.length - 4) + account.slice(-4)
