import { z } from "@medusajs/framework/zod"

const payway = z
  .string()
  .trim()
  .regex(/^[A-Za-z_,[\]]{1,150}$/, "must be an M4 payway alias (letters, _ , [ ], at most 150)")

/** The fields a payout is made of (preview and create share them). */
const payoutFields = {
  payway,
  account: z.string().trim().min(1, "is required").max(255),
  account_details: z.record(z.string(), z.string()).optional(),
  amount: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .refine((v) => /^\d+(\.\d+)?$/.test(v), 'must be a positive decimal number such as "100.00"'),
  amount_type: z.enum(["ps_amount", "shop_amount"]).default("shop_amount"),
  shop_currency: z
    .string()
    .trim()
    .regex(/^([A-Za-z]{3}|\d{3})$/, 'must be an ISO 4217 code such as "USD"')
    .optional(),
}

export const PostPayoutPreviewSchema = z.object({ ...payoutFields, check_account: z.boolean().default(false) }).strict()
export type PostPayoutPreviewType = z.infer<typeof PostPayoutPreviewSchema>

export const PostPayoutSchema = z
  .object({
    ...payoutFields,
    idempotency_key: z.string().trim().min(8, "must be at least 8 characters").max(200).optional(),
    description: z.string().max(255).optional(),
    recipient_name: z.string().max(255).optional(),
  })
  .strict()
export type PostPayoutType = z.infer<typeof PostPayoutSchema>

export const GetPayoutsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: z
    .enum(["creating", "pending_verification", "processing", "success", "rejected", "failed", "needs_attention"])
    .optional(),
})
export type GetPayoutsType = z.infer<typeof GetPayoutsSchema>
