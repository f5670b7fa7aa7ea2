/**
 * Every recorded exchange (Contactpay test gateway, same API family) replayed byte for byte
 * against a sandbox configured with the recording's shop and secret (the recorded signatures
 * are used as they are; nothing is re-signed), in the sandbox's DEFAULT `now` mode, with the
 * sandbox clock at the time the recordings were served (2023-07-25, the invoice's `created`):
 * the recorded `now` values are 7 days stale and zone-less, and the real gateway accepted them.
 *   - accepted signature-wise; the wrong-secret and unknown-shop answers reproduced exactly;
 *     any one signed field changed → error 10 for the signature
 *   - contract: for every recorded endpoint the answer has the recorded shape — the same keys
 *     and the same types, recursively (numbers as int or float by their lexeme, as Python
 *     writes them), array elements compared as the set of their shapes
 */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { isLosslessNumber, LosslessNumber, parse, stringify } from "lossless-json"
import { M4Endpoint, SIGNED_FIELDS, signRequest } from "../../m4"
import { RunningSandbox } from "../index"
import { control, postRaw, startTestSandbox } from "./helpers/sandbox-fixture"

const FIXTURES = path.resolve(__dirname, "../../../../shared/m4/fixtures/recorded")

interface Exchange {
  endpoint: M4Endpoint
  secret_key: string
  request_body: string
  http_status: number
  response_body: string
}

const exchanges: Array<[string, Exchange]> = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((file) =>
    (JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")).exchanges as Exchange[]).map(
      (e, i) => [`${file}#${i} ${e.endpoint}`, e] as [string, Exchange]
    )
  )

/** When the recorded requests were served: after the recorded invoice's `processed` (UTC+3 wall time). */
const SERVED_AT = Date.parse("2023-07-25T14:15:00+03:00")

const RUB_MANUAL = { en: "text", ru: "текст" }
const QIWI_PHONE = {
  phone: {
    comment: {
      en: "Enter your phone number in international format without «+»",
      ru: "Введите номер телефона в международном формате, без «+»",
    },
    example: "79133456789",
    label: { en: "Qiwi-wallet number:", ru: "Номер Qiwi-кошелька:" },
    prefix: "+",
    regex: "^(91|994|82|372|375|374|44|998|972|66|90|81|1|507|7|77|380|371|370|996|9955|992|373|84)[0-9]{6,14}$",
  },
}

/**
 * The recordings' shops and secrets, and payways like the recorded shop_input_config answer:
 * a card method (one payway with add-ons `{}`, one with `null`) and a QIWI method (phone add-on,
 * and a token payway with `{}`), each listing the recorded scenario variants; and the recorded
 * payout payway. Exchange rates: the sandbox's seeded defaults (USD/RUB 90.338).
 */
const RECORDED_CONFIG = {
  shops: [
    { shop_id: 356, secret_key: "731a577aa3084fe6ac76cdbe3be0629b", balances: { "643": "1000.00" } },
    {
      shop_id: 357,
      secret_key: "593156648d1c420dad278c4e723b5741",
      balances: { "978": "5889.25", "643": "4388.60", "840": "3285.80" },
    },
  ],
  payways: [
    {
      alias: "card_core_payin_rub",
      currency: 643,
      min_amount: "5.00",
      max_amount: "100000.00",
      fee_percent: "5",
      add_ons_config: {},
      manual: RUB_MANUAL,
      scenarios: ["internal_server_error", "create_declined_with_callback", "success_with_callback", "timeout_error"],
    },
    { alias: "card_spare_payin_rub", currency: 643, min_amount: "5.00", max_amount: "100000.00", fee_percent: "5" },
    {
      alias: "qiwi_wallet_rub",
      currency: 643,
      min_amount: "5.00",
      max_amount: "100000.00",
      fee_percent: "5",
      paymethod_id: 2,
      paymethod_name: "QIWI Кошелек",
      add_ons_config: QIWI_PHONE,
      scenarios: [
        "success",
        "rejected_with_callback",
        "success_with_callback",
        "rejected",
        "internal_server_error",
        "timeout_error",
      ],
    },
    {
      alias: "token_qiwi_wallet_rub",
      currency: 643,
      min_amount: "5.00",
      max_amount: "100000.00",
      fee_percent: "2.2",
      paymethod_id: 2,
      paymethod_name: "QIWI Кошелек",
      add_ons_config: {},
      scenarios: ["success_with_callback"],
    },
    // the payout payway of the recorded withdraw exchanges (docs/m4-protocol.md §6): RUB, 2 % fee
    {
      alias: "qiwi_topup_rub_to_wallet",
      kind: "output",
      currency: 643,
      min_amount: "1.00",
      max_amount: "10000.00",
      fee_percent: "2",
      account_regex: "^[0-9]{11,12}$",
      account_info_config: { account: { regex: "^[0-9]{11,12}$", title: "your account" } },
      scenarios: ["success", "fail", "internal_server_error", "wallet_does_not_exist"],
    },
  ],
}

