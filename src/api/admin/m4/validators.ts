import { z } from "@medusajs/framework/zod"
import { isLedgerStatus, LEDGER_STATUSES, type LedgerStatus } from "../../../shared/display-names"

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

// ── the M4 payments page ─────────────────────────────────────────────────────

const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
}

/** An IANA time zone both Intl and PostgreSQL know ("Europe/Berlin"); days are counted in it. */
const timeZone = z
  .string()
  .trim()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz })
      return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)
    } catch {
      return false
    }
  }, 'must be a time zone such as "Europe/Berlin"')
  .default("UTC")

const instant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date and time such as "2026-05-24T00:00:00Z"')
  .transform((v) => new Date(v))

const statuses = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean))
  .refine((list) => list.every(isLedgerStatus), `must be ledger statuses (${LEDGER_STATUSES.join(", ")})`)
  .transform((list) => list as LedgerStatus[])

const ledgerFilter = {
  from: instant.optional(),
  to: instant.optional(),
  status: statuses.optional(),
  provider_id: z
    .string()
    .trim()
    .regex(/^pp_[A-Za-z0-9_-]{1,100}$/, 'must be a payment provider id such as "pp_m4_m4"')
    .optional(),
  tz: timeZone,
}

const fromBeforeTo = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from.getTime() <= q.to.getTime()
const fromBeforeToMessage = { message: "from must not be after to", path: ["from"] }

export const GetLedgerSchema = z.object({ ...ledgerFilter, ...page }).refine(fromBeforeTo, fromBeforeToMessage)
export type GetLedgerType = z.infer<typeof GetLedgerSchema>

export const GetLedgerFilterSchema = z.object(ledgerFilter).refine(fromBeforeTo, fromBeforeToMessage)
export type GetLedgerFilterType = z.infer<typeof GetLedgerFilterSchema>

export const GetAttentionSchema = z.object({ ...page, tz: timeZone })
export type GetAttentionType = z.infer<typeof GetAttentionSchema>

export const PostAttentionResolveSchema = z
  .object({
    key: z
      .string()
      .trim()
      .max(200)
      .regex(/^[a-z_]+:[A-Za-z0-9_:]+$/, "must be the key of an item on the Needs attention list"),
  })
  .strict()
export type PostAttentionResolveType = z.infer<typeof PostAttentionResolveSchema>
