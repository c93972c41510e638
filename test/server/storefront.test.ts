/**
 * The storefront (docs/conventions.md §2b): customer login and tokens (U9, U12, U7, U8, A3), the account a request acts
 * in (`customer-account-id`), the wall between storefront and back-office credentials, assisted buying (U11)
 * and organisation visibility (O5) across sub-organisations and across accounts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { KEYS, expectProblem, testApp, type TestApp } from '../helpers.js'
import {
  PASSWORD,
  login,
  makeAccount,
  makeOrg,
  makeUser,
  operatorId,
  outline,
  requestToken,
  shopCaller,
  shopHeaders,
  type Org,
  type ShopCaller,
} from './customer-fixtures.js'
import { codeOf, exchangeCode, makeStore, openAssisted, setSupport } from './assisted-fixtures.js'

let t: TestApp
let now: number
beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z')
  t = await testApp({ passwordIterations: 1000, clock: () => new Date(now) })
})

const ME = '/v1/authenticated-user'
const SHOP_ORGS = '/v1/shop/organisations'
const SHOP_USERS = '/v1/shop/customer-users'
const userRecord = async (id: string) => (await t.call('GET', `/v1/customer-users/${id}`)).body

describe('U9 login (POST /auth/token)', () => {
  let acme: { id: string }
  beforeEach(async () => {
    acme = await makeAccount(t, 'ACME')
  })

  it('U9 U12 a good login answers {accessToken, tokenType: Bearer, expiresIn} and sets lastLoginAt every time', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    expect(u.lastLoginAt).toBeNull()
    const r = await requestToken(t, u.email, PASSWORD)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: expect.any(Number) })
    expect(r.body.accessToken.length).toBeGreaterThanOrEqual(20)
    expect(r.body.expiresIn).toBeGreaterThan(0)
    expect((await userRecord(u.id)).lastLoginAt).toBe('2026-03-02T09:00:00.000Z')

    now += 60 * 60 * 1000
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
    expect((await userRecord(u.id)).lastLoginAt).toBe('2026-03-02T10:00:00.000Z')
  })

  it('U9 the email is matched case-insensitively', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id], email: 'John.Smith@ACME.example' })
    expect((await requestToken(t, 'john.smith@acme.EXAMPLE', PASSWORD)).status).toBe(200)
    expect((await userRecord(u.id)).lastLoginAt).not.toBeNull()
  })

  it('U9 a wrong password and an unknown email get the same 401, and nothing changes', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const before = t.snapshot()
    const wrong = await requestToken(t, u.email, 'Wrong-Pass-1')
    const unknown = await requestToken(t, 'nobody@example.com', PASSWORD)
    expectProblem(wrong, 401, 'UNAUTHENTICATED')
    expectProblem(unknown, 401, 'UNAUTHENTICATED')
    expect(unknown.body).toEqual(wrong.body)
    expect(t.snapshot()).toBe(before)
    expect((await userRecord(u.id)).lastLoginAt).toBeNull()
  })

  it('U9 U7 an INACTIVE user → 403 LOGIN_NOT_ALLOWED, no token, no lastLoginAt; back to ACTIVE → login works', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id], status: 'INACTIVE' })
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expect(t.snapshot()).toBe(before)
    // The password is checked first: a wrong one says nothing about the user's state.
    expectProblem(await requestToken(t, u.email, 'Wrong-Pass-1'), 401, 'UNAUTHENTICATED')
    expect((await t.call('PATCH', `/v1/customer-users/${u.id}`, { body: { status: 'ACTIVE' } })).status).toBe(200)
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
  })

  it('U9 a user on hold → 403 LOGIN_NOT_ALLOWED, nothing changes', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id], onHold: true })
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expect(t.snapshot()).toBe(before)
  })

  it('U9 A3 a user whose only account is WAITING_APPROVAL → 403 LOGIN_NOT_ALLOWED until it is approved', async () => {
    expect((await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })).status).toBe(200)
    const pending = await makeAccount(t, 'PENDING')
    expect(pending.status).toBe('WAITING_APPROVAL')
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [pending.id] })
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('POST', `/v1/customer-accounts/${pending.id}/approve`)).status).toBe(200)
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
  })

  it('U9 A3 a user whose only account is INACTIVE or REJECTED → 403 LOGIN_NOT_ALLOWED', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const put = await t.call('PUT', `/v1/customer-accounts/${acme.id}`, {
      body: {
        externalId: 'ACME',
        name: 'ACME',
        companyRegistrationName: 'ACME SAS',
        businessRegistrationNumber: 'RCS-ACME',
        status: 'INACTIVE',
      },
    })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expect(t.snapshot()).toBe(before)

    expect((await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })).status).toBe(200)
    const rejected = await makeAccount(t, 'REJ')
    expect((await t.call('POST', `/v1/customer-accounts/${rejected.id}/reject`)).status).toBe(200)
    const v = await makeUser(t, { externalId: 'JANE', accountIds: [rejected.id] })
    expectProblem(await requestToken(t, v.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
  })

  it('U9 POST /auth/token needs dj-client: ACCOUNT (OPERATOR → 403 WRONG_CLIENT, none → 400)', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const before = t.snapshot()
    expectProblem(await requestToken(t, u.email, PASSWORD, { 'dj-client': 'OPERATOR' }), 403, 'WRONG_CLIENT')
    expectProblem(
      await requestToken(t, u.email, PASSWORD, { 'dj-api-key': KEYS.admin, 'dj-client': 'OPERATOR' }),
      403,
      'WRONG_CLIENT',
    )
    expectProblem(await requestToken(t, u.email, PASSWORD, { 'dj-client': 'SHOP' }), 400)
    // No dj-client at all (the test helper always sends one, so straight to the app).
    const none = await t.app.request('/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: PASSWORD }),
    })
    expect(none.status).toBe(400)
    expect(t.snapshot()).toBe(before)
  })

  it('U9 a missing or unknown dj-client on POST /auth/token is the same problem as on every route (CLIENT_HEADER_INVALID)', async () => {
    const unknown = expectProblem(
      await requestToken(t, 'john@example.com', PASSWORD, { 'dj-client': 'SHOP' }),
      400,
      'CLIENT_HEADER_INVALID',
    )
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'dj-client', code: 'INVALID' })])
    const none = await t.app.request('/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'john@example.com', password: PASSWORD }),
    })
    expect(none.status).toBe(400)
    expect(await none.json()).toMatchObject({
      code: 'CLIENT_HEADER_INVALID',
      errors: [{ field: 'dj-client', code: 'REQUIRED' }],
    })
  })
})

describe('U9 the token at work', () => {
  let acme: { id: string }
  let globex: { id: string }
  beforeEach(async () => {
    acme = await makeAccount(t, 'ACME')
    globex = await makeAccount(t, 'GLOBEX')
  })

  it('U9 GET /v1/authenticated-user shows the user (never the password) and the account acted in', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const shop = await login(t, u.email)
    const r = await shop.call('GET', ME)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      id: u.id,
      email: u.email,
      accountIds: [acme.id],
      currentAccountId: acme.id,
      assistedBy: null,
    })
    expect(r.body).not.toHaveProperty('password')
    expect(JSON.stringify(r.body)).not.toMatch(/pbkdf2|salt|hash/i)
  })

  it('U9 no token, an unknown token or a malformed Authorization → 401', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token', 'Basic abc', 'Bearer']) {
      const headers: Record<string, string> = { 'dj-client': 'ACCOUNT', ...(authorization ? { authorization } : {}) }
      expectProblem(await t.call('GET', ME, { as: null, headers }), 401, 'UNAUTHENTICATED')
    }
  })

  it('U9 a token expires after expiresIn seconds', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const r = await requestToken(t, u.email, PASSWORD)
    const shop = shopCaller(t, r.body.accessToken)
    now += (r.body.expiresIn - 1) * 1000
    expect((await shop.call('GET', ME)).status).toBe(200)
    now += 2000
    expectProblem(await shop.call('GET', ME), 401, 'UNAUTHENTICATED')
  })

  it('U7 a token stops working once the user is deactivated (401), or put on hold', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const shop = await login(t, u.email)
    expect((await shop.call('GET', ME)).status).toBe(200)
    expect((await t.call('PATCH', `/v1/customer-users/${u.id}`, { body: { status: 'INACTIVE' } })).status).toBe(200)
    expectProblem(await shop.call('GET', ME), 401, 'UNAUTHENTICATED')
    expectProblem(await shop.call('GET', SHOP_ORGS), 401, 'UNAUTHENTICATED')

    const v = await makeUser(t, { externalId: 'JANE', accountIds: [acme.id] })
    const shopV = await login(t, v.email)
    expect((await t.call('POST', '/v1/customer-users/deactivate', { body: { ids: [v.id] } })).status).toBe(200)
    expectProblem(await shopV.call('GET', ME), 401, 'UNAUTHENTICATED')

    const w = await makeUser(t, { externalId: 'JIM', accountIds: [acme.id] })
    const shopW = await login(t, w.email)
    expect((await t.call('PATCH', `/v1/customer-users/${w.id}`, { body: { onHold: true } })).status).toBe(200)
    expectProblem(await shopW.call('GET', ME), 401, 'UNAUTHENTICATED')
  })

  it("U8 a token stops working once the user is deleted (401), and the user's tokens are gone", async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const shop = await login(t, u.email)
    await login(t, u.email)
    expect([...t.app.db.tokens.values()].filter((k) => k.customerUserId === u.id)).toHaveLength(2)
    expect((await t.call('DELETE', `/v1/customer-users/${u.id}`)).status).toBe(204)
    expectProblem(await shop.call('GET', ME), 401, 'UNAUTHENTICATED')
    expect([...t.app.db.tokens.values()].filter((k) => k.customerUserId === u.id)).toHaveLength(0)
  })

  it("U9 customer-account-id picks one of the user's accounts; default the first; another → 403 ACCOUNT_NOT_ALLOWED", async () => {
    const initech = await makeAccount(t, 'INITECH')
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id, globex.id] })
    const shop = await login(t, u.email)
    expect((await shop.call('GET', ME)).body.currentAccountId).toBe(acme.id)
    expect((await shop.call('GET', ME, { accountId: globex.id })).body.currentAccountId).toBe(globex.id)
    for (const other of [initech.id, 'acc_nope']) {
      const p = expectProblem(await shop.call('GET', ME, { accountId: other }), 403, 'ACCOUNT_NOT_ALLOWED')
      expect(p.errors?.map((e) => e.field)).toEqual(['customer-account-id'])
      expectProblem(await shop.call('GET', SHOP_ORGS, { accountId: other }), 403, 'ACCOUNT_NOT_ALLOWED')
    }
  })

  it('A3 a live token no longer acts in an account that became INACTIVE (403 ACCOUNT_NOT_ALLOWED); the default moves to an ACTIVE one', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id, globex.id] })
    const shop = await login(t, u.email)
    const put = await t.call('PUT', `/v1/customer-accounts/${acme.id}`, {
      body: {
        externalId: 'ACME',
        name: 'ACME',
        companyRegistrationName: 'ACME SAS',
        businessRegistrationNumber: 'RCS-ACME',
        status: 'INACTIVE',
      },
    })
    expect(put.status).toBe(200)
    expectProblem(await shop.call('GET', ME, { accountId: acme.id }), 403, 'ACCOUNT_NOT_ALLOWED')
    // Without customer-account-id the token acts in the first account that is still ACTIVE.
    expect((await shop.call('GET', ME)).body.currentAccountId).toBe(globex.id)
    expect((await shop.call('GET', ME, { accountId: globex.id })).status).toBe(200)
  })
})

describe('§2 storefront and back-office credentials never cross', () => {
  let shop: ShopCaller
  let org: Org
  beforeEach(async () => {
    const acme = await makeAccount(t, 'ACME')
    org = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    const u = await makeUser(t, {
      externalId: 'BOSS',
      accountIds: [acme.id],
      groups: ['FOC_Admin'],
      organisationIds: [org.id],
    })
    shop = await login(t, u.email)
  })

  it('U9 a storefront token with dj-client: ACCOUNT on a back-office route → 403 WRONG_CLIENT', async () => {
    for (const path of ['/v1/stores', '/v1/customer-users', `/v1/organisations/${org.id}`, '/v1/settings']) {
      expectProblem(await shop.call('GET', path), 403, 'WRONG_CLIENT')
    }
    const before = t.snapshot()
    expectProblem(
      await shop.call('POST', '/v1/organisations', { body: { externalId: 'X', name: 'X', parentId: org.id } }),
      403,
      'WRONG_CLIENT',
    )
    expect(t.snapshot()).toBe(before)
  })

  it('U9 a storefront token with dj-client: OPERATOR, as bearer or as dj-api-key → 401 on back-office routes', async () => {
    expectProblem(
      await t.call('GET', '/v1/stores', {
        as: null,
        headers: { 'dj-client': 'OPERATOR', authorization: `Bearer ${shop.token}` },
      }),
      401,
      'UNAUTHENTICATED',
    )
    expectProblem(await t.call('GET', '/v1/stores', { key: shop.token }), 401, 'UNAUTHENTICATED')
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `/v1/organisations/${org.id}`, { key: shop.token }), 401, 'UNAUTHENTICATED')
    expect(t.snapshot()).toBe(before)
  })

  it('U9 an operator key never works on storefront routes (403 WRONG_CLIENT or 401)', async () => {
    // dj-client OPERATOR with a valid Admin key.
    expectProblem(await t.call('GET', SHOP_ORGS), 403, 'WRONG_CLIENT')
    expectProblem(await t.call('GET', ME), 403, 'WRONG_CLIENT')
    // dj-client ACCOUNT with the key, and no bearer.
    expectProblem(await t.call('GET', SHOP_ORGS, { headers: { 'dj-client': 'ACCOUNT' } }), 401, 'UNAUTHENTICATED')
    // The key as a bearer token.
    expectProblem(await t.call('GET', ME, { as: null, headers: shopHeaders(KEYS.admin) }), 401, 'UNAUTHENTICATED')
    // Even with a live customer token next to it, dj-client OPERATOR is refused.
    expectProblem(await t.call('GET', ME, { headers: { authorization: `Bearer ${shop.token}` } }), 403, 'WRONG_CLIENT')
    const before = t.snapshot()
    expectProblem(await t.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'X' } }), 403, 'WRONG_CLIENT')
    expectProblem(
      await t.call('POST', SHOP_ORGS, {
        as: null,
        headers: shopHeaders(KEYS.admin),
        body: { externalId: 'X', name: 'X' },
      }),
      401,
      'UNAUTHENTICATED',
    )
    expect(t.snapshot()).toBe(before)
  })

  it('U9 storefront routes need dj-client (absent or unknown → 400)', async () => {
    // No dj-client at all (the test helper always sends one, so straight to the app).
    const none = await t.app.request(ME, { headers: { authorization: `Bearer ${shop.token}` } })
    expect(none.status).toBe(400)
    expect(await none.json()).toMatchObject({
      code: 'CLIENT_HEADER_INVALID',
      errors: [{ field: 'dj-client', code: 'REQUIRED' }],
    })
    const p = expectProblem(
      await t.call('GET', ME, { as: null, headers: { 'dj-client': 'SHOP', authorization: `Bearer ${shop.token}` } }),
      400,
      'CLIENT_HEADER_INVALID',
    )
    expect(p.errors?.map((e) => e.field)).toEqual(['dj-client'])
  })
})

describe('U11 assisted session', () => {
  let acme: { id: string }
  beforeEach(async () => {
    acme = await makeAccount(t, 'ACME')
    // U15: a store with a storefront URL, and the support permission, before any session opens.
    await makeStore(t, 'FR', 'https://shop.example.com/fr/')
    await setSupport(t, 'test-user', true)
    await setSupport(t, 'test-admin', true)
  })
  const assist = (id: string, as: 'admin' | 'user' | 'reader' = 'user') => openAssisted(t, id, { as })
  /** Opens a session and exchanges its code, as the back office and then the storefront do. */
  const session = async (id: string) => {
    const opened = await assist(id)
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const r = await exchangeCode(t, codeOf(opened.body.url))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r
  }

  it('U11 U15 a User operator in support gets a URL whose code the storefront exchanges for a short-lived token, showing assistedBy', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const opened = await assist(u.id)
    expect(opened.status).toBe(201)
    expect(opened.body).toEqual({ url: expect.any(String), expiresIn: 60, customerUserId: u.id, storeId: 'FR' })
    expect(opened.body.url.startsWith('https://shop.example.com/fr/?dj-assist-code=')).toBe(true)
    expect(opened.body).not.toHaveProperty('accessToken')
    const r = await exchangeCode(t, codeOf(opened.body.url))
    expect(r.status).toBe(200)
    const opId = operatorId(t, 'test-user')
    expect(r.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      assistedBy: opId,
      customerUserId: u.id,
      storeId: 'FR',
    })
    expect(r.body.expiresIn).toBeGreaterThan(0)
    expect(r.body.expiresIn).toBeLessThanOrEqual(3600)
    const shop = shopCaller(t, r.body.accessToken)
    const me = await shop.call('GET', ME)
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ id: u.id, currentAccountId: acme.id, assistedBy: opId })
    expect((await shop.call('GET', SHOP_ORGS)).status).toBe(200)
    // It is not the customer's own login (U12 counts logins only).
    expect((await userRecord(u.id)).lastLoginAt).toBeNull()
  })

  it('U11 opening the session is written to the audit log, and so is what is done in it', async () => {
    const org = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    const u = await makeUser(t, {
      externalId: 'BOSS',
      accountIds: [acme.id],
      groups: ['FOC_Admin'],
      organisationIds: [org.id],
    })
    const op = operatorId(t, 'test-user')
    const r = await session(u.id)
    const events = (await t.call('GET', '/v1/audit-events?action=assisted-session,assisted-session-started')).body
      .content
    expect(events).toEqual([
      expect.objectContaining({
        action: 'assisted-session-started',
        entity: 'customer-user',
        id: u.id,
        actor: `operator:${op} as customer-user:${u.id}`,
      }),
      expect.objectContaining({
        action: 'assisted-session',
        entity: 'customer-user',
        id: u.id,
        actor: `operator:${op}`,
      }),
    ])
    expect(events[1].changes).toMatchObject({ operatorId: { to: op }, storeId: { to: 'FR' } })

    const shop = shopCaller(t, r.body.accessToken)
    const created = await shop.call('POST', SHOP_ORGS, { body: { externalId: 'A-NEW', name: 'New', parentId: org.id } })
    expect(created.status).toBe(201)
    const writes = (await t.call('GET', `/v1/audit-events?entity=organisation&ids=${created.body.id}`)).body.content
    expect(writes).toHaveLength(1)
    expect(writes[0].actor).toContain(`operator:${op}`)
    expect(writes[0].actor).toContain(`customer-user:${u.id}`)
  })

  it('U11 a Reader → 403 and no token is made, even with the support permission', async () => {
    await setSupport(t, 'test-reader', true)
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const before = t.snapshot()
    expectProblem(await assist(u.id, 'reader'), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.tokens.size).toBe(0)
  })

  it('U11 a user who cannot log in (INACTIVE, on hold, no ACTIVE account) → 422; unknown → 404; nothing made', async () => {
    const inactive = await makeUser(t, { externalId: 'OFF', accountIds: [acme.id], status: 'INACTIVE' })
    const held = await makeUser(t, { externalId: 'HELD', accountIds: [acme.id], onHold: true })
    expect((await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })).status).toBe(200)
    const pending = await makeAccount(t, 'PENDING')
    const waiting = await makeUser(t, { externalId: 'WAIT', accountIds: [pending.id] })
    const before = t.snapshot()
    for (const u of [inactive, held, waiting]) {
      const p = expectProblem(await assist(u.id), 422, 'RULE_VIOLATION')
      expect(p.errors?.map((e) => e.field)).toEqual(['id'])
    }
    expectProblem(await assist('cu_nope'), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })

  it('U11 an assisted session ends when its operator is deactivated, demoted to Reader or deleted (401)', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const opId = operatorId(t, 'test-user')
    const op = (await t.call('GET', `/v1/operator-users/${opId}`)).body
    const body = (over: Record<string, unknown>) => ({
      externalId: op.externalId,
      email: op.email,
      firstName: op.firstName,
      lastName: op.lastName,
      groups: op.groups,
      ...over,
    })

    const first = shopCaller(t, (await session(u.id)).body.accessToken)
    expect((await first.call('GET', ME)).status).toBe(200)
    expect((await t.call('PUT', `/v1/operator-users/${opId}`, { body: body({ status: 'INACTIVE' }) })).status).toBe(200)
    expectProblem(await first.call('GET', ME), 401, 'UNAUTHENTICATED')

    expect((await t.call('PUT', `/v1/operator-users/${opId}`, { body: body({ status: 'ACTIVE' }) })).status).toBe(200)
    const second = shopCaller(t, (await session(u.id)).body.accessToken)
    expect((await t.call('PUT', `/v1/operator-users/${opId}`, { body: body({ groups: ['Reader'] }) })).status).toBe(200)
    expectProblem(await second.call('GET', ME), 401, 'UNAUTHENTICATED')

    expect((await t.call('PUT', `/v1/operator-users/${opId}`, { body: body({ groups: ['User'] }) })).status).toBe(200)
    const third = shopCaller(t, (await session(u.id)).body.accessToken)
    expect((await t.call('DELETE', `/v1/operator-users/${opId}`)).status).toBe(204)
    expectProblem(await third.call('GET', ME), 401, 'UNAUTHENTICATED')
  })

  it('U11 the route is back-office only: a storefront token cannot open an assisted session', async () => {
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const shop = await login(t, u.email)
    const before = t.snapshot()
    expectProblem(await shop.call('POST', `/v1/customer-users/${u.id}/assisted-session`), 403, 'WRONG_CLIENT')
    expect(t.snapshot()).toBe(before)
  })
})