/** A sandbox clock that reads SERVED_AT now and runs on from there. */
const servedClock = () => {
  const shift = Date.now() - SERVED_AT
  return () => Date.now() - shift
}

/**
 * What an exchange needs to exist first: invoice/check asks about the recorded invoice, so the
 * recorded invoice/create of the same shop and order is replayed before it (once per state).
 */
async function replayPrerequisites(sandbox: RunningSandbox, exchange: Exchange): Promise<void> {
  if (exchange.endpoint !== "invoice/check") {
    return
  }
  const { shop_id, shop_order_id } = JSON.parse(exchange.request_body)
  if (sandbox.state.invoiceByShopOrder(shop_id, shop_order_id)) {
    return
  }
  const create = exchanges.find(([, e]) => {
    const body = JSON.parse(e.request_body)
    return e.endpoint === "invoice/create" && body.shop_id === shop_id && body.shop_order_id === shop_order_id
  })
  if (!create) {
    throw new Error(`no recorded invoice/create for shop ${shop_id} order ${shop_order_id}`)
  }
  const created = await postRaw(sandbox, "invoice/create", create[1].request_body)
  expect(created.json).toMatchObject({ result: true })
}

type Shape = string | { [key: string]: Shape } | { "[]": Shape[] }

/**
 * The shape of a JSON text: keys and types, recursively. Numbers are `int` or `float` by their
 * lexeme (Python writes 5.0, never 5, for a float); arrays are the sorted set of their elements'
 * shapes.
 */
function shapeOf(text: string): Shape {
  const walk = (value: unknown): Shape => {
    if (value === null) {
      return "null"
    }
    if (isLosslessNumber(value)) {
      return /[.eE]/.test(value.value) ? "float" : "int"
    }
    if (Array.isArray(value)) {
      const shapes = new Map(value.map((v) => walk(v)).map((shape) => [JSON.stringify(shape), shape]))
      return { "[]": [...shapes.keys()].sort().map((k) => shapes.get(k) as Shape) }
    }
    if (typeof value === "object") {
      const object = value as Record<string, unknown>
      return Object.fromEntries(
        Object.keys(object)
          .sort()
          .map((k) => [k, walk(object[k])])
      )
    }
    return typeof value
  }
  return walk(parse(text))
}

const isSignError = (answer: { json: any }) =>
  answer.json?.error_code === 10 &&
  String(answer.json?.message).startsWith('Incorrect values for parameters: sign="Invalid sign')

