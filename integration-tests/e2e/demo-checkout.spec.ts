/**
 * A shopper's checkout in real Chromium against `npm run demo` (one instance for all scenarios):
 * single-step card, two-step card captured by the merchant through the Admin API, a declined
 * payment with a retry, and the wallet payway that asks for payer details (requires_more). Before
 * leaving, the shopper sees what M4 will charge per method (from GET /store/m4/payment-methods):
 * M4's fee in USD, and EUR carts paid through M4's USD card payway (cross-currency); with M4 down
 * the payment step says so in words and a retry works once M4 is back.
 * Screenshots go to test-results/demo-*.png.
 */
import fs from "node:fs"
import path from "node:path"
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
import { asSentence, expectedPrice, fetchQuotes, M4Quote, quoteOf } from "../helpers/m4-prices"

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
  // EUR carts are paid through M4's USD card payway: the Europe region shows a cross-currency price
  run = await startDemo({
    dir: freshDemoDir("checkout"),
    env: {
      M4_CARD_PAYWAYS: JSON.stringify({ eur: "card_invoice_usd" }),
      // "M4 down" must reach the storefront: no quote kept from an earlier scenario answers for M4
      M4_QUOTE_CACHE_MS: "0",
    },
  })
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

/** Shop → cart → address → shipping: ends on the payment step, the method list priced. */
async function checkoutToPayment(page: Page, opts: { region: Region; product: string }) {
  await page.goto(demo().urls.storefront)
  await page.waitForSelector("body[data-ready=true]")
  await page.selectOption("[data-test=region-select]", { label: opts.region.label })
  await page.waitForSelector(`[data-test=shop][data-currency=${opts.region.currency}]`)
  await page.click(`[data-test=add-${opts.product}]`)
  await page.waitForSelector("#notice:has-text('added to your cart')")
  await page.click("[data-test=checkout]")
  await page.click("[data-test=save-address]") // the demo pre-fills the address
  await page.click("[data-test=save-shipping]")
  await page.waitForSelector("[data-test=payment-form]")
}

/** … then an M4 payment method → Pay: ends on M4's pay page (or the add-ons form). */
async function checkoutUntilPayment(page: Page, opts: { region: Region; product: string; provider: string }) {
  await checkoutToPayment(page, opts)
  await page.check(`[data-test=provider-${opts.provider}]`)
  await page.click("[data-test=pay]")
}

/** What the Store API quotes for the shopper's cart (the storefront keeps its id in localStorage). */
async function quotesFor(page: Page): Promise<M4Quote[]> {
  const cartId = await page.evaluate(() => localStorage.getItem(`m4demo.cart.${localStorage.getItem("m4demo.region")}`))
  return fetchQuotes(demo().urls.store, demo().publishableKey!, cartId!)
}

/**
 * Each M4 method's line says what M4 will charge, as the route quotes it, and why when that is not
 * the order total: M4's fee (same currency) or the payer's currency. No fee math here: the figures
 * come from the sandbox through the route, whatever its fees are.
 */
