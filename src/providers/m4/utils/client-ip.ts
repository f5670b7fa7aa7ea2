import { isIP } from "node:net"

/**
 * The notification sender's address as the reverse proxy reports it. Medusa hands the provider
 * only the request headers, so an IP allow-list needs a proxy that sets X-Forwarded-For or
 * X-Real-IP; without one the sender is unknown and an allow-list rejects the notification.
 */
export function senderIp(headers: Record<string, unknown> | undefined): string | undefined {
  const header = (name: string) => {
    const value = headers?.[name]
    return Array.isArray(value) ? String(value[0]) : typeof value === "string" ? value : undefined
  }
  const forwarded = header("x-forwarded-for")?.split(",")[0]?.trim()
  const candidate = forwarded || header("x-real-ip")?.trim()
  if (!candidate) {
    return undefined
  }
  const unmapped = candidate.replace(/^::ffff:/, "")
  return isIP(unmapped) ? unmapped : undefined
}
