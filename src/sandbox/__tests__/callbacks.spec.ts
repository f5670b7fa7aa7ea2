/** Callbacks as a shop receives them: signed (JSON and form), retried until HTTP 200, replayable, faultable. */
import { M4Client, verifyCallback } from "../../m4"
import { RunningSandbox } from "../index"
import { CallbackReceiver, startCallbackReceiver } from "./helpers/callback-receiver"
import { clientFor, control, postSigned, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

const SECRET = "sandbox-secret-key"

function configWith(receiverUrl: string, format: "json" | "form") {
  return {
    shops: [
      {
        shop_id: 1520,
        secret_key: SECRET,
        callback_url: receiverUrl,
        callback_format: format,
        balances: { "840": "100.00", "643": "100.00" },
      },
    ],
    payways: [
      {
        alias: "card_invoice_usd",
        currency: 840,
        min_amount: "0.00",
        max_amount: "1000.00",
        fee_percent: "5",
        two_step: true,
      },
      { alias: "card_core_payin_rub", currency: 643, min_amount: "0.00", max_amount: "1000.00", fee_percent: "5" },
    ],
  }
}

describe.each(["json", "form"] as const)("%s callbacks", (format) => {
  let receiver: CallbackReceiver
  let sandbox: RunningSandbox
  let client: M4Client

  beforeEach(async () => {
    receiver = await startCallbackReceiver()
    sandbox = await startTestSandbox({ config: configWith(receiver.url, format) })
    client = clientFor(sandbox)
  })
  afterEach(async () => {
    await sandbox.stop()
    await receiver.close()
  })

  it.each([
    ["6.00", "6.0", "5.7"],
    ["5.70", "5.7", "5.41"],
    ["0.00", "0.0", "0.0"],
  ])("success callback for %s verifies (shop_amount %s, shop_refund %s)", async (amount, shopAmount, shopRefund) => {
    const order = uniqueId("cb")
    // raw signed request: the client (rightly) refuses to send a zero amount
    const created = await postSigned(sandbox, "invoice/create", {
      shop_order_id: order,
      amount,
      currency: 840,
      payway: "card_invoice_usd[mock_server,success_with_callback]",
      description: "Order №190",
    })
    expect(created.json).toMatchObject({ result: true })
    const callback = await waitFor(() => receiver.received[0])
    expect(callback.url).toBe("/hooks/m4?type=invoice")
    expect(callback.contentType).toBe(format === "json" ? "application/json" : "application/x-www-form-urlencoded")
    const verified = verifyCallback(callback.body, SECRET, { contentType: callback.contentType })
    expect(verified).toMatchObject({ ok: true, type: "invoice" })
    if (verified.ok && verified.type === "invoice") {
      expect(verified.callback).toMatchObject({
        status: "success",
        shop_order_id: order,
        description: "Order №190",
        shop_amount_text: shopAmount,
        shop_refund_text: shopRefund,
        // as the real callback: client_price = shop_amount (the payer paid the amount, the fee came off the shop)
        client_price_text: shopAmount,
      })
    }
    if (format === "json") {
      expect(callback.body).toContain(`"shop_amount": ${shopAmount},`)
    }
  })

  it("hold, success and rejected callbacks along the two-step flow; refund callback with alphabetic currency", async () => {
    const held = await client.invoiceHold({
      shop_order_id: uniqueId("h"),
      amount: "10.00",
      currency: "USD",
      payway: "card_invoice_usd",
    })
    const id = (held as any).data.id
    await control(sandbox, "POST", `invoices/${id}/pay`)
    await client.invoiceCharge({ invoice_id: id })
    const refund = await client.invoiceCreateRefund({
      invoice_id: id,
      amount: "2.50",
      currency: "USD",
      shop_refund_id: uniqueId("r"),
    })
    expect(refund).toMatchObject({ kind: "ok", data: { status: "WAITING" } })
    await waitFor(() => receiver.received.length >= 3)
    const verified = receiver.received.map((c) => verifyCallback(c.body, SECRET, { contentType: c.contentType }))
    expect(verified.map((v) => v.ok && v.callback.status)).toEqual(["hold", "success", "SUCCESS"])
    expect(receiver.received[2].url).toBe("/hooks/m4?type=refund")
    expect(verified[2]).toMatchObject({ type: "refund", callback: { currency: "USD", amount_text: "2.50" } })

    const held2 = await client.invoiceHold({
      shop_order_id: uniqueId("h"),
      amount: "10.00",
      currency: "USD",
      payway: "card_invoice_usd",
    })
    await control(sandbox, "POST", `invoices/${(held2 as any).data.id}/pay`)
    await client.invoiceUnhold({ invoice_id: (held2 as any).data.id })
    await waitFor(() => receiver.received.length >= 5)
    expect(
      verifyCallback(receiver.received[4].body, SECRET, { contentType: receiver.received[4].contentType })
    ).toMatchObject({
      ok: true,
      callback: { status: "rejected" },
    })
  })

  it("retries until HTTP 200 and records every attempt; replay sends the same body again", async () => {
    receiver.respond = (n) => (n < 2 ? 500 : 200)
    const created = await client.invoiceCreate({
      shop_order_id: uniqueId("r"),
      amount: "1.00",
      currency: "USD",
      payway: "card_invoice_usd[mock_server,success_with_callback]",
    })
    expect(created.kind).toBe("ok")
    const [delivery] = await waitFor(async () => {
      const list = await control(sandbox, "GET", "deliveries")
      return list[0]?.status === "delivered" && list
    })
    expect(delivery.attempts.map((a: any) => a.http_status)).toEqual([500, 500, 200])
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((c) => c.body)).size).toBe(1)

    const replay = await control(sandbox, "POST", `deliveries/${delivery.id}/replay`)
    expect(replay.replay_of).toBe(delivery.id)
    await waitFor(() => receiver.received.length === 4)
    expect(receiver.received[3].body).toBe(receiver.received[0].body)
  })
})

