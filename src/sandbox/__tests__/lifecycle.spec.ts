/** Pay page, state machines, hold limit, balances, payout progression, scenarios and request faults. */
import { M4Client } from "../../m4"
import { RunningSandbox } from "../index"
import { clientFor, control, postSigned, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

const usd = (order: string, payway = "card_invoice_usd", amount = "10.00") => ({
  shop_order_id: order,
  amount,
  currency: "USD",
  payway,
})

describe("sandbox lifecycle", () => {
  let sandbox: RunningSandbox
  let client: M4Client

  beforeEach(async () => {
    sandbox = await startTestSandbox({ payoutStepMs: 150 })
    client = clientFor(sandbox, { timeoutMs: 2000 })
  })
  afterEach(() => sandbox.stop())

  const balance = async (currency: number) => {
    const outcome = await client.shopBalance()
    if (outcome.kind !== "ok") throw new Error("balance failed")
    return outcome.data.balances.find((b) => b.currency === currency)!
  }

  it("required add-ons: every one the payway lists must come with the invoice (error 10), else nothing is created", async () => {
    const order = uniqueId("addons")
    const wallet = { ...usd(order, "wallet_invoice_usd") }
    expect(await client.invoiceCreate(wallet)).toMatchObject({
      kind: "fatal",
      code: 10,
      message: 'Incorrect values for parameters: email="field required", phone="field required"',
    })
    expect(await client.invoiceCreate({ ...wallet, email: "payer@example.com" })).toMatchObject({
      kind: "fatal",
      code: 10,
      message: 'Incorrect values for parameters: phone="field required"',
    })
    expect(await client.invoiceCreate({ ...wallet, email: "payer@example.com", phone: "" })).toMatchObject({
      kind: "fatal",
      code: 10,
      message: 'Incorrect values for parameters: phone="field required"',
    })
    expect(await client.invoiceCreate({ ...wallet, email: "payer@example.com", phone: "12" })).toMatchObject({
      kind: "fatal",
      code: 10,
      message: 'Incorrect values for parameters: phone="string does not match regex "^[0-9]{8,15}$""',
    })
    expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({ kind: "fatal", code: 7 })
    // a payway without add-ons needs none
    expect((await client.invoiceCreate(usd(uniqueId("addons")))).kind).toBe("ok")
  })

  it("pay page: GET shows the invoice for a payer; POST pay redirects to success_url", async () => {
    const order = uniqueId("page")
    const created = await client.invoiceCreate({
      ...usd(order, "wallet_invoice_usd"),
      email: "payer@example.com",
      phone: "79133456789",
      success_url: "https://shop.example/ok",
      failed_url: "https://shop.example/fail",
    })
    if (created.kind !== "ok") throw new Error(JSON.stringify(created))
    const page = await fetch(created.data.url)
    const html = await page.text()
    expect(page.status).toBe(200)
    // for a payer: the shop's name, the amount and the method; no ids, no status numbers
    expect(html).toContain('<dd id="shop-name">Sandbox shop</dd>')
    expect(html).toContain('<dd id="amount">10.00 USD</dd>')
    expect(html).not.toContain('id="payer-price"') // the payer pays the amount: no second price
    expect(html).toContain("Pay 10.00 USD</button>")
    expect(html).toContain('<dd id="payment-method">E-wallet</dd>')
    expect(html).not.toContain(order)
    expect(html).not.toMatch(/status|\(awaiting|>2</i)
    expect(html).not.toContain("<input") // the add-ons came with the invoice
    expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({ data: { status: 2 } })

    const paid = await fetch(`${sandbox.url}/pay/${(created.data.data as any).session_id}/pay`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({}),
    })
    expect(paid.status).toBe(303)
    expect(paid.headers.get("location")).toBe("https://shop.example/ok")
    expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({
      data: { status: 4, ps_data: '{"ps_payer_account": "payer@example.com", "required_3ds": false}' },
    })
    const again = await fetch(`${sandbox.url}/pay/${(created.data.data as any).session_id}/pay`, {
      method: "POST",
      redirect: "manual",
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('<p id="outcome">Payment received. Thank you!</p>')
  })

  it("pay page: POST form with session_id and decline → failed_url or result page", async () => {
    const created = await client.invoiceCreate(usd(uniqueId("page")))
    if (created.kind !== "ok") throw new Error()
    const form = await fetch(created.data.url, {
      method: "POST",
      body: new URLSearchParams(created.data.data as Record<string, string>),
    })
    expect(form.status).toBe(200)
    const declined = await fetch(`${created.data.url}/decline`, { method: "POST", redirect: "manual" })
    expect(declined.status).toBe(303)
    expect(declined.headers.get("location")).toMatch(/\/pay\/[0-9a-f]{32}\/result$/)
    expect(sandbox.state.invoices.get(created.data.id)!.status).toBe(6)
  })

  it("balances: paid credits available, hold adds to hold, refund debits, payout freezes then debits", async () => {
    const start = Number((await balance(840)).available)
    const held = await client.invoiceHold(usd(uniqueId("b")))
    if (held.kind !== "ok") throw new Error()
    await control(sandbox, "POST", `invoices/${held.data.id}/pay`)
    expect(await balance(840)).toMatchObject({ available: start, hold: 9.45 }) // 10.00 − (2.5 % + 0.30)
    await client.invoiceCharge({ invoice_id: held.data.id })
    expect(await balance(840)).toMatchObject({ available: start + 9.45, hold: 0 })

    await client.invoiceCreateRefund({
      invoice_id: held.data.id,
      amount: "4.00",
      currency: "USD",
      shop_refund_id: uniqueId("r"),
    })
    expect((await balance(840)).available).toBeCloseTo(start + 5.45, 2)
    expect(
      await client.invoiceCreateRefund({
        invoice_id: held.data.id,
        amount: "6.01",
        currency: "USD",
        shop_refund_id: uniqueId("r"),
      })
    ).toMatchObject({
      kind: "fatal",
      code: 5,
      message: "Refund amount is too large, max: 6.0",
    })

    const payout = await client.withdrawCreate({
      payway: "card_payout_usd",
      amount: "100.00",
      amount_type: "shop_amount",
      shop_currency: "USD",
      account: "4111111111111111",
      shop_payment_id: uniqueId("p"),
    })
    if (payout.kind !== "ok") throw new Error(JSON.stringify(payout))
    expect(await balance(840)).toMatchObject({ frozen: 100 })
    const statuses: number[] = []
    await waitFor(async () => {
      const s = await client.withdrawStatus({ withdraw_id: payout.data.id })
      if (s.kind === "ok" && statuses[statuses.length - 1] !== s.data.status) statuses.push(Number(s.data.status))
      return s.kind === "ok" && s.data.status === 5
    })
    expect(statuses).toEqual([3, 5]) // 3 at once, as recorded
    expect((await balance(840)).frozen).toBe(0)
    expect((await balance(840)).available).toBeCloseTo(start + 5.45 - 100, 2)
  })

  it("a rejected payout unfreezes; refunds only on paid invoices; refund_failed scenario", async () => {
    const before = await balance(978)
    const payout = await client.withdrawCreate({
      payway: "card_payout_eur[mock_server,rejected]",
      amount: "10.00",
      amount_type: "ps_amount",
      shop_currency: "EUR",
      account: "4111111111111111",
      shop_payment_id: uniqueId("p"),
    })
    if (payout.kind !== "ok") throw new Error(JSON.stringify(payout))
    sandbox.advanceClock(1000)
    expect(await client.withdrawStatus({ withdraw_id: payout.data.id })).toMatchObject({ data: { status: 6 } })
    expect(await balance(978)).toEqual(before)

    const open = await client.invoiceCreate(usd(uniqueId("o")))
    if (open.kind !== "ok") throw new Error()
    expect(
      await client.invoiceCreateRefund({
        invoice_id: open.data.id,
        amount: "1.00",
        currency: "USD",
        shop_refund_id: uniqueId("r"),
      })
    ).toMatchObject({ kind: "fatal", code: 8 })

    const failing = await client.invoiceCreate(usd(uniqueId("rf"), "card_invoice_usd[mock_server,refund_failed]"))
    if (failing.kind !== "ok") throw new Error()
    await control(sandbox, "POST", `invoices/${failing.data.id}/pay`)
    const afterPay = await balance(840)
    await client.invoiceCreateRefund({
      invoice_id: failing.data.id,
      amount: "5.00",
      currency: "USD",
      shop_refund_id: uniqueId("r"),
    })
    sandbox.advanceClock(100)
    const refunds = await client.invoiceGetRefunds({ invoice_id: failing.data.id })
    expect(refunds).toMatchObject({ kind: "ok", data: [{ status: "FAILED" }] })
    expect(await balance(840)).toEqual(afterPay)
  })

  it("a hold older than 5 days cannot be charged (clock advanced via the control API)", async () => {
    const held = await client.invoiceHold(usd(uniqueId("old")))
    if (held.kind !== "ok") throw new Error()
    await control(sandbox, "POST", `invoices/${held.data.id}/pay`)
    await control(sandbox, "POST", "clock", { advance_ms: 5 * 86_400_000 + 1000 })
    // the client's own clock must follow the sandbox clock for `now`
    const later = clientFor(sandbox, { now: () => sandbox.clock.now() })
    const outcome = await later.invoiceCharge({ invoice_id: held.data.id })
    expect(outcome).toMatchObject({ kind: "fatal", code: 8, message: expect.stringContaining("hold expired") })
    expect(
      await later.invoiceCheck({
        shop_order_id: held.data.id ? sandbox.state.invoices.get(held.data.id)!.shop_order_id : "",
      })
    ).toMatchObject({ data: { status: 6 } })
    expect(((await later.shopBalance()) as any).data.balances.find((b: any) => b.currency === 840).hold).toBe(0)
  })

  it("scenario suffixes: success, rejected, create_declined, internal_server_error, timeout_error", async () => {
    const statusOf = async (order: string) =>
      ((await client.invoiceCheck({ shop_order_id: order })) as any).data?.status
    const s = uniqueId("s")
    expect((await client.invoiceCreate(usd(s, "card_invoice_usd[mock_server,success]"))).kind).toBe("ok")
    expect(await statusOf(s)).toBe(4)
    const h = uniqueId("s")
    expect((await client.invoiceHold(usd(h, "card_invoice_usd[mock_server,success]"))).kind).toBe("ok")
    expect(await statusOf(h)).toBe(8)
    const r = uniqueId("s")
    await client.invoiceCreate(usd(r, "card_invoice_usd[mock_server,rejected]"))
    expect(await statusOf(r)).toBe(6)
    const d = uniqueId("s")
    await client.invoiceCreate(usd(d, "card_invoice_usd[mock_server,create_declined_with_callback]"))
    expect(await statusOf(d)).toBe(6)

    const e = uniqueId("s")
    expect(await client.invoiceCreate(usd(e, "card_invoice_usd[mock_server,internal_server_error]"))).toMatchObject({
      kind: "unknown",
      reason: "http_status",
      httpStatus: 500,
    })
    expect(await client.invoiceCheck({ shop_order_id: e })).toMatchObject({ kind: "fatal", code: 7 })

    const t = uniqueId("s")
    const short = clientFor(sandbox, { timeoutMs: 200 })
    expect(await short.invoiceCreate(usd(t, "card_invoice_usd[mock_server,timeout_error]"))).toMatchObject({
      kind: "unknown",
      reason: "timeout",
    })
    expect(await statusOf(t)).toBe(1) // it was created: resolve by status query (DECISION b)
  })

  it("request faults: http_5xx, hang_before, hang_after, latency_ms, count and rate", async () => {
    // the short timeout only where the fault makes M4 hang; every other call may take its time on a busy machine
    const short = clientFor(sandbox, { timeoutMs: 200 })
    await control(sandbox, "POST", "faults", [{ type: "http_5xx", status: 503, endpoint: "invoice/create", count: 1 }])
    const a = uniqueId("f")
    expect(await client.invoiceCreate(usd(a))).toMatchObject({ kind: "unknown", httpStatus: 503 })
    expect(await client.invoiceCheck({ shop_order_id: a })).toMatchObject({ kind: "fatal", code: 7 }) // not applied
    expect((await client.invoiceCreate(usd(a))).kind).toBe("ok") // count used up

    await control(sandbox, "POST", "faults", [{ type: "hang_before", endpoint: "invoice/create", count: 1 }])
    const b = uniqueId("f")
    expect(await short.invoiceCreate(usd(b))).toMatchObject({ kind: "unknown", reason: "timeout" })
    expect(await client.invoiceCheck({ shop_order_id: b })).toMatchObject({ kind: "fatal", code: 7 })

    await control(sandbox, "POST", "faults", [{ type: "hang_after", endpoint: "invoice/create", count: 1 }])
    const c = uniqueId("f")
    expect(await short.invoiceCreate(usd(c))).toMatchObject({ kind: "unknown", reason: "timeout" })
    expect(await client.invoiceCheck({ shop_order_id: c })).toMatchObject({ kind: "ok", data: { status: 1 } })
    expect(await client.invoiceCreate(usd(c))).toMatchObject({ kind: "fatal", code: 6 }) // DECISION f

    await control(sandbox, "POST", "faults", [{ type: "latency_ms", ms: 120, endpoint: "shop_balance", count: 1 }])
    const started = Date.now()
    expect((await client.shopBalance()).kind).toBe("ok")
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)

    await control(sandbox, "DELETE", "faults")
    await control(sandbox, "POST", "faults", [{ type: "http_5xx", endpoint: "shop_balance", rate: 0.5 }])
    const pattern = async () => {
      const kinds: string[] = []
      for (let i = 0; i < 20; i++) kinds.push((await client.shopBalance()).kind)
      return kinds
    }
    const first = await pattern()
    expect(first).toContain("ok")
    expect(first).toContain("unknown")
    // same seed → same pattern
    const again = await startTestSandbox({ seed: 1520 })
    try {
      const c2 = clientFor(again)
      await control(again, "POST", "faults", [{ type: "http_5xx", endpoint: "shop_balance", rate: 0.5 }])
      const kinds: string[] = []
      for (let i = 0; i < 20; i++) kinds.push((await c2.shopBalance()).kind)
      expect(kinds).toEqual(first)
    } finally {
      await again.stop()
    }
  })

  it("stop() closes hung requests", async () => {
    await control(sandbox, "POST", "faults", [{ type: "hang_before", endpoint: "shop_balance" }])
    const pending = clientFor(sandbox, { timeoutMs: 10_000 }).shopBalance()
    await waitFor(() => sandbox.faults.list()[0].applied === 1)
    await sandbox.stop()
    expect(await pending).toMatchObject({ kind: "unknown" })
  })

  it("reset returns to the configured opening state", async () => {
    await client.invoiceCreate(usd(uniqueId("x"), "card_invoice_usd[mock_server,success]"))
    expect(sandbox.state.invoices.size).toBe(1)
    await control(sandbox, "POST", "reset")
    expect(sandbox.state.invoices.size).toBe(0)
    expect(await balance(840)).toMatchObject({ available: 10000 })
  })

  it("payment tokens are not simulated: issue_payment_token is accepted and ignored, payment-token/* is 404", async () => {
    const order = uniqueId("token")
    const created = await postSigned(sandbox, "invoice/create", {
      ...usd(order, "card_invoice_usd[mock_server,success]"),
      currency: 840,
      issue_payment_token: true,
    })
    expect(created.json).toMatchObject({ result: true })
    expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({
      data: { status: 4, ps_data: '{"ps_payer_account": "424242XXXXXX4242", "required_3ds": false}' },
    })
    const token = await fetch(`${sandbox.apiUrl}payment-token/create`, { method: "POST", body: "{}" })
    expect(token.status).toBe(404)
    expect(await token.json()).toEqual({
      data: null,
      error_code: 10,
      message: "Unknown method payment-token/create",
      result: false,
    })
  })

  it("invoice/try and raw amounts as JSON numbers are accepted signed by their lexeme", async () => {
    const raw = await postSigned(sandbox, "invoice/try", {
      shop_order_id: "n1",
      amount: "100.23",
      currency: 840,
      payway: "card_invoice_usd",
    })
    expect(raw.json).toMatchObject({ result: true, data: { payer_price: 100.23 } })
  })
})
