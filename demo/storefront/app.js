// The M4 demo storefront: plain browser JavaScript against Medusa's Store API.
//   products → cart → e-mail and address → shipping → M4 payment method → M4 pay page →
//   /checkout/return?cart_id=…&result=success|fail → complete the cart → order confirmation
// /config.json (served by demo/storefront-server.mjs) says where the Store API is and which
// publishable key to send.

const PROVIDERS = {
  pp_m4_m4: { title: "Card", hint: "Charged right away on M4's secure page." },
  pp_m4_hold: { title: "Card, charged at shipping", hint: "M4 reserves the amount now; the shop captures it when your order ships." },
  pp_m4_wallet: { title: "M4 wallet", hint: "Pay from your M4 wallet: needs your e-mail and phone number." },
}
const PAYMENT_STATUS = {
  captured: "Paid",
  authorized: "Authorized: charged when your order ships",
  partially_captured: "Partially paid",
  awaiting: "Awaiting payment",
  not_paid: "Not paid",
  canceled: "Canceled",
  refunded: "Refunded",
  partially_refunded: "Partially refunded",
  requires_action: "Requires action",
}
const DEMO_ADDRESS = {
  usd: { first_name: "Ada", last_name: "Shopper", address_1: "1 Market Street", city: "San Francisco", postal_code: "94105", country_code: "us" },
  eur: { first_name: "Ada", last_name: "Shopper", address_1: "Friedrichstraße 1", city: "Berlin", postal_code: "10117", country_code: "de" },
}
const CART_FIELDS =
  "id,email,currency_code,region_id,completed_at,total,subtotal,item_total,shipping_total,tax_total," +
  "*items,*shipping_address,*shipping_methods,*payment_collection,*payment_collection.payment_sessions"

let config = null
let regions = []
let region = null

// ── small helpers ────────────────────────────────────────────────────────────
const $ = (selector, root = document) => root.querySelector(selector)

/** Builds an element; strings become text nodes (nothing from the API is parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value)
    else if (key === "class") el.className = value
    else if (key === "text") el.textContent = value
    else if (value === true) el.setAttribute(key, "")
    else el.setAttribute(key, String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

function money(amount, currency) {
  const n = Number(amount ?? 0)
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: String(currency).toUpperCase() }).format(n)
  } catch {
    return `${n} ${String(currency).toUpperCase()}`
  }
}

// ── what M4 will charge (exact decimal strings from the Store API; never floats) ──
/** "24.99" → { units: 2499n, scale: 2 } */
function decimal(text) {
  const [whole, fraction = ""] = String(text).split(".")
  return { units: BigInt(whole + fraction), scale: fraction.length }
}

function atScale(d, scale) {
  return d.units * 10n ** BigInt(scale - d.scale)
}

function decimalText(units, scale) {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, "0")
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits
  return units < 0n ? `-${text}` : text
}

/** a ÷ b to four significant digits, as text ("0.9528", "155", "0.92"): a rate shown as approximate. */
function ratio(a, b) {
  const [x, y] = [decimal(a), decimal(b)]
  const num = x.units * 10n ** BigInt(y.scale)
  const den = y.units * 10n ** BigInt(x.scale)
  let places = 0
  while ((num * 10n ** BigInt(places)) / den < 1000n && places < 12) places++
  const rounded = (2n * num * 10n ** BigInt(places) + den) / (2n * den)
  const text = decimalText(rounded, places)
  return places ? text.replace(/0+$/, "").replace(/\.$/, "") : text
}

/**
 * What M4's page will ask, and why when that is not the order total: M4's fee (same currency) or
 * the payer's currency and the rate. { text: "≈ 23.81 EUR", why: "charged by M4 in EUR at 1 USD ≈ 0.9528 EUR" }
 */
