"use server"

import { sdk } from "@lib/config"
import { HttpTypes } from "@medusajs/types"
import { revalidateTag } from "next/cache"
import { initiatePaymentSession } from "./cart"
import { getAuthHeaders, getCacheTag, getCartId, removeCartId } from "./cookies"

/**
 * Starts a new M4 payment session (a new M4 invoice) for the cart. The provider reads from `data`:
 * `cart_id` (for the return URL), the payer's e-mail and phone (known add-ons), `add_ons` typed into
 * the add-ons form, and `items` (the cart's summary shown to the payer on M4's page).
 */
export async function initiateM4PaymentSession(
  cart: HttpTypes.StoreCart,
  providerId: string,
  addOns?: Record<string, string>
) {
  const phone = cart.billing_address?.phone || cart.shipping_address?.phone
  return initiatePaymentSession(cart, {
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
  })
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