describe('O5 visibility across sub-organisations and accounts', () => {
  /** ACME: A(A1, A2(A21)), B(B1). GLOBEX: G(G1). */
  let acme: { id: string }
  let globex: { id: string }
  let o: Record<string, Org>
  let u: Record<string, Awaited<ReturnType<typeof makeUser>>>
  let s: Record<string, ShopCaller>

  beforeEach(async () => {
    acme = await makeAccount(t, 'ACME')
    globex = await makeAccount(t, 'GLOBEX')
    o = {}
    o.A = await makeOrg(t, { externalId: 'A', accountId: acme.id })
    o.A1 = await makeOrg(t, { externalId: 'A1', parentId: o.A.id })
    o.A2 = await makeOrg(t, { externalId: 'A2', parentId: o.A.id })
    o.A21 = await makeOrg(t, { externalId: 'A21', parentId: o.A2.id })
    o.B = await makeOrg(t, { externalId: 'B', accountId: acme.id })
    o.B1 = await makeOrg(t, { externalId: 'B1', parentId: o.B.id })
    o.G = await makeOrg(t, { externalId: 'G', accountId: globex.id })
    o.G1 = await makeOrg(t, { externalId: 'G1', parentId: o.G.id })
    u = {}
    u.memberA = await makeUser(t, { externalId: 'memberA', accountIds: [acme.id], organisationIds: [o.A.id] })
    u.memberA2 = await makeUser(t, { externalId: 'memberA2', accountIds: [acme.id], organisationIds: [o.A2.id] })
    u.memberBoth = await makeUser(t, {
      externalId: 'memberBoth',
      accountIds: [acme.id],
      organisationIds: [o.A2.id, o.B1.id],
      mainOrganisationId: o.A2.id,
    })
    u.adminAcme = await makeUser(t, { externalId: 'adminAcme', accountIds: [acme.id], groups: ['FOC_Admin'] })
    u.memberG = await makeUser(t, { externalId: 'memberG', accountIds: [globex.id], organisationIds: [o.G.id] })
    u.nowhere = await makeUser(t, { externalId: 'nowhere', accountIds: [acme.id] })
    u.twoAccounts = await makeUser(t, {
      externalId: 'twoAccounts',
      accountIds: [acme.id, globex.id],
      organisationIds: [o.A1.id, o.G1.id],
      mainOrganisationId: o.A1.id,
    })
    s = {}
    for (const [name, user] of Object.entries(u)) s[name] = await login(t, user.email)
  })

  const orgTree = async (caller: ShopCaller, accountId?: string) => {
    const r = await caller.call('GET', SHOP_ORGS, { accountId })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body as (Org & { children: any[] })[]
  }
  const idsOf = (nodes: any[]): string[] => nodes.flatMap((n) => [n.id, ...idsOf(n.children)])

  it('O5 each member sees exactly their organisations and everything under them, never a sibling branch', async () => {
    expect(outline(await orgTree(s.memberA))).toBe('A(A1 A2(A21))')
    expect(outline(await orgTree(s.memberA2))).toBe('A2(A21)')
    expect(outline(await orgTree(s.memberBoth))).toBe('A2(A21) B1')
    expect(outline(await orgTree(s.memberG))).toBe('G(G1)')
    expect(await orgTree(s.nowhere)).toEqual([])
    // The nodes are full organisations, nested.
    const [a2] = await orgTree(s.memberA2)
    expect(a2).toMatchObject({
      id: o.A2.id,
      accountId: acme.id,
      parentId: o.A.id,
      children: [expect.objectContaining({ id: o.A21.id, children: [] })],
    })
  })

  it('O5 an FOC_Admin sees the whole account tree, and nothing of another account', async () => {
    expect(outline(await orgTree(s.adminAcme))).toBe('A(A1 A2(A21)) B(B1)')
  })

  it('O5 nobody outside GLOBEX sees any GLOBEX organisation, not even by naming the account', async () => {
    const globexIds = new Set([o.G.id, o.G1.id])
    for (const name of ['memberA', 'memberA2', 'memberBoth', 'adminAcme', 'nowhere', 'twoAccounts']) {
      expect(
        idsOf(await orgTree(s[name])).filter((id) => globexIds.has(id)),
        name,
      ).toEqual([])
      if (name !== 'twoAccounts')
        expectProblem(await s[name].call('GET', SHOP_ORGS, { accountId: globex.id }), 403, 'ACCOUNT_NOT_ALLOWED')
    }
    expectProblem(await s.memberG.call('GET', SHOP_ORGS, { accountId: acme.id }), 403, 'ACCOUNT_NOT_ALLOWED')
  })

  it('O5 a member of a node and of its descendant sees one tree, from the higher node', async () => {
    const both = await makeUser(t, {
      externalId: 'nested',
      accountIds: [acme.id],
      organisationIds: [o.A21.id, o.A.id],
      mainOrganisationId: o.A.id,
    })
    expect(outline(await orgTree(await login(t, both.email)))).toBe('A(A1 A2(A21))')
  })

  it("O5 a user of two accounts sees the other account's organisations only with customer-account-id set", async () => {
    expect(outline(await orgTree(s.twoAccounts))).toBe('A1')
    expect(outline(await orgTree(s.twoAccounts, acme.id))).toBe('A1')
    expect(outline(await orgTree(s.twoAccounts, globex.id))).toBe('G1')
  })

  it("O5 the visible trees are ordered by name, whatever the order of the user's organisationIds", async () => {
    const rev = await makeUser(t, {
      externalId: 'reversed',
      accountIds: [acme.id],
      organisationIds: [o.B1.id, o.A2.id],
      mainOrganisationId: o.B1.id,
    })
    expect(outline(await orgTree(await login(t, rev.email)))).toBe('A2(A21) B1')
  })

  it('O5 a user taken out of an account or an organisation loses sight of it at once, with the same token', async () => {
    const shop = s.twoAccounts
    const r = await t.call('PATCH', `/v1/customer-users/${u.twoAccounts.id}`, {
      body: { accountIds: [globex.id], organisationIds: [o.G1.id] },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(outline(await orgTree(shop))).toBe('G1')
    expectProblem(await shop.call('GET', SHOP_ORGS, { accountId: acme.id }), 403, 'ACCOUNT_NOT_ALLOWED')
    expect(
      (await t.call('PATCH', `/v1/customer-users/${u.memberA.id}`, { body: { organisationIds: [o.A1.id] } })).status,
    ).toBe(200)
    expect(outline(await orgTree(s.memberA))).toBe('A1')
  })

  it('O5 a storefront token cannot read organisations through the back office', async () => {
    expectProblem(await s.memberA.call('GET', `/v1/organisations/${o.B.id}`), 403, 'WRONG_CLIENT')
    expectProblem(
      await s.adminAcme.call('GET', `/v1/customer-accounts/${globex.id}/organisations`),
      403,
      'WRONG_CLIENT',
    )
    expectProblem(await s.adminAcme.call('GET', `/v1/organisations?accountIds=${globex.id}`), 403, 'WRONG_CLIENT')
  })

  it('O5 members who are not FOC_Admin cannot write organisations, not even their own (403), nothing changes', async () => {
    const before = t.snapshot()
    for (const name of ['memberA', 'memberA2', 'memberBoth', 'nowhere', 'twoAccounts']) {
      const c = s[name]
      expectProblem(
        await c.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'X', parentId: o.A.id } }),
        403,
        'FORBIDDEN',
      )
      expectProblem(await c.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'X' } }), 403, 'FORBIDDEN')
      expectProblem(
        await c.call('PUT', `${SHOP_ORGS}/${o.A2.id}`, { body: { externalId: 'A2', name: 'Renamed' } }),
        403,
        'FORBIDDEN',
      )
      expectProblem(await c.call('DELETE', `${SHOP_ORGS}/${o.A21.id}`), 403, 'FORBIDDEN')
      expectProblem(await c.call('DELETE', `${SHOP_ORGS}/${o.A.id}?cascade=true`), 403, 'FORBIDDEN')
      expectProblem(
        await c.call('POST', `${SHOP_ORGS}/${o.A21.id}/move`, { body: { parentId: null } }),
        403,
        'FORBIDDEN',
      )
      expectProblem(await c.call('GET', SHOP_USERS), 403, 'FORBIDDEN')
    }
    expect(t.snapshot()).toBe(before)
  })

  it('O5 an FOC_Admin creates in the current account: under A, or as a root (201, ETag)', async () => {
    const under = await s.adminAcme.call('POST', SHOP_ORGS, {
      body: { externalId: 'A3', name: 'A3', parentId: o.A.id },
    })
    expect(under.status).toBe(201)
    expect(under.headers.get('etag')).toBe('"1"')
    expect(under.body).toMatchObject({ accountId: acme.id, parentId: o.A.id, name: 'A3' })
    const root = await s.adminAcme.call('POST', SHOP_ORGS, { body: { externalId: 'C', name: 'C' } })
    expect(root.status).toBe(201)
    expect(root.body).toMatchObject({ accountId: acme.id, parentId: null })
    expect(outline(await orgTree(s.adminAcme))).toBe('A(A1 A2(A21) A3) B(B1) C')
    expect(outline(await orgTree(s.memberA))).toBe('A(A1 A2(A21) A3)')
    expect(outline(await orgTree(s.memberG))).toBe('G(G1)')
  })

  it('O5 O2 O1 O6 storefront creates obey the back-office rules (409 clash, 422 depth, 422 unknown custom field)', async () => {
    const before = t.snapshot()
    const clash = expectProblem(
      await s.adminAcme.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'a1', parentId: o.A.id } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(clash.errors?.map((e) => e.field)).toEqual(['name'])
    expectProblem(
      await s.adminAcme.call('POST', SHOP_ORGS, { body: { externalId: 'G1', name: 'Other', parentId: o.A.id } }),
      409,
      'ALREADY_EXISTS',
    )
    const cf = expectProblem(
      await s.adminAcme.call('POST', SHOP_ORGS, {
        body: { externalId: 'X', name: 'X', customFields: { colour: 'red' } },
      }),
      422,
    )
    expect(cf.errors).toEqual([expect.objectContaining({ field: 'customFields.colour', code: 'UNKNOWN_FIELD' })])
    expect(t.snapshot()).toBe(before)
    let parent = o.A21.id // depth 3
    for (let d = 4; d <= 10; d++) {
      const r = await s.adminAcme.call('POST', SHOP_ORGS, {
        body: { externalId: `D${d}`, name: `D${d}`, parentId: parent },
      })
      expect(r.status).toBe(201)
      parent = r.body.id
    }
    const deep = t.snapshot()
    expectProblem(
      await s.adminAcme.call('POST', SHOP_ORGS, { body: { externalId: 'D11', name: 'D11', parentId: parent } }),
      422,
      'RULE_VIOLATION',
    )
    expect(t.snapshot()).toBe(deep)
  })

  it("O5 an FOC_Admin cannot create under another account's organisation (404) nor name another account, nothing stored", async () => {
    const before = t.snapshot()
    expectProblem(
      await s.adminAcme.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'X', parentId: o.G.id } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await s.adminAcme.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'X', parentId: o.G1.id } }),
      404,
      'NOT_FOUND',
    )
    const named = await s.adminAcme.call('POST', SHOP_ORGS, {
      body: { externalId: 'X', name: 'X', accountId: globex.id },
    })
    expect([400, 403, 404]).toContain(named.status)
    expect(t.snapshot()).toBe(before)
    expect(outline(await orgTree(s.memberG))).toBe('G(G1)')
  })

  it("O5 an FOC_Admin cannot rename, delete or move another account's organisation by id (404), nothing changes", async () => {
    const before = t.snapshot()
    const admin = s.adminAcme
    expectProblem(
      await admin.call('PUT', `${SHOP_ORGS}/${o.G.id}`, { body: { externalId: 'G', name: 'Hacked' } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await admin.call('PUT', `${SHOP_ORGS}/${o.G1.id}`, {
        body: { externalId: 'G1', name: 'Hacked' },
        headers: { 'if-match': '*' },
      }),
      404,
      'NOT_FOUND',
    )
    expectProblem(await admin.call('DELETE', `${SHOP_ORGS}/${o.G1.id}`), 404, 'NOT_FOUND')
    expectProblem(await admin.call('DELETE', `${SHOP_ORGS}/${o.G.id}?cascade=true`), 404, 'NOT_FOUND')
    expectProblem(
      await admin.call('POST', `${SHOP_ORGS}/${o.G1.id}/move`, { body: { parentId: null } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await admin.call('POST', `${SHOP_ORGS}/${o.G.id}/move`, { body: { parentId: o.A.id } }),
      404,
      'NOT_FOUND',
    )
    // External ids do not open another door.
    expectProblem(
      await admin.call('PUT', `${SHOP_ORGS}/G?idType=EXTERNAL_ID`, { body: { externalId: 'G', name: 'Hacked' } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(await admin.call('DELETE', `${SHOP_ORGS}/G1?idType=EXTERNAL_ID`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
    expect(outline(await orgTree(s.memberG))).toBe('G(G1)')
  })

  it("O5 an FOC_Admin cannot move an organisation of the account under another account's organisation, nothing changes", async () => {
    const before = t.snapshot()
    const r = await s.adminAcme.call('POST', `${SHOP_ORGS}/${o.A1.id}/move`, { body: { parentId: o.G.id } })
    expect([404, 422]).toContain(r.status)
    expect(r.headers.get('content-type')).toBe('application/problem+json')
    expect(t.snapshot()).toBe(before)
    expect(outline(await orgTree(s.memberG))).toBe('G(G1)')
    expect(outline(await orgTree(s.adminAcme))).toBe('A(A1 A2(A21)) B(B1)')
  })

  it('O5 a user of two accounts who is FOC_Admin edits each account only while acting in it', async () => {
    const boss = await makeUser(t, { externalId: 'boss2', accountIds: [acme.id, globex.id], groups: ['FOC_Admin'] })
    const shop = await login(t, boss.email)
    const before = t.snapshot()
    // Acting in ACME (the default), GLOBEX organisations are out of reach.
    expectProblem(
      await shop.call('PUT', `${SHOP_ORGS}/${o.G.id}`, { body: { externalId: 'G', name: 'Renamed' } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await shop.call('POST', SHOP_ORGS, { body: { externalId: 'X', name: 'X', parentId: o.G.id } }),
      404,
      'NOT_FOUND',
    )
    // Acting in GLOBEX, ACME organisations are out of reach, and a move across accounts is refused.
    expectProblem(
      await shop.call('PUT', `${SHOP_ORGS}/${o.A.id}`, {
        accountId: globex.id,
        body: { externalId: 'A', name: 'Renamed' },
      }),
      404,
      'NOT_FOUND',
    )
    const across = await shop.call('POST', `${SHOP_ORGS}/${o.G1.id}/move`, {
      accountId: globex.id,
      body: { parentId: o.A.id },
    })
    expect([404, 422]).toContain(across.status)
    expect(t.snapshot()).toBe(before)
    const ok = await shop.call('PUT', `${SHOP_ORGS}/${o.G.id}`, {
      accountId: globex.id,
      body: { externalId: 'G', name: 'Globex HQ' },
    })
    expect(ok.status).toBe(200)
    expect(outline(await orgTree(shop, globex.id))).toBe('Globex HQ(G1)')
  })

  it('O5 O3 O4 an FOC_Admin renames, moves and deletes within the account, with If-Match', async () => {
    const admin = s.adminAcme
    const renamed = await admin.call('PUT', `${SHOP_ORGS}/${o.A1.id}`, { body: { externalId: 'A1', name: 'A-one' } })
    expect(renamed.status).toBe(200)
    expect(renamed.headers.get('etag')).toBe('"2"')
    expectProblem(
      await admin.call('PUT', `${SHOP_ORGS}/${o.A1.id}`, {
        headers: { 'if-match': '"1"' },
        body: { externalId: 'A1', name: 'x' },
      }),
      412,
      'PRECONDITION_FAILED',
    )

    const before = t.snapshot()
    expectProblem(
      await admin.call('POST', `${SHOP_ORGS}/${o.A.id}/move`, { body: { parentId: o.A21.id } }),
      422,
      'RULE_VIOLATION',
    )
    expectProblem(await admin.call('DELETE', `${SHOP_ORGS}/${o.A2.id}`), 409, 'HAS_DEPENDENTS')
    expect(t.snapshot()).toBe(before)

    const moved = await admin.call('POST', `${SHOP_ORGS}/${o.A2.id}/move`, { body: { parentId: o.B.id } })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ parentId: o.B.id })
    expect(outline(await orgTree(admin))).toBe('A(A-one) B(A2(A21) B1)')
    // memberA no longer sees A2; memberA2 still sees it, now under B.
    expect(outline(await orgTree(s.memberA))).toBe('A(A-one)')
    expect(outline(await orgTree(s.memberA2))).toBe('A2(A21)')

    expect((await admin.call('POST', `${SHOP_ORGS}/${o.A2.id}/move`, { body: { parentId: null } })).status).toBe(200)
    expect((await admin.call('DELETE', `${SHOP_ORGS}/${o.A2.id}?cascade=true`)).status).toBe(204)
    expect(outline(await orgTree(admin))).toBe('A(A-one) B(B1)')
    expect(await orgTree(s.memberA2)).toEqual([])
    expect(outline(await orgTree(s.memberBoth))).toBe('B1')
    expect(await userRecord(u.memberBoth.id)).toMatchObject({ organisationIds: [o.B1.id], mainOrganisationId: null })
  })

  it('O5 §2 storefront POSTs honour Idempotency-Key: a replay answers the first response and stores nothing more', async () => {
    const admin = s.adminAcme
    const headers = { 'idempotency-key': 'create-a3' }
    const first = await admin.call('POST', SHOP_ORGS, {
      headers,
      body: { externalId: 'A3', name: 'A3', parentId: o.A.id },
    })
    expect(first.status).toBe(201)
    const after = t.snapshot()
    const again = await admin.call('POST', SHOP_ORGS, {
      headers,
      body: { externalId: 'A3', name: 'A3', parentId: o.A.id },
    })
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(t.snapshot()).toBe(after)
    expectProblem(
      await admin.call('POST', SHOP_ORGS, { headers, body: { externalId: 'A4', name: 'A4', parentId: o.A.id } }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    )
    expect(t.snapshot()).toBe(after)
  })

  it('O5 the storefront user list shows only users of the current account', async () => {
    const r = await s.adminAcme.call('GET', SHOP_USERS)
    expect(r.status).toBe(200)
    const acmeUsers = ['adminAcme', 'memberA', 'memberA2', 'memberBoth', 'nowhere', 'twoAccounts']
    expect(r.body.content.map((x: any) => x.externalId).sort()).toEqual(acmeUsers.sort())
    expect(r.body.totalElements).toBe(acmeUsers.length)
    for (const x of r.body.content) expect(x).not.toHaveProperty('password')
  })

  it('O5 filters and search cannot widen the storefront user list to another account', async () => {
    const admin = s.adminAcme
    const queries = [
      `accountIds=${globex.id}`,
      `accountIds=${acme.id},${globex.id}`,
      `accountIds=${acme.id}&accountIds=${globex.id}`,
      `ids=${u.memberG.id}`,
      `externalIds=memberG`,
      `organisationIds=${o.G.id}`,
      'search=memberg',
      `search=${u.memberG.email}`,
    ]
    for (const q of queries) {
      const r = await admin.call('GET', `${SHOP_USERS}?${q}`)
      if (r.status === 400) continue // refusing the parameter is fine too
      expect(r.status, q).toBe(200)
      expect(
        r.body.content.map((x: any) => x.externalId),
        q,
      ).not.toContain('memberG')
    }
    // Acting in an account that is not theirs is refused outright.
    expectProblem(await admin.call('GET', SHOP_USERS, { accountId: globex.id }), 403, 'ACCOUNT_NOT_ALLOWED')
  })

  it("O5 the storefront user list does not reveal a shared user's other account or its organisations", async () => {
    const r = await s.adminAcme.call('GET', `${SHOP_USERS}?search=twoAccounts`)
    expect(r.status).toBe(200)
    const [shared] = r.body.content
    expect(shared.externalId).toBe('twoAccounts')
    const text = JSON.stringify(shared)
    expect(text).not.toContain(globex.id)
    expect(text).not.toContain(o.G1.id)
    expect(shared).toMatchObject({ accountIds: [acme.id], organisationIds: [o.A1.id] })
  })

  it('O5 the storefront user list of GLOBEX, acting there, shows only GLOBEX users', async () => {
    const boss = await makeUser(t, { externalId: 'boss2', accountIds: [acme.id, globex.id], groups: ['FOC_Admin'] })
    const shop = await login(t, boss.email)
    const r = await shop.call('GET', SHOP_USERS, { accountId: globex.id })
    expect(r.status).toBe(200)
    expect(r.body.content.map((x: any) => x.externalId).sort()).toEqual(['boss2', 'memberG', 'twoAccounts'])
  })
})
