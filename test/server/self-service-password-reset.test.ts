/**
 * SS2: password reset (`POST /auth/password-reset`, `…/confirm`, anonymous): a single-use, hashed, 30-minute token
 * sent through the outbox; the same answer whether the email is known; every session ends.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { PASSWORD, login, makeAccount, makeUser, requestToken } from './customer-fixtures.js'
import { sha256HexSync } from '../../mock-server/crypto/tokens.js'

let t: TestApp
let now: number
let user: { id: string; email: string; version: number }
beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z')
  t = await testApp({ passwordIterations: 1000, clock: () => new Date(now) })
  const acme = await makeAccount(t, 'ACME')
  user = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id], email: 'John.Smith@acme.example' })
})

const NEW_PASSWORD = 'Rainy-Night-77'
const anonymous = { 'dj-client': 'ACCOUNT' }
const requestReset = (email: string, over: { app?: TestApp } = {}) =>
  (over.app ?? t).call('POST', '/auth/password-reset', { as: null, headers: anonymous, body: { email } })
const confirm = (token: string, password = NEW_PASSWORD) =>
  t.call('POST', '/auth/password-reset/confirm', { as: null, headers: anonymous, body: { token, password } })
/** The reset messages of the user, newest first, as the stored outbox holds them (no delivery). */
const resetMessages = () =>
  [...t.app.db.notifications.values()]
    .filter((n) => n.template === 'password-reset' && n.customerUserId === user.id)
    .reverse()
const latestToken = () => resetMessages()[0]?.data.token
const userRecord = async () => (await t.call('GET', `/v1/customer-users/${user.id}`)).body