describe("recorded exchanges", () => {
  let sandbox: RunningSandbox
  beforeAll(async () => {
    // default `now` mode: the recorded zone-less `now`, 7 days before the serve time, is accepted
    sandbox = await startTestSandbox({ config: RECORDED_CONFIG, now: servedClock() })
  })
  afterAll(() => sandbox.stop())

  it("found the fixtures", () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(7)
  })

  it.each(exchanges)("%s replays as recorded signature-wise", async (_name, exchange) => {
    await replayPrerequisites(sandbox, exchange)
    const answer = await postRaw(sandbox, exchange.endpoint, exchange.request_body)
    const recorded = JSON.parse(exchange.response_body)
    expect(answer.status).toBe(exchange.http_status)
    if (recorded.result === false) {
      // wrong secret (10) and unknown shop (11): the exact recorded envelope
      expect(answer.json).toEqual(recorded)
    } else {
      expect(isSignError(answer)).toBe(false)
      expect(answer.json).toMatchObject({ result: true, error_code: 0, message: "Ok" })
      if (exchange.endpoint === "shop_balance") {
        // configured with the recorded balances, the answer carries the same numbers (order aside)
        const byCurrency = (list: Array<{ currency: number }>) => [...list].sort((a, b) => a.currency - b.currency)
        expect(byCurrency(answer.json!.data.balances)).toEqual(byCurrency(recorded.data.balances))
        expect(answer.text).toContain('"frozen":0.0')
      }
    }
  })

  const mutable = exchanges.filter(([, e]) => JSON.parse(e.response_body).result === true)
  const cases = mutable.flatMap(([name, exchange]) =>
    SIGNED_FIELDS[exchange.endpoint]
      .filter((field) => exchange.request_body.includes(`"${field}"`))
      .map((field) => [name, field, exchange] as [string, string, Exchange])
  )

  it.each(cases)("%s with %s changed gets error 10 (sign)", async (_name, field, exchange) => {
    const body = parse(exchange.request_body) as Record<string, unknown>
    const value = body[field]
    if (field === "shop_id") {
      body[field] = new LosslessNumber(String(value) === "356" ? "357" : "356")
    } else if (isLosslessNumber(value)) {
      body[field] = new LosslessNumber(String(Number(value.toString()) + 1))
    } else if (field === "now") {
      body[field] = (value as string).replace(/:41$/, ":42")
    } else if (field === "amount") {
      body[field] = (value as string).replace(/5$/, "6")
    } else {
      body[field] = `${value as string}x`
    }
    const mutated = stringify(body) as string
    expect(mutated).not.toBe(exchange.request_body)
    const answer = await postRaw(sandbox, exchange.endpoint, mutated)
    expect(isSignError(answer)).toBe(true)
  })
})

