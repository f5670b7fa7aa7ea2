/**
 * A shopper's checkout in real Chromium against `npm run demo` (one instance for all scenarios):
 * single-step card, two-step card captured by the merchant through the Admin API, a declined
 * payment with a retry, and the wallet payway that asks for payer details (requires_more).
 * Confirmation screenshots go to test-results/.
 */
import type { Browser, Page } from "playwright-core"
import {
  DemoRun,
  fetchRetry,
  freshDemoDir,
  interruptDemo,
  killDemo,
  launchChromium,
  removeDemoDir,
  saveScreenshot,
  startDemo,
  waitFor,
  waitForDemo,
} from "../helpers/browser"

jest.setTimeout(180_000)

type Region = { label: string; currency: string }
const USD: Region = { label: "United States (USD)", currency: "usd" }
const EUR: Region = { label: "Europe (EUR)", currency: "eur" }

let run: DemoRun | undefined
let browser: Browser | undefined
const timings: Record<string, string> = {}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

beforeAll(async () => {
  const started = Date.now()
  run = await startDemo({ dir: freshDemoDir("checkout") })
  await waitForDemo(run)
  timings["demo ready (fresh data folder)"] = seconds(Date.now() - started)
  browser = await launchChromium()
}, 420_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  if (run) {
    const started = Date.now()
    const code = await interruptDemo(run, 60_000)
    timings["demo stop (SIGINT)"] = `${seconds(Date.now() - started)}, exit ${code}`
    killDemo(run) // only does something if the demo did not stop by itself
    removeDemoDir(run, "demo-checkout")
  }
  console.log(
    `demo-checkout timings:\n${Object.entries(timings)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join("\n")}`
  )
}, 120_000)

function demo(): DemoRun {
  if (!run) throw new Error("the demo did not start")
  return run
}

