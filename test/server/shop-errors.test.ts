/**
 * SS5: a storefront error never reveals identifiers of another customer's data. A unique value another customer
 * holds is refused with a generic problem, and another account's organisations, users and addresses answer exactly
 * as ids that do not exist.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { login, makeAccount, makeOrg, makeUser, type Org, type ShopCaller } from './customer-fixtures.js'

const ADDRESS = {
  fullName: 'Globex SA',
  address: '1 avenue Louise',
  city: 'Bruxelles',
  zipCode: '1000',
  country: 'BE',
  shipping: true,
}

let t: TestApp
let acme: { id: string }
let globex: { id: string }
let gxHq: Org
let gxUser: Awaited<ReturnType<typeof makeUser>>
let gxAddress: { id: string; externalId: string }
let boss: ShopCaller
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  acme = await makeAccount(t, 'ACME')
  globex = await makeAccount(t, 'GLOBEX')
  gxHq = await makeOrg(t, { externalId: 'GX-HQ', accountId: globex.id })
  gxUser = await makeUser(t, { externalId: 'GX-USER', accountIds: [globex.id], organisationIds: [gxHq.id] })
  gxAddress = (
    await t.call('POST', `/v1/customer-accounts/${globex.id}/addresses`, {
      body: { ...ADDRESS, externalId: 'GX-ADDRESS' },
    })
  ).body
  const admin = await makeUser(t, { externalId: 'ADMIN', accountIds: [acme.id], groups: ['FOC_Admin'] })
  boss = await login(t, admin.email)
})

/** Nothing in the answer names the other customer's data. */
const revealsNothing = (body: unknown) => {
  const text = JSON.stringify(body)
  for (const secret of [globex.id, 'GLOBEX', gxHq.id, gxUser.id, gxUser.email, gxAddress.id])
    expect(text).not.toContain(secret)
}

describe('SS5 storefront errors reveal nothing of other customers', () => {
  it('SS5 organisations: an externalId another customer uses → 409 "cannot be used", on create and rename', async () => {
    const before = t.snapshot()
    const created = expectProblem(
      await boss.call('POST', '/v1/shop/organisations', { body: { externalId: 'GX-HQ', name: 'Mine' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(created.detail).toBe('This externalId cannot be used.')
    expect(created.errors).toEqual([{ field: 'externalId', code: 'DUPLICATE', message: 'cannot be used' }])
    revealsNothing(created)
    expect(t.snapshot()).toBe(before)

    const mine = await boss.call('POST', '/v1/shop/organisations', { body: { externalId: 'ACME-HQ', name: 'Mine' } })
    const renamed = expectProblem(
      await boss.call('PUT', `/v1/shop/organisations/${mine.body.id}`, { body: { externalId: 'GX-HQ', name: 'Mine' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(renamed.detail).toBe('This externalId cannot be used.')
  })

  it('SS5 addresses: an externalId another customer uses → 409 "cannot be used", on add and update', async () => {
    const before = t.snapshot()
    const added = expectProblem(
      await boss.call('POST', '/v1/shop/addresses', { body: { ...ADDRESS, externalId: 'GX-ADDRESS' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(added).toMatchObject({
      detail: 'This externalId cannot be used.',
      errors: [{ field: 'externalId', code: 'DUPLICATE', message: 'cannot be used' }],
    })
    expect(t.snapshot()).toBe(before)
    const mine = await boss.call('POST', '/v1/shop/addresses', { body: ADDRESS })
    const updated = expectProblem(
      await boss.call('PUT', `/v1/shop/addresses/${mine.body.id}`, { body: { ...ADDRESS, externalId: 'GX-ADDRESS' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(updated.detail).toBe('This externalId cannot be used.')
  })

  it('SS5 users: another account’s user, organisation or address answers as an id that does not exist', async () => {
    const asUnknown = async (method: string, path: (id: string) => string, real: string, body?: unknown) => {
      const theirs = await boss.call(method, path(real), { body })
      const none = await boss.call(method, path('none_0000000001'), { body })
      expect(theirs.status).toBe(none.status)
      expect(JSON.stringify(theirs.body).replaceAll(real, 'X')).toBe(
        JSON.stringify(none.body).replaceAll('none_0000000001', 'X'),
      )
      revealsNothing({ ...theirs.body, detail: String(theirs.body.detail).replaceAll(real, '') })
      return theirs
    }
    expect((await asUnknown('GET', (id) => `/v1/shop/customer-users/${id}`, gxUser.id)).status).toBe(404)
    await asUnknown('PATCH', (id) => `/v1/shop/customer-users/${id}`, gxUser.id, { status: 'INACTIVE' })
    await asUnknown('DELETE', (id) => `/v1/shop/customer-users/${id}`, gxUser.id)
    await asUnknown('PUT', (id) => `/v1/shop/addresses/${id}`, gxAddress.id, ADDRESS)
    const me = (await boss.call('GET', '/v1/authenticated-user')).body.id
    const org = await boss.call('PATCH', `/v1/shop/customer-users/${me}`, { body: { organisationIds: [gxHq.id] } })
    const none = await boss.call('PATCH', `/v1/shop/customer-users/${me}`, {
      body: { organisationIds: ['org_0000009999'] },
    })
    expect(org.status).toBe(422)
    expect(JSON.stringify(org.body).replaceAll(gxHq.id, 'X')).toBe(
      JSON.stringify(none.body).replaceAll('org_0000009999', 'X'),
    )
    expect(t.app.db.customerUsers.get(gxUser.id)?.status).toBe('ACTIVE')
  })
})
