import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { oneAtATime } from "../../utils/one-at-a-time"

/** How long a second request for the same collection waits for the first one, in seconds. */
const WAIT_SECONDS = 30

/**
 * `POST /store/payment-collections/:id/payment-sessions`, one at a time per payment collection.
 * Core's workflow reads the collection's sessions, then creates the new one while deleting those
 * it read: parallel requests (a double click, a retrying client) each read none of the others and
 * leave several live sessions, each with its own payable M4 invoice. Serialised, every request sees
 * and replaces the one before it, and the provider can hand the same invoice on. The lock is
 * Medusa's locking module (in memory on one server, Redis in the production topology), held until
 * the response is sent.
 */
export async function serializePaymentSessions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  await oneAtATime(req, res, next, {
    key: `m4:payment-collection:${req.params.id}`,
    waitSeconds: WAIT_SECONDS,
    busy: "Another payment for this cart is being prepared. Please try again in a moment.",
  })
}
