/**
 * SS4: company admins manage their people and addresses on the storefront. An FOC_Admin of the current account reads,
 * deactivates, reactivates, regroups (in this account only), re-organises and removes its users, and manages its
 * addresses (A4); FOC_Users get none of it, and the last ACTIVE FOC_Admin of an account always stays one.
 */
import { setupServer } from 'msw/node'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMockApi } from '../../mock-server/msw.js'
import { DEMO_CUSTOMER_PASSWORD } from '../../mock-server/seed.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { login, makeAccount, makeOrg, makeUser, requestToken, type Org, type ShopCaller } from './customer-fixtures.js'
import { assisted, makeStore, setSupport } from './assisted-fixtures.js'

const SHOP_USERS = '/v1/shop/customer-users'
const SHOP_ADDRESSES = '/v1/shop/addresses'
const ADDRESS = {
  fullName: 'ACME SAS',
  address: '12 rue de la Paix',
  city: 'Paris',
  zipCode: '75002',
  country: 'FR',
  shipping: true,
}

let t: TestApp
let acme: { id: string }
let globex: { id: string }
let hq: Org
let team: Org
let gxHq: Org
let admin: Awaited<ReturnType<typeof makeUser>>
let buyer: Awaited<ReturnType<typeof makeUser>>
let shared: Awaited<ReturnType<typeof makeUser>>
let boss: ShopCaller
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  await makeStore(t, 'FR', 'https://shop.example.com/fr/')
  acme = await makeAccount(t, 'ACME')
  globex = await makeAccount(t, 'GLOBEX')
  hq = await makeOrg(t, { externalId: 'ACME-HQ', accountId: acme.id })
  team = await makeOrg(t, { externalId: 'ACME-TEAM', parentId: hq.id })
  gxHq = await makeOrg(t, { externalId: 'GX-HQ', accountId: globex.id })
  admin = await makeUser(t, { externalId: 'ADMIN', accountIds: [acme.id], groups: ['FOC_Admin'] })
  buyer = await makeUser(t, { externalId: 'BUYER', accountIds: [acme.id], organisationIds: [team.id] })
  shared = await makeUser(t, {
    externalId: 'SHARED',
    accountIds: [acme.id, globex.id],
    organisationIds: [hq.id, gxHq.id],
    mainOrganisationId: gxHq.id,
  })
  boss = await login(t, admin.email)
})

const stored = (id: string) => t.app.db.customerUsers.get(id)
const backOffice = async (id: string) => (await t.call('GET', `/v1/customer-users/${id}`)).body

