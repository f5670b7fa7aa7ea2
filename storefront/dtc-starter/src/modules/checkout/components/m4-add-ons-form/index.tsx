"use client"

import { M4ActionError, M4AddOnConfig, m4Text } from "@lib/m4"
import { Button, Input, Label } from "@modules/common/components/ui"
import { useEffect, useRef, useState } from "react"
import M4ErrorMessage from "../m4-error-message"

type M4AddOnsFormProps = {
  config: Record<string, M4AddOnConfig>
  missing: string[]
  initial?: Record<string, string>
  /** sends the details (a new payment session); answers the Store API's error, if any */
  onSubmit: (values: Record<string, string>) => Promise<M4ActionError | undefined>
  /** back to the payment step, to choose another method */
  onChooseAnother: () => void
}

function matches(regex: string | undefined, value: string) {
  if (!regex) {
    return true
  }
  try {
    return new RegExp(regex).test(value)
  } catch {
    return true // a pattern JavaScript cannot run: M4 checks it
  }
}

/** What the browser may fill in and which keyboard a phone shows. */
const INPUT_KIND: Record<string, { type: string; autoComplete: string; inputMode?: "tel" | "email" }> = {
  email: { type: "email", autoComplete: "email", inputMode: "email" },
  phone: { type: "tel", autoComplete: "tel", inputMode: "tel" },
}

/**
 * The details M4's payway needs from the payer (session status `requires_more`): one field per
 * missing add-on, labelled in the shopper's language, its hint shown from the start, checked with
 * M4's own regex. A fieldset with its legend, labels and descriptions for screen readers; the first
 * field takes the focus; "Choose another payment method" always leads back.
 */
const M4AddOnsForm = ({ config, missing, initial, onSubmit, onChooseAnother }: M4AddOnsFormProps) => {
  const [lang, setLang] = useState("en")
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(missing.map((name) => [name, initial?.[name] ?? ""]))
  )
  const [invalid, setInvalid] = useState<Record<string, boolean>>({})
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<M4ActionError | null>(null)
  const inputs = useRef<Record<string, HTMLInputElement | null>>({})
  const ru = lang === "ru"

  useEffect(() => {
    const fromPage = navigator.language || document.documentElement.lang || "en"
    setLang(fromPage.slice(0, 2).toLowerCase())
  }, [])

  const send = async () => {
    setError(null)
    const wrong = Object.fromEntries(
      missing.map((name) => [name, !values[name]?.trim() || !matches(config[name]?.regex, values[name].trim())])
    )
    setInvalid(wrong)
    const firstWrong = missing.find((name) => wrong[name])
    if (firstWrong) {
      inputs.current[firstWrong]?.focus()
      return
    }
    setSubmitting(true)
    try {
      const failed = await onSubmit(Object.fromEntries(missing.map((name) => [name, values[name].trim()])))
      if (failed) {
        setError(failed)
      }
    } catch {
      setError({ message: "Something went wrong. Please try again.", code: null, retry: true })
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void send()
      }}
      noValidate
      className="flex flex-col gap-y-4"
      data-testid="m4-add-ons-form"
    >
      <fieldset className="flex flex-col gap-y-4">
        <legend className="txt-medium text-ui-fg-subtle mb-4">
          {ru ? "Для этого способа оплаты нужны ещё данные:" : "This payment method needs a few more details:"}
        </legend>
        {missing.map((name, index) => {
          const entry = config[name] ?? {}
          const label = m4Text(entry.label, lang) ?? name
          const hint = m4Text(entry.comment, lang)
          const id = `m4-add-on-${name}`
          const described = [
            hint || entry.example ? `${id}-hint` : undefined,
            invalid[name] ? `${id}-error` : undefined,
          ].filter(Boolean)
          return (
            <div key={name} className="flex flex-col gap-y-1">
              <Label htmlFor={id}>{label}</Label>
              <Input
                id={id}
                name={name}
                ref={(el) => {
                  inputs.current[name] = el
                }}
                {...(INPUT_KIND[name] ?? { type: "text" })}
                autoFocus={index === 0}
                required
                value={values[name] ?? ""}
                placeholder={entry.example}
                aria-invalid={invalid[name] || undefined}
                aria-describedby={described.length ? described.join(" ") : undefined}
                onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                data-testid={id}
              />
              {(hint || entry.example) && (
                <span id={`${id}-hint`} className="text-sm text-ui-fg-subtle" data-testid={`${id}-hint`}>
                  {hint}
                  {entry.example ? `${hint ? " " : ""}(${ru ? "например" : "e.g."} ${entry.example})` : ""}
                </span>
              )}
              {invalid[name] && (
                <span id={`${id}-error`} className="text-sm text-rose-600" data-testid={`${id}-error`}>
                  {values[name]?.trim()
                    ? ru
                      ? "Это значение не подходит: проверьте его по подсказке выше."
                      : "This does not look right: please check it against the hint above."
                    : ru
                      ? "Заполните это поле."
                      : "Please fill in this field."}
                </span>
              )}
            </div>
          )
        })}
      </fieldset>
      <M4ErrorMessage error={error} onRetry={() => void send()} retrying={submitting} data-testid="m4-add-ons-error" />
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" size="large" isLoading={submitting} data-testid="m4-add-ons-submit">
          {ru ? "Продолжить" : "Continue"}
        </Button>
        <Button
          type="button"
          variant="secondary"
          size="large"
          onClick={onChooseAnother}
          data-testid="m4-add-ons-choose-another"
        >
          {ru ? "Выбрать другой способ оплаты" : "Choose another payment method"}
        </Button>
      </div>
    </form>
  )
}

export default M4AddOnsForm
