/**
 * Buying policies (docs/rules.md B1, `/v1/buying-policies`): who is reviewed and who approves, and how a policy
 * follows its users and its account when they change or go — through HTTP against the in-process app.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

let t: TestApp
const POLICIES = '/v1/buying-policies'
const ACCOUNTS = '/v1/customer-accounts'
const USERS = '/v1/customer-users'

async function ok(method: string, path: string, body?: unknown) {
  const r = await t.call(method, path, { body })
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
  return r.body
}
async function account(externalId: string) {
  return (
    await ok('POST', ACCOUNTS, {
      externalId,
      name: externalId,
      companyRegistrationName: `${externalId} SAS`,
      businessRegistrationNumber: '552 100 554',
    })
  ).id as string
}
async function user(externalId: string, accountIds: string[], over: Record<string, unknown> = {}) {
  return (
    await ok('POST', USERS, {
      externalId,
      civility: 'MRS',
      firstName: 'Test',
      lastName: externalId,
      email: `${externalId.toLowerCase()}@example.com`,
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds,
      password: 'Sunny-Day-42',
      ...over,
    })
  ).id as string
}

/** ACME: two FOC_Admin (boss, deputy), an inactive FOC_Admin, two buyers; GLOBEX: an admin and a buyer. */
let acme: string, globex: string
let boss: string,
  deputy: string,
  dormant: string,
  buyer: string,
  intern: string,
  globexAdmin: string,
  globexBuyer: string
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  acme = await account('ACME')
  globex = await account('GLOBEX')
  boss = await user('BOSS', [acme], { groups: ['FOC_Admin'] })
  deputy = await user('DEPUTY', [acme], { groups: ['FOC_Admin', 'FOC_User'] })
  dormant = await user('DORMANT', [acme], { groups: ['FOC_Admin'], status: 'INACTIVE' })
  buyer = await user('BUYER', [acme])
  intern = await user('INTERN', [acme, globex])
  globexAdmin = await user('GLOBEX-ADMIN', [globex], { groups: ['FOC_Admin'] })
  globexBuyer = await user('GLOBEX-BUYER', [globex])
})

const policyBody = (over: Record<string, unknown> = {}) => ({
  name: 'Large orders',
  description: 'Above 5 000 €',
  message: 'Your purchasing manager reviews this order.',
  accountId: acme,
  reviewedUserIds: [buyer, intern],
  approverUserIds: [boss],
  ...over,
})
const createPolicy = (over: Record<string, unknown> = {}) => ok('POST', POLICIES, policyBody(over))
const readPolicy = (id: string) => t.call('GET', `${POLICIES}/${id}`)