function m4Price({ amount, currency, payerPrice, payerCurrency }) {
  if (!payerPrice || !payerCurrency) return null
  const [cur, payerCur] = [String(currency).toUpperCase(), String(payerCurrency).toUpperCase()]
  if (cur !== payerCur) {
    return {
      text: `≈ ${payerPrice} ${payerCur}`,
      why: `charged by M4 in ${payerCur} at 1 ${cur} ≈ ${ratio(payerPrice, amount)} ${payerCur}`,
    }
  }
  const [p, a] = [decimal(payerPrice), decimal(amount)]
  const scale = Math.max(p.scale, a.scale)
  const diff = atScale(p, scale) - atScale(a, scale)
  const why =
    diff > 0n
      ? `includes M4's fee of ${decimalText(diff, scale)} ${cur}`
      : diff < 0n
        ? `${decimalText(-diff, scale)} ${cur} less than the order total`
        : null
  return { text: `${payerPrice} ${payerCur}`, why }
}

function notice(message, kind = "info") {
  const el = $("#notice")
  if (!message) {
    el.hidden = true
    el.textContent = ""
    return
  }
  el.hidden = false
  el.className = kind
  el.dataset.kind = kind
  el.textContent = message
}

function show(...nodes) {
  const view = $("#view")
  view.replaceChildren(...nodes)
}

