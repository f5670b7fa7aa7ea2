import { createHash } from "node:crypto"

/** Same fields → same fingerprint: a notification delivered twice is recognised. */
export function notificationFingerprint(provider: string, callback: Record<string, unknown>): string {
  const sorted = Object.keys(callback)
    .sort()
    .map((key) => [key, callback[key]])
  return createHash("sha256")
    .update(JSON.stringify([provider, sorted]))
    .digest("hex")
}