/** A fresh browser profile per scenario; a failure leaves a screenshot of where it stopped. */
async function asShopper<T>(name: string, scenario: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser!.newContext({ viewport: { width: 1200, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  const started = Date.now()
  try {
    return await scenario(page)
  } catch (e) {
    await saveScreenshot(page, `${name}-failure`).catch(() => {})
    throw new Error(`${(e as Error).message}\n(at ${page.url()}; demo output tail:\n${demo().output().slice(-1500)})`)
  } finally {
    timings[name] = seconds(Date.now() - started)
    await context.close()
  }
}

/** Shop → cart → address → shipping → payment method → Pay: ends on M4's pay page (or the add-ons form). */
async function checkoutUntilPayment(page: Page, opts: { region: Region; product: string; provider: string }) {
  await page.goto(demo().urls.storefront)
  await page.waitForSelector("body[data-ready=true]")
  await page.selectOption("[data-test=region-select]", { label: opts.region.label })
  await page.waitForSelector(`[data-test=shop][data-currency=${opts.region.currency}]`)
  await page.click(`[data-test=add-${opts.product}]`)
  await page.waitForSelector("#notice:has-text('added to your cart')")
  await page.click("[data-test=checkout]")
  await page.click("[data-test=save-address]") // the demo pre-fills the address
  await page.click("[data-test=save-shipping]")
  await page.check(`[data-test=provider-${opts.provider}]`)
  await page.click("[data-test=pay]")
}

async function onPayPage(page: Page, action: "pay" | "decline") {
  await page.waitForURL((url) => url.href.startsWith(`${demo().urls.sandbox}/pay/`))
  await page.click(action === "pay" ? "#pay-form button[type=submit]" : "#decline-form button[type=submit]")
}

async function confirmation(page: Page) {
  const panel = await page.waitForSelector("[data-test=order-confirmation]", { timeout: 60_000 })
  return {
    orderId: (await panel.getAttribute("data-order-id"))!,
    number: (await page.textContent("[data-test=order-number]"))!.trim(),
    paymentStatus: (await page.getAttribute("[data-test=payment-status]", "data-status"))!,
    paymentText: (await page.textContent("[data-test=payment-status]"))!.trim(),
  }
}

// ── the merchant: Admin API with the credentials the demo printed ───────────────
let adminToken: string | undefined
async function admin(path: string, init: { method?: string; body?: unknown } = {}) {
  if (!adminToken) {
    const res = await fetchRetry(`${demo().urls.store}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(demo().admin),
    })
    const body = await res.json()
    if (!res.ok || !body.token) throw new Error(`admin login failed (${res.status}): ${JSON.stringify(body)}`)
    adminToken = body.token as string
  }
  const res = await fetchRetry(`${demo().urls.store}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${adminToken}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  })
  const body = await res.json()
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}: ${JSON.stringify(body)}`)
  return body
}

async function adminOrder(orderId: string) {
  const fields =
    "id,display_id,payment_status,total,currency_code,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures"
  return (await admin(`/admin/orders/${orderId}?fields=${encodeURIComponent(fields)}`)).order
}

async function sandboxInvoice(shopOrderId: string) {
  const res = await fetchRetry(`${demo().urls.sandbox}/_sandbox/invoices`)
  const invoices = (await res.json()) as { shop_order_id: string; status: number; amount: string }[]
  return invoices.find((i) => i.shop_order_id === shopOrderId)
}

describe("a shopper's checkout in Chromium against npm run demo", () => {
  it("single-step card: pay on M4's page → order confirmation, payment captured", async () => {
    const result = await asShopper("single-step", async (page) => {
      await checkoutUntilPayment(page, { region: USD, product: "m4-shirt", provider: "pp_m4_m4" })
      await onPayPage(page, "pay")
      const confirmed = await confirmation(page)
      expect(page.url()).toContain("/order?id=")
      await saveScreenshot(page, "demo-single-step-confirmation")
      return confirmed
    })
    expect(result.number).toMatch(/^#\d+$/)
    expect(result.paymentStatus).toBe("captured")
    expect(result.paymentText).toBe("Paid")

    const order = await adminOrder(result.orderId)
    expect(`#${order.display_id}`).toBe(result.number)
    expect(order.payment_status).toBe("captured")
    const payment = order.payment_collections[0].payments[0]
    expect(payment.provider_id).toBe("pp_m4_m4")
    expect(Number(payment.amount)).toBe(24.99) // 19.99 + 5.00 shipping
    expect((await sandboxInvoice(payment.data.shop_order_id))?.status).toBe(4) // paid
  })

  it("two-step card in EUR: authorized at checkout, captured by the merchant through the Admin API", async () => {
    const result = await asShopper("two-step", async (page) => {
      await checkoutUntilPayment(page, { region: EUR, product: "m4-hoodie", provider: "pp_m4_hold" })
      await onPayPage(page, "pay")
      const confirmed = await confirmation(page)
      await saveScreenshot(page, "demo-two-step-confirmation")
      return confirmed
    })
    expect(result.paymentStatus).toBe("authorized")

    const before = await adminOrder(result.orderId)
    expect(before.payment_status).toBe("authorized")
    const payment = before.payment_collections[0].payments[0]
    expect(payment.provider_id).toBe("pp_m4_hold")
    expect(payment.captured_at).toBeFalsy()
    expect(Number(payment.amount)).toBe(49.5) // 45.00 + 4.50 shipping
    expect((await sandboxInvoice(payment.data.shop_order_id))?.status).toBe(8) // funds held

    await admin(`/admin/payments/${payment.id}/capture`, { method: "POST", body: {} })

    const after = await waitFor(
      async () => {
        const o = await adminOrder(result.orderId)
        return o.payment_status === "captured" ? o : null
      },
      { what: "the order to show the payment captured" }
    )
    const captured = after.payment_collections[0].payments[0]
    expect(captured.captured_at).toBeTruthy()
    expect(captured.captures.reduce((sum: number, c: { amount: number }) => sum + Number(c.amount), 0)).toBe(49.5)
    expect((await sandboxInvoice(payment.data.shop_order_id))?.status).toBe(4) // charged

    // the shopper's confirmation page now says paid
    await asShopper("two-step-after-capture", async (page) => {
      await page.goto(`${demo().urls.storefront}/order?id=${encodeURIComponent(result.orderId)}`)
      const again = await confirmation(page)
      expect(again.paymentStatus).toBe("captured")
      await saveScreenshot(page, "demo-two-step-captured")
    })
  })

  it("declined on M4's page: a clear message, no order, and a retry that succeeds", async () => {
    const result = await asShopper("decline-and-retry", async (page) => {
      await checkoutUntilPayment(page, { region: USD, product: "m4-mug", provider: "pp_m4_m4" })
      await onPayPage(page, "decline")

      await page.waitForSelector("[data-test=payment-failed]")
      expect(page.url()).toContain("result=fail")
      expect(await page.textContent("#notice")).toContain("declined")
      await saveScreenshot(page, "demo-declined")

      // a success URL without a paid invoice (tampered or stale) must not produce an order
      const tampered = new URL(page.url())
      tampered.searchParams.set("result", "success")
      await page.goto(tampered.toString())
      await page.waitForSelector("[data-test=payment-failed]")
      expect(await page.textContent("#notice")).toContain("M4 has not confirmed this payment")

      // retry: a new payment session, a new pay page, paid this time
      await page.click("[data-test=retry]")
      await page.click("[data-test=pay]")
      await onPayPage(page, "pay")
      const confirmed = await confirmation(page)
      await saveScreenshot(page, "demo-retry-confirmation")
      return confirmed
    })
    expect(result.paymentStatus).toBe("captured")
    const order = await adminOrder(result.orderId)
    expect(order.payment_status).toBe("captured")
    expect(Number(order.total)).toBe(17.5) // 12.50 + 5.00
  })

  it("wallet payway: asks for the payer's e-mail and phone (requires_more), then pays", async () => {
    const result = await asShopper("wallet-add-ons", async (page) => {
      await checkoutUntilPayment(page, { region: USD, product: "m4-stickers", provider: "pp_m4_wallet" })
      await page.waitForSelector("[data-test=addons-form]")
      expect(await page.inputValue("[data-test=addon-email]")).toBe("shopper@example.com")
      expect(await page.getAttribute("[data-test=addon-phone]", "placeholder")).toBe("79133456789")

      // an invalid phone is stopped in the browser (M4's regex)
      await page.fill("[data-test=addon-phone]", "12")
      await page.click("[data-test=addons-continue]")
      expect(page.url()).toContain(demo().urls.storefront)
      expect(await page.$eval("[data-test=addon-phone]", (el) => (el as HTMLInputElement).validity.valid)).toBe(false)

      await page.fill("[data-test=addon-phone]", "79133456789")
      await page.click("[data-test=addons-continue]")
      await onPayPage(page, "pay")
      const confirmed = await confirmation(page)
      await saveScreenshot(page, "demo-wallet-confirmation")
      return confirmed
    })
    expect(result.paymentStatus).toBe("captured")
    const order = await adminOrder(result.orderId)
    expect(order.payment_collections[0].payments[0].provider_id).toBe("pp_m4_wallet")
  })
})
