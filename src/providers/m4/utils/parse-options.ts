import { parseOptionsOrThrow } from "../../../m4"
import { m4OptionsSchema, M4ProviderOptions } from "../types/options"

/** Validates the provider options; the error names each bad option and never echoes a value. */
export function parseM4Options(options: unknown): M4ProviderOptions {
  return parseOptionsOrThrow(m4OptionsSchema, options, "provider options")
}
