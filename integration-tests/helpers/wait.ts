import net from "node:net"

/** Polls `fn` until `done` holds for its value or the deadline passes (no fixed sleeps). */
export async function pollUntil<T>(
  fn: () => Promise<T> | T,
  done: (value: T) => boolean,
  {
    timeoutMs = 20000,
    intervalMs = 100,
    what = "condition",
    abort,
  }: { timeoutMs?: number; intervalMs?: number; what?: string; abort?: () => string | null } = {}
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    const reason = abort?.()
    if (reason) {
      throw new Error(`${what}: ${reason}`)
    }
    try {
      const value = await fn()
      if (done(value)) {
        return value
      }
      last = value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last)?.slice(0, 300)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${detail}`)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Polls until `check` returns a truthy value, and returns it. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string; abort?: () => string | null } = {}
): Promise<T> {
  return (await pollUntil(check, Boolean, opts)) as T
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
