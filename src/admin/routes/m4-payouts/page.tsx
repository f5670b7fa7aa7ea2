import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Cash } from "@medusajs/icons"
import { Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import { useCallback, useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { BalanceCard } from "../../components/balance-card"
import { CreatePayoutForm } from "../../components/create-payout-form"
import { adminFetch, creatorText, formatDate, Payout, STATUS_COLOR } from "../../lib/api"

/** Payouts: balance, a create form (preview → confirm) and the list with live statuses. */
const PayoutsPage = () => {
  const [payouts, setPayouts] = useState<Payout[]>([])
  const [count, setCount] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState(0)

  const load = useCallback(() => {
    adminFetch<{ payouts: Payout[]; count: number }>("/admin/m4/payouts?limit=50")
      .then((d) => {
        setPayouts(d.payouts)
        setCount(d.count)
        setError(null)
      })
      .catch((e) => setError(e.message))
  }, [])

  // the polling job moves statuses on the server; re-read the list while something is open
  useEffect(() => {
    load()
    const timer = setInterval(load, 5000)
    return () => clearInterval(timer)
  }, [load])

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="px-6 py-4" data-testid="m4-payouts-header">
        <Heading level="h1">M4 Payouts</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Send money from your M4 balance to a card or account. Account numbers are shown masked.
        </Text>
      </Container>
      {/* re-mounted after each payout: the write-off is frozen at once */}
      <BalanceCard key={created} />
      <CreatePayoutForm
        onCreated={() => {
          setCreated((n) => n + 1)
          load()
        }}
      />
      <Container className="divide-y p-0" data-testid="m4-payouts-list">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h2">Payouts</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {count} total
          </Text>
        </div>
        {error && (
          <Text size="small" className="px-6 py-4 text-ui-fg-error">
            {error}
          </Text>
        )}
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Created</Table.HeaderCell>
              <Table.HeaderCell>Payway</Table.HeaderCell>
              <Table.HeaderCell>Account</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Created by</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {payouts.map((p) => (
              <Table.Row key={p.id} data-testid={`m4-payout-row-${p.id}`}>
                <Table.Cell>
                  <Link to={`/m4-payouts/${p.id}`} className="text-ui-fg-interactive">
                    {formatDate(p.created_at)}
                  </Link>
                </Table.Cell>
                <Table.Cell>{p.payway}</Table.Cell>
                <Table.Cell>{p.account}</Table.Cell>
                <Table.Cell className="text-right">
                  {p.amount} {p.shop_currency}
                </Table.Cell>
                <Table.Cell>
                  <StatusBadge color={STATUS_COLOR[p.status] ?? "grey"} data-testid="m4-payout-status">
                    {p.status}
                  </StatusBadge>
                </Table.Cell>
                <Table.Cell>{creatorText(p)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
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
