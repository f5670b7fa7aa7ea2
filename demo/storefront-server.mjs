#!/usr/bin/env node
// The demo storefront: a tiny static server for demo/storefront/ plus /config.json, which tells
// the page where the Store API is and which publishable key to send (read from the demo's
// state file on every request, so a re-seeded store is picked up without a restart).
//
//   import { startStorefrontServer } from "./demo/storefront-server.mjs"   (scripts/demo.mjs does)
//   node demo/storefront-server.mjs   env: STOREFRONT_PORT (8000), M4_DEMO_STATE_FILE (.demo/state.json),
//                                          STORE_URL (http://localhost:9000), SANDBOX_URL
import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, "storefront")

const FILES = {
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
}
// every page route of the single-page storefront answers with index.html
const PAGES = new Set(["/", "/index.html", "/checkout", "/checkout/return", "/order"])

/**
 * @param {{ port?: number, host?: string, config: () => Record<string, unknown> }} opts
 * @returns {Promise<{ url: string, port: number, server: http.Server, stop: () => Promise<void> }>}
 */
export async function startStorefrontServer({ port = 8000, host, config }) {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://storefront")
    const send = (status, body, type) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" })
      res.end(req.method === "HEAD" ? undefined : body)
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(405, "method not allowed\n", "text/plain; charset=utf-8")
      return
    }
    try {
      if (pathname === "/config.json") {
        send(200, JSON.stringify(config()), "application/json; charset=utf-8")
        return
      }
      if (pathname === "/favicon.ico") {
        send(204, "", "image/x-icon")
        return
      }
      const file = FILES[pathname] ?? (PAGES.has(pathname) ? ["index.html", "text/html; charset=utf-8"] : null)
      if (!file) {
        send(404, "not found\n", "text/plain; charset=utf-8")
        return
      }
      send(200, fs.readFileSync(path.join(root, file[0])), file[1])
    } catch (e) {
      send(500, `storefront error: ${e?.message ?? e}\n`, "text/plain; charset=utf-8")
    }
  })
  const sockets = new Set()
  server.on("connection", (s) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
  })
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const actualPort = server.address().port
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    server,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      }),
  }
}

/** /config.json from the demo state file and the service URLs. */
export function demoConfig({ stateFile, storeUrl, sandboxUrl, adminUrl }) {
  return () => {
    let state = {}
    try {
      state = JSON.parse(fs.readFileSync(stateFile, "utf8"))
    } catch {
      // not seeded yet: the page says so
    }
    return {
      storeUrl,
      publishableKey: state.publishable_key ?? null,
      sandboxUrl: sandboxUrl ?? null,
      adminUrl: adminUrl ?? null,
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.STOREFRONT_PORT ?? 8000)
  const storeUrl = process.env.STORE_URL ?? "http://localhost:9000"
  const sf = await startStorefrontServer({
    port,
    config: demoConfig({
      stateFile: process.env.M4_DEMO_STATE_FILE ?? path.join(here, "..", ".demo", "state.json"),
      storeUrl,
      sandboxUrl: process.env.SANDBOX_URL,
      adminUrl: `${storeUrl}/app`,
    }),
  })
  console.log(`storefront on ${sf.url} (Store API ${storeUrl})`)
  const stop = () => sf.stop().then(() => process.exit(0))
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}
