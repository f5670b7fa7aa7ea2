/**
 * Cross-currency invoices (issue 15): the real gateway converts (recorded invoice/try with
 * `currency: 840` on a RUB payway → `payer_price: 27051.71`, `ps_currency: 643`). The shop
 * invoices in its currency; the payer pays in the payway's, at the configured rate, rounded
 * half-up to the payer currency's minor units (domain/exchange.ts).
 */
import { verifyCallback } from "../../m4"
import { DEFAULT_CONFIG_INPUT, defaultSandboxConfig, parseSandboxConfig, RunningSandbox } from "../index"
import { CallbackReceiver, startCallbackReceiver } from "./helpers/callback-receiver"
import { clientFor, control, postSigned, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

const SECRET = "sandbox-secret-key"

describe("cross-currency invoices", () => {
  let receiver: CallbackReceiver
  let sandbox: RunningSandbox

  beforeEach(async () => {
    receiver = await startCallbackReceiver()
    const config = {
      ...DEFAULT_CONFIG_INPUT,
      shops: DEFAULT_CONFIG_INPUT.shops.map((s) => ({ ...s, callback_url: receiver.url })),
    }
    sandbox = await startTestSandbox({ config })
  })
  afterEach(async () => {
    await sandbox.stop()
    await receiver.close()
  })

  it("invoice/try: a USD amount on the EUR payway is priced in EUR at the seeded rate", async () => {
    const client = clientFor(sandbox)
    // 24.99 USD × 0.92 = 22.9908 → 22.99 EUR: the payer pays that; the fee (2.5 % + 0.25 = 0.82475 →
    // 0.82 EUR) comes off the shop's credit (DECISION h)
    const tried = await client.invoiceTry({
      shop_order_id: uniqueId("x"),
      amount: "24.99",
      currency: "USD",
      payway: "card_invoice_eur",
    })
    expect(tried).toMatchObject({
      kind: "ok",
      data: { payer_price: 22.99, ps_currency: 978, paymethod_name: "Bank card" },
    })
    // zero-digit and three-digit payer currencies: 100.00 USD × 155 = 15500 JPY; 10.01 USD × 0.307 = 3.07307 → 3.073 KWD
    expect(
      await client.invoiceTry({
        shop_order_id: uniqueId("x"),
        amount: "100.00",
        currency: "USD",
        payway: "card_invoice_jpy",
      })
    ).toMatchObject({
      kind: "ok",
      data: { payer_price: 15500, ps_currency: 392 },
    })
    expect(
      await client.invoiceTry({
        shop_order_id: uniqueId("x"),
        amount: "10.01",
        currency: "USD",
        payway: "card_invoice_kwd",
      })
    ).toMatchObject({
      kind: "ok",
      data: { payer_price: 3.073, ps_currency: 414 },
    })
    // the answer's text carries the payer price as a Python float, like the recording (27051.71)
    const raw = await postSigned(sandbox, "invoice/try", {
      shop_order_id: uniqueId("x"),
      amount: "24.99",
      currency: 840,
      payway: "card_invoice_eur",
    })
    expect(raw.text).toContain('"payer_price":22.99,')
    expect(raw.text).toContain('"ps_currency":978,')
  })

  it("limits are the payway's, in its currency: 0.50 USD is 78 JPY, below the JPY payway's 100", async () => {
    const answer = await postSigned(sandbox, "invoice/try", {
      shop_order_id: uniqueId("x"),
      amount: "0.50",
      currency: 840,
      payway: "card_invoice_jpy",
    })
    expect(answer.json).toEqual({
      data: null,
      error_code: 4,
      message: "Payer price amount is too small, min: 100.0",
      result: false,
    })
  })

  it("create → pay: shop fields in USD, payer fields in EUR in invoice/check and the signed callback; the shop is credited in USD", async () => {
    const client = clientFor(sandbox)
    const order = uniqueId("x")
    const usdBefore = sandbox.state.balance(1520, 840).available
    const eurBefore = sandbox.state.balance(1520, 978).available
    const created = await client.invoiceCreate({
      shop_order_id: order,
      amount: "24.99",
      currency: "USD",
      payway: "card_invoice_eur",
      description: "Order 1001",
    })
    if (created.kind !== "ok") throw new Error(JSON.stringify(created))

    const page = await (await fetch(created.data.url)).text()
    expect(page).toContain('<dd id="amount">24.99 USD</dd>')
    expect(page).toContain('<dd id="payer-price">22.99 EUR <small>(converted at 1 USD = 0.92 EUR)</small></dd>')
    expect(page).toContain('<dd id="payment-method">Bank card</dd>')
    expect(page).toContain("Pay 22.99 EUR</button>")

    await control(sandbox, "POST", `invoices/${created.data.id}/pay`)
    const check = await client.invoiceCheck({ shop_order_id: order })
    expect(check).toMatchObject({
      kind: "ok",
      data: {
        status: 4,
        shop_currency: 840,
        shop_amount: 24.99,
        ps_currency: 978,
        client_price: 22.99,
        shop_refund: 24.1,
      },
    })

    const callback = await waitFor(() => receiver.received[0])
    const verified = verifyCallback(callback.body, SECRET, { contentType: callback.contentType })
    expect(verified).toMatchObject({ ok: true, type: "invoice" })
    expect(callback.body).toContain('"ps_currency": 978,')
    expect(callback.body).toContain(
      '"shop_currency": 840, "shop_amount": 24.99, "shop_refund": 24.1, "client_price": 22.99,'
    )

    // 24.99 − 0.82 EUR ÷ 0.92 (0.8913… → 0.89 USD) = 24.10 USD
    expect(sandbox.state.balance(1520, 840).available).toBe("10024.10")
    expect(usdBefore).toBe("10000.00")
    expect(sandbox.state.balance(1520, 978).available).toBe(eurBefore)

    // refunds stay in the invoice (shop) currency
    const refund = await client.invoiceCreateRefund({
      invoice_id: created.data.id,
      amount: "24.99",
      currency: "USD",
      shop_refund_id: uniqueId("r"),
    })
    expect(refund).toMatchObject({ kind: "ok", data: { status: "WAITING" } })
    const refundCallback = await waitFor(() => receiver.received.find((c) => c.url.endsWith("type=refund")))
    expect(verifyCallback(refundCallback.body, SECRET, { contentType: refundCallback.contentType })).toMatchObject({
      ok: true,
      type: "refund",
      callback: { currency: "USD", amount_text: "24.99", status: "SUCCESS" },
    })
  })

  it("same currency: the payer pays the amount, no extra line on the page; the shop is credited amount − fee", async () => {
    const created = await clientFor(sandbox).invoiceCreate({
      shop_order_id: uniqueId("x"),
      amount: "10.00",
      currency: "EUR",
      payway: "card_invoice_eur",
    })
    if (created.kind !== "ok") throw new Error(JSON.stringify(created))
    const invoice = sandbox.state.invoices.get(created.data.id)!
    expect(invoice).toMatchObject({
      currency: 978,
      ps_currency: 978,
      exchange_rate: "1",
      payer_price: "10.00",
      fee: "0.50", // 2.5 % + 0.25
      shop_refund: "9.50",
    })
    const page = await (await fetch(created.data.url)).text()
    expect(page).not.toContain('id="payer-price"')
    expect(page).toContain("Pay 10.00 EUR</button>")
    expect(page).not.toContain("converted")
  })
})

describe("payways where the payer bears the fee (payer_fee: true)", () => {
  let sandbox: RunningSandbox
  beforeAll(async () => {
    sandbox = await startTestSandbox({
      config: {
        ...DEFAULT_CONFIG_INPUT,
        payways: DEFAULT_CONFIG_INPUT.payways!.map((p) =>
          p.alias === "card_invoice_eur" ? { ...p, payer_fee: true } : p
        ),
      },
    })
  })
  afterAll(() => sandbox.stop())

  it.each([
    // 10.00 EUR + (2.5 % + 0.25 = 0.50) = 10.50 EUR; the shop is credited all of 10.00
    ["EUR", "10.00", "10.50", "10.50", "10.00", "(fee included)"],
    // 24.99 USD × 0.92 = 22.99 EUR + 0.82 fee = 23.81 EUR; the shop is credited all of 24.99 USD
    ["USD", "24.99", "23.81", "23.81", "24.99", "(converted at 1 USD = 0.92 EUR, fee included)"],
  ])(
    "%s %s: payer price %s, client_price %s, shop_refund %s",
    async (currency, amount, payerPrice, clientPrice, shopRefund, note) => {
      const client = clientFor(sandbox)
      const order = uniqueId("pf")
      const request = { shop_order_id: order, amount, currency, payway: "card_invoice_eur" }
      expect(await client.invoiceTry(request)).toMatchObject({ kind: "ok", data: { payer_price: Number(payerPrice) } })
      const created = await client.invoiceCreate(request)
      if (created.kind !== "ok") throw new Error(JSON.stringify(created))
      const page = await (await fetch(created.data.url)).text()
      expect(page).toContain(`<dd id="payer-price">${payerPrice} EUR <small>${note}</small></dd>`)
      await control(sandbox, "POST", `invoices/${created.data.id}/pay`)
      expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({
        kind: "ok",
        data: {
          status: 4,
          shop_amount: Number(amount),
          client_price: Number(clientPrice),
          shop_refund: Number(shopRefund),
        },
      })
    }
  )
})

describe("exchange rate configuration", () => {
  it("defaults are seeded; keys may be alphabetic or numeric; a bad key or zero rate is named", () => {
    expect(defaultSandboxConfig().exchange_rates).toMatchObject({
      "840/978": "0.92",
      "978/840": "1.08",
      "840/643": "90.338",
    })
    const parsed = parseSandboxConfig({
      shops: [{ shop_id: 1, secret_key: "k" }],
      exchange_rates: { "usd/eur": "0.5", "978/840": 2 },
    })
    expect(parsed.exchange_rates).toEqual({ "840/978": "0.5", "978/840": "2" })
    expect(parseSandboxConfig(parsed)).toEqual(parsed)
    expect(() =>
      parseSandboxConfig({ shops: [{ shop_id: 1, secret_key: "k" }], exchange_rates: { "USD-EUR": "1" } })
    ).toThrow(/exchange_rates\.USD-EUR: keys are two different ISO 4217 currencies/)
    expect(() =>
      parseSandboxConfig({ shops: [{ shop_id: 1, secret_key: "k" }], exchange_rates: { "USD/EUR": "0.00" } })
    ).toThrow(/exchange_rates\.USD\/EUR: a rate must be greater than zero/)
    expect(() =>
      parseSandboxConfig({ shops: [{ shop_id: 1, secret_key: "k" }], exchange_rates: { "USD/EUR": "-1" } })
    ).toThrow(/exchange_rates\.USD\/EUR/)
  })

  it("rounds the converted amount half-up at the payer currency (1.00 USD × 1.005 = 1.005 → 1.01 EUR); no rate → error 16", async () => {
    const sandbox = await startTestSandbox({
      config: {
        shops: [{ shop_id: 1520, secret_key: SECRET }],
        payways: [
          { alias: "card_invoice_eur", currency: 978, min_amount: "0.01" },
          { alias: "card_invoice_jpy", currency: 392, min_amount: "1" },
        ],
        exchange_rates: { "USD/EUR": "1.005" },
      },
    })
    try {
      const eur = await postSigned(sandbox, "invoice/try", {
        shop_order_id: uniqueId("x"),
        amount: "1.00",
        currency: 840,
        payway: "card_invoice_eur",
      })
      expect(eur.json).toMatchObject({ result: true, data: { payer_price: 1.01, ps_currency: 978 } })
      const jpy = await postSigned(sandbox, "invoice/create", {
        shop_order_id: uniqueId("x"),
        amount: "1.00",
        currency: 840,
        payway: "card_invoice_jpy",
      })
      expect(jpy.json).toEqual({
        data: null,
        error_code: 16,
        message: "Invalid currency exchange: no exchange rate 840 -> 392 is configured in the sandbox",
        result: false,
      })
      const unknown = await postSigned(sandbox, "invoice/try", {
        shop_order_id: uniqueId("x"),
        amount: "1.00",
        currency: 1234,
        payway: "card_invoice_eur",
      })
      expect(unknown.json).toMatchObject({
        result: false,
        error_code: 10,
        message: expect.stringContaining('currency="unknown ISO 4217'),
      })
    } finally {
      await sandbox.stop()
    }
  })
})
