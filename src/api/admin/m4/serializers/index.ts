/**
 * How the admin M4 routes present M4 data: accounts and card numbers always masked, money as
 * exact decimal text at the currency's minor units, statuses by name (src/shared/display-names.ts).
 * Not a route folder (Medusa loads only `route.ts` files).
 */
export { hideAccountNumbers, maskDigits, serializePayout } from "./payout"
export { serializePayMethods, serializePayway } from "./pay-methods"
export { atMinorUnits, currencyCode, invoiceStatusName, payoutStatusName } from "./status-names"
export { payoutCreators, withCreator, type PayoutCreator } from "./payout-creators"
export { methodNames } from "./method-names"
export { orderRefs, type OrderRef } from "./order-refs"
export {
  csvLine,
  LEDGER_CSV_COLUMNS,
  ledgerCsvRow,
  localDateTime,
  serializeDayTotals,
  serializeLedgerRow,
} from "./ledger"
export { attentionItems } from "./attention"
export { currencyAlpha, decimalText } from "../../../../m4"
