import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { defaultSandboxConfig, loadSandboxConfigFile, maskSecret, parseSandboxConfig } from "../index"
import { clientFor, control, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

describe("sandbox config", () => {
  it("default config: shop 1520 and the documented payways", () => {
    const config = defaultSandboxConfig()
    expect(config.shops.map((s) => s.shop_id)).toEqual([1520])
    expect(config.payways.map((p) => `${p.kind}:${p.alias}:${p.currency}`)).toEqual([
      "input:card_invoice_usd:840",
      "input:card_invoice_eur:978",
      "input:card_invoice_jpy:392",
      "input:card_invoice_kwd:414",
      "input:wallet_invoice_usd:840",
      "output:card_payout_usd:840",
      "output:card_payout_eur:978",
    ])
  })

  it("a bad file names the bad field paths", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "m4-sandbox-"))
    try {
      const file = path.join(dir, "bad.json")
      writeFileSync(
        file,
        JSON.stringify({ shops: [{ shop_id: "x", secret_key: "k" }], payways: [{ alias: "card9", currency: 123 }] })
      )
      expect(() => loadSandboxConfigFile(file)).toThrow(
        /shops\[0\]\.shop_id[\s\S]*payways\[0\]\.alias[\s\S]*payways\[0\]\.currency/
      )
      writeFileSync(file, "{nope")
      expect(() => loadSandboxConfigFile(file)).toThrow(/not valid JSON/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(() => parseSandboxConfig({ shops: [{ shop_id: 1, secret_key: "k", callback_format: "xml" }] })).toThrow(
      /shops\[0\]\.callback_format/
    )
  })

  it("masks secrets", () => {
    expect(maskSecret("731a577aa3084fe6ac76cdbe3be0629b")).toBe("731…29b (32 chars)")
    expect(maskSecret("short")).not.toContain("short")
  })
})

describe("persistence with statePath", () => {
  it("keeps invoices, payouts, balances, deliveries and the clock across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "m4-sandbox-state-"))
    const statePath = path.join(dir, "state.json")
    try {
      const first = await startTestSandbox({ statePath, payoutStepMs: 60_000 })
      const client = clientFor(first)
      const order = uniqueId("persist")
      const created = await client.invoiceCreate({
        shop_order_id: order,
        amount: "12.00",
        currency: "USD",
        payway: "card_invoice_usd",
      })
      if (created.kind !== "ok") throw new Error()
      await control(first, "POST", `invoices/${created.data.id}/pay`)
      const payout = await client.withdrawCreate({
        payway: "card_payout_usd",
        amount: "5.00",
        amount_type: "ps_amount",
        shop_currency: "USD",
        account: "4111111111111111",
        shop_payment_id: "persisted-payout",
      })
      expect(payout.kind).toBe("ok")
      first.advanceClock(1000)
      const balanceBefore = await client.shopBalance()
      await first.stop()
      expect(JSON.parse(readFileSync(statePath, "utf8")).invoices).toHaveLength(1)

      const second = await startTestSandbox({ statePath, payoutStepMs: 60_000 })
      try {
        const client2 = clientFor(second, { now: () => second.clock.now() })
        expect(second.clock.offset).toBe(1000)
        expect(await client2.invoiceCheck({ shop_order_id: order })).toMatchObject({ kind: "ok", data: { status: 4 } })
        expect(((await client2.shopBalance()) as any).data).toEqual((balanceBefore as any).data)
        expect(
          await client2.invoiceCreate({
            shop_order_id: order,
            amount: "12.00",
            currency: "USD",
            payway: "card_invoice_usd",
          })
        ).toMatchObject({ kind: "fatal", code: 6 })
        // the pending payout keeps progressing after the restart
        second.advanceClock(120_000)
        await waitFor(
          async () =>
            ((await client2.withdrawShopPaymentStatus({ shop_payment_id: "persisted-payout" })) as any).data?.status ===
            5
        )
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
