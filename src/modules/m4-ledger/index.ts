import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import M4LedgerModuleService from "./service"

/**
 * The plugin's ledger of money at M4: every invoice and refund the plugin asks M4 for
 * (`m4_invoice`, `m4_refund`), every notification M4 sent about them (`m4_notification`), and when
 * each is next checked with M4.
 */
export const M4_LEDGER_MODULE = "m4Ledger"

export default Module(M4_LEDGER_MODULE, {
  service: M4LedgerModuleService,
  loaders: [validateOptionsLoader],
})

export { M4LedgerModuleService }
export type { ClaimedNotification, RecordedNotification, RecordNotificationInput } from "./service"
export type { LedgerOptions, ReconciliationOptions } from "./utils/options"
export { InvoiceRecords, stateOfStatus } from "./records/invoice-records"
export type {
  InvoiceAnswer,
  InvoiceIntent,
  InvoiceRecord,
  InvoiceSettlement,
  InvoiceState,
} from "./records/invoice-records"
export { RefundRecords, stateOfRefundStatus } from "./records/refund-records"
export type { RefundIntent, RefundRecord, RefundState } from "./records/refund-records"
export { DeskRecords, HOLD_EXPIRING_WITHIN_MS, HOLD_LIFETIME_MS, UNCONFIRMED_AFTER_MS } from "./records/desk-records"
export type {
  AttentionRow,
  DayTotals,
  LedgerAttentionKind,
  LedgerCursor,
  LedgerFilter,
  LedgerRow,
} from "./records/desk-records"
export { knexRunner } from "./records/sql"
export type { SqlRunner } from "./records/sql"
