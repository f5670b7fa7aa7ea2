import { z } from "zod"
import { optionsOf } from "../../../plugin-options"
import { parseOptionsOrThrow } from "../../../m4"
import { m4CredentialsShape } from "../../../m4"

/**
 * Options of the merchant tools module: its own M4 credentials (the merchant tools talk to M4 outside
 * any payment session), validated at startup by the module loader so a bad value stops Medusa
 * with the option's name. medusa-config passes the same env values as the payment provider.
 */
export const payoutsOptionsSchema = z
  .object({
    ...m4CredentialsShape,
    /** how often a non-final payout is asked about (M4: every 30 s) */
    pollIntervalMs: z.coerce.number().int().min(1000, "must be at least 1000").default(30_000),
    /** how long an unknown outcome is retried before the payout needs manual attention (M4: 2 h) */
    unknownOutcomeDeadlineMs: z.coerce
      .number()
      .int()
      .min(1000, "must be at least 1000")
      .default(2 * 3600_000),
    /** how long one instance owns a claimed row; longer than a status call with its timeout */
    leaseMs: z.coerce.number().int().min(1000, "must be at least 1000").default(120_000),
  })
  .strict()

export type PayoutsOptions = z.output<typeof payoutsOptionsSchema>

/** Parses the options; errors name the option and never echo values (the secret must not reach a log). */
export function parsePayoutsOptions(options: unknown): PayoutsOptions {
  return parseOptionsOrThrow(
    payoutsOptionsSchema,
    optionsOf("m4MerchantTools", options),
    "m4MerchantTools module options"
  )
}
