/**
 * Where refund notifications go (M4's rule): the `callback_url` of the create-refund request,
 * else the shop's configured URL; never the invoice's URL. No URL anywhere → no refund callback.
 */
import { verifyCallback } from "../../m4"
import { RunningSandbox } from "../index"
import { CallbackReceiver, startCallbackReceiver } from "./helpers/callback-receiver"
import { clientFor, control, postSigned, startTestSandbox, uniqueId } from "./helpers/sandbox-fixture"
import { waitFor } from "./helpers/wait-for"

const SECRET = "sandbox-secret-key"

const configWith = (shopUrl?: string) => ({
  shops: [
    { shop_id: 1520, secret_key: SECRET, ...(shopUrl ? { callback_url: shopUrl } : {}), balances: { "840": "100.00" } },
  ],
  payways: [{ alias: "card_invoice_usd", currency: 840, min_amount: "1.00", max_amount: "1000.00", fee_percent: "5" }],
})

describe("refund callback target", () => {
  let shopSide: CallbackReceiver
  let invoiceSide: CallbackReceiver
  let refundSide: CallbackReceiver
  let sandbox: RunningSandbox | undefined

  beforeEach(async () => {
    ;[shopSide, invoiceSide, refundSide] = await Promise.all([
      startCallbackReceiver(),
      startCallbackReceiver(),
      startCallbackReceiver(),
    ])
  })
  afterEach(async () => {
    await sandbox?.stop()
    sandbox = undefined
    await Promise.all([shopSide.close(), invoiceSide.close(), refundSide.close()])
  })

  /** A paid invoice whose own callback_url is the invoice receiver; its `success` callback delivered there. */
  async function paidInvoice(s: RunningSandbox): Promise<number> {
    const created = await clientFor(s).invoiceCreate({
      shop_order_id: uniqueId("inv"),
      amount: "10.00",
      currency: "USD",
      payway: "card_invoice_usd",
      callback_url: `${invoiceSide.url}/invoice`,
    })
    if (created.kind !== "ok") throw new Error(JSON.stringify(created))
    await control(s, "POST", `invoices/${created.data.id}/pay`)
    await waitFor(() => invoiceSide.received.length === 1)
    return created.data.id
  }

  const refundDeliveries = async (s: RunningSandbox) =>
    (await control(s, "GET", "deliveries?type=refund")) as Array<{ status: string; url: string }>

  it("goes to the create-refund request's callback_url (unsigned), not the shop's or the invoice's", async () => {
    sandbox = await startTestSandbox({ config: configWith(shopSide.url) })
    const invoiceId = await paidInvoice(sandbox)
    const refund = await clientFor(sandbox).invoiceCreateRefund({
      invoice_id: invoiceId,
      amount: "3.00",
      currency: "USD",
      shop_refund_id: uniqueId("r"),
      callback_url: `${refundSide.url}/refund`,
    })
    expect(refund).toMatchObject({ kind: "ok", data: { status: "WAITING" } })
    const callback = await waitFor(() => refundSide.received[0])
    expect(callback.url).toBe("/hooks/m4/refund?type=refund")
    expect(verifyCallback(callback.body, SECRET, { contentType: callback.contentType })).toMatchObject({
      ok: true,
      type: "refund",
      callback: { status: "SUCCESS", amount_text: "3.00", currency: "USD" },
    })
    expect((await refundDeliveries(sandbox)).map((d) => d.status)).toEqual(["delivered"])
    expect(shopSide.received).toHaveLength(0)
    expect(invoiceSide.received.filter((c) => c.url.includes("type=refund"))).toHaveLength(0)
  })

  it("without a callback_url on the refund: the shop's configured URL, not the invoice's", async () => {
    sandbox = await startTestSandbox({ config: configWith(shopSide.url) })
    const invoiceId = await paidInvoice(sandbox)
    const refund = await clientFor(sandbox).invoiceCreateRefund({
      invoice_id: invoiceId,
      amount: "2.00",
      currency: "USD",
      shop_refund_id: uniqueId("r"),
    })
    expect(refund.kind).toBe("ok")
    const callback = await waitFor(() => shopSide.received[0])
    expect(callback.url).toBe("/hooks/m4?type=refund")
    expect(verifyCallback(callback.body, SECRET, { contentType: callback.contentType })).toMatchObject({
      ok: true,
      type: "refund",
    })
    expect(invoiceSide.received.map((c) => c.url)).toEqual(["/hooks/m4/invoice?type=invoice"])
  })

  it("no URL anywhere (neither the refund's nor the shop's): no refund callback, although the invoice had one", async () => {
    sandbox = await startTestSandbox({ config: configWith() })
    const invoiceId = await paidInvoice(sandbox)
    const shopRefundId = uniqueId("r")
    expect(
      await clientFor(sandbox).invoiceCreateRefund({
        invoice_id: invoiceId,
        amount: "2.00",
        currency: "USD",
        shop_refund_id: shopRefundId,
      })
    ).toMatchObject({ kind: "ok" })
    // the refund settles (SUCCESS), and nothing is queued for it
    await waitFor(() => sandbox!.state.refundByShopRefundId(1520, shopRefundId)?.status === "SUCCESS")
    await sandbox.idle()
    expect(await refundDeliveries(sandbox)).toEqual([])
    expect(invoiceSide.received.map((c) => c.url)).toEqual(["/hooks/m4/invoice?type=invoice"])
    expect(shopSide.received).toHaveLength(0)
  })

  it("callback_url is validated like the invoice's and is not part of the signature", async () => {
    sandbox = await startTestSandbox({ config: configWith() })
    const invoiceId = await paidInvoice(sandbox)
    // signed without callback_url, sent with it: accepted (not a signed field)
    const ok = await postSigned(sandbox, "invoice/create-refund", {
      invoice_id: invoiceId,
      amount: "1.00",
      shop_refund_id: uniqueId("r"),
      callback_url: `${refundSide.url}/r`,
    })
    expect(ok.json).toMatchObject({ result: true, data: { status: "WAITING" } })
    await waitFor(() => refundSide.received.length === 1)
    const tooLong = await postSigned(sandbox, "invoice/create-refund", {
      invoice_id: invoiceId,
      amount: "1.00",
      shop_refund_id: uniqueId("r"),
      callback_url: `https://x.example/${"a".repeat(2048)}`,
    })
    expect(tooLong.json).toEqual({
      data: null,
      error_code: 10,
      message: 'Incorrect values for parameters: callback_url="ensure this value has at most 2048 characters"',
      result: false,
    })
  })
})
