import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"

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
  const locking = req.scope.resolve(Modules.LOCKING)
  const key = `m4:payment-collection:${req.params.id}`
  let started = false
  try {
    await locking.execute(
      key,
      () =>
        new Promise<void>((resolve) => {
          started = true
          res.once("finish", resolve)
          res.once("close", resolve)
          next()
        }),
      { timeout: WAIT_SECONDS }
    )
  } catch (e) {
    if (!started) {
      return next(
        new MedusaError(
          MedusaError.Types.CONFLICT,
          "Another payment for this cart is being prepared. Please try again in a moment."
        )
      )
    }
    // the request ran; losing the lock afterwards changes nothing for it
    req.scope.resolve("logger").warn(`M4: payment-session lock for ${req.params.id}: ${(e as Error).message}`)
  }
}
