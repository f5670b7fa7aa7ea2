import { MedusaError } from "@medusajs/framework/utils"
import { m4OptionsSchema, M4ProviderOptions } from "../types/options"

/**
 * Validates the provider options; the error names each bad option and never echoes
 * a value (secretKey must not reach a log).
 */
export function parseM4Options(options: unknown): M4ProviderOptions {
  const result = m4OptionsSchema.safeParse(options ?? {})
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return `unknown option(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`
    }
    const name = issue.path.length ? issue.path.join(".") : "options"
    return `option "${name}" ${issue.message}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-payment-m4: invalid provider options: ${problems.join("; ")}`
  )
}
