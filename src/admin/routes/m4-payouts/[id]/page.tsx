import { Button, Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import { useCallback, useEffect, useState } from "react"
import { Link, useParams } from "react-router-dom"
import type { UIMatch } from "react-router-dom"
import { adminFetch, creatorText, formatDate, Payout, PayoutEvent, STATUS_COLOR } from "../../../lib/api"

const Row = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <div className="grid grid-cols-2 px-6 py-3">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small">{value ?? "—"}</Text>
  </div>
)

/** One payout: its fields, a "refresh status" button (asks M4 now) and the status history. */
const PayoutDetailPage = () => {
  const { id } = useParams()
  const [payout, setPayout] = useState<Payout | null>(null)
  const [events, setEvents] = useState<PayoutEvent[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(() => {
    adminFetch<{ payout: Payout; events: PayoutEvent[] }>(`/admin/m4/payouts/${id}`)
      .then((d) => {
        setPayout(d.payout)
        setEvents(d.events)
      })
      .catch((e) => setError(e.message))
  }, [id])

  useEffect(() => {
    load()
    const timer = setInterval(load, 5000)
    return () => clearInterval(timer)
  }, [load])

  const refresh = async () => {
    setBusy(true)
    try {
      await adminFetch(`/admin/m4/payouts/${id}/refresh`, { method: "POST", body: {} })
      load()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
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
            {payout && (
              <StatusBadge color={STATUS_COLOR[payout.status] ?? "grey"} data-testid="m4-payout-detail-status">
                {payout.status}
              </StatusBadge>
            )}
            <Button size="small" variant="secondary" onClick={refresh} isLoading={busy}>
              Refresh status
            </Button>
          </div>
        </div>
        {error && (
          <Text size="small" className="px-6 py-4 text-ui-fg-error">
            {error}
          </Text>
        )}
        {payout && (
          <>
            <Row label="Payway" value={payout.payway} />
            <Row label="Recipient account" value={payout.account} />
            <Row label="Recipient name" value={payout.recipient_name} />
            <Row label="Amount" value={`${payout.amount} ${payout.shop_currency} (${payout.amount_type})`} />
            <Row
              label="Recipient receives"
              value={payout.payee_receive && `${payout.payee_receive} ${payout.ps_currency ?? ""}`}
            />
            <Row
              label="Shop writes off"
              value={payout.shop_write_off && `${payout.shop_write_off} ${payout.shop_currency}`}
            />
            <Row label="Shop payment id" value={payout.shop_payment_id} />
            <Row label="M4 payout id" value={payout.m4_payout_id} />
            <Row label="M4 status" value={payout.m4_status_name} />
            <Row label="Error" value={payout.error_message} />
            <Row label="Created by" value={creatorText(payout)} />
            <Row label="Created" value={formatDate(payout.created_at)} />
            <Row label="Last checked" value={`${formatDate(payout.last_checked_at)} (${payout.check_count} checks)`} />
            <Row label="Next check" value={formatDate(payout.next_check_at)} />
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
              <Table.HeaderCell>M4 status</Table.HeaderCell>
              <Table.HeaderCell>Note</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {events.map((e) => (
              <Table.Row key={e.id}>
                <Table.Cell>{formatDate(e.created_at)}</Table.Cell>
                <Table.Cell>{e.status}</Table.Cell>
                <Table.Cell>{e.m4_status_name ?? "—"}</Table.Cell>
                <Table.Cell>{e.note}</Table.Cell>
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