describe("contract: the sandbox answers every recorded endpoint in the recorded shape", () => {
  let sandbox: RunningSandbox
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: RECORDED_CONFIG, now: servedClock() })
  })
  afterAll(() => sandbox.stop())
  beforeEach(() => control(sandbox, "POST", "reset"))

  it("covers every endpoint that has a recording", () => {
    const recorded = new Set(exchanges.map(([, e]) => e.endpoint))
    expect([...recorded].sort()).toEqual([
      "invoice/check",
      "invoice/create",
      "invoice/try",
      "shop_balance",
      "shop_input_config/shop",
    ])
  })

  it.each(exchanges)("%s: same keys and types, recursively", async (_name, exchange) => {
    await replayPrerequisites(sandbox, exchange)
    const answer = await postRaw(sandbox, exchange.endpoint, exchange.request_body)
    expect(answer.status).toBe(exchange.http_status)
    expect(shapeOf(answer.text)).toEqual(shapeOf(exchange.response_body))
  })

  it("the shape check can fail: a missing key, an int for a float, an extra array element shape", () => {
    const recorded = '{"data":{"a":1.0,"b":[{"x":1}]},"result":true}'
    expect(shapeOf('{"result":true,"data":{"b":[{"x":2}],"a":6.5}}')).toEqual(shapeOf(recorded))
    expect(shapeOf('{"data":{"a":1.0,"b":[{"x":1}]}}')).not.toEqual(shapeOf(recorded))
    expect(shapeOf('{"data":{"a":1,"b":[{"x":1}]},"result":true}')).not.toEqual(shapeOf(recorded))
    expect(shapeOf('{"data":{"a":1.0,"b":[{"x":1},{"x":null}]},"result":true}')).not.toEqual(shapeOf(recorded))
  })

  it("values the configuration decides match the recording too", async () => {
    const value = (endpoint: string) => {
      const e = exchanges.find(([, x]) => x.endpoint === endpoint && JSON.parse(x.response_body).result)![1]
      return { e, recorded: JSON.parse(e.response_body).data }
    }
    // invoice/try: 299.45 USD on the RUB payway → priced in RUB (ps_currency 643, as recorded);
    // 299.45 × 90.338 = 27051.7141 → 27051.71 RUB, the recorded payer_price: the payer pays no fee
    // (DECISION h), and the answer's text carries the recorded lexeme
    const tried = value("invoice/try")
    const answer = await postRaw(sandbox, "invoice/try", tried.e.request_body)
    expect(tried.recorded).toMatchObject({ ps_currency: 643, payer_price: 27051.71 })
    expect(answer.json.data).toMatchObject({
      ps_currency: 643,
      payer_price: 27051.71,
      paymethod_name: "Test pay method",
      manual: RUB_MANUAL,
    })
    expect(answer.text).toContain('"payer_price":27051.71,')

    const check = value("invoice/check")
    await replayPrerequisites(sandbox, check.e)
    const checked = (await postRaw(sandbox, "invoice/check", check.e.request_body)).json.data
    // the money as recorded: client_price 299.45 = shop_amount (the payer paid the amount),
    // shop_refund 284.48 = 299.45 − 5 % (the fee came off the shop)
    expect(check.recorded).toMatchObject({ client_price: 299.45, shop_amount: 299.45, shop_refund: 284.48 })
    const same = [
      "client_price",
      "description",
      "payway",
      "shop_amount",
      "shop_currency",
      "ps_currency",
      "shop_id",
      "shop_order_id",
      "shop_refund",
      "status",
      "error_code",
      "is_unique",
      "ps_data",
    ]
    expect(Object.fromEntries(same.map((k) => [k, checked[k]]))).toEqual(
      Object.fromEntries(same.map((k) => [k, check.recorded[k]]))
    )
  })

  it("the recorded 7-days-stale `now` is what strict mode refuses (error 10): the default accepts it", async () => {
    const strict = await startTestSandbox({ config: RECORDED_CONFIG, now: servedClock(), nowCheck: "strict" })
    try {
      const balance = exchanges.find(([, e]) => e.endpoint === "shop_balance" && JSON.parse(e.response_body).result)![1]
      const answer = await postRaw(strict, "shop_balance", balance.request_body)
      expect(answer.json).toMatchObject({
        result: false,
        error_code: 10,
        message: expect.stringMatching(
          /^Incorrect values for parameters: now="request time is out of the allowed window of 300 s, server time: 2023-07-25T14:1/
        ),
      })
      expect((await postRaw(sandbox, "shop_balance", balance.request_body)).json).toMatchObject({ result: true })
    } finally {
      await strict.stop()
    }
  })
})

/**
 * What the recordings show beyond the replayable exchanges, asserted by value: the method lists
 * (scenario variants as entries, the recorded keys of each entry) and the payout exchanges of
 * the same recorded shop (quoted in docs/m4-protocol.md §6; DECISIONS l, m).
 */
