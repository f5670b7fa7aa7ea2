/**
 * POST /gateway/v1/<method>: request faults, raw body, authentication, the endpoint handler,
 * and the envelope `{"data","error_code","message","result"}` (HTTP 200 also for business
 * errors, docs/m4-protocol.md §2.1), written Python-style so floats read `6.0` like the real gateway.
 */
import { IncomingMessage, ServerResponse } from "node:http"
import { isM4Endpoint, M4_ERROR, M4Endpoint, RawBodyError, readRawFields } from "../../m4"
import type { SandboxContext } from "../context"
import { BodyTooLargeError, readBody, send } from "../http/http-io"
import { HungRequests } from "../http/hung-requests"
import { PY_RESPONSE, pyJson } from "../python-json"
import { authenticate } from "./authenticate"
import { GatewayError, incorrectParam } from "./gateway-error"
import { EndpointHandler, HttpFailure } from "./gateway-request"
import { invoiceEndpoints } from "./invoice-endpoints"
import { refundEndpoints } from "./refund-endpoints"
import { shopEndpoints } from "./shop-endpoints"
import { withdrawEndpoints } from "./withdraw-endpoints"

export const GATEWAY_PREFIX = "/gateway/v1/"

const HANDLERS: Record<M4Endpoint, EndpointHandler> = {
  ...invoiceEndpoints,
  ...refundEndpoints,
  ...shopEndpoints,
  ...withdrawEndpoints,
}

export function envelopeText(result: { data: unknown } | GatewayError): string {
  if (result instanceof GatewayError) {
    return pyJson({ data: null, error_code: result.code, message: result.message, result: false }, PY_RESPONSE)
  }
  return pyJson({ data: result.data, error_code: 0, message: "Ok", result: true }, PY_RESPONSE)
}

export interface GatewayRuntime {
  hung: HungRequests
  /** Cancellable wait (latency faults); resolves early on stop. */
  sleep(ms: number): Promise<void>
}

export async function handleGateway(
  ctx: SandboxContext,
  runtime: GatewayRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  method: string
): Promise<void> {
  if (!isM4Endpoint(method)) {
    send(
      res,
      404,
      envelopeText(new GatewayError(M4_ERROR.INCORRECT_REQUEST_PARAM, `Unknown method ${method}`)),
      "application/json"
    )
    return
  }
  if (req.method !== "POST") {
    send(res, 405, "Method Not Allowed", "text/plain", { Allow: "POST" })
    return
  }
  const faults = ctx.faults.take(["latency_ms", "http_5xx", "hang_before", "hang_after"], method)
  const latency = faults.filter((f) => f.type === "latency_ms").reduce((sum, f) => sum + (f.ms ?? 1000), 0)
  if (latency > 0) {
    await runtime.sleep(latency)
  }
  const http5xx = faults.find((f) => f.type === "http_5xx")
  if (http5xx) {
    send(res, http5xx.status ?? 500, "<html><body><h1>Server Error</h1></body></html>", "text/html")
    return
  }
  if (faults.some((f) => f.type === "hang_before")) {
    runtime.hung.hang(res)
    return
  }

  let text: string
  let hangAfter = faults.some((f) => f.type === "hang_after")
  try {
    let body: Buffer
    try {
      body = await readBody(req)
    } catch (e) {
      throw e instanceof BodyTooLargeError ? incorrectParam("body", e.message) : e
    }
    let raw
    try {
      raw = readRawFields(body, req.headers["content-type"])
    } catch (e) {
      throw incorrectParam("body", e instanceof RawBodyError ? e.message : "unreadable body")
    }
    const request = authenticate(ctx, method, raw)
    const result = HANDLERS[method](ctx, request)
    hangAfter ||= result.hangAfter === true
    text = envelopeText(result)
  } catch (e) {
    if (e instanceof HttpFailure) {
      send(res, e.status, `<html><body><h1>${e.message}</h1></body></html>`, "text/html")
      return
    }
    if (!(e instanceof GatewayError)) {
      ctx.logger.error(`${method}: ${(e as Error).stack ?? String(e)}`)
      send(res, 500, "<html><body><h1>Internal Server Error</h1></body></html>", "text/html")
      return
    }
    text = envelopeText(e)
  }
  if (hangAfter) {
    runtime.hung.hang(res)
    return
  }
  send(res, 200, text, "application/json")
}
