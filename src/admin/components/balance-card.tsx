import { Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMoney } from "../../shared/display-names"
import { errorText, useBalance } from "../lib/api"

/** The M4 shop balance per currency: available / frozen (payouts in progress) / hold. */
export const BalanceCard = () => {
  const { data, isLoading, error } = useBalance()
  return (
    <Container className="divide-y p-0" data-testid="m4-balance">
      <div className="px-6 py-4">
        <Heading level="h2">M4 balance</Heading>
      </div>
      {error && (
        <Text className="px-6 py-4 text-ui-fg-error" size="small">
          {errorText(error)}
        </Text>
      )}
      {isLoading && (
        <Text className="px-6 py-4" size="small">
          Loading…
        </Text>
      )}
      {data && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Currency</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Available</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Frozen (payouts in progress)</Table.HeaderCell>
              <Table.HeaderCell className="text-right">On hold</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.balances.map((b) => (
              <Table.Row key={b.currency} data-testid={`m4-balance-${b.currency}`}>
                <Table.Cell>{b.currency}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(b.available)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(b.frozen)}</Table.Cell>
                <Table.Cell className="text-right">{formatMoney(b.hold)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}
