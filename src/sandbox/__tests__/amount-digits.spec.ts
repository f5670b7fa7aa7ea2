/**
 * Amounts with more decimals than their currency has (docs/m4-protocol.md DECISION j): by
 * default zeros past the currency's decimals are the same value ("6320.00" JPY = 6320), as a
 * gateway that reads amounts as numbers takes them; strict mode refuses them (error 10) to test a
 * client that must send exactly the currency's digits. A non-zero extra decimal is refused in both.
 */
import { RunningSandbox } from "../index"
import { control, postSigned, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"

const invoice = (amount: string, currency: number, payway: string) => ({
  shop_order_id: uniqueId("digits"),
  amount,
  currency,
  payway,
})

describe("amount digits", () => {
  describe("default (lenient)", () => {
    let sandbox: RunningSandbox
    beforeAll(async () => {
      sandbox = await startTestSandbox()
    })
    afterAll(() => sandbox.stop())

    it("is the default mode, shown in the control config", async () => {
      expect(sandbox.context.timings.amountDigits).toBe("lenient")
      expect((await control(sandbox, "GET", "config")).amount_digits).toBe("lenient")
    })

    it.each([
      ["6320.00", 392, "card_invoice_jpy", "6320"],
      ["10.000", 840, "card_invoice_usd", "10.00"],
      ["1.2500", 414, "card_invoice_kwd", "1.250"],
    ])("accepts %s (%s) as %s, signed as sent", async (amount, currency, payway, normalised) => {
      const request = invoice(amount, currency, payway)
      const created = await postSigned(sandbox, "invoice/create", request)
      expect(created.json).toMatchObject({ result: true, error_code: 0 })
      expect(sandbox.state.invoiceByShopOrder(1520, request.shop_order_id)).toMatchObject({ amount: normalised })
    })

    it("accepts zeros past the decimals in refunds and payouts too", async () => {
      const paid = invoice("10.00", 840, "card_invoice_usd[mock_server,success]")
      const created = await postSigned(sandbox, "invoice/create", paid)
      const refund = await postSigned(sandbox, "invoice/create-refund", {
        invoice_id: created.json!.data.id,
        amount: "5.000",
        shop_refund_id: uniqueId("r"),
      })
      expect(refund.json).toMatchObject({ result: true })
      expect(sandbox.state.refunds.get(refund.json!.data.id)).toMatchObject({ amount: "5.00" })
      const payout = await postSigned(sandbox, "withdraw/try", {
        shop_currency: 840,
        payway: "card_payout_usd",
        amount: "100.000",
        amount_type: "ps_amount",
      })
      expect(payout.json).toMatchObject({ result: true, data: { payee_receive: 100 } })
    })

    it.each([
      ["10.001", 840, "card_invoice_usd", "USD (840) allows at most 2 decimal places, got 10.001"],
      ["6320.5", 392, "card_invoice_jpy", "JPY (392) allows at most 0 decimal places, got 6320.5"],
      ["1.2501", 414, "card_invoice_kwd", "KWD (414) allows at most 3 decimal places, got 1.2501"],
    ])("refuses %s (%s): it would need rounding", async (amount, currency, payway, problem) => {
      const answer = await postSigned(sandbox, "invoice/try", invoice(amount, currency, payway))
      expect(answer.json).toEqual({
        data: null,
        error_code: 10,
        message: `Incorrect values for parameters: amount="${problem}"`,
        result: false,
      })
    })
  })

  describe("strict", () => {
    let sandbox: RunningSandbox
    beforeAll(async () => {
      sandbox = await startTestSandbox({ amountDigits: "strict" })
    })
    afterAll(() => sandbox.stop())

    it.each([
      ["6320.00", 392, "card_invoice_jpy", "JPY (392) allows at most 0 decimal places, got 6320.00"],
      ["10.000", 840, "card_invoice_usd", "USD (840) allows at most 2 decimal places, got 10.000"],
    ])("refuses %s (%s) with error 10 and creates nothing", async (amount, currency, payway, problem) => {
      const request = invoice(amount, currency, payway)
      const answer = await postSigned(sandbox, "invoice/create", request)
      expect(answer.json).toMatchObject({
        result: false,
        error_code: 10,
        message: `Incorrect values for parameters: amount="${problem}"`,
      })
      expect(sandbox.state.invoiceByShopOrder(1520, request.shop_order_id)).toBeUndefined()
    })

    it("accepts exactly the currency's digits, and fewer", async () => {
      for (const [amount, currency, payway] of [
        ["6320", 392, "card_invoice_jpy"],
        ["10.00", 840, "card_invoice_usd"],
        ["10.5", 840, "card_invoice_usd"],
      ] as const) {
        expect((await postSigned(sandbox, "invoice/try", invoice(amount, currency, payway))).json).toMatchObject({
          result: true,
        })
      }
    })

    it("an unknown mode stops startup naming the option", async () => {
      await expect(startTestSandbox({ amountDigits: "loose" as never })).rejects.toThrow(
        /amountDigits must be one of lenient, strict, got loose/
      )
    })
  })
})
