/**
 * Works through due rows without waiting for a whole batch: `claim` takes up to `limit` rows under
 * a lease, `apply` works on one (it bounds its own parallelism, e.g. a ConcurrencyLimit, and never
 * rejects for a row it could not apply: it schedules that row's retry). At most `batchSize`
 * claimed rows are unfinished at once, so no lease waits long for its turn; a new claim is made
 * as soon as half of them are done, and the sweep ends when a claim finds fewer rows than it asked
 * for (none left due) or after `budgetMs`. Answers how many rows it claimed.
 */
export async function sweepDue<T>(opts: {
  batchSize: number
  budgetMs: number
  claim: (limit: number) => Promise<T[]>
  apply: (row: T) => Promise<unknown>
  now?: () => number
}): Promise<number> {
  const now = opts.now ?? Date.now
  const until = now() + opts.budgetMs
  const running = new Set<Promise<unknown>>()
  const refillBelow = Math.max(1, Math.ceil(opts.batchSize / 2))
  let claimed = 0
  try {
    for (;;) {
      const room = opts.batchSize - running.size
      const rows = await opts.claim(room)
      claimed += rows.length
      for (const row of rows) {
        const task: Promise<unknown> = opts
          .apply(row)
          .catch(() => undefined)
          .finally(() => running.delete(task))
        running.add(task)
      }
      if (rows.length < room) {
        break
      }
      while (running.size >= refillBelow) {
        await Promise.race(running)
      }
      if (now() >= until) {
        break
      }
    }
  } finally {
    await Promise.all(running)
  }
  return claimed
}
