import http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { inspect } from "node:util"
import { M4Client } from "../client/m4-client"
import { M4Outcome } from "../client/outcome"
import { m4Hash } from "../signing/hash"
import { readRawFields } from "../signing/raw-fields"
import { rawRequestStringToSign } from "../signing/request-signature"
import { isM4Endpoint } from "../signing/signed-fields"
import { loadRecordedExchanges, SANDBOX_SECRET } from "./fixtures"

interface Received {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

type Reply = { status: number; body: string } | "hang" | "destroy"

const envelope = (fields: Record<string, unknown>) => JSON.stringify(fields)
const ok = (data: unknown): Reply => ({
  status: 200,
  body: envelope({ result: true, message: "Ok", error_code: 0, data }),
})
const fail = (code: number, message: string, status = 200): Reply => ({
  status,
  body: envelope({ result: false, message, error_code: code, data: null }),
})

const FIXED_NOW = new Date("2026-05-24T13:35:42.123Z")
const LEAKY_SECRET = "s3cr3t-do-not-leak-Zq9"

let server: http.Server
let baseUrl: string
let reply: (req: Received) => Reply = () => ok({})
const received: Received[] = []
const sockets = new Set<Socket>()

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const request: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      }
      received.push(request)
      const answer = reply(request)
      if (answer === "hang") {
        return // never answers; the socket is destroyed in afterAll
      }
      if (answer === "destroy") {
        req.socket.destroy()
        return
      }
      res.writeHead(answer.status, { "Content-Type": "application/json" })
      res.end(answer.body)
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  // no trailing slash on purpose: the client adds it
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway/v1`
})

afterAll(async () => {
  for (const socket of sockets) {
    socket.destroy()
  }
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  received.length = 0
  reply = () => ok({})
})

function client(opts: Partial<ConstructorParameters<typeof M4Client>[0]> = {}): M4Client {
  return new M4Client({
    shopId: 1520,
    secretKey: SANDBOX_SECRET,
    baseUrl,
    timeoutMs: 5000, // a busy machine may be slow to answer; tests of timeouts pass their own
    now: () => FIXED_NOW,
    ...opts,
  })
}

function lastRequest(): Received & { json: Record<string, unknown> } {
  const request = received[received.length - 1]
  return { ...request, json: JSON.parse(request.body) as Record<string, unknown> }
}

/** The gateway's check: the sign recomputed from the raw body over the endpoint's signed fields. */
function expectValidSign(endpoint: string, body: string, secret = SANDBOX_SECRET): void {
  if (!isM4Endpoint(endpoint)) {
    throw new Error(`not an endpoint: ${endpoint}`)
  }
  const raw = readRawFields(body, "application/json")
  const sign = raw.fields.get("sign")
  expect(sign?.kind === "string" && sign.value).toBe(m4Hash(rawRequestStringToSign(endpoint, raw), secret))
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

const RECORDED_STATUS = loadRecordedExchanges().find((e) => e.endpoint === "invoice/check")!
const RECORDED_STATUS_DATA = (JSON.parse(RECORDED_STATUS.response_body) as { data: Record<string, unknown> }).data

describe("M4Client requests", () => {
  it("invoice/check: path, headers, JSON body, `now` ISO with Z, valid sign; parses the recorded answer", async () => {
    reply = () => ({ status: RECORDED_STATUS.http_status, body: RECORDED_STATUS.response_body })
    const outcome = await client().invoiceCheck({ shop_order_id: "order_01JTESTVECTOR" })
    const request = lastRequest()
    expect(request.method).toBe("POST")
    expect(request.path).toBe("/gateway/v1/invoice/check")
    expect(request.headers["content-type"]).toBe("application/json")
    expect(request.headers.accept).toBe("application/json")
    expect(request.json).toEqual({
      shop_id: 1520,
      shop_order_id: "order_01JTESTVECTOR",
      now: "2026-05-24T13:35:42.123Z",
      sign: "40711446523410ffb73634efa75287772625116bd78c44ae178af5180be87ecc", // docs/m4-protocol.md §2.2 vector
    })
    expect(request.json.now).toMatch(ISO_Z)
    expectValidSign("invoice/check", request.body)

    expect(outcome.kind).toBe("ok")
    if (outcome.kind === "ok") {
      expect(outcome.data).toEqual(RECORDED_STATUS_DATA) // every field kept, including undocumented is_unique
      expect(outcome.data.status).toBe(4)
      expect(outcome.data.payment_id).toBe(33733463)
      expect(outcome.data.shop_amount).toBe(299.45)
    }
  })

  it("invoice/hold: currency to ISO numeric, amount with the currency's digits, unsigned extras sent", async () => {
    reply = () =>
      ok({ id: 41000017, method: "POST", url: "https://pay.example/3ds", data: { MD: "x", PaReq: "y", TermUrl: "z" } })
    const outcome = await client().invoiceHold({
      shop_order_id: "order_01JTESTVECTOR",
      amount: { value: "6320.91", precision: 20 },
      currency: "usd",
      payway: "card_invoice_usd",
      description: "Order 1",
      success_url: "https://shop.example/ok",
      client_ip: "10.0.0.1",
      expires_at: new Date("2026-06-01T00:00:00Z"),
      client_info: { browser_language: "en", browser_java_enabled: false },
      issue_payment_token: true,
      extra: { email: "a@example.com" },
    })
    const request = lastRequest()
    expect(request.path).toBe("/gateway/v1/invoice/hold")
    expect(request.json).toMatchObject({
      shop_id: 1520,
      amount: "6320.91",
      currency: 840,
      payway: "card_invoice_usd",
      description: "Order 1",
      success_url: "https://shop.example/ok",
      client_ip: "10.0.0.1",
      expires_at: "2026-06-01T00:00:00.000Z",
      client_info: { browser_language: "en", browser_java_enabled: false },
      issue_payment_token: true,
      email: "a@example.com",
      sign: "bef2fafe4ceb57c3a3f0e420ca44d5b8be6fda9275d8a4ca70e298a5422e7108", // docs/m4-protocol.md §2.2 vector
    })
    expectValidSign("invoice/hold", request.body)
    expect(outcome).toEqual({
      kind: "ok",
      data: {
        id: 41000017,
        method: "POST",
        url: "https://pay.example/3ds",
        data: { MD: "x", PaReq: "y", TermUrl: "z" },
      },
    })
  })

  it("invoice/create in JPY: amount without decimals (docs/m4-protocol.md §2.2 vector)", async () => {
    reply = () => {
      const recorded = loadRecordedExchanges().find((e) => e.endpoint === "invoice/create")!
      return { status: 200, body: recorded.response_body }
    }
    const outcome = await client().invoiceCreate({
      shop_order_id: "order_01JJPY",
      amount: 6320,
      currency: 392,
      payway: "card_invoice_jpy",
    })
    const request = lastRequest()
    expect(request.json).toMatchObject({ amount: "6320", currency: 392 })
    expect(request.json.sign).toBe("26fed819235c409d80c797e12e1360c93a4fc4795236837a8f22ad2c966107c3")
    expect(outcome.kind === "ok" && outcome.data.url).toBe(
      "https://checkout-test.contactpay.io/pay/453c7fbe448a41b591d937bd02fff4ba"
    )
  })

  it("invoice/charge, unhold, create-refund, get-refunds sign per the endpoint table", async () => {
    const c = client({ now: () => new Date("2026-05-24T13:40:00.000Z") })

    reply = () => ok({ id: 41000017, status: 4 })
    expect(await c.invoiceCharge({ invoice_id: 41000017 })).toEqual({ kind: "ok", data: { id: 41000017, status: 4 } })
    expect(lastRequest().path).toBe("/gateway/v1/invoice/charge")
    expect(lastRequest().json.sign).toBe("a823a4114cd8f9e000ae2f0a76b5abd3829929ef8074f7c7b12ff43aa2a1d22d")

    reply = () => ok({ id: 41000017, status: 6 })
    expect((await c.invoiceUnhold({ invoice_id: "41000017" })).kind).toBe("ok")
    expect(lastRequest().json).toMatchObject({ invoice_id: 41000017, now: "2026-05-24T13:40:00.000Z" })
    expectValidSign("invoice/unhold", lastRequest().body)

    reply = () => ok({ id: 7001, status: "WAITING" })
    const refund = await c.invoiceCreateRefund({
      invoice_id: 41000017,
      amount: 100,
      currency: "usd",
      shop_refund_id: "refund_01JTESTVECTOR",
    })
    expect(refund).toEqual({ kind: "ok", data: { id: 7001, status: "WAITING" } })
    expect(lastRequest().json).toEqual({
      shop_id: 1520,
      invoice_id: 41000017,
      amount: "100.00",
      shop_refund_id: "refund_01JTESTVECTOR",
      sign: "2834eddd1522179145f3ad8bb397c245b905f666512f1fc2a8a3507d0ca7c9ac",
    })

    // callback_url rides along unsigned: the signature stays the vector's
    await c.invoiceCreateRefund({
      invoice_id: 41000017,
      amount: "100.00",
      currency: 840,
      shop_refund_id: "refund_01JTESTVECTOR",
      callback_url: "https://shop.example.com/hooks/payment/m4_m4",
    })
    expect(lastRequest().json).toMatchObject({
      callback_url: "https://shop.example.com/hooks/payment/m4_m4",
      sign: "2834eddd1522179145f3ad8bb397c245b905f666512f1fc2a8a3507d0ca7c9ac",
    })

    reply = () => ok([{ shop_refund_id: "refund_01JTESTVECTOR", status: "SUCCESS", amount: "100.00", currency: "USD" }])
    const refunds = await c.invoiceGetRefunds({ invoice_id: 41000017 })
    expect(refunds.kind === "ok" && refunds.data[0].status).toBe("SUCCESS")
    expectValidSign("invoice/get-refunds", lastRequest().body)
  })

  it("invoice/try, shop config and balance parse the recorded answers", async () => {
    const recorded = loadRecordedExchanges()
    const answer = (endpoint: string) => {
      const e = recorded.find(
        (x) =>
          x.endpoint === endpoint &&
          x.file !== "shop-balance_shop_not_found.json" &&
          x.file !== "shop-balance_wrong_secret.json"
      )!
      return { status: e.http_status, body: e.response_body }
    }
    const c = client()

    reply = () => answer("invoice/try")
    const tried = await c.invoiceTry({
      shop_order_id: "117",
      amount: "299.45",
      currency: "rub",
      payway: "card_core_payin_rub[mock_server,success_with_callback]",
    })
    expect(tried.kind === "ok" && tried.data.payer_price).toBe(27051.71)
    expectValidSign("invoice/try", lastRequest().body)

    reply = () => answer("shop_input_config/shop")
    const config = await c.shopInputConfig()
    expect(config.kind === "ok" && config.data[0].payways[0].add_ons_config).toBeNull()
    expect(config.kind === "ok" && config.data[0].payways[2].add_ons_config).toEqual({})
    expectValidSign("shop_input_config/shop", lastRequest().body)

    reply = () => answer("shop_input_config/shop")
    expect((await c.shopOutputConfig({ payway: "payway_card_usd_example" })).kind).toBe("ok")
    expect(lastRequest().path).toBe("/gateway/v1/shop_output_config/shop")
    expect(lastRequest().json.payway).toBe("payway_card_usd_example")
    expectValidSign("shop_output_config/shop", lastRequest().body)

    reply = () => answer("shop_balance")
    const balance = await c.shopBalance()
    expect(balance.kind === "ok" && balance.data.balances.map((b) => b.currency)).toEqual([978, 643, 840])
    expect(lastRequest().path).toBe("/gateway/v1/shop_balance")
  })

  it("payout endpoints: shop_currency to numeric, amount with its digits, lenient mixed number/string amounts", async () => {
    const c = client()
    reply = () =>
      ok({
        account_info_config: null,
        info: {},
        payee_receive: 150,
        ps_currency: 414,
        shop_currency: 414,
        shop_write_off: "160",
      })
    const tried = await c.withdrawTry({
      payway: "payway_card_kwd",
      amount: 1.25,
      amount_type: "shop_amount",
      shop_currency: "kwd",
    })
    expect(tried.kind === "ok" && tried.data.shop_write_off).toBe("160")
    expect(lastRequest().json).toMatchObject({ amount: "1.250", shop_currency: 414, amount_type: "shop_amount" })
    expectValidSign("withdraw/try", lastRequest().body)

    reply = () => ok({ account_info: null, result: true, provider_status: 1 })
    expect(
      (await c.checkAccount({ payway: "payway_card_usd", amount: "10", account: "4242", shop_currency: 840 })).kind
    ).toBe("ok")
    expect(lastRequest().json).not.toHaveProperty("shop_currency")
    expect(lastRequest().json.amount).toBe("10.00")
    expectValidSign("check_account", lastRequest().body)

    reply = () =>
      ok({
        balance: 20000.0,
        id: 48581287,
        payee_receive: 100.23,
        ps_currency: 643,
        shop_currency: 643,
        shop_payment_id: "p1",
        shop_write_off: 102.23,
        status: 3,
      })
    const created = await c.withdrawCreate({
      payway: "qiwi_topup_rub_to_wallet",
      amount: "100.23",
      amount_type: "ps_amount",
      shop_currency: "RUB",
      account: "79000000000",
      shop_payment_id: "p1",
    })
    expect(created.kind === "ok" && created.data.status).toBe(3)
    expectValidSign("withdraw/create", lastRequest().body)

    reply = () => ok({ id: 48581287, status: 5, shop_payment_id: "p1", error_code: 0 })
    expect((await c.withdrawStatus({ withdraw_id: 48581287 })).kind).toBe("ok")
    expectValidSign("withdraw/status", lastRequest().body)
    expect((await c.withdrawShopPaymentStatus({ shop_payment_id: "p1" })).kind).toBe("ok")
    expectValidSign("withdraw/shop_payment_status", lastRequest().body)
    expect(lastRequest().json.now).toMatch(ISO_Z)
  })

  it("throws only for programmer errors, with a clear message", () => {
    const c = client()
    expect(() => c.invoiceCreate({ shop_order_id: "", amount: 1, currency: "usd", payway: "p" })).toThrow(
      /shop_order_id/
    )
    expect(() => c.invoiceCreate({ shop_order_id: "o", amount: 1, currency: "zzz", payway: "p" })).toThrow(
      /unknown ISO 4217 currency/
    )
    expect(() => c.invoiceCreate({ shop_order_id: "o", amount: 0, currency: "usd", payway: "p" })).toThrow(
      /greater than zero/
    )
    expect(() =>
      c.invoiceCreate({ shop_order_id: "o", amount: 1, currency: "usd", payway: "p", extra: { amount: "2" } })
    ).toThrow(/overwrite/)
    expect(() => c.invoiceCharge({ invoice_id: "abc" })).toThrow(/invoice_id/)
    expect(() => c.withdrawTry({ payway: "p", amount: 1, amount_type: "x" as never, shop_currency: "usd" })).toThrow(
      /amount_type/
    )
    expect(() => new M4Client({ shopId: 0, secretKey: "k" })).toThrow(/shopId/)
    expect(() => new M4Client({ shopId: 1, secretKey: "" })).toThrow(/secretKey/)
  })
})

describe("M4Client outcome classification (DECISION b)", () => {
  it.each([500, 502, 503])("HTTP %i without envelope → unknown/http_status", async (status) => {
    reply = () => ({ status, body: "<html>Bad gateway</html>" })
    const outcome = await client().shopBalance()
    expect(outcome).toMatchObject({ kind: "unknown", reason: "http_status", httpStatus: status })
  })

  it("a server that never answers → unknown/timeout", async () => {
    reply = () => "hang"
    const started = Date.now()
    const outcome = await client({ timeoutMs: 200 }).invoiceCheck({ shop_order_id: "o1" })
    expect(outcome).toMatchObject({ kind: "unknown", reason: "timeout" })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it("garbage body → unknown/bad_response", async () => {
    reply = () => ({ status: 200, body: "this is not json" })
    expect(await client().shopBalance()).toMatchObject({ kind: "unknown", reason: "bad_response", httpStatus: 200 })
    reply = () => ({ status: 200, body: JSON.stringify({ hello: "world" }) })
    expect(await client().shopBalance()).toMatchObject({ kind: "unknown", reason: "bad_response" })
  })

  it("connection refused → unknown/network", async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const outcome = await client({ baseUrl: `http://127.0.0.1:${port}/gateway/v1/` }).shopBalance()
    expect(outcome).toMatchObject({ kind: "unknown", reason: "network" })
    expect(outcome.kind === "unknown" && outcome.detail).toMatch(/ECONNREFUSED/)
  })

  it("connection dropped mid-request → unknown/network", async () => {
    reply = () => "destroy"
    expect(await client().shopBalance()).toMatchObject({ kind: "unknown", reason: "network" })
  })

  it.each(Array.from({ length: 21 }, (_, i) => i + 1))("error code %i → fatal with code and message", async (code) => {
    reply = () => fail(code, `message for ${code}`)
    expect(await client().invoiceCheck({ shop_order_id: "o1" })).toEqual({
      kind: "fatal",
      code,
      message: `message for ${code}`,
    })
  })

  it.each([0, 22, 99, -1])("result:false with code %i → unknown/unknown_code", async (code) => {
    reply = () => fail(code, "something odd")
    expect(await client().invoiceCheck({ shop_order_id: "o1" })).toMatchObject({
      kind: "unknown",
      reason: "unknown_code",
      code,
    })
  })

  it("HTTP 400 with envelope code 6 → fatal (envelope read whatever the status)", async () => {
    reply = () => fail(6, "Shop_payment_id '1' is not unique for shop(id=17)", 400)
    expect(await client().withdrawShopPaymentStatus({ shop_payment_id: "1" })).toEqual({
      kind: "fatal",
      code: 6,
      message: "Shop_payment_id '1' is not unique for shop(id=17)",
    })
  })

  it("HTTP 500 with an envelope code 99 → unknown; with result:true → unknown (contradictory)", async () => {
    reply = () => fail(99, "boom", 500)
    expect(await client().shopBalance()).toMatchObject({
      kind: "unknown",
      reason: "unknown_code",
      code: 99,
      httpStatus: 500,
    })
    reply = () => ({ status: 500, body: envelope({ result: true, message: "Ok", error_code: 0, data: {} }) })
    expect(await client().shopBalance()).toMatchObject({ kind: "unknown", reason: "http_status", httpStatus: 500 })
  })

  it("recorded error answers: shop not found → fatal 11, wrong secret → fatal 10", async () => {
    for (const file of ["shop-balance_shop_not_found.json", "shop-balance_wrong_secret.json"]) {
      const e = loadRecordedExchanges().find((x) => x.file === file)!
      reply = () => ({ status: e.http_status, body: e.response_body })
      const outcome = await client().shopBalance()
      expect(outcome.kind).toBe("fatal")
      expect(outcome.kind === "fatal" && outcome.code).toBe(file.includes("wrong") ? 10 : 11)
    }
  })

  it("success whose data does not match the schema → unknown/invalid_data naming the field", async () => {
    reply = () => ok({ ...RECORDED_STATUS_DATA, status: "paid" })
    const outcome = await client().invoiceCheck({ shop_order_id: "117" })
    expect(outcome).toMatchObject({ kind: "unknown", reason: "invalid_data" })
    expect(outcome.kind === "unknown" && outcome.detail).toMatch(/data\.status/)

    reply = () => ok({ balances: [{ currency: 978, available: "lots" }] })
    const balance = await client().shopBalance()
    expect(balance.kind === "unknown" && balance.reason).toBe("invalid_data")
    expect(balance.kind === "unknown" && balance.detail).toMatch(/data\.balances\[0\]\.available/)

    reply = () => ok(null)
    expect((await client().invoiceCharge({ invoice_id: 1 })).kind).toBe("unknown")
  })
})

