/**
 * Replaces `{name}` placeholders in a URL or description template with the given values; a
 * placeholder whose name is not among `values` is left as it is. `encode` for URLs.
 */
export function fillTemplate(
  template: string,
  values: Record<string, string | undefined>,
  opts: { encode: boolean }
): string {
  return template.replace(/\{([a-z_]+)\}/g, (placeholder, key: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, key)) {
      return placeholder
    }
    const value = values[key] ?? ""
    return opts.encode ? encodeURIComponent(value) : value
  })
}

/** Medusa ids (`cart_01J…`): the only cart ids the storefront may put into the return URL. */
export function isMedusaId(value: unknown, prefix: string): value is string {
  return typeof value === "string" && new RegExp(`^${prefix}_[0-9A-Za-z]{1,64}$`).test(value)
}
