/**
 * U15 assisted buying per store: stores' storefront URLs, the operators' support permission, the choice of the
 * store, and the one-time code the storefront exchanges for the session (never a token in a URL). U11's own
 * behaviour (audit under both names, the end of a session) is in storefront.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { codeOf, exchangeCode, makeStore, openAssisted, setSupport } from './assisted-fixtures.js'
import { makeAccount, makeUser, operatorId, shopCaller } from './customer-fixtures.js'

let t: TestApp
let now: number
beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z')
  t = await testApp({ passwordIterations: 1000, clock: () => new Date(now) })
})
const ME = '/v1/authenticated-user'
const fields = (p: { errors?: { field: string }[] }) => p.errors?.map((e) => e.field)

describe('U15 stores have a storefront URL', () => {
  it('U15 a store takes an https storefront URL (http only on localhost); PUT omitted keeps it, null clears it', async () => {
    const plain = await makeStore(t, 'DE')
    expect(plain.storefrontUrl).toBeNull()
    const fr = await makeStore(t, 'FR', 'https://shop.example.com/fr/')
    expect(fr.storefrontUrl).toBe('https://shop.example.com/fr/')
    expect((await makeStore(t, 'DEV', 'http://localhost:3000/shop')).storefrontUrl).toBe('http://localhost:3000/shop')
    expect((await t.call('GET', `/v1/stores/${fr.id}`)).body.storefrontUrl).toBe('https://shop.example.com/fr/')

    const renamed = await t.call('PUT', `/v1/stores/${fr.id}`, { body: { externalId: 'FR', name: 'France' } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.storefrontUrl).toBe('https://shop.example.com/fr/')
    const cleared = await t.call('PUT', `/v1/stores/${fr.id}`, {
      body: { externalId: 'FR', name: 'France', storefrontUrl: null },
    })
    expect(cleared.body.storefrontUrl).toBeNull()
    const events = (await t.call('GET', `/v1/audit-events?entity=store&ids=${fr.id}`)).body.content
    expect(events[0].changes.storefrontUrl).toEqual({ from: 'https://shop.example.com/fr/', to: null })
  })

  it('U15 a storefront URL that is not https (or http on localhost), holds credentials or a fragment → 400 naming storefrontUrl; nothing stored', async () => {
    const before = t.snapshot()
    for (const storefrontUrl of [
      'http://shop.example.com/',
      'ftp://shop.example.com/',
      'shop.example.com',
      '/relative/path',
      'https://user:secret@shop.example.com/',
      'https://shop.example.com/#/home',
      'javascript:alert(1)',
      '',
    ]) {
      const r = await t.call('POST', '/v1/stores', { body: { externalId: 'FR', name: 'France', storefrontUrl } })
      const p = expectProblem(r, 400, 'VALIDATION_FAILED')
      expect(fields(p), storefrontUrl).toEqual(['storefrontUrl'])
    }
    expect(t.snapshot()).toBe(before)
  })
})

describe('U15 the support permission', () => {
  it('U15 operators have support false by default; only an Admin grants it; /operator-users/me shows it', async () => {
    const me = await t.call('GET', '/v1/operator-users/me', { as: 'user' })
    expect(me.body.support).toBe(false)
    const created = await t.call('POST', '/v1/operator-users', {
      body: { externalId: 'OP-1', email: 'op1@example.com', firstName: 'O', lastName: 'P', groups: ['User'] },
    })
    expect(created.body.support).toBe(false)
    const granted = await t.call('PUT', `/v1/operator-users/${created.body.id}`, {
      body: {
        externalId: 'OP-1',
        email: 'op1@example.com',
        firstName: 'O',
        lastName: 'P',
        groups: ['User'],
        support: true,
      },
    })
    expect(granted.status).toBe(200)
    expect(granted.body.support).toBe(true)
    // PUT without it keeps it.
    const kept = await t.call('PUT', `/v1/operator-users/${created.body.id}`, {
      body: { externalId: 'OP-1', email: 'op1@example.com', firstName: 'O', lastName: 'Q', groups: ['User'] },
    })
    expect(kept.body.support).toBe(true)
    // A User operator cannot give it to themselves (OP1: only Admins change operators).
    const self = operatorId(t, 'test-user')
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', `/v1/operator-users/${self}`, {
        as: 'user',
        body: {
          externalId: 'test-user',
          email: 'x@example.com',
          firstName: 'U',
          lastName: 'U',
          groups: ['User'],
          support: true,
        },
      }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
    expect((await setSupport(t, 'test-user', true)).support).toBe(true)
    expect((await t.call('GET', '/v1/operator-users/me', { as: 'user' })).body.support).toBe(true)
  })

  it('U15 an operator without the support permission → 403 FORBIDDEN saying why, whoever the user; nothing stored', async () => {
    const acme = await makeAccount(t, 'ACME')
    await makeStore(t, 'FR', 'https://shop.example.com/')
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const before = t.snapshot()
    for (const as of ['user', 'admin'] as const) {
      const p = expectProblem(await openAssisted(t, u.id, { as }), 403, 'FORBIDDEN')
      expect(p.detail).toMatch(/support permission/)
    }
    expectProblem(await openAssisted(t, 'cu_nope'), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.tokens.size).toBe(0)
  })
})

describe('U15 the store the session opens on', () => {
  let acme: { id: string }
  beforeEach(async () => {
    acme = await makeAccount(t, 'ACME')
    await setSupport(t, 'test-user', true)
    await makeStore(t, 'FR', 'https://shop.example.com/fr/?lang=fr')
    await makeStore(t, 'BE', 'https://shop.example.be/')
    await makeStore(t, 'DE')
  })

  it('U15 storeId picks one of the user’s stores with a URL; omitted, the only such store is taken', async () => {
    const both = await makeUser(t, { externalId: 'BOTH', accountIds: [acme.id], storeIds: ['FR', 'BE', 'DE'] } as never)
    const r = await openAssisted(t, both.id, { storeId: 'BE' })
    expect(r.status).toBe(201)
    expect(r.body.storeId).toBe('BE')
    expect(r.body.url).toMatch(/^https:\/\/shop\.example\.be\/\?dj-assist-code=[A-Za-z0-9_-]+$/)

    const frOnly = await makeUser(t, { externalId: 'FRONLY', accountIds: [acme.id], storeIds: ['FR', 'DE'] } as never)
    const auto = await openAssisted(t, frOnly.id)
    expect(auto.status).toBe(201)
    expect(auto.body.storeId).toBe('FR')
    // The store URL's own query is kept; the code is added to it.
    const url = new URL(auto.body.url)
    expect(`${url.origin}${url.pathname}`).toBe('https://shop.example.com/fr/')
    expect(url.searchParams.get('lang')).toBe('fr')
    expect(codeOf(auto.body.url).length).toBeGreaterThanOrEqual(22) // ≥ 128 bits in base64url
  })

  it('U15 a store without a URL, not the user’s, unknown, or omitted with none or several → 422 naming storeId; nothing stored', async () => {
    const both = await makeUser(t, { externalId: 'BOTH', accountIds: [acme.id], storeIds: ['FR', 'BE', 'DE'] } as never)
    const deOnly = await makeUser(t, { externalId: 'DEONLY', accountIds: [acme.id], storeIds: ['DE'] } as never)
    const frOnly = await makeUser(t, { externalId: 'FRONLY', accountIds: [acme.id], storeIds: ['FR'] } as never)
    const before = t.snapshot()
    const cases: [string, string | undefined, number, string, RegExp][] = [
      [both.id, 'DE', 422, 'RULE_VIOLATION', /no storefront URL/],
      [frOnly.id, 'BE', 422, 'RULE_VIOLATION', /not one of this customer user's stores/],
      [both.id, 'NOPE', 422, 'UNKNOWN_REFERENCE', /NOPE/],
      [both.id, undefined, 422, 'RULE_VIOLATION', /several .*FR, BE/],
      [deOnly.id, undefined, 422, 'RULE_VIOLATION', /none of this customer user's stores/],
    ]
    for (const [id, storeId, status, code, message] of cases) {
      const p = expectProblem(await openAssisted(t, id, { storeId }), status, code)
      expect(fields(p), `${id} ${storeId}`).toEqual(['storeId'])
      expect(p.errors?.[0].message).toMatch(message)
    }
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.tokens.size).toBe(0)
  })
})

describe('U15 the one-time code', () => {
  let acme: { id: string }
  let user: { id: string }
  beforeEach(async () => {
    acme = await makeAccount(t, 'ACME')
    await setSupport(t, 'test-user', true)
    await makeStore(t, 'FR', 'https://shop.example.com/')
    user = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
  })
  const open = async () => {
    const r = await openAssisted(t, user.id)
    expect(r.status).toBe(201)
    return codeOf(r.body.url)
  }

  it('U15 the URL holds a code, never a token: the code is no bearer token, and is stored only as a hash', async () => {
    const code = await open()
    expect(JSON.stringify(t.app.db.toJSON())).not.toContain(code)
    expectProblem(await shopCaller(t, code).call('GET', ME), 401, 'UNAUTHENTICATED')
    const r = await exchangeCode(t, code)
    expect(r.status).toBe(200)
    expect(r.body.accessToken).not.toBe(code)
    expect(JSON.stringify(t.app.db.toJSON())).not.toContain(r.body.accessToken)
    expect((await shopCaller(t, r.body.accessToken).call('GET', ME)).body.assistedBy).toBe(operatorId(t, 'test-user'))
  })

  it('U15 a code works once: a second use gets the same 401 as an unknown code, and the first session goes on', async () => {
    const code = await open()
    const first = await exchangeCode(t, code)
    expect(first.status).toBe(200)
    const before = t.snapshot()
    const again = expectProblem(await exchangeCode(t, code), 401, 'UNAUTHENTICATED')
    const unknown = expectProblem(await exchangeCode(t, 'not-a-code-at-all-000000000000'), 401, 'UNAUTHENTICATED')
    expect(again).toEqual(unknown)
    expect(t.snapshot()).toBe(before)
    expect((await shopCaller(t, first.body.accessToken).call('GET', ME)).status).toBe(200)
  })

  it('U15 a code lasts 60 seconds: exchanged after that, the same 401', async () => {
    const late = await open()
    const onTime = await open()
    now += 59_000
    expect((await exchangeCode(t, onTime)).status).toBe(200)
    now += 2_000
    const p = expectProblem(await exchangeCode(t, late), 401, 'UNAUTHENTICATED')
    expect(p.detail).toMatch(/Unknown, used or expired code/)
  })

  it('U15 the exchange needs dj-client ACCOUNT and a code; an operator key does not make it work', async () => {
    const code = await open()
    const none = await t.app.request('/auth/assisted-session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    expect(none.status).toBe(400)
    expect((await none.json()).code).toBe('CLIENT_HEADER_INVALID')
    expectProblem(await exchangeCode(t, code, { 'dj-client': 'OPERATOR' }), 403, 'WRONG_CLIENT')
    const missing = await t.call('POST', '/auth/assisted-session', {
      as: null,
      headers: { 'dj-client': 'ACCOUNT' },
      body: {},
    })
    expect(fields(expectProblem(missing, 400, 'VALIDATION_FAILED'))).toEqual(['code'])
    // Still unused after those refusals.
    expect((await exchangeCode(t, code)).status).toBe(200)
  })

  it('U15 taking the support permission away ends the operator’s sessions and the codes not yet exchanged', async () => {
    const session = await exchangeCode(t, await open())
    const pending = await open()
    const shop = shopCaller(t, session.body.accessToken)
    expect((await shop.call('GET', ME)).status).toBe(200)
    await setSupport(t, 'test-user', false)
    expectProblem(await shop.call('GET', ME), 401, 'UNAUTHENTICATED')
    expectProblem(await exchangeCode(t, pending), 401, 'UNAUTHENTICATED')
  })

  it('U15 a user who may no longer log in when the code is exchanged → the code does not open a session', async () => {
    const code = await open()
    const patched = await t.call('PATCH', `/v1/customer-users/${user.id}`, { body: { onHold: true } })
    expect(patched.status).toBe(200)
    const r = await exchangeCode(t, code)
    expect([401, 403]).toContain(r.status)
    expect(r.body.accessToken).toBeUndefined()
  })
})
