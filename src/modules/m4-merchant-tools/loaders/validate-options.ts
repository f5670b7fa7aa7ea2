import { LoaderOptions } from "@medusajs/framework/types"
import { parsePayoutsOptions } from "../utils/options"

/** Runs at startup: invalid options stop the server with a message naming the option. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  parsePayoutsOptions(options)
}
