/**
 * Customer users (docs/rules.md U1–U10, U12, and A8 now that users are routable), through HTTP against the
 * in-process reference app. Every rejection is checked for its status, problem code and `errors[].field`,
 * and for leaving the data exactly as it was (`snapshot()`).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../spec/index.js'
import { expectProblem, testApp, type CallResult, type TestApp } from '../helpers.js'
import { PASSWORD, login, makeAccount, makeOrg, requestToken } from './customer-fixtures.js'

const USERS = '/v1/customer-users'
/** Hashing at the default 100,000 PBKDF2 iterations would make this file slow; the rules do not depend on it. */
const fastApp = (o: Parameters<typeof testApp>[0] = {}) => testApp({ passwordIterations: 1000, ...o })

let t: TestApp
let acme: { id: string; externalId: string }
beforeEach(async () => {
  t = await fastApp()
  acme = await makeAccount(t, 'ACME')
})

const created = (r: CallResult, status = 201) => {
  expect(r.status, `${r.status} ${JSON.stringify(r.body)}`).toBe(status)
  return r.body
}

const userBody = (over: Record<string, unknown> = {}) => ({
  externalId: 'CU-1',
  civility: 'MR',
  firstName: 'John',
  lastName: 'Smith',
  email: 'john.smith@acme.example',
  phone: '+33 6 12 34 56 78',
  groups: ['FOC_User'],
  accountIds: [acme.id],
  password: PASSWORD,
  ...over,
})

async function createUser(over: Record<string, unknown> = {}) {
  return created(await t.call('POST', USERS, { body: userBody(over) }))
}

/** The fields a PUT must carry, taken from a user as read. */
const putBody = (u: any, over: Record<string, unknown> = {}) => ({
  externalId: u.externalId,
  civility: u.civility,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
  phone: u.phone,
  groups: u.groups,
  accountIds: u.accountIds,
  ...over,
})

const fields = (p: { errors?: { field: string }[] }) => (p.errors ?? []).map((e) => e.field)

const USER_KEYS = [
  'accountIds',
  'civility',
  'createdAt',
  'customFields',
  'customerNumber',
  'email',
  'externalId',
  'firstName',
  'groups',
  'id',
  'lastLoginAt',
  'lastName',
  'mainOrganisationId',
  'memberships',
  'onHold',
  'organisationIds',
  'phone',
  'preferredCurrency',
  'preferredSite',
  'status',
  'storeIds',
  'updatedAt',
  'version',
]

/**
 * N1: the outbox, through `GET /v1/notifications` (Admin), filtered to one user, oldest first (ids grow with time).
 * No fallback to the data: a missing or broken route fails the tests that read messages.
 */
async function notificationsOf(
  userId: string,
): Promise<{ template: string; to: string; customerUserId: string; data: Record<string, string> }[]> {
  const r = await t.call('GET', `/v1/notifications?customerUserIds=${encodeURIComponent(userId)}&size=1000&sort=id:asc`)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  const content: { customerUserId: string }[] = r.body.content
  expect(content.map((n) => n.customerUserId).filter((id) => id !== userId)).toEqual([])
  expect(r.body.totalElements).toBe(content.length)
  return r.body.content
}

/** Answers that must never carry a password, its hash or its salt (docs/conventions.md §2). */
function expectNoSecret(body: unknown, plain: string, userId: string) {
  const stored = t.app.db.customerUsers.get(userId)?.password
  const text = JSON.stringify(body)
  expect(text).not.toMatch(/"(password|passwordHash|hash|salt)"\s*:/i)
  expect(text).not.toContain(plain)
  if (stored) {
    expect(text).not.toContain(stored.hash)
    expect(text).not.toContain(stored.salt)
  }
}

