/**
 * Which of the plugin's modules owns each plugin option. Medusa hands the plugin entry's options
 * (`plugins: [{ resolve: "medusa-payment-m4", options }]`) to every module of the plugin alike, and
 * adds keys of its own (`database`); each module takes its own keys from here and leaves its
 * siblings' alone. Keys no module owns reach every module, whose strict schema names them: a typo
 * stops startup, whether the options come through the plugin entry or a module's own entry.
 */
export const PLUGIN_OPTION_OWNERS = {
  m4Ledger: ["leaseMs", "retryScheduleMs", "processingConcurrency", "reconciliation"],
  m4MerchantTools: [
    "shopId",
    "secretKey",
    "apiUrl",
    "timeoutMs",
    "pollIntervalMs",
    "unknownOutcomeDeadlineMs",
    "leaseMs",
  ],
  m4RateLimits: ["rateLimits"],
} as const

/** Keys Medusa itself adds to every module's options. */
const MEDUSA_KEYS = ["database"]

export type PluginModule = keyof typeof PLUGIN_OPTION_OWNERS

/** The options `module` owns, and the ones nobody owns (to be refused by name). */
export function optionsOf(module: PluginModule, options: unknown): Record<string, unknown> {
  const owned = new Set<string>(PLUGIN_OPTION_OWNERS[module])
  const everyone = new Set<string>(Object.values(PLUGIN_OPTION_OWNERS).flat())
  return Object.fromEntries(
    Object.entries((options ?? {}) as Record<string, unknown>).filter(
      ([key]) => !MEDUSA_KEYS.includes(key) && (owned.has(key) || !everyone.has(key))
    )
  )
}
