/** Starts an in-process sandbox with test timings and a client for its default shop. */
import { M4Client, M4Endpoint, signRequest } from "../../../m4"
import { DEFAULT_SECRET_KEY, DEFAULT_SHOP_ID, RunningSandbox, startSandbox, StartSandboxOptions } from "../../index"

export const FAST: StartSandboxOptions = {
  port: 0,
  refundDelayMs: 20,
  payoutStepMs: 30,
  callbackRetrySchedule: [20, 40, 80],
  callbackTimeoutMs: 2000,
}

export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ ...FAST, ...options })
}

export function clientFor(
  sandbox: RunningSandbox,
  opts: { shopId?: number; secretKey?: string; timeoutMs?: number; now?: () => Date } = {}
): M4Client {
  return new M4Client({
    shopId: opts.shopId ?? DEFAULT_SHOP_ID,
    secretKey: opts.secretKey ?? DEFAULT_SECRET_KEY,
    baseUrl: sandbox.apiUrl,
    timeoutMs: opts.timeoutMs ?? 5000,
    now: opts.now,
  })
}

export interface RawAnswer {
  status: number
  text: string
  json: { result: boolean; message: string; error_code: number; data: any } | null
}

/** POSTs an exact body text (no re-serialisation). */
export async function postRaw(
  sandbox: RunningSandbox,
  endpoint: string,
  body: string,
  contentType = "application/json"
): Promise<RawAnswer> {
  const response = await fetch(sandbox.apiUrl + endpoint, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body,
  })
  const text = await response.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  return { status: response.status, text, json }
}

/** Signs and POSTs a body for the default shop. */
export function postSigned(
  sandbox: RunningSandbox,
  endpoint: M4Endpoint,
  fields: Record<string, unknown>,
  secretKey = DEFAULT_SECRET_KEY
): Promise<RawAnswer> {
  const body = signRequest(endpoint, { shop_id: DEFAULT_SHOP_ID, ...fields }, secretKey)
  return postRaw(sandbox, endpoint, JSON.stringify(body))
}

export async function control(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await response.json()
  if (!response.ok) {
    throw new Error(`${method} /_sandbox/${path} → ${response.status}: ${JSON.stringify(json)}`)
  }
  return json
}

let orderSeq = 0
export const uniqueId = (prefix: string) => `${prefix}_${process.pid}_${Date.now()}_${++orderSeq}`
