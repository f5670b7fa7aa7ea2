import type { ProviderLoaderOptions } from "@medusajs/framework/types"
import { parseM4Options } from "../utils/parse-options"
import { assertRegistrationId } from "../utils/registration-id"

/**
 * Runs at startup, once per M4 provider entry, with that entry's options and the payment
 * module's options (every entry): a provider whose `id` option is not its entry's `id` stops
 * Medusa here instead of sending M4 another provider's notification URL.
 */
export default async function checkRegistrationId({ options, moduleOptions }: ProviderLoaderOptions): Promise<void> {
  parseM4Options(options) // Medusa runs provider loaders before validateOptions: the same message either way
  assertRegistrationId(options, moduleOptions)
}
