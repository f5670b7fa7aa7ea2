/**
 * Seeds the demo store once: a USD and a EUR region with the M4 providers, a few products, a
 * shipping option, a publishable API key and an admin user. Run by `npm run demo`
 * (scripts/demo.mjs) as
 *
 *   M4_DEMO_STATE_FILE=.demo/state.json M4_DEMO_ADMIN_EMAIL=… M4_DEMO_ADMIN_PASSWORD=… \
 *     npx medusa exec ./src/scripts/seed-demo.ts
 *
 * Idempotent: when the database already holds the demo store (its publishable key exists), it
 * seeds nothing, resets the admin password to the given one and writes the state file again.
 */
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import fs from "node:fs"
import path from "node:path"
import { seedM4Store, SeedOptions } from "./lib/seed-m4-store"

export const DEMO_STORE: SeedOptions = {
  regions: [
    {
      name: "United States",
      currency_code: "usd",
      countries: ["us"],
      // single-step card, two-step card (hold, captured by the merchant), wallet (needs e-mail + phone)
      payment_providers: ["pp_m4_m4", "pp_m4_hold", "pp_m4_wallet"],
    },
    {
      name: "Europe",
      currency_code: "eur",
      countries: ["de", "fr", "nl", "es", "it"],
      payment_providers: ["pp_m4_m4", "pp_m4_hold"],
    },
  ],
  products: [
    {
      title: "M4 T-shirt",
      handle: "m4-shirt",
      description: "Soft cotton tee with the M4 logo.",
      prices: { usd: "19.99", eur: "18.50" },
    },
    {
      title: "M4 Hoodie",
      handle: "m4-hoodie",
      description: "Warm hoodie for late-night deploys.",
      prices: { usd: "49.00", eur: "45.00" },
    },
    {
      title: "M4 Mug",
      handle: "m4-mug",
      description: "Holds 350 ml of coffee.",
      prices: { usd: "12.50", eur: "11.90" },
    },
    {
      title: "M4 Sticker pack",
      handle: "m4-stickers",
      description: "Five vinyl stickers.",
      prices: { usd: "4.99", eur: "4.50" },
    },
  ],
  shipping: { usd: "5", eur: "4.5" },
}

const STOREFRONT_KEY_TITLE = "M4 storefront"

type DemoState = {
  seeded_at: string
  publishable_key: string
  admin: { email: string; password: string }
  regions: Record<string, { id: string; currency_code: string }>
  products: { id: string; handle: string; variant_id: string }[]
}

async function ensureAdmin(container: MedusaContainer, email: string, password: string) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const [existing] = await userModule.listUsers({ email })
  if (existing) {
    // the user exists (state file lost or a new password): set the password we print
    const { success, error } = await authModule.updateProvider("emailpass", { entity_id: email, password })
    if (!success) {
      throw new Error(`could not reset the admin password: ${error}`)
    }
    return existing
  }
  // same steps as `medusa user -e … -p …`, without booting the app a second time
  let roles: string[] = []
  if (FeatureFlag.isFeatureEnabled("rbac")) {
    const rbac = container.resolve(Modules.RBAC) as { listRbacRoles(f: object): Promise<{ id: string }[]> }
    roles = (await rbac.listRbacRoles({ id: "role_super_admin" })).map((r) => r.id)
  }
  const { result: users } = await createUsersWorkflow(container).run({
    input: { users: [{ email, first_name: "Demo", last_name: "Admin", ...(roles.length ? { roles } : {}) }] as never },
  })
  const user = users[0]
  const { authIdentity, error } = await authModule.register("emailpass", { body: { email, password } })
  if (error || !authIdentity) {
    throw new Error(`could not register the admin identity: ${error}`)
  }
  await authModule.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
  logger.info(`demo admin user ${email} created`)
  return user
}

async function existingDemoStore(container: MedusaContainer): Promise<Omit<DemoState, "seeded_at" | "admin"> | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: keys } = await query.graph({
    entity: "api_key",
    fields: ["token", "title", "type", "revoked_at"],
    filters: { title: STOREFRONT_KEY_TITLE, type: "publishable" },
  })
  const key = keys.find((k: { revoked_at?: unknown }) => !k.revoked_at)
  if (!key) {
    return null
  }
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "name", "currency_code"] })
  const { data: products } = await query.graph({
    entity: "product",
    fields: ["id", "handle", "variants.id"],
    filters: { handle: DEMO_STORE.products.map((p) => p.handle) },
  })
  return {
    publishable_key: key.token,
    regions: Object.fromEntries(
      regions.map((r: { id: string; name: string; currency_code: string }) => [
        r.name,
        { id: r.id, currency_code: r.currency_code },
      ])
    ),
    products: products.map((p: { id: string; handle: string; variants: { id: string }[] }) => ({
      id: p.id,
      handle: p.handle,
      variant_id: p.variants[0]?.id,
    })),
  }
}

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const stateFile = process.env.M4_DEMO_STATE_FILE
  const email = process.env.M4_DEMO_ADMIN_EMAIL ?? "admin@example.com"
  const password = process.env.M4_DEMO_ADMIN_PASSWORD
  if (!stateFile || !password) {
    throw new Error("seed-demo: set M4_DEMO_STATE_FILE and M4_DEMO_ADMIN_PASSWORD (scripts/demo.mjs does)")
  }

  let store = await existingDemoStore(container)
  if (store) {
    logger.info("demo store already seeded: reusing it")
  } else {
    const seeded = await seedM4Store(container, DEMO_STORE)
    store = { publishable_key: seeded.publishable_key, regions: seeded.regions, products: seeded.products }
    logger.info("demo store seeded")
  }
  await ensureAdmin(container, email, password)

  const state: DemoState = { seeded_at: new Date().toISOString(), ...store, admin: { email, password } }
  fs.mkdirSync(path.dirname(stateFile), { recursive: true })
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 })
}
