import { Button, Container, Heading, Input, Label, Text, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { adminFetch, maskAccount, Payout, Payway, Preview } from "../lib/api"

const newKey = () => `payout-${crypto.randomUUID()}`

/**
 * Create form: preview the fees (withdraw/try) and check the account (check_account), then ask
 * for confirmation. One idempotency key per form fill, so a double click or a retry after a lost
 * answer never creates a second payout.
 */
export const CreatePayoutForm = ({ onCreated }: { onCreated: (p: Payout) => void }) => {
  const [payways, setPayways] = useState<Payway[]>([])
  const [payway, setPayway] = useState("")
  const [account, setAccount] = useState("")
  const [amount, setAmount] = useState("")
  const [amountType, setAmountType] = useState<"shop_amount" | "ps_amount">("shop_amount")
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [idempotencyKey, setIdempotencyKey] = useState(newKey)
  const prompt = usePrompt()

  useEffect(() => {
    adminFetch<{ payout_methods: { payways: Payway[] }[] }>("/admin/m4/payout-methods")
      .then((d) => {
        const list = d.payout_methods.flatMap((m) => m.payways).filter((p) => p.is_active)
        setPayways(list)
        setPayway((current) => current || list[0]?.alias || "")
      })
      .catch((e) => setError(e.message))
  }, [])

  const selected = useMemo(() => payways.find((p) => p.alias === payway), [payways, payway])
  const accountField = selected?.account_fields.find((f) => f.name === "account")
  const body = { payway, account, amount, amount_type: amountType }

  // any change invalidates the preview (and starts a new payout)
  useEffect(() => {
    setPreview(null)
    setIdempotencyKey(newKey())
  }, [payway, account, amount, amountType])

  const runPreview = async () => {
    setBusy(true)
    setError(null)
    try {
      const d = await adminFetch<{ preview: Preview }>("/admin/m4/payouts/preview", {
        method: "POST",
        body: { ...body, check_account: true },
      })
      setPreview(d.preview)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const create = async () => {
    if (!preview) return
    const who = preview.account_check?.recipient_name ? ` to ${preview.account_check.recipient_name}` : ""
    const confirmed = await prompt({
      title: "Send payout?",
      description: `Pay ${preview.payee_receive} ${preview.ps_currency}${who} (account ${maskAccount(account)}). ${preview.shop_write_off} ${preview.shop_currency} will be written off the shop balance.`,
      confirmText: "Send payout",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (!confirmed) return
    setBusy(true)
    setError(null)
    try {
      const d = await adminFetch<{ payout: Payout }>("/admin/m4/payouts", {
        method: "POST",
        body: {
          ...body,
          idempotency_key: idempotencyKey,
          ...(preview.account_check?.recipient_name ? { recipient_name: preview.account_check.recipient_name } : {}),
        },
      })
      toast.success(`Payout ${d.payout.id}: ${d.payout.status}`)
      setAccount("")
      setAmount("")
      onCreated(d.payout)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
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
                {p.alias} ({p.currency}, {p.min_amount}–{p.max_amount})
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
            <option value="shop_amount">written off the shop balance (fees deducted)</option>
            <option value="ps_amount">received by the recipient (fees on top)</option>
          </select>
        </div>
      </div>
      {error && (
        <Text size="small" className="text-ui-fg-error" data-testid="m4-payout-error">
          {error}
        </Text>
      )}
      {preview && (
        <div className="bg-ui-bg-subtle rounded-md p-3" data-testid="m4-payout-preview">
          <Text size="small">
            Recipient receives:{" "}
            <b>
              {preview.payee_receive} {preview.ps_currency}
            </b>
          </Text>
          <Text size="small">
            Shop writes off:{" "}
            <b>
              {preview.shop_write_off} {preview.shop_currency}
            </b>
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
          isLoading={busy && !preview}
          disabled={!payway || !account || !amount}
        >
          Preview fees
        </Button>
        <Button
          onClick={create}
          isLoading={busy && !!preview}
          disabled={!preview || preview.account_check?.result === false}
        >
          Create payout
        </Button>
      </div>
    </Container>
  )
}
