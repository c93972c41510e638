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
 * Components: each component's own code (its entry, with Lit, the SDK and the code the elements share in
 * `components/shared/` left external, as an application that already ships them would), ≤ 15 kB min+gzip; the
 * shared code once; each element alone on a page (its own code plus the shared code); and a page with all five
 * (their entries bundled together, the shared code in it once). `test/components/bundle-size.test.ts` asserts
 * the budgets.
 */
import { build, type Plugin } from 'esbuild'
import { readdirSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
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
/** The code the elements share (base class, controllers, helpers); not an entry of the package. */
export const SHARED_DIR = fileURLToPath(new URL('../../components/shared/', import.meta.url))
/** The shared modules, each of them (`components/shared/*.ts`). */
export const SHARED_MODULES = readdirSync(SHARED_DIR)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => join(SHARED_DIR, f))
/**
 * The shared design language (`theme.ts`: tokens, schemes, the base look; `icons.ts`): one stylesheet and one icon set
 * for every element on a page, counted once for the page, never in an element's 15 kB.
 */
export const DESIGN_MODULES = ['theme.ts', 'icons.ts'].map((f) => join(SHARED_DIR, f))
/**
 * 8 kB min+gzip for all the shared code: about half plumbing (base class, controllers, helpers), half design language.
 * Each element plus the plumbing it uses is held to 15 kB as well.
 */
export const SHARED_BUDGET_BYTES = 8 * 1024

/** Leaves imports of the SDK's entries (`@dj-customers/sdk`, `@dj-customers/sdk/import`) out of the bundle. */
export const sdkExternal: Plugin = {
  name: 'sdk-external',
  setup(b) {
    b.onResolve({ filter: /^@dj-customers\/sdk(\/import)?$/ }, (args) => ({ path: args.path, external: true }))
  },
}

/** Leaves the elements' shared modules (`components/shared/…`) out of the bundle, as Lit and the SDK are. */
export const sharedExternal: Plugin = {
  name: 'shared-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const file = join(args.resolveDir, args.path)
      return dirname(file) + sep === SHARED_DIR ? { path: args.path, external: true } : undefined
    })
  },
}

/** Leaves the shared design language (DESIGN_MODULES) out of the bundle, the rest of the shared code in. */
export const designExternal: Plugin = {
  name: 'design-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const file = join(args.resolveDir, args.path).replace(/\.js$/, '.ts')
      return DESIGN_MODULES.includes(file) ? { path: args.path, external: true } : undefined
    })
  },
}

export interface BundleReport {
  code: string
  minBytes: number
  gzipBytes: number
  /** Bytes each input file contributes to the minified output, largest first. */
  inputs: { path: string; bytes: number }[]
}

export interface MeasureOptions {
  external?: string[]
  /** Leave `@dj-customers/sdk` (and `/import`) out. */
  externalSdk?: boolean
  /** Leave `components/shared/` out. */
  externalShared?: boolean
  /** Leave the shared design language (theme, icons) out. */
  externalDesign?: boolean
}

const pluginsFor = (options: MeasureOptions) => [
  ...(options.externalSdk ? [sdkExternal] : []),
  ...(options.externalShared ? [sharedExternal] : []),
  ...(options.externalDesign && !options.externalShared ? [designExternal] : []),
]

/** Bundles `entry` (a file, or a module's text and the folder it is read from) as a browser application would, and measures it. */
export async function measureBundle(
  entry: string | { contents: string; resolveDir: string } = SDK_ENTRY,
  options: MeasureOptions = {},
): Promise<BundleReport> {
  const result = await build({
    external: options.external,
    plugins: pluginsFor(options),
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, loader: 'ts' } }),
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

/** A module exporting every export of every shared module: bundled, nothing is tree-shaken away. */
export const SHARED_INDEX = {
  contents: SHARED_MODULES.map((m) => `export * from ${JSON.stringify(m)}`).join('\n'),
  resolveDir: SHARED_DIR,
}

/** Where a page's files would be written (nothing is written: only their relative paths matter). */
const PAGE_OUTDIR = '/tmp/dj-page-bundle'

export interface PageReport {
  /** The bytes of every file of the page (entries and shared chunks), each gzipped on its own, as served. */
  gzipBytes: number
  minBytes: number
  /** Each output file: its path in the page, its min+gzip bytes, and the inputs it holds. */
  files: { path: string; gzipBytes: number; inputs: string[] }[]
  code: string
}

/**
 * Bundles `entries` together, as an application that uses them all would (one build, code splitting: what the
 * entries share is in chunks of its own, downloaded once), and measures every file of that page.
 */
