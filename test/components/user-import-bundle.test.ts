/**
 * §5 Bundles, the deterministic part for `<dj-user-import>`: the component's own code (lit and the SDK left
 * external) stays within 15 kB min+gzip and carries no test or server code; the worker's entry is not part of it
 * (it is started by URL), and the CSV import module (`sdk/import`) is loaded only when an import starts — by the
 * worker, or by the main-thread fallback through a dynamic `import()`. The worker itself fits in one classic
 * script (Vite's default worker format is `iife`): no top-level await, no dynamic import.
 * `npx tsx test/bench/bundle-size.ts` prints the figures of the other bundles.
 */
import { build, type Metafile } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  COMPONENT_BUDGET_BYTES,
  COMPONENT_EXTERNALS,
  measureBundle,
  sdkExternal,
  USER_IMPORT_ENTRY,
  type BundleReport,
} from '../bench/bundle-size.js'

const WORKER_ENTRY = fileURLToPath(new URL('../../components/user-import/import.worker.ts', import.meta.url))

let report: BundleReport
/** The same entry built with code splitting, as Vite or Rollup would: which chunk imports what, and how. */
let split: Metafile

beforeAll(async () => {
  report = await measureBundle(USER_IMPORT_ENTRY, { external: COMPONENT_EXTERNALS, externalSdk: true })
  const result = await build({
    entryPoints: [USER_IMPORT_ENTRY],
    external: COMPONENT_EXTERNALS,
    plugins: [sdkExternal],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/tmp/dj-user-import-bundle-test',
    write: false,
    metafile: true,
    logLevel: 'silent',
    conditions: ['dj-source'],
  })
  split = result.metafile
})

describe('<dj-user-import> bundle', () => {
  it('is at most 15 kB minified + gzip, lit and the SDK excluded', () => {
    expect(report.gzipBytes).toBeLessThanOrEqual(COMPONENT_BUDGET_BYTES)
    expect(report.inputs.map((i) => i.path).filter((p) => !p.startsWith('components/user-import/'))).toEqual([])
  })

  it('does not contain the worker: the element starts it by URL, the pattern bundlers turn into a worker bundle', () => {
    expect(report.inputs.map((i) => i.path)).not.toContain('components/user-import/import.worker.ts')
    expect(report.code).toMatch(/new Worker\(new URL\("\.\/import\.worker\.js",import\.meta\.url\),\{type:"module"\}\)/)
  })

  it('loads the import module only when an import starts: never a static import, only import()', () => {
    expect(report.code).not.toMatch(/(from|import)\s*"@dj-customers\/sdk\/import"/)
    expect(report.code).toMatch(/import\("@dj-customers\/sdk\/import"\)/)
    // With code splitting, the entry chunk reaches the main-thread engine (and through it the import module)
    // by dynamic import only.
    const outputs = Object.values(split.outputs)
    const entry = outputs.find((o) => o.entryPoint === 'components/user-import/index.ts')!
    expect(Object.keys(entry.inputs)).not.toContain('components/user-import/import-engine.ts')
    const statics = entry.imports.filter((i) => i.kind !== 'dynamic-import')
    expect([...new Set(statics.map((i) => i.path))].sort()).toEqual([
      '@dj-customers/sdk',
      'lit',
      'lit/directives/live.js',
      'lit/directives/repeat.js',
    ])
    const engine = outputs.find((o) => Object.keys(o.inputs).includes('components/user-import/import-engine.ts'))!
    expect(entry.imports).toContainEqual(expect.objectContaining({ kind: 'dynamic-import' }))
    expect(engine.imports).toEqual([
      expect.objectContaining({ path: '@dj-customers/sdk/import', kind: 'dynamic-import', external: true }),
    ])
  })

  it('has a worker that bundles as one classic script: no top-level await, no dynamic import', async () => {
    // What Vite's default worker format (`iife`) rejects: top-level await (INVALID_TLA_FORMAT) and code splitting.
    // With top-level await marked unsupported, esbuild fails the build if the worker awaits at the top; with the
    // SDK left external, a dynamic import left in the worker's code (after tree shaking) stays an `import()`.
    const worker = await build({
      entryPoints: [WORKER_ENTRY],
      external: COMPONENT_EXTERNALS,
      plugins: [sdkExternal],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      supported: { 'top-level-await': false },
      write: false,
      logLevel: 'silent',
      conditions: ['dj-source'],
    })
    const code = worker.outputFiles[0].text
    // The import module is imported statically; the main-thread `createEngine` (and its `import()`) is left out.
    expect(code).toMatch(/from"@dj-customers\/sdk\/import"/)
    expect(code).not.toMatch(/\bimport\s*\(/)
  })

  it('contains no test or server code', () => {
    for (const word of ['hono', 'lowdb', 'msw', 'mockServiceWorker', 'zod'])
      expect(report.code.toLowerCase()).not.toContain(word.toLowerCase())
  })
})
