"use client"

import { m4ReturnMessages } from "@lib/m4"
import { Text } from "@modules/common/components/ui"
import { useSearchParams } from "next/navigation"

/** The payment step's message after M4 sent the shopper back without a completed order. */
const M4Notice = () => {
  const reason = useSearchParams().get("m4_error")
  const message = reason ? m4ReturnMessages[reason] ?? m4ReturnMessages.error : undefined
  if (!message) {
    return null
  }
  return (
    <div
      className="mb-4 rounded-rounded border border-rose-300 bg-rose-50 px-4 py-3"
      role="alert"
      data-testid="m4-return-notice"
      data-reason={reason}
    >
      <Text className="txt-medium-plus text-rose-700">
        {reason === "declined" ? "Payment declined" : "Payment not completed"}
      </Text>
      <Text className="txt-medium text-rose-700">{message}</Text>
    </div>
  )
}

export default M4Notice
