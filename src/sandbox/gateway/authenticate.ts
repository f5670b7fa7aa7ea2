/**
 * Who is calling and may they: shop lookup (error 11, before the signature, as the recorded
 * shop-not-found exchange shows), field validation, the signature over the endpoint's fixed
 * field list from the raw lexemes (error 10 with the echoed string to sign), then the `now`
 * freshness window of the sandbox's `now` check mode (DECISION d as revised: lenient ±30 days by
 * default, strict ±5 min; no zone = UTC+3; see context.ts NOW_TOLERANCE_MS).
 */
import {
  formatM4Timestamp,
  M4Endpoint,
  m4Hash,
  parseM4Date,
  RawFields,
  rawRequestStringToSign,
  signaturesEqual,
} from "../../m4"
import type { SandboxContext } from "../context"
import { gatewayErrors, incorrectParam } from "./gateway-error"
import { GatewayRequest } from "./gateway-request"
import { ENDPOINT_FIELDS, readField, readFields } from "./request-fields"

export function authenticate(ctx: SandboxContext, endpoint: M4Endpoint, raw: RawFields): GatewayRequest {
  const shopId = readField(raw, "shop_id", { kind: "int", required: true }) as number
  const shop = ctx.shop(shopId)
  if (!shop) {
    const lexeme = raw.fields.get("shop_id")
    throw gatewayErrors.shopNotFound(lexeme?.kind === "number" ? lexeme.lexeme : String(shopId))
  }
  const fields = readFields(raw, ENDPOINT_FIELDS[endpoint])
  fields.shop_id = shopId

  const stringToSign = rawRequestStringToSign(endpoint, raw)
  const sign = raw.fields.get("sign")
  if (sign === undefined || sign.kind === "null") {
    throw incorrectParam("sign", "field required")
  }
  if (!signaturesEqual(m4Hash(stringToSign, shop.secret_key), sign.kind === "string" ? sign.value : undefined)) {
    throw gatewayErrors.badSign(stringToSign)
  }

  if (typeof fields.now === "string" && ctx.timings.nowToleranceMs !== null) {
    const sent = parseM4Date(fields.now) as Date
    const drift = Math.abs(sent.getTime() - ctx.clock.nowMs())
    if (drift > ctx.timings.nowToleranceMs) {
      throw incorrectParam(
        "now",
        `request time is out of the allowed window of ${Math.round(ctx.timings.nowToleranceMs / 1000)} s, server time: ${formatM4Timestamp(ctx.clock.now())}`
      )
    }
  }
  return { endpoint, shop, fields, raw }
}
