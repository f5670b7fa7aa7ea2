import Medusa from "@medusajs/js-sdk"

/** Where the Admin API is: the dashboard's own backend (the same server in most set-ups). */
export const backendUrl = (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/"

/**
 * Medusa's JS SDK for the plugin's Admin API routes, set up as the dashboard sets up its own
 * client (same backend, same authentication), as Medusa's docs advise for plugin extensions.
 */
export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: {
    type: (typeof __AUTH_TYPE__ !== "undefined" && __AUTH_TYPE__) || "session",
    jwtTokenStorageKey: (typeof __JWT_TOKEN_STORAGE_KEY__ !== "undefined" && __JWT_TOKEN_STORAGE_KEY__) || undefined,
  },
})

/** A URL of the Admin API for the browser itself (a file download), with the query given. */
export function adminUrl(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, value)
  }
  const base = backendUrl.replace(/\/$/, "")
  const search = params.toString()
  return `${base}${path}${search ? `?${search}` : ""}`
}
