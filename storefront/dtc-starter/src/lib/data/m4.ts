"use server"

import { sdk } from "@lib/config"
import { M4ActionError, M4PaymentMethod, m4RetryableCodes } from "@lib/m4"
import { HttpTypes } from "@medusajs/types"
import { revalidateTag } from "next/cache"
import { getAuthHeaders, getCacheTag, getCartId, removeCartId } from "./cookies"

const BACKEND_URL = process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL || "http://localhost:9000"

type StoreAnswer<T> = { data: T; error?: undefined } | { data?: undefined; error: M4ActionError }

/**
 * A Store API call that answers the error instead of throwing it. A server action's thrown error
 * reaches the browser as Next.js's generic "An error occurred in the Server Components render",
 * and the SDK's FetchError keeps only the message: this keeps Medusa's `code` (m4_unavailable, …)
 * so the page can show the message in place, with "Try again" where that can help.
 */
async function storeApi<T>(path: string, init: { method?: "GET" | "POST"; body?: unknown } = {}): Promise<StoreAnswer<T>> {
  let res: Response
  try {
    res = await fetch(`${BACKEND_URL}${path}`, {
      method: init.method ?? "GET",
      headers: {
        "content-type": "application/json",
        "x-publishable-api-key": process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY ?? "",
        ...(await getAuthHeaders()),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    })
  } catch (e) {
    console.error(`M4: ${init.method ?? "GET"} ${path} failed: ${(e as Error).message}`)
    return { error: { message: "The shop could not be reached. Please try again.", code: "store_unreachable", retry: true } }
  }
  const body = await res.json().catch(() => ({}))
  if (res.ok) {
    return { data: body as T }
  }
  const code = typeof body.code === "string" ? body.code : null
  console.error(`M4: ${init.method ?? "GET"} ${path} → ${res.status} ${code ?? ""}: ${body.message ?? ""}`)
  return {
    error: {
      message: typeof body.message === "string" && body.message ? body.message : "Something went wrong. Please try again.",
      code,
      retry: code ? m4RetryableCodes.includes(code) : res.status >= 500,
    },
  }
}

/**
 * Starts a new M4 payment session (a new M4 invoice) for the cart. The provider reads from `data`:
 * `cart_id` (for the return URL), the payer's e-mail and phone (known add-ons), `add_ons` typed into
 * the add-ons form, and `items` (the cart's summary shown to the payer on M4's page).
 * Answers `{ error }` (the Store API's message and code) rather than throwing.
 */
export async function initiateM4PaymentSession(
  cart: HttpTypes.StoreCart,
  providerId: string,
  addOns?: Record<string, string>
): Promise<{ error?: M4ActionError }> {
  const phone = cart.billing_address?.phone || cart.shipping_address?.phone
  let collectionId = cart.payment_collection?.id
  if (!collectionId) {
    const created = await storeApi<{ payment_collection: { id: string } }>("/store/payment-collections", {
      method: "POST",
      body: { cart_id: cart.id },
    })
    if (created.error) {
      return { error: created.error }
    }
    collectionId = created.data.payment_collection.id
  }
  const started = await storeApi(`/store/payment-collections/${collectionId}/payment-sessions`, {
    method: "POST",
    body: {
      provider_id: providerId,
      data: {
        cart_id: cart.id,
        ...(cart.email ? { email: cart.email } : {}),
        ...(phone ? { phone } : {}),
        ...(addOns ? { add_ons: addOns } : {}),
        items: (cart.items ?? []).map((item) => ({
          title: item.product_title ?? item.title,
          quantity: item.quantity,
        })),
      },
    },
  })
  if (started.error) {
    // the page keeps what the shopper sees (the add-ons form, the chosen method) next to the error, so
    // "Try again" or another method simply starts a new session; a success refreshes the cart
    return { error: started.error }
  }
  revalidateTag(await getCacheTag("carts"))
  return {}
}

/**
 * What M4 will charge for each of its methods, for the cart's total (`GET /store/m4/payment-methods`:
 * invoice/try per payway, nothing is created at M4). The payment step shows it while the shopper chooses.
 */
export async function listM4PaymentMethods(
  cartId: string
): Promise<{ methods?: M4PaymentMethod[]; error?: M4ActionError }> {
  const answer = await storeApi<{ payment_methods: M4PaymentMethod[] }>(
    `/store/m4/payment-methods?cart_id=${encodeURIComponent(cartId)}`
  )
  return answer.error ? { error: answer.error } : { methods: answer.data.payment_methods }
}

export type M4ReturnOutcome =
  | { type: "order"; orderId: string; countryCode: string }
  | { type: "retry"; reason: "declined" | "not_confirmed" | "error"; countryCode?: string }

/**
 * The shopper is back from M4's page: complete the cart (Medusa asks M4 for the invoice status;
 * the `result` in the URL is never trusted for success). Used by `app/api/m4/return/route.ts`.
 */
export async function completeM4Cart(cartId: string, result: string | null): Promise<M4ReturnOutcome> {
  const headers = { ...(await getAuthHeaders()) }
  const cart = await sdk.store.cart
    .retrieve(cartId, { fields: "id,completed_at,shipping_address.country_code,region.countries.iso_2" }, headers)
    .then(({ cart }) => cart)
    .catch(() => null)
  const countryCode =
    cart?.shipping_address?.country_code?.toLowerCase() ?? cart?.region?.countries?.[0]?.iso_2 ?? undefined

  if (result === "fail") {
    return { type: "retry", reason: "declined", countryCode }
  }

  try {
    const completed = await sdk.store.cart.complete(cartId, {}, headers)
    const cartCacheTag = await getCacheTag("carts")
    revalidateTag(cartCacheTag)
    if (completed.type === "order") {
      const orderCacheTag = await getCacheTag("orders")
      revalidateTag(orderCacheTag)
      if ((await getCartId()) === cartId) {
        await removeCartId()
      }
      return {
        type: "order",
        orderId: completed.order.id,
        countryCode: completed.order.shipping_address?.country_code?.toLowerCase() ?? countryCode ?? "",
      }
    }
    return { type: "retry", reason: "not_confirmed", countryCode }
  } catch (e) {
    console.error(`M4 return: completing cart ${cartId} failed: ${(e as Error).message}`)
    return { type: "retry", reason: "not_confirmed", countryCode }
  }
}
