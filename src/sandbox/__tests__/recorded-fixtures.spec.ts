/**
 * Every recorded exchange (Contactpay test gateway, same API family) replayed byte for byte
 * against a sandbox configured with the recording's shop and secret: accepted signature-wise,
 * the wrong-secret and unknown-shop answers reproduced exactly, and any one signed field changed
 * → error 10 for the signature.
 */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { isLosslessNumber, LosslessNumber, parse, stringify } from "lossless-json"
import { SIGNED_FIELDS, M4Endpoint } from "../../m4/signing/signed-fields"
import { RunningSandbox } from "../index"
import { postRaw, startTestSandbox } from "./helpers/sandbox-fixture"

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
  .flatMap((file) =>
    (JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")).exchanges as Exchange[]).map(
      (e, i) => [`${file}#${i} ${e.endpoint}`, e] as [string, Exchange]
    )
  )

const RECORDED_CONFIG = {
  shops: [
    { shop_id: 356, secret_key: "731a577aa3084fe6ac76cdbe3be0629b", balances: { "643": "1000.00" } },
    { shop_id: 357, secret_key: "593156648d1c420dad278c4e723b5741", balances: { "978": "5889.25", "643": "4388.60", "840": "3285.80" } },
  ],
  payways: [{ alias: "card_core_payin_rub", currency: 643, min_amount: "5.00", max_amount: "100000.00", fee_percent: "5" }],
}

const isSignError = (answer: { json: any }) =>
  answer.json?.error_code === 10 && String(answer.json?.message).startsWith('Incorrect values for parameters: sign="Invalid sign')

describe("recorded exchanges", () => {
  let sandbox: RunningSandbox
  beforeAll(async () => {
    // the recordings carry a 2023 `now`: the freshness window is off for this replay
    sandbox = await startTestSandbox({ config: RECORDED_CONFIG, nowToleranceMs: null })
  })
  afterAll(() => sandbox.stop())

  it("found the fixtures", () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(7)
  })

  it.each(exchanges)("%s replays as recorded signature-wise", async (_name, exchange) => {
    const answer = await postRaw(sandbox, exchange.endpoint, exchange.request_body)
    const recorded = JSON.parse(exchange.response_body)
    expect(answer.status).toBe(200)
    if (recorded.result === false) {
      // wrong secret (10) and unknown shop (11): the exact recorded envelope
      expect(answer.json).toEqual(recorded)
    } else {
      expect(isSignError(answer)).toBe(false)
      expect(answer.json?.error_code).not.toBe(11)
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