describe('U1 shape of a customer user', () => {
  it('U1 create → 201 with every field, ETag "1", a generated customerNumber, and never a password', async () => {
    const r = await t.call('POST', USERS, {
      body: userBody({ preferredCurrency: 'EUR', preferredSite: 'fr', civility: 'MRS' }),
    })
    const u = created(r)
    expect(Object.keys(u).sort()).toEqual(USER_KEYS)
    expect(u).toMatchObject({
      externalId: 'CU-1',
      civility: 'MRS',
      firstName: 'John',
      lastName: 'Smith',
      email: 'john.smith@acme.example',
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds: [acme.id],
      organisationIds: [],
      mainOrganisationId: null,
      storeIds: [],
      status: 'ACTIVE',
      onHold: false,
      preferredCurrency: 'EUR',
      preferredSite: 'fr',
      lastLoginAt: null,
      customFields: {},
      version: 1,
    })
    expect(u.id).toMatch(/^cu_/)
    expect(u.customerNumber).toEqual(expect.any(String))
    expect(u.customerNumber.length).toBeGreaterThan(0)
    expect(u.createdAt).toBe(u.updatedAt)
    expect(r.headers.get('etag')).toBe('"1"')
    expectNoSecret(u, PASSWORD, u.id)
    const read = await t.call('GET', `${USERS}/${u.id}`, { as: 'reader' })
    expect(read.body).toEqual(u)
    expect(read.headers.get('etag')).toBe('"1"')
    expect((await t.call('GET', `${USERS}/CU-1?idType=EXTERNAL_ID`)).body).toEqual(u)
  })

  it('U1 no route ever returns the password or its hash: create, get, list, PUT, PATCH, bulk, storefront, audit', async () => {
    const secret = 'Secret-Pass-77'
    const u = await createUser({ password: secret, groups: ['FOC_Admin'] })
    const answers: unknown[] = [
      (await t.call('GET', `${USERS}/${u.id}`)).body,
      (await t.call('GET', USERS)).body,
      (await t.call('GET', `${USERS}?search=john`)).body,
      (await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(u, { password: 'Other-Pass-88' }) })).body,
      (await t.call('PATCH', `${USERS}/${u.id}`, { body: { password: secret } })).body,
      (await t.call('POST', `${USERS}/deactivate`, { body: { ids: [u.id] } })).body,
      (await t.call('POST', `${USERS}/activate`, { body: { ids: [u.id] } })).body,
      (await t.call('GET', '/v1/audit-events?entity=customer-user&size=1000')).body,
    ]
    const shop = await login(t, u.email, secret)
    answers.push(
      (await shop.call('GET', '/v1/authenticated-user')).body,
      (await shop.call('GET', '/v1/shop/customer-users')).body,
    )
    for (const body of answers) {
      expectNoSecret(body, secret, u.id)
      expect(JSON.stringify(body)).not.toContain('Other-Pass-88')
    }
    expect(t.app.db.customerUsers.get(u.id)!.password).toMatchObject({
      hash: expect.any(String),
      salt: expect.any(String),
    })
  })

  it('U1 customerNumber is generated, unique, and not writable (customerNumber, id in the body → 400)', async () => {
    const a = await createUser()
    const b = await createUser({ externalId: 'CU-2', email: 'b@acme.example' })
    const c = await createUser({ externalId: 'CU-3', email: 'c@acme.example' })
    expect(new Set([a.customerNumber, b.customerNumber, c.customerNumber]).size).toBe(3)
    const before = t.snapshot()
    for (const extra of [{ customerNumber: 'C1' }, { id: 'cu_x' }, { lastLoginAt: '2020-01-01T00:00:00Z' }]) {
      const p = expectProblem(
        await t.call('POST', USERS, { body: userBody({ externalId: 'CU-9', email: 'z@acme.example', ...extra }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(fields(p)).toEqual(Object.keys(extra))
    }
    const p = expectProblem(
      await t.call('PATCH', `${USERS}/${a.id}`, { body: { customerNumber: b.customerNumber } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(fields(p)).toEqual(['customerNumber'])
    expect(t.snapshot()).toBe(before)
    // Deleting a user never lets the next one reuse a number.
    expect((await t.call('DELETE', `${USERS}/${c.id}`)).status).toBe(204)
    const d = await createUser({ externalId: 'CU-4', email: 'd@acme.example' })
    expect([a.customerNumber, b.customerNumber, c.customerNumber]).not.toContain(d.customerNumber)
  })

  it('U1 groups ⊆ {FOC_Admin, FOC_User, FOC_Webmaster}, at least one; duplicates count once', async () => {
    const before = t.snapshot()
    const none = expectProblem(
      await t.call('POST', USERS, { body: userBody({ groups: [] }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(fields(none)).toEqual(['groups'])
    const missing = expectProblem(
      await t.call('POST', USERS, { body: userBody({ groups: undefined }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(missing.errors).toEqual([expect.objectContaining({ field: 'groups', code: 'REQUIRED' })])
    for (const bad of ['Admin', 'foc_admin', 'FOC_Root', '']) {
      const p = expectProblem(
        await t.call('POST', USERS, { body: userBody({ groups: ['FOC_User', bad] }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(fields(p)).toEqual(['groups[1]'])
    }
    expect(t.snapshot()).toBe(before)
    const all = await createUser({ groups: ['FOC_Admin', 'FOC_User', 'FOC_Webmaster'] })
    expect(all.groups).toEqual(['FOC_Admin', 'FOC_User', 'FOC_Webmaster'])
    const dup = await createUser({
      externalId: 'CU-2',
      email: 'dup@acme.example',
      groups: ['FOC_Webmaster', 'FOC_Webmaster'],
    })
    expect(dup.groups).toEqual(['FOC_Webmaster'])
    const p = expectProblem(
      await t.call('PATCH', `${USERS}/${dup.id}`, { body: { groups: [] } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(fields(p)).toEqual(['groups'])
  })

  it('U1 the contract says what the server checks: civility of a customer user is MR, MRS or MISS, never null', () => {
    const doc = buildOpenApiDocument() as any
    const resolve = (s: any): any => (s?.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()]) : s)
    for (const schema of ['CustomerUserInput', 'CustomerUser']) {
      const civility = resolve(doc.components.schemas[schema].properties.civility)
      expect(civility.enum, schema).toEqual(['MR', 'MRS', 'MISS'])
      expect(civility.type, schema).toBe('string')
    }
  })

  it('U1 required fields on create: each one missing is named; civility, email, phone and externalId are checked', async () => {
    const before = t.snapshot()
    const p = expectProblem(await t.call('POST', USERS, { body: {} }), 400, 'VALIDATION_FAILED')
    expect(fields(p).sort()).toEqual(['accountIds', 'civility', 'email', 'firstName', 'groups', 'lastName', 'phone'])
    for (const [field, value] of [
      ['civility', 'DR'],
      ['email', 'not-an-email'],
      ['phone', 'call me'],
      ['externalId', 'CU 1'],
      ['externalId', 'CU-É'],
      ['firstName', '  '],
    ] as const) {
      const bad = expectProblem(
        await t.call('POST', USERS, { body: userBody({ [field]: value }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(fields(bad)).toEqual([field])
    }
    expect(t.snapshot()).toBe(before)
  })
})

describe('U14 generated externalIds', () => {
  it('U14 a user created without externalId gets one (its own id), kept by PUT and PATCH that omit it', async () => {
    const { externalId: _, ...body } = userBody()
    const r = await t.call('POST', USERS, { body })
    expect(r.status).toBe(201)
    expect(r.body.externalId).toBe(r.body.id)
    expect((await t.call('GET', `${USERS}/${r.body.externalId}?idType=EXTERNAL_ID`)).body.id).toBe(r.body.id)
    const { externalId: __, ...put } = putBody(r.body, { firstName: 'Jo' })
    expect((await t.call('PUT', `${USERS}/${r.body.id}`, { body: put })).body.externalId).toBe(r.body.id)
    expect((await t.call('PATCH', `${USERS}/${r.body.id}`, { body: { lastName: 'X' } })).body.externalId).toBe(
      r.body.id,
    )
    // The id a user would get is already somebody's externalId: the generated one takes a free suffix.
    const squatter = await t.call('POST', USERS, { body: userBody({ externalId: 'TEMP', email: 'sq@acme.example' }) })
    // The PATCH takes one number (its audit event); the next user takes the one after.
    const nextId = `cu_${String(t.app.db.seq + 2).padStart(10, '0')}`
    await t.call('PATCH', `${USERS}/${squatter.body.id}`, { body: { externalId: nextId } })
    const second = await t.call('POST', USERS, { body: { ...body, email: 'second@acme.example' } })
    expect(second.status).toBe(201)
    expect(second.body.externalId).toBe(`${second.body.id}-2`)
  })
})

describe('U13 preferred currency', () => {
  it("U13 a user created without a currency gets the tenant's defaultCurrency; a given one is kept; null on update is the default again", async () => {
    expect((await t.call('PUT', '/v1/settings', { body: { defaultCurrency: 'CHF' } })).status).toBe(200)
    const none = await t.call('POST', USERS, { body: userBody({ preferredCurrency: undefined }) })
    expect(none.status).toBe(201)
    expect(none.body.preferredCurrency).toBe('CHF')
    const usd = await t.call('POST', USERS, {
      body: userBody({ externalId: 'CU-USD', email: 'usd@acme.example', preferredCurrency: 'USD' }),
    })
    expect(usd.body.preferredCurrency).toBe('USD')
    const nulled = await t.call('PATCH', `${USERS}/${usd.body.id}`, { body: { preferredCurrency: null } })
    expect(nulled.body.preferredCurrency).toBe('CHF')
    expect(t.app.db.customerUsers.get(usd.body.id)!.preferredCurrency).toBe('CHF')
  })
})

describe('U2 uniqueness', () => {
  it('U2 externalId is unique across customer users → 409 ALREADY_EXISTS on externalId, nothing stored', async () => {
    await createUser()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', USERS, { body: userBody({ email: 'other@acme.example' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'externalId', code: 'DUPLICATE' })])
    expect(t.snapshot()).toBe(before)
  })

  it('U2 email is unique case-insensitively and stored as given → 409 on email', async () => {
    const u = await createUser({ email: 'John.Smith@ACME.example' })
    expect(u.email).toBe('John.Smith@ACME.example')
    const before = t.snapshot()
    for (const email of ['john.smith@acme.example', 'JOHN.SMITH@ACME.EXAMPLE', 'John.Smith@ACME.example']) {
      const p = expectProblem(
        await t.call('POST', USERS, { body: userBody({ externalId: 'CU-2', email }) }),
        409,
        'ALREADY_EXISTS',
      )
      expect(p.errors).toEqual([expect.objectContaining({ field: 'email', code: 'DUPLICATE' })])
    }
    expect(t.snapshot()).toBe(before)
    // The email is the login, whatever its case.
    expect((await requestToken(t, 'JOHN.SMITH@acme.EXAMPLE', PASSWORD)).status).toBe(200)
  })

  it("U2 PUT and PATCH cannot take another user's externalId or email (any case) → 409 naming the field; own values are fine", async () => {
    const a = await createUser()
    const b = await createUser({ externalId: 'CU-2', email: 'jane@acme.example' })
    const before = t.snapshot()
    const cases: [string, Record<string, unknown>, string][] = [
      ['PUT', putBody(b, { email: 'JOHN.SMITH@acme.example' }), 'email'],
      ['PUT', putBody(b, { externalId: 'CU-1' }), 'externalId'],
      ['PATCH', { email: 'john.smith@ACME.EXAMPLE' }, 'email'],
      ['PATCH', { externalId: 'CU-1' }, 'externalId'],
    ]
    for (const [method, body, field] of cases) {
      const p = expectProblem(await t.call(method, `${USERS}/${b.id}`, { body }), 409, 'ALREADY_EXISTS')
      expect(fields(p)).toEqual([field])
    }
    expect(t.snapshot()).toBe(before)
    // Changing the case of one's own email is not a conflict.
    const own = await t.call('PATCH', `${USERS}/${a.id}`, {
      body: { email: 'JOHN.SMITH@acme.example', externalId: 'CU-1' },
    })
    expect(own.status).toBe(200)
    expect(own.body.email).toBe('JOHN.SMITH@acme.example')
    expect((await t.call('PUT', `${USERS}/${b.id}`, { body: putBody(b) })).status).toBe(200)
    // The old email of a renamed user is free again.
    const moved = await t.call('PATCH', `${USERS}/${b.id}`, { body: { email: 'jane.new@acme.example' } })
    expect(moved.status).toBe(200)
    await createUser({ externalId: 'CU-3', email: 'Jane@acme.example' })
  })
})

describe('U3 accounts and organisations', () => {
  it('U3 every user belongs to at least one account: accountIds missing or [] → 400 on accountIds', async () => {
    const before = t.snapshot()
    const empty = expectProblem(
      await t.call('POST', USERS, { body: userBody({ accountIds: [] }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(fields(empty)).toEqual(['accountIds'])
    const missing = expectProblem(
      await t.call('POST', USERS, { body: userBody({ accountIds: undefined }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(missing.errors).toEqual([expect.objectContaining({ field: 'accountIds', code: 'REQUIRED' })])
    expect(t.snapshot()).toBe(before)
    const u = await createUser()
    const p = expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { accountIds: [] } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(fields(p)).toEqual(['accountIds'])
  })

  it('U3 unknown accounts and organisations → 422 UNKNOWN_REFERENCE listing every one, nothing stored', async () => {
    const org = await makeOrg(t, { externalId: 'ACME-SPACE', accountId: acme.id })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', USERS, {
        body: userBody({
          accountIds: [acme.id, 'acc_nope', 'ACME'],
          organisationIds: ['org_nope', org.id, 'ACME-SPACE'],
        }),
      }),
      422,
      'UNKNOWN_REFERENCE',
    )
    // Accounts and organisations are referenced by DJUST id: their externalIds are unknown references too.
    expect(p.errors).toEqual([
      expect.objectContaining({ field: 'accountIds[1]', code: 'UNKNOWN_REFERENCE' }),
      expect.objectContaining({ field: 'accountIds[2]', code: 'UNKNOWN_REFERENCE' }),
      expect.objectContaining({ field: 'organisationIds[0]', code: 'UNKNOWN_REFERENCE' }),
      expect.objectContaining({ field: 'organisationIds[2]', code: 'UNKNOWN_REFERENCE' }),
    ])
    expect(p.detail).toContain('acc_nope')
    expect(p.detail).toContain('org_nope')
    expect(t.snapshot()).toBe(before)
  })

  it('U3 errors[].field is the index as sent, even after a duplicate', async () => {
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', USERS, { body: userBody({ accountIds: [acme.id, acme.id, 'acc_nope'] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(fields(p)).toEqual(['accountIds[2]'])
    expect(t.snapshot()).toBe(before)
  })

  it('U3 an organisation of another account → 422 RULE_VIOLATION on that organisation; also on PUT and PATCH', async () => {
    const globex = await makeAccount(t, 'GLOBEX')
    const mine = await makeOrg(t, { externalId: 'ACME-SPACE', accountId: acme.id })
    const theirs = await makeOrg(t, { externalId: 'GLOBEX-HQ', accountId: globex.id })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', USERS, {
        body: userBody({ organisationIds: [mine.id, theirs.id], mainOrganisationId: mine.id }),
      }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'organisationIds[1]', code: 'RULE' })])
    expect(t.snapshot()).toBe(before)
    // With both accounts, both organisations are fine.
    const u = await createUser({
      accountIds: [acme.id, globex.id],
      organisationIds: [mine.id, theirs.id],
      mainOrganisationId: theirs.id,
    })
    expect(u).toMatchObject({
      accountIds: [acme.id, globex.id],
      organisationIds: [mine.id, theirs.id],
      mainOrganisationId: theirs.id,
    })
    // Leaving an account whose organisation the user still has is refused, on PATCH and PUT alike.
    const after = t.snapshot()
    const patch = expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { accountIds: [acme.id] } }),
      422,
      'RULE_VIOLATION',
    )
    expect(fields(patch)).toEqual(['organisationIds[1]'])
    const put = expectProblem(
      await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(u, { accountIds: [globex.id] }) }),
      422,
      'RULE_VIOLATION',
    )
    expect(fields(put)).toEqual(['organisationIds[0]'])
    expect(t.snapshot()).toBe(after)
    // Leaving the account together with its organisation works.
    const ok = await t.call('PATCH', `${USERS}/${u.id}`, {
      body: { accountIds: [acme.id], organisationIds: [mine.id] },
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ accountIds: [acme.id], organisationIds: [mine.id], mainOrganisationId: mine.id })
  })

  it('U3 a user may belong to several accounts; duplicates count once', async () => {
    const globex = await makeAccount(t, 'GLOBEX')
    const u = await createUser({ accountIds: [globex.id, acme.id, globex.id] })
    expect(u.accountIds).toEqual([globex.id, acme.id])
  })
})

describe('U4 main organisation', () => {
  let a: { id: string }, b: { id: string }, c: { id: string }
  beforeEach(async () => {
    a = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    b = await makeOrg(t, { externalId: 'B', accountId: acme.id })
    c = await makeOrg(t, { externalId: 'C', parentId: a.id })
  })

  it('U4 mainOrganisationId must be one of organisationIds → 422 on mainOrganisationId', async () => {
    const before = t.snapshot()
    for (const body of [
      { organisationIds: [a.id, b.id], mainOrganisationId: c.id },
      { organisationIds: [a.id], mainOrganisationId: b.id },
      { mainOrganisationId: a.id },
      { organisationIds: [a.id, b.id], mainOrganisationId: 'org_nope' },
    ]) {
      const p = expectProblem(await t.call('POST', USERS, { body: userBody(body) }), 422, 'RULE_VIOLATION')
      expect(p.errors).toEqual([expect.objectContaining({ field: 'mainOrganisationId', code: 'RULE' })])
    }
    expect(t.snapshot()).toBe(before)
  })

  it('U4 required with several organisations (omitted or null → 422); defaults to the only one; null with none', async () => {
    const before = t.snapshot()
    for (const main of [undefined, null]) {
      const p = expectProblem(
        await t.call('POST', USERS, { body: userBody({ organisationIds: [a.id, b.id], mainOrganisationId: main }) }),
        422,
        'RULE_VIOLATION',
      )
      expect(fields(p)).toEqual(['mainOrganisationId'])
    }
    expect(t.snapshot()).toBe(before)
    const one = await createUser({ organisationIds: [b.id] })
    expect(one).toMatchObject({ organisationIds: [b.id], mainOrganisationId: b.id })
    const two = await createUser({
      externalId: 'CU-2',
      email: 'two@acme.example',
      organisationIds: [a.id, b.id],
      mainOrganisationId: b.id,
    })
    expect(two).toMatchObject({ organisationIds: [a.id, b.id], mainOrganisationId: b.id })
    const none = await createUser({ externalId: 'CU-3', email: 'none@acme.example', organisationIds: [] })
    expect(none.mainOrganisationId).toBeNull()
    // The same organisation twice is one organisation.
    const dup = await createUser({ externalId: 'CU-4', email: 'dup@acme.example', organisationIds: [c.id, c.id] })
    expect(dup).toMatchObject({ organisationIds: [c.id], mainOrganisationId: c.id })
  })

  it('U4 PATCH organisationIds: the main follows the rules — [] clears it, one organisation becomes it, several without it → 422', async () => {
    const u = await createUser({ organisationIds: [a.id, b.id], mainOrganisationId: a.id })
    const cleared = await t.call('PATCH', `${USERS}/${u.id}`, { body: { organisationIds: [] } })
    expect(cleared.status).toBe(200)
    expect(cleared.body).toMatchObject({ organisationIds: [], mainOrganisationId: null })
    const single = await t.call('PATCH', `${USERS}/${u.id}`, { body: { organisationIds: [b.id] } })
    expect(single.body).toMatchObject({ organisationIds: [b.id], mainOrganisationId: b.id })
    const before = t.snapshot()
    // The main (b) is dropped and several remain: the caller must say which is main.
    const p = expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { organisationIds: [a.id, c.id] } }),
      422,
      'RULE_VIOLATION',
    )
    expect(fields(p)).toEqual(['mainOrganisationId'])
    const nulled = expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { organisationIds: [a.id, c.id], mainOrganisationId: null } }),
      422,
      'RULE_VIOLATION',
    )
    expect(fields(nulled)).toEqual(['mainOrganisationId'])
    const outside = expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { mainOrganisationId: a.id } }),
      422,
      'RULE_VIOLATION',
    )
    expect(fields(outside)).toEqual(['mainOrganisationId'])
    expect(t.snapshot()).toBe(before)
    const both = await t.call('PATCH', `${USERS}/${u.id}`, {
      body: { organisationIds: [a.id, c.id], mainOrganisationId: c.id },
    })
    expect(both.body).toMatchObject({ organisationIds: [a.id, c.id], mainOrganisationId: c.id })
    const switched = await t.call('PATCH', `${USERS}/${u.id}`, { body: { mainOrganisationId: a.id } })
    expect(switched.body).toMatchObject({ organisationIds: [a.id, c.id], mainOrganisationId: a.id })
  })

  it('U4 PATCH/PUT of organisationIds that still hold the main organisation keep it (omitted fields keep their value)', async () => {
    const u = await createUser({ organisationIds: [a.id, b.id], mainOrganisationId: b.id })
    const patched = await t.call('PATCH', `${USERS}/${u.id}`, { body: { organisationIds: [a.id, b.id, c.id] } })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body).toMatchObject({ organisationIds: [a.id, b.id, c.id], mainOrganisationId: b.id })
    const put = await t.call('PUT', `${USERS}/${u.id}`, {
      body: putBody(patched.body, { organisationIds: [b.id, c.id] }),
    })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body).toMatchObject({ organisationIds: [b.id, c.id], mainOrganisationId: b.id })
  })

  it('U4 a PATCH that does not touch organisations succeeds even when O4 left several organisations and no main one', async () => {
    const u = await createUser({ organisationIds: [a.id, b.id, c.id], mainOrganisationId: b.id })
    expect((await t.call('DELETE', `/v1/organisations/${b.id}?cascade=true`)).status).toBe(204)
    const detached = (await t.call('GET', `${USERS}/${u.id}`)).body
    expect(detached).toMatchObject({ organisationIds: [a.id, c.id], mainOrganisationId: null })
    const r = await t.call('PATCH', `${USERS}/${u.id}`, { body: { firstName: 'Johnny' } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ firstName: 'Johnny', organisationIds: [a.id, c.id], mainOrganisationId: null })
    // Deactivating (bulk) such a user works too.
    expect((await t.call('POST', `${USERS}/deactivate`, { body: { ids: [u.id] } })).status).toBe(200)
  })
})

describe('U5 password policy', () => {
  const REFUSED: [string, string][] = [
    ['too short (7)', 'Abcde12'],
    ['no upper-case letter', 'abcdefg12'],
    ['no lower-case letter', 'ABCDEFG12'],
    ['no digit', 'Abcdefghij'],
    ['only whitespace', ' '.repeat(12)],
    ['only tabs and newlines', '\t\n\t\n\t\n\t\n'],
    ['256 characters', `Aa1${'x'.repeat(253)}`],
    ['empty', ''],
  ]
  const ACCEPTED: [string, string][] = [
    ['8 characters', 'Abcdef12'],
    ['255 characters', `Aa1${'x'.repeat(252)}`],
    ['with spaces inside', 'Sunny Day 42'],
    ['non-ASCII letters', 'Ébène-Çà-9'],
  ]

  it('U5 POST with a password that breaks the policy → 400 naming password, nothing stored', async () => {
    const before = t.snapshot()
    for (const [why, password] of REFUSED) {
      const p = expectProblem(await t.call('POST', USERS, { body: userBody({ password }) }), 400, 'VALIDATION_FAILED')
      expect(new Set(fields(p)), why).toEqual(new Set(['password']))
    }
    const notText = expectProblem(
      await t.call('POST', USERS, { body: userBody({ password: 12345678 }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(fields(notText)).toEqual(['password'])
    expect(t.snapshot()).toBe(before)
  })

  it('U5 PUT and PATCH check the same policy → 400 naming password, the user unchanged', async () => {
    const u = await createUser()
    const before = t.snapshot()
    for (const [why, password] of REFUSED) {
      for (const [method, body] of [
        ['PUT', putBody(u, { password })],
        ['PATCH', { password }],
      ] as const) {
        const p = expectProblem(await t.call(method, `${USERS}/${u.id}`, { body }), 400, 'VALIDATION_FAILED')
        expect(new Set(fields(p)), `${method} ${why}`).toEqual(new Set(['password']))
      }
    }
    expect(t.snapshot()).toBe(before)
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
  })

  it('U5 8 and 255 characters (and spaces or accents inside) are accepted by POST, PUT and PATCH, and log in', async () => {
    let n = 0
    for (const [why, password] of ACCEPTED) {
      n++
      const u = await createUser({ externalId: `P-${n}`, email: `p${n}@acme.example`, password })
      expect((await requestToken(t, u.email, password)).status, `POST ${why}`).toBe(200)
      const next = ACCEPTED[n % ACCEPTED.length][1]
      expect(
        (await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(u, { password: next }) })).status,
        `PUT ${why}`,
      ).toBe(200)
      expect((await requestToken(t, u.email, next)).status).toBe(200)
      expect((await t.call('PATCH', `${USERS}/${u.id}`, { body: { password } })).status, `PATCH ${why}`).toBe(200)
      expect((await requestToken(t, u.email, password)).status).toBe(200)
    }
  })
})

describe('U6 passwords on create and update', () => {
  it('U6 create without a password → one is generated, passes U5, is sent (N1) and logs in', async () => {
    const u = await createUser({ password: undefined })
    const sent = await notificationsOf(u.id)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ template: 'welcome', to: u.email })
    const initial = sent[0].data.initialPassword
    expect(initial).toEqual(expect.any(String))
    expect(initial.length).toBeGreaterThanOrEqual(8)
    expect(initial).toMatch(/\p{Ll}/u)
    expect(initial).toMatch(/\p{Lu}/u)
    expect(initial).toMatch(/\p{Nd}/u)
    expect((await requestToken(t, u.email, initial)).status).toBe(200)
    // Two users never get the same generated password.
    const v = await createUser({ externalId: 'CU-2', email: 'v@acme.example', password: undefined })
    expect((await notificationsOf(v.id))[0].data.initialPassword).not.toBe(initial)
  })

  it('U6 R5 a given password is the one that logs in, and it is never sent: the welcome message carries none', async () => {
    const u = await createUser({ password: 'Given-Pass-1' })
    const [welcome] = await notificationsOf(u.id)
    expect(welcome).toMatchObject({ template: 'welcome', to: u.email })
    expect(JSON.stringify(welcome)).not.toContain('Given-Pass-1')
    expect(JSON.stringify(t.app.db.toJSON())).not.toContain('Given-Pass-1')
    expect((await requestToken(t, u.email, 'Given-Pass-1')).status).toBe(200)
    expectProblem(await requestToken(t, u.email, PASSWORD), 401, 'UNAUTHENTICATED')
  })

  it('U6 PUT and PATCH without a password keep it; with one, replace it (the old one no longer logs in)', async () => {
    const u = await createUser()
    const hash = t.app.db.customerUsers.get(u.id)!.password
    const put = await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(u, { firstName: 'Jo' }) })
    expect(put.status).toBe(200)
    const patch = await t.call('PATCH', `${USERS}/${u.id}`, { body: { lastName: 'Smithers' } })
    expect(patch.status).toBe(200)
    expect(t.app.db.customerUsers.get(u.id)!.password).toEqual(hash)
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)

    expect(
      (await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(patch.body, { password: 'Put-Pass-22' }) })).status,
    ).toBe(200)
    expectProblem(await requestToken(t, u.email, PASSWORD), 401, 'UNAUTHENTICATED')
    expect((await requestToken(t, u.email, 'Put-Pass-22')).status).toBe(200)

    expect((await t.call('PATCH', `${USERS}/${u.id}`, { body: { password: 'Patch-Pass-33' } })).status).toBe(200)
    expectProblem(await requestToken(t, u.email, 'Put-Pass-22'), 401, 'UNAUTHENTICATED')
    expect((await requestToken(t, u.email, 'Patch-Pass-33')).status).toBe(200)
    // A new password is stored with a new salt.
    expect(t.app.db.customerUsers.get(u.id)!.password.salt).not.toBe(hash.salt)
    // Updates send no new "welcome": only the creation did.
    expect((await notificationsOf(u.id)).map((n) => n.template)).toEqual(['welcome'])
  })

  it('U6 wrong password and unknown email answer the same 401, and change nothing', async () => {
    const u = await createUser()
    const before = t.snapshot()
    const wrong = expectProblem(await requestToken(t, u.email, 'Wrong-Pass-1'), 401, 'UNAUTHENTICATED')
    const unknown = expectProblem(await requestToken(t, 'nobody@acme.example', PASSWORD), 401, 'UNAUTHENTICATED')
    expect(unknown.detail).toBe(wrong.detail)
    expect(t.snapshot()).toBe(before)
  })
})

describe('U7 activation', () => {
  it('U7 INACTIVE blocks login (403 LOGIN_NOT_ALLOWED) and live tokens (401), keeps the user and every association; ACTIVE restores', async () => {
    await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
    const globex = await makeAccount(t, 'GLOBEX')
    const org = await makeOrg(t, { externalId: 'ACME-SPACE', accountId: acme.id })
    const u = await createUser({
      accountIds: [acme.id, globex.id],
      organisationIds: [org.id],
      groups: ['FOC_Admin', 'FOC_User'],
      preferredCurrency: 'EUR',
    })
    const shop = await login(t, u.email)
    expect((await shop.call('GET', '/v1/authenticated-user')).status).toBe(200)
    // The login set lastLoginAt (U12): compare with the user as it is now.
    const { status: _s, version: _v, updatedAt: _u, ...kept } = (await t.call('GET', `${USERS}/${u.id}`)).body

    const off = await t.call('PATCH', `${USERS}/${u.id}`, { body: { status: 'INACTIVE' } })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ ...kept, status: 'INACTIVE' })
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expectProblem(await shop.call('GET', '/v1/authenticated-user'), 401, 'UNAUTHENTICATED')
    expect(t.snapshot()).toBe(before)
    // Still listed, still found by its associations.
    const listed = await t.call('GET', `${USERS}?organisationIds=${org.id}&accountIds=${globex.id}&storeIds=FR`)
    expect(listed.body.content.map((x: any) => x.id)).toEqual([u.id])

    const on = await t.call('PATCH', `${USERS}/${u.id}`, { body: { status: 'ACTIVE' } })
    expect(on.body).toMatchObject({ ...kept, status: 'ACTIVE' })
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
  })

  it('U7 bulk deactivate/activate {ids}: every user changes, `updated` counts the changes, login follows', async () => {
    const a = await createUser()
    const b = await createUser({ externalId: 'CU-2', email: 'b@acme.example' })
    const c = await createUser({ externalId: 'CU-3', email: 'c@acme.example' })
    const off = await t.call('POST', `${USERS}/deactivate`, { as: 'user', body: { ids: [a.id, b.id, a.id] } })
    expect(off.status).toBe(200)
    expect(off.body).toEqual({ updated: 2 })
    expect(
      (await t.call('GET', `${USERS}?status=INACTIVE&sort=externalId`)).body.content.map((x: any) => x.id),
    ).toEqual([a.id, b.id])
    expect((await t.call('GET', `${USERS}/${c.id}`)).body).toMatchObject({ status: 'ACTIVE', version: 1 })
    expectProblem(await requestToken(t, a.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    // Users already in the wanted state are not counted, nor changed.
    const again = await t.call('POST', `${USERS}/deactivate`, { body: { ids: [b.id, c.id] } })
    expect(again.body).toEqual({ updated: 1 })
    expect((await t.call('GET', `${USERS}/${b.id}`)).body.version).toBe(2)
    const on = await t.call('POST', `${USERS}/activate`, { body: { ids: [a.id, b.id, c.id] } })
    expect(on.body).toEqual({ updated: 3 })
    for (const u of [a, b, c]) expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
  })

  it('U7 bulk is all or nothing: unknown ids → 422 listing every one, nobody changes', async () => {
    const a = await createUser()
    const b = await createUser({ externalId: 'CU-2', email: 'b@acme.example' })
    const before = t.snapshot()
    for (const verb of ['deactivate', 'activate']) {
      const p = expectProblem(
        await t.call('POST', `${USERS}/${verb}`, { body: { ids: [a.id, 'cu_nope', b.id, 'CU-1'] } }),
        422,
        'UNKNOWN_REFERENCE',
      )
      expect(p.errors).toEqual([
        expect.objectContaining({ field: 'ids[1]', code: 'UNKNOWN_REFERENCE' }),
        expect.objectContaining({ field: 'ids[3]', code: 'UNKNOWN_REFERENCE' }),
      ])
    }
    expect(t.snapshot()).toBe(before)
    for (const body of [{ ids: [] }, {}, { ids: 'x' }, { ids: [a.id], status: 'INACTIVE' }]) {
      expectProblem(await t.call('POST', `${USERS}/deactivate`, { body }), 400, 'VALIDATION_FAILED')
    }
    expectProblem(
      await t.call('POST', `${USERS}/deactivate`, { as: 'reader', body: { ids: [a.id] } }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${USERS}?status=ACTIVE`)).body.totalElements).toBe(2)
  })
})

describe('U8 delete', () => {
  it("U8 delete is permanent, revokes the user's tokens and memberships, and frees email and externalId", async () => {
    const org = await makeOrg(t, { externalId: 'ACME-SPACE', accountId: acme.id })
    const u = await createUser({ organisationIds: [org.id] })
    const other = await createUser({ externalId: 'CU-2', email: 'other@acme.example' })
    const shop = await login(t, u.email)
    await login(t, u.email)
    const keep = await login(t, other.email)
    expect([...t.app.db.tokens.values()].filter((x) => x.customerUserId === u.id)).toHaveLength(2)

    const del = await t.call('DELETE', `${USERS}/${u.id}`, { as: 'user' })
    expect(del.status).toBe(204)
    expect(del.body).toBeNull()
    expectProblem(await t.call('GET', `${USERS}/${u.id}`), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', `${USERS}/CU-1?idType=EXTERNAL_ID`), 404, 'NOT_FOUND')
    expectProblem(await t.call('DELETE', `${USERS}/${u.id}`), 404, 'NOT_FOUND')
    expect((await t.call('GET', USERS)).body.content.map((x: any) => x.id)).toEqual([other.id])
    expect([...t.app.db.tokens.values()].filter((x) => x.customerUserId === u.id)).toEqual([])
    expectProblem(await shop.call('GET', '/v1/authenticated-user'), 401, 'UNAUTHENTICATED')
    expectProblem(await requestToken(t, u.email, PASSWORD), 401, 'UNAUTHENTICATED')
    expect((await keep.call('GET', '/v1/authenticated-user')).status).toBe(200)
    // No membership is left: the organisation has no member any more and goes without cascade (O4).
    expect((await t.call('GET', `${USERS}?organisationIds=${org.id}`)).body.totalElements).toBe(0)
    expect((await t.call('DELETE', `/v1/organisations/${org.id}`)).status).toBe(204)
    // Email and externalId are free again; the new user is another user.
    const again = await createUser()
    expect(again.id).not.toBe(u.id)
    expect(again.customerNumber).not.toBe(u.customerNumber)
  })

  it('U8 delete by external id; unknown → 404; the delete is audited', async () => {
    const u = await createUser()
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `${USERS}/cu_nope`), 404, 'NOT_FOUND')
    expectProblem(await t.call('DELETE', `${USERS}/${u.id}?idType=EXTERNAL_ID`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('DELETE', `${USERS}/CU-1?idType=EXTERNAL_ID`)).status).toBe(204)
    const events = (await t.call('GET', `/v1/audit-events?entity=customer-user&sort=seq:desc`)).body.content
    expect(events[0]).toMatchObject({ action: 'delete', id: u.id })
  })
})

describe('U9 activation defaults from settings (S2)', () => {
  it('U9 defaults: ACTIVE, not on hold → "welcome"; customerActiveOnCreation=false / customerOnHoldOnCreation=true apply to new users', async () => {
    const u = await createUser()
    expect(u).toMatchObject({ status: 'ACTIVE', onHold: false })
    expect(
      created(
        await t.call('PATCH', '/v1/settings', {
          body: { customerActiveOnCreation: false, customerOnHoldOnCreation: true },
        }),
        200,
      ),
    ).toMatchObject({ customerActiveOnCreation: false, customerOnHoldOnCreation: true })
    const v = await createUser({ externalId: 'CU-2', email: 'v@acme.example' })
    expect(v).toMatchObject({ status: 'INACTIVE', onHold: true })
    // The body wins over the settings.
    const w = await createUser({ externalId: 'CU-3', email: 'w@acme.example', status: 'ACTIVE', onHold: false })
    expect(w).toMatchObject({ status: 'ACTIVE', onHold: false })
    // Existing users keep their state.
    expect((await t.call('GET', `${USERS}/${u.id}`)).body).toMatchObject({
      status: 'ACTIVE',
      onHold: false,
      version: 1,
    })
    expect(
      created(await t.call('PATCH', '/v1/settings', { body: { customerActiveOnCreation: true } }), 200)
        .customerOnHoldOnCreation,
    ).toBe(true)
    expect(await createUser({ externalId: 'CU-4', email: 'x@acme.example' })).toMatchObject({
      status: 'ACTIVE',
      onHold: true,
    })
  })

  it('U9 created inactive or on hold → "account being prepared" with the password; login 403 until active and not on hold → "account activated"', async () => {
    await t.call('PATCH', '/v1/settings', { body: { customerOnHoldOnCreation: true } })
    const u = await createUser({ password: undefined })
    const [first] = await notificationsOf(u.id)
    expect(first).toMatchObject({ template: 'account-being-prepared', to: u.email })
    const initial = first.data.initialPassword
    expect(initial).toEqual(expect.any(String))
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, initial), 403, 'LOGIN_NOT_ALLOWED')
    expect(t.snapshot()).toBe(before)
    // Deactivated then still on hold: no "activated" yet.
    await t.call('PATCH', `${USERS}/${u.id}`, { body: { status: 'INACTIVE' } })
    await t.call('PATCH', `${USERS}/${u.id}`, { body: { status: 'ACTIVE' } })
    expect((await notificationsOf(u.id)).map((n) => n.template)).toEqual(['account-being-prepared'])
    expectProblem(await requestToken(t, u.email, initial), 403, 'LOGIN_NOT_ALLOWED')
    await t.call('PATCH', `${USERS}/${u.id}`, { body: { onHold: false } })
    expect((await notificationsOf(u.id)).map((n) => n.template)).toEqual([
      'account-being-prepared',
      'account-activated',
    ])
    expect((await requestToken(t, u.email, initial)).status).toBe(200)
    // A bulk activation that makes a user able to log in sends it too.
    const v = await createUser({ externalId: 'CU-2', email: 'v@acme.example', status: 'INACTIVE', onHold: false })
    expect((await notificationsOf(v.id)).map((n) => n.template)).toEqual(['account-being-prepared'])
    await t.call('POST', `${USERS}/activate`, { body: { ids: [v.id] } })
    expect((await notificationsOf(v.id)).map((n) => n.template)).toEqual([
      'account-being-prepared',
      'account-activated',
    ])
  })

  it('U9 login needs an ACTIVE account (A3): a user of a pending account only → 403 LOGIN_NOT_ALLOWED', async () => {
    await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })
    const pending = await makeAccount(t, 'PENDING')
    expect(pending.status).toBe('WAITING_APPROVAL')
    const u = await createUser({ accountIds: [pending.id] })
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expect((await t.call('POST', `/v1/customer-accounts/${pending.id}/approve`)).status).toBe(200)
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
  })

  it('U9 only an Admin operator changes the settings that drive the defaults', async () => {
    const before = t.snapshot()
    expectProblem(
      await t.call('PATCH', '/v1/settings', { as: 'user', body: { customerActiveOnCreation: false } }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
  })
})

describe('U10 stores', () => {
  const store = async (externalId: string) =>
    created(await t.call('POST', '/v1/stores', { body: { externalId, name: externalId } }))

  it('U10 no store at all → storeIds []; a store that does not exist → 422 UNKNOWN_REFERENCE', async () => {
    const u = await createUser()
    expect(u.storeIds).toEqual([])
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', USERS, {
        body: userBody({ externalId: 'CU-2', email: 'b@acme.example', storeIds: ['FR'] }),
      }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(fields(p)).toEqual(['storeIds[0]'])
    expect(t.snapshot()).toBe(before)
  })

  it('U10 single-store tenant: storeIds defaults to that store (omitted or [])', async () => {
    await store('FR')
    expect((await createUser()).storeIds).toEqual(['FR'])
    expect((await createUser({ externalId: 'CU-2', email: 'b@acme.example', storeIds: [] })).storeIds).toEqual(['FR'])
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', USERS, {
        body: userBody({ externalId: 'CU-3', email: 'c@acme.example', storeIds: ['FR', 'BE'] }),
      }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(fields(p)).toEqual(['storeIds[1]'])
    expect(t.snapshot()).toBe(before)
  })

  it('U10 multi-store tenant: every user needs ≥1 store (422 on storeIds), by externalId; unknown ones are all listed', async () => {
    await store('FR')
    await store('BE')
    const before = t.snapshot()
    for (const storeIds of [undefined, []]) {
      const p = expectProblem(await t.call('POST', USERS, { body: userBody({ storeIds }) }), 422, 'RULE_VIOLATION')
      expect(p.errors).toEqual([expect.objectContaining({ field: 'storeIds', code: 'RULE' })])
    }
    const unknown = expectProblem(
      await t.call('POST', USERS, { body: userBody({ storeIds: ['XX', 'BE', 'fr-nope'] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(fields(unknown)).toEqual(['storeIds[0]', 'storeIds[2]'])
    const byId = expectProblem(
      await t.call('POST', USERS, { body: userBody({ storeIds: [t.app.db.stores.findBy('externalId', 'FR')!.id] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(fields(byId)).toEqual(['storeIds[0]'])
    expect(t.snapshot()).toBe(before)
    const u = await createUser({ storeIds: ['BE', 'FR', 'BE'] })
    expect(u.storeIds).toEqual(['BE', 'FR'])
    // Update: omitted → kept; [] → refused on a multi-store tenant; a list replaces.
    const put = await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(u, { firstName: 'Jo' }) })
    expect(put.body.storeIds).toEqual(['BE', 'FR'])
    const after = t.snapshot()
    const cleared = expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { storeIds: [] } }),
      422,
      'RULE_VIOLATION',
    )
    expect(fields(cleared)).toEqual(['storeIds'])
    expect(t.snapshot()).toBe(after)
    expect((await t.call('PATCH', `${USERS}/${u.id}`, { body: { storeIds: ['FR'] } })).body.storeIds).toEqual(['FR'])
  })
})

describe('U12 last login', () => {
  it('U12 lastLoginAt is null until the first login and set on every successful login, not on a failed one', async () => {
    let now = new Date('2026-03-01T08:00:00.000Z')
    t = await fastApp({ clock: () => now })
    acme = await makeAccount(t, 'ACME')
    const u = await createUser()
    expect(u.lastLoginAt).toBeNull()
    now = new Date('2026-03-02T09:30:00.000Z')
    await login(t, u.email)
    expect((await t.call('GET', `${USERS}/${u.id}`)).body.lastLoginAt).toBe('2026-03-02T09:30:00.000Z')
    now = new Date('2026-03-03T10:00:00.000Z')
    const shop = await login(t, u.email.toUpperCase())
    expect((await shop.call('GET', '/v1/authenticated-user')).body.lastLoginAt).toBe('2026-03-03T10:00:00.000Z')
    now = new Date('2026-03-04T10:00:00.000Z')
    expectProblem(await requestToken(t, u.email, 'Wrong-Pass-1'), 401, 'UNAUTHENTICATED')
    await t.call('PATCH', `${USERS}/${u.id}`, { body: { status: 'INACTIVE' } })
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expect((await t.call('GET', `${USERS}/${u.id}`)).body.lastLoginAt).toBe('2026-03-03T10:00:00.000Z')
    // Each login is in the audit log (N2) under the customer user who logged in.
    const logins = (
      await t.call('GET', `/v1/audit-events?entity=customer-user&ids=${u.id}&sort=seq:asc&size=100`)
    ).body.content.filter((e: any) => e.action === 'login')
    expect(logins).toHaveLength(2)
    for (const e of logins) expect(e.actor).toBe(`customer-user:${u.id}`)
    // Sortable by it.
    const v = await createUser({ externalId: 'CU-2', email: 'v@acme.example' })
    expect((await t.call('GET', `${USERS}?sort=lastLoginAt:desc`)).body.content.map((x: any) => x.id)).toEqual([
      u.id,
      v.id,
    ])
  })
})

describe('customer user list (ADM-CUSTOMER-USER-550)', () => {
  let ids: Record<string, string>
  let globex: { id: string }
  let orgs: Record<string, string>
  beforeEach(async () => {
    globex = await makeAccount(t, 'GLOBEX')
    await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
    await t.call('POST', '/v1/stores', { body: { externalId: 'BE', name: 'Belgium' } })
    orgs = {
      space: (await makeOrg(t, { externalId: 'ACME-SPACE', accountId: acme.id })).id,
      air: (await makeOrg(t, { externalId: 'ACME-AIR', accountId: acme.id })).id,
      hq: (await makeOrg(t, { externalId: 'GLOBEX-HQ', accountId: globex.id })).id,
    }
    ids = {}
    const add = async (key: string, over: Record<string, unknown>) =>
      (ids[key] = (await createUser({ password: undefined, ...over })).id)
    await add('elodie', {
      externalId: 'U-ELODIE',
      firstName: 'Élodie',
      lastName: 'Dupré',
      email: 'elodie@acme.example',
      groups: ['FOC_Admin'],
      storeIds: ['FR'],
      organisationIds: [orgs.space],
    })
    await add('john', {
      externalId: 'U-JOHN',
      firstName: 'John',
      lastName: 'Smith',
      email: 'JOHN@Globex.example',
      accountIds: [globex.id],
      groups: ['FOC_User'],
      storeIds: ['BE'],
      organisationIds: [orgs.hq],
    })
    await add('zoe', {
      externalId: 'U-ZOE',
      firstName: 'Zoë',
      lastName: 'Åberg',
      email: 'zoe@acme.example',
      accountIds: [acme.id, globex.id],
      groups: ['FOC_Webmaster', 'FOC_User'],
      storeIds: ['FR', 'BE'],
      organisationIds: [orgs.air, orgs.hq],
      mainOrganisationId: orgs.air,
      status: 'INACTIVE',
    })
    await add('marc', {
      externalId: 'EXT-MARC',
      firstName: 'Marc',
      lastName: 'Durand',
      email: 'marc@acme.example',
      groups: ['FOC_User'],
      storeIds: ['FR'],
    })
  })
  const list = async (query: string, as: 'admin' | 'reader' = 'reader') => {
    const r = await t.call('GET', `${USERS}${query}`, { as })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body
  }
  const names = async (query: string) =>
    (await list(query)).content.map((u: any) => Object.keys(ids).find((k) => ids[k] === u.id))

  it('list: search matches email, first/last name, externalId and customerNumber, ignoring case and accents', async () => {
    expect(await names('?search=ELODIE')).toEqual(['elodie'])
    expect(await names('?search=dupre')).toEqual(['elodie'])
    expect(await names('?search=Dupré')).toEqual(['elodie'])
    expect(await names('?search=zoe')).toEqual(['zoe'])
    expect(await names('?search=aberg')).toEqual(['zoe'])
    expect(await names('?search=globex.EXAMPLE')).toEqual(['john'])
    expect(await names('?search=ext-marc')).toEqual(['marc'])
    expect(await names('?search=u-')).toEqual(['elodie', 'john', 'zoe'])
    const number = (await t.call('GET', `${USERS}/${ids.marc}`)).body.customerNumber
    expect(await names(`?search=${encodeURIComponent(number)}`)).toEqual(['marc'])
    expect(await names('?search=nobody')).toEqual([])
    // Phone and ids are not searched.
    expect(await names('?search=%2B33')).toEqual([])
    // A rename is found at once (search caches follow writes).
    await t.call('PATCH', `${USERS}/${ids.marc}`, { body: { lastName: 'Lefèvre' } })
    expect(await names('?search=lefevre')).toEqual(['marc'])
    expect(await names('?search=durand')).toEqual([])
  })

  it('list: filters accountIds, organisationIds, status, groups, storeIds — repeated or comma, OR within, AND across', async () => {
    expect(await names(`?accountIds=${globex.id}`)).toEqual(['john', 'zoe'])
    expect(await names(`?accountIds=${globex.id}&accountIds=${acme.id}`)).toEqual(['elodie', 'john', 'zoe', 'marc'])
    expect(await names(`?organisationIds=${orgs.space},${orgs.hq}`)).toEqual(['elodie', 'john', 'zoe'])
    expect(await names(`?organisationIds=${orgs.air}`)).toEqual(['zoe'])
    expect(await names('?status=INACTIVE')).toEqual(['zoe'])
    expect(await names('?status=ACTIVE,INACTIVE')).toEqual(['elodie', 'john', 'zoe', 'marc'])
    expect(await names('?groups=FOC_Admin&groups=FOC_Webmaster')).toEqual(['elodie', 'zoe'])
    expect(await names('?storeIds=BE')).toEqual(['john', 'zoe'])
    expect(await names('?storeIds=FR&groups=FOC_User')).toEqual(['zoe', 'marc'])
    expect(await names(`?accountIds=${acme.id}&status=ACTIVE&storeIds=FR,BE&groups=FOC_User,FOC_Admin`)).toEqual([
      'elodie',
      'marc',
    ])
    expect(await names(`?accountIds=${acme.id}&search=smith`)).toEqual([])
    expect(await names(`?ids=${ids.john},${ids.marc}&externalIds=EXT-MARC`)).toEqual(['marc'])
    expect(await names('?status=GONE')).toEqual([])
    // Unknown parameters are ignored (OP5).
    expect(await names('?colour=blue')).toHaveLength(4)
  })

  it('list: sort by one or several fields, either syntax; malformed entries ignored; ties by id', async () => {
    expect(await names('?sort=lastName:asc')).toEqual(['zoe', 'elodie', 'marc', 'john'])
    expect(await names('?sort=lastName,desc')).toEqual(['john', 'marc', 'elodie', 'zoe'])
    expect(await names('?sort=email')).toEqual(['elodie', 'john', 'marc', 'zoe'])
    expect(await names('?sort=status:desc&sort=firstName:asc')).toEqual(['zoe', 'elodie', 'john', 'marc'])
    expect(await names('?sort=status:desc,externalId:desc')).toEqual(['zoe', 'john', 'elodie', 'marc'])
    expect(await names('?sort=nope:asc&sort=firstName:sideways&sort=externalId:desc')).toEqual([
      'zoe',
      'john',
      'elodie',
      'marc',
    ])
    expect(await names('?sort=customerNumber:desc')).toEqual(['marc', 'zoe', 'john', 'elodie'])
    expect(await names('?sort=status')).toEqual(['elodie', 'john', 'marc', 'zoe'])
  })

  it('list: paging envelope; size above 1000 or negative page → 400', async () => {
    const page = await list('?size=3&page=1&sort=externalId')
    expect(page).toMatchObject({
      totalElements: 4,
      totalPages: 2,
      number: 1,
      size: 3,
      numberOfElements: 1,
      first: false,
      last: true,
      empty: false,
    })
    expect(page.content.map((u: any) => u.id)).toEqual([ids.zoe])
    const first = await list('?size=3')
    expect(first).toMatchObject({ number: 0, size: 3, numberOfElements: 3, first: true, last: false })
    const beyond = await list('?page=5&size=3')
    expect(beyond).toMatchObject({ content: [], number: 5, empty: true, numberOfElements: 0, totalElements: 4 })
    expect(fields(expectProblem(await t.call('GET', `${USERS}?size=1001`), 400, 'VALIDATION_FAILED'))).toEqual(['size'])
    expect(fields(expectProblem(await t.call('GET', `${USERS}?page=-1`), 400, 'VALIDATION_FAILED'))).toEqual(['page'])
    for (const u of (await list('?size=1000')).content) expect(Object.keys(u).sort()).toEqual(USER_KEYS)
  })
})

describe('permissions, versions and partial updates', () => {
  it('OP2 a Reader reads but cannot write customer users (403 FORBIDDEN on every write, nothing changes)', async () => {
    const u = await createUser()
    const before = t.snapshot()
    const writes: [string, string, unknown][] = [
      ['POST', USERS, userBody({ externalId: 'CU-2', email: 'b@acme.example' })],
      ['PUT', `${USERS}/${u.id}`, putBody(u)],
      ['PATCH', `${USERS}/${u.id}`, { firstName: 'X' }],
      ['DELETE', `${USERS}/${u.id}`, undefined],
      ['POST', `${USERS}/deactivate`, { ids: [u.id] }],
      ['POST', `${USERS}/activate`, { ids: [u.id] }],
    ]
    for (const [method, path, body] of writes)
      expectProblem(await t.call(method, path, { as: 'reader', body }), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${USERS}/${u.id}`, { as: 'reader' })).status).toBe(200)
    expect((await t.call('GET', USERS, { as: 'reader' })).body.totalElements).toBe(1)
    // A User operator writes customer data.
    expect((await t.call('PATCH', `${USERS}/${u.id}`, { as: 'user', body: { firstName: 'X' } })).status).toBe(200)
    // A storefront client or no key at all cannot use the back-office routes.
    const after = t.snapshot()
    expectProblem(
      await t.call('PATCH', `${USERS}/${u.id}`, { body: { firstName: 'Y' }, headers: { 'dj-client': 'ACCOUNT' } }),
      403,
      'WRONG_CLIENT',
    )
    expectProblem(await t.call('GET', USERS, { as: null }), 401, 'UNAUTHENTICATED')
    expect(t.snapshot()).toBe(after)
  })

  it('§2 a stale If-Match on PUT, PATCH and DELETE → 412 with the current version; the right one (or *) passes', async () => {
    const u = await createUser()
    await t.call('PATCH', `${USERS}/${u.id}`, { body: { firstName: 'Jo' } })
    const before = t.snapshot()
    for (const [method, body] of [
      ['PUT', putBody(u)],
      ['PATCH', { lastName: 'X' }],
      ['DELETE', undefined],
    ] as const) {
      for (const ifMatch of ['"1"', '"3"', 'W/"1"']) {
        const p = expectProblem(
          await t.call(method, `${USERS}/${u.id}`, { body, headers: { 'if-match': ifMatch } }),
          412,
          'PRECONDITION_FAILED',
        )
        expect(p.currentVersion).toBe(2)
      }
    }
    expect(t.snapshot()).toBe(before)
    const put = await t.call('PUT', `${USERS}/${u.id}`, { body: putBody(u), headers: { 'if-match': '"2"' } })
    expect(put.status).toBe(200)
    expect(put.headers.get('etag')).toBe('"3"')
    const patch = await t.call('PATCH', `${USERS}/${u.id}`, {
      body: { lastName: 'X' },
      headers: { 'if-match': 'W/"3"' },
    })
    expect(patch.headers.get('etag')).toBe('"4"')
    expect((await t.call('DELETE', `${USERS}/${u.id}`, { headers: { 'if-match': '"4"' } })).status).toBe(204)
  })

  it('PATCH changes only the given fields; PUT keeps omitted optional fields', async () => {
    await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France' } })
    const org = await makeOrg(t, { externalId: 'ACME-SPACE', accountId: acme.id })
    const u = await createUser({
      organisationIds: [org.id],
      preferredCurrency: 'EUR',
      preferredSite: 'fr',
      groups: ['FOC_Admin'],
      onHold: true,
      status: 'INACTIVE',
    })
    const patched = await t.call('PATCH', `${USERS}/${u.id}`, { body: { firstName: 'Jean' } })
    expect(patched.status).toBe(200)
    const { firstName: _f, version: _v, updatedAt: _u, ...rest } = u
    expect(patched.body).toEqual({ ...rest, firstName: 'Jean', version: 2, updatedAt: expect.any(String) })
    expect(patched.headers.get('etag')).toBe('"2"')
    expect((await t.call('GET', `${USERS}/${u.id}`)).body).toEqual(patched.body)
    // PUT: required fields replace; optional ones omitted keep their value.
    const put = await t.call('PUT', `${USERS}/${u.id}`, {
      body: putBody(patched.body, { lastName: 'Martin', phone: '+32 2 555 12 12' }),
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({
      firstName: 'Jean',
      lastName: 'Martin',
      phone: '+32 2 555 12 12',
      organisationIds: [org.id],
      mainOrganisationId: org.id,
      storeIds: ['FR'],
      preferredCurrency: 'EUR',
      preferredSite: 'fr',
      onHold: true,
      status: 'INACTIVE',
      customerNumber: u.customerNumber,
      version: 3,
    })
    // PUT without a required field → 400 naming it.
    const before = t.snapshot()
    const { phone: _p, ...noPhone } = putBody(put.body)
    expect(
      fields(expectProblem(await t.call('PUT', `${USERS}/${u.id}`, { body: noPhone }), 400, 'VALIDATION_FAILED')),
    ).toEqual(['phone'])
    // Nullable optionals can be cleared explicitly; a cleared currency is the tenant's default again (U13).
    expect(t.snapshot()).toBe(before)
    const nulled = await t.call('PATCH', `${USERS}/${u.id}`, { body: { preferredCurrency: null, preferredSite: null } })
    expect(nulled.body).toMatchObject({ preferredCurrency: 'EUR', preferredSite: null, lastName: 'Martin' })
  })

  it('404 for an unknown user on every item route; nothing changes', async () => {
    const before = t.snapshot()
    expectProblem(await t.call('GET', `${USERS}/cu_nope`), 404, 'NOT_FOUND')
    expectProblem(await t.call('PUT', `${USERS}/cu_nope`, { body: userBody() }), 404, 'NOT_FOUND')
    expectProblem(await t.call('PATCH', `${USERS}/cu_nope`, { body: { firstName: 'X' } }), 404, 'NOT_FOUND')
    expectProblem(await t.call('DELETE', `${USERS}/cu_nope`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })
})

describe('A8 deleting an account with real customer users', () => {
  it('A8 an account that still has users → 409 HAS_DEPENDENTS naming how many; nothing changes', async () => {
    await createUser()
    await createUser({ externalId: 'CU-2', email: 'b@acme.example' })
    const before = t.snapshot()
    const p = expectProblem(await t.call('DELETE', `/v1/customer-accounts/${acme.id}`), 409, 'HAS_DEPENDENTS')
    expect(p.detail).toContain('2 customer user')
    expect(t.snapshot()).toBe(before)
  })

  it('A8 force=true detaches users of several accounts (and their organisations of that account) and deletes users left with none, with their tokens', async () => {
    const globex = await makeAccount(t, 'GLOBEX')
    const initech = await makeAccount(t, 'INITECH')
    const a1 = await makeOrg(t, { externalId: 'A1', accountId: acme.id })
    const a2 = await makeOrg(t, { externalId: 'A2', parentId: a1.id })
    const g1 = await makeOrg(t, { externalId: 'G1', accountId: globex.id })
    const i1 = await makeOrg(t, { externalId: 'I1', accountId: initech.id })
    const only = await createUser({
      externalId: 'ONLY',
      email: 'only@acme.example',
      organisationIds: [a1.id, a2.id],
      mainOrganisationId: a2.id,
    })
    const two = await createUser({
      externalId: 'TWO',
      email: 'two@acme.example',
      accountIds: [acme.id, globex.id],
      organisationIds: [a1.id, g1.id],
      mainOrganisationId: a1.id,
    })
    const three = await createUser({
      externalId: 'THREE',
      email: 'three@acme.example',
      accountIds: [globex.id, acme.id, initech.id],
      organisationIds: [g1.id, a2.id, i1.id],
      mainOrganisationId: g1.id,
    })
    const elsewhere = await createUser({
      externalId: 'ELSEWHERE',
      email: 'else@globex.example',
      accountIds: [globex.id],
      organisationIds: [g1.id],
    })
    const onlyShop = await login(t, only.email)
    const twoShop = await login(t, two.email)

    expect((await t.call('DELETE', `/v1/customer-accounts/${acme.id}?force=true`)).status).toBe(204)
    expectProblem(await t.call('GET', `/v1/customer-accounts/${acme.id}`), 404, 'NOT_FOUND')
    for (const org of [a1, a2]) expectProblem(await t.call('GET', `/v1/organisations/${org.id}`), 404, 'NOT_FOUND')

    // Left with no account: deleted, with their tokens.
    expectProblem(await t.call('GET', `${USERS}/${only.id}`), 404, 'NOT_FOUND')
    expect([...t.app.db.tokens.values()].filter((x) => x.customerUserId === only.id)).toEqual([])
    expectProblem(await onlyShop.call('GET', '/v1/authenticated-user'), 401, 'UNAUTHENTICATED')
    expectProblem(await requestToken(t, only.email, PASSWORD), 401, 'UNAUTHENTICATED')

    // Detached: the account and its organisations go; a main organisation of that account goes too.
    const twoAfter = (await t.call('GET', `${USERS}/${two.id}`)).body
    expect(twoAfter).toMatchObject({ accountIds: [globex.id], organisationIds: [g1.id] })
    expect([null, g1.id]).toContain(twoAfter.mainOrganisationId)
    const threeAfter = (await t.call('GET', `${USERS}/${three.id}`)).body
    expect(threeAfter).toMatchObject({
      accountIds: [globex.id, initech.id],
      organisationIds: [g1.id, i1.id],
      mainOrganisationId: g1.id,
    })
    expect((await t.call('GET', `${USERS}/${elsewhere.id}`)).body).toEqual(elsewhere)
    // A detached user keeps their session in their remaining account, but not in the deleted one.
    expect((await twoShop.call('GET', '/v1/authenticated-user')).body).toMatchObject({
      id: two.id,
      currentAccountId: globex.id,
    })
    expectProblem(
      await twoShop.call('GET', '/v1/authenticated-user', { accountId: acme.id }),
      403,
      'ACCOUNT_NOT_ALLOWED',
    )
    // Detached users stay editable (no dangling reference, every rule holds).
    expect((await t.call('PUT', `${USERS}/${two.id}`, { body: putBody(twoAfter) })).status).toBe(200)
    expect((await t.call('PATCH', `${USERS}/${three.id}`, { body: { firstName: 'Tri' } })).status).toBe(200)
    expect((await t.call('GET', `${USERS}?accountIds=${acme.id}`)).body.totalElements).toBe(0)
    expect((await t.call('GET', USERS)).body.totalElements).toBe(3)
  })
})
