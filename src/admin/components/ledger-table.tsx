import { ArrowDownTray } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  DataTableFilteringState,
  DataTablePaginationState,
  Heading,
  StatusBadge,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import {
  formatDateTime,
  formatMoney,
  ledgerRowTypeName,
  ledgerStatusName,
  type LedgerStatus,
  methodName,
} from "../../shared/display-names"
import { errorText, LedgerQuery, LedgerRow, useLedger, useLedgerTotals } from "../lib/api"
import { adminUrl } from "../lib/sdk"
import { DayTotals } from "./day-totals"

const PAGE_SIZE = 20

/** The statuses a ledger row can have (payments M4 held or took, refunds and returns), in the filter's order. */
const LEDGER_FILTER_STATUSES: LedgerStatus[] = [
  "paid",
  "held",
  "released_by_you",
  "released_by_m4",
  "returning",
  "returned",
  "return_failed",
  "unmatched",
  "refunded",
  "refund_pending",
  "refund_requested",
  "refund_refused",
]

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate())
const daysAgo = (n: number) => startOfDay(new Date(Date.now() - n * 86_400_000))
const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`

/** The date filter's choices, in the browser's time zone. */
function datePresets() {
  const now = new Date()
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1)
  const lastMonthStart = new Date(now.getFullYear(), now.getMonth() - 1, 1)
  return [
    { label: "Today", value: { $gte: daysAgo(0).toISOString() } },
    { label: "Last 7 days", value: { $gte: daysAgo(6).toISOString() } },
    { label: "Last 30 days", value: { $gte: daysAgo(29).toISOString() } },
    { label: "This month", value: { $gte: monthStart.toISOString() } },
    {
      label: "Last month",
      value: { $gte: lastMonthStart.toISOString(), $lte: new Date(monthStart.getTime() - 1).toISOString() },
    },
  ]
}

/** The DataTable's filter values as the API's query: a date picked as "until" covers that whole day. */
function toQuery(filtering: DataTableFilteringState): LedgerQuery {
  const date = (filtering.created_at ?? {}) as { $gte?: string; $lte?: string }
  const to = date.$lte ? new Date(date.$lte) : undefined
  if (to && to.getHours() === 0 && to.getMinutes() === 0 && to.getSeconds() === 0) {
    to.setHours(23, 59, 59, 999)
  }
  const status = filtering.status as string[] | undefined
  return {
    from: date.$gte,
    to: to?.toISOString(),
    status: status?.length ? status.join(",") : undefined,
    provider_id: (filtering.provider_id as string | undefined) || undefined,
    tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  }
}

const money = (amount: string | null, currency: string | null) => formatMoney(amount, currency)
const column = createDataTableColumnHelper<LedgerRow>()

const columns = [
  column.accessor("created_at", {
    header: "Date",
    size: 150,
    cell: ({ getValue }) => formatDateTime(getValue()),
  }),
  column.accessor("order_display_id", {
    header: "Order",
    size: 80,
    cell: ({ row }) =>
      row.original.order_id ? (
        <Link to={`/orders/${row.original.order_id}`} className="text-ui-fg-interactive">
          {row.original.order_display_id === null ? "Order" : `#${row.original.order_display_id}`}
        </Link>
      ) : (
        "—"
      ),
  }),
  column.accessor("method_name", {
    header: "Method",
    cell: ({ row }) =>
      row.original.type === "payment"
        ? methodName(row.original.method_name, row.original.payway)
        : ledgerRowTypeName(row.original.type),
  }),
  column.accessor("amount", {
    header: "Amount",
    align: "right",
    cell: ({ row }) =>
      row.original.type === "payment"
        ? money(row.original.amount, row.original.currency)
        : `−${money(row.original.amount, row.original.currency)}`,
  }),
  column.accessor("fee_amount", {
    header: "M4 fee",
    align: "right",
    cell: ({ row }) => money(row.original.fee_amount, row.original.currency),
  }),
  column.accessor("net_amount", {
    header: "Net credited",
    align: "right",
    cell: ({ row }) => money(row.original.net_amount, row.original.currency),
  }),
  column.accessor("payer_price", {
    header: "Payer paid",
    align: "right",
    cell: ({ row }) => money(row.original.payer_price, row.original.payer_currency),
  }),
  column.accessor("status", {
    header: "Status",
    size: 210,
    cell: ({ row }) => {
      const name = ledgerStatusName(row.original.status)
      return (
        <StatusBadge color={name.color} title={row.original.reason ?? undefined}>
          {name.label}
        </StatusBadge>
      )
    },
  }),
]

