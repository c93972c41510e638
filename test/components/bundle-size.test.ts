/**
 * §5 Bundles, the deterministic part for the five elements: each element's own code stays within 15 kB min+gzip
 * and carries no test or server code. `node --conditions=dj-source --import tsx test/bench/bundle-size.ts` prints
 * the figures.
 *
 * The elements share code (`components/shared/`: their base class, controllers and helpers). A page pays for it
 * once, however many elements it holds, so it is counted once, not once per element:
 * - an element's own code: its entry bundled with Lit, the SDK and `components/shared/` left external (what the
 *   element adds to a page that already has them), ≤ 15 kB each;
 * - the shared code: every export of every shared module bundled once (Lit and the SDK external), ≤ 8 kB, about half
 *   of it the design language (`theme.ts`, `icons.ts`: one stylesheet and icon set for every element of the page);
 * - an element alone on a page, its own code plus the shared plumbing it uses, still ≤ 15 kB: sharing never makes a
 *   single element heavier than its budget (the design language is the page's, counted once, as the issue's budget
 *   "shared design code counted once" says);
 * - a page with all five: their entries bundled together as an application would (one build, code splitting), Lit
 *   and the SDK external; every file of it gzipped on its own and summed, ≤ 5 × 15 kB, with each shared module in
 *   one file of the page only.
 * Lit's packages (`lit`, `@lit/*`) and the SDK are left out everywhere: an application ships them once for all.
 *
 * `<dj-user-import>` has checks of its own: its worker's entry is not part of its code (it is started by URL), the
 * CSV import module (`sdk/import`) is loaded only when an import starts (by the worker, or by the main-thread
 * fallback through a dynamic `import()`), and the worker fits in one classic script (Vite's default worker format
 * is `iife`): no top-level await, no dynamic import.
 */
import { build, type Metafile } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  COMPONENT_BUDGET_BYTES,
  COMPONENT_EXTERNALS,
  ELEMENT_ENTRIES,
  measureBundle,
  measurePage,
  OWN_CODE,
  SHARED_BUDGET_BYTES,
  SHARED_INDEX,
  SHARED_MODULES,
  sdkExternal,
  USER_IMPORT_ENTRY,
  WITH_SHARED,
  ALONE,
  type BundleReport,
  type PageReport,
} from '../bench/bundle-size.js'

const SERVER_OR_TEST_CODE = ['hono', 'lowdb', 'msw', 'mockserviceworker', 'zod']
const folderOf = (entry: string) => entry.slice(entry.indexOf('components/'), entry.lastIndexOf('/') + 1)

describe.each(Object.entries(ELEMENT_ENTRIES))('<%s> bundle', (_tag, entry) => {
  const folder = folderOf(entry)
  let own: BundleReport
  let alone: BundleReport

  beforeAll(async () => {
    ;[own, alone] = await Promise.all([measureBundle(entry, OWN_CODE), measureBundle(entry, ALONE)])
  })

  it('its own code is at most 15 kB minified + gzip, lit, the SDK and the shared code excluded', () => {
    expect(own.gzipBytes).toBeLessThanOrEqual(COMPONENT_BUDGET_BYTES)
    expect(own.inputs.map((i) => i.path).filter((p) => !p.startsWith(folder))).toEqual([])
  })

  it('alone on a page, with the shared plumbing it uses (the design language is counted once per page), it is still at most 15 kB', () => {
    expect(alone.gzipBytes).toBeLessThanOrEqual(COMPONENT_BUDGET_BYTES)
    const paths = alone.inputs.map((i) => i.path)
    expect(paths.filter((p) => !p.startsWith(folder) && !p.startsWith('components/shared/'))).toEqual([])
    expect(paths.some((p) => p.startsWith('components/shared/'))).toBe(true)
  })

  it('contains no test or server code', () => {
    for (const word of SERVER_OR_TEST_CODE) expect(alone.code.toLowerCase()).not.toContain(word)
  })
})

describe('the shared code (components/shared/)', () => {
  let shared: BundleReport
  beforeAll(async () => {
    shared = await measureBundle(SHARED_INDEX, WITH_SHARED)
  })

  it('is at most 8 kB minified + gzip, all of it (plumbing and design language), lit and the SDK excluded', () => {
    expect(shared.gzipBytes).toBeLessThanOrEqual(SHARED_BUDGET_BYTES)
    expect(shared.inputs.map((i) => i.path).filter((p) => !p.startsWith('components/shared/'))).toEqual([])
  })

  it('contains no test or server code', () => {
    for (const word of SERVER_OR_TEST_CODE) expect(shared.code.toLowerCase()).not.toContain(word)
  })
})

describe('a page with all five elements', () => {
  let page: PageReport
  beforeAll(async () => {
    page = await measurePage(Object.values(ELEMENT_ENTRIES), WITH_SHARED)
  })

  it('is at most 5 × 15 kB minified + gzip, every file of it counted, lit and the SDK excluded', () => {
    expect(page.gzipBytes).toBeLessThanOrEqual(Object.keys(ELEMENT_ENTRIES).length * COMPONENT_BUDGET_BYTES)
  })

  it('holds each shared module once: in one file of the page, not in each element', () => {
    for (const module of SHARED_MODULES) {
      const path = module.slice(module.indexOf('components/'))
      const holders = page.files.filter((f) => f.inputs.includes(path)).map((f) => f.path)
      // Every module is used by some element (a module none uses would be dead code).
      expect(holders, path).toHaveLength(1)
      expect(holders[0], path).toMatch(/^shared-/)
    }
  })

  it('contains no test or server code', () => {
    for (const word of SERVER_OR_TEST_CODE) expect(page.code.toLowerCase()).not.toContain(word)
  })
})

describe('<dj-user-import> bundle: the worker and the import module', () => {
  const WORKER_ENTRY = fileURLToPath(new URL('../../components/user-import/import.worker.ts', import.meta.url))
  let own: BundleReport
  /** The same entry built with code splitting, as Vite or Rollup would: which chunk imports what, and how. */
  let split: Metafile

  beforeAll(async () => {
    own = await measureBundle(USER_IMPORT_ENTRY, OWN_CODE)
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

  it('does not contain the worker: the element starts it by URL, the pattern bundlers turn into a worker bundle', () => {
    expect(own.inputs.map((i) => i.path)).not.toContain('components/user-import/import.worker.ts')
    expect(own.code).toMatch(/new Worker\(new URL\("\.\/import\.worker\.js",import\.meta\.url\),\{type:"module"\}\)/)
  })

  it('loads the import module only when an import starts: never a static import, only import()', () => {
    expect(own.code).not.toMatch(/(from|import)\s*"@dj-customers\/sdk\/import"/)
    expect(own.code).toMatch(/import\("@dj-customers\/sdk\/import"\)/)
    // With code splitting, the entry chunk reaches the main-thread engine (and through it the import module)
    // by dynamic import only.
    const outputs = Object.values(split.outputs)
    const entry = outputs.find((o) => o.entryPoint === 'components/user-import/index.ts')!
    expect(Object.keys(entry.inputs)).not.toContain('components/user-import/import-engine.ts')
    const statics = entry.imports.filter((i) => i.kind !== 'dynamic-import')
    expect([...new Set(statics.map((i) => i.path))].sort()).toEqual(['@dj-customers/sdk', 'lit'])
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
})
