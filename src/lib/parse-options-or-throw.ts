import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

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
