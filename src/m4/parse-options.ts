import type { z } from "zod"

/** Options that do not satisfy their schema; the message names every bad option and no value. */
export class M4OptionsError extends Error {
  name = "M4OptionsError"
}

/**
 * Parses options with a schema. The error names every bad option and never echoes a value
 * (a secret must not reach a log); `what` names the options in the message. Thrown at startup,
 * it stops Medusa with that message.
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
  throw new M4OptionsError(`medusa-payment-m4: invalid ${what}: ${problems.join("; ")}`)
}
