import http from "node:http"
import net from "node:net"
import type { AddressInfo, Socket } from "node:net"
import { M4Client } from "../client/m4-client"
import { M4Outcome } from "../client/outcome"

/**
 * The client's transport (axios): keep-alive, the standard proxy environment variables, and
 * transport errors that carry nothing of the request (axios errors hold its headers and body).
 */

const SECRET = "s3cr3t-transport-Zq9"
const PROXY_VARS = [
  "HTTP_PROXY",
  "http_proxy",
  "HTTPS_PROXY",
  "https_proxy",
  "NO_PROXY",
  "no_proxy",
  "ALL_PROXY",
  "all_proxy",
]
const okBody = JSON.stringify({ result: true, message: "Ok", error_code: 0, data: { balances: [] } })

const servers: net.Server[] = []
const sockets = new Set<Socket>()
const savedEnv: Record<string, string | undefined> = {}

function track<S extends net.Server>(server: S): S {
  servers.push(server)
  server.on("connection", (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  return server
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return (server.address() as AddressInfo).port
}

/** The M4 stand-in: answers every POST with an ok envelope and counts the connections it accepted. */
async function gateway() {
  const state = { requests: 0, connections: 0 }
  const server = track(
    http.createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        state.requests++
        res.writeHead(200, { "Content-Type": "application/json" }).end(okBody)
      })
    })
  )
  server.on("connection", () => state.connections++)
  const port = await listen(server)
  return { state, url: `http://127.0.0.1:${port}/gateway/v1/` }
}

/**
 * A tiny forward proxy: absolute-URI requests are forwarded (http targets), CONNECT opens a raw
 * TCP tunnel (https targets). Records everything it could read.
 */
async function proxy(opts: { refuseConnect?: boolean } = {}) {
  const seen = { requests: [] as string[], connects: [] as string[], visible: "" }
  const server = track(
    http.createServer((req, res) => {
      seen.requests.push(`${req.method} ${req.url}`)
      const chunks: Buffer[] = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        const body = Buffer.concat(chunks)
        seen.visible += `${req.url} ${JSON.stringify(req.headers)} ${body.toString("utf8")}`
        const target = new URL(req.url!)
        const upstream = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          }
        )
        upstream.on("error", () => res.writeHead(502).end())
        upstream.end(body)
      })
    })
  )
  server.on("connect", (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    seen.connects.push(String(req.url))
    seen.visible += `CONNECT ${req.url} ${JSON.stringify(req.headers)}`
    if (opts.refuseConnect) {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
      return
    }
    const [host, port] = String(req.url).split(":")
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on("error", () => client.destroy())
    client.on("error", () => upstream.destroy())
  })
  const port = await listen(server)
  return { seen, url: `http://127.0.0.1:${port}` }
}

/** Where the tunnel ends: a TCP server that keeps the first bytes the client sent and hangs up. */
async function tcpSink() {
  const received: Buffer[] = []
  const server = track(
    net.createServer((socket) => {
      socket.once("data", (chunk: Buffer) => {
        received.push(chunk)
        socket.destroy()
      })
    })
  )
  const port = await listen(server)
  return { received, port }
}

function client(baseUrl: string, opts: { timeoutMs?: number; logs?: string[] } = {}): M4Client {
  const log = (m: string) => opts.logs?.push(m)
  return new M4Client({
    shopId: 1520,
    secretKey: SECRET,
    baseUrl,
    timeoutMs: opts.timeoutMs ?? 3000,
    logger: { debug: log, warn: log },
  })
}

beforeEach(() => {
  for (const name of PROXY_VARS) {
    savedEnv[name] = process.env[name]
    delete process.env[name]
  }
})

afterEach(() => {
  for (const name of PROXY_VARS) {
    if (savedEnv[name] === undefined) {
      delete process.env[name]
    } else {
      process.env[name] = savedEnv[name]
    }
  }
})

afterAll(async () => {
  for (const socket of sockets) {
    socket.destroy()
  }
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
})

