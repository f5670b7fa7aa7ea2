import { completeM4Cart } from "@lib/data/m4"
import { NextRequest, NextResponse } from "next/server"

/**
 * Where M4 sends the payer back (the provider's `successUrl` / `failUrl`):
 *   https://your-shop.com/api/m4/return?cart_id={cart_id}
 *   https://your-shop.com/api/m4/return?cart_id={cart_id}&result=fail
 * Completes the cart and shows the order, or sends the shopper back to the payment step with the
 * reason, where a retry starts a new payment session.
 *
 * The starter's cookies (cart, login) are SameSite=Strict, so the browser leaves them off a
 * navigation that comes from M4's site. The first request therefore only answers a tiny page that
 * moves on to the same URL from this site (`hop=1`); that request carries the cookies.
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams
  const cartId = params.get("cart_id") ?? ""
  const result = params.get("result")
  const defaultRegion = process.env.NEXT_PUBLIC_DEFAULT_REGION || "us"
  const to = (path: string) => NextResponse.redirect(new URL(path, request.nextUrl.origin), 303)

  if (!/^cart_[0-9A-Za-z]{1,64}$/.test(cartId)) {
    return to(`/${defaultRegion}/cart`)
  }
  if (params.get("hop") !== "1") {
    const next = new URL(request.nextUrl.pathname, request.nextUrl.origin)
    next.searchParams.set("cart_id", cartId)
    if (result) next.searchParams.set("result", result)
    next.searchParams.set("hop", "1")
    const href = next.pathname + next.search
    const html =
      `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
      `<meta http-equiv="refresh" content="0;url=${href.replace(/&/g, "&amp;")}"><title>Returning to the shop…</title></head>` +
      `<body><p>Returning to the shop… <a href="${href.replace(/&/g, "&amp;")}">Continue</a></p></body></html>`
    return new NextResponse(html, {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" },
    })
  }

  const outcome = await completeM4Cart(cartId, result)
  if (outcome.type === "order") {
    return to(`/${outcome.countryCode || defaultRegion}/order/${outcome.orderId}/confirmed`)
  }
  return to(`/${outcome.countryCode || defaultRegion}/checkout?step=payment&m4_error=${outcome.reason}`)
}
