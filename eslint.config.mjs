// ESLint (flat config): JavaScript and typescript-eslint recommended rules, and the project's
// import boundaries (eslint/import-boundaries.cjs, mapped in docs/architecture.md).
import js from "@eslint/js"
import globals from "globals"
import tseslint from "typescript-eslint"
import boundaries from "./eslint/import-boundaries.cjs"

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".medusa/**",
      ".tmp/**",
      "coverage/**",
      // copies of the Medusa Next.js starter's files, kept as the starter writes them
      "storefront/**",
      "demo/storefront/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { m4: boundaries },
    rules: {
      "m4/import-boundaries": "error",
      // the TypeScript target (ES2021) has no `cause` in Error's options; wrapping messages is deliberate
      "preserve-caught-error": "off",
      // `_name` marks a parameter or binding that is unused on purpose
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // tests read loosely typed JSON answers; `any` there is a choice, not an accident
    files: ["**/__tests__/**", "integration-tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.{js,cjs}"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["src/admin/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  }
)
