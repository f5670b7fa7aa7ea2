/** Replaces `{cart_id}` and `{session_id}` in a URL or description template. */
export function fillTemplate(
  template: string,
  values: { cart_id?: string; session_id?: string },
  opts: { encode: boolean }
): string {
  return template.replace(/\{(cart_id|session_id)\}/g, (_, key: "cart_id" | "session_id") => {
    const value = values[key] ?? ""
    return opts.encode ? encodeURIComponent(value) : value
  })
}

/** Medusa ids (`cart_01J…`): the only cart ids the storefront may put into the return URL. */
export function isMedusaId(value: unknown, prefix: string): value is string {
  return typeof value === "string" && new RegExp(`^${prefix}_[0-9A-Za-z]{1,64}$`).test(value)
}
