import { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
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

type SqlManager = { execute(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> }

class M4NotificationModuleService extends MedusaService({ M4Notification }) {
  /**
   * Stores a notification once; a repeat (same fingerprint) only bumps its duplicate count.
   * One INSERT … ON CONFLICT statement, so concurrent deliveries of the same notification
   * (M4 retries, duplicates) count exactly and only the first one is "new".
   */
  @InjectTransactionManager()
  async recordNotification(
    input: RecordNotificationInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<RecordedNotification> {
    const manager = sharedContext.transactionManager as SqlManager
    const [created] = await manager.execute(
      `insert into "m4_notification"
         ("id", "fingerprint", "provider_id", "kind", "invoice_id", "session_id", "shop_refund_id",
          "status", "amount", "currency", "payload", "received_at", "last_received_at", "duplicate_count",
          "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now(), now(), 0, now(), now())
       on conflict ("fingerprint") where "deleted_at" is null
       do update set "duplicate_count" = "m4_notification"."duplicate_count" + 1,
                     "last_received_at" = now(), "updated_at" = now()
       returning "id", "duplicate_count"`,
      [
        generateEntityId(undefined, "m4ntf"),
        input.fingerprint,
        input.provider_id,
        input.kind,
        input.invoice_id ?? null,
        input.session_id ?? null,
        input.shop_refund_id ?? null,
        input.status,
        input.amount ?? null,
        input.currency ?? null,
        JSON.stringify(input.payload),
      ]
    )
    const count = Number(created.duplicate_count)
    return { id: String(created.id), duplicate: count > 0, duplicate_count: count }
  }
}

export default M4NotificationModuleService
