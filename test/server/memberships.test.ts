/**
 * U16: groups belong to the membership, not the person. A user's groups are kept per account, answered as `groups`
 * (every group of any account) and `memberships` in the back office, and as the current account's on the storefront;
 * every FOC_Admin check (storefront routes, O5 visibility, B1 approvers) asks about the account at hand.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { databaseShapeProblem } from '../../mock-server/db.js'
import { MemoryStore } from '../../mock-server/storage/store.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { login, makeAccount, makeOrg, makeUser, outline } from './customer-fixtures.js'

let t: TestApp
let acme: { id: string }
let globex: { id: string }
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  acme = await makeAccount(t, 'ACME')
  globex = await makeAccount(t, 'GLOBEX')
})

const USERS = '/v1/customer-users'
const get = async (id: string) => (await t.call('GET', `${USERS}/${id}`)).body

describe('U16 groups per account', () => {
  it('U16 an FOC_Admin of ACME added to GLOBEX is FOC_User there: no GLOBEX tree, users or admin routes', async () => {
    const hq = await makeOrg(t, { externalId: 'GX-HQ', accountId: globex.id })
    await makeOrg(t, { externalId: 'GX-BRANCH', accountId: globex.id })
    await makeUser(t, { externalId: 'GX-BOSS', accountIds: [globex.id], groups: ['FOC_Admin'] })
    const alice = await makeUser(t, { externalId: 'ALICE', accountIds: [acme.id], groups: ['FOC_Admin'] })
    const r = await t.call('PATCH', `${USERS}/${alice.id}`, {
      body: { accountIds: [acme.id, globex.id], organisationIds: [hq.id], mainOrganisationId: hq.id },
    })
    expect(r.status).toBe(200)
    expect(r.body.groups).toEqual(['FOC_Admin', 'FOC_User'])
    expect(r.body.memberships).toEqual([
      { accountId: acme.id, groups: ['FOC_Admin'] },
      { accountId: globex.id, groups: ['FOC_User'] },
    ])

    const shop = await login(t, alice.email)
    // In GLOBEX: their own organisation only, and no admin route.
    const me = await shop.call('GET', '/v1/authenticated-user', { accountId: globex.id })
    expect(me.body).toMatchObject({ currentAccountId: globex.id, groups: ['FOC_User'] })
    expect(outline((await shop.call('GET', '/v1/shop/organisations', { accountId: globex.id })).body)).toBe('GX-HQ')
    expectProblem(await shop.call('GET', '/v1/shop/customer-users', { accountId: globex.id }), 403, 'FORBIDDEN')
    expectProblem(
      await shop.call('POST', '/v1/shop/organisations', { accountId: globex.id, body: { externalId: 'X', name: 'X' } }),
      403,
      'FORBIDDEN',
    )
    expect(t.app.db.organisations.findBy('externalId', 'X')).toBeUndefined()
    // In ACME they are still its FOC_Admin.
    expect((await shop.call('GET', '/v1/authenticated-user', { accountId: acme.id })).body.groups).toEqual([
      'FOC_Admin',
    ])
    expect((await shop.call('GET', '/v1/shop/customer-users', { accountId: acme.id })).status).toBe(200)
  })

  it('U16 create: plain `groups` go to every account, `memberships` set the accounts they name', async () => {
    const both = await makeUser(t, { externalId: 'BOTH', accountIds: [acme.id, globex.id], groups: ['FOC_Admin'] })
    expect((await get(both.id)).memberships).toEqual([
      { accountId: acme.id, groups: ['FOC_Admin'] },
      { accountId: globex.id, groups: ['FOC_Admin'] },
    ])
    const mixed = await makeUser(t, {
      externalId: 'MIXED',
      accountIds: [acme.id, globex.id],
      groups: ['FOC_User'],
      memberships: [{ accountId: globex.id, groups: ['FOC_Admin', 'FOC_Webmaster'] }],
    } as never)
    expect(mixed).toMatchObject({
      groups: ['FOC_User', 'FOC_Admin', 'FOC_Webmaster'],
      memberships: [
        { accountId: acme.id, groups: ['FOC_User'] },
        { accountId: globex.id, groups: ['FOC_Admin', 'FOC_Webmaster'] },
      ],
    })
  })

  it('U16 `memberships` must name accounts of `accountIds`, each once → 422 naming the entry, nothing stored', async () => {
    const before = t.snapshot()
    const base = {
      externalId: 'BAD',
      civility: 'MR',
      firstName: 'B',
      lastName: 'B',
      email: 'bad@example.com',
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds: [acme.id],
    }
    const outside = expectProblem(
      await t.call('POST', USERS, {
        body: { ...base, memberships: [{ accountId: globex.id, groups: ['FOC_Admin'] }] },
      }),
      422,
      'RULE_VIOLATION',
    )
    expect(outside.errors).toEqual([{ field: 'memberships[0].accountId', code: 'RULE', message: expect.any(String) }])
    const twice = expectProblem(
      await t.call('POST', USERS, {
        body: {
          ...base,
          memberships: [
            { accountId: acme.id, groups: ['FOC_Admin'] },
            { accountId: acme.id, groups: ['FOC_User'] },
          ],
        },
      }),
      422,
      'RULE_VIOLATION',
    )
    expect(twice.errors?.map((e) => [e.field, e.code])).toEqual([['memberships[1].accountId', 'DUPLICATE']])
    expect(t.snapshot()).toBe(before)
  })

  it('U16 update: a changed `groups` sets every account of the body; the same list keeps each account its groups', async () => {
    const u = await makeUser(t, {
      externalId: 'U',
      accountIds: [acme.id, globex.id],
      groups: ['FOC_User'],
      memberships: [{ accountId: acme.id, groups: ['FOC_Admin'] }],
    } as never)
    const body = {
      civility: 'MR',
      firstName: 'First',
      lastName: 'U',
      email: u.email,
      phone: '+33 6 12 34 56 78',
      accountIds: [acme.id, globex.id],
    }
    // What a form read and sends back: nothing changes.
    const same = await t.call('PUT', `${USERS}/${u.id}`, { body: { ...body, groups: ['FOC_User', 'FOC_Admin'] } })
    expect(same.body.memberships).toEqual([
      { accountId: acme.id, groups: ['FOC_Admin'] },
      { accountId: globex.id, groups: ['FOC_User'] },
    ])
    // Another list: every account of the body gets it.
    const changed = await t.call('PUT', `${USERS}/${u.id}`, { body: { ...body, groups: ['FOC_Webmaster'] } })
    expect(changed.body).toMatchObject({
      groups: ['FOC_Webmaster'],
      memberships: [
        { accountId: acme.id, groups: ['FOC_Webmaster'] },
        { accountId: globex.id, groups: ['FOC_Webmaster'] },
      ],
    })
    // PATCH with memberships only changes that account.
    const patched = await t.call('PATCH', `${USERS}/${u.id}`, {
      body: { memberships: [{ accountId: globex.id, groups: ['FOC_Admin'] }] },
    })
    expect(patched.body.memberships).toEqual([
      { accountId: acme.id, groups: ['FOC_Webmaster'] },
      { accountId: globex.id, groups: ['FOC_Admin'] },
    ])
  })

  it('U16 the list filter `groups` matches a user when any of their accounts gives the group', async () => {
    const u = await makeUser(t, {
      externalId: 'U',
      accountIds: [acme.id, globex.id],
      groups: ['FOC_User'],
      memberships: [{ accountId: globex.id, groups: ['FOC_Admin'] }],
    } as never)
    await makeUser(t, { externalId: 'OTHER', accountIds: [acme.id] })
    const ids = async (q: string) =>
      (await t.call('GET', `${USERS}?${q}`)).body.content.map((x: { id: string }) => x.id)
    expect(await ids('groups=FOC_Admin')).toEqual([u.id])
    expect((await ids('groups=FOC_User')).length).toBe(2)
  })

  it('U16 B1 an approver must be FOC_Admin of the policy account, not of another of their accounts', async () => {
    const buyer = await makeUser(t, { externalId: 'BUYER', accountIds: [acme.id] })
    const u = await makeUser(t, {
      externalId: 'U',
      accountIds: [acme.id, globex.id],
      groups: ['FOC_User'],
      memberships: [{ accountId: globex.id, groups: ['FOC_Admin'] }],
    } as never)
    const policy = { name: 'P', message: 'm', accountId: acme.id, reviewedUserIds: [buyer.id], approverUserIds: [u.id] }
    const p = expectProblem(await t.call('POST', '/v1/buying-policies', { body: policy }), 422, 'RULE_VIOLATION')
    expect(p.errors).toEqual([
      { field: 'approverUserIds[0]', code: 'RULE', message: 'must be an ACTIVE FOC_Admin user' },
    ])
    await t.call('PATCH', `${USERS}/${u.id}`, {
      body: { memberships: [{ accountId: acme.id, groups: ['FOC_Admin'] }] },
    })
    expect((await t.call('POST', '/v1/buying-policies', { body: policy })).status).toBe(201)
  })

  it('U16 R2 a data file saved before U16 (one `groups` per user) loads with those groups in each account', async () => {
    const u = await makeUser(t, { externalId: 'OLD', accountIds: [acme.id, globex.id], groups: ['FOC_Admin'] })
    const saved = JSON.parse(JSON.stringify(t.app.db.toJSON()))
    for (const r of saved.customerUsers) {
      r.groups = Object.values(r.groupsByAccount)[0]
      delete r.groupsByAccount
    }
    expect(databaseShapeProblem(saved)).toBeNull()
    const again = await testApp({ store: new MemoryStore(saved), passwordIterations: 1000 })
    const r = await again.call('GET', `${USERS}/${u.id}`)
    expect(r.body).toMatchObject({
      groups: ['FOC_Admin'],
      memberships: [
        { accountId: acme.id, groups: ['FOC_Admin'] },
        { accountId: globex.id, groups: ['FOC_Admin'] },
      ],
    })
    // Saved again in the new form; a user with neither form is not this server's data.
    expect(again.app.db.toJSON().customerUsers.find((x) => x.id === u.id)?.groupsByAccount).toEqual({
      [acme.id]: ['FOC_Admin'],
      [globex.id]: ['FOC_Admin'],
    })
    delete saved.customerUsers[0].groups
    expect(databaseShapeProblem(saved)).toBe('has "customerUsers"[0] with neither "groupsByAccount" nor "groups"')
  })
})
