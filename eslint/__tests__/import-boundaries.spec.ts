import path from "node:path"
import { RuleTester } from "eslint"
import tseslint from "typescript-eslint"

// the rule is plain CommonJS so that ESLint's config and this test load the same file
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require("../import-boundaries.cjs")

const at = (file: string) => path.join(process.cwd(), file)
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } })
const broken = (code: string, file: string) => ({ code, filename: at(file), errors: [{ messageId: "boundary" }] })

tester.run("m4/import-boundaries", plugin.rules["import-boundaries"], {
  valid: [
    // the protocol layer: its own files, node built-ins, npm packages
    {
      code: 'import { z } from "zod"; import http from "node:http"; import { m4Hash } from "../signing/hash"',
      filename: at("src/m4/client/m4-client.ts"),
    },
    // the sandbox: its own files and the protocol's public entry, with or without /index
    {
      code: 'import { M4_ERROR } from "../../m4"; import { clock } from "../clock"',
      filename: at("src/sandbox/gateway/x.ts"),
    },
    { code: 'import { M4_ERROR } from "../../m4/index"', filename: at("src/sandbox/gateway/x.ts") },
    { code: 'export * from "../m4"', filename: at("src/sandbox/index.ts") },
    // the provider uses the protocol and its own files
    { code: 'import { M4Client } from "../../../m4"', filename: at("src/providers/m4/core/m4-base.ts") },
    // routes use a module's entry
    {
      code: 'import { M4_MERCHANT_TOOLS_MODULE } from "../../../../modules/m4-merchant-tools"',
      filename: at("src/api/admin/m4/balance/route.ts"),
    },
    {
      code: 'import type { PayoutRecord } from "../../../../modules/m4-merchant-tools/index"',
      filename: at("src/api/admin/m4/balance/route.ts"),
    },
    // the dashboard: its own files, the shared display names, browser packages; server code as types
    {
      code: 'import { formatMoney } from "../../shared/display-names"; import { useQuery } from "@tanstack/react-query"; import { Button } from "@medusajs/ui"',
      filename: at("src/admin/components/x.tsx"),
    },
    { code: 'import type { AdminOrder } from "@medusajs/framework/types"', filename: at("src/admin/widgets/x.tsx") },
    { code: 'import { type LedgerRow } from "../../modules/m4-ledger"', filename: at("src/admin/lib/x.ts") },
    // the shared display names: type imports only
    {
      code: 'import type { SettleOutcomeName } from "../workflows/settle-m4-payment/outcomes"',
      filename: at("src/shared/display-names.ts"),
    },
    // tests next to the code run in Node
    { code: 'import fs from "node:fs"', filename: at("src/shared/__tests__/x.unit.spec.ts") },
    // other folders are not restricted by this rule
    { code: 'import "../../sandbox/server"', filename: at("src/workflows/x/y.ts") },
  ],
  invalid: [
    broken('import { MedusaError } from "@medusajs/framework/utils"', "src/m4/statuses.ts"),
    broken('import { x } from "../lib/parse-options-or-throw"', "src/m4/credentials-options.ts"),
    broken('const y = require("../../providers/m4")', "src/m4/client/m4-client.ts"),
    broken('import { formatAmount } from "../../m4/money/amount"', "src/sandbox/domain/refunds.ts"),
    broken('export { M4Client } from "../m4/client/m4-client"', "src/sandbox/index.ts"),
    broken('import("../../providers/m4")', "src/sandbox/cli/x.ts"),
    broken('import { Modules } from "@medusajs/framework/utils"', "src/sandbox/server.ts"),
    broken('import { startSandbox } from "../../../sandbox"', "src/providers/m4/core/m4-base.ts"),
    broken(
      'import { gatewayError } from "../../../modules/m4-merchant-tools/utils/gateway-error"',
      "src/providers/m4/utils/x.ts"
    ),
    broken(
      'import { gatewayError } from "../../../../modules/m4-merchant-tools/utils/gateway-error"',
      "src/api/admin/m4/balance/route.ts"
    ),
    broken('import type Service from "../../../../modules/m4-ledger/service"', "src/api/admin/m4/balance/route.ts"),
    broken('import { MedusaError } from "@medusajs/framework/utils"', "src/admin/lib/api.ts"),
    broken('import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"', "src/admin/routes/x/page.tsx"),
    broken('import { decimalText } from "../../m4"', "src/admin/components/x.tsx"),
    broken('import { INVOICE_OUTCOMES } from "../workflows/settle-m4-payment/outcomes"', "src/shared/display-names.ts"),
    broken('import Big from "bignumber.js"', "src/shared/display-names.ts"),
  ],
})
