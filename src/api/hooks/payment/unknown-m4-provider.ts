import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/** At most one warning per this period for notifications on unknown M4 provider ids (whatever the ids). */
export const UNKNOWN_PROVIDER_WARN_EVERY_MS = 10 * 60_000

type Scope = Pick<MedusaContainer, "resolve">
type ProviderEntry = { id?: unknown }

const configured = new WeakMap<object, string[]>()
const warning = { lastAt: 0, answeredSince: 0 }

/**
 * The M4 providers this store runs (`pp_m4_{id}`): the payment module's provider entries in
 * medusa-config that Medusa registered as M4 providers. Asked once per process (both are fixed at
 * startup); never through the payment module's provider lookup, which logs an error for every
 * unknown id.
 */
export async function configuredM4Providers(scope: Scope): Promise<string[]> {
  const paymentModule = scope.resolve(Modules.PAYMENT)
  const known = configured.get(paymentModule)
  if (known) {
    return known
  }
  const config = scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as {
    modules?: Record<string, { options?: { providers?: ProviderEntry[] } } | boolean | undefined>
  }
  const payment = config.modules?.[Modules.PAYMENT]
  const entries = (typeof payment === "object" ? payment?.options?.providers : undefined) ?? []
  const candidates = entries.filter((e) => typeof e?.id === "string").map((e) => `pp_m4_${e.id}`)
  const registered = candidates.length
    ? (await paymentModule.listPaymentProviders({ id: candidates }, { select: ["id"] })).map((p) => p.id).sort()
    : []
  configured.set(paymentModule, registered)
  return registered
}

/**
 * A notification on `/hooks/payment/m4_{id}` for an id this store does not run (a wrong URL in
 * M4's cabinet, a renamed or removed provider) can never be verified here. M4 resends anything
 * not answered 200 (docs/m4-protocol.md DECISION a) for hours, so it is answered 200 and dropped: nothing is
 * stored, no money is decided (M4 stays the truth, asked by the reconciliation). One warning per
 * period names the id and the configured ones, however many arrive. True when it answered.
 */
export async function answeredUnknownM4Provider(
  scope: Scope,
  provider: string,
  res: { status(code: number): { send(body: string): unknown } }
): Promise<boolean> {
  const providers = await configuredM4Providers(scope)
  if (providers.includes(provider)) {
    return false
  }
  warning.answeredSince++
  const now = Date.now()
  if (now - warning.lastAt >= UNKNOWN_PROVIDER_WARN_EVERY_MS) {
    const count = warning.answeredSince
    warning.lastAt = now
    warning.answeredSince = 0
    scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `M4: notification for unknown payment provider ${printable(provider)} acknowledged and dropped (M4 resends anything else); ` +
          `configured M4 providers: ${providers.join(", ") || "none"}. Check the notification URL in M4's cabinet ` +
          `(/hooks/payment/m4_{id} of a configured provider)` +
          (count > 1 ? `; ${count} such notifications since the last warning` : "")
      )
  }
  res.status(200).send("OK")
  return true
}

/** The id as it may appear in a log line: it comes from the URL, anyone can send anything. */
function printable(provider: string): string {
  const safe = provider.replace(/[^A-Za-z0-9_-]/g, "?")
  return safe.length > 80 ? `${safe.slice(0, 80)}…` : safe
}
