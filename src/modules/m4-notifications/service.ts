import { MedusaService } from "@medusajs/framework/utils"
import { M4Notification } from "./models/m4-notification"

export type RecordNotificationInput = {
  fingerprint: string
  provider_id: string
  kind: "invoice" | "refund"
  invoice_id?: string | null
  session_id?: string | null
  shop_refund_id?: string | null
  status: string
  amount?: string | null
  currency?: string | null
  payload: Record<string, unknown>
}

export type RecordedNotification = {
  id: string
  duplicate: boolean
  duplicate_count: number
}

class M4NotificationModuleService extends MedusaService({ M4Notification }) {
  /**
   * Stores a notification once; a repeat (same fingerprint) only bumps its duplicate count.
   * The unique index on fingerprint settles concurrent deliveries of the same notification.
   */
  async recordNotification(input: RecordNotificationInput): Promise<RecordedNotification> {
    const now = new Date()
    const [existing] = await this.listM4Notifications({ fingerprint: input.fingerprint }, { take: 1 })
    if (!existing) {
      try {
        const created = await this.createM4Notifications({
          ...input,
          received_at: now,
          last_received_at: now,
          duplicate_count: 0,
        })
        return { id: created.id, duplicate: false, duplicate_count: 0 }
      } catch (e) {
        const [raced] = await this.listM4Notifications({ fingerprint: input.fingerprint }, { take: 1 })
        if (!raced) {
          throw e
        }
        return this.bumpDuplicate(raced.id, raced.duplicate_count, now)
      }
    }
    return this.bumpDuplicate(existing.id, existing.duplicate_count, now)
  }

  private async bumpDuplicate(id: string, count: number, now: Date): Promise<RecordedNotification> {
    await this.updateM4Notifications({ id, duplicate_count: count + 1, last_received_at: now })
    return { id, duplicate: true, duplicate_count: count + 1 }
  }
}

export default M4NotificationModuleService
