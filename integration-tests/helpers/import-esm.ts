/**
 * `import()` of a plain ESM file (scripts/lib/*.mjs) from a test. Jest's SWC transform turns
 * `import()` into `require()`, which cannot load ESM; jest.config.js keeps this one file's
 * `import()` as is (SWC `ignoreDynamic`), so jest's ESM loader (--experimental-vm-modules) runs it.
 */
export function importEsm<T = any>(specifier: string): Promise<T> {
  return import(specifier)
}
