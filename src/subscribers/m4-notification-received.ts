import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { M4_NOTIFICATION_RECEIVED, processM4Notification } from "../settlement/process-m4-notification"

/**
 * A stored M4 notification: ask M4 and apply its answer now (the sweep job retries failures).
 * It does not hold the event bus's job while it works: Medusa's Redis event bus runs one job at a
 * time per worker by default, which would apply notifications one after another. The notification
 * is stored already, so nothing is lost if the process ends first (the sweep finds it pending);
 * `processingConcurrency` bounds how many this instance applies at once.
 */
export default async function m4NotificationReceivedHandler({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  processM4Notification(container, data.id).catch((e: Error) => {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`M4: notification ${data.id} left to the sweep: ${e.message}`)
  })
}

export const config: SubscriberConfig = {
  event: M4_NOTIFICATION_RECEIVED,
  context: { subscriberId: "m4-notification-received" },
}
