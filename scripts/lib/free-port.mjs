import net from "node:net"

/** A free TCP port on 127.0.0.1 (the OS picks it; it can be taken again before use, rarely). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}
