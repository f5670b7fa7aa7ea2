import { z } from "zod"
import { REFUND_STATUSES } from "../statuses"

/**
 * zod schemas for the `data` of every M4 response (docs/m4-protocol.md §4–§6).
 * Objects are loose: fields M4 adds later are kept, never rejected. Only what the plugin
 * decides on is required; the rest is optional because M4's answers vary between examples.
 */

/** An amount in a response: a JSON number in Python float form (`227.56`, `0.0`), sometimes a string (`"160"`). */
export const m4AmountSchema = z.union([
  z.number().refine(Number.isFinite, "not a finite number"),
  z.string().regex(/^-?\d+(\.\d+)?$/, "not a decimal string"),
])
export type M4Amount = z.infer<typeof m4AmountSchema>

/** An integer (ids, ISO numeric currency codes, status codes); digit strings are tolerated. */
export const m4IntSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, "not an integer")
    .transform(Number),
])

/** Free-form object M4 sends as `{}`, `null` or not at all (add_ons_config, info, manual, warning). */
const looseRecord = z.record(z.string(), z.unknown()).nullish()

export const invoiceTryDataSchema = z.looseObject({
  payer_price: m4AmountSchema,
  ps_currency: m4IntSchema,
  paymethod_id: m4IntSchema.optional(),
  paymethod_name: z.string().nullish(),
  add_ons_config: looseRecord,
  info: looseRecord,
  manual: looseRecord,
  warning: looseRecord,
})
export type InvoiceTryData = z.infer<typeof invoiceTryDataSchema>

/** invoice/create and invoice/hold: where to send the payer (GET redirect or auto-POST form of `data`). */
export const invoiceCreateDataSchema = z.looseObject({
  id: m4IntSchema,
  method: z.string(),
  url: z.string(),
  data: looseRecord,
})
export type InvoiceCreateData = z.infer<typeof invoiceCreateDataSchema>

/** invoice/charge and invoice/unhold (DECISION g): the invoice id and its status after the call. */
export const invoiceStatusChangeDataSchema = z.looseObject({
  id: m4IntSchema,
  status: m4IntSchema,
})
export type InvoiceStatusChangeData = z.infer<typeof invoiceStatusChangeDataSchema>

export const invoiceCheckDataSchema = z.looseObject({
  payment_id: m4IntSchema,
  status: m4IntSchema,
  shop_order_id: z.string(),
  shop_amount: m4AmountSchema,
  shop_currency: m4IntSchema,
  shop_id: m4IntSchema.optional(),
  ps_currency: m4IntSchema.nullish(),
  client_price: m4AmountSchema.nullish(),
  shop_refund: m4AmountSchema.nullish(),
  payway: z.string().nullish(),
  description: z.string().nullish(),
  ps_data: z.string().nullish(),
  error_code: m4IntSchema.nullish(),
  is_unique: z.boolean().nullish(),
  created: z.string().nullish(),
  updated: z.string().nullish(),
  processed: z.string().nullish(),
})
export type InvoiceCheckData = z.infer<typeof invoiceCheckDataSchema>

export const refundStatusSchema = z.enum(REFUND_STATUSES)

/** invoice/create-refund (DECISION g). */
export const invoiceCreateRefundDataSchema = z.looseObject({
  id: z.union([m4IntSchema, z.string()]),
  status: refundStatusSchema,
})
export type InvoiceCreateRefundData = z.infer<typeof invoiceCreateRefundDataSchema>

/** invoice/get-refunds: shape open (docs/m4-protocol.md §4.8); the sandbox answers with refund-callback fields. */
export const refundRecordSchema = z.looseObject({
  shop_refund_id: z.string().nullish(),
  status: refundStatusSchema.nullish(),
  invoice_id: m4IntSchema.nullish(),
  amount: m4AmountSchema.nullish(),
  currency: z.union([z.string(), z.number()]).nullish(),
  error_code: m4IntSchema.nullish(),
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
})
export const invoiceGetRefundsDataSchema = z.array(refundRecordSchema)
export type InvoiceGetRefundsData = z.infer<typeof invoiceGetRefundsDataSchema>

export const payMethodPaywaySchema = z.looseObject({
  alias: z.string(),
  currency: m4IntSchema,
  id: m4IntSchema.optional(),
  is_active: z.boolean().nullish(),
  min_amount: m4AmountSchema.nullish(),
  max_amount: m4AmountSchema.nullish(),
  add_ons_config: looseRecord,
  fee_config: looseRecord,
  fee_part_config: looseRecord,
  account_info_config: looseRecord,
  paysystem_data: z.unknown().optional(),
})
export type PayMethodPayway = z.infer<typeof payMethodPaywaySchema>

export const payMethodSchema = z.looseObject({
  id: m4IntSchema.optional(),
  name: z.string().nullish(),
  rating: z.number().nullish(),
  payways: z.array(payMethodPaywaySchema),
})
export type PayMethod = z.infer<typeof payMethodSchema>

/** shop_input_config/shop and shop_output_config/shop. */
export const shopConfigDataSchema = z.array(payMethodSchema)
export type ShopConfigData = z.infer<typeof shopConfigDataSchema>

export const shopBalanceDataSchema = z.looseObject({
  shop_id: m4IntSchema.optional(),
  balances: z.array(
    z.looseObject({
      currency: m4IntSchema,
      available: m4AmountSchema,
      frozen: m4AmountSchema.nullish(),
      hold: m4AmountSchema.nullish(),
      rolling_reserve: m4AmountSchema.nullish(),
    })
  ),
})
export type ShopBalanceData = z.infer<typeof shopBalanceDataSchema>

/** withdraw/try: M4's own example mixes `payee_receive: 150` and `shop_write_off: "160"`. */
export const withdrawTryDataSchema = z.looseObject({
  payee_receive: m4AmountSchema,
  shop_write_off: m4AmountSchema,
  ps_currency: m4IntSchema,
  shop_currency: m4IntSchema,
  account_info_config: looseRecord,
  info: looseRecord,
})
export type WithdrawTryData = z.infer<typeof withdrawTryDataSchema>

export const checkAccountDataSchema = z.looseObject({
  result: z.boolean(),
  account_info: looseRecord,
  provider_status: m4IntSchema.nullish(),
})
export type CheckAccountData = z.infer<typeof checkAccountDataSchema>

export const withdrawCreateDataSchema = z.looseObject({
  id: m4IntSchema,
  status: m4IntSchema,
  shop_payment_id: z.string(),
  payee_receive: m4AmountSchema.nullish(),
  shop_write_off: m4AmountSchema.nullish(),
  ps_currency: m4IntSchema.nullish(),
  shop_currency: m4IntSchema.nullish(),
  balance: m4AmountSchema.nullish(),
})
export type WithdrawCreateData = z.infer<typeof withdrawCreateDataSchema>

/** withdraw/status and withdraw/shop_payment_status. */
export const withdrawStatusDataSchema = z.looseObject({
  id: m4IntSchema,
  status: m4IntSchema,
  shop_payment_id: z.string().nullish(),
  payee_receive: m4AmountSchema.nullish(),
  shop_write_off: m4AmountSchema.nullish(),
  ps_currency: m4IntSchema.nullish(),
  shop_currency: m4IntSchema.nullish(),
  error_code: m4IntSchema.nullish(),
  rrn: z.union([z.string(), z.number()]).nullish(),
  bank_transaction_id: z.union([z.string(), z.number()]).nullish(),
})
export type WithdrawStatusData = z.infer<typeof withdrawStatusDataSchema>

/** The response envelope (docs/m4-protocol.md §2.1). Lenient about `message`/`error_code` types so odd errors stay readable. */
export const envelopeSchema = z.looseObject({
  result: z.boolean(),
  message: z.string().nullish(),
  error_code: z.union([z.number(), z.string()]).nullish(),
  data: z.unknown().optional(),
})

/** "a.b[2].c" from a zod issue path, for `invalid_data` details. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = ""
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key)
  }
  return out || "(root)"
}

/** A one-line description of the first problems of a failed parse, naming field paths (`data.status: …`). */
export function describeZodError(error: z.ZodError, prefix = "data"): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = formatIssuePath(issue.path)
      const full =
        path === "(root)"
          ? prefix
          : issue.path.length && typeof issue.path[0] === "number"
            ? `${prefix}${path}`
            : `${prefix}.${path}`
      return `${full}: ${issue.message}`
    })
    .join("; ")
}
