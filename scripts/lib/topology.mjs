// Medusa's production topology on one machine: Redis, one `worker` instance and N `server`
// instances of the built app, behind a small round-robin balancer. Used by the production demo
// (M4_DEMO_TOPOLOGY=production npm run demo), the topology tests (integration-tests/topology) and
// the topology benchmark.
//
//   const redis = await startRedis()
//   const cluster = await startTopology({ serverDir: `${appDir}/.medusa/server`, env, redisUrl: redis.url })
//   cluster.url                  // the balancer (or the first server with balancer: false)
//   cluster.servers[1].kill()    // SIGKILL one instance; .restart() starts it again on its port
//   await cluster.stop(); await redis.stop()
import { spawn } from "node:child_process"
import fs from "node:fs"
import http from "node:http"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { freePort } from "./free-port.mjs"
import { killGroup, startMedusaProcess } from "./medusa-app.mjs"

export { prepareAppCopy, runMedusa, runCommand, PROJECT_ROOT } from "./medusa-app.mjs"
export { freePort }

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" })
    let answer = ""
    socket.setTimeout(1000, () => {
      socket.destroy()
      resolve(false)
    })
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.on("data", (c) => {
      answer += c
      if (answer.includes("\r\n")) {
        socket.destroy()
        resolve(answer.startsWith("+PONG"))
      }
    })
    socket.once("error", () => resolve(false))
  })
}

/**
 * Debian's `redis-server` on a free port, no persistence, its own temp dir; resolves once it
 * answers PING. `stop()` ends it and removes the dir.
 */
export async function startRedis({
  port,
  bin = process.env.REDIS_SERVER_BIN || "redis-server",
  timeoutMs = 20_000,
} = {}) {
  port ??= await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "m4-redis-"))
  const child = spawn(
    bin,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--daemonize",
      "no",
      "--loglevel",
      "warning",
    ],
    { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] }
  )
  let out = ""
  let spawnError
  child.on("error", (e) => (spawnError = e))
  child.stdout.on("data", (c) => (out = (out + c).slice(-10_000)))
  child.stderr.on("data", (c) => (out = (out + c).slice(-10_000)))
  const exited = new Promise((resolve) => child.once("exit", resolve))
  const stop = async () => {
    killGroup(child, "SIGTERM")
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    killGroup(child, "SIGKILL")
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (spawnError) {
      fs.rmSync(dir, { recursive: true, force: true })
      throw new Error(
        spawnError.code === "ENOENT"
          ? `${bin} not found: install Debian's redis-server package (apt-get install redis-server)`
          : `${bin}: ${spawnError.message}`
      )
    }
    if (child.exitCode !== null) {
      fs.rmSync(dir, { recursive: true, force: true })
      throw new Error(`redis-server exited with ${child.exitCode}\n${out}`)
    }
    if (await redisPing(port)) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid, stop }
}

/**
 * A round-robin HTTP proxy over `targets()` (base URLs). The request body is buffered, so a
 * request whose upstream refuses the connection (an instance that is down or restarting) goes to
 * the next one: nothing reached the dead instance (the same for a reused keep-alive socket reset
 * before any answer). Any other upstream error answers 502 (the
 * request may have been handled: only the client may decide to repeat it).
 */
