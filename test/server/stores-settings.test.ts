import { describe, expect, it } from 'vitest'
import { expectProblem, testApp } from '../helpers.js'

describe('stores', () => {
  it('S1 a store is {id, externalId, name}; created by an Admin, read by anyone', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ externalId: 'FR', name: 'France', version: 1 })
    expect(created.body.id).toMatch(/^st_/)
    expect(created.headers.get('etag')).toBe('"1"')
    const read = await t.call('GET', `/v1/stores/FR?idType=EXTERNAL_ID`, { as: 'reader' })
    expect(read.body).toEqual(created.body)
    expectProblem(
      await t.call('POST', '/v1/stores', { as: 'user', body: { externalId: 'BE', name: 'Belgium' } }),
      403,
      'FORBIDDEN',
    )
    expectProblem(
      await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'Again' } }),
      409,
      'ALREADY_EXISTS',
    )
    const list = await t.call('GET', '/v1/stores?search=fra', { as: 'reader' })
    expect(list.body.content.map((s: any) => s.externalId)).toEqual(['FR'])
  })

  it('S1 a new store externalId is carried to every operator assigned to it', async () => {
    const t = await testApp()
    const store = (await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })).body
    const op = (
      await t.call('POST', '/v1/operator-users', {
        body: { externalId: 'o1', email: 'o1@x.io', firstName: 'A', lastName: 'B', groups: ['User'], storeIds: ['FR'] },
      })
    ).body
    expect(
      (await t.call('PUT', `/v1/stores/${store.id}`, { body: { externalId: 'FR-PARIS', name: 'France' } })).status,
    ).toBe(200)
    expect((await t.call('GET', `/v1/operator-users/${op.id}`)).body.storeIds).toEqual(['FR-PARIS'])
  })

  it('S1 a store still assigned cannot be deleted; once unassigned it can', async () => {
    const t = await testApp()
    const store = (await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })).body
    const op = (
      await t.call('POST', '/v1/operator-users', {
        body: { externalId: 'o1', email: 'o1@x.io', firstName: 'A', lastName: 'B', groups: ['User'], storeIds: ['FR'] },
      })
    ).body
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `/v1/stores/${store.id}`), 409, 'IN_USE')
    expect(t.snapshot()).toBe(before)
    await t.call('PUT', `/v1/operator-users/${op.id}`, {
      body: { externalId: 'o1', email: 'o1@x.io', firstName: 'A', lastName: 'B', groups: ['User'], storeIds: [] },
    })
    expect((await t.call('DELETE', `/v1/stores/${store.id}`)).status).toBe(204)
    expectProblem(await t.call('GET', `/v1/stores/${store.id}`), 404, 'NOT_FOUND')
  })
})

describe('settings', () => {
  it('S2 every setting has a default', async () => {
    const t = await testApp()
    const r = await t.call('GET', '/v1/settings', { as: 'reader' })
    expect(r.body).toMatchObject({
      customerAccountApproval: false,
      customerActiveOnCreation: true,
      customerOnHoldOnCreation: false,
      defaultCurrency: 'EUR',
    })
  })

  it('S2 PATCH keeps omitted fields, PUT resets them to their default', async () => {
    const t = await testApp()
    await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true, defaultCurrency: 'USD' } })
    const patched = await t.call('PATCH', '/v1/settings', { body: { customerOnHoldOnCreation: true } })
    expect(patched.body).toMatchObject({
      customerAccountApproval: true,
      customerOnHoldOnCreation: true,
      defaultCurrency: 'USD',
    })
    const put = await t.call('PUT', '/v1/settings', { body: { customerOnHoldOnCreation: true } })
    expect(put.body).toMatchObject({
      customerAccountApproval: false,
      customerOnHoldOnCreation: true,
      defaultCurrency: 'EUR',
    })
  })

  it('S2 only Admin operators change settings', async () => {
    const t = await testApp()
    const before = t.snapshot()
    expectProblem(
      await t.call('PATCH', '/v1/settings', { as: 'user', body: { customerAccountApproval: true } }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await t.call('PUT', '/v1/settings', { as: 'reader', body: {} }), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
  })

  it('S2 a PUT or PATCH without any body is a 400, not a reset to the defaults', async () => {
    const t = await testApp()
    await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })
    const before = t.snapshot()
    for (const method of ['PUT', 'PATCH']) {
      const p = expectProblem(await t.call(method, '/v1/settings'), 400, 'VALIDATION_FAILED')
      expect(p.errors![0]).toMatchObject({ field: '(body)', code: 'REQUIRED' })
    }
    expect(t.snapshot()).toBe(before)
  })

  it('S2 over real HTTP too, a PUT without a body is a 400 and the settings stay', async () => {
    const { startServer } = await import('../../mock-server/node.js')
    const { ensureOperatorKey } = await import('../../mock-server/seed.js')
    const server = await startServer({ port: 0 })
    try {
      await ensureOperatorKey(server.app.db, 'k')
      const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': 'k' }
      await fetch(`${server.url}/v1/settings`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"customerAccountApproval":true}',
      })
      const r = await fetch(`${server.url}/v1/settings`, { method: 'PUT', headers })
      expect(r.status).toBe(400)
      expect(server.app.db.settings.customerAccountApproval).toBe(true)
    } finally {
      await server.close()
    }
  })

  it('S2 a bad value is a 400 naming the field, and changes nothing', async () => {
    const t = await testApp()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PATCH', '/v1/settings', { body: { defaultCurrency: 'euro', customerAccountApproval: 'yes' } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field).sort()).toEqual(['customerAccountApproval', 'defaultCurrency'])
    expect(t.snapshot()).toBe(before)
  })
})
