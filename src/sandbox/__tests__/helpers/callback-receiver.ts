/** A shop-side HTTP endpoint on port 0 that records every callback and answers as told. */
import http from "node:http"
import { AddressInfo } from "node:net"

export interface ReceivedCallback {
  url: string
  contentType: string
  body: string
  at: number
}

export interface CallbackReceiver {
  url: string
  received: ReceivedCallback[]
  /** HTTP status for the n-th request (0-based); default 200. */
  respond: (n: number, callback: ReceivedCallback) => number | "hang"
  close(): Promise<void>
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = []
  const receiver: CallbackReceiver = {
    url: "",
    received,
    respond: () => 200,
    close: async () => undefined,
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const callback = {
        url: req.url ?? "",
        contentType: String(req.headers["content-type"] ?? ""),
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      }
      const n = received.length
      received.push(callback)
      const status = receiver.respond(n, callback)
      if (status === "hang") {
        return
      }
      res.writeHead(status, { "Content-Type": "text/plain" })
      res.end(status === 200 ? "OK" : "nope")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/m4`
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return receiver
}
