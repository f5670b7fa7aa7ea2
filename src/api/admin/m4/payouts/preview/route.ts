import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { payoutsModule } from "../../../../../lib/m4-gateway"
import { PostPayoutPreviewType } from "../../validators"

/** POST /admin/m4/payouts/preview — withdraw/try (+ check_account): fees and the recipient's name. */
export async function POST(req: AuthenticatedMedusaRequest<PostPayoutPreviewType>, res: MedusaResponse) {
  const preview = await payoutsModule(req.scope).previewPayout(req.validatedBody)
  res.json({ preview })
}
