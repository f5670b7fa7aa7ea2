import { randomBytes } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"

/** A short reference a shopper can quote; the log line with the details carries the same one. */
export function errorReference(): string {
  return `M4-${randomBytes(4).toString("hex").toUpperCase()}`
}

/**
 * An error a storefront shows as it is: the shopper's words and a stable code in Medusa's error
 * shape (`{ type, code, message }`). What happened at the gateway (M4's codes, HTTP statuses, HTML,
 * outcome text) goes only to the log, under the reference the message ends with, so support can
 * find the one from the other.
 */
export function shopperError(args: {
  code: string
  type: string
  message: string
  log?: { level: "warn" | "error"; to: { warn(m: string): void; error(m: string): void }; text: string }
}): MedusaError {
  if (!args.log) {
    return new MedusaError(args.type, args.message, args.code)
  }
  const reference = errorReference()
  args.log.to[args.log.level](`${args.log.text} [reference ${reference}, told the shopper: ${args.code}]`)
  return new MedusaError(args.type, `${args.message} (reference ${reference})`, args.code)
}
