/**
 * `expires_at` of invoice/create and invoice/hold (docs/m4-protocol.md DECISION k): past it an
 * unpaid invoice turns 6 with a `rejected` callback, on the scheduler and on every read; the pay
 * page refuses it; holds are not affected; a bad or past value is error 10 and creates nothing.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { formatM4Timestamp, M4Client, verifyCallback } from "../../m4"
import { DEFAULT_CONFIG_INPUT, RunningSandbox } from "../index"
import { CallbackReceiver, startCallbackReceiver } from "./helpers/callback-receiver"
import { clientFor, control, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

const SECRET = "sandbox-secret-key"
const HOUR = 3_600_000
const START = Date.parse("2026-05-24T12:00:00.000Z")

const usd = (order: string, expiresAt: Date | string) => ({
  shop_order_id: order,
  amount: "10.00",
  currency: "USD",
  payway: "card_invoice_usd",
  expires_at: expiresAt,
})

describe("invoice expires_at", () => {
  let receiver: CallbackReceiver
  let sandbox: RunningSandbox
  let client: M4Client
  // the sandbox clock's base: moved by hand so no timer fires on its own
  let base: number

  const config = (url: string) => ({
    ...DEFAULT_CONFIG_INPUT,
    shops: DEFAULT_CONFIG_INPUT.shops.map((s) => ({ ...s, callback_url: url })),
  })

  beforeEach(async () => {
    base = START
    receiver = await startCallbackReceiver()
    sandbox = await startTestSandbox({ config: config(receiver.url), now: () => base })
    client = clientFor(sandbox, { now: () => sandbox.clock.now() })
  })
  afterEach(async () => {
    await sandbox.stop()
    await receiver.close()
  })

  const created = async (order: string, expiresAt: Date | string, hold = false) => {
    const outcome = hold
      ? await client.invoiceHold(usd(order, expiresAt))
      : await client.invoiceCreate(usd(order, expiresAt))
    if (outcome.kind !== "ok") throw new Error(JSON.stringify(outcome))
    return outcome.data
  }
  const statusOf = async (order: string) => {
    const outcome = await client.invoiceCheck({ shop_order_id: order })
    if (outcome.kind !== "ok") throw new Error(JSON.stringify(outcome))
    return outcome.data.status
  }
  const balance840 = () => sandbox.state.balance(1520, 840)

  it("past expires_at the scheduler rejects the unpaid invoice and sends a signed `rejected` callback", async () => {
    const order = uniqueId("exp")
    const invoice = await created(order, new Date(START + HOUR))
    await fetch(invoice.url) // the payer opened the page: 2
    expect(await statusOf(order)).toBe(2)
    sandbox.advanceClock(HOUR - 1)
    expect(await statusOf(order)).toBe(2) // a millisecond before: still payable

    sandbox.advanceClock(1) // nobody asks: the scheduler does it
    const callback = await waitFor(() => receiver.received[0])
    expect(callback.url).toBe("/hooks/m4?type=invoice")
    const verified = verifyCallback(callback.body, SECRET, { contentType: callback.contentType })
    expect(verified).toMatchObject({
      ok: true,
      type: "invoice",
      callback: {
        status: "rejected",
        payment_id: invoice.id,
        shop_order_id: order,
        processed: formatM4Timestamp(new Date(START + HOUR)),
      },
    })
    expect(sandbox.state.invoices.get(invoice.id)).toMatchObject({ status: 6, expired: true })
    expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({
      kind: "ok",
      data: { status: 6, processed: formatM4Timestamp(new Date(START + HOUR)), shop_refund: 0 },
    })
    expect(receiver.received).toHaveLength(1)
  })

  it("the pay page says the link has expired and refuses pay and decline; the control API cannot pay it", async () => {
    const order = uniqueId("exp")
    const invoice = await created(order, new Date(START + HOUR))
    const before = { ...balance840() }
    sandbox.advanceClock(2 * HOUR)

    const page = await (await fetch(invoice.url)).text()
    expect(page).toContain('<p id="outcome">This payment link has expired. Nothing was charged.</p>')
    expect(page).not.toContain("pay-form")
    for (const action of ["pay", "decline"]) {
      const answer = await fetch(`${invoice.url}/${action}`, { method: "POST", redirect: "manual" })
      expect(answer.status).toBe(410)
      expect(await answer.text()).toContain("This payment link has expired.")
    }
    await expect(control(sandbox, "POST", `invoices/${invoice.id}/pay`)).rejects.toThrow(
      /409.*expired at 2026-05-24T16:00:00, it cannot be paid/
    )
    expect(await statusOf(order)).toBe(6)
    expect(balance840()).toEqual(before)
    await waitFor(() => receiver.received.length === 1)
    expect(receiver.received[0].body).toContain('"status": "rejected"')
  })

  it("invoice/check is exact even before the scheduler runs (lazy), and sends the callback once", async () => {
    const order = uniqueId("exp")
    const invoice = await created(order, new Date(START + HOUR))
    base += 2 * HOUR // the sandbox clock moved, its timer has not fired
    expect(await statusOf(order)).toBe(6)
    expect(sandbox.state.invoices.get(invoice.id)).toMatchObject({ status: 6, expired: true })
    sandbox.advanceClock(0) // the scheduler's turn (in real time its timer fires): the queued callback goes
    await waitFor(() => receiver.received.length === 1)
    expect(await statusOf(order)).toBe(6)
    await sandbox.idle()
    expect(receiver.received.map((c) => JSON.parse(c.body).status)).toEqual(["rejected"])
  })

  it("a paid invoice and a held one are not affected; an unpaid invoice/hold expires", async () => {
    const paid = uniqueId("exp")
    const paidInvoice = await created(paid, new Date(START + HOUR))
    await control(sandbox, "POST", `invoices/${paidInvoice.id}/pay`)
    const held = uniqueId("exp")
    const heldInvoice = await created(held, new Date(START + HOUR), true)
    await control(sandbox, "POST", `invoices/${heldInvoice.id}/pay`)
    const unpaidHold = uniqueId("exp")
    await created(unpaidHold, new Date(START + HOUR), true)

    sandbox.advanceClock(2 * HOUR)
    expect(await statusOf(paid)).toBe(4)
    expect(await statusOf(held)).toBe(8)
    expect(await statusOf(unpaidHold)).toBe(6)
    expect(await client.invoiceCharge({ invoice_id: heldInvoice.id })).toMatchObject({
      kind: "ok",
      data: { status: 4 },
    })
  })

  it.each([
    ["unreadable", "tomorrow", 'expires_at="invalid datetime format, expected ISO 8601 such as'],
    ["a date without a time", "2026-06-01", 'expires_at="invalid datetime format'],
    ["in the past", "2026-05-24T11:59:59Z", 'expires_at="must be later than the server time 2026-05-24T12:00:00.000Z'],
    ["the server time itself", "2026-05-24T12:00:00.000Z", 'expires_at="must be later than the server time'],
    // no zone reads as UTC+3: 14:00 there is 11:00 UTC, an hour ago
    ["zone-less, read as UTC+3", "2026-05-24T14:00:00", 'got "2026-05-24T14:00:00" (no zone reads as UTC+3)'],
  ])("expires_at %s is error 10 and creates nothing", async (_case, expiresAt, message) => {
    const order = uniqueId("bad")
    for (const hold of [false, true]) {
      const outcome = hold
        ? await client.invoiceHold(usd(order, expiresAt))
        : await client.invoiceCreate(usd(order, expiresAt))
      expect(outcome).toMatchObject({ kind: "fatal", code: 10, message: expect.stringContaining(message) })
    }
    expect(await client.invoiceCheck({ shop_order_id: order })).toMatchObject({ kind: "fatal", code: 7 })
  })

  it("accepts zone-less (UTC+3) and offset forms that lie ahead", async () => {
    await created(uniqueId("ok"), "2026-05-24T15:30:00") // 12:30 UTC
    await created(uniqueId("ok"), "2026-05-24T14:00:00+01:00") // 13:00 UTC
    await created(uniqueId("ok"), "2026-05-24 12:00:01.5Z")
    expect([...sandbox.state.invoices.values()].map((i) => i.expires_at! - START)).toEqual([HOUR / 2, HOUR, 1500])
  })
})

describe("invoice expires_at on the real clock", () => {
  it("the timer rejects the invoice when nobody looks", async () => {
    const receiver = await startCallbackReceiver()
    const sandbox = await startTestSandbox({
      config: { ...DEFAULT_CONFIG_INPUT, shops: [{ ...DEFAULT_CONFIG_INPUT.shops[0], callback_url: receiver.url }] },
    })
    try {
      const order = uniqueId("timer")
      const outcome = await clientFor(sandbox).invoiceCreate(usd(order, new Date(Date.now() + 300)))
      expect(outcome.kind).toBe("ok")
      const callback = await waitFor(() => receiver.received[0])
      expect(JSON.parse(callback.body)).toMatchObject({ status: "rejected", shop_order_id: order })
      expect([...sandbox.state.invoices.values()][0]).toMatchObject({ status: 6, expired: true })
    } finally {
      await sandbox.stop()
      await receiver.close()
    }
  })
})

describe("invoice expires_at across a restart", () => {
  it("an invoice that expired while the sandbox was down is rejected when it starts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "m4-sandbox-expiry-"))
    const statePath = path.join(dir, "state.json")
    let base = START
    try {
      const first = await startTestSandbox({ statePath, now: () => base })
      const invoice = await clientFor(first, { now: () => first.clock.now() }).invoiceCreate(
        usd(uniqueId("down"), new Date(START + HOUR))
      )
      if (invoice.kind !== "ok") throw new Error(JSON.stringify(invoice))
      await first.stop()

      base += 2 * HOUR
      const second = await startTestSandbox({ statePath, now: () => base })
      try {
        expect(second.state.invoices.get(invoice.data.id)).toMatchObject({ status: 6, expired: true })
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
