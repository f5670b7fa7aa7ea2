import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../../../modules/m4-ledger"
import { attentionActions, type AttentionKind } from "../../../../../shared/display-names"
import type { PostAttentionResolveType } from "../../validators"

/**
 * POST /admin/m4/attention/resolve `{ key }` — the merchant settles an item nothing in the store
 * settles (money returned: seen; a refund M4 refused: refunded elsewhere): it leaves the list.
 * Items with their own action (retry, capture or release, ask M4) cannot be marked resolved.
 */
export async function POST(req: AuthenticatedMedusaRequest<PostAttentionResolveType>, res: MedusaResponse) {
  const { key } = req.validatedBody
  // "money_returned:<id>" is also the key of a payment being returned
  const kind = key.slice(0, key.indexOf(":")) as AttentionKind
  const rule = attentionActions(kind) as ReturnType<typeof attentionActions> | undefined
  if (!rule) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `"${key}" is not an item of the Needs attention list`)
  }
  if (!rule.actions.includes("resolve")) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "This item leaves the list by its own action (retry it, capture or release the payment, or refresh the payout)"
    )
  }
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const { rows } = await ledger.desk.attentionPage({ limit: 1, offset: 0, key })
  const item = rows[0]
  if (!item) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "No such item needs attention (it was settled or resolved)")
  }
  const resolved = await ledger.desk.resolve(key, item.kind, req.auth_context?.actor_id ?? null)
  res.json({ key: resolved.key, resolved_at: resolved.resolved_at })
}
