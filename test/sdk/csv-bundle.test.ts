/**
 * §5 Bundles, the CSV import entry (`@dj-customers/sdk/import`): ≤ 25 kB min+gzip, no dependency, browser- and
 * worker-safe, and kept out of the SDK client entry (loaded only when an import starts).
 * (`npx tsx test/bench/bundle-size.ts` prints the figures of both entries.)
 */
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { IMPORT_BUDGET_BYTES, IMPORT_ENTRY, measureBundle, type BundleReport } from '../bench/bundle-size.js'

let csvImport: BundleReport
let client: BundleReport
beforeAll(async () => {
  ;[csvImport, client] = await Promise.all([measureBundle(IMPORT_ENTRY), measureBundle()])
})

describe('I8 SDK import bundle', () => {
  it('I8 is at most 25 kB minified + gzip', () => {
    expect(csvImport.gzipBytes).toBeLessThanOrEqual(IMPORT_BUDGET_BYTES)
  })

  it('I8 holds only the shared CSV code: no dependency, no zod, no server or test code', () => {
    const inputs = csvImport.inputs.map((i) => i.path)
    expect(
      inputs.filter((p) => !(p === 'sdk/import.ts' || p.startsWith('spec/csv/') || p.startsWith('spec/rules/'))),
    ).toEqual([])
    for (const word of ['zod', 'hono', 'lowdb', 'msw', 'openapi-fetch'])
      expect(csvImport.code.toLowerCase()).not.toContain(word)
  })

  it('I8 runs in browsers and module workers: no node: imports, Node globals or DOM', () => {
    expect(csvImport.code).not.toMatch(/from\s*["']node:|require\(|\bimport\(/)
    expect(csvImport.code).not.toMatch(/\b(Buffer|process|__dirname|__filename|document|window|FileReader)\b/)
  })

  it('I8 works in a bare JavaScript realm that has only TextDecoder (what a module worker offers, minus the rest)', async () => {
    const { outputFiles } = await build({
      entryPoints: [IMPORT_ENTRY],
      bundle: true,
      format: 'iife',
      globalName: 'DjImport',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    })
    const realm: Record<string, unknown> = { TextDecoder }
    runInNewContext(outputFiles[0].text, realm)
    const api = realm.DjImport as typeof import('../../sdk/import.js')
    const bytes = new TextEncoder().encode(api.customerUserCsvTemplate({ delimiter: ';', bom: true }))
    // (Bytes from this realm: the module must not depend on `instanceof Uint8Array` across realms.)
    const result = await api.validateCustomerUserCsv(bytes)
    expect(result.counts).toEqual({ rows: 1, valid: 1, failed: 0 })
    expect(result.parsed.delimiter).toBe(';')
  })

  it('I11 the account functions work in the same bare realm, and a bundle that uses only the customer-user functions leaves them out', async () => {
    const realm: Record<string, unknown> = { TextDecoder }
    const { outputFiles } = await build({
      entryPoints: [IMPORT_ENTRY],
      bundle: true,
      format: 'iife',
      globalName: 'DjImport',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    })
    runInNewContext(outputFiles[0].text, realm)
    const api = realm.DjImport as typeof import('../../sdk/import.js')
    const result = await api.validateCustomerAccountCsv(new TextEncoder().encode(api.customerAccountCsvTemplate()))
    expect(result.counts).toEqual({ rows: 1, valid: 1, failed: 0 })
    // Tree-shaking: importing validateCustomerUserCsv alone leaves the account module out.
    const usersOnly = await build({
      stdin: {
        contents: `export { validateCustomerUserCsv, customerUserCsvTemplate } from ${JSON.stringify(IMPORT_ENTRY)}`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      minify: true,
      treeShaking: true,
      platform: 'neutral',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const [output] = Object.values(usersOnly.metafile!.outputs)
    const kept = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0)
    expect(kept.some(([p]) => p.endsWith('spec/csv/accounts.ts') || p.endsWith('spec/rules/countries.ts'))).toBe(false)
    expect(usersOnly.outputFiles[0].text).not.toContain('Customer Account')
  })

  it('I8 the SDK client entry does not include the import module', () => {
    expect(client.inputs.some((i) => i.path === 'sdk/import.ts' || i.path.startsWith('spec/csv/'))).toBe(false)
    expect(readFileSync(new URL('../../sdk/index.ts', import.meta.url), 'utf8')).not.toMatch(/import\.js|spec\/csv/)
  })

  it('I8 is published as the subpath @dj-customers/sdk/import, built', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../sdk/package.json', import.meta.url), 'utf8'))
    expect(pkg.exports['./import']).toMatchObject({ types: './dist/sdk/import.d.ts', default: './dist/sdk/import.js' })
  })
})
