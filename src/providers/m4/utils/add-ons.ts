import { MedusaError } from "@medusajs/framework/utils"
import { M4_ERROR_CODE } from "./gateway-errors"

/** One entry of M4's `add_ons_config` (docs/m4-protocol.md §4.1): labels per language, a regex, an example. */
export interface AddOnConfigEntry {
  regex?: string
  label?: Record<string, string>
  comment?: Record<string, string>
  example?: string
  prefix?: string
}

export interface AddOnResolution {
  /** values to send to M4 as top-level fields */
  values: Record<string, string>
  /** fields the payway needs that nobody supplied yet (the session then says requires_more) */
  missing: string[]
}

function compileRegex(name: string, source: string): RegExp {
  try {
    return new RegExp(source)
  } catch {
    // M4 regexes are Python's; if one cannot run in JS we cannot validate it, so accept the value
    // and let M4 be the judge rather than blocking the payer.
    return /[\s\S]*/
  }
}

/**
 * Fills the payway's add-on fields from what the storefront sent (`data.add_ons`) and what Medusa
 * knows about the customer (e-mail, phone), and validates every value against M4's regex
 * before anything is sent. An invalid value is the shopper's input error, not a gateway error.
 */
export function resolveAddOns(
  config: Record<string, unknown> | null | undefined,
  supplied: Record<string, unknown> | undefined,
  known: Record<string, string | null | undefined>
): AddOnResolution {
  const values: Record<string, string> = {}
  const missing: string[] = []
  const invalid: string[] = []
  for (const [name, raw] of Object.entries(config ?? {})) {
    const entry = (raw ?? {}) as AddOnConfigEntry
    const given = supplied?.[name]
    const value = typeof given === "string" && given.trim() !== "" ? given.trim() : known[name]?.trim()
    if (!value) {
      missing.push(name)
      continue
    }
    if (entry.regex && !compileRegex(name, entry.regex).test(value)) {
      const hint = entry.comment?.en ?? entry.label?.en ?? name
      invalid.push(`"${name}" is not valid (${hint}${entry.example ? `, e.g. ${entry.example}` : ""})`)
      continue
    }
    values[name] = value
  }
  if (invalid.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Please check your payment details: ${invalid.join("; ")}`,
      M4_ERROR_CODE.DETAILS_REQUIRED
    )
  }
  return { values, missing }
}
