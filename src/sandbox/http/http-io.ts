/** Small node:http helpers: raw body bytes (no parser that would lose number lexemes) and answers. */
import { IncomingMessage, ServerResponse } from "node:http"

export const NO_CACHE = "no-cache, no-store, must-revalidate"
const BODY_LIMIT = 1024 * 1024

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLargeError(`body larger than ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {}
): void {
  if (res.headersSent || res.destroyed) {
    return
  }
  const bytes = Buffer.from(body, "utf8")
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": String(bytes.length),
    "Cache-Control": NO_CACHE,
    ...headers,
  })
  res.end(bytes)
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value, null, 2), "application/json")
}

export function redirect(res: ServerResponse, location: string): void {
  send(res, 303, "", "text/plain", { Location: location })
}

/** Parses a urlencoded or JSON body into string values (pay-page forms, control API). */
export function parseSimpleBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = body.toString("utf8")
  if (text.trim() === "") {
    return {}
  }
  if ((contentType ?? "").includes("json") || text.trimStart().startsWith("{") || text.trimStart().startsWith("[")) {
    return { __json: JSON.parse(text) as unknown }
  }
  return Object.fromEntries(new URLSearchParams(text))
}
