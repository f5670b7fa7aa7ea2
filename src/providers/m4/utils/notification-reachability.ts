import { BlockList, isIP } from "node:net"

/** Addresses of this machine: loopback and "this network" (0.0.0.0/8, ::). */
const loopback = new BlockList()
loopback.addSubnet("127.0.0.0", 8, "ipv4")
loopback.addSubnet("0.0.0.0", 8, "ipv4")
loopback.addAddress("::1", "ipv6")
loopback.addAddress("::", "ipv6")

/**
 * Addresses the internet cannot reach besides those: private (RFC 1918), shared carrier-grade NAT
 * (RFC 6598), link-local, and IPv6 unique-local / link-local. IPv4-mapped IPv6 addresses
 * (`::ffff:192.168.0.1`) match their IPv4 subnet.
 */
const privateNetworks = new BlockList()
privateNetworks.addSubnet("10.0.0.0", 8, "ipv4")
privateNetworks.addSubnet("172.16.0.0", 12, "ipv4")
privateNetworks.addSubnet("192.168.0.0", 16, "ipv4")
privateNetworks.addSubnet("100.64.0.0", 10, "ipv4")
privateNetworks.addSubnet("169.254.0.0", 16, "ipv4")
privateNetworks.addSubnet("fc00::", 7, "ipv6")
privateNetworks.addSubnet("fe80::", 10, "ipv6")

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
  if (family !== 0) {
    const type = family === 4 ? "ipv4" : "ipv6"
    if (loopback.check(host, type)) return "localhost"
    return privateNetworks.check(host, type) ? "a private address" : undefined
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
