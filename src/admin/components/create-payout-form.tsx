import { Button, Container, Heading, Input, Label, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { formatMoney, payoutAmountTypeName, payoutStateName } from "../../shared/display-names"
import { errorText, maskAccount, Preview, useCreatePayout, usePayoutMethods, usePreviewPayout } from "../lib/api"

const newKey = () => `payout-${crypto.randomUUID()}`

/**
 * Create form: preview the fees (withdraw/try) and check the account (check_account), then ask
 * for confirmation. One idempotency key per form fill, so a double click or a retry after a lost
 * answer never creates a second payout.
 */
export const CreatePayoutForm = () => {
  const methods = usePayoutMethods()
  const payways = useMemo(
    () =>
      (methods.data?.payout_methods ?? []).flatMap((m) =>
        m.payways.filter((p) => p.is_active).map((p) => ({ ...p, method_name: m.name }))
      ),
    [methods.data]
  )
  const [payway, setPayway] = useState("")
  const [account, setAccount] = useState("")
  const [amount, setAmount] = useState("")
  const [amountType, setAmountType] = useState<"shop_amount" | "ps_amount">("shop_amount")
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [idempotencyKey, setIdempotencyKey] = useState(newKey)
  const prompt = usePrompt()
  const previewing = usePreviewPayout()
  const creating = useCreatePayout()

  useEffect(() => {
    setPayway((current) => current || payways[0]?.alias || "")
  }, [payways])

  const selected = useMemo(() => payways.find((p) => p.alias === payway), [payways, payway])
  const accountField = selected?.account_fields.find((f) => f.name === "account")
  const body = { payway, account, amount, amount_type: amountType }

  // any change invalidates the preview (and starts a new payout)
  useEffect(() => {
    setPreview(null)
    setIdempotencyKey(newKey())
  }, [payway, account, amount, amountType])

  const runPreview = async () => {
    setError(null)
    try {
      const d = await previewing.mutateAsync({ ...body, check_account: true })
      setPreview(d.preview)
    } catch (e) {
      setError(errorText(e))
    }
  }

  const create = async () => {
    if (!preview) return
    const who = preview.account_check?.recipient_name ? ` to ${preview.account_check.recipient_name}` : ""
    const confirmed = await prompt({
      title: "Send payout?",
      description: `Pay ${formatMoney(preview.payee_receive, preview.ps_currency)}${who} (account ${maskAccount(account)}). ${formatMoney(preview.shop_write_off, preview.shop_currency)} will be written off your M4 balance.`,
      confirmText: "Send payout",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (!confirmed) return
    setError(null)
    try {
      const d = await creating.mutateAsync({
        ...body,
        idempotency_key: idempotencyKey,
        ...(preview.account_check?.recipient_name ? { recipient_name: preview.account_check.recipient_name } : {}),
      })
      toast.success(
        `Payout of ${formatMoney(d.payout.amount, d.payout.shop_currency)}: ${payoutStateName(d.payout.status).label}`
      )
      setAccount("")
      setAmount("")
    } catch (e) {
      setError(errorText(e))
    }
  }

  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="m4-create-payout">
      <Heading level="h2">New payout</Heading>
      <div className="grid grid-cols-2 gap-4">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="m4-payway">Payout method</Label>
          <select
            id="m4-payway"
            name="payway"
            className="bg-ui-bg-field shadow-borders-base txt-compact-small h-8 rounded-md px-2"
            value={payway}
            onChange={(e) => setPayway(e.target.value)}
          >
            {payways.map((p) => (
              <option key={p.alias} value={p.alias}>
                {p.method_name ?? p.alias} · {p.currency} ({formatMoney(p.min_amount)}–{formatMoney(p.max_amount)})
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="m4-account">Recipient account</Label>
          <Input
            id="m4-account"
            name="account"
            placeholder={accountField?.example ?? accountField?.title ?? ""}
            value={account}
            onChange={(e) => setAccount(e.target.value)}
          />
          {accountField?.title && (
            <Text size="xsmall" className="text-ui-fg-subtle">
              {accountField.title}
            </Text>
          )}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="m4-amount">Amount{selected ? ` (${selected.currency})` : ""}</Label>
          <Input
            id="m4-amount"
            name="amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="m4-amount-type">Amount is</Label>
          <select
            id="m4-amount-type"
            name="amount_type"
            className="bg-ui-bg-field shadow-borders-base txt-compact-small h-8 rounded-md px-2"
            value={amountType}
            onChange={(e) => setAmountType(e.target.value as "shop_amount" | "ps_amount")}
          >
            <option value="shop_amount">{payoutAmountTypeName("shop_amount")}</option>
            <option value="ps_amount">{payoutAmountTypeName("ps_amount")}</option>
          </select>
        </div>
      </div>
      {(error || methods.error) && (
        <Text size="small" className="text-ui-fg-error" data-testid="m4-payout-error">
          {error ?? errorText(methods.error)}
        </Text>
      )}
      {preview && (
        <div className="bg-ui-bg-subtle rounded-md p-3" data-testid="m4-payout-preview">
          <Text size="small">
            Recipient receives: <b>{formatMoney(preview.payee_receive, preview.ps_currency)}</b>
          </Text>
          <Text size="small">
            Written off your M4 balance: <b>{formatMoney(preview.shop_write_off, preview.shop_currency)}</b>
          </Text>
          <Text size="small">
            Account check:{" "}
            {preview.account_check
              ? preview.account_check.result
                ? `valid${preview.account_check.recipient_name ? ` — ${preview.account_check.recipient_name}` : ""}`
                : "M4 says the account cannot receive this payout"
              : "not checked"}
          </Text>
        </div>
      )}
      <div className="flex gap-x-2">
        <Button
          variant="secondary"
          onClick={runPreview}
          isLoading={previewing.isPending}
          disabled={!payway || !account || !amount}
        >
          Preview fees
        </Button>
        <Button
          onClick={create}
          isLoading={creating.isPending}
          disabled={!preview || preview.account_check?.result === false}
        >
          Create payout
        </Button>
      </div>
    </Container>
  )
}
