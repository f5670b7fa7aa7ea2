import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { attentionItems } from "../serializers"
import type { GetAttentionType } from "../validators"

/**
 * GET /admin/m4/attention — what needs the merchant now, newest first: each item's kind, its words
 * (`title`, `description`), the order and M4 invoice it is about, and the actions that settle it
 * (`retry_notification`, `open_order`, `check_now`, `open_payout`, `resolve`). An item leaves the
 * list once settled. `tz` names the time zone of dates in the words.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { limit, offset, tz } = req.validatedQuery as unknown as GetAttentionType
  const { items, count } = await attentionItems(req.scope, { limit, offset, timeZone: tz })
  res.json({ items: items.map(({ event: _event, ...item }) => item), count, limit, offset })
}
