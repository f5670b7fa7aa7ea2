/**
 * A business error answered in the standard envelope with HTTP 200 (API.md §2.1, §10).
 * Codes and message texts follow API.md §10.2 and the recorded exchanges.
 */
import { pythonFloatText } from "../../m4/money/amount"

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
  return new GatewayError(10, `Incorrect values for parameters: ${field}="${problem}"`)
}

export const gatewayErrors = {
  paywayNotFound: (alias: string) => new GatewayError(1, `Payway (alias = ${alias}) is not found`),
  paywayNotAvailable: (alias: string, why = "is not available for shop") =>
    new GatewayError(3, `Payway (alias = ${alias}) ${why}`),
  amountTooSmall: (min: string) => new GatewayError(4, `Payer price amount is too small, min: ${pythonFloatText(min)}`),
  amountTooLarge: (max: string, what = "Payer price amount") =>
    new GatewayError(5, `${what} is too large, max: ${pythonFloatText(max)}`),
  notUnique: (field: string, value: string, shopId: number) =>
    new GatewayError(6, `${field} '${value}' is not unique for shop(id=${shopId})`),
  notFound: (what: string, id: string | number) => new GatewayError(7, `${what} (id=${id}) wasn't found`),
  processing: (message: string) => new GatewayError(8, message),
  insufficientBalance: (currency: number, writeOff: string, balance: string) =>
    new GatewayError(
      9,
      `Insufficient balance(currency=${currency}): shop_write_off=${pythonFloatText(writeOff)}, balance=${pythonFloatText(balance)}`
    ),
  badSign: (stringToSign: string) =>
    incorrectParam("sign", `Invalid sign, string to sign: "${stringToSign}"`),
  shopNotFound: (shopIdText: string) => new GatewayError(11, `Shop (id = ${shopIdText}) is not found`),
  currencyExchange: (from: number, to: number) =>
    new GatewayError(16, `Invalid currency exchange: no exchange rate ${from} -> ${to} is configured in the sandbox`),
}