describe("callback delivery faults", () => {
  let receiver: CallbackReceiver
  let sandbox: RunningSandbox
  let client: M4Client

  beforeEach(async () => {
    receiver = await startCallbackReceiver()
    sandbox = await startTestSandbox({ config: configWith(receiver.url, "json") })
    client = clientFor(sandbox)
  })
  afterEach(async () => {
    await sandbox.stop()
    await receiver.close()
  })

  const paidWithCallback = async () => {
    const outcome = await client.invoiceCreate({
      shop_order_id: uniqueId("f"),
      amount: "1.00",
      currency: "USD",
      payway: "card_invoice_usd[mock_server,success_with_callback]",
    })
    expect(outcome.kind).toBe("ok")
    return (outcome as any).data.id as number
  }

  it("gives up after the retry schedule and marks the delivery failed", async () => {
    receiver.respond = () => 503
    await paidWithCallback()
    const [delivery] = await waitFor(async () => {
      const list = await control(sandbox, "GET", "deliveries")
      return list[0]?.status === "failed" && list
    })
    expect(delivery.attempts).toHaveLength(4) // first try + 3 retries
  })

  it("counts no answer within the timeout as a failed attempt", async () => {
    await sandbox.stop()
    sandbox = await startTestSandbox({
      config: configWith(receiver.url, "json"),
      callbackTimeoutMs: 100,
      callbackRetrySchedule: [10],
    })
    client = clientFor(sandbox)
    receiver.respond = (n) => (n === 0 ? "hang" : 200)
    await paidWithCallback()
    const [delivery] = await waitFor(async () => {
      const list = await control(sandbox, "GET", "deliveries")
      return list[0]?.status === "delivered" && list
    })
    expect(delivery.attempts[0].error).toMatch(/no answer within 100 ms/)
    expect(delivery.attempts[1].http_status).toBe(200)
  })

  it("drop_callbacks, duplicate_callbacks and delay_callbacks", async () => {
    await control(sandbox, "POST", "faults", [{ type: "drop_callbacks", count: 1 }])
    await paidWithCallback()
    expect((await control(sandbox, "GET", "deliveries"))[0].status).toBe("dropped")

    await control(sandbox, "POST", "faults", [{ type: "duplicate_callbacks", n: 2, count: 1 }])
    await paidWithCallback()
    await waitFor(() => receiver.received.length === 3)
    expect(new Set(receiver.received.map((c) => c.body)).size).toBe(1)

    await control(sandbox, "POST", "faults", [{ type: "delay_callbacks", ms: 150, count: 1 }])
    const started = Date.now()
    await paidWithCallback()
    await waitFor(() => receiver.received.length === 4)
    expect(receiver.received[3].at - started).toBeGreaterThanOrEqual(140)
  })

  it("reorder_callbacks delivers held callbacks newest first", async () => {
    await control(sandbox, "POST", "faults", { type: "reorder_callbacks", count: 3 })
    const ids = [await paidWithCallback(), await paidWithCallback(), await paidWithCallback()]
    await waitFor(() => receiver.received.length === 3)
    const order = receiver.received.map((c) => JSON.parse(c.body).payment_id)
    expect(order).toEqual([...ids].reverse())
  })
})
