import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { VerifiedCallback } from "../../m4"
import { applyM4RefundOutcomeStep } from "./steps/apply-refund-outcome"
import { applyM4RejectionStep } from "./steps/apply-rejection"
import { recordM4NotificationStep } from "./steps/record-notification"
import { saveM4NotificationOutcomeStep } from "./steps/save-outcome"

export type HandleM4NotificationInput = { provider_id: string; verified: VerifiedCallback }

/**
 * A verified M4 notification: store it (duplicates only counted), then act on what Medusa core
 * ignores: rejections and refund outcomes. hold/success are core's (processPaymentWorkflow).
 */
export const handleM4NotificationWorkflow = createWorkflow(
  "handle-m4-notification",
  (input: HandleM4NotificationInput) => {
    const recorded = recordM4NotificationStep(input)
    const facts = transform({ input, recorded }, ({ input, recorded }) => {
      const v = input.verified
      return {
        fresh: !recorded.duplicate,
        rejection:
          v.type === "invoice" && v.callback.status === "rejected"
            ? { session_id: v.callback.shop_order_id, invoice_id: v.callback.payment_id }
            : null,
        refund: v.type === "refund" ? v.callback : null,
      }
    })
    const rejection = when({ facts }, ({ facts }) => facts.fresh && !!facts.rejection).then(() =>
      applyM4RejectionStep(transform({ facts }, ({ facts }) => facts.rejection!))
    )
    const refund = when({ facts }, ({ facts }) => facts.fresh && !!facts.refund).then(() =>
      applyM4RefundOutcomeStep(transform({ facts }, ({ facts }) => facts.refund!))
    )
    saveM4NotificationOutcomeStep(
      transform({ recorded, rejection, refund }, ({ recorded, rejection, refund }) => ({
        id: recorded.id,
        ...((rejection ?? refund ?? {}) as { outcome?: string; order_id?: string; payment_id?: string }),
      }))
    )
    return new WorkflowResponse(recorded)
  }
)
