import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { renderGenerated } from '../../scripts/generated.js'
import { buildOpenApiDocument, problemCodes } from '../../spec/index.js'

const root = new URL('../../', import.meta.url)

describe('contract', () => {
  it('generated files are fresh (run `npm run generate` after changing spec/)', async () => {
    const files = await renderGenerated()
    for (const [path, text] of Object.entries(files)) {
      expect(await readFile(new URL(path, root), 'utf8'), `${path} is stale: run npm run generate`).toBe(text)
    }
  })

  const doc = buildOpenApiDocument() as any
  const operations = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item).map(([method, op]: [string, any]) => ({ path, method, op })),
  )

  it('is OpenAPI 3.1 and keeps the two operationIds of the seeds exactly', () => {
    expect(doc.openapi).toBe('3.1.0')
    const byId = new Map(operations.map((o) => [o.op.operationId, o]))
    expect(byId.get('ADM-ACCOUNT-250')).toMatchObject({
      path: '/v1/customer-accounts/{customerAccountId}/customer-tags',
      method: 'put',
    })
    expect(byId.get('ADM-OPERATOR-USER-550')).toMatchObject({ path: '/v1/operator-users', method: 'get' })
  })

  const isStorefront = (path: string) =>
    path.startsWith('/v1/shop/') || path.startsWith('/auth/') || path === '/v1/authenticated-user'

  it('operationIds follow ADM-/STORE-<RESOURCE>-<NNN> with 1xx create, 2xx update, 3xx delete, 5xx read', () => {
    for (const { op, method, path } of operations) {
      if (path === '/health') continue
      const m = (isStorefront(path) ? /^STORE-([A-Z-]+)-(\d)\d\d$/ : /^ADM-([A-Z-]+)-(\d)\d\d$/).exec(op.operationId)
      expect(m, op.operationId).not.toBeNull()
      const family = { post: ['1', '2'], put: ['2'], patch: ['2'], delete: ['3'], get: ['5'] }[method]!
      // POST is a create (1xx), except state transitions such as approve/reject, which update (2xx).
      expect(family, `${op.operationId} on ${method} ${path}`).toContain(m![2])
    }
  })

  it('every back-office route documents its errors as problem+json, its headers and a role', () => {
    for (const { op, path } of operations) {
      if (!path.startsWith('/v1/') || isStorefront(path)) continue
      for (const status of ['400', '401', '403']) {
        expect(op.responses[status]?.content?.['application/problem+json'], `${op.operationId} ${status}`).toBeDefined()
      }
      const headers = op.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name)
      expect(headers, op.operationId).toEqual(expect.arrayContaining(['dj-client', 'dj-store']))
      expect(op.security, op.operationId).toEqual([{ djApiKey: [] }])
      expect(['Reader', 'User', 'Admin'], op.operationId).toContain(op['x-dj-role'])
    }
  })

  it('every storefront route needs dj-client and a customer token, and documents its problems', () => {
    // The token family (`/auth/…`: a login, U9, and the exchange of an assisted-session code, U15) has no token yet.
    for (const { op, path } of operations.filter((o) => isStorefront(o.path) && !o.path.startsWith('/auth/'))) {
      expect(op.security, op.operationId).toEqual([{ customerToken: [] }])
      expect(
        op.parameters.map((p: any) => p.name),
        op.operationId,
      ).toEqual(expect.arrayContaining(['dj-client', 'customer-account-id']))
      for (const status of ['400', '401', '403'])
        expect(op.responses[status]?.content?.['application/problem+json'], `${path} ${status}`).toBeDefined()
      expect(['FOC_Admin', 'any']).toContain(op['x-dj-group'])
    }
  })

  it('every list route takes page, size and sort and answers the page envelope', () => {
    for (const { op } of operations.filter(
      (o) => o.op.operationId?.endsWith('-550') && o.op.responses['200'].content['application/json'].schema.$ref,
    )) {
      const names = op.parameters.map((p: any) => p.name)
      expect(names, op.operationId).toEqual(expect.arrayContaining(['page', 'size', 'sort']))
      const ref = op.responses['200'].content['application/json'].schema.$ref.split('/').pop()
      expect(Object.keys(doc.components.schemas[ref].properties)).toEqual([
        'content',
        'totalElements',
        'totalPages',
        'number',
        'size',
        'numberOfElements',
        'first',
        'last',
        'empty',
      ])
    }
  })

  it('the problem catalogue is documented in the Problem schema', () => {
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(Object.keys(problemCodes))
  })
})
