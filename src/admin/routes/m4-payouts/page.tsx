import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Cash } from "@medusajs/icons"
import {
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
import { Link, useNavigate } from "react-router-dom"
import {
  formatDateTime,
  formatMoney,
  methodName,
  PAYOUT_STATE_NAMES,
  payoutStateName,
} from "../../../shared/display-names"
import { BalanceCard } from "../../components/balance-card"
import { CreatePayoutForm } from "../../components/create-payout-form"
import { creatorText, errorText, Payout, usePayoutMethods, usePayouts } from "../../lib/api"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<Payout>()
const filter = createDataTableFilterHelper<Payout>()

const columnsWith = (names: Map<string, string>) => [
  column.accessor("created_at", {
    header: "Created",
    cell: ({ row }) => (
      <Link to={`/m4-payouts/${row.original.id}`} className="text-ui-fg-interactive">
        {formatDateTime(row.original.created_at)}
      </Link>
    ),
  }),
  column.accessor("payway", {
    header: "Payout method",
    cell: ({ getValue }) => methodName(names.get(getValue()), getValue()),
  }),
  column.accessor("account", { header: "Account" }),
  column.accessor("amount", {
    header: "Amount",
    align: "right",
    cell: ({ row }) => formatMoney(row.original.amount, row.original.shop_currency),
  }),
  column.accessor("status", {
    header: "Status",
    cell: ({ row }) => {
      const name = payoutStateName(row.original.status)
      return (
        <StatusBadge color={name.color} data-testid="m4-payout-status">
          {name.label}
        </StatusBadge>
      )
    },
  }),
  column.display({ id: "created_by", header: "Created by", cell: ({ row }) => creatorText(row.original) }),
]

const filters = [
  filter.accessor("status", {
    type: "radio",
    label: "Status",
    options: Object.entries(PAYOUT_STATE_NAMES).map(([value, name]) => ({ label: name.label, value })),
  }),
]

/** Payouts: balance, a create form (preview → confirm) and the list with live statuses, page by page. */
const PayoutsPage = () => {
  const navigate = useNavigate()
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const status = filtering.status as string | undefined
  const { data, isLoading, error } = usePayouts({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    status,
  })
  const methods = usePayoutMethods()
  const columns = useMemo(
    () =>
      columnsWith(
        new Map(
          (methods.data?.payout_methods ?? []).flatMap((m) =>
            m.name ? m.payways.map((p) => [p.alias, m.name as string] as const) : []
          )
        )
      ),
    [methods.data]
  )
  const table = useDataTable({
    columns,
    data: data?.payouts ?? [],
    getRowId: (p) => p.id,
    rowCount: data?.count ?? 0,
    isLoading,
    filters,
    filtering: {
      state: filtering,
      onFilteringChange: (state) => {
        setFiltering(state)
        setPagination((p) => ({ ...p, pageIndex: 0 }))
      },
    },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_event, row) => navigate(`/m4-payouts/${row.id}`),
  })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="px-6 py-4" data-testid="m4-payouts-header">
        <Heading level="h1">M4 Payouts</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Send money from your M4 balance to a card or account. Account numbers are shown masked.
        </Text>
      </Container>
      <BalanceCard />
      <CreatePayoutForm />
      <Container className="divide-y p-0" data-testid="m4-payouts-list">
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex items-center justify-between gap-2 px-6 py-4">
            <Heading level="h2">Payouts</Heading>
            <div className="flex items-center gap-2">
              {data && (
                <Text size="small" className="text-ui-fg-subtle">
                  {data.count} total
                </Text>
              )}
              <DataTable.FilterMenu tooltip="Filter" />
            </div>
          </DataTable.Toolbar>
          {error && (
            <Text size="small" className="px-6 py-4 text-ui-fg-error">
              {errorText(error)}
            </Text>
          )}
          <DataTable.Table
            emptyState={{
              empty: { heading: "No payouts yet", description: "Payouts you send appear here." },
              filtered: { heading: "No payouts with this status" },
            }}
          />
          <DataTable.Pagination />
        </DataTable>
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "M4 Payouts",
  // its own icon: the sidebar's Pricing entry already uses CurrencyDollar
  icon: Cash,
})

export const handle = {
  breadcrumb: () => "M4 Payouts",
}

export default PayoutsPage
