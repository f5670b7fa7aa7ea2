import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { AttentionAction, AttentionKind, LedgerStatus } from "../../shared/display-names"
import { sdk } from "./sdk"

/**
 * The plugin's Admin API as the dashboard uses it: Medusa's JS SDK for the requests and TanStack
 * Query (the dashboard's own client) for loading, caching and refetching, as Medusa's dashboard
 * extensions do. Every key starts with "m4", so an action refreshes exactly what it changed.
 */

// ── types of the answers ─────────────────────────────────────────────────────

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

export type PayMethods = { id: number | null; name: string | null; payways: Payway[] }[]

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

export type AttentionItem = {
  key: string
  kind: AttentionKind
  at: string
  title: string
  description: string
  order_id: string | null
  order_display_id: number | null
  invoice_id: string | null
  amount: string | null
  currency: string | null
  ref_id: string
  hold_expires_at: string | null
  actions: AttentionAction[]
  resolve_label: string | null
}

export type LedgerRow = {
  id: string
  type: "payment" | "refund" | "return"
  created_at: string
  order_id: string | null
  order_display_id: number | null
  invoice_id: string | null
  provider_id: string
  payway: string | null
  method_name: string | null
  amount: string
  currency: string
  fee_amount: string | null
  net_amount: string | null
  payer_price: string | null
  payer_currency: string | null
  status: LedgerStatus
  status_label: string
  reason: string | null
}

export type DayTotal = { day: string; currency: string; gross: string; fees: string; net: string; refunds: string }
export type PeriodTotal = Omit<DayTotal, "day">

/** The ledger's filters as the API takes them (`from`/`to` ISO instants, `status` comma-separated). */
export type LedgerQuery = { from?: string; to?: string; status?: string; provider_id?: string; tz?: string }

export type OrderInvoice = {
  id: string
  invoice_id: string | null
  provider_id: string
  mode: "single_step" | "two_step"
  state: string
  m4_status: number | null
  m4_status_name: string | null
  confirmed_at: string | null
  last_checked_at: string | null
  last_outcome_label: string | null
  settlement: string | null
  settlement_reason: string | null
  amount: string
  currency: string | null
  paid_amount: string | null
  fee_amount: string | null
  net_amount: string | null
  payer_price: string | null
  payer_currency: string | null
  payway: string
  method_name: string | null
  status: LedgerStatus | null
  status_label: string | null
  expires_at: string | null
  created_at: string
  hold_expires_at: string | null
  refunds: {
    id: string
    shop_refund_id: string
    kind: "refund" | "return"
    amount: string
    state: string
    failure_reason: string | null
    undone: boolean
    currency: string | null
    created_at: string
  }[]
}

export type OrderNotification = {
  id: string
  kind: "invoice" | "refund"
  status: string
  amount: string | null
  currency: string | null
  received_at: string
  duplicate_count: number
  outcome: string | null
  outcome_label: string | null
}

// ── queries ──────────────────────────────────────────────────────────────────

const get = <T>(path: string, query?: Record<string, unknown>) => sdk.client.fetch<T>(path, { method: "GET", query })
const post = <T>(path: string, body: Record<string, unknown> = {}) =>
  sdk.client.fetch<T>(path, { method: "POST", body })

/** Payouts still moving at M4 (the polling job settles them): their pages refetch while any is. */
const OPEN_PAYOUT = ["creating", "pending_verification", "processing"]

export const useBalance = () =>
  useQuery({ queryKey: ["m4", "balance"], queryFn: () => get<{ balances: Balance[] }>("/admin/m4/balance") })

export const usePayoutMethods = () =>
  useQuery({
    queryKey: ["m4", "payout-methods"],
    queryFn: () => get<{ payout_methods: PayMethods }>("/admin/m4/payout-methods"),
    staleTime: 5 * 60_000,
  })

