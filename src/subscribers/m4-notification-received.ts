import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { M4_NOTIFICATION_RECEIVED, processM4Notification } from "../workflows/process-m4-notification"

/** A stored M4 notification: ask M4 and apply its answer now (the sweep job retries failures). */
export default async function m4NotificationReceivedHandler({ event: { data }, container }: SubscriberArgs<{ id: string }>) {
  await processM4Notification(container, data.id)
}

export const config: SubscriberConfig = {
  event: M4_NOTIFICATION_RECEIVED,
  context: { subscriberId: "m4-notification-received" },
}
