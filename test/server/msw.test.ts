import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockApi, type MockApi } from '../../mock-server/msw.js'

const BASE = 'http://dj.test'
const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': 'demo-admin-key', 'content-type': 'application/json' }

describe('@dj-customers/mock-server/msw', () => {
  let mock: MockApi
  let server: ReturnType<typeof setupServer>
  beforeAll(async () => {
    mock = await createMockApi({ baseUrl: BASE, seed: 'demo-small' })
    server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
  })
  afterAll(() => server.close())

  it('MSW handlers answer with the real rules on the demo data', async () => {
    const r = await fetch(`${BASE}/v1/customer-accounts?sort=externalId:asc`, { headers })
    expect(r.status).toBe(200)
    expect((await r.json()).content.map((a: { externalId: string }) => a.externalId)).toEqual([
      'ACME',
      'GLOBEX',
      'INITECH',
      'UMBRELLA',
    ])
    const dup = await fetch(`${BASE}/v1/stores`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ externalId: 'FR', name: 'Again' }),
    })
    expect(dup.status).toBe(409)
    expect(dup.headers.get('content-type')).toBe('application/problem+json')
  })

  it('MSW reset() drops every change and seeds again', async () => {
    const created = await fetch(`${BASE}/v1/stores`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ externalId: 'ES', name: 'Spain' }),
    })
    expect(created.status).toBe(201)
    await mock.reset()
    const stores = await (await fetch(`${BASE}/v1/stores`, { headers })).json()
    expect(stores.content.map((s: { externalId: string }) => s.externalId)).toEqual(['FR', 'BE', 'DE'])
  })

  it('MSW a custom seed function fills the data instead of the demo set', async () => {
    const custom = await createMockApi({ baseUrl: 'http://other.test', seed: () => {} })
    expect(custom.app.db.stores.size).toBe(0)
    expect(custom.app.db.operators.size).toBe(1) // the Admin whose key is demo-admin-key
  })
})
