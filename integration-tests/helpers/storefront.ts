import type { AxiosInstance } from "axios"

export type Address = {
  first_name: string
  last_name: string
  address_1: string
  city: string
  postal_code: string
  country_code: string
}

const defaultAddress = (country_code: string): Address => ({
  first_name: "Ada",
  last_name: "Shopper",
  address_1: "1 Test Street",
  city: "Testville",
  postal_code: "10115",
  country_code,
})

/** Drives the Store API the way a storefront does (publishable key on every request). */
export class Storefront {
  constructor(
    private readonly api: AxiosInstance,
    private readonly publishableKey: string
  ) {}

  get headers() {
    return { "x-publishable-api-key": this.publishableKey }
  }

  async get(url: string) {
    return this.api.get(url, { headers: this.headers })
  }

  async post(url: string, body: unknown = {}) {
    return this.api.post(url, body, { headers: this.headers })
  }

  /** A cart with one item, e-mail, address and the first shipping option: ready for payment. */
  async readyCart(opts: {
    region_id: string
    variant_id: string
    country_code: string
    quantity?: number
    email?: string
  }) {
    const address = defaultAddress(opts.country_code)
    const { data } = await this.post("/store/carts", {
      region_id: opts.region_id,
      email: opts.email ?? "shopper@example.com",
      items: [{ variant_id: opts.variant_id, quantity: opts.quantity ?? 1 }],
      shipping_address: address,
      billing_address: address,
    })
    const cart = data.cart
    const { data: options } = await this.get(`/store/shipping-options?cart_id=${cart.id}`)
    await this.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: options.shipping_options[0].id })
    return (await this.get(`/store/carts/${cart.id}`)).data.cart
  }

  /** Starts an M4 payment; returns the session the storefront reads the redirect from. */
  async initiatePayment(cartId: string, providerId: string, data: Record<string, unknown> = {}) {
    const { data: pc } = await this.post("/store/payment-collections", { cart_id: cartId })
    const { data: withSession } = await this.post(
      `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
      { provider_id: providerId, data: { cart_id: cartId, ...data } }
    )
    const sessions = withSession.payment_collection.payment_sessions
    return sessions.find((s: { provider_id: string }) => s.provider_id === providerId)
  }

  async complete(cartId: string) {
    return this.post(`/store/carts/${cartId}/complete`)
  }

  async cart(cartId: string) {
    return (await this.get(`/store/carts/${cartId}?fields=*payment_collection,*payment_collection.payment_sessions`))
      .data.cart
  }
}

/**
 * The shopper on M4's hosted page: follows the session's redirect, then presses Pay or Decline.
 * Returns where the page sends the browser afterwards (the success or fail URL).
 */
export async function shopperOnPayPage(
  redirect: { method: string; url: string; data: Record<string, unknown> },
  action: "pay" | "decline",
  addOns: Record<string, string> = {}
): Promise<{ location: string | null; status: number }> {
  const query = new URLSearchParams(redirect.data as Record<string, string>).toString()
  const pageUrl = redirect.method.toUpperCase() === "GET" && query ? `${redirect.url}?${query}` : redirect.url
  const page =
    redirect.method.toUpperCase() === "POST"
      ? await fetch(redirect.url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(redirect.data as Record<string, string>).toString(),
        })
      : await fetch(pageUrl)
  const html = await page.text()
  if (page.status !== 200) {
    throw new Error(`pay page answered ${page.status}: ${html.slice(0, 200)}`)
  }
  const formId = action === "pay" ? "pay-form" : "decline-form"
  const match = new RegExp(`<form method="post" action="([^"]+)" id="${formId}"`).exec(html)
  if (!match) {
    throw new Error(`no ${formId} on the pay page`)
  }
  const target = new URL(match[1].replace(/&amp;/g, "&"), redirect.url)
  const answer = await fetch(target, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(addOns).toString(),
  })
  return { location: answer.headers.get("location"), status: answer.status }
}