/**
 * The ledger: one row per M4 payment and refund (date, order, M4's method name, amount, M4's fee,
 * the net credited, what the payer paid, status), filtered by date, status and provider; above it
 * the totals per day for the same period, and a CSV of it that the server streams.
 */
export const LedgerTable = () => {
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [filtering, setFiltering] = useState<DataTableFilteringState>(() => ({
    created_at: { $gte: daysAgo(29).toISOString() },
  }))
  const query = useMemo(() => toQuery(filtering), [filtering])
  const ledger = useLedger(query, { limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize })
  const totals = useLedgerTotals({ from: query.from, to: query.to, provider_id: query.provider_id, tz: query.tz })

  const filterHelper = createDataTableFilterHelper<LedgerRow>()
  const providers = ledger.data?.providers ?? []
  const filters = [
    filterHelper.accessor("created_at", {
      type: "date",
      label: "Date",
      format: "date",
      rangeOptionLabel: "Custom range",
      options: datePresets(),
    }),
    filterHelper.accessor("status", {
      type: "multiselect",
      label: "Status",
      searchable: false,
      options: LEDGER_FILTER_STATUSES.map((s) => ({ label: ledgerStatusName(s).label, value: s })),
    }),
    ...(providers.length > 1
      ? [
          filterHelper.accessor("provider_id", {
            type: "radio",
            label: "Provider",
            options: providers.map((p) => ({ label: p.name, value: p.id })),
          }),
        ]
      : []),
  ]

  const table = useDataTable({
    columns,
    data: ledger.data?.rows ?? [],
    getRowId: (row) => row.id,
    rowCount: ledger.data?.count ?? 0,
    isLoading: ledger.isLoading,
    filters,
    filtering: {
      state: filtering,
      onFilteringChange: (state) => {
        setFiltering(state)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  const exportHref = adminUrl("/admin/m4/ledger/export", query)
  const range = {
    from: query.from ? localDay(new Date(query.from)) : undefined,
    to: localDay(query.to ? new Date(query.to) : new Date()),
  }

  return (
    <Container className="divide-y p-0" data-testid="m4-ledger">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading level="h2">Ledger</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Every M4 payment and refund, with M4&apos;s fee and what reached your M4 balance.
            </Text>
          </div>
          <div className="flex items-center gap-2">
            <div data-testid="m4-ledger-filter">
              <DataTable.FilterMenu tooltip="Filter" />
            </div>
            <Button size="small" variant="secondary" asChild>
              <a href={exportHref} download data-testid="m4-ledger-export">
                <ArrowDownTray />
                Export CSV
              </a>
            </Button>
          </div>
        </DataTable.Toolbar>
        {totals.data && <DayTotals days={totals.data.days} period={totals.data.period} range={range} />}
        {(ledger.error || totals.error) && (
          <Text size="small" className="px-6 py-4 text-ui-fg-error">
            {errorText(ledger.error ?? totals.error)}
          </Text>
        )}
        <DataTable.Table
          emptyState={{
            empty: { heading: "No M4 payments yet", description: "Payments and refunds appear here as they happen." },
            filtered: { heading: "Nothing matches", description: "No M4 payment or refund matches these filters." },
          }}
        />
        <DataTable.Pagination />
      </DataTable>
    </Container>
  )
}
