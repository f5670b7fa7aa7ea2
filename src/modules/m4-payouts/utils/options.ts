import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

/**
 * Options of the payouts module: its own M4 credentials (the merchant tools talk to M4 outside
 * any payment session), validated at startup by the module loader so a bad value stops Medusa
 * with the option's name. medusa-config passes the same env values as the payment provider.
 */
export const payoutsOptionsSchema = z
  .object({
    shopId: z.coerce
      .number({ error: "must be a positive integer" })
      .int("must be a positive integer")
      .positive("must be a positive integer"),
    secretKey: z.string({ error: "is required" }).trim().min(1, "is required"),
    apiUrl: z
      .string({ error: "must be an http(s) URL" })
      .trim()
      .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "must be an http(s) URL")
      .default("https://api.m4solutions.io/gateway/v1/"),
    timeoutMs: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(1000, "must be at least 1000")
      .max(120000, "must be at most 120000")
      .default(15000),
    /** how often a non-final payout is asked about (M4: every 30 s) */
    pollIntervalMs: z.coerce.number().int().min(1000, "must be at least 1000").default(30_000),
    /** how long an unknown outcome is retried before the payout needs manual attention (M4: 2 h) */
    unknownOutcomeDeadlineMs: z.coerce.number().int().min(1000, "must be at least 1000").default(2 * 3600_000),
    /** how long one instance owns a claimed row; longer than a status call with its timeout */
    leaseMs: z.coerce.number().int().min(1000, "must be at least 1000").default(120_000),
  })
  .strict()

export type PayoutsOptions = z.output<typeof payoutsOptionsSchema>

/** Parses the options; errors name the option and never echo values (the secret must not reach a log). */
export function parsePayoutsOptions(options: unknown): PayoutsOptions {
  // Medusa adds its own keys (e.g. `database`) to every module's options
  const { database: _database, ...own } = (options ?? {}) as Record<string, unknown>
  const result = payoutsOptionsSchema.safeParse(own)
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? `unknown option(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : `option "${issue.path.join(".") || "options"}" ${issue.message}`
  )
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-payment-m4: invalid m4Payouts module options: ${problems.join("; ")}`
  )
}
