import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { oneAtATime } from "../../utils/one-at-a-time"
import { orderLockKey } from "../../../workflows/utils/order-of-collection"

/**
 * `POST /admin/orders/:id/cancel`, under the same per-order lock as the plugin's settlement and the
 * order's payment routes: a cancel never interleaves with M4's notification being put on the order
 * (which then sees the order canceled and gives the money back instead).
 */
export async function serializeOrderCancel(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  await oneAtATime(req, res, next, {
    key: orderLockKey(req.params.id),
    waitSeconds: 60,
    busy: "Another change to this order's payment is in progress. Please try again.",
  })
}
