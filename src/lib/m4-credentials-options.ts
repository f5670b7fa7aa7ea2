import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

export const M4_DEFAULT_API_URL = "https://api.m4solutions.io/gateway/v1/"

/** An http(s) URL option; `what` completes "must be …" in the error. */
export const urlOption = (what: string) =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), `must be ${what}`)

/**
 * The M4 credentials and transport options shared by the payment provider and the payouts
 * module (both talk to the same shop), validated the same way in both.
 */
export const m4CredentialsShape = {
  /** M4 shop id (integer). */
  shopId: z.coerce
    .number({ error: "must be a positive integer" })
    .int("must be a positive integer")
    .positive("must be a positive integer"),
  /** M4 shop secret key: signs requests and verifies notifications. Never logged or stored in session data. */
  secretKey: z.string({ error: "is required" }).trim().min(1, "is required"),
  /** Gateway base URL; the sandbox is `http://127.0.0.1:8787/gateway/v1/`. */
  apiUrl: urlOption("an http(s) URL").default(M4_DEFAULT_API_URL),
  /** Gateway request timeout in milliseconds. */
  timeoutMs: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(1000, "must be at least 1000")
    .max(120000, "must be at most 120000")
    .default(15000),
}

/**
 * Parses options with a schema; the error names every bad option and never echoes a value
 * (the secret must not reach a log). `what` names the options in the message.
 */
export function parseOptionsOrThrow<S extends z.ZodType>(schema: S, options: unknown, what: string): z.output<S> {
  const result = schema.safeParse(options ?? {})
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? `unknown option(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : `option "${issue.path.join(".") || "options"}" ${issue.message}`
  )
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `medusa-payment-m4: invalid ${what}: ${problems.join("; ")}`)
}
