/**
 * B2: `GET /v1/shop/buying-policies` — the buying policies (B1) that apply to the signed-in user in the account the
 * request acts in, with the message to show them; never another account's policy or identifiers (SS5).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { login, makeAccount, makeUser, type ShopCaller } from './customer-fixtures.js'

const SHOP_POLICIES = '/v1/shop/buying-policies'
let t: TestApp
let acme: string, globex: string
let boss: { id: string; email: string },
  buyer: { id: string; email: string },
  other: { id: string; email: string },
  both: { id: string; email: string },
  globexBoss: { id: string; email: string }

async function policy(body: Record<string, unknown>) {
  const r = await t.call('POST', '/v1/buying-policies', { body: { description: null, ...body } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; updatedAt: string }
}

beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  acme = (await makeAccount(t, 'ACME')).id
  globex = (await makeAccount(t, 'GLOBEX')).id
  boss = await makeUser(t, { externalId: 'BOSS', accountIds: [acme], groups: ['FOC_Admin'] })
  buyer = await makeUser(t, { externalId: 'BUYER', accountIds: [acme] })
  other = await makeUser(t, { externalId: 'OTHER', accountIds: [acme] })
  // A buyer of both accounts, reviewed in each, by each account's own admin.
  both = await makeUser(t, { externalId: 'BOTH', accountIds: [acme, globex] })
  globexBoss = await makeUser(t, { externalId: 'GBOSS', accountIds: [globex], groups: ['FOC_Admin'] })
})

const shopOf = (u: { email: string }, accountId?: string): Promise<ShopCaller> =>
  login(t, u.email, undefined, accountId)

describe('B2 the buying policies that apply to the signed-in user', () => {
  it('B2 a reviewed user sees the policies of their account that review them, with the message and who approves', async () => {
    const large = await policy({
      name: 'Large orders',
      description: 'Above 5 000 €',
      message: 'Orders above 5 000 € are reviewed by your purchasing manager.',
      accountId: acme,
      reviewedUserIds: [buyer.id, both.id],
      approverUserIds: [boss.id],
    })
    await policy({
      name: 'Not mine',
      message: 'Other',
      accountId: acme,
      reviewedUserIds: [other.id],
      approverUserIds: [boss.id],
    })
    const shop = await shopOf(buyer)
    const r = await shop.call('GET', SHOP_POLICIES)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ totalElements: 1, number: 0, first: true, last: true, empty: false })
    expect(r.body.content).toEqual([
      {
        id: large.id,
        name: 'Large orders',
        description: 'Above 5 000 €',
        message: 'Orders above 5 000 € are reviewed by your purchasing manager.',
        appliesAs: 'REVIEWED',
        approvers: [{ id: boss.id, firstName: 'First', lastName: 'BOSS' }],
        // A reviewed user does not see who else is reviewed.
        reviewedUsers: [],
        updatedAt: large.updatedAt,
      },
    ])
    // Never an email, an account id or a secret of the people shown.
    expect(JSON.stringify(r.body)).not.toMatch(/@example\.com|acc_|password/)
  })

  it('B2 an approver sees the policies they approve, with whose purchases they review', async () => {
    const p = await policy({
      name: 'Large orders',
      message: 'Reviewed.',
      accountId: acme,
      reviewedUserIds: [buyer.id, other.id],
      approverUserIds: [boss.id],
    })
    const r = await (await shopOf(boss)).call('GET', SHOP_POLICIES)
    expect(r.status).toBe(200)
    expect(r.body.content).toEqual([
      expect.objectContaining({
        id: p.id,
        message: 'Reviewed.',
        appliesAs: 'APPROVER',
        approvers: [{ id: boss.id, firstName: 'First', lastName: 'BOSS' }],
        reviewedUsers: [
          { id: buyer.id, firstName: 'First', lastName: 'BUYER' },
          { id: other.id, firstName: 'First', lastName: 'OTHER' },
        ],
      }),
    ])
  })

  it('B2 only the current account’s policies: a user of two accounts sees each account’s own, never the other’s', async () => {
    const inAcme = await policy({
      name: 'ACME review',
      message: 'ACME reviews you.',
      accountId: acme,
      reviewedUserIds: [both.id],
      approverUserIds: [boss.id],
    })
    const inGlobex = await policy({
      name: 'Globex review',
      message: 'Globex reviews you.',
      accountId: globex,
      reviewedUserIds: [both.id],
      approverUserIds: [globexBoss.id],
    })
    const shop = await shopOf(both)
    const first = await shop.call('GET', SHOP_POLICIES) // default: the first ACTIVE account, ACME
    expect(first.body.content.map((p: { id: string }) => p.id)).toEqual([inAcme.id])
    expect(JSON.stringify(first.body)).not.toContain(inGlobex.id)
    expect(JSON.stringify(first.body)).not.toContain(globexBoss.id)
    const second = await shop.call('GET', SHOP_POLICIES, { accountId: globex })
    expect(second.body.content.map((p: { id: string }) => p.id)).toEqual([inGlobex.id])
    expect(JSON.stringify(second.body)).not.toContain(boss.id)
    // The Globex admin, approver only in Globex, sees nothing of ACME.
    const g = await (await shopOf(globexBoss)).call('GET', SHOP_POLICIES)
    expect(g.body.content.map((p: { id: string }) => p.id)).toEqual([inGlobex.id])
  })

  it('B2 a user on no policy gets an empty page; a policy that changes or goes is shown as it is now', async () => {
    const shop = await shopOf(other)
    expect((await shop.call('GET', SHOP_POLICIES)).body).toMatchObject({ content: [], totalElements: 0, empty: true })
    const p = await policy({
      name: 'P',
      message: 'Old',
      accountId: acme,
      reviewedUserIds: [other.id],
      approverUserIds: [boss.id],
    })
    expect((await shop.call('GET', SHOP_POLICIES)).body.content[0].message).toBe('Old')
    const changed = await t.call('PUT', `/v1/buying-policies/${p.id}`, {
      body: { name: 'P', message: 'New', accountId: acme, reviewedUserIds: [other.id], approverUserIds: [boss.id] },
    })
    expect(changed.status).toBe(200)
    expect((await shop.call('GET', SHOP_POLICIES)).body.content[0].message).toBe('New')
    expect((await t.call('DELETE', `/v1/buying-policies/${p.id}`)).status).toBe(204)
    expect((await shop.call('GET', SHOP_POLICIES)).body.totalElements).toBe(0)
  })

  it('B2 search and paging, as every list', async () => {
    for (const name of ['Alpha', 'Beta', 'Gamma'])
      await policy({ name, message: name, accountId: acme, reviewedUserIds: [buyer.id], approverUserIds: [boss.id] })
    const shop = await shopOf(buyer)
    const page = await shop.call('GET', `${SHOP_POLICIES}?size=2&page=1&sort=name:desc`)
    expect(page.body).toMatchObject({ totalElements: 3, totalPages: 2, number: 1, size: 2, numberOfElements: 1 })
    expect(page.body.content.map((p: { name: string }) => p.name)).toEqual(['Alpha'])
    const found = await shop.call('GET', `${SHOP_POLICIES}?search=gam`)
    expect(found.body.content.map((p: { name: string }) => p.name)).toEqual(['Gamma'])
  })

  it('B2 storefront credentials only: an operator key → 403 WRONG_CLIENT, no token → 401, another account → 403', async () => {
    expectProblem(await t.call('GET', SHOP_POLICIES), 403, 'WRONG_CLIENT')
    expectProblem(
      await t.call('GET', SHOP_POLICIES, { as: null, headers: { 'dj-client': 'ACCOUNT' } }),
      401,
      'UNAUTHENTICATED',
    )
    const shop = await shopOf(buyer)
    expectProblem(await shop.call('GET', SHOP_POLICIES, { accountId: globex }), 403, 'ACCOUNT_NOT_ALLOWED')
  })
})
