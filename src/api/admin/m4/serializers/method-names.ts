import type { M4Client, PayMethod } from "../../../../m4"

/** M4's method names change rarely: asked once per this long (and not again after a failure for a while). */
const KEEP_MS = 5 * 60_000
const RETRY_AFTER_FAILURE_MS = 30_000

type Names = { at: number; ttl: number; names: Map<string, string> }
const cache = new WeakMap<M4Client, { input?: Names; output?: Names }>()

function namesOf(methods: PayMethod[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const method of methods) {
    for (const payway of method.payways) {
      if (method.name) {
        names.set(payway.alias, method.name)
      }
    }
  }
  return names
}

/**
 * M4's names of the shop's payment methods by payway alias ("card_invoice_usd" → "Bank card"),
 * from shop_input_config (pay-in) or shop_output_config (payouts). Kept a few minutes per client,
 * so a page of the ledger does not ask M4 each time; when M4 cannot be asked the map is empty and
 * the dashboard shows the alias.
 */
export async function methodNames(client: M4Client, direction: "input" | "output"): Promise<Map<string, string>> {
  const entry = cache.get(client) ?? {}
  cache.set(client, entry)
  const kept = entry[direction]
  if (kept && Date.now() - kept.at < kept.ttl) {
    return kept.names
  }
  try {
    const outcome = direction === "input" ? await client.shopInputConfig() : await client.shopOutputConfig()
    if (outcome.kind === "ok") {
      entry[direction] = { at: Date.now(), ttl: KEEP_MS, names: namesOf(outcome.data) }
      return entry[direction]!.names
    }
  } catch {
    // unreachable: the alias is shown until M4 answers again
  }
  entry[direction] = { at: Date.now(), ttl: RETRY_AFTER_FAILURE_MS, names: kept?.names ?? new Map() }
  return entry[direction]!.names
}
