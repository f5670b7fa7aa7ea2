import type { M4Client, PayMethod } from "../../../../m4"

/** M4's method names change rarely: asked once per this long (and not again after a failure for a while). */
const KEEP_MS = 5 * 60_000
const RETRY_AFTER_FAILURE_MS = 30_000
/** A page waits this long for M4's names at most; a slower answer fills the cache for the next one. */
const WAIT_MS = 2_000

type Entry = { at: number; ttl: number; names: Map<string, string>; asking?: Promise<Map<string, string>> }
const cache = new WeakMap<M4Client, Record<"input" | "output", Entry | undefined>>()

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

async function ask(client: M4Client, direction: "input" | "output"): Promise<Map<string, string> | undefined> {
  try {
    const outcome = direction === "input" ? await client.shopInputConfig() : await client.shopOutputConfig()
    return outcome.kind === "ok" ? namesOf(outcome.data) : undefined
  } catch {
    return undefined
  }
}

/**
 * M4's names of the shop's payment methods by payway alias ("card_invoice_usd" → "Bank card"),
 * from shop_input_config (pay-in) or shop_output_config (payouts). Kept a few minutes per client,
 * so a page of the ledger does not ask M4 each time, and never holding a page up for long: when M4
 * is slow or unreachable the names already known (or none: the dashboard then shows the alias)
 * are used.
 */
export async function methodNames(client: M4Client, direction: "input" | "output"): Promise<Map<string, string>> {
  const entries = cache.get(client) ?? { input: undefined, output: undefined }
  cache.set(client, entries)
  const kept = entries[direction]
  if (kept && Date.now() - kept.at < kept.ttl) {
    return kept.names
  }
  const entry: Entry = kept ?? { at: 0, ttl: 0, names: new Map() }
  entries[direction] = entry
  entry.asking ??= ask(client, direction).then((names) => {
    Object.assign(entry, names ? { names, ttl: KEEP_MS } : { ttl: RETRY_AFTER_FAILURE_MS }, { at: Date.now() })
    entry.asking = undefined
    return entry.names
  })
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<Map<string, string>>((resolve) => {
    timer = setTimeout(() => resolve(entry.names), WAIT_MS)
  })
  try {
    return await Promise.race([entry.asking, late])
  } finally {
    clearTimeout(timer)
  }
}
