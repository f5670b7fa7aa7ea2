// Set by the dashboard's build (Medusa's admin bundler `define`), for plugin extensions as well.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: "session" | "jwt" | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined
