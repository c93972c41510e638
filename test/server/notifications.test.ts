/**
 * The outbox (docs/rules.md N1, `GET /v1/notifications`) and the messages customer users get (U6, U9): the server
 * never sends email, it appends what it would send — through HTTP against the in-process reference app.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { passwordProblem } from '../../spec/rules/customer-user.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

let t: TestApp
let acme: string
const USERS = '/v1/customer-users'
const OUTBOX = '/v1/notifications'

async function ok(method: string, path: string, body?: unknown) {
  const r = await t.call(method, path, { body })
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
  return r.body
}
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
  acme = (
    await ok('POST', '/v1/customer-accounts', {
      externalId: 'ACME',
      name: 'ACME',
      companyRegistrationName: 'ACME SAS',
      businessRegistrationNumber: '552 100 554',
    })
  ).id
})
afterEach(() => {
  vi.restoreAllMocks()
})

const userBody = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  civility: 'MRS',
  firstName: 'Jane',
  lastName: externalId,
  email: `${externalId.toLowerCase()}@acme.example`,
  phone: '+33 6 12 34 56 78',
  groups: ['FOC_User'],
  accountIds: [acme],
  ...over,
})
const createUser = (externalId: string, over: Record<string, unknown> = {}) =>
  ok('POST', USERS, userBody(externalId, over))

interface Message {
  id: string
  at: string
  to: string
  template: string
  customerUserId: string
  data: Record<string, string>
}
const outbox = async (query = ''): Promise<Message[]> => (await ok('GET', `${OUTBOX}?size=1000${query}`)).content
const messagesOf = async (userId: string) => outbox(`&customerUserIds=${userId}`)
const login = (email: string, password: string) =>
  t.call('POST', '/auth/token', { as: null, headers: { 'dj-client': 'ACCOUNT' }, body: { email, password } })

describe('N1 the outbox', () => {
  it('N1 U6 create without a password → one "welcome" carrying a generated initial password that passes U5 and logs in', async () => {
    const jane = await createUser('JANE')
    const messages = await messagesOf(jane.id)
    expect(messages).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        to: 'jane@acme.example',
        template: 'welcome',
        customerUserId: jane.id,
        data: { initialPassword: expect.any(String) },
      },
    ])
    const password = messages[0].data.initialPassword
    expect(passwordProblem(password)).toBeNull()
    const r = await login('JANE@acme.example', password)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer' })
    expectProblem(await login('jane@acme.example', `${password}x`), 401, 'UNAUTHENTICATED')
    // Each user gets their own password; it is never part of the user.
    const john = await createUser('JOHN')
    expect((await messagesOf(john.id))[0].data.initialPassword).not.toBe(password)
    expect(JSON.stringify(john)).not.toContain(password)
  })

  it('N1 U9 created INACTIVE or on hold, in the body → "account-being-prepared" with the initial password; login waits', async () => {
    for (const [externalId, over] of [
      ['OFF', { status: 'INACTIVE' }],
      ['HELD', { onHold: true }],
      ['BOTH', { status: 'INACTIVE', onHold: true }],
    ] as const) {
      const user = await createUser(externalId, over)
      const messages = await messagesOf(user.id)
      expect(
        messages.map((m) => m.template),
        externalId,
      ).toEqual(['account-being-prepared'])
      expect(passwordProblem(messages[0].data.initialPassword)).toBeNull()
      expectProblem(await login(user.email, messages[0].data.initialPassword), 403, 'LOGIN_NOT_ALLOWED')
    }
  })

  it('N1 U9 created inactive or on hold through the settings (customerActiveOnCreation false / customerOnHoldOnCreation true) → "account-being-prepared"', async () => {
    await ok('PATCH', '/v1/settings', { customerActiveOnCreation: false })
    const off = await createUser('OFF')
    expect(off).toMatchObject({ status: 'INACTIVE', onHold: false })
    await ok('PUT', '/v1/settings', { customerOnHoldOnCreation: true })
    const held = await createUser('HELD')
    expect(held).toMatchObject({ status: 'ACTIVE', onHold: true })
    expect((await messagesOf(off.id)).map((m) => m.template)).toEqual(['account-being-prepared'])
    expect((await messagesOf(held.id)).map((m) => m.template)).toEqual(['account-being-prepared'])
  })

  it('N1 U9 later becoming ACTIVE and not on hold → "account-activated" once; no message while still on hold or when nothing changes', async () => {
    const user = await createUser('LATER', { status: 'INACTIVE', onHold: true })
    const templates = async () => (await messagesOf(user.id)).map((m) => m.template)
    await ok('PATCH', `${USERS}/${user.id}`, { status: 'ACTIVE' }) // still on hold
    expect(await templates()).toEqual(['account-being-prepared'])
    await ok('PATCH', `${USERS}/${user.id}`, { firstName: 'Janet' })
    await ok('PATCH', `${USERS}/${user.id}`, { onHold: true })
    expect(await templates()).toEqual(['account-being-prepared'])
    await ok('PATCH', `${USERS}/${user.id}`, { onHold: false })
    const messages = await messagesOf(user.id)
    expect(messages.map((m) => m.template)).toEqual(['account-activated', 'account-being-prepared'])
    expect(messages[0]).toMatchObject({ to: 'later@acme.example', data: {} })
    // Already able to log in: nothing new, whatever is sent again.
    await ok('PATCH', `${USERS}/${user.id}`, { status: 'ACTIVE', onHold: false })
    await ok('PUT', `${USERS}/${user.id}`, userBody('LATER'))
    expect(await templates()).toEqual(['account-activated', 'account-being-prepared'])
    // Deactivated, then bulk-activated (U7): activated again.
    await ok('POST', `${USERS}/deactivate`, { ids: [user.id] })
    await ok('POST', `${USERS}/activate`, { ids: [user.id] })
    await ok('POST', `${USERS}/activate`, { ids: [user.id] })
    expect(await templates()).toEqual(['account-activated', 'account-activated', 'account-being-prepared'])
  })

  it('N1 a refused request queues nothing', async () => {
    await createUser('JANE')
    const before = t.snapshot()
    expectProblem(
      await t.call('POST', USERS, { body: userBody('OTHER', { email: 'JANE@acme.example' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expectProblem(
      await t.call('POST', USERS, { body: userBody('OTHER', { accountIds: ['acc_404'] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expectProblem(
      await t.call('POST', USERS, { body: userBody('OTHER', { password: 'short' }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(t.snapshot()).toBe(before)
    expect(await outbox()).toHaveLength(1)
  })

  it('N1 the server never sends email: no network call while users are created and activated', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const user = await createUser('QUIET', { status: 'INACTIVE' })
    await ok('PATCH', `${USERS}/${user.id}`, { status: 'ACTIVE' })
    expect(fetchSpy).not.toHaveBeenCalled()
    expect((await messagesOf(user.id)).map((m) => m.template)).toEqual(['account-activated', 'account-being-prepared'])
  })

  it('N1 Admin only; newest first; filters to (case-insensitive), template and customerUserIds; sort and paging', async () => {
    let now = Date.parse('2026-03-01T08:00:00Z')
    t = await testApp({ passwordIterations: 1000, clock: () => new Date((now += 1000)) })
    acme = (
      await ok('POST', '/v1/customer-accounts', {
        externalId: 'ACME',
        name: 'ACME',
        companyRegistrationName: 'ACME SAS',
        businessRegistrationNumber: '552 100 554',
      })
    ).id
    const a = await createUser('ALICE')
    const b = await createUser('BOB', { status: 'INACTIVE' })
    const c = await createUser('CAROL')
    await ok('PATCH', `${USERS}/${b.id}`, { status: 'ACTIVE' })
    for (const as of ['user', 'reader'] as const) expectProblem(await t.call('GET', OUTBOX, { as }), 403, 'FORBIDDEN')
    expectProblem(await t.call('GET', OUTBOX, { as: null }), 401, 'UNAUTHENTICATED')
    const all = await outbox()
    expect(all.map((m) => [m.customerUserId, m.template])).toEqual([
      [b.id, 'account-activated'],
      [c.id, 'welcome'],
      [b.id, 'account-being-prepared'],
      [a.id, 'welcome'],
    ])
    expect(all.map((m) => m.at)).toEqual([...all.map((m) => m.at)].sort().reverse())
    const who = async (q: string) => (await outbox(`&${q}`)).map((m) => `${m.to}/${m.template}`)
    expect(await who('to=BOB@ACME.EXAMPLE')).toEqual([
      'bob@acme.example/account-activated',
      'bob@acme.example/account-being-prepared',
    ])
    expect(await who('template=welcome')).toEqual(['carol@acme.example/welcome', 'alice@acme.example/welcome'])
    expect(await who(`template=welcome,account-activated&customerUserIds=${a.id}&customerUserIds=${b.id}`)).toEqual([
      'bob@acme.example/account-activated',
      'alice@acme.example/welcome',
    ])
    expect(await who('sort=at:asc&template=welcome')).toEqual([
      'alice@acme.example/welcome',
      'carol@acme.example/welcome',
    ])
    const page = await ok('GET', `${OUTBOX}?size=3&page=1`)
    expect(page).toMatchObject({
      totalElements: 4,
      totalPages: 2,
      number: 1,
      numberOfElements: 1,
      first: false,
      last: true,
    })
    expect(page.content[0].customerUserId).toBe(a.id)
    expectProblem(await t.call('GET', `${OUTBOX}?size=1001`), 400, 'VALIDATION_FAILED')
  })

  it("N1 the outbox is a log: a deleted user's messages stay", async () => {
    const user = await createUser('GONE')
    expect((await t.call('DELETE', `${USERS}/${user.id}`)).status).toBe(204)
    expect((await messagesOf(user.id)).map((m) => m.template)).toEqual(['welcome'])
  })
})
