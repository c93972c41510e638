import { describe, expect, it } from 'vitest'
import { KEYS, expectProblem, testApp, type TestApp } from '../helpers.js'

const claire = {
  externalId: 'OP-1',
  email: 'Claire.Martin@Example.com',
  civility: 'MRS',
  firstName: 'Claire',
  lastName: 'Martin',
  locale: 'fr-FR',
  groups: ['User'],
}

async function withStores(t: TestApp, ...ids: string[]) {
  for (const externalId of ids) await t.call('POST', '/v1/stores', { body: { externalId, name: externalId } })
}

describe('operators', () => {
  it('OP1 an operator has the fields of the seed, with a derived fullName', async () => {
    const t = await testApp()
    const r = await t.call('POST', '/v1/operator-users', { body: claire })
    expect(r.status).toBe(201)
    expect(r.body).toEqual({
      id: expect.stringMatching(/^op_/),
      externalId: 'OP-1',
      email: 'Claire.Martin@Example.com',
      civility: 'MRS',
      firstName: 'Claire',
      lastName: 'Martin',
      fullName: 'Claire Martin',
      locale: 'fr-FR',
      status: 'ACTIVE',
      groups: ['User'],
      storeIds: [],
      support: false,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
  })

  it('OP1 only Admin creates, edits or deletes operators', async () => {
    const t = await testApp()
    const before = t.snapshot()
    expectProblem(await t.call('POST', '/v1/operator-users', { as: 'user', body: claire }), 403, 'FORBIDDEN')
    const admin = (await t.call('GET', '/v1/operator-users?externalIds=test-admin')).body.content[0]
    expectProblem(
      await t.call('PUT', `/v1/operator-users/${admin.id}`, { as: 'user', body: { ...claire, groups: ['Admin'] } }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await t.call('DELETE', `/v1/operator-users/${admin.id}`, { as: 'user' }), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
  })

  it('OP1 email (case-insensitive) and externalId are unique', async () => {
    const t = await testApp()
    await t.call('POST', '/v1/operator-users', { body: claire })
    const p = expectProblem(
      await t.call('POST', '/v1/operator-users', {
        body: { ...claire, externalId: 'OP-2', email: 'claire.martin@example.COM' },
      }),
      409,
      'ALREADY_EXISTS',
    )
    expect(p.errors![0].field).toBe('email')
    expect(
      expectProblem(await t.call('POST', '/v1/operator-users', { body: { ...claire, email: 'x@y.io' } }), 409)
        .errors![0].field,
    ).toBe('externalId')
  })

  it('OP1 bad input is a 400 naming every field, and changes nothing', async () => {
    const t = await testApp()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', '/v1/operator-users', {
        body: {
          externalId: 'é t',
          email: 'nope',
          firstName: '',
          groups: ['Boss'],
          locale: 'xx_not-a-locale!',
          oops: 1,
        },
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field).sort()).toEqual(
      ['email', 'externalId', 'firstName', 'groups[0]', 'lastName', 'locale', 'oops'].sort(),
    )
    expect(p.errors!.find((e) => e.field === 'lastName')!.code).toBe('REQUIRED')
    expect(p.errors!.find((e) => e.field === 'oops')!.code).toBe('UNKNOWN_FIELD')
    expect(t.snapshot()).toBe(before)
  })

  it('OP1 the last active Admin cannot be deleted, demoted or deactivated', async () => {
    const t = await testApp()
    const admin = (await t.call('GET', '/v1/operator-users?externalIds=test-admin')).body.content[0]
    const body = {
      externalId: admin.externalId,
      email: admin.email,
      firstName: admin.firstName,
      lastName: admin.lastName,
      groups: ['Admin'],
    }
    expectProblem(await t.call('DELETE', `/v1/operator-users/${admin.id}`), 409, 'LAST_ADMIN')
    expectProblem(
      await t.call('PUT', `/v1/operator-users/${admin.id}`, { body: { ...body, groups: ['User'] } }),
      409,
      'LAST_ADMIN',
    )
    expectProblem(
      await t.call('PUT', `/v1/operator-users/${admin.id}`, { body: { ...body, status: 'INACTIVE' } }),
      409,
      'LAST_ADMIN',
    )
    await t.call('POST', '/v1/operator-users', { body: { ...claire, groups: ['Admin'] } })
    expect(
      (await t.call('PUT', `/v1/operator-users/${admin.id}`, { body: { ...body, groups: ['User'] } })).status,
    ).toBe(200)
  })

  it('OP2 Reader reads only: every write is 403', async () => {
    const t = await testApp()
    const tag = (await t.call('POST', '/v1/customer-tags', { body: { externalId: 'vip', name: 'VIP' } })).body
    const acc = (
      await t.call('POST', '/v1/customer-accounts', {
        body: { externalId: 'A', name: 'A', companyRegistrationName: 'A', businessRegistrationNumber: '1' },
      })
    ).body
    const before = t.snapshot()
    for (const [method, path, body] of [
      [
        'POST',
        '/v1/customer-accounts',
        { externalId: 'B', name: 'B', companyRegistrationName: 'B', businessRegistrationNumber: '2' },
      ],
      [
        'PUT',
        `/v1/customer-accounts/${acc.id}`,
        { externalId: 'A', name: 'A2', companyRegistrationName: 'A', businessRegistrationNumber: '1' },
      ],
      ['DELETE', `/v1/customer-accounts/${acc.id}`, undefined],
      ['PUT', '/v1/customer-accounts/A/customer-tags', { customerTagExternalIds: ['vip'] }],
      ['DELETE', `/v1/customer-tags/${tag.id}`, undefined],
      ['PATCH', '/v1/settings', {}],
    ] as const) {
      expectProblem(await t.call(method, path, { as: 'reader', body }), 403, 'FORBIDDEN')
    }
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `/v1/customer-accounts/${acc.id}`, { as: 'reader' })).status).toBe(200)
  })

  it('OP2 User writes customer data but not operators, stores, settings or tags', async () => {
    const t = await testApp()
    expect(
      (
        await t.call('POST', '/v1/customer-accounts', {
          as: 'user',
          body: { externalId: 'A', name: 'A', companyRegistrationName: 'A', businessRegistrationNumber: '1' },
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await t.call('PUT', '/v1/customer-accounts/A/customer-tags', {
          as: 'user',
          body: { customerTagExternalIds: [] },
        })
      ).status,
    ).toBe(204)
    expectProblem(await t.call('POST', '/v1/stores', { as: 'user', body: { externalId: 'X', name: 'X' } }), 403)
    expectProblem(await t.call('POST', '/v1/customer-tags', { as: 'user', body: { externalId: 'x', name: 'X' } }), 403)
    expectProblem(await t.call('PATCH', '/v1/settings', { as: 'user', body: {} }), 403)
    expectProblem(await t.call('POST', '/v1/operator-users', { as: 'user', body: claire }), 403)
  })

  it('OP2 an INACTIVE operator is refused everywhere, even reads', async () => {
    const t = await testApp()
    const user = (await t.call('GET', '/v1/operator-users?externalIds=test-user')).body.content[0]
    await t.call('PUT', `/v1/operator-users/${user.id}`, {
      body: {
        externalId: user.externalId,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        groups: ['User'],
        status: 'INACTIVE',
      },
    })
    expectProblem(await t.call('GET', '/v1/stores', { as: 'user' }), 403, 'OPERATOR_INACTIVE')
  })

  it('OP3 a new operator has no stores; there is no "all stores" value; stores are referenced by externalId', async () => {
    const t = await testApp()
    await withStores(t, 'FR', 'BE')
    expect((await t.call('POST', '/v1/operator-users', { body: claire })).body.storeIds).toEqual([])
    const p = expectProblem(
      await t.call('POST', '/v1/operator-users', {
        body: { ...claire, externalId: 'x', email: 'x@x.io', storeIds: ['FR', 'ALL', '*'] },
      }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['storeIds[1]', 'storeIds[2]'])
    const store = (await t.call('GET', '/v1/stores?externalIds=FR')).body.content[0]
    expectProblem(
      await t.call('POST', '/v1/operator-users', {
        body: { ...claire, externalId: 'y', email: 'y@x.io', storeIds: [store.id] },
      }),
      422,
    )
  })

  it('OP3 a new store is assigned to nobody', async () => {
    const t = await testApp()
    await withStores(t, 'FR')
    const op = (await t.call('POST', '/v1/operator-users', { body: { ...claire, storeIds: ['FR'] } })).body
    await withStores(t, 'DE')
    expect((await t.call('GET', `/v1/operator-users/${op.id}`)).body.storeIds).toEqual(['FR'])
    expect((await t.call('GET', '/v1/operator-users?storeIds=DE')).body.totalElements).toBe(0)
  })

  it('OP3 on update: storeIds omitted → unchanged, [] → none, a list → replaces', async () => {
    const t = await testApp()
    await withStores(t, 'FR', 'BE', 'DE')
    const op = (await t.call('POST', '/v1/operator-users', { body: { ...claire, storeIds: ['FR', 'BE'] } })).body
    const put = (storeIds?: string[]) =>
      t.call('PUT', `/v1/operator-users/${op.id}`, { body: { ...claire, ...(storeIds ? { storeIds } : {}) } })
    expect((await put()).body.storeIds).toEqual(['FR', 'BE'])
    expect((await put(['DE'])).body.storeIds).toEqual(['DE'])
    expect((await put([])).body.storeIds).toEqual([])
  })

  it('OP4 the API does not reject a dj-store the operator is not assigned to', async () => {
    const t = await testApp()
    await withStores(t, 'FR', 'DE')
    const key = (await t.call('POST', '/v1/operator-users', { body: { ...claire, storeIds: ['FR'] } })).body
    const secret = (await t.call('POST', `/v1/operator-users/${key.id}/api-keys`, { body: {} })).body.key
    const r = await t.call('POST', '/v1/customer-accounts', {
      key: secret,
      headers: { 'dj-store': 'DE' },
      body: { externalId: 'A', name: 'A', companyRegistrationName: 'A', businessRegistrationNumber: '1' },
    })
    expect(r.status).toBe(201)
  })

  it('OP7 GET /v1/operator-users/me answers the calling operator: their level (the highest group) and assigned stores by name', async () => {
    const t = await testApp()
    await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
    await t.call('POST', '/v1/stores', { body: { externalId: 'BE', name: 'Belgique' } })
    await t.call('POST', '/v1/stores', { body: { externalId: 'DE', name: 'Deutschland' } })
    const op = (
      await t.call('POST', '/v1/operator-users', {
        body: { ...claire, groups: ['Reader', 'User'], storeIds: ['BE', 'FR'] },
      })
    ).body
    const key = (await t.call('POST', `/v1/operator-users/${op.id}/api-keys`, { body: {} })).body.key
    const me = await t.call('GET', '/v1/operator-users/me', { key })
    expect(me.status).toBe(200)
    expect(me.headers.get('etag')).toBe('"1"')
    expect(me.body).toMatchObject({ id: op.id, externalId: 'OP-1', fullName: 'Claire Martin', level: 'User' })
    expect(me.body.stores).toEqual([
      { externalId: 'BE', name: 'Belgique' },
      { externalId: 'FR', name: 'France' },
    ])
    // Any level may ask; each gets themselves.
    expect((await t.call('GET', '/v1/operator-users/me', { as: 'reader' })).body).toMatchObject({
      externalId: 'test-reader',
      level: 'Reader',
      stores: [],
    })
    expect((await t.call('GET', '/v1/operator-users/me')).body.level).toBe('Admin')
    expectProblem(await t.call('GET', '/v1/operator-users/me', { as: null }), 401, 'UNAUTHENTICATED')
  })

  it('OP6 an API key is shown once, stored hashed, works at once and stops working when revoked', async () => {
    const t = await testApp()
    const op = (await t.call('POST', '/v1/operator-users', { body: claire })).body
    const created = await t.call('POST', `/v1/operator-users/${op.id}/api-keys`, { body: { name: 'ERP' } })
    expect(created.status).toBe(201)
    const { id, key } = created.body
    expect(key).toMatch(/^djk_[A-Za-z0-9_-]{40,}$/)
    expect(JSON.stringify(t.app.db.toJSON())).not.toContain(key)
    const listed = (await t.call('GET', `/v1/operator-users/${op.id}/api-keys`)).body
    expect(listed).toEqual([
      { id, name: 'ERP', prefix: key.slice(0, 8), createdAt: expect.any(String), lastUsedAt: null },
    ])
    expect((await t.call('GET', '/v1/stores', { key })).status).toBe(200)
    expect((await t.call('GET', `/v1/operator-users/${op.id}/api-keys`)).body[0].lastUsedAt).toEqual(expect.any(String))
    expect((await t.call('DELETE', `/v1/operator-users/${op.id}/api-keys/${id}`)).status).toBe(204)
    expectProblem(await t.call('GET', '/v1/stores', { key }), 401, 'UNAUTHENTICATED')
  })

  it('OP6 only Admin manages keys; deleting an operator revokes theirs', async () => {
    const t = await testApp()
    const op = (await t.call('POST', '/v1/operator-users', { body: claire })).body
    expectProblem(await t.call('POST', `/v1/operator-users/${op.id}/api-keys`, { as: 'user', body: {} }), 403)
    const { key } = (await t.call('POST', `/v1/operator-users/${op.id}/api-keys`, { body: {} })).body
    expect((await t.call('DELETE', `/v1/operator-users/${op.id}`)).status).toBe(204)
    expectProblem(await t.call('GET', '/v1/stores', { key }), 401)
    expect(t.app.db.apiKeys.toJSON().some((k) => k.operatorId === op.id)).toBe(false)
  })

  it('OP6 unknown credentials are 401; a missing dj-client is 400', async () => {
    const t = await testApp()
    expectProblem(await t.call('GET', '/v1/stores', { as: null }), 401, 'UNAUTHENTICATED')
    expectProblem(await t.call('GET', '/v1/stores', { key: `${KEYS.admin}x` }), 401, 'UNAUTHENTICATED')
    const p = expectProblem(
      await t.call('GET', '/v1/stores', { headers: { 'dj-client': 'PARTNER' } }),
      400,
      'CLIENT_HEADER_INVALID',
    )
    expect(p.errors![0].field).toBe('dj-client')
    expectProblem(await t.call('GET', '/v1/stores', { headers: { 'dj-client': 'ACCOUNT' } }), 403, 'WRONG_CLIENT')
  })
})
