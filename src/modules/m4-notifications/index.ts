import { Module } from "@medusajs/framework/utils"
import M4NotificationModuleService from "./service"

export const M4_NOTIFICATIONS_MODULE = "m4Notifications"

export default Module(M4_NOTIFICATIONS_MODULE, {
  service: M4NotificationModuleService,
})

export { M4NotificationModuleService }
