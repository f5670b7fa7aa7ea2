import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"

/**
 * Runs the rest of the request (`next()`) while holding `key` in Medusa's locking module (in memory
 * on one server, Redis in the production topology), until the response is sent: a second request for
 * the same key waits its turn. One that waits longer than `waitSeconds` is answered 409 with `busy`.
 */
export async function oneAtATime(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction,
  opts: { key: string; waitSeconds: number; busy: string }
) {
  let started = false
  try {
    await req.scope.resolve(Modules.LOCKING).execute(
      opts.key,
      () =>
        new Promise<void>((resolve) => {
          started = true
          res.once("finish", resolve)
          res.once("close", resolve)
          next()
        }),
      { timeout: opts.waitSeconds }
    )
  } catch (e) {
    if (!started) {
      return next(new MedusaError(MedusaError.Types.CONFLICT, opts.busy))
    }
    // the request ran; losing the lock afterwards changes nothing for it
    req.scope.resolve("logger").warn(`M4: lock ${opts.key}: ${(e as Error).message}`)
  }
}