class ApiError extends Error {
  constructor(message, status, body) {
    super(message)
    this.status = status
    this.body = body
  }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { "x-publishable-api-key": config.publishableKey }
  if (body !== undefined) headers["content-type"] = "application/json"
  const res = await fetch(config.storeUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json = {}
  try {
    json = text ? JSON.parse(text) : {}
  } catch {
    json = { message: text }
  }
  if (!res.ok) {
    throw new ApiError(json.message || `${res.status} ${res.statusText}`, res.status, json)
  }
  return json
}

/** Runs `work` with the button disabled; errors go to the notice area. */
async function busy(button, work) {
  const label = button?.textContent
  if (button) {
    button.disabled = true
    button.textContent = "Please wait…"
  }
  try {
    return await work()
  } catch (e) {
    notice(e.message || String(e), "error")
  } finally {
    if (button?.isConnected) {
      button.disabled = false
      button.textContent = label
    }
  }
}

function go(path) {
  history.pushState(null, "", path)
  notice(null)
  route()
}

// ── cart storage (one open cart per region) ──────────────────────────────────
const cartKey = (regionId) => `m4demo.cart.${regionId}`

async function loadCart(cartId) {
  const { cart } = await api(`/store/carts/${cartId}?fields=${encodeURIComponent(CART_FIELDS)}`)
  return cart
}

async function currentCart({ create = false } = {}) {
  const id = localStorage.getItem(cartKey(region.id))
  if (id) {
    try {
      const cart = await loadCart(id)
      if (!cart.completed_at) return cart
    } catch (e) {
      if (e.status !== 404) throw e
    }
    localStorage.removeItem(cartKey(region.id))
  }
  if (!create) return null
  const { cart } = await api("/store/carts", { method: "POST", body: { region_id: region.id } })
  localStorage.setItem(cartKey(region.id), cart.id)
  return loadCart(cart.id)
}

function updateCartCount(cart) {
  $("#cart-count").textContent = String((cart?.items ?? []).reduce((n, i) => n + Number(i.quantity), 0))
}

// ── pages ────────────────────────────────────────────────────────────────────
async function showShop() {
  const [{ products }, cart] = await Promise.all([
    api(`/store/products?region_id=${region.id}&fields=id,title,handle,description,*variants.calculated_price&order=title`),
    currentCart(),
  ])
  updateCartCount(cart)
  const colors = ["#2d5bd7", "#7a3fd1", "#1b7f3b", "#c2570c", "#0f766e"]
  const cards = products.map((p, i) => {
    const variant = p.variants?.[0]
    const price = variant?.calculated_price
    return h(
      "article",
      { class: "card", "data-test": `product-${p.handle}` },
      h("div", { class: "swatch", style: `background:${colors[i % colors.length]}` }, p.title.replace(/^M4\s*/, "").slice(0, 1)),
      h("h3", {}, p.title),
      h("p", { class: "muted" }, p.description ?? ""),
      h("div", { class: "price" }, price ? money(price.calculated_amount, price.currency_code) : "not sold here"),
      h(
        "button",
        {
          "data-test": `add-${p.handle}`,
          disabled: !price,
          onclick: (ev) =>
            busy(ev.currentTarget, async () => {
              const cart = await currentCart({ create: true })
              await api(`/store/carts/${cart.id}/line-items`, { method: "POST", body: { variant_id: variant.id, quantity: 1 } })
              const updated = await loadCart(cart.id)
              updateCartCount(updated)
              $("#shop-cart").replaceWith(cartSummary(updated, { withCheckout: true }))
              notice(`${p.title} added to your cart.`)
            }),
        },
        "Add to cart"
      )
    )
  })
  show(
    h(
      "div",
      { class: "layout" },
      h(
        "section",
        { "data-test": "shop", "data-currency": region.currency_code },
        h("h1", {}, `Shop (${region.name}, ${region.currency_code.toUpperCase()})`),
        h("div", { class: "grid" }, cards)
      ),
      cartSummary(cart, { withCheckout: true })
    )
  )
}

function cartSummary(cart, { withCheckout = false } = {}) {
  const items = cart?.items ?? []
  const currency = cart?.currency_code ?? region.currency_code
  const rows = items.map((item) =>
    h(
      "tr",
      {},
      h("td", {}, item.product_title ?? item.title, " ", h("span", { class: "qty" }, `× ${item.quantity}`)),
      h("td", {}, money(item.total, currency))
    )
  )
  if (cart?.shipping_methods?.length) {
    rows.push(h("tr", {}, h("td", {}, "Shipping"), h("td", {}, money(cart.shipping_total, currency))))
  }
  rows.push(h("tr", { class: "total" }, h("td", {}, "Total"), h("td", { "data-test": "cart-total" }, money(cart?.total ?? 0, currency))))
  return h(
    "aside",
    { class: "panel", id: "shop-cart", "data-test": "cart-summary" },
    h("h2", {}, "Your cart"),
    items.length ? h("table", { class: "lines" }, h("tbody", {}, rows)) : h("p", { class: "muted" }, "Your cart is empty."),
    withCheckout && items.length ? h("button", { "data-test": "checkout", onclick: () => go("/checkout") }, "Checkout") : null
  )
}

async function showCheckout() {
  const cart = await currentCart()
  updateCartCount(cart)
  if (!cart?.items?.length) {
    show(h("section", { class: "panel" }, h("h2", {}, "Checkout"), h("p", {}, "Your cart is empty. "), h("a", { href: "/", "data-link": true }, "Back to the shop")))
    return
  }
  const hasAddress = Boolean(cart.email && cart.shipping_address?.address_1)
  const hasShipping = Boolean(cart.shipping_methods?.length)
  show(
    h(
      "div",
      { class: "layout" },
      h(
        "section",
        {},
        h("h1", {}, "Checkout"),
        addressPanel(cart, hasAddress),
        hasAddress ? await shippingPanel(cart, hasShipping) : h("section", { class: "panel muted" }, h("h2", {}, "2. Shipping")),
        hasShipping ? await paymentPanel(cart) : h("section", { class: "panel muted" }, h("h2", {}, "3. Payment"))
      ),
      cartSummary(cart)
    )
  )
}

function addressPanel(cart, done) {
  const a = cart.shipping_address?.address_1 ? cart.shipping_address : DEMO_ADDRESS[cart.currency_code] ?? DEMO_ADDRESS.usd
  const countries = region.countries ?? []
  const field = (name, label, value, extra = {}) =>
    h("label", { class: extra.wide ? "wide" : "" }, label, h("input", { name, value: value ?? "", required: true, "data-test": name, ...extra.input }))
  const form = h(
    "form",
    { class: "fields", "data-test": "address-form" },
    field("email", "E-mail", cart.email ?? "shopper@example.com", { wide: true, input: { type: "email", autocomplete: "email" } }),
    field("first_name", "First name", a.first_name),
    field("last_name", "Last name", a.last_name),
    field("address_1", "Address", a.address_1, { wide: true }),
    field("postal_code", "Postal code", a.postal_code),
    field("city", "City", a.city),
    h(
      "label",
      { class: "wide" },
      "Country",
      h(
        "select",
        { name: "country_code", "data-test": "country_code" },
        countries.map((c) => h("option", { value: c.iso_2, selected: c.iso_2 === a.country_code }, c.display_name ?? c.name))
      )
    ),
    h("div", { class: "wide" }, h("button", { type: "submit", "data-test": "save-address" }, done ? "Update address" : "Continue to shipping"))
  )
  form.addEventListener("submit", (ev) => {
    ev.preventDefault()
    const values = Object.fromEntries(new FormData(form))
    const { email, ...address } = values
    busy(ev.submitter, async () => {
      await api(`/store/carts/${cart.id}`, { method: "POST", body: { email, shipping_address: address, billing_address: address } })
      await showCheckout()
    })
  })
  return h("section", { class: `panel${done ? " done" : ""}`, "data-test": "address-panel" }, h("h2", {}, "1. Contact and address"), form)
}

async function shippingPanel(cart, done) {
  const { shipping_options: options } = await api(`/store/shipping-options?cart_id=${cart.id}`)
  const chosen = cart.shipping_methods?.[0]?.shipping_option_id
  const form = h(
    "form",
    { "data-test": "shipping-form" },
    options.map((o, i) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "radio", name: "option_id", value: o.id, checked: chosen ? chosen === o.id : i === 0, "data-test": `shipping-${i}` }),
        `${o.name}: ${money(o.amount ?? o.calculated_price?.calculated_amount, cart.currency_code)}`
      )
    ),
    options.length
      ? h("button", { type: "submit", "data-test": "save-shipping" }, done ? "Update shipping" : "Continue to payment")
      : h("p", { class: "muted" }, "No shipping to this address.")
  )
  form.addEventListener("submit", (ev) => {
    ev.preventDefault()
    const optionId = new FormData(form).get("option_id")
    busy(ev.submitter, async () => {
      await api(`/store/carts/${cart.id}/shipping-methods`, { method: "POST", body: { option_id: optionId } })
      await showCheckout()
    })
  })
  return h("section", { class: `panel${done ? " done" : ""}`, "data-test": "shipping-panel" }, h("h2", {}, "2. Shipping"), form)
}

