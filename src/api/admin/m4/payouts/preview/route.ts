import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { previewM4PayoutWorkflow } from "../../../../../workflows/m4-payouts"
import { PostPayoutPreviewType } from "../../validators"

/** POST /admin/m4/payouts/preview — withdraw/try (+ check_account): fees and the recipient's name. */
export async function POST(req: AuthenticatedMedusaRequest<PostPayoutPreviewType>, res: MedusaResponse) {
  const { result: preview } = await previewM4PayoutWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ preview })
}
