/**
 * medusa-payment-m4/m4 — the M4 protocol layer, usable from plain Node without Medusa:
 * request signing, the typed M4 client, the callback verifier, statuses, error codes and currency helpers.
 *
 * This file is the layer's only public entry (the provider, the merchant tools module, the sandbox and
 * package users import from here). Helpers the layer uses internally (transport-error mapping,
 * redaction, zod issue formatting, outcome constructors) are deliberately not exported.
 */

// signing (docs/m4-protocol.md §3, §5)
export { SIGNED_FIELDS, M4_ENDPOINTS, isM4Endpoint } from "./signing/signed-fields"
export type { M4Endpoint } from "./signing/signed-fields"
export { m4Hash, signaturesEqual } from "./signing/hash"
export { RawBodyError, readRawFields } from "./signing/raw-fields"
export type { RawFieldValue, RawFields, RawBody, BodyFormat } from "./signing/raw-fields"
export { requestStringToSign, signRequest, rawRequestStringToSign } from "./signing/request-signature"
export type { RequestValue } from "./signing/request-signature"
export { callbackStringToSign, callbackSignature } from "./signing/callback-signature"

// money and time
export { UnknownCurrencyError, allCurrencies, findCurrency, getCurrency } from "./money/currencies"
export type { M4Currency } from "./money/currencies"
export {
  InvalidAmountError,
  formatAmount,
  formatExactAmount,
  formatPositiveAmount,
  amountsEqual,
  compareAmounts,
  addAmounts,
  subtractAmounts,
  percentOf,
  isAmount,
  compareAmountsAtPrecision,
  amountToDecimalString,
  pythonFloatText,
} from "./money/amount"
export type { AmountInput } from "./money/amount"
export { formatNow, M4_DEFAULT_OFFSET, parseM4Date, formatM4Timestamp } from "./time/now"

// the vocabulary: statuses, error codes, "is this answer about our operation"
export {
  INVOICE_STATUS,
  INVOICE_STATUS_INFO,
  isKnownInvoiceStatus,
  isFinalInvoiceStatus,
  INVOICE_CALLBACK_STATUSES,
  isInvoiceCallbackStatus,
  invoiceStatusFromCallbackStatus,
  isFinalInvoiceCallbackStatus,
  REFUND_STATUSES,
  isRefundStatus,
  isFinalRefundStatus,
  PAYOUT_STATUS,
  PAYOUT_STATUS_INFO,
  isKnownPayoutStatus,
  isFinalPayoutStatus,
} from "./statuses"
export type { InvoiceStatusCode, InvoiceCallbackStatus, RefundStatus, PayoutStatusCode } from "./statuses"
export {
  M4_ERROR,
  M4_ERROR_INFO,
  M4_ERROR_CODES,
  isFatalErrorCode,
  errorCodeName,
  errorCodeKind,
  isNotFoundError,
  isDuplicateError,
  isDuplicateOrInProgressError,
  isAmountLimitError,
  amountLimitRefusal,
  AMOUNT_NOT_ALLOWED,
  isShopConfigurationError,
} from "./error-codes"
export type { M4FatalErrorCode, M4ErrorKind } from "./error-codes"
export { answerMismatch } from "./answer-match"
export type { ReportedOperation, ExpectedOperation } from "./answer-match"

// the client and its outcomes (DECISION b)
export { isOk, isFatal, isUnknown, describeOutcome } from "./client/outcome"
export type { M4Outcome, M4UnknownReason, M4OkOutcome, M4FatalOutcome, M4UnknownOutcome } from "./client/outcome"
export {
  m4AmountSchema,
  m4IntSchema,
  invoiceTryDataSchema,
  invoiceCreateDataSchema,
  invoiceStatusChangeDataSchema,
  invoiceCheckDataSchema,
  refundStatusSchema,
  invoiceCreateRefundDataSchema,
  refundRecordSchema,
  invoiceGetRefundsDataSchema,
  payMethodPaywaySchema,
  payMethodSchema,
  shopConfigDataSchema,
  shopBalanceDataSchema,
  withdrawTryDataSchema,
  checkAccountDataSchema,
  withdrawCreateDataSchema,
  withdrawStatusDataSchema,
} from "./client/schemas"
export type {
  M4Amount,
  InvoiceTryData,
  InvoiceCreateData,
  InvoiceStatusChangeData,
  InvoiceCheckData,
  InvoiceCreateRefundData,
  InvoiceGetRefundsData,
  PayMethodPayway,
  PayMethod,
  ShopConfigData,
  ShopBalanceData,
  WithdrawTryData,
  CheckAccountData,
  WithdrawCreateData,
  WithdrawStatusData,
} from "./client/schemas"
export type * from "./client/inputs"
export { interpretResponse } from "./client/interpret-response"
export { M4_DEFAULT_BASE_URL, M4_DEFAULT_TIMEOUT_MS, M4Client } from "./client/m4-client"
export type { M4Logger, M4ClientOptions } from "./client/m4-client"

// options shared by everything that talks to one M4 shop
export { m4CredentialsShape, urlOption } from "./credentials-options"
export { M4OptionsError, parseOptionsOrThrow } from "./parse-options"
export { currencyAlpha, decimalText, localizedText } from "./display/answer-text"

// callbacks (docs/m4-protocol.md §4)
export { invoiceCallbackSchema, refundCallbackSchema } from "./callbacks/callback-schemas"
export type { InvoiceCallback, RefundCallback } from "./callbacks/callback-schemas"
export { verifyCallback } from "./callbacks/verify-callback"
export type { VerifiedCallback, RejectedCallback, VerifyCallbackOptions } from "./callbacks/verify-callback"