describe('SS4 company admins manage their users', () => {
  it('SS4 FOC_Users get 403 on every user and address route, and nothing changes', async () => {
    const me = await login(t, buyer.email)
    const before = t.snapshot()
    for (const [method, path, body] of [
      ['GET', `${SHOP_USERS}/${admin.id}`],
      ['PATCH', `${SHOP_USERS}/${admin.id}`, { status: 'INACTIVE' }],
      ['DELETE', `${SHOP_USERS}/${admin.id}`],
      ['GET', SHOP_ADDRESSES],
      ['POST', SHOP_ADDRESSES, ADDRESS],
      ['PUT', `${SHOP_ADDRESSES}/adr_0000000001`, ADDRESS],
      ['DELETE', `${SHOP_ADDRESSES}/adr_0000000001`],
    ] as const)
      expectProblem(await me.call(method, path, { body }), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
  })

  it('SS4 an FOC_Admin deactivates and reactivates a user of the account; audited as that admin', async () => {
    const off = await boss.call('PATCH', `${SHOP_USERS}/${buyer.id}`, { body: { status: 'INACTIVE' } })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ id: buyer.id, status: 'INACTIVE', accountIds: [acme.id] })
    expect(off.headers.get('etag')).toBe(`"${off.body.version}"`)
    expectProblem(await requestToken(t, buyer.email, 'Sunny-Day-42'), 403, 'LOGIN_NOT_ALLOWED')
    const on = await boss.call('PATCH', `${SHOP_USERS}/${buyer.id}`, { body: { status: 'ACTIVE' } })
    expect(on.body.status).toBe('ACTIVE')
    expect((await requestToken(t, buyer.email, 'Sunny-Day-42')).status).toBe(200)
    const audit = (
      await t.call('GET', `/v1/audit-events?entity=customer-user&action=update&ids=${buyer.id}&sort=seq:asc`)
    ).body.content as { actor: string; action: string }[]
    expect(audit.slice(-2)).toMatchObject([
      { actor: `customer-user:${admin.id}`, action: 'update' },
      { actor: `customer-user:${admin.id}`, action: 'update' },
    ])
  })

  it('SS4 U16 groups change in the current account only; the answer shows this account alone', async () => {
    const r = await boss.call('PATCH', `${SHOP_USERS}/${shared.id}`, { body: { groups: ['FOC_Admin'] } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      groups: ['FOC_Admin'],
      accountIds: [acme.id],
      memberships: [{ accountId: acme.id, groups: ['FOC_Admin'] }],
      organisationIds: [hq.id],
      mainOrganisationId: null,
    })
    expect((await backOffice(shared.id)).memberships).toEqual([
      { accountId: acme.id, groups: ['FOC_Admin'] },
      { accountId: globex.id, groups: ['FOC_User'] },
    ])
  })

  it('SS4 organisations: set among the account’s, those of other accounts kept; another account’s is unknown', async () => {
    const r = await boss.call('PATCH', `${SHOP_USERS}/${shared.id}`, { body: { organisationIds: [team.id] } })
    expect(r.status).toBe(200)
    expect(r.body.organisationIds).toEqual([team.id])
    expect(stored(shared.id)).toMatchObject({ organisationIds: [team.id, gxHq.id], mainOrganisationId: gxHq.id })
    // U4: their main organisation is of another account: not this admin's to change.
    expectProblem(
      await boss.call('PATCH', `${SHOP_USERS}/${shared.id}`, { body: { mainOrganisationId: null } }),
      422,
      'RULE_VIOLATION',
    )
    expect(stored(shared.id)?.mainOrganisationId).toBe(gxHq.id)
    const main = await boss.call('PATCH', `${SHOP_USERS}/${buyer.id}`, {
      body: { organisationIds: [hq.id, team.id], mainOrganisationId: hq.id },
    })
    expect(main.body).toMatchObject({ organisationIds: [hq.id, team.id], mainOrganisationId: hq.id })
    const before = t.snapshot()
    const p = expectProblem(
      await boss.call('PATCH', `${SHOP_USERS}/${buyer.id}`, { body: { organisationIds: [hq.id, gxHq.id] } }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(p.errors?.map((e) => [e.field, e.code])).toEqual([['organisationIds[1]', 'UNKNOWN_REFERENCE']])
    expect(t.snapshot()).toBe(before)
  })

  it('SS4 the last ACTIVE FOC_Admin is never deactivated, demoted or removed → 409 LAST_FOC_ADMIN', async () => {
    const before = t.snapshot()
    for (const [method, body] of [
      ['PATCH', { status: 'INACTIVE' }],
      ['PATCH', { groups: ['FOC_User'] }],
      ['DELETE', undefined],
    ] as const) {
      const p = expectProblem(await boss.call(method, `${SHOP_USERS}/${admin.id}`, { body }), 409, 'LAST_FOC_ADMIN')
      expect(p.detail).toMatch(/last active FOC_Admin/)
    }
    expect(t.snapshot()).toBe(before)
    // With a second one, the first may step down.
    await boss.call('PATCH', `${SHOP_USERS}/${buyer.id}`, { body: { groups: ['FOC_Admin'] } })
    expect((await boss.call('PATCH', `${SHOP_USERS}/${admin.id}`, { body: { groups: ['FOC_User'] } })).status).toBe(200)
    expectProblem(await boss.call('GET', SHOP_USERS), 403, 'FORBIDDEN')
  })

  it('SS4 an INACTIVE FOC_Admin does not count: the only ACTIVE one stays', async () => {
    await makeUser(t, { externalId: 'SLEEPER', accountIds: [acme.id], groups: ['FOC_Admin'], status: 'INACTIVE' })
    expectProblem(await boss.call('DELETE', `${SHOP_USERS}/${admin.id}`), 409, 'LAST_FOC_ADMIN')
  })

  it('SS4 removing: a user of several accounts leaves this one only; a user of this account alone is deleted', async () => {
    expect((await boss.call('DELETE', `${SHOP_USERS}/${shared.id}`)).status).toBe(204)
    expect(await backOffice(shared.id)).toMatchObject({
      accountIds: [globex.id],
      memberships: [{ accountId: globex.id, groups: ['FOC_User'] }],
      organisationIds: [gxHq.id],
      mainOrganisationId: gxHq.id,
    })
    expectProblem(await boss.call('GET', `${SHOP_USERS}/${shared.id}`), 404, 'NOT_FOUND')
    expect((await boss.call('DELETE', `${SHOP_USERS}/${buyer.id}`)).status).toBe(204)
    expect(stored(buyer.id)).toBeUndefined()
  })

  it('SS4 status of a user who also belongs to another account is refused: remove them instead', async () => {
    const before = t.snapshot()
    const p = expectProblem(
      await boss.call('PATCH', `${SHOP_USERS}/${shared.id}`, { body: { status: 'INACTIVE' } }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors?.map((e) => e.field)).toEqual(['status'])
    expect(t.snapshot()).toBe(before)
  })

  it('SS4 GET one user of the account with its ETag; a stale If-Match → 412', async () => {
    const r = await boss.call('GET', `${SHOP_USERS}/${buyer.id}`)
    expect(r.body).toMatchObject({ id: buyer.id, groups: ['FOC_User'], organisationIds: [team.id] })
    expect(r.headers.get('etag')).toBe(`"${r.body.version}"`)
    expectProblem(
      await boss.call('PATCH', `${SHOP_USERS}/${buyer.id}`, {
        body: { status: 'INACTIVE' },
        headers: { 'if-match': '"99"' },
      }),
      412,
      'PRECONDITION_FAILED',
    )
  })

  it('SS4 in an assisted session the change is audited as the operator acting for the admin', async () => {
    await setSupport(t, 'test-user', true)
    const operator = t.app.db.operators.findBy('externalId', 'test-user')!.id
    const session = await assisted(t, admin.id)
    expect((await session.call('PATCH', `${SHOP_USERS}/${buyer.id}`, { body: { status: 'INACTIVE' } })).status).toBe(
      200,
    )
    const audit = (
      await t.call('GET', `/v1/audit-events?entity=customer-user&action=update&ids=${buyer.id}&sort=seq:desc`)
    ).body.content as { actor: string }[]
    expect(audit[0].actor).toBe(`operator:${operator} as customer-user:${admin.id}`)
  })
})

describe('SS4 company admins manage their addresses (A4)', () => {
  it('SS4 list, add, update and delete the current account’s addresses with its ETag', async () => {
    const empty = await boss.call('GET', SHOP_ADDRESSES)
    expect(empty.body).toEqual([])
    const added = await boss.call('POST', SHOP_ADDRESSES, {
      body: { ...ADDRESS, externalId: 'ACME-A1', isDefault: true },
    })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ externalId: 'ACME-A1', shipping: true, billing: false, isDefault: true })
    // A4: the newest default shipping address wins.
    const second = await boss.call('POST', SHOP_ADDRESSES, {
      body: { ...ADDRESS, externalId: 'ACME-A2', isDefault: true },
    })
    const list = await boss.call('GET', SHOP_ADDRESSES)
    expect(list.body.map((a: { externalId: string; isDefault: boolean }) => [a.externalId, a.isDefault])).toEqual([
      ['ACME-A1', false],
      ['ACME-A2', true],
    ])
    const etag = list.headers.get('etag')!
    expect(etag).toBe(second.headers.get('etag'))
    expectProblem(
      await boss.call('PUT', `${SHOP_ADDRESSES}/${added.body.id}`, {
        body: { ...ADDRESS, city: 'Lyon' },
        headers: { 'if-match': '"1"' },
      }),
      412,
      'PRECONDITION_FAILED',
    )
    const updated = await boss.call('PUT', `${SHOP_ADDRESSES}/${added.body.id}`, {
      body: { ...ADDRESS, city: 'Lyon' },
      headers: { 'if-match': etag },
    })
    expect(updated.body).toMatchObject({ id: added.body.id, externalId: 'ACME-A1', city: 'Lyon' })
    expect((await boss.call('DELETE', `${SHOP_ADDRESSES}/${added.body.id}`)).status).toBe(204)
    expect(t.app.db.customerAccounts.get(acme.id)!.addresses.map((a) => a.externalId)).toEqual(['ACME-A2'])
    const audit = (await t.call('GET', `/v1/audit-events?entity=customer-account&ids=${acme.id}&sort=seq:desc`)).body
      .content as { actor: string; action: string }[]
    expect(audit[0]).toMatchObject({ action: 'delete-address', actor: `customer-user:${admin.id}` })
  })

  it('SS4 A4 an address needs shipping or billing → 400 naming `shipping`; another account’s address is a 404', async () => {
    const p = expectProblem(
      await boss.call('POST', SHOP_ADDRESSES, { body: { ...ADDRESS, shipping: false } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors?.map((e) => e.field)).toEqual(['shipping'])
    const theirs = await t.call('POST', `/v1/customer-accounts/${globex.id}/addresses`, { body: ADDRESS })
    const before = t.snapshot()
    expectProblem(await boss.call('PUT', `${SHOP_ADDRESSES}/${theirs.body.id}`, { body: ADDRESS }), 404, 'NOT_FOUND')
    expectProblem(await boss.call('DELETE', `${SHOP_ADDRESSES}/${theirs.body.id}`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })
})

describe('SS4 through MSW', () => {
  it('SS4 the demo ACME admin regroups a colleague and adds an address through the MSW handlers', async () => {
    const BASE = 'http://ss4.test'
    const mock = await createMockApi({ baseUrl: BASE, seed: 'demo-small' })
    const server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      const token = await fetch(`${BASE}/auth/token`, {
        method: 'POST',
        headers: { 'dj-client': 'ACCOUNT', 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'alice.admin@acme.example', password: DEMO_CUSTOMER_PASSWORD }),
      })
      expect(token.status).toBe(200)
      const headers = {
        'dj-client': 'ACCOUNT',
        authorization: `Bearer ${(await token.json()).accessToken}`,
        'content-type': 'application/json',
      }
      const sophie = mock.app.db.customerUsers.findBy('externalId', 'ACME-SAT')!
      const r = await fetch(`${BASE}${SHOP_USERS}/${sophie.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ groups: ['FOC_Admin'] }),
      })
      expect(r.status).toBe(200)
      expect((await r.json()).groups).toEqual(['FOC_Admin'])
      const added = await fetch(`${BASE}${SHOP_ADDRESSES}`, { method: 'POST', headers, body: JSON.stringify(ADDRESS) })
      expect(added.status).toBe(201)
      expect((await (await fetch(`${BASE}${SHOP_ADDRESSES}`, { headers })).json()).length).toBeGreaterThan(0)
    } finally {
      server.close()
    }
  })
})
