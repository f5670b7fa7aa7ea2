/**
 * The project's import boundaries as one ESLint rule (`m4/import-boundaries`). Every import,
 * export-from, dynamic import() and require() with a literal is resolved against the importing
 * file (relative specifiers) or taken as a package name, and checked against RULES below.
 * A local rule rather than import/no-restricted-paths or dependency-cruiser: the project imports
 * only relative paths and package names, so resolving needs no resolver plugin, and the current
 * dependency-cruiser needs Node 22 (this project's machines run Node 20).
 * The map of the rules is in docs/architecture.md.
 */
const path = require("node:path")

const MEDUSA = /^@medusajs\//

/** A module folder's public entry: `src/modules/<name>` or `src/modules/<name>/index`. */
const moduleInternal = (target) => {
  const m = /^src\/modules\/([^/]+)\/(.+)$/.exec(target)
  return m && !/^index(\.[jt]sx?)?$/.test(m[2]) ? m[1] : undefined
}

/** The protocol's public entry: `src/m4` or `src/m4/index`. */
const isM4Entry = (target) => target === "src/m4" || /^src\/m4\/index(\.[jt]s)?$/.test(target)

const inside = (target, folder) => target === folder || target.startsWith(`${folder}/`)

/** What the dashboard bundle may load at run time: it runs in the browser, inside Medusa's admin. */
const BROWSER_PACKAGES = [
  "react",
  "react-dom",
  "react-router-dom",
  "@medusajs/ui",
  "@medusajs/icons",
  "@medusajs/admin-sdk",
  "@medusajs/js-sdk",
  "@tanstack/react-query",
]
const packageName = (pkg) => (pkg.startsWith("@") ? pkg.split("/").slice(0, 2).join("/") : pkg.split("/")[0])

/** [which files, what they may not import (→ message or undefined); `typeOnly`: erased at build] */
const RULES = [
  [
    // bundled into the dashboard by vite and compiled with the server (medusa plugin:build)
    (file) => inside(file, "src/shared") && !file.includes("/__tests__/"),
    ({ typeOnly }) =>
      typeOnly ? undefined : "src/shared is bundled into the dashboard and the server: it imports types only",
  ],
  [
    (file) => inside(file, "src/admin") && !file.includes("/__tests__/"),
    ({ pkg, target, typeOnly }) =>
      typeOnly
        ? undefined
        : pkg
          ? BROWSER_PACKAGES.includes(packageName(pkg))
            ? undefined
            : "the dashboard bundle runs in the browser: it loads React, Medusa's UI, admin SDK and JS SDK, and TanStack Query only"
          : target && !inside(target, "src/admin") && !inside(target, "src/shared")
            ? "the dashboard bundle imports src/admin and src/shared only (server code as types at most)"
            : undefined,
  ],
  [
    (file) => inside(file, "src/m4"),
    ({ pkg, target }) =>
      pkg && MEDUSA.test(pkg)
        ? "src/m4 is the protocol layer: it imports nothing from Medusa"
        : target && !inside(target, "src/m4")
          ? "src/m4 is the protocol layer: it imports nothing from the rest of the project"
          : undefined,
  ],
  [
    (file) => inside(file, "src/sandbox"),
    ({ pkg, target }) =>
      pkg && MEDUSA.test(pkg)
        ? "the sandbox is a plain Node server: it imports nothing from Medusa"
        : target && inside(target, "src") && !inside(target, "src/sandbox") && !isM4Entry(target)
          ? "the sandbox uses the protocol only through its public entry (src/m4/index), like any other client"
          : undefined,
  ],
  [
    (file) => inside(file, "src/providers"),
    ({ target }) =>
      target && (inside(target, "src/sandbox") || inside(target, "src/modules/m4-merchant-tools"))
        ? "the payment provider does not depend on the sandbox or the merchant tools module"
        : undefined,
  ],
  [
    (file) => inside(file, "src/api"),
    ({ target }) => {
      const name = target && moduleInternal(target)
      return name
        ? `routes use a module through its entry (src/modules/${name}/index), which also exports the types routes need`
        : undefined
    },
  ],
]

const rule = {
  meta: {
    type: "problem",
    docs: {
      description: "enforces the import boundaries between src/m4, src/sandbox, the provider, modules and routes",
    },
    schema: [],
    messages: { boundary: "{{why}} (imports '{{specifier}}')" },
  },
  create(context) {
    const root = context.cwd
    const file = path.relative(root, context.filename).split(path.sep).join("/")
    const applicable = RULES.filter(([applies]) => applies(file)).map(([, forbids]) => forbids)
    if (applicable.length === 0) {
      return {}
    }
    const check = (node, specifier, typeOnly = false) => {
      if (typeof specifier !== "string") {
        return
      }
      const dependency = specifier.startsWith(".")
        ? {
            target: path
              .relative(root, path.resolve(path.dirname(context.filename), specifier))
              .split(path.sep)
              .join("/"),
            typeOnly,
          }
        : { pkg: specifier, typeOnly }
      for (const forbids of applicable) {
        const why = forbids(dependency)
        if (why) {
          context.report({ node, messageId: "boundary", data: { why, specifier } })
          return
        }
      }
    }
    return {
      ImportDeclaration: (node) =>
        check(
          node.source,
          node.source.value,
          node.importKind === "type" ||
            (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type"))
        ),
      ExportAllDeclaration: (node) => check(node.source, node.source.value, node.exportKind === "type"),
      ExportNamedDeclaration: (node) =>
        node.source && check(node.source, node.source.value, node.exportKind === "type"),
      ImportExpression: (node) => node.source.type === "Literal" && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === "TSExternalModuleReference" &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      CallExpression: (node) =>
        node.callee.type === "Identifier" &&
        node.callee.name === "require" &&
        node.arguments[0]?.type === "Literal" &&
        check(node.arguments[0], node.arguments[0].value),
    }
  },
}

module.exports = { rules: { "import-boundaries": rule } }