export const usePayouts = (q: { limit: number; offset: number; status?: string }) =>
  useQuery({
    queryKey: ["m4", "payouts", q],
    queryFn: () =>
      get<{ payouts: Payout[]; count: number }>("/admin/m4/payouts", {
        limit: q.limit,
        offset: q.offset,
        ...(q.status ? { status: q.status } : {}),
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.payouts.some((p) => OPEN_PAYOUT.includes(p.status)) ? 5000 : false),
  })

export const usePayout = (id: string) =>
  useQuery({
    queryKey: ["m4", "payout", id],
    queryFn: () => get<{ payout: Payout; events: PayoutEvent[] }>(`/admin/m4/payouts/${id}`),
    refetchInterval: (query) => (OPEN_PAYOUT.includes(query.state.data?.payout.status ?? "") ? 5000 : false),
  })

export const useAttention = (q: { limit: number; offset: number }) =>
  useQuery({
    queryKey: ["m4", "attention", q],
    queryFn: () =>
      get<{ items: AttentionItem[]; count: number }>("/admin/m4/attention", {
        ...q,
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),
    placeholderData: keepPreviousData,
    // the reconciliation and the sweep settle items on their own: look again now and then
    refetchInterval: 30_000,
  })

export const useLedger = (filter: LedgerQuery, page: { limit: number; offset: number }) =>
  useQuery({
    queryKey: ["m4", "ledger", filter, page],
    queryFn: () =>
      get<{ rows: LedgerRow[]; count: number; providers: { id: string; name: string }[] }>("/admin/m4/ledger", {
        ...filter,
        ...page,
      }),
    placeholderData: keepPreviousData,
  })

export const useLedgerTotals = (filter: LedgerQuery) =>
  useQuery({
    queryKey: ["m4", "ledger-totals", filter],
    queryFn: () =>
      get<{ time_zone: string; days: DayTotal[]; period: PeriodTotal[] }>("/admin/m4/ledger/totals", filter),
    placeholderData: keepPreviousData,
  })

export const useOrderM4 = (orderId: string) =>
  useQuery({
    queryKey: ["m4", "order", orderId],
    queryFn: () =>
      get<{ invoice: OrderInvoice | null; invoices: OrderInvoice[]; notifications: OrderNotification[] }>(
        `/admin/m4/orders/${orderId}/notifications`
      ),
  })

// ── actions ──────────────────────────────────────────────────────────────────

/** An action's mutation that refreshes every M4 query it may have changed. */
function useM4Mutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>, refresh: string[][]) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSuccess: () => Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey }))),
  })
}

const DESK = [
  ["m4", "attention"],
  ["m4", "ledger"],
  ["m4", "ledger-totals"],
]

export const useRetryNotification = () =>
  useM4Mutation((id: string) => post(`/admin/m4/notifications/${id}/retry`), DESK)

export const useCheckNow = () =>
  useM4Mutation(
    (item: { kind: AttentionKind; ref_id: string }) =>
      post(`/admin/m4/${item.kind === "refund_unconfirmed" ? "refunds" : "invoices"}/${item.ref_id}/check`),
    DESK
  )

export const useResolveAttention = () =>
  useM4Mutation((key: string) => post("/admin/m4/attention/resolve", { key }), DESK)

export const useRefreshPayout = (id: string) =>
  useM4Mutation(
    (_input: void) => post<{ payout: Payout }>(`/admin/m4/payouts/${id}/refresh`),
    [
      ["m4", "payout", id],
      ["m4", "payouts"],
      ["m4", "attention"],
    ]
  )

export const usePreviewPayout = () =>
  useMutation({
    mutationFn: (body: Record<string, unknown>) => post<{ preview: Preview }>("/admin/m4/payouts/preview", body),
  })

export const useCreatePayout = () =>
  useM4Mutation(
    (body: Record<string, unknown>) => post<{ payout: Payout }>("/admin/m4/payouts", body),
    [
      ["m4", "payouts"],
      ["m4", "balance"],
    ]
  )

// ── small helpers the pages share ────────────────────────────────────────────

/** "created by": the admin's name, else e-mail, else the id the API gave. */
export const creatorText = (p: Pick<Payout, "created_by" | "created_by_user">) =>
  p.created_by_user?.display ?? p.created_by ?? "—"

/** "4111111111111111" → "************1111", for what the dashboard echoes before the payout exists. */
export const maskAccount = (account: string) =>
  account.length <= 4 ? "*".repeat(account.length) : "*".repeat(account.length - 4) + account.slice(-4)

/** An error from the SDK (the API's own message) as a sentence for the page. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : "Something went wrong")
