import { Container, Heading, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { adminFetch, Balance } from "../lib/api"

/** The M4 shop balance per currency: available / frozen (payouts in progress) / hold. */
export const BalanceCard = () => {
  const [balances, setBalances] = useState<Balance[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    adminFetch<{ balances: Balance[] }>("/admin/m4/balance")
      .then((d) => setBalances(d.balances))
      .catch((e) => setError(e.message))
  }, [])

  return (
    <Container className="divide-y p-0" data-testid="m4-balance">
      <div className="px-6 py-4">
        <Heading level="h2">M4 balance</Heading>
      </div>
      {error && (
        <Text className="px-6 py-4 text-ui-fg-error" size="small">
          {error}
        </Text>
      )}
      {!balances && !error && (
        <Text className="px-6 py-4" size="small">
          Loading…
        </Text>
      )}
      {balances && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Currency</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Available</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Frozen</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Hold</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {balances.map((b) => (
              <Table.Row key={b.currency} data-testid={`m4-balance-${b.currency}`}>
                <Table.Cell>{b.currency}</Table.Cell>
                <Table.Cell className="text-right">{b.available}</Table.Cell>
                <Table.Cell className="text-right">{b.frozen}</Table.Cell>
                <Table.Cell className="text-right">{b.hold}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}
