/**
 * §5 Bundles: the SDK client entry (`sdk/index.ts`, openapi-fetch included), minified + gzip, ≤ 6 kB; the CSV
 * import entry (`sdk/import.ts`: parser, header mapping, row rules), ≤ 25 kB, kept out of the client entry.
 *
 *   npx tsx test/bench/bundle-size.ts
 *
 * Bundles the entry the way an application would (esbuild, ESM, browser platform, minified, tree-shaken),
 * gzips the result with node:zlib (default level 6, the level web servers usually use), and prints the
 * minified and min+gzip sizes, the share of each input in the minified output, and the budget with the
 * ratio. Exits 1 when over budget. Sizes are deterministic for a given lockfile: no timing involved.
 * `test/sdk/bundle-size.test.ts` asserts the same budget and that no server code is in the bundle.
 *
 * Components: each component's own code (its entry, Lit and the SDK left external, as an application that
 * already ships them would), ≤ 15 kB min+gzip.
 */
import { build, type Plugin } from 'esbuild'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

export const SDK_ENTRY = fileURLToPath(new URL('../../sdk/index.ts', import.meta.url))
/** 6 kB = 6 × 1024 bytes, min+gzip. */
export const SDK_BUDGET_BYTES = 6 * 1024
export const IMPORT_ENTRY = fileURLToPath(new URL('../../sdk/import.ts', import.meta.url))
/** 25 kB = 25 × 1024 bytes, min+gzip. */
export const IMPORT_BUDGET_BYTES = 25 * 1024

export const OPERATOR_TABLE_ENTRY = fileURLToPath(new URL('../../components/operator-table/index.ts', import.meta.url))
export const TAG_PICKER_ENTRY = fileURLToPath(new URL('../../components/tag-picker/index.ts', import.meta.url))
export const ORG_TREE_ENTRY = fileURLToPath(new URL('../../components/org-tree/index.ts', import.meta.url))
export const USER_IMPORT_ENTRY = fileURLToPath(new URL('../../components/user-import/index.ts', import.meta.url))
/** 15 kB = 15 × 1024 bytes, min+gzip, per component (lit, the SDK and the import module excluded). */
export const COMPONENT_BUDGET_BYTES = 15 * 1024
/** What a component's own code excludes: Lit and the SDK (imported by path inside this repository). */
export const COMPONENT_EXTERNALS = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*']

/** Leaves imports of the SDK's entries (`@dj-customers/sdk`, `@dj-customers/sdk/import`) out of the bundle. */
export const sdkExternal: Plugin = {
  name: 'sdk-external',
  setup(b) {
    b.onResolve({ filter: /^@dj-customers\/sdk(\/import)?$/ }, (args) => ({ path: args.path, external: true }))
  },
}

export interface BundleReport {
  code: string
  minBytes: number
  gzipBytes: number
  /** Bytes each input file contributes to the minified output, largest first. */
  inputs: { path: string; bytes: number }[]
}

/** Bundles `entry` as a browser application would, and measures it. */
export async function measureBundle(
  entry: string = SDK_ENTRY,
  options: { external?: string[]; externalSdk?: boolean } = {},
): Promise<BundleReport> {
  const result = await build({
    external: options.external,
    plugins: options.externalSdk ? [sdkExternal] : [],
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Workspace packages from their sources (the same code their dist/ is compiled from).
    conditions: ['dj-source'],
  })
  const output = result.outputFiles[0]
  const code = output.text
  const meta = Object.values(result.metafile.outputs)[0]
  const inputs = Object.entries(meta.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .filter((i) => i.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
  return { code, minBytes: output.contents.byteLength, gzipBytes: gzipSync(output.contents).byteLength, inputs }
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} kB`

async function report(
  name: string,
  entry: string,
  budget: number,
  options?: Parameters<typeof measureBundle>[1],
): Promise<boolean> {
  const r = await measureBundle(entry, options)
  const ratio = r.gzipBytes / budget
  const ok = r.gzipBytes <= budget
  console.log(`bundle-size: ${name} (esbuild esm, browser, minified; gzip level 6)\n`)
  console.log(`  minified        ${String(r.minBytes).padStart(7)} bytes  (${kb(r.minBytes)})`)
  console.log(`  minified + gzip ${String(r.gzipBytes).padStart(7)} bytes  (${kb(r.gzipBytes)})`)
  console.log(`  budget          ${String(budget).padStart(7)} bytes  (${budget / 1024} kB min+gzip)`)
  console.log(`  ratio           ${ratio.toFixed(2)}× of budget: ${ok ? 'OK' : 'OVER BUDGET'}\n`)
  console.log('  minified bytes by input:')
  for (const i of r.inputs) console.log(`    ${String(i.bytes).padStart(6)}  ${i.path}`)
  return ok
}

async function main() {
  const client = await report('@dj-customers/sdk (sdk/index.ts)', SDK_ENTRY, SDK_BUDGET_BYTES)
  console.log()
  const csvImport = await report('@dj-customers/sdk/import (sdk/import.ts)', IMPORT_ENTRY, IMPORT_BUDGET_BYTES)
  console.log()
  const components: [string, string][] = [
    ['<dj-operator-table>', OPERATOR_TABLE_ENTRY],
    ['<dj-tag-picker>', TAG_PICKER_ENTRY],
    ['<dj-org-tree>', ORG_TREE_ENTRY],
    ['<dj-user-import>', USER_IMPORT_ENTRY],
  ]
  let componentsOk = true
  for (const [name, entry] of components) {
    console.log()
    const ok = await report(
      `${name} (${entry.slice(entry.indexOf('components/'))}; lit and the SDK external)`,
      entry,
      COMPONENT_BUDGET_BYTES,
      {
        external: COMPONENT_EXTERNALS,
        externalSdk: true,
      },
    )
    componentsOk &&= ok
  }
  if (!client || !csvImport || !componentsOk) process.exitCode = 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
