/**
 * M4 error codes (docs/m4-protocol.md §10.2, DECISION b): one table, with a name for each code and the kind of
 * refusal it is, so every caller decides on the kind rather than on a bare number.
 */

/** The codes by name: `M4_ERROR.OPERATION_NOT_FOUND` instead of `7`. */
export const M4_ERROR = {
  PAYWAY_NOT_FOUND: 1,
  PAYWAY_NOT_USED: 2,
  PAYWAY_NOT_AVAILABLE: 3,
  AMOUNT_TOO_SMALL: 4,
  AMOUNT_TOO_LARGE: 5,
  OPERATION_NOT_UNIQUE: 6,
  OPERATION_NOT_FOUND: 7,
  OPERATION_IS_PROCESSING: 8,
  INSUFFICIENT_BALANCE: 9,
  INCORRECT_REQUEST_PARAM: 10,
  SHOP_NOT_FOUND: 11,
  SHOP_NOT_ACTIVE: 12,
  ACCOUNT_NOT_FOUND: 13,
  INCORRECT_ACCOUNT_STATUS: 14,
  REQUEST_IP_DENIED: 15,
  INVALID_CURRENCY_EXCHANGE: 16,
  INVALID_SHOP_CONTRACT: 17,
  INCORRECT_ACCOUNT_TYPE: 18,
  SHOP_AGGREGATOR_REQUIRE: 19,
  INVALID_PROJECT: 20,
  PROJECT_NOT_ACTIVE: 21,
} as const

export type M4FatalErrorCode = (typeof M4_ERROR)[keyof typeof M4_ERROR]

/**
 * What a refusal means for the caller:
 * - `payway_unavailable` (1–3): the payment or payout method cannot be used;
 * - `amount_too_small` / `amount_too_large` (4, 5): the payway's limits;
 * - `duplicate` (6), `in_progress` (8): the operation may exist — ask its status (DECISION f);
 * - `not_found` (7): M4 has no such operation;
 * - `insufficient_balance` (9);
 * - `request_refused` (10, 11, 12, 15): the request itself (parameters, shop id, secret key, clock, IP);
 * - `account` (13, 14, 18): the payout recipient's account;
 * - `currency_exchange` (16);
 * - `shop_setup` (17, 19, 20, 21): the shop's contract or project at M4.
 */
export type M4ErrorKind =
  | "payway_unavailable"
  | "amount_too_small"
  | "amount_too_large"
  | "duplicate"
  | "not_found"
  | "in_progress"
  | "insufficient_balance"
  | "request_refused"
  | "account"
  | "currency_exchange"
  | "shop_setup"

/** Each code's FNX name (as M4's messages spell it) and its kind. */
export const M4_ERROR_INFO: Readonly<Record<M4FatalErrorCode, { name: string; kind: M4ErrorKind }>> = {
  1: { name: "PaywayNotFound", kind: "payway_unavailable" },
  2: { name: "PaywayNotUsed", kind: "payway_unavailable" },
  3: { name: "PaywayNotAvailable", kind: "payway_unavailable" },
  4: { name: "AmountTooSmall", kind: "amount_too_small" },
  5: { name: "AmountTooLarge", kind: "amount_too_large" },
  6: { name: "OperationNotUnique", kind: "duplicate" },
  7: { name: "OperationNotFound", kind: "not_found" },
  8: { name: "OperationIsProcessing", kind: "in_progress" },
  9: { name: "InsufficientBalance", kind: "insufficient_balance" },
  10: { name: "IncorrectRequestParam", kind: "request_refused" },
  11: { name: "ShopNotFound", kind: "request_refused" },
  12: { name: "ShopNotActive", kind: "request_refused" },
  13: { name: "AccountNotFound", kind: "account" },
  14: { name: "IncorrectAccountStatus", kind: "account" },
  15: { name: "RequestIpDenied", kind: "request_refused" },
  16: { name: "InvalidCurrencyExchange", kind: "currency_exchange" },
  17: { name: "InvalidShopContract", kind: "shop_setup" },
  18: { name: "IncorrectAccountType", kind: "account" },
  19: { name: "ShopAggregatorRequire", kind: "shop_setup" },
  20: { name: "InvalidProject", kind: "shop_setup" },
  21: { name: "ProjectNotActive", kind: "shop_setup" },
}

/** M4 error codes with their FNX names (the names column of `M4_ERROR_INFO`). */
export const M4_ERROR_CODES: Readonly<Record<M4FatalErrorCode, string>> = Object.fromEntries(
  Object.entries(M4_ERROR_INFO).map(([code, info]) => [code, info.name])
) as Record<M4FatalErrorCode, string>

/** DECISION b: codes 1–21 are fatal for the request; anything else means "outcome unknown". */
export function isFatalErrorCode(code: unknown): code is M4FatalErrorCode {
  return typeof code === "number" && Number.isInteger(code) && code >= 1 && code <= 21
}

export function errorCodeName(code: number): string | undefined {
  return isFatalErrorCode(code) ? M4_ERROR_INFO[code].name : undefined
}

/** The kind of a fatal code; undefined for a code outside the table (an unknown outcome). */
export function errorCodeKind(code: number): M4ErrorKind | undefined {
  return isFatalErrorCode(code) ? M4_ERROR_INFO[code].kind : undefined
}

/** 7: M4 has no such operation (invoice/check, withdraw status queries). */
export function isNotFoundError(code: number): boolean {
  return code === M4_ERROR.OPERATION_NOT_FOUND
}

/** 6: an operation with this id exists already (a retry of a create that did go through). */
export function isDuplicateError(code: number): boolean {
  return code === M4_ERROR.OPERATION_NOT_UNIQUE
}

/** Duplicate (6) and in-progress (8): the operation may exist — resolve by status query (DECISION f). */
export function isDuplicateOrInProgressError(code: number): boolean {
  return code === M4_ERROR.OPERATION_NOT_UNIQUE || code === M4_ERROR.OPERATION_IS_PROCESSING
}

/** 4 and 5: the amount is outside the payway's limits — the shopper's or merchant's to change. */
export function isAmountLimitError(code: number): boolean {
  const kind = errorCodeKind(code)
  return kind === "amount_too_small" || kind === "amount_too_large"
}

/** The error code an API answers an amount outside a payway's limits with (see amountLimitRefusal). */
export const AMOUNT_NOT_ALLOWED = "m4_amount_not_allowed"

/**
 * The one rule for M4's amount limits (4, 5), for every API of the plugin (the storefront's payment,
 * the merchant's payouts): the amount is outside the payway's limits — the caller's input to change
 * (Medusa's `invalid_data`, HTTP 400), never a gateway fault — answered with the stable code
 * `m4_amount_not_allowed` and the limit it broke. Undefined for any other code.
 */
export function amountLimitRefusal(
  code: number
): { code: typeof AMOUNT_NOT_ALLOWED; limit: "minimum" | "maximum" } | undefined {
  const kind = errorCodeKind(code)
  return kind === "amount_too_small"
    ? { code: AMOUNT_NOT_ALLOWED, limit: "minimum" }
    : kind === "amount_too_large"
      ? { code: AMOUNT_NOT_ALLOWED, limit: "maximum" }
      : undefined
}

/** Codes that point at the shop's M4 set-up (payway, credentials, clock, IP, contract, project), not at the payer. */
export function isShopConfigurationError(code: number): boolean {
  const kind = errorCodeKind(code)
  return kind === "payway_unavailable" || kind === "request_refused" || kind === "shop_setup"
}
