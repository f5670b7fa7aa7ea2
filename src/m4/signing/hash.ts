import { createHash, timingSafeEqual } from "node:crypto"

/** M4's signature: lowercase hex SHA-256 of the UTF-8 bytes of `stringToSign + secret`. */
export function m4Hash(stringToSign: string, secretKey: string): string {
  return createHash("sha256")
    .update(stringToSign + secretKey, "utf8")
    .digest("hex")
}

/** Constant-time comparison of two hex signatures (case-insensitive, length-safe). */
export function signaturesEqual(expected: string, received: unknown): boolean {
  if (typeof received !== "string" || !/^[0-9a-fA-F]{64}$/.test(received)) {
    return false
  }
  const a = Buffer.from(expected.toLowerCase(), "utf8")
  const b = Buffer.from(received.toLowerCase(), "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}
