import type { Logger, ProviderLoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { M4ProviderService } from "../services/m4-provider"
import { notificationReachability, withoutCredentials } from "../utils/notification-reachability"
import { parseM4Options } from "../utils/parse-options"
import { notificationUrl } from "../utils/registration-id"

/**
 * Runs at startup, once per M4 provider entry: says where M4 will send this provider's
 * notifications, and warns when M4 cannot reach that URL (a store on localhost or a private
 * address while the gateway is M4 on the internet). Nothing else tells a merchant: orders still
 * complete when the shopper comes back, so lost notifications go unnoticed until one does not.
 */
export default async function reportNotificationUrl({ options, container, logger }: ProviderLoaderOptions) {
  const { id, storeUrl, apiUrl } = parseM4Options(options)
  const log = logger ?? container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const provider = `pp_${M4ProviderService.identifier}_${id}`
  const target = withoutCredentials(notificationUrl(storeUrl, M4ProviderService.identifier, id))
  log.info(`medusa-payment-m4: ${provider}: M4 will send its notifications to ${target}`)
  const { reason } = notificationReachability(storeUrl, apiUrl)
  if (reason) {
    log.warn(
      `medusa-payment-m4: ${provider}: option "storeUrl" (${withoutCredentials(storeUrl)}) is ${reason}, which ` +
        `M4 at ${withoutCredentials(apiUrl)} cannot reach: its notifications will not arrive. Set "storeUrl" to ` +
        `this server's public URL (M4_STORE_URL in the README's config).`
    )
  }
}