describe('B1 buying policies', () => {
  it('B1 a User operator creates a policy: 201 with every field, version 1 and ETag; Readers read it', async () => {
    const r = await t.call('POST', POLICIES, { as: 'user', body: policyBody({ approverUserIds: [boss, deputy] }) })
    expect(r.status).toBe(201)
    expect(r.headers.get('etag')).toBe('"1"')
    expect(r.body).toEqual({
      id: expect.stringMatching(/^bp_/),
      name: 'Large orders',
      description: 'Above 5 000 €',
      message: 'Your purchasing manager reviews this order.',
      accountId: acme,
      reviewedUserIds: [buyer, intern],
      approverUserIds: [boss, deputy],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const read = await t.call('GET', `${POLICIES}/${r.body.id}`, { as: 'reader' })
    expect(read.body).toEqual(r.body)
    expect(read.headers.get('etag')).toBe('"1"')
    const minimal = await createPolicy({
      description: undefined,
      reviewedUserIds: [buyer, buyer],
      approverUserIds: [deputy, deputy],
    })
    expect(minimal).toMatchObject({ description: null, reviewedUserIds: [buyer], approverUserIds: [deputy] })
  })

  it('B1 Readers cannot write (403); nothing changes', async () => {
    const policy = await createPolicy()
    const before = t.snapshot()
    expectProblem(await t.call('POST', POLICIES, { as: 'reader', body: policyBody() }), 403, 'FORBIDDEN')
    expectProblem(
      await t.call('PUT', `${POLICIES}/${policy.id}`, { as: 'reader', body: policyBody() }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await t.call('DELETE', `${POLICIES}/${policy.id}`, { as: 'reader' }), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
  })

  it('B1 shape: name and message required, ≥ 1 reviewed user, 1–2 approvers → 400 naming the field; nothing stored', async () => {
    const before = t.snapshot()
    const cases: [Record<string, unknown>, string][] = [
      [{ name: ' ' }, 'name'],
      [{ message: undefined }, 'message'],
      [{ accountId: undefined }, 'accountId'],
      [{ reviewedUserIds: [] }, 'reviewedUserIds'],
      [{ approverUserIds: [] }, 'approverUserIds'],
      [{ approverUserIds: [boss, deputy, dormant] }, 'approverUserIds'],
      [{ reviewedUserIds: buyer }, 'reviewedUserIds'],
      [{ description: 'x'.repeat(2001) }, 'description'],
      [{ colour: 'red' }, 'colour'],
    ]
    for (const [over, name] of cases) {
      const p = expectProblem(await t.call('POST', POLICIES, { body: policyBody(over) }), 400, 'VALIDATION_FAILED')
      expect(
        p.errors!.map((e) => e.field),
        JSON.stringify(over),
      ).toContain(name)
    }
    expect(t.snapshot()).toBe(before)
  })

  it('B1 unknown account or users → 422 UNKNOWN_REFERENCE listing every one; nothing stored, no id taken', async () => {
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', POLICIES, {
        body: policyBody({ accountId: 'acc_404', reviewedUserIds: [buyer, 'cu_404'], approverUserIds: ['cu_405'] }),
      }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['accountId', 'reviewedUserIds[1]', 'approverUserIds[0]'])
    expect(t.snapshot()).toBe(before)
  })

  it("B1 users belong to the policy's account; an approver is not also reviewed and is an ACTIVE FOC_Admin → 422 naming each entry", async () => {
    const before = t.snapshot()
    const rule = async (over: Record<string, unknown>) =>
      expectProblem(await t.call('POST', POLICIES, { body: policyBody(over) }), 422, 'RULE_VIOLATION').errors!
    expect(await rule({ reviewedUserIds: [buyer, globexBuyer] })).toEqual([
      { field: 'reviewedUserIds[1]', code: 'RULE', message: `does not belong to account ${acme}` },
    ])
    expect((await rule({ approverUserIds: [globexAdmin] })).map((e) => e.field)).toEqual(['approverUserIds[0]'])
    expect(await rule({ reviewedUserIds: [buyer, boss], approverUserIds: [boss] })).toEqual([
      { field: 'approverUserIds[0]', code: 'RULE', message: expect.stringContaining('also a reviewed user') },
    ])
    expect(await rule({ approverUserIds: [deputy, dormant] })).toEqual([
      { field: 'approverUserIds[1]', code: 'RULE', message: 'must be an ACTIVE FOC_Admin user' },
    ])
    expect(await rule({ approverUserIds: [buyer], reviewedUserIds: [intern] })).toEqual([
      { field: 'approverUserIds[0]', code: 'RULE', message: 'must be an ACTIVE FOC_Admin user' },
    ])
    // Every breach at once.
    expect(
      (await rule({ reviewedUserIds: [globexBuyer, boss], approverUserIds: [boss, dormant] })).map((e) => e.field),
    ).toEqual(['reviewedUserIds[0]', 'approverUserIds[0]', 'approverUserIds[1]'])
    expect(t.snapshot()).toBe(before)
    // An intern of both accounts may be reviewed under GLOBEX's policy too.
    expect(
      (
        await createPolicy({
          accountId: globex,
          reviewedUserIds: [intern, globexBuyer],
          approverUserIds: [globexAdmin],
        })
      ).accountId,
    ).toBe(globex)
  })

  it('B1 list: filter by accountIds (repeated or comma list), by reviewed or approving user; search; sort; page', async () => {
    const a = await createPolicy({ name: 'Large orders' })
    const g = await createPolicy({
      name: 'Hotel supplies',
      description: 'Linen',
      accountId: globex,
      reviewedUserIds: [globexBuyer],
      approverUserIds: [globexAdmin],
    })
    const c = await createPolicy({ name: 'Interns', reviewedUserIds: [intern], approverUserIds: [deputy] })
    const ids = async (q: string) =>
      (await t.call('GET', `${POLICIES}?${q}`, { as: 'reader' })).body.content.map((p: { id: string }) => p.id)
    expect(await ids(`accountIds=${acme}`)).toEqual([a.id, c.id])
    expect(await ids(`accountIds=${acme},${globex}`)).toEqual([a.id, g.id, c.id])
    expect(await ids(`accountIds=${globex}&accountIds=acc_404`)).toEqual([g.id])
    expect(await ids(`reviewedUserIds=${intern}`)).toEqual([a.id, c.id])
    expect(await ids(`approverUserIds=${deputy}`)).toEqual([c.id])
    expect(await ids('search=linen')).toEqual([g.id])
    expect(await ids('sort=name:asc')).toEqual([g.id, c.id, a.id])
    expect((await t.call('GET', `${POLICIES}?size=2&page=1`)).body).toMatchObject({
      totalElements: 3,
      totalPages: 2,
      numberOfElements: 1,
      last: true,
    })
  })

  it('B1 PUT replaces the policy (description omitted → kept, null → cleared), with version, ETag and If-Match', async () => {
    const policy = await createPolicy()
    expectProblem(
      await t.call('PUT', `${POLICIES}/${policy.id}`, { headers: { 'if-match': '"9"' }, body: policyBody() }),
      412,
      'PRECONDITION_FAILED',
    )
    const r = await t.call('PUT', `${POLICIES}/${policy.id}`, {
      headers: { 'if-match': '"1"' },
      body: policyBody({
        name: 'Renamed',
        description: undefined,
        reviewedUserIds: [buyer],
        approverUserIds: [deputy, boss],
      }),
    })
    expect(r.status).toBe(200)
    expect(r.headers.get('etag')).toBe('"2"')
    expect(r.body).toMatchObject({
      name: 'Renamed',
      description: 'Above 5 000 €',
      reviewedUserIds: [buyer],
      approverUserIds: [deputy, boss],
      version: 2,
      createdAt: policy.createdAt,
    })
    expect((await ok('PUT', `${POLICIES}/${policy.id}`, policyBody({ description: null }))).description).toBeNull()
    expect((await readPolicy(policy.id)).body.version).toBe(3)
    // Moving the policy to another account means users of that account.
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', `${POLICIES}/${policy.id}`, { body: policyBody({ accountId: globex }) }),
      422,
      'RULE_VIOLATION',
    )
    expectProblem(await t.call('PUT', `${POLICIES}/bp_404`, { body: policyBody() }), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })

  it('B1 DELETE removes the policy (204, then 404); buying policies have no external id (idType=EXTERNAL_ID → 400)', async () => {
    const policy = await createPolicy()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('GET', `${POLICIES}/${policy.id}?idType=EXTERNAL_ID`),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors![0].field).toBe('idType')
    expectProblem(await t.call('DELETE', `${POLICIES}/${policy.id}?idType=EXTERNAL_ID`), 400, 'VALIDATION_FAILED')
    expectProblem(await t.call('DELETE', `${POLICIES}/${policy.id}`, { headers: { 'if-match': '"2"' } }), 412)
    expect(t.snapshot()).toBe(before)
    expect(
      (await t.call('DELETE', `${POLICIES}/${policy.id}`, { as: 'user', headers: { 'if-match': '"1"' } })).status,
    ).toBe(204)
    expectProblem(await readPolicy(policy.id), 404, 'NOT_FOUND')
    const audit = (await t.call('GET', `/v1/audit-events?entity=buying-policy&ids=${policy.id}&sort=seq:asc`)).body
      .content
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['create', 'delete'])
  })
})

