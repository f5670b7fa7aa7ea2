import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import checkRegistrationId from "./loaders/check-registration-id"
import reportNotificationUrl from "./loaders/report-notification-url"
import { M4ProviderService } from "./services/m4-provider"

export default ModuleProvider(Modules.PAYMENT, {
  services: [M4ProviderService],
  loaders: [checkRegistrationId, reportNotificationUrl],
})