export async function startBalancer({ port, targets, host = "127.0.0.1" }) {
  let next = 0
  const agent = new http.Agent({ keepAlive: true })
  const server = http.createServer(async (req, res) => {
    const chunks = []
    for await (const c of req) chunks.push(c)
    const body = Buffer.concat(chunks)
    const list = targets()
    const tried = []
    const attempt = () => {
      if (tried.length >= list.length) {
        res.writeHead(502, { "content-type": "text/plain" }).end(`no upstream answered (${tried.join(", ")})`)
        return
      }
      const target = new URL(list[next++ % list.length])
      tried.push(target.host)
      const headers = {
        ...req.headers,
        "x-forwarded-for": req.socket.remoteAddress ?? "",
        "x-forwarded-host": req.headers.host ?? "",
      }
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        }
      )
      upstream.on("error", (e) => {
        // refused: nothing reached that instance. A kept-alive socket the upstream closed while
        // idle (reset before any answer) did not deliver the request either: send it again.
        const undelivered = e.code === "ECONNREFUSED" || (upstream.reusedSocket && e.code === "ECONNRESET")
        if (undelivered && !res.headersSent) return attempt()
        if (!res.headersSent)
          res.writeHead(502, { "content-type": "text/plain" }).end(`upstream ${target.host}: ${e.message}`)
        else res.destroy(e)
      })
      upstream.end(body)
    }
    attempt()
  })
  server.keepAliveTimeout = 5000
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port ?? 0, host, resolve)
  })
  const bound = server.address().port
  return {
    url: `http://localhost:${bound}`,
    port: bound,
    stop: () =>
      new Promise((resolve) => {
        agent.destroy()
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

/**
 * `servers` Medusa instances in `server` mode (HTTP: store, admin, webhooks) and one in `worker`
 * mode (subscribers, scheduled jobs, workflow retries; it listens only for /health), all from the
 * built app in `serverDir` (`<app>/.medusa/server`), sharing `env` (DATABASE_URL, M4_* …) and
 * Redis. M4_STORE_URL defaults to the balancer, so M4's notifications reach any server.
 *
 * Instance = { name, url, port, kill() (SIGKILL), stop(), restart(), alive(), logTail() }
 */
export async function startTopology({
  serverDir,
  env,
  servers = 2,
  redisUrl,
  balancer = true,
  onLog,
  ports = {},
  timeoutMs = 240_000,
}) {
  if (!redisUrl) throw new Error("startTopology: redisUrl is required (startRedis() gives one)")
  if (!fs.existsSync(path.join(serverDir, "medusa-config.js"))) {
    throw new Error(`startTopology: ${serverDir} is not a built Medusa app (run medusa build first)`)
  }
  const serverPorts = []
  for (let i = 0; i < servers; i++) serverPorts.push(ports.servers?.[i] ?? (await freePort()))
  const workerPort = ports.worker ?? (await freePort())
  const balancerPort = balancer ? (ports.balancer ?? (await freePort())) : undefined
  const publicUrl = balancer ? `http://localhost:${balancerPort}` : `http://localhost:${serverPorts[0]}`
  const baseEnv = {
    ...env,
    NODE_ENV: "production",
    REDIS_URL: redisUrl,
    M4_STORE_URL: env.M4_STORE_URL ?? publicUrl,
  }

  const instance = (name, port, mode) => {
    const instanceEnv = {
      ...baseEnv,
      MEDUSA_WORKER_MODE: mode,
      ...(mode === "worker" ? { MEDUSA_ADMIN_DISABLED: "true" } : {}),
    }
    let proc = null
    const handle = {
      name,
      port,
      url: `http://localhost:${port}`,
      mode,
      async start() {
        proc = await startMedusaProcess({ serverDir, env: instanceEnv, port, name, timeoutMs, onLog })
        return handle
      },
      kill: async () => proc?.kill(),
      stop: async () => proc?.stop(),
      async restart() {
        await proc?.stop()
        return handle.start()
      },
      alive: () => proc?.alive() ?? false,
      logTail: () => proc?.logTail() ?? "",
      get pid() {
        return proc?.pid
      },
    }
    return handle
  }

  const serverInstances = serverPorts.map((port, i) => instance(`server-${i + 1}`, port, "server"))
  const worker = instance("worker", workerPort, "worker")
  const all = [worker, ...serverInstances]
  const results = await Promise.allSettled(all.map((i) => i.start()))
  const failed = results.filter((r) => r.status === "rejected")
  if (failed.length) {
    await Promise.all(all.map((i) => i.stop()))
    throw new Error(failed.map((r) => r.reason?.message ?? String(r.reason)).join("\n\n"))
  }
  const lb = balancer
    ? await startBalancer({ port: balancerPort, targets: () => serverInstances.map((s) => s.url) })
    : null
  return {
    servers: serverInstances,
    worker,
    url: lb ? lb.url : serverInstances[0].url,
    balancer: lb,
    async stop() {
      await lb?.stop()
      await Promise.all(all.map((i) => i.stop()))
    },
  }
}
