/**
 * §5 Bundles, the deterministic part: the SDK client entry bundled for the browser stays within 6 kB
 * min+gzip and holds no server or test code. (`npx tsx test/bench/bundle-size.ts` prints the figures.)
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { measureBundle, SDK_BUDGET_BYTES, type BundleReport } from '../bench/bundle-size.js'

let report: BundleReport
beforeAll(async () => {
  report = await measureBundle()
})

describe('SDK bundle', () => {
  it('is at most 6 kB minified + gzip, openapi-fetch included', () => {
    expect(report.inputs.some((i) => i.path.includes('openapi-fetch'))).toBe(true)
    expect(report.gzipBytes).toBeLessThanOrEqual(SDK_BUDGET_BYTES)
  })

  it('contains no server or test code', () => {
    for (const word of ['hono', 'lowdb', 'msw', 'zod', 'mockServiceWorker'])
      expect(report.code.toLowerCase()).not.toContain(word.toLowerCase())
    const inputs = report.inputs.map((i) => i.path)
    expect(inputs.filter((p) => !p.startsWith('sdk/') && !p.includes('node_modules/openapi-fetch/'))).toEqual([])
    expect(inputs.some((p) => p.startsWith('mock-server/') || p.startsWith('spec/'))).toBe(false)
  })

  it('is browser-safe: no node: imports or Node globals', () => {
    expect(report.code).not.toMatch(/from\s*["']node:|require\(/)
    // (openapi-fetch reads `process.versions` only behind a `typeof process` guard.)
    expect(report.code).not.toMatch(/\b(Buffer|__dirname|__filename)\b/)
  })
})
