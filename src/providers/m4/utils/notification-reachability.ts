import { BlockList, isIP } from "node:net"

/**
 * Addresses the internet cannot reach: loopback, "this network", private (RFC 1918), shared
 * carrier-grade NAT (RFC 6598), link-local, and IPv6 unique-local / link-local.
 */
const nonPublic = new BlockList()
nonPublic.addSubnet("0.0.0.0", 8, "ipv4")
nonPublic.addSubnet("127.0.0.0", 8, "ipv4")
nonPublic.addSubnet("10.0.0.0", 8, "ipv4")
nonPublic.addSubnet("172.16.0.0", 12, "ipv4")
nonPublic.addSubnet("192.168.0.0", 16, "ipv4")
nonPublic.addSubnet("100.64.0.0", 10, "ipv4")
nonPublic.addSubnet("169.254.0.0", 16, "ipv4")
nonPublic.addAddress("::", "ipv6")
nonPublic.addAddress("::1", "ipv6")
nonPublic.addSubnet("fc00::", 7, "ipv6")
nonPublic.addSubnet("fe80::", 10, "ipv6")

/** Name suffixes that only resolve inside a machine or a local network (mDNS, RFC 8375, common LAN names). */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".lan", ".home.arpa"]

/**
 * Why a host cannot be reached from the internet ("localhost", "a private address", "a local
 * network name"), or undefined when it may be a public host. A name is judged by its form only
 * (no DNS lookup at startup): a single label such as `medusa` or a local suffix is local.
 */
export function localHostKind(hostname: string): string | undefined {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
  if (host === "localhost" || host.endsWith(".localhost")) return "localhost"
  const family = isIP(host)
  if (family === 4 || family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
    const [address, type] = mapped ? [mapped[1], "ipv4" as const] : [host, family === 4 ? "ipv4" : ("ipv6" as const)]
    if (!nonPublic.check(address, type)) return undefined
    return /^(127\.|::1$|::$|0\.)/.test(address) ? "localhost" : "a private address"
  }
  if (!host.includes(".") || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return "a local network name"
  return undefined
}

/**
 * Whether M4 can deliver notifications to `storeUrl`. M4 posts them from its own servers: a store
 * on localhost or a private address only hears from a gateway on the same machine or network
 * (the M4 sandbox). `reason` is set when the gateway is public and the store is not.
 */
export function notificationReachability(storeUrl: string, apiUrl: string): { reason?: string } {
  const store = localHostKind(new URL(storeUrl).hostname)
  if (!store) return {}
  const gatewayIsLocal = localHostKind(new URL(apiUrl).hostname) !== undefined
  return gatewayIsLocal ? {} : { reason: store }
}

/** The URL without user name or password, for a log line. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url)
  parsed.username = ""
  parsed.password = ""
  return parsed.toString()
}
