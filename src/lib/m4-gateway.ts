import { MedusaContainer } from "@medusajs/framework/types"
import { M4Client } from "../m4"
import { M4_PAYOUTS_MODULE } from "../modules/m4-payouts"
import type M4PayoutsModuleService from "../modules/m4-payouts/service"

type Scope = Pick<MedusaContainer, "resolve">

/** The payouts module (it owns the merchant tools' M4 credentials, see its options). */
export function payoutsModule(scope: Scope): M4PayoutsModuleService {
  return scope.resolve<M4PayoutsModuleService>(M4_PAYOUTS_MODULE)
}

/** The M4 client for admin and store API routes: built once by the payouts module from its validated options. */
export function m4Gateway(scope: Scope): M4Client {
  return payoutsModule(scope).gateway()
}
