/**
 * R7 login throttling (`POST /auth/token`): per email — known or not, with the same answers — and per client
 * address; 429 `TOO_MANY_REQUESTS` with `Retry-After`, audited, limits in the settings, a lock that doubles and
 * expires. In-process on a test clock, and once over real HTTP (the per-address limit needs a socket).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../mock-server/node.js'
import { expectProblem, testApp, type CallResult, type TestApp } from '../helpers.js'
import { PASSWORD, makeAccount, makeUser, requestToken } from './customer-fixtures.js'

let t: TestApp
let now: number
let email: string
beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z')
  t = await testApp({ passwordIterations: 1000, clock: () => new Date(now) })
  const acme = await makeAccount(t, 'ACME')
  email = (await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })).email
})

const WRONG = 'Wrong-Pass-1'
/** What a caller can tell apart: status, body and Retry-After. */
const seen = (r: CallResult) => ({ status: r.status, body: r.body, retryAfter: r.headers.get('retry-after') })
const auditOf = async (action: string) =>
  (await t.call('GET', `/v1/audit-events?action=${action}&size=1000`)).body.content as {
    actor: string
    entity: string
    id: string
    changes: Record<string, { from: unknown; to: unknown }>
  }[]

describe('R7 login throttling', () => {
  it('R7 after 5 wrong passwords the email is locked: 429 TOO_MANY_REQUESTS with Retry-After, the right password included; the lock is audited', async () => {
    for (let i = 0; i < 5; i++) expectProblem(await requestToken(t, email, WRONG), 401, 'UNAUTHENTICATED')
    const locked = await requestToken(t, email, PASSWORD)
    const p = expectProblem(locked, 429, 'TOO_MANY_REQUESTS')
    expect(locked.headers.get('retry-after')).toBe('60')
    expect(p.detail).toMatch(/60 second/)
    expect(t.app.db.customerUsers.findBy('email', email)!.lastLoginAt).toBeNull()
    expect(t.app.db.tokens.size).toBe(0)
    const events = await auditOf('login-locked')
    expect(events).toEqual([
      expect.objectContaining({
        actor: 'system',
        entity: 'login',
        id: `email:${email}`,
        changes: {
          failures: { from: null, to: 5 },
          lockedUntil: { from: null, to: '2026-03-02T09:01:00.000Z' },
        },
      }),
    ])
  })

  it('R7 an unknown email gets exactly the answers a known one gets: statuses, bodies, Retry-After', async () => {
    const known: unknown[] = []
    const unknown: unknown[] = []
    for (let i = 0; i < 7; i++) {
      known.push(seen(await requestToken(t, email, WRONG)))
      unknown.push(seen(await requestToken(t, 'nobody@example.com', WRONG)))
    }
    expect(unknown).toEqual(known)
    expect(known.map((k) => (k as { status: number }).status)).toEqual([401, 401, 401, 401, 401, 429, 429])
    // Both are audited alike; only the email differs.
    expect((await auditOf('login-locked')).map((e) => e.id).sort()).toEqual([
      `email:${email}`,
      'email:nobody@example.com',
    ])
  })

  it('R7 the email is matched without case: JOHN@… and john@… share one count', async () => {
    for (let i = 0; i < 5; i++)
      expectProblem(await requestToken(t, i % 2 ? email.toUpperCase() : email, WRONG), 401, 'UNAUTHENTICATED')
    expectProblem(await requestToken(t, email.toUpperCase(), PASSWORD), 429, 'TOO_MANY_REQUESTS')
  })

  it('R7 the lock doubles with each further failure; once it has expired the right password logs in and the count starts again', async () => {
    for (let i = 0; i < 5; i++) await requestToken(t, email, WRONG)
    now += 59_000
    expect((await requestToken(t, email, PASSWORD)).headers.get('retry-after')).toBe('1')
    now += 1_000
    // Expired: one more wrong password locks for twice as long.
    expectProblem(await requestToken(t, email, WRONG), 401, 'UNAUTHENTICATED')
    const twice = await requestToken(t, email, PASSWORD)
    expectProblem(twice, 429, 'TOO_MANY_REQUESTS')
    expect(twice.headers.get('retry-after')).toBe('120')
    now += 120_000
    const ok = await requestToken(t, email, PASSWORD)
    expect(ok.status).toBe(200)
    expect(t.app.db.customerUsers.findBy('email', email)!.lastLoginAt).toBe(new Date(now).toISOString())
    // A success forgets the failures: four wrong passwords are again just 401s, the fifth locks.
    for (let i = 0; i < 4; i++) expectProblem(await requestToken(t, email, WRONG), 401, 'UNAUTHENTICATED')
    expect((await requestToken(t, email, PASSWORD)).status).toBe(200)
    for (let i = 0; i < 5; i++) expectProblem(await requestToken(t, email, WRONG), 401, 'UNAUTHENTICATED')
    expectProblem(await requestToken(t, email, PASSWORD), 429, 'TOO_MANY_REQUESTS')
  })

  it('R7 300 concurrent wrong passwords, then the right one → 429: only 5 passwords were checked, the rest refused at once', async () => {
    const answers = await Promise.all(Array.from({ length: 300 }, () => requestToken(t, email, WRONG)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(295)
    for (const r of answers.filter((a) => a.status === 429)) {
      expectProblem(r, 429, 'TOO_MANY_REQUESTS')
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }
    const right = await requestToken(t, email, PASSWORD)
    expectProblem(right, 429, 'TOO_MANY_REQUESTS')
    expect(right.headers.get('retry-after')).toBe('60')
  })

  it('R7 a user who may not log in (INACTIVE) with the right password is neither a failure nor a success', async () => {
    const acme = t.app.db.customerAccounts.findBy('externalId', 'ACME')!
    const off = await makeUser(t, { externalId: 'OFF', accountIds: [acme.id], status: 'INACTIVE' })
    for (let i = 0; i < 4; i++) await requestToken(t, off.email, WRONG)
    for (let i = 0; i < 3; i++) expectProblem(await requestToken(t, off.email, PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
    expectProblem(await requestToken(t, off.email, WRONG), 401, 'UNAUTHENTICATED')
    expectProblem(await requestToken(t, off.email, PASSWORD), 429, 'TOO_MANY_REQUESTS')
  })

  it('R7 the limits are settings: an Admin lowers them, and out-of-range values are refused', async () => {
    const s = await t.call('GET', '/v1/settings', { as: 'reader' })
    expect(s.body).toMatchObject({ loginMaxFailures: 5, loginMaxFailuresPerAddress: 50, loginLockSeconds: 60 })
    expect(
      (await t.call('PATCH', '/v1/settings', { body: { loginMaxFailures: 2, loginLockSeconds: 10 } })).status,
    ).toBe(200)
    for (let i = 0; i < 2; i++) expectProblem(await requestToken(t, email, WRONG), 401, 'UNAUTHENTICATED')
    const locked = await requestToken(t, email, PASSWORD)
    expectProblem(locked, 429, 'TOO_MANY_REQUESTS')
    expect(locked.headers.get('retry-after')).toBe('10')
    const bad = expectProblem(
      await t.call('PATCH', '/v1/settings', {
        body: { loginMaxFailures: 0, loginLockSeconds: -1, loginMaxFailuresPerAddress: 1.5 },
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(bad.errors!.map((e) => e.field).sort()).toEqual([
      'loginLockSeconds',
      'loginMaxFailures',
      'loginMaxFailuresPerAddress',
    ])
  })
})

describe('R7 per client address (real HTTP server)', () => {
  let server: RunningServer
  const ADMIN = 'r7-admin-key-0123456789'
  beforeEach(async () => {
    server = await startServer({ port: 0, adminKey: ADMIN })
  })
  afterEach(async () => {
    await server?.close()
  })
  const op = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': ADMIN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const token = (address: string, password: string) =>
    fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'dj-client': 'ACCOUNT', 'content-type': 'application/json' },
      body: JSON.stringify({ email: address, password }),
    })

  it('R7 failures for many emails from one address lock that address, whatever the email; the pool-hashed password still logs in before', async () => {
    const account = await (
      await op('POST', '/v1/customer-accounts', {
        externalId: 'ACME',
        name: 'ACME',
        companyRegistrationName: 'ACME SAS',
        businessRegistrationNumber: 'RCS-ACME',
      })
    ).json()
    const user = await op('POST', '/v1/customer-users', {
      externalId: 'JOHN',
      civility: 'MR',
      firstName: 'John',
      lastName: 'Smith',
      email: 'john@example.com',
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds: [account.id],
      password: PASSWORD,
    })
    expect(user.status).toBe(201)
    expect((await op('PATCH', '/v1/settings', { loginMaxFailuresPerAddress: 3 })).status).toBe(200)
    expect((await token('john@example.com', PASSWORD)).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await token(`nobody-${i}@example.com`, WRONG)).status).toBe(401)
    // A fourth email, never tried, and the right password of a real user: the address is locked.
    const fresh = await token('someone-else@example.com', WRONG)
    expect(fresh.status).toBe(429)
    expect(fresh.headers.get('content-type')).toBe('application/problem+json')
    expect((await fresh.json()).code).toBe('TOO_MANY_REQUESTS')
    expect(fresh.headers.get('retry-after')).toBe('60')
    const right = await token('john@example.com', PASSWORD)
    expect(right.status).toBe(429)
    const audit = await (await op('GET', '/v1/audit-events?action=login-locked')).json()
    expect(audit.content.map((e: { id: string }) => e.id)).toEqual(['address:127.0.0.1'])
  })
})
