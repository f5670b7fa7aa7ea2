/**
 * A business error answered in the standard envelope with HTTP 200 (docs/m4-protocol.md §2.1, §10).
 * Codes and message texts follow docs/m4-protocol.md §10.2 and the recorded exchanges.
 */
import { M4_ERROR, pythonFloatText } from "../../m4"

export class GatewayError extends Error {
  constructor(
    readonly code: number,
    message: string
  ) {
    super(message)
    this.name = "GatewayError"
  }
}

/** Code 10 for one field, pydantic style: `Incorrect values for parameters: shop_id="value is not a valid integer"`. */
export function incorrectParam(field: string, problem: string): GatewayError {
  return incorrectParams([[field, problem]])
}

/** Code 10 for several fields at once: `email="field required", phone="field required"`. */
export function incorrectParams(problems: ReadonlyArray<readonly [field: string, problem: string]>): GatewayError {
  return new GatewayError(
    M4_ERROR.INCORRECT_REQUEST_PARAM,
    `Incorrect values for parameters: ${problems.map(([field, problem]) => `${field}="${problem}"`).join(", ")}`
  )
}

export const gatewayErrors = {
  paywayNotFound: (alias: string) =>
    new GatewayError(M4_ERROR.PAYWAY_NOT_FOUND, `Payway (alias = ${alias}) is not found`),
  paywayNotAvailable: (alias: string, why = "is not available for shop") =>
    new GatewayError(M4_ERROR.PAYWAY_NOT_AVAILABLE, `Payway (alias = ${alias}) ${why}`),
  amountTooSmall: (min: string) =>
    new GatewayError(M4_ERROR.AMOUNT_TOO_SMALL, `Payer price amount is too small, min: ${pythonFloatText(min)}`),
  amountTooLarge: (max: string, what = "Payer price amount") =>
    new GatewayError(M4_ERROR.AMOUNT_TOO_LARGE, `${what} is too large, max: ${pythonFloatText(max)}`),
  notUnique: (field: string, value: string, shopId: number) =>
    new GatewayError(M4_ERROR.OPERATION_NOT_UNIQUE, `${field} '${value}' is not unique for shop(id=${shopId})`),
  notFound: (what: string, id: string | number) =>
    new GatewayError(M4_ERROR.OPERATION_NOT_FOUND, `${what} (id=${id}) wasn't found`),
  processing: (message: string) => new GatewayError(M4_ERROR.OPERATION_IS_PROCESSING, message),
  insufficientBalance: (currency: number, writeOff: string, balance: string) =>
    new GatewayError(
      M4_ERROR.INSUFFICIENT_BALANCE,
      `Insufficient balance(currency=${currency}): shop_write_off=${pythonFloatText(writeOff)}, balance=${pythonFloatText(balance)}`
    ),
  badSign: (stringToSign: string) => incorrectParam("sign", `Invalid sign, string to sign: "${stringToSign}"`),
  shopNotFound: (shopIdText: string) =>
    new GatewayError(M4_ERROR.SHOP_NOT_FOUND, `Shop (id = ${shopIdText}) is not found`),
  currencyExchange: (from: number, to: number) =>
    new GatewayError(
      M4_ERROR.INVALID_CURRENCY_EXCHANGE,
      `Invalid currency exchange: no exchange rate ${from} -> ${to} is configured in the sandbox`
    ),
}
