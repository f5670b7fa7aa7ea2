import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, AdminOrder } from "@medusajs/framework/types"
import { Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import {
  formatDateTime,
  formatMoney,
  ledgerStatusName,
  methodName,
  notificationStatusName,
  refundStateName,
} from "../../shared/display-names"
import { errorText, OrderInvoice, useOrderM4 } from "../lib/api"

const Line = ({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) => (
  <div className="grid grid-cols-2 gap-x-2">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" className="text-right" data-testid={testId}>
      {children}
    </Text>
  </div>
)

/** Whether M4 confirmed what the store records, and when (the reconciliation's state). */
function confirmation(i: OrderInvoice): string {
  if (i.confirmed_at) {
    return `Confirmed by M4 at ${formatDateTime(i.confirmed_at)}`
  }
  return i.state === "issuing" ? "M4 has not answered yet; the store keeps asking" : "Not confirmed by M4 yet"
}

const Invoice = ({ invoice: i }: { invoice: OrderInvoice }) => {
  const status = i.status ? ledgerStatusName(i.status) : undefined
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid={`m4-invoice-${i.invoice_id ?? i.id}`}>
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          {methodName(i.method_name, i.payway)}
        </Text>
        {status && (
          <StatusBadge color={status.color} data-testid="m4-invoice-status">
            {status.label}
          </StatusBadge>
        )}
      </div>
      <Line label="Amount">{formatMoney(i.paid_amount ?? i.amount, i.currency)}</Line>
      {i.fee_amount !== null && (
        <Line label="M4's fee" testId="m4-invoice-fee">
          {formatMoney(i.fee_amount, i.currency)}
        </Line>
      )}
      {i.net_amount !== null && (
        <Line label="Net credited to you" testId="m4-invoice-net">
          {formatMoney(i.net_amount, i.currency)}
        </Line>
      )}
      {i.payer_price && <Line label="The payer paid">{formatMoney(i.payer_price, i.payer_currency)}</Line>}
      {i.hold_expires_at && <Line label="M4 releases the hold">{formatDateTime(i.hold_expires_at)}</Line>}
      <Line label="M4 invoice">{i.invoice_id ?? "—"}</Line>
      <Text size="xsmall" className="text-ui-fg-subtle" data-testid="m4-invoice-confirmed">
        {confirmation(i)}
        {i.last_outcome_label ? ` · Last check: ${i.last_outcome_label}` : ""}
      </Text>
      {i.refunds.map((r) => {
        const state = refundStateName(r.state)
        return (
          <div key={r.id} className="flex items-center justify-between gap-x-2" data-testid="m4-invoice-refund">
            <Text size="small">
              {r.kind === "return" ? "Automatic return" : "Refund"} {formatMoney(r.amount, r.currency)}
              {r.failure_reason ? ` — ${r.failure_reason}` : ""}
            </Text>
            <StatusBadge color={state.color}>{state.label}</StatusBadge>
          </div>
        )
      })}
    </div>
  )
}

/** The M4 invoice behind the order's payment (M4's fee, the net credited, M4's confirmation) and M4's notifications. */
const M4OrderInvoiceWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, error } = useOrderM4(order.id)

  if (data && !data.invoice && data.notifications.length === 0) {
    return null // not an M4 order
  }
  const others = (data?.invoices ?? []).filter((i) => i.id !== data?.invoice?.id)
  return (
    <Container className="divide-y p-0" data-testid="m4-order-panel">
      <div className="px-6 py-4">
        <Heading level="h2">M4 payment</Heading>
      </div>
      {error && (
        <Text size="small" className="px-6 py-4 text-ui-fg-error">
          {errorText(error)}
        </Text>
      )}
      {data?.invoice && <Invoice invoice={data.invoice} />}
      {others.map((i) => (
        <Invoice key={i.id} invoice={i} />
      ))}
      {data && data.notifications.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>M4 said</Table.HeaderCell>
              <Table.HeaderCell>The store did</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.notifications.map((n) => (
              <Table.Row key={n.id}>
                <Table.Cell className="whitespace-normal">
                  <Text size="small">
                    {notificationStatusName(n.kind, n.status)}
                    {n.amount ? ` · ${formatMoney(n.amount, n.currency)}` : ""}
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    {formatDateTime(n.received_at)}
                    {n.duplicate_count ? ` · sent ${n.duplicate_count + 1} times` : ""}
                  </Text>
                </Table.Cell>
                <Table.Cell className="whitespace-normal">{n.outcome_label ?? "Waiting"}</Table.Cell>
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
