/** A gateway request after authentication, and what an endpoint handler answers. */
import { M4Endpoint, RawFields } from "../../m4"
import { ShopConfig } from "../config/sandbox-config"
import type { SandboxContext } from "../context"

export interface GatewayRequest {
  endpoint: M4Endpoint
  shop: ShopConfig
  /** Validated fields (see request-fields.ts); unknown extras only in `raw`. */
  fields: Record<string, unknown>
  raw: RawFields
}

export interface HandlerResult {
  data: unknown
  /** Scenario `timeout_error`: the operation took effect but the answer never comes. */
  hangAfter?: boolean
}

/** A non-envelope HTTP failure (scenario `internal_server_error`). */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message = "Internal Server Error"
  ) {
    super(message)
  }
}

export type EndpointHandler = (ctx: SandboxContext, request: GatewayRequest) => HandlerResult
