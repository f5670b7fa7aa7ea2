import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { M4_NOTIFICATIONS_MODULE } from "../../../modules/m4-notifications"
import type M4NotificationModuleService from "../../../modules/m4-notifications/service"

export type SaveOutcomeInput = { id: string; outcome?: string; order_id?: string; payment_id?: string }

/** Writes what the plugin did about a notification onto its stored record (its history line). */
export const saveM4NotificationOutcomeStep = createStep(
  "save-m4-notification-outcome",
  async ({ id, outcome, order_id, payment_id }: SaveOutcomeInput, { container }) => {
    if (!outcome) {
      return new StepResponse(undefined)
    }
    const service = container.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
    await service.updateM4Notifications({
      id,
      outcome,
      ...(order_id ? { order_id } : {}),
      ...(payment_id ? { payment_id } : {}),
    })
    return new StepResponse(undefined)
  }
)