describe("recorded lists and payouts", () => {
  let sandbox: RunningSandbox
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: RECORDED_CONFIG, now: servedClock(), payoutStepMs: 60_000 })
  })
  afterAll(() => sandbox.stop())

  const signedFor = (shopId: number) => {
    const shop = RECORDED_CONFIG.shops.find((s) => s.shop_id === shopId)!
    return (endpoint: M4Endpoint, fields: Record<string, unknown>) =>
      postRaw(sandbox, endpoint, JSON.stringify(signRequest(endpoint, { shop_id: shopId, ...fields }, shop.secret_key)))
  }
  const now = "2023-07-18T13:23:41"

  it("shop_input_config/shop: every recorded alias is listed, each scenario as its own entry with the recorded keys", async () => {
    const [, exchange] = exchanges.find(([, e]) => e.endpoint === "shop_input_config/shop")!
    const recorded = JSON.parse(exchange.response_body).data as Array<{ payways: Array<Record<string, unknown>> }>
    const answer = (await postRaw(sandbox, "shop_input_config/shop", exchange.request_body)).json!
      .data as typeof recorded
    const entries = (methods: typeof recorded) => methods.flatMap((m) => m.payways)
    const recordedAliases = entries(recorded).map((p) => p.alias)
    const aliases = entries(answer).map((p) => p.alias)
    expect(aliases).toEqual(expect.arrayContaining(recordedAliases))
    // besides them, only the sandbox's bare (pay-page) aliases
    expect(aliases.filter((a) => !recordedAliases.includes(a)).sort()).toEqual([
      "card_core_payin_rub",
      "card_spare_payin_rub",
      "qiwi_wallet_rub",
      "token_qiwi_wallet_rub",
    ])
    const keys = (p: Record<string, unknown>) => Object.keys(p).sort()
    for (const entry of entries(answer)) {
      expect(keys(entry)).toEqual(keys(entries(recorded)[0]))
    }
    // the recorded values of one entry
    const success = (methods: typeof recorded) =>
      entries(methods).find((p) => p.alias === "card_core_payin_rub[mock_server,success_with_callback]")
    const { id: _recordedId, ...recordedSuccess } = success(recorded)!
    expect(success(answer)).toMatchObject(recordedSuccess)
    expect(new Set(entries(answer).map((p) => p.id)).size).toBe(entries(answer).length)
  })

  it("shop_output_config/shop: the recorded payout entry keys (no id, is_active or paysystem_data)", async () => {
    const answer = await signedFor(357)("shop_output_config/shop", { now })
    const payways = (answer.json!.data as Array<{ payways: Array<Record<string, unknown>> }>).flatMap((m) => m.payways)
    expect(payways.map((p) => p.alias)).toEqual([
      "qiwi_topup_rub_to_wallet",
      "qiwi_topup_rub_to_wallet[mock_server,success]",
      "qiwi_topup_rub_to_wallet[mock_server,fail]",
      "qiwi_topup_rub_to_wallet[mock_server,internal_server_error]",
      "qiwi_topup_rub_to_wallet[mock_server,wallet_does_not_exist]",
    ])
    for (const payway of payways) {
      expect(Object.keys(payway).sort()).toEqual([
        "account_info_config",
        "alias",
        "currency",
        "fee_config",
        "max_amount",
        "min_amount",
      ])
    }
    expect(answer.text).toContain(
      '{"account_info_config":{"account":{"regex":"^[0-9]{11,12}$","title":"your account"}},"alias":"qiwi_topup_rub_to_wallet[mock_server,success]","currency":643,"fee_config":{"fix":0.0,"percent":2.0},"max_amount":10000.0,"min_amount":1.0}'
    )
  })

  it("withdraw/try, check_account, withdraw/create answer the recorded values; the payout is at 3 at once", async () => {
    const post = signedFor(357)
    const request = {
      shop_currency: 643,
      payway: "qiwi_topup_rub_to_wallet[mock_server,success]",
      amount: "100.23",
      amount_type: "ps_amount",
    }
    const tried = await post("withdraw/try", request)
    expect(tried.text).toBe(
      '{"data":{"account_info_config":{"account":{"regex":"^[0-9]{11,12}$","title":"your account"}},"info":{},"payee_receive":100.23,"ps_currency":643,"shop_currency":643,"shop_write_off":102.23},"error_code":0,"message":"Ok","result":true}'
    )
    const checked = await post("check_account", {
      payway: request.payway,
      amount: request.amount,
      account: "79991112233",
    })
    expect(checked.text).toBe(
      '{"data":{"account_info":null,"provider_status":1,"result":true},"error_code":0,"message":"Ok","result":true}'
    )
    const created = await post("withdraw/create", {
      ...request,
      account: "79991112233",
      shop_payment_id: "shop_payment_111",
      description: "It's payout for my friend",
    })
    expect(created.json).toMatchObject({
      result: true,
      data: {
        payee_receive: 100.23,
        ps_currency: 643,
        shop_currency: 643,
        shop_payment_id: "shop_payment_111",
        shop_write_off: 102.23,
        status: 3,
      },
    })
    // the recorded keys; `balance` a float (the recorded 20000.0 was that shop's balance then)
    expect(shapeOf(created.text)).toEqual(
      shapeOf(
        '{"data":{"balance":20000.0,"id":48581287,"payee_receive":100.23,"ps_currency":643,"shop_currency":643,"shop_payment_id":"shop_payment_111","shop_write_off":102.23,"status":3},"error_code":0,"message":"Ok","result":true}'
      )
    )
    expect(created.text).toContain('"balance":4286.37,') // 4388.60 − 102.23
  })
})
