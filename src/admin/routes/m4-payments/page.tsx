import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Container, Heading, Text } from "@medusajs/ui"
import { AttentionList } from "../../components/attention-list"
import { LedgerTable } from "../../components/ledger-table"

/**
 * The merchant's M4 desk: what needs them now (each item with the action that settles it), and the
 * ledger of every M4 payment and refund with M4's fees, the net credited and totals per day.
 */
const M4PaymentsPage = () => (
  <div className="flex flex-col gap-y-3">
    <Container className="px-6 py-4" data-testid="m4-payments-header">
      <Heading level="h1">M4 Payments</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        What needs you, what M4 kept in fees and what reached your M4 balance.
      </Text>
    </Container>
    <AttentionList />
    <LedgerTable />
  </div>
)

export const config = defineRouteConfig({
  label: "M4 Payments",
  icon: CreditCard,
})

export const handle = {
  breadcrumb: () => "M4 Payments",
}

export default M4PaymentsPage