describe("M4Client transport", () => {
  it("keeps the connection alive between calls", async () => {
    const m4 = await gateway()
    const c = client(m4.url)
    for (let i = 0; i < 3; i++) {
      expect((await c.shopBalance()).kind).toBe("ok")
    }
    expect(m4.state.requests).toBe(3)
    expect(m4.state.connections).toBe(1)
  })

  it.each(["HTTP_PROXY", "http_proxy"])("an http gateway goes through %s (absolute-URI forwarding)", async (name) => {
    const m4 = await gateway()
    const p = await proxy()
    process.env[name] = p.url
    expect((await client(m4.url).shopBalance()).kind).toBe("ok")
    expect(p.seen.requests).toEqual([`POST ${m4.url}shop_balance`])
    expect(m4.state.requests).toBe(1)
  })

  it.each(["NO_PROXY", "no_proxy"])("%s bypasses the proxy", async (name) => {
    const m4 = await gateway()
    const p = await proxy()
    process.env.HTTP_PROXY = p.url
    process.env[name] = "127.0.0.1"
    expect((await client(m4.url).shopBalance()).kind).toBe("ok")
    expect(p.seen.requests).toEqual([])
    expect(m4.state.requests).toBe(1)
  })

  it.each(["HTTPS_PROXY", "https_proxy"])(
    "an https gateway is tunnelled through %s with CONNECT: TLS end to end, the proxy never sees the request",
    async (name) => {
      const sink = await tcpSink()
      const p = await proxy()
      process.env[name] = p.url
      const logs: string[] = []
      const outcome = await client(`https://127.0.0.1:${sink.port}/gateway/v1/`, { logs }).shopBalance()
      // the sink hangs up after the first bytes: no answer, so the outcome is unknown
      expect(outcome).toMatchObject({ kind: "unknown", reason: "network" })
      expect(p.seen.connects).toEqual([`127.0.0.1:${sink.port}`])
      expect(p.seen.requests).toEqual([])
      // what came out of the tunnel is a TLS handshake record, not an HTTP request
      expect(sink.received[0]?.[0]).toBe(0x16)
      // the proxy saw the CONNECT line only: not the path, the headers or the signed body
      expect(p.seen.visible).not.toMatch(/shop_balance|"sign"|shop_id/)
      for (const text of [p.seen.visible, JSON.stringify(outcome), ...logs]) {
        expect(text).not.toContain(SECRET)
        expect(text).not.toContain('"sign"')
      }
    }
  )

  it("transport failures are plain outcomes: no request config, headers, body, sign or secret", async () => {
    const logs: string[] = []
    const outcomes: M4Outcome<unknown>[] = []

    const closed = track(net.createServer())
    const closedPort = await listen(closed)
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    outcomes.push(await client(`http://127.0.0.1:${closedPort}/`, { logs }).shopBalance())

    const reset = track(net.createServer((socket) => socket.once("data", () => socket.destroy())))
    outcomes.push(await client(`http://127.0.0.1:${await listen(reset)}/`, { logs }).shopBalance())

    const silent = track(net.createServer(() => undefined))
    outcomes.push(await client(`http://127.0.0.1:${await listen(silent)}/`, { logs, timeoutMs: 200 }).shopBalance())

    const refusing = await proxy({ refuseConnect: true })
    process.env.HTTPS_PROXY = refusing.url
    outcomes.push(await client("https://127.0.0.1:9/gateway/v1/", { logs }).shopBalance())

    expect(outcomes.map((o) => o.kind === "unknown" && o.reason)).toEqual([
      "network",
      "network",
      "timeout",
      expect.any(String),
    ])
    for (const outcome of outcomes) {
      expect(outcome.kind).toBe("unknown")
      expect(Object.keys(outcome).every((k) => ["kind", "reason", "detail", "httpStatus", "code"].includes(k))).toBe(
        true
      )
      expect(outcome.kind === "unknown" && outcome.detail.length).toBeLessThan(300)
    }
    expect(outcomes[0].kind === "unknown" && outcomes[0].detail).toMatch(/ECONNREFUSED/)
    for (const text of [JSON.stringify(outcomes), ...logs]) {
      expect(text).not.toContain(SECRET)
      expect(text).not.toMatch(/"sign"|content-type|application\/json|shop_id/i)
    }
    expect(logs.length).toBeGreaterThan(0)
  })
})
