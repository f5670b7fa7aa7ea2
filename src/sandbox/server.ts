/** The sandbox's HTTP server: routes /gateway/v1/*, /pay/*, /_sandbox/* and a small index page. */
import http, { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "./context"
import { ControlHooks, handleControl } from "./control/control-api"
import { GATEWAY_PREFIX, GatewayRuntime, handleGateway } from "./gateway/gateway-router"
import { send } from "./http/http-io"
import { escapeHtml, handlePayPage } from "./pay-page/pay-page"

function indexPage(ctx: SandboxContext): string {
  const shops = ctx.config.shops.map((s) => `<li>shop ${s.shop_id}</li>`).join("")
  const payways = ctx.config.payways.map((p) => `<li>${escapeHtml(p.alias)} (${p.kind}, ${p.currency})</li>`).join("")
  return `<!doctype html><html><head><meta charset="utf-8"><title>M4 sandbox</title></head><body>
<h1>M4 sandbox</h1><p>API: <code>${escapeHtml(ctx.baseUrl)}${GATEWAY_PREFIX}</code> · control: <a href="/_sandbox/invoices">/_sandbox/</a></p>
<h2>Shops</h2><ul>${shops}</ul><h2>Payways</h2><ul>${payways}</ul></body></html>`
}

export function createSandboxServer(
  ctx: () => SandboxContext,
  runtime: GatewayRuntime,
  hooks: ControlHooks
): http.Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]
    const c = ctx()
    if (path.startsWith(GATEWAY_PREFIX)) {
      return handleGateway(c, runtime, req, res, path.slice(GATEWAY_PREFIX.length))
    }
    if (path === "/pay" || path.startsWith("/pay/")) {
      return handlePayPage(c, req, res, path)
    }
    if (path.startsWith("/_sandbox/")) {
      return handleControl(c, hooks, req, res, path)
    }
    if (path === "/" && req.method === "GET") {
      return send(res, 200, indexPage(c), "text/html; charset=utf-8")
    }
    send(res, 404, "Not Found", "text/plain")
  }
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      ctx().logger.error(`unhandled ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}`)
      send(res, 500, "Internal Server Error", "text/plain")
    })
  })
  server.keepAliveTimeout = 65_000
  return server
}
