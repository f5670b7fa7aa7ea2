"use client"

import { M4ActionError } from "@lib/m4"
import { Button, Text, clx } from "@modules/common/components/ui"

type M4ErrorMessageProps = {
  error: M4ActionError | null | undefined
  /** what "Try again" does; shown only when the error says trying again can help (M4 did not answer) */
  onRetry?: () => void
  retrying?: boolean
  className?: string
  "data-testid"?: string
}

/**
 * A Store API error in place, in the shopper's words (the plugin's message; never gateway text),
 * with "Try again" where that can help.
 */
const M4ErrorMessage = ({ error, onRetry, retrying, className, "data-testid": testId }: M4ErrorMessageProps) => {
  if (!error) {
    return null
  }
  return (
    <div
      role="alert"
      className={clx(
        "flex flex-col items-start gap-y-2 rounded-rounded border border-rose-300 bg-rose-50 px-4 py-3",
        className ?? "mt-4"
      )}
      data-testid={testId}
      data-code={error.code ?? ""}
    >
      <Text className="txt-medium text-rose-700" data-testid={testId && `${testId}-text`}>
        {error.message}
      </Text>
      {error.retry && onRetry && (
        <Button
          type="button"
          variant="secondary"
          size="small"
          onClick={onRetry}
          isLoading={retrying}
          data-testid={testId && `${testId}-retry`}
        >
          Try again
        </Button>
      )}
    </div>
  )
}

export default M4ErrorMessage
