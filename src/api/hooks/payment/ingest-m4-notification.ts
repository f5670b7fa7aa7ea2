import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../modules/m4-ledger"
import { webhookProvider, type M4WebhookActionResult } from "../../../providers/m4/types/webhook"
import { notificationFingerprint } from "../../../workflows/utils/notification-fingerprint"
import { M4_NOTIFICATION_RECEIVED } from "../../../settlement/process-m4-notification"
import { answeredUnknownM4Provider } from "./unknown-m4-provider"

/**
 * `POST /hooks/payment/m4_*`, ahead of Medusa's own webhook route (which answers 200 and only
 * then keeps the notification in memory for 5 s). Here M4's notification is verified once, stored
 * durably, and only then acknowledged with 200, so an acknowledged notification survives any
 * crash; nothing else happens before the 200. Processing starts right after it through an event,
 * and a worker retries what is left pending.
 * Other providers' webhooks go on to Medusa's route untouched.
 */
export async function ingestM4Notification(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const segment = String(req.params.provider ?? "")
  const provider = segment.startsWith("pp_") ? segment : `pp_${segment}`
  if (!provider.startsWith("pp_m4_")) {
    return next()
  }
  if (await answeredUnknownM4Provider(req.scope, provider, res)) {
    return // not a provider of this store: 200 so that M4 stops resending it, one warning per period
  }
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = req.scope.resolve(Modules.PAYMENT)
  let result: M4WebhookActionResult
  try {
    result = (await paymentModule.getWebhookActionAndData({
      // without `pp_`: Medusa 2.21.0 and 2.21.1 add it to whatever they are given
      provider: webhookProvider(provider),
      payload: {
        data: req.body as Record<string, unknown>,
        rawData: (req as { rawBody?: Buffer }).rawBody as never,
        headers: req.headers,
      },
    })) as M4WebhookActionResult
  } catch (e) {
    // the provider failed: nothing stored, let M4 deliver again
    logger.error(`M4: notification on ${provider} could not be verified: ${(e as Error).message}`)
    return res.status(503).send("Retry later")
  }
  const notification = result.m4?.notification
  if (!notification) {
    // forged, foreign, or about money this store never asked for: the provider logged why (a few
    // lines a minute at most) and nothing is stored. 200 so M4 does not resend it.
    return res.status(200).send("OK")
  }
  const { verified } = notification
  if (notification.provider_id !== provider) {
    logger.error(
      `M4: notification rejected: ${verified.type === "invoice" ? `invoice ${notification.shop_order_id}` : "the refund"} ` +
        `belongs to ${notification.provider_id}, not to ${provider} whose route it reached`
    )
    return res.status(200).send("OK")
  }
  const notifications = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const callback = verified.callback as unknown as Record<string, unknown>
  const base = { fingerprint: notificationFingerprint(provider, verified), provider_id: provider, payload: callback }
  let recorded
  try {
    recorded =
      verified.type === "invoice"
        ? await notifications.recordNotification({
            ...base,
            kind: "invoice",
            invoice_id: String(verified.callback.payment_id),
            shop_order_id: verified.callback.shop_order_id,
            session_id: notification.session_id ?? null,
            status: verified.callback.status,
            amount: verified.callback.shop_amount_text,
            currency: String(verified.callback.shop_currency),
          })
        : await notifications.recordNotification({
            ...base,
            kind: "refund",
            invoice_id: String(verified.callback.invoice_id),
            shop_refund_id: verified.callback.shop_refund_id,
            status: verified.callback.status,
            amount: verified.callback.amount_text,
            currency: verified.callback.currency,
          })
  } catch (e) {
    // not stored, so not acknowledged: M4 delivers it again
    logger.error(`M4: notification could not be stored: ${(e as Error).message}`)
    return res.status(503).send("Retry later")
  }
  // acknowledged first: the record is durable, so nothing after this line can lose it (if the
  // event never arrives or this process ends now, the sweep finds the record pending)
  res.status(200).send("OK")
  if (recorded.pending) {
    const id = recorded.id
    // no delay: the cart lock serialises this with the shopper's return
    await req.scope
      .resolve(Modules.EVENT_BUS)
      .emit({ name: M4_NOTIFICATION_RECEIVED, data: { id } })
      .catch((e: Error) => {
        logger.warn(`M4: notification ${id} stored; processing deferred to the worker (${e.message})`)
      })
  }
}
