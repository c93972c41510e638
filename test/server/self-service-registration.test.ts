/**
 * SS1: a company registers on the storefront (`POST /auth/register`, anonymous) with its first user; the account
 * follows approval (A3), the user logs in once it is ACTIVE (U9), and the answer never tells whether an email is known.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { PASSWORD, makeAccount, makeUser, requestToken } from './customer-fixtures.js'
import { isAdminIn } from '../../mock-server/domain/memberships.js'

let t: TestApp
let now: number
beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z')
  t = await testApp({ passwordIterations: 1000, clock: () => new Date(now) })
})

const REGISTER = '/auth/register'
const anonymous = { 'dj-client': 'ACCOUNT' }
const settings = (body: Record<string, unknown>) => t.call('PATCH', '/v1/settings', { body })
const registration = (over: Record<string, unknown> = {}, user: Record<string, unknown> = {}) => ({
  name: 'Wayne Enterprises',
  companyRegistrationName: 'Wayne Enterprises SAS',
  businessRegistrationNumber: 'FR 552 100 554',
  vatNumber: 'FR40303265045',
  ...over,
  user: {
    civility: 'MR',
    firstName: 'Bruce',
    lastName: 'Wayne',
    email: 'Bruce@Wayne.example',
    phone: '+33 6 12 34 56 78',
    password: PASSWORD,
    ...user,
  },
})
const register = (body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', REGISTER, { as: null, headers: { ...anonymous, ...headers }, body })
const outbox = async (to?: string) =>
  (await t.call('GET', `/v1/notifications${to ? `?to=${encodeURIComponent(to)}` : ''}`)).body.content as {
    template: string
    to: string
    customerUserId: string
    data: Record<string, string>
  }[]
const audit = async (query: string) => (await t.call('GET', `/v1/audit-events?${query}`)).body.content as any[]
const registrant = () => t.app.db.customerUsers.findBy('email', 'bruce@wayne.example')

describe('SS1 storefront registration', () => {
  it('SS1 is off by default: 404 whatever the body, and nothing is created; on once customerSelfRegistration is', async () => {
    expect((await t.call('GET', '/v1/settings')).body.customerSelfRegistration).toBe(false)
    const before = t.snapshot()
    expectProblem(await register(registration()), 404, 'NOT_FOUND')
    expectProblem(await register({ nonsense: true }), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
    expect((await settings({ customerSelfRegistration: true })).status).toBe(200)
    expect((await register(registration())).status).toBe(202)
  })

  describe('with registration on', () => {
    beforeEach(async () => {
      expect((await settings({ customerSelfRegistration: true })).status).toBe(200)
    })

    it('SS1 with approval on: the account waits, its user is FOC_Admin, cannot log in until an operator approves, then is told and logs in', async () => {
      await settings({ customerAccountApproval: true })
      const r = await register(registration({ website: 'https://wayne.example' }))
      expect(r.status).toBe(202)
      expect(r.body).toEqual({ status: 'ACCEPTED', message: expect.any(String) })

      const user = registrant()!
      expect(user).toMatchObject({ firstName: 'Bruce', email: 'Bruce@Wayne.example', status: 'ACTIVE', onHold: false })
      expect(user.accountIds).toHaveLength(1)
      const account = (await t.call('GET', `/v1/customer-accounts/${user.accountIds[0]}`)).body
      expect(account).toMatchObject({
        name: 'Wayne Enterprises',
        companyRegistrationName: 'Wayne Enterprises SAS',
        businessRegistrationNumber: 'FR 552 100 554',
        vatNumber: 'FR40303265045',
        website: 'https://wayne.example',
        status: 'WAITING_APPROVAL',
        externalId: account.id, // U14: generated from its id
        addresses: [],
      })
      expect(isAdminIn(user, account.id)).toBe(true)

      // U9: the user is told the account is being prepared, with no password (they chose it, R5).
      const messages = await outbox('bruce@wayne.example')
      expect(messages.map((m) => m.template)).toEqual(['account-being-prepared'])
      expect(messages[0].data).toEqual({})
      expect(JSON.stringify(t.app.db.toJSON())).not.toContain(PASSWORD)

      // N2: created by an anonymous caller.
      const created = await audit(`entity=customer-account&ids=${account.id}`)
      expect(created.map((e) => [e.action, e.actor])).toEqual(
        expect.arrayContaining([
          ['create', 'anonymous'],
          ['register', 'anonymous'],
        ]),
      )

      expectProblem(await requestToken(t, 'bruce@wayne.example', PASSWORD), 403, 'LOGIN_NOT_ALLOWED')
      expect((await t.call('POST', `/v1/customer-accounts/${account.id}/approve`, { as: 'user' })).status).toBe(200)
      const after = await outbox('bruce@wayne.example')
      expect(after.map((m) => m.template)).toEqual(['account-activated', 'account-being-prepared'])
      expect(after[0].data).toEqual({ accountId: account.id })
      expect((await requestToken(t, 'bruce@wayne.example', PASSWORD)).status).toBe(200)
    })

    it('SS1 with approval off: the account is ACTIVE at once, the user welcomed without a password and able to log in', async () => {
      const r = await register(registration())
      expect(r.status).toBe(202)
      const account = t.app.db.customerAccounts.get(registrant()!.accountIds[0])!
      expect(account.status).toBe('ACTIVE')
      const messages = await outbox('bruce@wayne.example')
      expect(messages.map((m) => [m.template, m.data])).toEqual([['welcome', {}]])
      expect((await requestToken(t, 'bruce@wayne.example', PASSWORD)).status).toBe(200)
    })

    it('SS1 an email already known gets the same answer, creates nothing, and its owner is told', async () => {
      const acme = await makeAccount(t, 'ACME')
      const owner = await makeUser(t, { externalId: 'OWNER', accountIds: [acme.id], email: 'bruce@wayne.example' })
      const fresh = await register(registration({}, { email: 'alfred@wayne.example' }))
      const accounts = t.app.db.customerAccounts.size
      const users = t.app.db.customerUsers.size

      const again = await register(registration({ name: 'Other name' }, { email: 'BRUCE@wayne.example' }))
      expect(again.status).toBe(fresh.status)
      expect(again.body).toEqual(fresh.body)
      expect(t.app.db.customerAccounts.size).toBe(accounts)
      expect(t.app.db.customerUsers.size).toBe(users)
      const told = await outbox('bruce@wayne.example')
      expect(told[0]).toMatchObject({ template: 'registration-attempt', customerUserId: owner.id, data: {} })
      const events = await audit(`entity=customer-user&ids=${owner.id}&action=registration-attempt`)
      expect(events).toHaveLength(1)
      expect(events[0].actor).toBe('anonymous')
      // The owner's password is untouched.
      expect((await requestToken(t, 'bruce@wayne.example', PASSWORD)).status).toBe(200)
    })

    it('SS1 a password that breaks U5 is a 400 naming user.password, and nothing is stored', async () => {
      const before = t.snapshot()
      const p = expectProblem(await register(registration({}, { password: 'short' })), 400, 'VALIDATION_FAILED')
      expect(p.errors?.map((e) => e.field)).toEqual(['user.password'])
      const bad = expectProblem(
        await register({ ...registration(), externalId: 'MINE', name: '' }),
        400,
        'VALIDATION_FAILED',
      )
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['externalId', 'name'])
      // The account's fields are checked as A1 checks them (found by the fuzzer: a website that is no URL was stored).
      const site = expectProblem(await register({ ...registration(), website: 'J' }), 400, 'VALIDATION_FAILED')
      expect(site.errors?.map((e) => e.field)).toEqual(['website'])
      expect(t.snapshot()).toBe(before)
    })

    it('SS1 the first address is stored (A4, externalId generated); with A10 on, none is a 422 naming address', async () => {
      await settings({ customerAccountAddressRequired: true })
      const before = t.snapshot()
      const p = expectProblem(await register(registration()), 422, 'RULE_VIOLATION')
      expect(p.errors?.map((e) => e.field)).toEqual(['address'])
      expect(t.snapshot()).toBe(before)
      const address = {
        fullName: 'Wayne Enterprises',
        address: '1007 Mountain Drive',
        city: 'Gotham',
        zipCode: '10001',
        country: 'US',
        billing: true,
      }
      expect((await register(registration({ address }))).status).toBe(202)
      const account = t.app.db.customerAccounts.get(registrant()!.accountIds[0])!
      expect(account.addresses).toEqual([
        expect.objectContaining({ ...address, shipping: false, externalId: account.addresses[0].id }),
      ])
    })

    it('SS1 on a multi-store tenant the store is dj-store: required, known, and given to the user (U10)', async () => {
      for (const [externalId, name] of [
        ['FR', 'France'],
        ['BE', 'Belgium'],
      ])
        expect((await t.call('POST', '/v1/stores', { body: { externalId, name } })).status).toBe(201)
      const before = t.snapshot()
      const missing = expectProblem(await register(registration()), 422, 'RULE_VIOLATION')
      expect(missing.errors?.map((e) => e.field)).toEqual(['dj-store'])
      const unknown = expectProblem(await register(registration(), { 'dj-store': 'XX' }), 422, 'UNKNOWN_REFERENCE')
      expect(unknown.errors?.map((e) => e.field)).toEqual(['dj-store'])
      expect(t.snapshot()).toBe(before)
      expect((await register(registration(), { 'dj-store': 'BE' })).status).toBe(202)
      expect(registrant()!.storeIds).toEqual(['BE'])
    })

    it('SS1 needs dj-client ACCOUNT; an operator key is no use', async () => {
      expectProblem(await register(registration(), { 'dj-client': 'OPERATOR' }), 403, 'WRONG_CLIENT')
      const noClient = await t.app.request(REGISTER, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(registration()),
      })
      expect(noClient.status).toBe(400)
      expect((await noClient.json()).code).toBe('CLIENT_HEADER_INVALID')
      expect(registrant()).toBeUndefined()
    })

    it('SS1 is throttled as a login: per email, then 429 with Retry-After, the lock audited', async () => {
      await settings({ loginMaxFailures: 3, loginLockSeconds: 60 })
      for (let i = 0; i < 3; i++)
        expect((await register(registration({}, { email: 'bruce@wayne.example' }))).status).toBe(202)
      const refused = await register(registration({}, { email: 'bruce@wayne.example' }))
      expectProblem(refused, 429, 'TOO_MANY_REQUESTS')
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      // Another email is not locked; the same one is again after the lock.
      expect((await register(registration({}, { email: 'alfred@wayne.example' }))).status).toBe(202)
      const locks = await audit('action=registration-locked')
      expect(locks.map((e) => [e.id, e.actor])).toEqual([['email:bruce@wayne.example', 'system']])
      now += 61_000
      expect((await register(registration({}, { email: 'bruce@wayne.example' }))).status).toBe(202)
    })

    it('SS1 is throttled per client address too', async () => {
      const app = await testApp({ passwordIterations: 1000, clientAddress: () => '203.0.113.9' })
      await app.call('PATCH', '/v1/settings', {
        body: { customerSelfRegistration: true, loginMaxFailuresPerAddress: 2 },
      })
      const go = (email: string) =>
        app.call('POST', REGISTER, { as: null, headers: anonymous, body: registration({}, { email }) })
      expect((await go('a@wayne.example')).status).toBe(202)
      expect((await go('b@wayne.example')).status).toBe(202)
      expectProblem(await go('c@wayne.example'), 429, 'TOO_MANY_REQUESTS')
      expect(app.app.db.customerUsers.findBy('email', 'c@wayne.example')).toBeUndefined()
    })
  })
})
