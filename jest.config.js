const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

/**
 * One jest run for everything: unit tests next to the code (`src/**\/__tests__`),
 * sandbox contract tests, and HTTP integration tests that boot the store on a real PostgreSQL.
 */
module.exports = {
  transform: {
    // the one place that imports plain ESM (scripts/lib/*.mjs): keep its import() (see the file)
    "integration-tests/helpers/import-esm\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" } }, module: { type: "commonjs", ignoreDynamic: true } },
    ],
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true, tsx: true },
          transform: { react: { runtime: "automatic" } },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  testMatch: [
    "<rootDir>/src/**/__tests__/**/*.spec.[jt]s",
    "<rootDir>/eslint/__tests__/**/*.spec.[jt]s",
    "<rootDir>/integration-tests/**/*.spec.[jt]s",
  ],
  setupFiles: ["<rootDir>/integration-tests/setup/setup.js"],
  globalSetup: "<rootDir>/integration-tests/setup/global-setup.mjs",
  globalTeardown: "<rootDir>/integration-tests/setup/global-teardown.mjs",
  testTimeout: 120000,
}
