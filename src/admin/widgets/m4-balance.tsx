import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { BalanceCard } from "../components/balance-card"

/** M4 shop balance above the order list. */
const M4BalanceWidget = () => <BalanceCard />

export const config = defineWidgetConfig({
  zone: "order.list.before",
})

export default M4BalanceWidget
