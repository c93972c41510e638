/**
 * §5 Bundles, the deterministic part for `<dj-org-tree>`: the component's own code (lit and the SDK left
 * external) stays within 15 kB min+gzip and carries no test or server code. `npx tsx test/bench/bundle-size.ts`
 * prints the figures.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  COMPONENT_BUDGET_BYTES,
  COMPONENT_EXTERNALS,
  measureBundle,
  ORG_TREE_ENTRY,
  type BundleReport,
} from '../bench/bundle-size.js'

let report: BundleReport
beforeAll(async () => {
  report = await measureBundle(ORG_TREE_ENTRY, { external: COMPONENT_EXTERNALS, externalSdk: true })
})

describe('<dj-org-tree> bundle', () => {
  it('is at most 15 kB minified + gzip, lit and the SDK excluded', () => {
    expect(report.gzipBytes).toBeLessThanOrEqual(COMPONENT_BUDGET_BYTES)
    expect(report.inputs.map((i) => i.path).filter((p) => !p.startsWith('components/org-tree/'))).toEqual([])
  })

  it('contains no test or server code', () => {
    for (const word of ['hono', 'lowdb', 'msw', 'mockServiceWorker', 'zod'])
      expect(report.code.toLowerCase()).not.toContain(word.toLowerCase())
  })
})
