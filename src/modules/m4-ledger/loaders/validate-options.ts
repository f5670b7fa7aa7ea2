import { LoaderOptions } from "@medusajs/framework/types"
import { parseLedgerOptions } from "../utils/options"

/** Runs at startup: invalid options stop the server with a message naming the option. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  parseLedgerOptions(options)
}
