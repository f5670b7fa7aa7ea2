import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { DetailWidgetProps, AdminOrder } from "@medusajs/framework/types"
import { Container, Heading, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { adminFetch, formatDate } from "../lib/api"

type Invoice = {
  invoice_id: string | null
  m4_status: number | null
  m4_status_name: string | null
  currency: string | null
  payer_price: string | null
  payer_currency: string | null
  amount: string | null
  currency_code: string | null
  payway: string | null
  refunds: { shop_refund_id: string; amount: string; status: string; currency: string | null }[]
}
type Notification = {
  id: string
  kind: string
  status: string
  amount: string | null
  currency: string | null
  received_at: string
  duplicate_count: number
  outcome: string | null
}

/** The M4 invoice behind the order's payment and the notifications M4 sent about it. */
const M4OrderInvoiceWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const [state, setState] = useState<{ invoice: Invoice | null; notifications: Notification[] } | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    adminFetch<{ invoice: Invoice | null; notifications: Notification[] }>(`/admin/m4/orders/${order.id}/notifications`)
      .then(setState)
      .catch((e) => setError(e.message))
  }, [order.id])

  if (state && !state.invoice && state.notifications.length === 0) {
    return null // not an M4 order
  }
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">M4 payment</Heading>
      </div>
      {error && (
        <Text size="small" className="px-6 py-4 text-ui-fg-error">
          {error}
        </Text>
      )}
      {state?.invoice && (
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Text size="small">Invoice: {state.invoice.invoice_id ?? "—"}</Text>
          <Text size="small">
            Status: <span data-testid="m4-invoice-status">{state.invoice.m4_status_name ?? "—"}</span>
          </Text>
          <Text size="small">
            Amount: {state.invoice.amount} {state.invoice.currency}
          </Text>
          <Text size="small">
            Payer price: {state.invoice.payer_price ?? "—"} {state.invoice.payer_currency ?? ""}
          </Text>
          {state.invoice.refunds.map((r) => (
            <Text size="small" key={r.shop_refund_id}>
              Refund {r.amount} {r.currency}: {r.status.toLowerCase()}
            </Text>
          ))}
        </div>
      )}
      {state && state.notifications.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Received</Table.HeaderCell>
              <Table.HeaderCell>Notification</Table.HeaderCell>
              <Table.HeaderCell>Repeats</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {state.notifications.map((n) => (
              <Table.Row key={n.id}>
                <Table.Cell>{formatDate(n.received_at)}</Table.Cell>
                <Table.Cell>
                  {n.kind} {n.status}
                  {n.amount ? ` ${n.amount} ${n.currency ?? ""}` : ""}
                  {n.outcome ? ` → ${n.outcome}` : ""}
                </Table.Cell>
                <Table.Cell>{n.duplicate_count}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default M4OrderInvoiceWidget
