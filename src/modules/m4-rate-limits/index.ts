import type { MedusaContainer } from "@medusajs/framework/types"
import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import M4RateLimitsService from "./service"

export const M4_RATE_LIMITS_MODULE = "m4RateLimits"

export default Module(M4_RATE_LIMITS_MODULE, {
  service: M4RateLimitsService,
  loaders: [validateOptionsLoader],
})

export { M4RateLimitsService }
export type { RateLimitVerdict } from "./service"
export type { RateLimitedRoute, RateLimitsOptions } from "./utils/options"

/** The rate limits from a request scope; undefined when the store does not load this module. */
export function rateLimits(scope: Pick<MedusaContainer, "resolve">): M4RateLimitsService | undefined {
  return scope.resolve<M4RateLimitsService | undefined>(M4_RATE_LIMITS_MODULE, { allowUnregistered: true })
}
