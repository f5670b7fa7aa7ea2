/** The project's M4Client against the sandbox: every endpoint, and the error codes clients must handle. */
import { M4Client } from "../../m4"
import { RunningSandbox } from "../index"
import { clientFor, control, postRaw, postSigned, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

describe("M4Client against the sandbox", () => {
  let sandbox: RunningSandbox
  let client: M4Client

  beforeAll(async () => {
    // strict `now` (±5 min) and amount digits: the project's client must send the exact current
    // time and exactly the currency's decimals (DECISIONS d, e)
    sandbox = await startTestSandbox({ nowCheck: "strict", amountDigits: "strict" })
    client = clientFor(sandbox)
  })
  afterAll(() => sandbox.stop())

  const ok = <T>(outcome: { kind: string; data?: T }): T => {
    expect(outcome).toMatchObject({ kind: "ok" })
    return outcome.data as T
  }

  it("invoice/try prices the invoice and lists add-ons", async () => {
    const data = ok(
      await client.invoiceTry({
        shop_order_id: uniqueId("try"),
        amount: "100.00",
        currency: "USD",
        payway: "card_invoice_usd",
      })
    )
    // the payer pays the amount; the fee (2.5 % + 0.30) comes off the shop (DECISION h)
    expect(data).toMatchObject({ payer_price: 100, ps_currency: 840, add_ons_config: {} })
    const wallet = ok(
      await client.invoiceTry({
        shop_order_id: uniqueId("try"),
        amount: "10.00",
        currency: "USD",
        payway: "wallet_invoice_usd",
      })
    )
    expect(Object.keys(wallet.add_ons_config ?? {})).toEqual(["email", "phone"])
    const jpy = ok(
      await client.invoiceTry({
        shop_order_id: uniqueId("try"),
        amount: 6320,
        currency: "JPY",
        payway: "card_invoice_jpy",
      })
    )
    expect(jpy.payer_price).toBe(6320)
  })

  it("invoice/create → pay → check, refund, get-refunds", async () => {
    const order = uniqueId("order")
    const created = ok(
      await client.invoiceCreate({
        shop_order_id: order,
        amount: "50.00",
        currency: "USD",
        payway: "card_invoice_usd",
        description: "Order №1",
      })
    )
    expect(created.method).toBe("GET")
    expect(created.url).toBe(`${sandbox.url}/pay/${(created.data as any).session_id}`)
    expect(ok(await client.invoiceCheck({ shop_order_id: order }))).toMatchObject({
      status: 1,
      shop_amount: 50,
      description: "Order №1",
    })

    await control(sandbox, "POST", `invoices/${created.id}/pay`)
    const paid = ok(await client.invoiceCheck({ shop_order_id: order }))
    expect(paid).toMatchObject({
      status: 4,
      payment_id: created.id,
      shop_amount: 50,
      client_price: 50,
      shop_refund: 48.45, // 50.00 − (1.25 + 0.30)
    })

    const refund = ok(
      await client.invoiceCreateRefund({
        invoice_id: created.id,
        amount: "20.00",
        currency: "USD",
        shop_refund_id: uniqueId("refund"),
      })
    )
    expect(refund.status).toBe("WAITING")
    const refunds = await waitFor(async () => {
      const list = ok(await client.invoiceGetRefunds({ invoice_id: created.id }))
      return list[0]?.status === "SUCCESS" && list
    })
    expect(refunds[0]).toMatchObject({ amount: "20.00", currency: "USD", invoice_id: created.id })
  })

  it("invoice/hold → charge, and hold → unhold", async () => {
    const held = ok(
      await client.invoiceHold({
        shop_order_id: uniqueId("hold"),
        amount: "10.00",
        currency: "EUR",
        payway: "card_invoice_eur",
      })
    )
    await control(sandbox, "POST", `invoices/${held.id}/pay`)
    expect(ok(await client.invoiceCharge({ invoice_id: held.id }))).toEqual({ id: held.id, status: 4 })
    expect(await client.invoiceCharge({ invoice_id: held.id })).toMatchObject({ kind: "fatal", code: 8 })

    const held2 = ok(
      await client.invoiceHold({
        shop_order_id: uniqueId("hold"),
        amount: "10.00",
        currency: "EUR",
        payway: "card_invoice_eur",
      })
    )
    expect(await client.invoiceUnhold({ invoice_id: held2.id })).toMatchObject({ kind: "fatal", code: 8 })
    await control(sandbox, "POST", `invoices/${held2.id}/pay`)
    expect(ok(await client.invoiceUnhold({ invoice_id: held2.id }))).toEqual({ id: held2.id, status: 6 })
  })

  it("shop_input_config, shop_output_config and shop_balance", async () => {
    const input = ok(await client.shopInputConfig())
    expect(input.flatMap((m) => m.payways.map((p) => p.alias))).toEqual(
      expect.arrayContaining([
        "card_invoice_usd",
        "card_invoice_eur",
        "card_invoice_jpy",
        "card_invoice_kwd",
        "wallet_invoice_usd",
      ])
    )
    const output = ok(await client.shopOutputConfig({ payway: "card_payout_eur" }))
    expect(output.flatMap((m) => m.payways.map((p) => p.alias))).toEqual(["card_payout_eur"])
    const balance = ok(await client.shopBalance())
    expect(balance.shop_id).toBe(1520)
    expect(balance.balances.map((b) => b.currency).sort()).toEqual([392, 414, 840, 978])
  })

  it("withdraw/try, check_account, withdraw/create, withdraw/status, shop_payment_status", async () => {
    expect(
      ok(
        await client.withdrawTry({
          payway: "card_payout_usd",
          amount: "100.00",
          amount_type: "ps_amount",
          shop_currency: "USD",
        })
      )
    ).toMatchObject({
      payee_receive: 100,
      shop_write_off: 101.5,
    })
    expect(
      ok(
        await client.withdrawTry({
          payway: "card_payout_usd",
          amount: "100.00",
          amount_type: "shop_amount",
          shop_currency: "USD",
        })
      )
    ).toMatchObject({
      payee_receive: 98.5,
      shop_write_off: 100,
    })
    const check = (account: string) =>
      client.checkAccount({ payway: "card_payout_usd", amount: "10.00", account, shop_currency: "USD" })
    // as recorded: a valid account without a known holder
    expect(ok(await check("4111111111111112"))).toEqual({ account_info: null, provider_status: 1, result: true })
    // a holder the config names (account_holders), in the shape of M4's docs
    expect(ok(await check("4111111111111111"))).toEqual({
      account_info: { first_name: "Maria", last_name: "Garcia" },
      provider_status: 1,
      result: true,
    })
    expect(
      ok(
        await client.checkAccount({
          payway: "card_payout_usd",
          amount: "10.00",
          account: "12345",
          shop_currency: "USD",
        })
      )
    ).toMatchObject({
      result: false,
    })
    const shopPaymentId = uniqueId("payout")
    const created = ok(
      await client.withdrawCreate({
        payway: "card_payout_usd",
        amount: "10.00",
        amount_type: "ps_amount",
        shop_currency: "USD",
        account: "4111111111111111",
        shop_payment_id: shopPaymentId,
      })
    )
    // status 3 at once, as the recorded withdraw/create answered (DECISION l)
    expect(created).toMatchObject({ status: 3, shop_payment_id: shopPaymentId, shop_write_off: 10.6 })
    const seen = new Set<number>()
    await waitFor(async () => {
      const status = ok(await client.withdrawStatus({ withdraw_id: created.id }))
      seen.add(Number(status.status))
      return status.status === 5
    })
    expect([...seen].every((status) => status === 3 || status === 5)).toBe(true)
    expect(seen.has(5)).toBe(true)
    expect(ok(await client.withdrawShopPaymentStatus({ shop_payment_id: shopPaymentId }))).toMatchObject({
      id: created.id,
      status: 5,
    })
  })

  describe("error codes", () => {
    const base = { amount: "10.00", currency: "USD", payway: "card_invoice_usd" }

    it("1 unknown payway", async () => {
      expect(
        await client.invoiceCreate({ ...base, shop_order_id: uniqueId("e"), payway: "no_such_payway" })
      ).toMatchObject({ kind: "fatal", code: 1 })
      expect(
        await client.invoiceCreate({
          ...base,
          shop_order_id: uniqueId("e"),
          payway: "card_invoice_usd[mock_server,bogus]",
        })
      ).toMatchObject({ kind: "fatal", code: 1 })
    })

    it("4 below min / 5 above max", async () => {
      expect(await client.invoiceCreate({ ...base, shop_order_id: uniqueId("e"), amount: "0.50" })).toEqual({
        kind: "fatal",
        code: 4,
        message: "Payer price amount is too small, min: 1.0",
      })
      expect(await client.invoiceCreate({ ...base, shop_order_id: uniqueId("e"), amount: "100000.01" })).toEqual({
        kind: "fatal",
        code: 5,
        message: "Payer price amount is too large, max: 100000.0",
      })
    })

    it("6 duplicate shop_order_id / shop_payment_id / shop_refund_id", async () => {
      const order = uniqueId("dup")
      const first = ok(
        await client.invoiceCreate({ ...base, shop_order_id: order, payway: "card_invoice_usd[mock_server,success]" })
      )
      expect(await client.invoiceCreate({ ...base, shop_order_id: order })).toMatchObject({ kind: "fatal", code: 6 })
      const refundId = uniqueId("r")
      ok(
        await client.invoiceCreateRefund({
          invoice_id: first.id,
          amount: "1.00",
          currency: "USD",
          shop_refund_id: refundId,
        })
      )
      expect(
        await client.invoiceCreateRefund({
          invoice_id: first.id,
          amount: "1.00",
          currency: "USD",
          shop_refund_id: refundId,
        })
      ).toMatchObject({ kind: "fatal", code: 6 })
      const payout = {
        payway: "card_payout_usd",
        amount: "1.00",
        amount_type: "ps_amount" as const,
        shop_currency: "USD",
        account: "4111111111111111",
        shop_payment_id: uniqueId("p"),
      }
      ok(await client.withdrawCreate(payout))
      expect(await client.withdrawCreate(payout)).toMatchObject({ kind: "fatal", code: 6 })
    })

    it("7 unknown invoice, order or payout", async () => {
      expect(await client.invoiceCheck({ shop_order_id: "never-created" })).toMatchObject({ kind: "fatal", code: 7 })
      expect(await client.invoiceCharge({ invoice_id: 999 })).toMatchObject({ kind: "fatal", code: 7 })
      expect(await client.withdrawStatus({ withdraw_id: 999 })).toEqual({
        kind: "fatal",
        code: 7,
        message: "Withdraw (id=999) wasn't found",
      })
      expect(await client.withdrawShopPaymentStatus({ shop_payment_id: "nope" })).toMatchObject({
        kind: "fatal",
        code: 7,
      })
    })

    it("9 insufficient balance, never negative", async () => {
      const outcome = await client.withdrawCreate({
        payway: "card_payout_eur",
        amount: "50000.00",
        amount_type: "shop_amount",
        shop_currency: "EUR",
        account: "4111111111111111",
        shop_payment_id: uniqueId("p"),
      })
      expect(outcome).toMatchObject({ kind: "fatal", code: 9 })
      expect((outcome as any).message).toMatch(
        /^Insufficient balance\(currency=978\): shop_write_off=50000\.0, balance=/
      )
      for (const balance of sandbox.state.balances.get(1520)!.values()) {
        expect(Number(balance.available)).toBeGreaterThanOrEqual(0)
      }
    })

    it("10 bad sign with the echoed string to sign", async () => {
      const wrong = clientFor(sandbox, { secretKey: "wrong" })
      const outcome = await wrong.shopBalance()
      expect(outcome).toMatchObject({ kind: "fatal", code: 10 })
      expect((outcome as any).message).toMatch(
        /^Incorrect values for parameters: sign="Invalid sign, string to sign: "\d{4}-.+Z:1520""$/
      )
    })

    it("10 stale or unreadable now in strict mode (±5 min, no zone = UTC+3)", async () => {
      const stale = clientFor(sandbox, { now: () => new Date(Date.now() - 6 * 60_000) })
      const outcome = await stale.shopBalance()
      expect(outcome).toMatchObject({ kind: "fatal", code: 10 })
      expect((outcome as any).message).toMatch(/^Incorrect values for parameters: now="/)
      expect(await clientFor(sandbox, { now: () => new Date(Date.now() + 4 * 60_000) }).shopBalance()).toMatchObject({
        kind: "ok",
      })
      // zone-less now is UTC+3 wall time
      const utc3 = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 19)
      expect((await postSigned(sandbox, "shop_balance", { now: utc3 })).json).toMatchObject({ result: true })
      const utcWithoutZone = new Date().toISOString().slice(0, 19)
      expect((await postSigned(sandbox, "shop_balance", { now: utcWithoutZone })).json).toMatchObject({
        error_code: 10,
      })
      expect((await postSigned(sandbox, "shop_balance", { now: "yesterday" })).json).toEqual({
        data: null,
        error_code: 10,
        message: 'Incorrect values for parameters: now="invalid datetime format"',
        result: false,
      })
    })

    it("10 malformed fields, named", async () => {
      const answer = await postRaw(
        sandbox,
        "shop_balance",
        JSON.stringify({ shop_id: "abc", now: new Date().toISOString(), sign: "x" })
      )
      expect(answer.json).toEqual({
        data: null,
        error_code: 10,
        message: 'Incorrect values for parameters: shop_id="value is not a valid integer"',
        result: false,
      })
      const jpyDecimals = await postSigned(sandbox, "invoice/create", {
        shop_order_id: uniqueId("e"),
        amount: "100.5",
        currency: 392,
        payway: "card_invoice_jpy",
      })
      expect(jpyDecimals.json).toMatchObject({
        error_code: 10,
        message: expect.stringMatching(/^Incorrect values for parameters: amount="/),
      })
      const noOrder = await postRaw(
        sandbox,
        "invoice/check",
        JSON.stringify({ shop_id: 1520, now: new Date().toISOString(), sign: "x" })
      )
      expect(noOrder.json.message).toBe('Incorrect values for parameters: shop_order_id="field required"')
    })

    it("11 unknown shop (checked before the signature)", async () => {
      expect(await clientFor(sandbox, { shopId: 4242, secretKey: "whatever" }).shopBalance()).toEqual({
        kind: "fatal",
        code: 11,
        message: "Shop (id = 4242) is not found",
      })
    })
  })

  it("answers with the envelope headers of the real gateway", async () => {
    const response = await fetch(`${sandbox.apiUrl}shop_balance`, {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/json")
    expect(response.headers.get("cache-control")).toBe("no-cache, no-store, must-revalidate")
    expect(await response.json()).toMatchObject({ result: false, error_code: 10 })
  })
})