async function paymentPanel(cart) {
  const [{ payment_providers: providers }, prices] = await Promise.all([
    api(`/store/payment-providers?region_id=${cart.region_id}`),
    // what M4 will charge for each method, before the shopper leaves (invoice/try: creates nothing)
    api(`/store/m4/payment-methods?cart_id=${cart.id}`).catch((e) => ({ error: e })),
  ])
  const m4 = providers.filter((p) => p.id.startsWith("pp_m4_"))
  const quoteOf = (providerId) => prices.payment_methods?.find((m) => m.provider_ids.includes(providerId))
  const usable = (p) => quoteOf(p.id)?.available !== false
  const last = localStorage.getItem("m4demo.provider")
  const preferred = m4.some((p) => p.id === last && usable(p)) ? last : m4.find(usable)?.id
  const payLabel = (providerId) => {
    const price = priceOf(cart, quoteOf(providerId))
    return price ? `Pay ${price.text} with M4` : "Continue to M4"
  }
  const button = h("button", { type: "submit", "data-test": "pay" }, payLabel(preferred))
  // a failed start is explained where the shopper is, next to the button that tries again
  const payError = h("p", { class: "inline-error", role: "alert", "data-test": "pay-error", hidden: true })
  const form = h(
    "form",
    { "data-test": "payment-form" },
    prices.error
      ? h(
          "p",
          { class: "inline-error", role: "alert", "data-test": "prices-unavailable", "data-code": prices.error.body?.code },
          "M4's prices could not be loaded right now, so they are not shown. ",
          h("button", { type: "button", class: "link", "data-test": "prices-retry", onclick: (ev) => busy(ev.currentTarget, showCheckout) }, "Try again")
        )
      : null,
    m4.map((p) => methodChoice(cart, p, quoteOf(p.id), p.id === preferred)),
    payError,
    m4.length ? button : h("p", { class: "muted" }, "No M4 payment method is enabled for this region.")
  )
  form.addEventListener("change", () => {
    payError.hidden = true
    button.textContent = payLabel(new FormData(form).get("provider_id"))
  })
  form.addEventListener("submit", (ev) => {
    ev.preventDefault()
    const providerId = new FormData(form).get("provider_id")
    payError.hidden = true
    busy(ev.submitter, () =>
      startPayment(cart, providerId).catch((e) => {
        // the Store API's message is the shopper's (the code says what kind: m4_unavailable, …)
        payError.textContent = e.message || String(e)
        payError.dataset.code = e.body?.code ?? ""
        payError.hidden = false
      })
    )
  })
  return h("section", { class: "panel", "data-test": "payment-panel", id: "payment-panel" }, h("h2", {}, "3. Payment"), form)
}

