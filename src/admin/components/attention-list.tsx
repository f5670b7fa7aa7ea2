import {
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  DataTablePaginationState,
  Heading,
  Text,
  toast,
  useDataTable,
} from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { formatDateTime } from "../../shared/display-names"
import {
  AttentionItem,
  errorText,
  useAttention,
  useCheckNow,
  useResolveAttention,
  useRetryNotification,
} from "../lib/api"

const PAGE_SIZE = 10
const column = createDataTableColumnHelper<AttentionItem>()

/** The buttons that settle an item: retry it, open its order or payout, ask M4 now, mark it resolved. */
const Actions = ({ item }: { item: AttentionItem }) => {
  const retry = useRetryNotification()
  const check = useCheckNow()
  const resolve = useResolveAttention()
  const busy = retry.isPending || check.isPending || resolve.isPending
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action()
      toast.success(done)
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 py-2 whitespace-normal">
      {item.actions.map((action) => {
        switch (action) {
          case "retry_notification":
            return (
              <Button
                key={action}
                size="small"
                disabled={busy}
                isLoading={retry.isPending}
                onClick={() =>
                  run(
                    () => retry.mutateAsync(item.ref_id),
                    "The store will apply it again within a minute, after asking M4"
                  )
                }
              >
                Retry now
              </Button>
            )
          case "check_now":
            return (
              <Button
                key={action}
                size="small"
                disabled={busy}
                isLoading={check.isPending}
                onClick={() =>
                  run(() => check.mutateAsync(item), "The store asks M4 at its next check, within a minute")
                }
              >
                Ask M4 now
              </Button>
            )
          case "open_order":
            return item.order_id ? (
              <Button key={action} size="small" variant={item.actions[0] === action ? "primary" : "secondary"} asChild>
                <Link to={`/orders/${item.order_id}`}>
                  {item.kind === "hold_expiring" ? "Capture or release" : "Open order"}
                </Link>
              </Button>
            ) : null
          case "open_payout":
            return (
              <Button key={action} size="small" asChild>
                <Link to={`/m4-payouts/${item.ref_id}`}>Open payout</Link>
              </Button>
            )
          case "resolve":
            return (
              <Button
                key={action}
                size="small"
                variant="secondary"
                disabled={busy}
                isLoading={resolve.isPending}
                onClick={() => run(() => resolve.mutateAsync(item.key), "Removed from the list")}
              >
                {item.resolve_label ?? "Mark as resolved"}
              </Button>
            )
        }
      })}
    </div>
  )
}

const columns = [
  column.accessor("title", {
    header: "What happened",
    size: 560,
    truncateTooltip: false,
    cell: ({ row }) => (
      <div className="flex flex-col gap-y-1 py-3 whitespace-normal" data-testid={`m4-attention-${row.original.kind}`}>
        <Text size="small" weight="plus" leading="compact">
          {row.original.title}
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          {row.original.description}
        </Text>
      </div>
    ),
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
  column.accessor("invoice_id", { header: "M4 invoice", size: 120, cell: ({ getValue }) => getValue() ?? "—" }),
  column.accessor("at", { header: "Since", size: 160, cell: ({ getValue }) => formatDateTime(getValue()) }),
  column.display({
    id: "settle",
    header: "",
    size: 300,
    meta: { ___truncateTooltip: false },
    cell: ({ row }) => <Actions item={row.original} />,
  }),
]

/**
 * "Needs attention": each item in the merchant's words with its order and M4 invoice and the
 * action that settles it; an item leaves the list once settled (the list refetches after each
 * action, and every 30 s for what the store settles on its own).
 */
export const AttentionList = () => {
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const { data, isLoading, error } = useAttention({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
  })
  const table = useDataTable({
    columns,
    data: data?.items ?? [],
    getRowId: (item) => item.key,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })
  return (
    <Container className="divide-y p-0" data-testid="m4-attention">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex items-center justify-between gap-2 px-6 py-4">
          <div>
            <Heading level="h2">Needs attention</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              What M4 or the store could not settle without you. Items leave the list once settled.
            </Text>
          </div>
          {data && (
            <Text size="small" className="text-ui-fg-subtle" data-testid="m4-attention-count">
              {data.count === 1 ? "1 item" : `${data.count} items`}
            </Text>
          )}
        </DataTable.Toolbar>
        {error && (
          <Text size="small" className="px-6 py-4 text-ui-fg-error">
            {errorText(error)}
          </Text>
        )}
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "Nothing needs your attention",
              description: "Payments, refunds and payouts are all settled with M4.",
            },
          }}
        />
        {(data?.count ?? 0) > PAGE_SIZE && <DataTable.Pagination />}
      </DataTable>
    </Container>
  )
}
