import { PaymentCollectionStatus } from "@medusajs/framework/utils"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelPaymentStep, updatePaymentCollectionStep } from "@medusajs/medusa/core-flows"

/**
 * A hold M4 released by itself: the payment collection is canceled and its authorized payment
 * canceled, so the order's payment status reads "canceled" instead of a capturable "authorized".
 * The steps of core's cancel-payment-collection workflow, which Medusa 2.21 does not export; the
 * payment first, so whoever reads the collection as canceled also reads its payment canceled.
 */
export const cancelM4PaymentCollectionWorkflow = createWorkflow(
  "cancel-m4-payment-collection",
  (input: { payment_collection_id: string; payment_id: string }) => {
    cancelPaymentStep({ paymentIds: [input.payment_id] })
    const updated = updatePaymentCollectionStep({
      selector: { id: input.payment_collection_id },
      update: { status: PaymentCollectionStatus.CANCELED },
    })
    return new WorkflowResponse(updated)
  }
)