describe("M4Client never leaks the secret or the sign", () => {
  it("not in outcomes, logs, util.inspect or JSON.stringify", async () => {
    const logs: string[] = []
    const c = client({
      secretKey: LEAKY_SECRET,
      logger: { debug: (m) => logs.push(m), warn: (m) => logs.push(m) },
    })
    const outcomes: M4Outcome<unknown>[] = []
    const signs: string[] = []
    const echo = (req: Received) => `${req.body} ${LEAKY_SECRET}`

    for (const make of [
      (req: Received): Reply => fail(10, `Invalid sign, string to sign: "${echo(req)}"`),
      (req: Received): Reply => fail(99, echo(req)),
      (req: Received): Reply => ({ status: 502, body: echo(req) }),
      (req: Received): Reply => ({ status: 200, body: echo(req) }),
      (req: Received): Reply => ok({ balances: echo(req) }),
    ]) {
      reply = make
      outcomes.push(await c.shopBalance())
      signs.push(String(lastRequest().json.sign))
    }
    reply = () => "hang"
    outcomes.push(await client({ secretKey: LEAKY_SECRET, timeoutMs: 200 }).shopBalance())
    outcomes.push(await client({ secretKey: LEAKY_SECRET, baseUrl: "http://127.0.0.1:1/" }).shopBalance())

    expect(outcomes.map((o) => o.kind)).toEqual([
      "fatal",
      "unknown",
      "unknown",
      "unknown",
      "unknown",
      "unknown",
      "unknown",
    ])
    const everything = [
      JSON.stringify(outcomes),
      inspect(outcomes, { depth: 10 }),
      ...logs,
      JSON.stringify(c),
      inspect(c, { showHidden: true, depth: 10 }),
      String(c),
    ]
    for (const text of everything) {
      expect(text).not.toContain(LEAKY_SECRET)
      for (const sign of signs) {
        expect(text).not.toContain(sign)
      }
    }
    expect(logs.length).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(c))).toEqual({ shopId: 1520, baseUrl: `${baseUrl}/`, timeoutMs: 5000 })
    expect(Object.keys(c)).not.toContain("secretKey")
  })

  it("programmer-error exceptions do not carry the secret", () => {
    const c = client({ secretKey: LEAKY_SECRET })
    try {
      c.invoiceCreate({ shop_order_id: "o", amount: "bad", currency: "usd", payway: "p" })
      throw new Error("expected a throw")
    } catch (error) {
      expect(inspect(error)).not.toContain(LEAKY_SECRET)
    }
  })
})
