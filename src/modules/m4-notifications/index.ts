import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import M4NotificationModuleService from "./service"

export const M4_NOTIFICATIONS_MODULE = "m4Notifications"

export default Module(M4_NOTIFICATIONS_MODULE, {
  service: M4NotificationModuleService,
  loaders: [validateOptionsLoader],
})

export { M4NotificationModuleService }
export type { ClaimedCheck, ClaimedNotification, RecordedNotification } from "./service"
export type { NotificationsOptions, ReconciliationOptions } from "./utils/options"
