/** Who created a payout, as the dashboard shows it: the admin's name, else their e-mail. */
export type PayoutCreator = { id: string; name: string | null; email: string | null; display: string }

/** Looks up the admin users behind `created_by` ids (user module); unknown ids show as the id. */
export async function payoutCreators(
  scope: { resolve(key: string): unknown },
  ids: (string | null | undefined)[]
): Promise<Map<string, PayoutCreator>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && id.startsWith("user_")))]
  const found = new Map<string, PayoutCreator>()
  if (!wanted.length) {
    return found
  }
  try {
    const users =
      (await (
        scope.resolve("user") as {
          listUsers(
            f: object,
            c: object
          ): Promise<{ id: string; email?: string | null; first_name?: string | null; last_name?: string | null }[]>
        }
      ).listUsers({ id: wanted }, { select: ["id", "email", "first_name", "last_name"] })) ?? []
    for (const u of users) {
      const name = [u.first_name, u.last_name].filter(Boolean).join(" ").trim() || null
      found.set(u.id, { id: u.id, name, email: u.email ?? null, display: name ?? u.email ?? u.id })
    }
  } catch {
    // no user module in this scope: the dashboard shows the id
  }
  return found
}

export function withCreator<T extends { created_by: string | null }>(payout: T, creators: Map<string, PayoutCreator>) {
  const creator = payout.created_by ? creators.get(payout.created_by) : undefined
  return { ...payout, created_by_user: creator ?? null }
}
