import { Button, Container, Heading, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { Link, useParams } from "react-router-dom"
import type { UIMatch } from "react-router-dom"
import {
  formatDateTime,
  formatMoney,
  methodName,
  payoutAmountTypeName,
  payoutStateName,
} from "../../../../shared/display-names"
import { creatorText, errorText, usePayout, usePayoutMethods, useRefreshPayout } from "../../../lib/api"

const Row = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <div className="grid grid-cols-2 px-6 py-3">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small">{value ?? "—"}</Text>
  </div>
)

const checks = (n: number) => (n === 1 ? "1 check" : `${n} checks`)

/** One payout: its fields, a "refresh status" button (asks M4 now) and the status history. */
const PayoutDetailPage = () => {
  const { id = "" } = useParams()
  const { data, error } = usePayout(id)
  const refresh = useRefreshPayout(id)
  const methods = usePayoutMethods()
  const payout = data?.payout
  const method = payout
    ? (methods.data?.payout_methods ?? []).find((m) => m.payways.some((p) => p.alias === payout.payway))?.name
    : undefined
  const status = payout ? payoutStateName(payout.status) : undefined

  const onRefresh = async () => {
    try {
      await refresh.mutateAsync()
    } catch (e) {
      toast.error(errorText(e))
    }
  }

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0" data-testid="m4-payout-detail">
        <div className="flex items-center justify-between px-6 py-4">
          <div className="flex items-center gap-x-3">
            <Link to="/m4-payouts" className="text-ui-fg-interactive txt-compact-small">
              ← Payouts
            </Link>
            <Heading level="h1">Payout {payout?.id ?? id}</Heading>
          </div>
          <div className="flex items-center gap-x-2">
            {status && (
              <StatusBadge color={status.color} data-testid="m4-payout-detail-status" data-status={payout?.status}>
                {status.label}
              </StatusBadge>
            )}
            <Button size="small" variant="secondary" onClick={onRefresh} isLoading={refresh.isPending}>
              Refresh status
            </Button>
          </div>
        </div>
        {error && (
          <Text size="small" className="px-6 py-4 text-ui-fg-error">
            {errorText(error)}
          </Text>
        )}
        {payout && (
          <>
            <Row label="Payout method" value={methodName(method, payout.payway)} />
            <Row label="Recipient account" value={payout.account} />
            <Row label="Recipient name" value={payout.recipient_name} />
            <Row
              label="Amount"
              value={`${formatMoney(payout.amount, payout.shop_currency)}, ${payoutAmountTypeName(payout.amount_type)}`}
            />
            <Row
              label="Recipient receives"
              value={payout.payee_receive && formatMoney(payout.payee_receive, payout.ps_currency)}
            />
            <Row
              label="Written off your M4 balance"
              value={payout.shop_write_off && formatMoney(payout.shop_write_off, payout.shop_currency)}
            />
            <Row label="Your payout reference" value={payout.shop_payment_id} />
            <Row label="M4 payout id" value={payout.m4_payout_id} />
            <Row label="M4 says" value={payout.m4_status_name} />
            <Row label="Problem" value={payout.error_message} />
            <Row label="Created by" value={creatorText(payout)} />
            <Row label="Created" value={formatDateTime(payout.created_at)} />
            <Row
              label="Last asked M4"
              value={
                payout.last_checked_at
                  ? `${formatDateTime(payout.last_checked_at)} (${checks(payout.check_count)})`
                  : "Not yet"
              }
            />
            <Row
              label="Next check"
              value={payout.next_check_at ? formatDateTime(payout.next_check_at) : "None needed"}
            />
          </>
        )}
      </Container>
      <Container className="divide-y p-0" data-testid="m4-payout-history">
        <div className="px-6 py-4">
          <Heading level="h2">Status history</Heading>
        </div>
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>When</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>M4 says</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {(data?.events ?? []).map((e) => (
              <Table.Row key={e.id}>
                <Table.Cell>{formatDateTime(e.created_at)}</Table.Cell>
                <Table.Cell>{payoutStateName(e.status).label}</Table.Cell>
                {/* the event's note is the plugin's (which call, which answer): for the log, not the merchant */}
                <Table.Cell>{e.m4_status_name ?? "—"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </Container>
    </div>
  )
}

// Payouts › <id> in the dashboard's breadcrumb (the list route gives "M4 Payouts")
export const handle = {
  breadcrumb: (match: UIMatch) => `Payout ${(match.params as { id?: string }).id ?? ""}`,
}

export default PayoutDetailPage