export async function measurePage(entries: string[], options: MeasureOptions = {}): Promise<PageReport> {
  const result = await build({
    external: options.external,
    plugins: pluginsFor(options),
    entryPoints: entries,
    bundle: true,
    splitting: true,
    chunkNames: 'shared-[hash]',
    outdir: PAGE_OUTDIR,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    conditions: ['dj-source'],
  })
  // Metafile paths are relative to the working directory; output files' are absolute.
  const meta = new Map(Object.entries(result.metafile.outputs).map(([path, o]) => [resolve(path), o]))
  const files = result.outputFiles.map((f) => ({
    path: relative(PAGE_OUTDIR, f.path),
    gzipBytes: gzipSync(f.contents).byteLength,
    inputs: Object.entries(meta.get(f.path)?.inputs ?? {})
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([path]) => path),
  }))
  return {
    gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
    minBytes: result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0),
    files,
    code: result.outputFiles.map((f) => f.text).join('\n'),
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} kB`

async function report(
  name: string,
  entry: Parameters<typeof measureBundle>[0],
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

/** The four elements' entries, by tag. */
export const ELEMENT_ENTRIES: Record<string, string> = {
  'dj-operator-table': OPERATOR_TABLE_ENTRY,
  'dj-tag-picker': TAG_PICKER_ENTRY,
  'dj-org-tree': ORG_TREE_ENTRY,
  'dj-user-import': USER_IMPORT_ENTRY,
  'dj-company-users': fileURLToPath(new URL('../../components/company-users/index.ts', import.meta.url)),
}
/** Lit, the SDK and the shared code left out: an element's own code. */
export const OWN_CODE: MeasureOptions = { external: COMPONENT_EXTERNALS, externalSdk: true, externalShared: true }
/** Lit and the SDK left out, the shared code in: an element alone on a page, or the shared code itself. */
export const WITH_SHARED: MeasureOptions = { external: COMPONENT_EXTERNALS, externalSdk: true }
/** An element alone on a page: its own code and the shared plumbing it uses; the design language is the page's. */
export const ALONE: MeasureOptions = { ...WITH_SHARED, externalDesign: true }

async function main() {
  const client = await report('@dj-customers/sdk (sdk/index.ts)', SDK_ENTRY, SDK_BUDGET_BYTES)
  console.log()
  const csvImport = await report('@dj-customers/sdk/import (sdk/import.ts)', IMPORT_ENTRY, IMPORT_BUDGET_BYTES)
  let componentsOk = true
  for (const [tag, entry] of Object.entries(ELEMENT_ENTRIES)) {
    console.log()
    const where = entry.slice(entry.indexOf('components/'))
    const name = `<${tag}> own code (${where}; lit, the SDK and components/shared/ external)`
    componentsOk = (await report(name, entry, COMPONENT_BUDGET_BYTES, OWN_CODE)) && componentsOk
  }
  console.log()
  const shared = await report(
    'components/shared/ (every export of every module; lit and the SDK external)',
    SHARED_INDEX,
    SHARED_BUDGET_BYTES,
    WITH_SHARED,
  )
  console.log(
    '\n  each element alone on a page (own code + the shared plumbing it uses; lit, the SDK and the theme external):',
  )
  for (const [tag, entry] of Object.entries(ELEMENT_ENTRIES)) {
    const r = await measureBundle(entry, ALONE)
    componentsOk &&= r.gzipBytes <= COMPONENT_BUDGET_BYTES
    console.log(`    <${tag}>`.padEnd(24), `${String(r.gzipBytes).padStart(7)} bytes  (${kb(r.gzipBytes)})`)
  }
  const page = await measurePage(Object.values(ELEMENT_ENTRIES), WITH_SHARED)
  const pageBudget = Object.keys(ELEMENT_ENTRIES).length * COMPONENT_BUDGET_BYTES
  const pageOk = page.gzipBytes <= pageBudget
  console.log('\n  a page with all the elements (one build, code splitting; lit and the SDK external):')
  for (const f of page.files) console.log(`    ${f.path.padEnd(28)} ${String(f.gzipBytes).padStart(7)} bytes min+gzip`)
  console.log(
    `    total ${String(page.gzipBytes).padStart(30)} bytes  (${kb(page.gzipBytes)}; budget ${Object.keys(ELEMENT_ENTRIES).length} × 15 kB: ${pageOk ? 'OK' : 'OVER BUDGET'})`,
  )
  if (!client || !csvImport || !componentsOk || !shared || !pageOk) process.exitCode = 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