async function expectPricedMethods(page: Page, quotes: M4Quote[], providers: string[]) {
  for (const provider of providers) {
    const quote = quoteOf(quotes, provider)
    expect({ provider, available: quote.available }).toEqual({ provider, available: true })
    const expected = expectedPrice(quote)
    expect({ provider, shown: (await page.textContent(`[data-test=price-${provider}]`))?.trim() }).toEqual({
      provider,
      shown: expected.text,
    })
    const why = page.locator(`[data-test=price-why-${provider}]`)
    if (expected.why === null) {
      expect(await why.count()).toBe(0) // nothing to explain: M4 asks the order total
    } else if (typeof expected.why === "string") {
      expect(await why.textContent()).toBe(asSentence(expected.why))
    } else {
      expect(await why.textContent()).toMatch(asSentence(expected.why))
    }
  }
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
      await checkoutToPayment(page, { region: USD, product: "m4-shirt" })
      // each method with what M4 will charge, before the shopper chooses
      const quotes = await quotesFor(page)
      await expectPricedMethods(page, quotes, ["pp_m4_m4", "pp_m4_hold", "pp_m4_wallet"])
      const card = quoteOf(quotes, "pp_m4_m4")
      await page.check("[data-test=provider-pp_m4_m4]")
      expect(await page.textContent("[data-test=pay]")).toBe(`Pay ${card.payer_price} ${card.payer_currency} with M4`)
      await saveScreenshot(page, "demo-single-step-payment-methods")
      await page.click("[data-test=pay]")
      // M4's page asks the price the shop showed, and names the cart's items (data.items)
      await page.waitForURL((url) => url.href.startsWith(`${demo().urls.sandbox}/pay/`))
      expect(await page.textContent("#pay-form button[type=submit]")).toContain(
        `${card.payer_price} ${card.payer_currency}`
      )
      expect(await page.textContent("#description")).toBe("M4 Demo Store: M4 T-shirt")
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

  it("two-step card in EUR, paid through M4's USD payway: the converted price before leaving, authorized at checkout, captured by the merchant", async () => {
    const result = await asShopper("two-step", async (page) => {
      await checkoutToPayment(page, { region: EUR, product: "m4-hoodie" })
      const quotes = await quotesFor(page)
      const hold = quoteOf(quotes, "pp_m4_hold")
      expect([hold.currency, hold.payer_currency]).toEqual(["EUR", "USD"]) // cross-currency: M4 charges USD
      await expectPricedMethods(page, quotes, ["pp_m4_m4", "pp_m4_hold"])
      await page.check("[data-test=provider-pp_m4_hold]")
      expect(await page.textContent("[data-test=pay]")).toBe(`Pay ≈ ${hold.payer_price} USD with M4`)
      await saveScreenshot(page, "demo-two-step-cross-currency")
      await page.click("[data-test=pay]")
      await page.waitForURL((url) => url.href.startsWith(`${demo().urls.sandbox}/pay/`))
      expect(await page.textContent("#pay-form button[type=submit]")).toContain(`${hold.payer_price} USD`)
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
      await checkoutToPayment(page, { region: USD, product: "m4-stickers" })
      const wallet = quoteOf(await quotesFor(page), "pp_m4_wallet")
      await page.check("[data-test=provider-pp_m4_wallet]")
      await page.click("[data-test=pay]")
      await page.waitForSelector("[data-test=addons-form]")
      // the same price in the add-ons step, and on its button
      expect(await page.textContent("[data-test=addons-price]")).toContain(
        `${wallet.payer_price} ${wallet.payer_currency}`
      )
      expect(await page.textContent("[data-test=addons-continue]")).toBe(
        `Pay ${wallet.payer_price} ${wallet.payer_currency} with M4`
      )
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
  it("M4 down at the payment step: words the shopper understands, details in the store's log, a retry once M4 is back", async () => {
    const faults = `${demo().urls.sandbox}/_sandbox/faults`
    const result = await asShopper("m4-down", async (page) => {
      await checkoutToPayment(page, { region: USD, product: "m4-mug" })
      // every gateway call answers 503 with an HTML page
      await fetchRetry(faults, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "http_5xx", status: 503 }),
      })
      try {
        await page.reload()
        await page.waitForSelector("[data-test=payment-form]")
        expect(await page.textContent("[data-test=prices-unavailable]")).toContain("M4's prices could not be loaded")
        expect(await page.locator("[data-test^=price-pp_m4]").count()).toBe(0)
        expect(await page.textContent("[data-test=pay]")).toBe("Continue to M4")

        await page.check("[data-test=provider-pp_m4_m4]")
        await page.click("[data-test=pay]")
        const error = page.locator("[data-test=pay-error]")
        await error.waitFor()
        const message = (await error.textContent())!
        expect(message).toMatch(
          /^M4 is not responding right now, so the payment could not be started\. Please try again in a moment\. \(reference M4-[0-9A-F]{8}\)$/
        )
        expect(await error.getAttribute("data-code")).toBe("m4_unavailable")
        expect(await page.textContent("#notice")).not.toMatch(/html|HTTP|outcome/i)
        await saveScreenshot(page, "demo-m4-down")
        // the store's log has what M4 answered, under the reference the shopper sees
        const reference = /reference (M4-[0-9A-F]{8})/.exec(message)![1]
        const logged = await waitFor(
          () =>
            fs
              .readFileSync(path.join(demo().dir, "logs", "store.log"), "utf8")
              .split("\n")
              .find((l) => l.includes(reference)),
          { what: "the store's log line with the shopper's reference" }
        )
        expect(logged).toContain("HTTP 503 without an M4 envelope")
      } finally {
        await fetchRetry(faults, { method: "DELETE" }) // M4 is back
      }
      await page.click("[data-test=prices-retry]")
      await page.waitForSelector("[data-test=price-pp_m4_m4]")
      expect(await page.locator("[data-test=prices-unavailable]").count()).toBe(0)
      await saveScreenshot(page, "demo-m4-back")
      await page.check("[data-test=provider-pp_m4_m4]")
      await page.click("[data-test=pay]")
      await onPayPage(page, "pay")
      return confirmation(page)
    })
    expect(result.paymentStatus).toBe("captured")
  })
})
