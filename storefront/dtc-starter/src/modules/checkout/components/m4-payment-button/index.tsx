"use client"

import { initiateM4PaymentSession } from "@lib/data/m4"
import { goToM4, m4Session, m4SessionPrice, m4Text } from "@lib/m4"
import { HttpTypes } from "@medusajs/types"
import { Button, Text } from "@modules/common/components/ui"
import { usePathname, useRouter } from "next/navigation"
import { useEffect, useState } from "react"
import ErrorMessage from "../error-message"
import M4AddOnsForm from "../m4-add-ons-form"

type M4PaymentButtonProps = {
  cart: HttpTypes.StoreCart
  notReady: boolean
  "data-testid"?: string
}

/**
 * Review step for M4: asks for the payway's missing details first (`requires_more`), says what
 * M4's page will charge (and why when that is not the order total), shows the same figure on the
 * button, then sends the shopper to M4. The order is placed when M4 sends them back (app/api/m4/return).
 */
const M4PaymentButton = ({ cart, notReady, "data-testid": dataTestId }: M4PaymentButtonProps) => {
  const router = useRouter()
  const pathname = usePathname()
  const session = m4Session(cart)
  const [lang, setLang] = useState("en")
  const [submitting, setSubmitting] = useState(false)
  const [errorMessage, setErrorMessage] = useState<string | null>(null)

  useEffect(() => {
    setLang((navigator.language || "en").slice(0, 2).toLowerCase())
  }, [])

  if (!session) {
    return <Button disabled>Select a payment method</Button>
  }
  const data = session.data

  if (session.status === "requires_more") {
    return (
      <M4AddOnsForm
        config={data.add_ons_config ?? {}}
        missing={data.missing_add_ons ?? []}
        initial={data.add_ons}
        onSubmit={async (values) => {
          const started = await initiateM4PaymentSession(cart, session.provider_id, { ...(data.add_ons ?? {}), ...values })
          if (started.error) {
            return started.error
          }
          router.refresh()
        }}
        onChooseAnother={() => router.push(`${pathname}?step=payment`, { scroll: false })}
      />
    )
  }

  const redirect = data.redirect
  const price = m4SessionPrice(data)
  const manual = m4Text(data.instructions?.manual, lang)

  const handlePayment = () => {
    if (!redirect?.url) {
      setErrorMessage("The payment page is not ready. Go back to the payment step and try again.")
      return
    }
    setSubmitting(true)
    goToM4(redirect)
  }

  return (
    <>
      {price && (
        <Text className="txt-medium-plus text-ui-fg-base mb-2" data-testid="m4-payer-price">
          You will pay {price.text} on M4&apos;s page{price.why ? `: ${price.why}` : ""}.
        </Text>
      )}
      {manual && (
        <Text className="txt-medium text-ui-fg-subtle mb-4" data-testid="m4-instructions">
          {manual}
        </Text>
      )}
      <Button
        disabled={notReady || session.status !== "pending"}
        onClick={handlePayment}
        size="large"
        isLoading={submitting}
        data-testid={dataTestId}
      >
        {price ? `Place order and pay ${price.text}` : "Place order and pay"}
      </Button>
      <ErrorMessage error={errorMessage} data-testid="m4-payment-error-message" />
    </>
  )
}

export default M4PaymentButton