describe('B1 policies follow their users and accounts', () => {
  it('B1 deleting a customer user (U8) takes them off every policy; a policy left with no approver or no reviewed user is deleted', async () => {
    const shared = await createPolicy({ reviewedUserIds: [buyer, intern], approverUserIds: [boss, deputy] })
    const bossOnly = await createPolicy({ name: 'Boss only', reviewedUserIds: [buyer], approverUserIds: [boss] })
    const internOnly = await createPolicy({ name: 'Intern only', reviewedUserIds: [intern], approverUserIds: [deputy] })
    expect((await t.call('DELETE', `${USERS}/${boss}`)).status).toBe(204)
    expect((await readPolicy(shared.id)).body).toMatchObject({
      reviewedUserIds: [buyer, intern],
      approverUserIds: [deputy],
      version: 2,
    })
    expectProblem(await readPolicy(bossOnly.id), 404)
    expect((await t.call('DELETE', `${USERS}/${intern}`)).status).toBe(204)
    expect((await readPolicy(shared.id)).body).toMatchObject({
      reviewedUserIds: [buyer],
      approverUserIds: [deputy],
      version: 3,
    })
    expectProblem(await readPolicy(internOnly.id), 404)
    const audit = (await t.call('GET', '/v1/audit-events?entity=buying-policy&action=delete')).body.content.map(
      (e: { id: string }) => e.id,
    )
    expect(audit.sort()).toEqual([bossOnly.id, internOnly.id].sort())
    // No policy refers to a user that is gone.
    const users = new Set([...t.app.db.customerUsers.values()].map((u) => u.id))
    for (const p of t.app.db.buyingPolicies.values())
      for (const id of [...p.reviewedUserIds, ...p.approverUserIds]) expect(users.has(id)).toBe(true)
  })

  it("B1 a user taken out of the policy's account (PUT or PATCH accountIds) leaves that account's policies only", async () => {
    const acmePolicy = await createPolicy({ reviewedUserIds: [buyer, intern] })
    const globexPolicy = await createPolicy({
      accountId: globex,
      reviewedUserIds: [intern, globexBuyer],
      approverUserIds: [globexAdmin],
    })
    expect((await ok('PATCH', `${USERS}/${intern}`, { accountIds: [globex] })).accountIds).toEqual([globex])
    expect((await readPolicy(acmePolicy.id)).body.reviewedUserIds).toEqual([buyer])
    expect((await readPolicy(globexPolicy.id)).body).toMatchObject({
      reviewedUserIds: [intern, globexBuyer],
      version: 1,
    })
    // The only reviewed user leaving: the policy goes.
    await ok('PATCH', `${USERS}/${buyer}`, { accountIds: [globex] })
    expectProblem(await readPolicy(acmePolicy.id), 404)
    // A refused user change leaves the policies alone.
    const again = await createPolicy({ reviewedUserIds: [dormant], approverUserIds: [boss] })
    const before = t.snapshot()
    expectProblem(await t.call('PATCH', `${USERS}/${boss}`, { body: { accountIds: ['acc_404'] } }), 422)
    expect(t.snapshot()).toBe(before)
    expect((await readPolicy(again.id)).body.version).toBe(1)
  })

  it('B1 deactivating or holding a user keeps them on the policy (U7 keeps every association); the next policy update must replace an inactive approver', async () => {
    const policy = await createPolicy({ approverUserIds: [boss, deputy] })
    expect((await ok('POST', `${USERS}/deactivate`, { ids: [boss, buyer] })).updated).toBe(2)
    await ok('PATCH', `${USERS}/${deputy}`, { onHold: true })
    expect((await readPolicy(policy.id)).body).toMatchObject({
      reviewedUserIds: [buyer, intern],
      approverUserIds: [boss, deputy],
      version: 1,
    })
    const p = expectProblem(
      await t.call('PUT', `${POLICIES}/${policy.id}`, { body: policyBody({ approverUserIds: [boss, deputy] }) }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors).toEqual([
      { field: 'approverUserIds[0]', code: 'RULE', message: 'must be an ACTIVE FOC_Admin user' },
    ])
    await ok('POST', `${USERS}/activate`, { ids: [boss] })
    expect(
      (await t.call('PUT', `${POLICIES}/${policy.id}`, { body: policyBody({ approverUserIds: [boss, deputy] }) }))
        .status,
    ).toBe(200)
  })

  it("B1 deleting an account: refused while users belong to it (nothing changes); with force=true its policies go, other accounts' stay", async () => {
    const acmePolicy = await createPolicy()
    const globexPolicy = await createPolicy({
      accountId: globex,
      reviewedUserIds: [intern, globexBuyer],
      approverUserIds: [globexAdmin],
    })
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme}`), 409, 'HAS_DEPENDENTS')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('DELETE', `${ACCOUNTS}/${acme}?force=true`)).status).toBe(204)
    expectProblem(await readPolicy(acmePolicy.id), 404)
    expect((await readPolicy(globexPolicy.id)).body).toMatchObject({
      reviewedUserIds: [intern, globexBuyer],
      approverUserIds: [globexAdmin],
      version: 1,
    })
    expect([...t.app.db.buyingPolicies.values()].map((p) => p.accountId)).toEqual([globex])
  })
})
