"use client"

import { M4AddOnConfig, m4Text } from "@lib/m4"
import { Button, Input, Label, Text } from "@modules/common/components/ui"
import { useEffect, useState } from "react"
import ErrorMessage from "../error-message"

type M4AddOnsFormProps = {
  config: Record<string, M4AddOnConfig>
  missing: string[]
  initial?: Record<string, string>
  onSubmit: (values: Record<string, string>) => Promise<void>
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

/**
 * The details M4's payway needs from the payer (session status `requires_more`): one field per
 * missing add-on, labelled in the shopper's language and checked with M4's own regex.
 */
const M4AddOnsForm = ({ config, missing, initial, onSubmit }: M4AddOnsFormProps) => {
  const [lang, setLang] = useState("en")
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(missing.map((name) => [name, initial?.[name] ?? ""]))
  )
  const [invalid, setInvalid] = useState<Record<string, boolean>>({})
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const fromPage = navigator.language || document.documentElement.lang || "en"
    setLang(fromPage.slice(0, 2).toLowerCase())
  }, [])

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setError(null)
    const wrong = Object.fromEntries(
      missing.map((name) => [name, !values[name]?.trim() || !matches(config[name]?.regex, values[name].trim())])
    )
    setInvalid(wrong)
    if (Object.values(wrong).some(Boolean)) {
      return
    }
    setSubmitting(true)
    try {
      await onSubmit(Object.fromEntries(missing.map((name) => [name, values[name].trim()])))
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-y-4" data-testid="m4-add-ons-form">
      <Text className="txt-medium text-ui-fg-subtle">
        {lang === "ru"
          ? "Для этого способа оплаты нужны ещё данные:"
          : "This payment method needs a few more details:"}
      </Text>
      {missing.map((name) => {
        const entry = config[name] ?? {}
        const label = m4Text(entry.label, lang) ?? name
        const hint = m4Text(entry.comment, lang)
        return (
          <div key={name} className="flex flex-col gap-y-1">
            <Label htmlFor={`m4-add-on-${name}`}>{label}</Label>
            <Input
              id={`m4-add-on-${name}`}
              name={name}
              value={values[name] ?? ""}
              placeholder={entry.example}
              aria-invalid={invalid[name] || undefined}
              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
              data-testid={`m4-add-on-${name}`}
            />
            {invalid[name] && (
              <span className="text-rose-500 text-small-regular" data-testid={`m4-add-on-${name}-error`}>
                {hint ?? label}
                {entry.example ? ` (${entry.example})` : ""}
              </span>
            )}
          </div>
        )
      })}
      <ErrorMessage error={error} data-testid="m4-add-ons-error" />
      <Button type="submit" size="large" isLoading={submitting} data-testid="m4-add-ons-submit">
        {lang === "ru" ? "Продолжить" : "Continue"}
      </Button>
    </form>
  )
}

export default M4AddOnsForm
