/**
 * How the admin M4 routes present M4 data: accounts and card numbers always masked, money as
 * exact decimal text, statuses by name. Not a route folder (Medusa loads only `route.ts` files).
 */
export { hideAccountNumbers, maskDigits, serializePayout } from "./payout"
export { serializePayMethods, serializePayway } from "./pay-methods"
export { currencyCode, invoiceStatusName, payoutStatusName } from "./status-names"
export { payoutCreators, withCreator, type PayoutCreator } from "./payout-creators"
export { currencyAlpha, decimalText } from "../../../../m4"