/** A quote of /store/m4/payment-methods (or the session's data) as the shopper reads it; null when not priced. */
function priceOf(cart, quote) {
  if (!quote?.payer_price) return null
  return m4Price({ amount: quote.amount, currency: quote.currency ?? cart.currency_code, payerPrice: quote.payer_price, payerCurrency: quote.payer_currency })
}

/** One M4 method: its name, what M4 will charge and why that differs from the total, or why it cannot be used. */
function methodChoice(cart, provider, quote, checked) {
  const price = priceOf(cart, quote)
  const unavailable = quote?.available === false
  const why = unavailable
    ? quote.unavailable_code === "m4_amount_not_allowed"
      ? "Not available for this order total."
      : "Not available right now."
    : price?.why
      ? `${price.why[0].toUpperCase()}${price.why.slice(1)}.`
      : null
  return h(
    "label",
    { class: `choice${unavailable ? " unavailable" : ""}`, "data-test": `method-${provider.id}` },
    h("input", { type: "radio", name: "provider_id", value: provider.id, checked, disabled: unavailable, "data-test": `provider-${provider.id}` }),
    h(
      "span",
      { class: "method" },
      h("strong", {}, PROVIDERS[provider.id]?.title ?? provider.id),
      h("br"),
      h("small", { class: "muted" }, PROVIDERS[provider.id]?.hint ?? ""),
      why ? h("small", { class: "why", "data-test": `price-why-${provider.id}` }, why) : null
    ),
    price ? h("span", { class: "m4-price", "data-test": `price-${provider.id}` }, price.text) : null
  )
}

/** Initiates (or re-initiates) the M4 payment session and sends the shopper to M4's page. */
async function startPayment(cart, providerId, addOns) {
  localStorage.setItem("m4demo.provider", providerId)
  localStorage.setItem(cartKey(cart.region_id), cart.id)
  let collectionId = cart.payment_collection?.id
  if (!collectionId) {
    const { payment_collection } = await api("/store/payment-collections", { method: "POST", body: { cart_id: cart.id } })
    collectionId = payment_collection.id
  }
  const data = {
    cart_id: cart.id,
    // what M4's pay page names the order with (the provider builds the invoice description from it)
    items: (cart.items ?? []).map((item) => ({ title: item.product_title ?? item.title, quantity: item.quantity })),
    ...(addOns ? { add_ons: addOns } : {}),
  }
  const { payment_collection } = await api(`/store/payment-collections/${collectionId}/payment-sessions`, {
    method: "POST",
    body: { provider_id: providerId, data },
  })
  const session = payment_collection.payment_sessions.find((s) => s.provider_id === providerId)
  if (!session) throw new Error("The payment could not be started. Please try again.")
  if (session.status === "requires_more") {
    showAddOns(cart, providerId, session)
    return
  }
  const redirect = session.data?.redirect
  if (session.status === "error" || !redirect?.url) {
    throw new Error("M4 could not open a payment page for this order. Please try again or choose another method.")
  }
  notice("Taking you to M4's payment page…")
  goToPayPage(redirect)
}

function goToPayPage(redirect) {
  const data = redirect.data ?? {}
  if (String(redirect.method ?? "GET").toUpperCase() === "POST") {
    const form = h(
      "form",
      { method: "post", action: redirect.url, hidden: true },
      Object.entries(data).map(([name, value]) => h("input", { type: "hidden", name, value: String(value) }))
    )
    document.body.append(form)
    form.submit()
    return
  }
  const url = new URL(redirect.url)
  for (const [name, value] of Object.entries(data)) url.searchParams.set(name, String(value))
  location.assign(url.toString())
}

