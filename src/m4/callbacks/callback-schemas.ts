import { z } from "zod"
import { amountToDecimalString } from "../money/amount"
import { INVOICE_CALLBACK_STATUSES, REFUND_STATUSES } from "../statuses"

/**
 * zod schemas for callback bodies (docs/m4-protocol.md §8.2, §8.3), applied after the signature check to the
 * *text view* of the body: every number is its raw lexeme (`"6.0"`), as it also is in form-encoded
 * bodies, so one schema serves JSON and form callbacks and amounts never pass through a float.
 */
export type CallbackTextView = Record<string, string | boolean | null>

const INT_TEXT = /^-?\d+$/
// Python float repr may use an exponent (1e-05, 1e+16)
const DECIMAL_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

const emptyToNull = (value: unknown) => (value === "" ? null : value)

const intText = z.string().regex(INT_TEXT, "not an integer").transform(Number)
const optionalIntText = z.preprocess(emptyToNull, intText.nullish())
const amountText = z.string().regex(DECIMAL_TEXT, "not a decimal number")
const optionalAmountText = z.preprocess(emptyToNull, amountText.nullish())
const optionalText = z.string().nullish()

/** "6.0" stays "6.0"; an exponent lexeme becomes plain decimal text ("1e-05" → "0.00001"). */
function exactDecimal(text: string): string {
  return /[eE]/.test(text) ? amountToDecimalString(text) : text
}

/** An amount as both forms: the number for convenience, the exact decimal text for decisions. */
function amountPair(text: string): { value: number; text: string } {
  const exact = exactDecimal(text)
  return { value: Number(exact), text: exact }
}

export const invoiceCallbackSchema = z
  .looseObject({
    status: z.enum(INVOICE_CALLBACK_STATUSES),
    payment_id: intText,
    shop_order_id: z.string().min(1),
    shop_id: intText,
    shop_currency: intText,
    shop_amount: amountText,
    ps_currency: optionalIntText,
    client_price: optionalAmountText,
    shop_refund: optionalAmountText,
    error_code: optionalIntText,
    payway: optionalText,
    description: optionalText,
    ps_data: optionalText,
    addons: optionalText,
    created: optionalText,
    updated: optionalText,
    processed: optionalText,
  })
  .transform((cb) => {
    const shopAmount = amountPair(cb.shop_amount)
    const clientPrice = cb.client_price ? amountPair(cb.client_price) : null
    const shopRefund = cb.shop_refund ? amountPair(cb.shop_refund) : null
    return {
      ...cb,
      shop_amount: shopAmount.value,
      shop_amount_text: shopAmount.text,
      client_price: clientPrice?.value ?? null,
      client_price_text: clientPrice?.text ?? null,
      shop_refund: shopRefund?.value ?? null,
      shop_refund_text: shopRefund?.text ?? null,
    }
  })

/**
 * A verified invoice callback. Amounts come twice: `shop_amount` (a JS number, display only) and
 * `shop_amount_text` (exact decimal text as transmitted, e.g. "6.0") — compare money with the
 * latter via amountsEqual. Unknown fields M4 adds are kept (as their transmitted text).
 */
export type InvoiceCallback = z.output<typeof invoiceCallbackSchema>

export const refundCallbackSchema = z
  .looseObject({
    shop_refund_id: z.string().min(1),
    status: z.enum(REFUND_STATUSES),
    invoice_id: intText,
    amount: amountText,
    // alphabetic ("USD") per M4's schema, unlike every other currency field
    currency: z.string().min(1),
    error_code: optionalIntText,
    created_at: optionalText,
    processed_at: optionalText,
    addons: optionalText,
  })
  .transform((cb) => {
    const amount = amountPair(cb.amount)
    return { ...cb, amount: amount.value, amount_text: amount.text }
  })

/** A verified refund callback; `amount_text` is the exact decimal text ("100.00"). */
export type RefundCallback = z.output<typeof refundCallbackSchema>
