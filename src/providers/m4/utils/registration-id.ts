import { MedusaError } from "@medusajs/framework/utils"

type ProviderEntry = { id?: unknown; options?: unknown }

/**
 * The `id` of the payment-module provider entry that holds exactly these options (the same
 * object: Medusa hands a provider's loader and its constructor that entry's `options`), or
 * undefined when no entry holds them (then there is nothing to compare against).
 */
export function registeredIdOf(options: unknown, moduleOptions: unknown): string | undefined {
  const providers = (moduleOptions as { providers?: unknown } | undefined)?.providers
  if (!Array.isArray(providers) || !options) {
    return undefined
  }
  const entry = (providers as ProviderEntry[]).find((p) => p && p.options === options)
  return typeof entry?.id === "string" ? entry.id : undefined
}

/**
 * Throws when the provider's `id` option is not its registration id: its notifications would
 * go to another provider's route (`/hooks/payment/m4_{id}`). Names the option, never a secret.
 */
export function assertRegistrationId(options: unknown, moduleOptions: unknown): void {
  const registered = registeredIdOf(options, moduleOptions)
  const stated = (options as { id?: unknown } | undefined)?.id
  if (registered === undefined || stated === registered) {
    return
  }
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-payment-m4: invalid provider options: option "id" is ${JSON.stringify(stated)} but the provider ` +
      `is registered with id "${registered}" (pp_m4_${registered}); set options.id to "${registered}"`
  )
}

/** `{storeUrl}/hooks/payment/{identifier}_{id}`: Medusa's webhook route for the provider `pp_{identifier}_{id}`. */
export function notificationUrl(storeUrl: string, identifier: string, id: string): string {
  return `${storeUrl.replace(/\/+$/, "")}/hooks/payment/${identifier}_${id}`
}
