/**
 * The M4 credentials and transport options as a zod shape, shared by everything that talks to one
 * M4 shop (the payment provider, the merchant tools module), so they are validated the same way everywhere.
 */
import { z } from "zod"
import { M4_DEFAULT_BASE_URL, M4_DEFAULT_TIMEOUT_MS } from "./client/m4-client"

/** An http(s) URL option; `what` completes "must be …" in the error. */
export const urlOption = (what: string) =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), `must be ${what}`)

export const m4CredentialsShape = {
  /** M4 shop id (integer). */
  shopId: z.coerce
    .number({ error: "must be a positive integer" })
    .int("must be a positive integer")
    .positive("must be a positive integer"),
  /** M4 shop secret key: signs requests and verifies notifications. Never logged or stored in session data. */
  secretKey: z.string({ error: "is required" }).trim().min(1, "is required"),
  /** Gateway base URL; the sandbox is `http://127.0.0.1:8787/gateway/v1/`. */
  apiUrl: urlOption("an http(s) URL").default(M4_DEFAULT_BASE_URL),
  /** Gateway request timeout in milliseconds. */
  timeoutMs: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(1000, "must be at least 1000")
    .max(120000, "must be at most 120000")
    .default(M4_DEFAULT_TIMEOUT_MS),
}