describe('SS2 password reset', () => {
  it('SS2 a known and an unknown email get the same 202 and body; only the known one gets a token, stored hashed, valid 30 minutes', async () => {
    const known = await requestReset('JOHN.smith@acme.example')
    const unknown = await requestReset('nobody@acme.example')
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    expect(unknown.body).toEqual(known.body)
    expect(known.body).toEqual({ status: 'ACCEPTED', message: expect.any(String) })

    const messages = [...t.app.db.notifications.values()].filter((n) => n.template === 'password-reset')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ to: 'John.Smith@acme.example', customerUserId: user.id })
    const { token, expiresAt } = messages[0].data
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16) // ≥ 128 bits
    expect(expiresAt).toBe('2026-03-02T09:30:00.000Z')
    // R5: only its SHA-256 is stored with the tokens; it is no session token.
    const record = t.app.db.tokens.get(sha256HexSync(token))
    expect(record).toMatchObject({ kind: 'password-reset', customerUserId: user.id, expiresAt })
    expect(JSON.stringify(t.app.db.toJSON().tokens)).not.toContain(token)
    const asBearer = await t.call('GET', '/v1/authenticated-user', {
      as: null,
      headers: { ...anonymous, authorization: `Bearer ${token}` },
    })
    expectProblem(asBearer, 401, 'UNAUTHENTICATED')
    // N2: the request is audited on the user, never with the token.
    const events = (await t.call('GET', `/v1/audit-events?action=password-reset-requested`)).body.content
    expect(events.map((e: any) => [e.id, e.actor])).toEqual([[user.id, 'anonymous']])
    expect(JSON.stringify(events)).not.toContain(token)
  })

  it('SS2 confirm sets the password, ends every session, audits passwordChanged and uses the token up', async () => {
    const session = await login(t, user.email)
    expect((await session.call('GET', '/v1/authenticated-user')).status).toBe(200)
    await requestReset(user.email)
    const token = latestToken()
    const before = await userRecord()

    const r = await confirm(token)
    expect(r.status).toBe(204)
    expect(r.body).toBeNull()
    expectProblem(await session.call('GET', '/v1/authenticated-user'), 401, 'UNAUTHENTICATED')
    expectProblem(await requestToken(t, user.email, PASSWORD), 401, 'UNAUTHENTICATED')
    expect((await requestToken(t, user.email, NEW_PASSWORD)).status).toBe(200)
    expect((await userRecord()).version).toBe(before.version + 1)

    const events = (await t.call('GET', `/v1/audit-events?action=password-reset&ids=${user.id}`)).body.content
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      actor: `customer-user:${user.id}`,
      changes: { passwordChanged: { from: false, to: true } },
    })
    expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD)

    // Once: the token is gone, and so is its copy in the outbox (R5).
    const again = expectProblem(await confirm(token, 'Other-Password-9'), 401, 'UNAUTHENTICATED')
    expect(again.detail).toBe(expectProblem(await confirm('no-such-token'), 401, 'UNAUTHENTICATED').detail)
    expect(resetMessages()[0].data).toEqual({ expiresAt: expect.any(String), tokenDeliveredAt: expect.any(String) })
    expect((await requestToken(t, user.email, NEW_PASSWORD)).status).toBe(200)
  })

  it('SS2 a password that breaks U5 is a 400 naming password; nothing changes and the token still works', async () => {
    await requestReset(user.email)
    const token = latestToken()
    const before = t.snapshot()
    const p = expectProblem(await confirm(token, 'weakpass'), 400, 'VALIDATION_FAILED')
    expect(p.errors?.map((e) => e.field)).toEqual(['password'])
    expect(t.snapshot()).toBe(before)
    expect((await confirm(token)).status).toBe(204)
  })

  it('SS2 an expired token gets the same 401 as an unknown one, and changes nothing', async () => {
    await requestReset(user.email)
    const token = latestToken()
    now += 30 * 60 * 1000
    const before = t.snapshot()
    const expired = expectProblem(await confirm(token), 401, 'UNAUTHENTICATED')
    const unknown = expectProblem(await confirm('x'.repeat(43)), 401, 'UNAUTHENTICATED')
    expect(expired).toEqual(unknown)
    expect(t.snapshot()).toBe(before)
    expect((await requestToken(t, user.email, PASSWORD)).status).toBe(200)
  })

  it('SS2 a new request makes the previous token unusable and takes it out of the outbox', async () => {
    await requestReset(user.email)
    const first = latestToken()
    now += 60_000
    await requestReset(user.email)
    const second = latestToken()
    expect(second).not.toBe(first)
    expect(resetMessages()[1].data.token).toBeUndefined()
    expectProblem(await confirm(first), 401, 'UNAUTHENTICATED')
    expect((await confirm(second)).status).toBe(204)
  })

  it('SS2 the outbox shows the token once: delivered, it is blanked (R5)', async () => {
    await requestReset(user.email)
    const token = latestToken()
    const read = async () =>
      (await t.call('GET', '/v1/notifications?template=password-reset')).body.content[0].data as Record<string, string>
    expect((await read()).token).toBe(token)
    expect(await read()).toEqual({ expiresAt: '2026-03-02T09:30:00.000Z', tokenDeliveredAt: expect.any(String) })
    expect((await confirm(token)).status).toBe(204) // delivered is not used
  })

  it('SS2 is throttled as a login, per email: 429 with Retry-After; the login of that email is not locked by it', async () => {
    await t.call('PATCH', '/v1/settings', { body: { loginMaxFailures: 2 } })
    for (const email of [user.email, 'nobody@acme.example']) {
      expect((await requestReset(email)).status).toBe(202)
      expect((await requestReset(email)).status).toBe(202)
      const refused = expectProblem(await requestReset(email), 429, 'TOO_MANY_REQUESTS')
      expect(refused.detail).toMatch(/try again/)
    }
    const r = await requestReset(user.email)
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(resetMessages()).toHaveLength(2)
    expect((await requestToken(t, user.email, PASSWORD)).status).toBe(200)
    const locks = (await t.call('GET', '/v1/audit-events?action=password-reset-locked')).body.content
    expect(locks.map((e: any) => e.id).sort()).toEqual(['email:john.smith@acme.example', 'email:nobody@acme.example'])
  })

  it('SS2 a user who may not log in gets a token too; the new password works once they may (U9)', async () => {
    await t.call('PATCH', `/v1/customer-users/${user.id}`, { body: { status: 'INACTIVE' } })
    await requestReset(user.email)
    expect((await confirm(latestToken())).status).toBe(204)
    expectProblem(await requestToken(t, user.email, NEW_PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    await t.call('PATCH', `/v1/customer-users/${user.id}`, { body: { status: 'ACTIVE' } })
    expect((await requestToken(t, user.email, NEW_PASSWORD)).status).toBe(200)
  })

  it('SS2 known and unknown emails take the same time (min of 15 runs each, within 2×)', async () => {
    const app = await testApp({ passwordIterations: 1000 })
    await app.call('PATCH', '/v1/settings', { body: { loginMaxFailures: 1000 } })
    const acme = await makeAccount(app, 'ACME')
    const known = await makeUser(app, { externalId: 'JANE', accountIds: [acme.id], email: 'jane@acme.example' })
    const time = async (email: string) => {
      const start = performance.now()
      expect((await requestReset(email, { app })).status).toBe(202)
      return performance.now() - start
    }
    const knownTimes: number[] = []
    const unknownTimes: number[] = []
    for (let i = 0; i < 15; i++) {
      knownTimes.push(await time(known.email))
      unknownTimes.push(await time(`nobody-${i}@acme.example`))
    }
    const a = Math.min(...knownTimes)
    const b = Math.min(...unknownTimes)
    expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(2)
  })
})
