import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils"

/** Creates an admin user with an emailpass identity and returns Bearer headers for the Admin API. */
export async function createAdminUser(container: MedusaContainer, email = "admin@m4.test") {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const user = await userModule.createUsers({ email, first_name: "Admin", last_name: "M4" })
  const authIdentity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const { jwtSecret, jwtOptions } = config.projectConfig.http
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: authIdentity.id, app_metadata: { user_id: user.id } },
    { secret: jwtSecret!, expiresIn: "1d", jwtOptions }
  )
  return { user, headers: { authorization: `Bearer ${token}` } }
}