/** The payway needs more from the payer (session status requires_more): ask for it, then start again. */
function showAddOns(cart, providerId, session) {
  const configs = session.data?.add_ons_config ?? {}
  const missing = session.data?.missing_add_ons?.length ? session.data.missing_add_ons : Object.keys(configs)
  const inputs = missing.map((name) => {
    const c = configs[name] ?? {}
    const label = c.label?.en ?? name
    const input = h("input", {
      name,
      required: true,
      placeholder: c.example ?? "",
      "data-test": `addon-${name}`,
      value: name === "email" ? cart.email ?? "" : "",
      inputmode: name === "phone" ? "numeric" : undefined,
    })
    if (c.regex) {
      try {
        new RegExp(c.regex, "v") // the pattern attribute uses the v flag; M4's regexes are not always valid there
        input.pattern = c.regex
      } catch {
        // validated below instead
      }
      input.addEventListener("input", () => {
        let ok = true
        try {
          ok = new RegExp(c.regex).test(input.value)
        } catch {}
        input.setCustomValidity(ok ? "" : `${label.replace(/:$/, "")}: e.g. ${c.example ?? ""}`)
      })
    }
    return h(
      "label",
      { class: "wide" },
      label.replace(/:$/, ""),
      input,
      c.comment?.en ? h("small", {}, c.comment.en) : null
    )
  })
  const d = session.data ?? {}
  const price = m4Price({ amount: d.amount, currency: d.currency_code, payerPrice: d.payer_price, payerCurrency: d.payer_currency })
  const form = h(
    "form",
    { class: "fields", "data-test": "addons-form" },
    inputs,
    price
      ? h(
          "p",
          { class: "wide", "data-test": "addons-price" },
          "M4 will charge ",
          h("strong", {}, price.text),
          price.why ? ` (${price.why}).` : "."
        )
      : null,
    h(
      "div",
      { class: "wide" },
      h("button", { type: "submit", "data-test": "addons-continue" }, price ? `Pay ${price.text} with M4` : "Continue to payment"),
      " ",
      h("button", { type: "button", class: "secondary", "data-test": "addons-back", onclick: () => go("/checkout#payment-panel") }, "Choose another method")
    )
  )
  form.addEventListener("submit", (ev) => {
    ev.preventDefault()
    for (const input of form.querySelectorAll("input")) input.dispatchEvent(new Event("input"))
    if (!form.reportValidity()) return
    const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]))
    busy(ev.submitter, () => startPayment(cart, providerId, values))
  })
  notice(`${PROVIDERS[providerId]?.title ?? "This payment method"} needs a few more details.`)
  show(
    h(
      "div",
      { class: "layout" },
      h("section", { class: "panel", "data-test": "addons-panel" }, h("h2", {}, "Payment details for M4"), form),
      cartSummary(cart)
    )
  )
}

/** Back from M4: complete the cart on success; explain and offer a retry otherwise. */
async function showReturn(params) {
  const cartId = params.get("cart_id")
  const result = params.get("result")
  if (!cartId) {
    go("/")
    return
  }
  let cart = null
  try {
    cart = await loadCart(cartId)
  } catch {
    // the cart may be gone; complete below still tells us about the order
  }
  if (cart?.region_id && cart.region_id !== region.id) {
    selectRegion(cart.region_id)
  }
  if (cart && !cart.completed_at) localStorage.setItem(cartKey(cart.region_id), cart.id)

  if (result !== "success") {
    showDeclined(cart, "Your payment was declined or cancelled on M4's page. No money was taken.")
    return
  }
  show(h("section", { class: "panel", "data-test": "confirming" }, h("h2", {}, "Confirming your payment with M4…")))
  try {
    const res = await api(`/store/carts/${cartId}/complete`, { method: "POST" })
    if (res.type === "order" && res.order) {
      localStorage.removeItem(cartKey(res.order.region_id ?? cart?.region_id ?? region.id))
      history.replaceState(null, "", `/order?id=${encodeURIComponent(res.order.id)}`)
      await showOrder(res.order.id)
      return
    }
    showDeclined(res.cart ?? cart, `M4 has not confirmed this payment (${res.error?.message ?? "not authorized"}).`)
  } catch (e) {
    showDeclined(cart, `M4 has not confirmed this payment (${e.message}).`)
  }
}

function showDeclined(cart, message) {
  notice(message, "error")
  updateCartCount(cart)
  show(
    h(
      "div",
      { class: "layout" },
      h(
        "section",
        { class: "panel", "data-test": "payment-failed" },
        h("h2", {}, "Payment not completed"),
        // the reason is in the notice above; the panel says what the shopper can do now
        h("p", {}, "Your cart is still here. You can try again with the same or another payment method."),
        cart && !cart.completed_at
          ? h("button", { "data-test": "retry", onclick: () => go("/checkout#payment-panel") }, "Try again")
          : h("a", { href: "/", "data-link": true }, "Back to the shop")
      ),
      cart ? cartSummary(cart) : null
    )
  )
}

async function showOrder(orderId) {
  const { order } = await api(
    `/store/orders/${orderId}?fields=${encodeURIComponent(
      "id,display_id,email,currency_code,total,shipping_total,payment_status,fulfillment_status,created_at,*items,*shipping_address"
    )}`
  )
  updateCartCount(null)
  const status = order.payment_status
  const rows = (order.items ?? []).map((item) =>
    h("tr", {}, h("td", {}, item.product_title ?? item.title, " ", h("span", { class: "qty" }, `× ${item.quantity}`)), h("td", {}, money(item.total, order.currency_code)))
  )
  rows.push(h("tr", {}, h("td", {}, "Shipping"), h("td", {}, money(order.shipping_total, order.currency_code))))
  rows.push(h("tr", { class: "total" }, h("td", {}, "Total"), h("td", { "data-test": "order-total" }, money(order.total, order.currency_code))))
  show(
    h(
      "section",
      { class: "panel confirmation", "data-test": "order-confirmation", "data-order-id": order.id },
      h("h1", {}, "Thank you for your order!"),
      h("p", {}, "Order ", h("strong", { "data-test": "order-number" }, `#${order.display_id}`), ` · ${order.email}`),
      h(
        "p",
        {},
        "Payment: ",
        h(
          "span",
          { class: `status-pill${status === "captured" ? "" : " pending"}`, "data-test": "payment-status", "data-status": status },
          PAYMENT_STATUS[status] ?? status
        )
      ),
      h("table", { class: "lines" }, h("tbody", {}, rows)),
      h("p", {}, h("a", { href: "/", "data-link": true, "data-test": "continue-shopping" }, "Continue shopping"))
    )
  )
}

// ── regions and routing ──────────────────────────────────────────────────────
function selectRegion(regionId) {
  region = regions.find((r) => r.id === regionId) ?? regions.find((r) => r.currency_code === "usd") ?? regions[0]
  localStorage.setItem("m4demo.region", region.id)
  $("#region-select").value = region.id
}

async function route() {
  const url = new URL(location.href)
  try {
    if (url.pathname === "/checkout/return") await showReturn(url.searchParams)
    else if (url.pathname === "/order") await showOrder(url.searchParams.get("id"))
    else if (url.pathname === "/checkout") {
      await showCheckout()
      if (url.hash) document.querySelector(url.hash)?.scrollIntoView()
    } else await showShop()
  } catch (e) {
    notice(e.message || String(e), "error")
  }
}

async function start() {
  config = await (await fetch("/config.json", { cache: "no-store" })).json()
  if (!config.publishableKey) {
    notice("The demo store is not seeded yet: run `npm run demo`.", "error")
    return
  }
  const links = $("#links")
  if (config.adminUrl) links.append(" Admin: ", h("a", { href: config.adminUrl }, config.adminUrl))
  if (config.sandboxUrl) links.append(" · M4 sandbox: ", h("a", { href: config.sandboxUrl }, config.sandboxUrl))
  ;({ regions } = await api("/store/regions?fields=id,name,currency_code,*countries"))
  regions.sort((a, b) => a.name.localeCompare(b.name))
  const select = $("#region-select")
  select.replaceChildren(...regions.map((r) => h("option", { value: r.id }, `${r.name} (${r.currency_code.toUpperCase()})`)))
  selectRegion(localStorage.getItem("m4demo.region"))
  select.addEventListener("change", () => {
    selectRegion(select.value)
    notice(null)
    if (location.pathname === "/checkout/return" || location.pathname === "/order") go("/")
    else route()
  })
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest?.("a[data-link]")
    if (a && !ev.metaKey && !ev.ctrlKey) {
      ev.preventDefault()
      go(a.getAttribute("href"))
    }
  })
  window.addEventListener("popstate", () => route())
  await route()
  document.body.dataset.ready = "true"
}

start().catch((e) => notice(`The store is not reachable: ${e.message}`, "error"))
