/**
 * Account creation with a first customer user and a first address (docs/rules.md A2): all or nothing, the user
 * joins the new account and is sent a generated password (U6, N1) — through HTTP against the in-process app.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { passwordProblem } from '../../spec/rules/customer-user.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

let t: TestApp
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
})

const ACCOUNTS = '/v1/customer-accounts'
const USERS = '/v1/customer-users'

const userPart = (over: Record<string, unknown> = {}) => ({
  externalId: 'CU-1001',
  civility: 'MRS',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@acme.example',
  phone: '+33 6 12 34 56 78',
  ...over,
})
const addressPart = (over: Record<string, unknown> = {}) => ({
  externalId: 'ACME-HQ',
  label: 'Head office',
  fullName: 'ACME SAS',
  address: '12 rue de la Paix',
  city: 'Paris',
  zipCode: '75002',
  country: 'FR',
  shipping: true,
  billing: true,
  isDefault: true,
  ...over,
})
const accountBody = (over: Record<string, unknown> = {}) => ({
  externalId: 'ACME',
  name: 'ACME',
  companyRegistrationName: 'ACME SAS',
  businessRegistrationNumber: '552 100 554',
  user: userPart(),
  address: addressPart(),
  ...over,
})

async function ok(method: string, path: string, body?: unknown) {
  const r = await t.call(method, path, { body })
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
  return r.body
}
const usersOf = async (accountId: string) => (await ok('GET', `${USERS}?accountIds=${accountId}`)).content
const outbox = async () =>
  (await ok('GET', '/v1/notifications?size=1000')).content as {
    template: string
    to: string
    customerUserId: string
    data: Record<string, string>
  }[]
const login = (email: string, password: string) =>
  t.call('POST', '/auth/token', { as: null, headers: { 'dj-client': 'ACCOUNT' }, body: { email, password } })

describe('A2 account creation with a user and an address', () => {
  it('A2 creates the account with its address and a FOC_Admin user of it; the user is sent a generated password that logs in', async () => {
    const r = await t.call('POST', ACCOUNTS, { as: 'user', body: accountBody() })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.headers.get('etag')).toBe('"1"')
    const account = r.body
    expect(account).toMatchObject({ externalId: 'ACME', status: 'ACTIVE', version: 1 })
    expect(account).not.toHaveProperty('user')
    expect(account.addresses).toEqual([
      { id: expect.stringMatching(/^adr_/), ...addressPart(), additionalAddress: null, state: null, phone: null },
    ])
    const [user, ...others] = await usersOf(account.id)
    expect(others).toEqual([])
    expect(user).toMatchObject({
      ...userPart(),
      accountIds: [account.id],
      groups: ['FOC_Admin'],
      organisationIds: [],
      mainOrganisationId: null,
      status: 'ACTIVE',
      onHold: false,
    })
    const messages = await outbox()
    expect(messages).toEqual([
      expect.objectContaining({ template: 'welcome', to: 'jane.doe@acme.example', customerUserId: user.id }),
    ])
    const password = messages[0].data.initialPassword
    expect(passwordProblem(password)).toBeNull()
    expect((await login('jane.doe@acme.example', password)).status).toBe(200)
    const audit = (await ok('GET', '/v1/audit-events?action=create&sort=seq:asc')).content.map(
      (e: { entity: string; id: string }) => [e.entity, e.id],
    )
    expect(audit.slice(-2)).toEqual([
      ['customer-account', account.id],
      ['customer-user', user.id],
    ])
  })

  it('A2 user and address are each optional; the body may carry either alone', async () => {
    const addressOnly = await ok('POST', ACCOUNTS, accountBody({ user: undefined }))
    expect(addressOnly.addresses).toHaveLength(1)
    expect(await usersOf(addressOnly.id)).toEqual([])
    const userOnly = await ok('POST', ACCOUNTS, accountBody({ externalId: 'GLOBEX', address: undefined }))
    expect(userOnly.addresses).toEqual([])
    expect((await usersOf(userOnly.id)).map((u: { email: string }) => u.email)).toEqual(['jane.doe@acme.example'])
  })

  it('U9 A3 the first user of an account that waits for approval is told the account is being prepared, not welcomed; approving it sends account-activated', async () => {
    await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })
    const account = await ok('POST', ACCOUNTS, accountBody())
    expect(account.status).toBe('WAITING_APPROVAL')
    expect((await outbox()).map((n: { template: string }) => n.template)).toEqual(['account-being-prepared'])
    expect((await t.call('POST', `${ACCOUNTS}/${account.id}/approve`)).status).toBe(200)
    expect((await outbox()).map((n: { template: string }) => n.template).sort()).toEqual([
      'account-activated',
      'account-being-prepared',
    ])
  })

  it('A10 with customerAccountAddressRequired on, an account created without an address is refused (422 naming address) and nothing is stored; with one it is created', async () => {
    expect((await t.call('PATCH', '/v1/settings', { body: { customerAccountAddressRequired: true } })).status).toBe(200)
    const before = t.snapshot()
    const refused = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ address: undefined }) }),
      422,
      'RULE_VIOLATION',
    )
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'address', code: 'REQUIRED' })])
    expect(t.snapshot()).toBe(before)
    const created = await ok('POST', ACCOUNTS, accountBody())
    expect(created.addresses).toHaveLength(1)
    // Off (the default): the address is optional again (A2).
    await t.call('PATCH', '/v1/settings', { body: { customerAccountAddressRequired: false } })
    const plain = await ok('POST', ACCOUNTS, accountBody({ externalId: 'GLOBEX', user: undefined, address: undefined }))
    expect(plain.addresses).toEqual([])
  })

  it('A2 the user keeps the groups and stores given; U10 on a multi-store tenant a store is required (422 user.storeIds), on a single-store tenant it defaults', async () => {
    await ok('POST', '/v1/stores', { externalId: 'FR', name: 'France' })
    const single = await ok(
      'POST',
      ACCOUNTS,
      accountBody({ externalId: 'SOLO', user: userPart({ groups: ['FOC_User', 'FOC_Webmaster'] }) }),
    )
    expect((await usersOf(single.id))[0]).toMatchObject({ groups: ['FOC_User', 'FOC_Webmaster'], storeIds: ['FR'] })
    await ok('POST', '/v1/stores', { externalId: 'BE', name: 'Belgium' })
    const before = t.snapshot()
    const body = (user: Record<string, unknown>) =>
      accountBody({
        externalId: 'MULTI',
        user: userPart({ externalId: 'CU-2', email: 'two@acme.example', ...user }),
        address: addressPart({ externalId: 'MULTI-HQ' }),
      })
    const p = expectProblem(await t.call('POST', ACCOUNTS, { body: body({}) }), 422, 'RULE_VIOLATION')
    expect(p.errors).toEqual([
      { field: 'user.storeIds', code: 'RULE', message: expect.stringContaining('multi-store') },
    ])
    expect(
      expectProblem(
        await t.call('POST', ACCOUNTS, { body: body({ storeIds: ['FR', 'XX'] }) }),
        422,
        'UNKNOWN_REFERENCE',
      ).errors,
    ).toEqual([expect.objectContaining({ field: 'user.storeIds[1]' })])
    expect(t.snapshot()).toBe(before)
    const multi = await ok('POST', ACCOUNTS, body({ storeIds: ['BE'] }))
    expect((await usersOf(multi.id))[0].storeIds).toEqual(['BE'])
  })

  it('A2 all or nothing: a user refused by a rule (email or externalId taken, custom fields) → no account, no address, no user, no message, no id taken', async () => {
    await ok('POST', ACCOUNTS, accountBody({ externalId: 'FIRST', address: undefined }))
    await ok('POST', '/v1/custom-fields', {
      externalId: 'badge',
      name: 'Badge number',
      entity: 'CUSTOMER_USER',
      type: 'NUMBER',
      required: true,
    })
    const before = t.snapshot()
    const refused = async (user: Record<string, unknown>, status: number, code: string) =>
      expectProblem(
        await t.call('POST', ACCOUNTS, {
          body: accountBody({
            user: userPart({ externalId: 'CU-2', email: 'two@acme.example', customFields: { badge: 7 }, ...user }),
          }),
        }),
        status,
        code,
      )
    expect((await refused({ email: 'JANE.DOE@acme.example' }, 409, 'ALREADY_EXISTS')).errors).toEqual([
      expect.objectContaining({ field: 'user.email', code: 'DUPLICATE' }),
    ])
    expect((await refused({ externalId: 'CU-1001' }, 409, 'ALREADY_EXISTS')).errors).toEqual([
      expect.objectContaining({ field: 'user.externalId' }),
    ])
    expect((await refused({ customFields: {} }, 422, 'RULE_VIOLATION')).errors).toEqual([
      { field: 'user.customFields.badge', code: 'REQUIRED', message: 'is required' },
    ])
    expect(
      (await refused({ customFields: { badge: 'seven', colour: 'red' } }, 422, 'RULE_VIOLATION')).errors!.map(
        (e) => e.field,
      ),
    ).toEqual(['user.customFields.badge', 'user.customFields.colour'])
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.customerAccounts.size).toBe(1)
    expect(await outbox()).toHaveLength(1)
    const fine = await ok(
      'POST',
      ACCOUNTS,
      accountBody({ user: userPart({ externalId: 'CU-2', email: 'two@acme.example', customFields: { badge: 7 } }) }),
    )
    expect((await usersOf(fine.id))[0].customFields).toEqual({ badge: 7 })
  })

  it('A2 all or nothing: an address refused (shape → 400, externalId taken → 409) or an account refused → nothing is created', async () => {
    await ok('POST', ACCOUNTS, accountBody({ externalId: 'FIRST', user: undefined }))
    const before = t.snapshot()
    const body = (over: Record<string, unknown>) =>
      accountBody({ externalId: 'SECOND', user: userPart({ externalId: 'CU-2', email: 'two@acme.example' }), ...over })
    const shape = expectProblem(
      await t.call('POST', ACCOUNTS, {
        body: body({
          address: addressPart({ externalId: 'OTHER', country: 'France', shipping: false, billing: false }),
        }),
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(shape.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['address.country']))
    const taken = expectProblem(await t.call('POST', ACCOUNTS, { body: body({}) }), 409, 'ALREADY_EXISTS')
    expect(taken.errors).toEqual([expect.objectContaining({ field: 'address.externalId', code: 'DUPLICATE' })])
    // The account itself refused, with a user and an address that would pass.
    const account = expectProblem(
      await t.call('POST', ACCOUNTS, {
        body: body({ externalId: 'FIRST', address: addressPart({ externalId: 'OTHER' }) }),
      }),
      409,
      'ALREADY_EXISTS',
    )
    expect(account.errors![0].field).toBe('externalId')
    expectProblem(
      await t.call('POST', ACCOUNTS, {
        body: body({ customerTagIds: ['tag_404'], address: addressPart({ externalId: 'OTHER' }) }),
      }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(t.snapshot()).toBe(before)
    expect(await outbox()).toEqual([])
  })

  it('A2 shape errors in the user → 400 naming user.<field>; a password or accountIds cannot be given there', async () => {
    const before = t.snapshot()
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not-an-email' }, 'user.email'],
      [{ civility: 'DR' }, 'user.civility'],
      [{ firstName: '' }, 'user.firstName'],
      [{ phone: 'call me' }, 'user.phone'],
      [{ externalId: 'with space' }, 'user.externalId'],
      [{ groups: [] }, 'user.groups'],
      [{ groups: ['Admin'] }, 'user.groups[0]'],
      [{ password: 'Sunny-Day-42' }, 'user.password'],
      [{ accountIds: ['acc_1'] }, 'user.accountIds'],
      [{ lastName: undefined }, 'user.lastName'],
    ]
    for (const [over, name] of cases) {
      const p = expectProblem(
        await t.call('POST', ACCOUNTS, { body: accountBody({ user: userPart(over) }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(
        p.errors!.map((e) => e.field),
        JSON.stringify(over),
      ).toContain(name)
    }
    expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ user: [userPart()] }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(t.snapshot()).toBe(before)
  })

  it('A2 U9 the first user follows the settings: inactive or on hold → "account-being-prepared", activated later → "account-activated"', async () => {
    await ok('PATCH', '/v1/settings', { customerActiveOnCreation: false, customerOnHoldOnCreation: true })
    const account = await ok('POST', ACCOUNTS, accountBody())
    const [user] = await usersOf(account.id)
    expect(user).toMatchObject({ status: 'INACTIVE', onHold: true })
    expect((await outbox()).map((m) => m.template)).toEqual(['account-being-prepared'])
    await ok('PATCH', `${USERS}/${user.id}`, { status: 'ACTIVE', onHold: false })
    expect((await outbox()).map((m) => m.template)).toEqual(['account-activated', 'account-being-prepared'])
  })

  it('A2 A3 with approval on, the account waits and its user cannot log in until it is approved', async () => {
    await ok('PATCH', '/v1/settings', { customerAccountApproval: true })
    const account = await ok('POST', ACCOUNTS, accountBody())
    expect(account.status).toBe('WAITING_APPROVAL')
    const password = (await outbox())[0].data.initialPassword
    expectProblem(await login('jane.doe@acme.example', password), 403, 'LOGIN_NOT_ALLOWED')
    await ok('POST', `${ACCOUNTS}/${account.id}/approve`)
    expect((await login('jane.doe@acme.example', password)).status).toBe(200)
  })

  it('A2 user and address are create only: a PUT carrying them → 422 naming each, nothing changes', async () => {
    const account = await ok('POST', ACCOUNTS, accountBody())
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${account.id}`, { body: accountBody() }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['user', 'address'])
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${account.id}`, { body: accountBody({ address: undefined }) }),
      422,
      'RULE_VIOLATION',
    )
    expect(t.snapshot()).toBe(before)
    expect(
      (
        await t.call('PUT', `${ACCOUNTS}/${account.id}`, {
          body: accountBody({ user: undefined, address: undefined, name: 'ACME Renamed' }),
        })
      ).status,
    ).toBe(200)
    expect((await ok('GET', `${ACCOUNTS}/${account.id}`)).addresses).toHaveLength(1)
  })

  it('A2 an Idempotency-Key replays the creation without a second user or message', async () => {
    const headers = { 'idempotency-key': 'acme-signup' }
    const first = await t.call('POST', ACCOUNTS, { headers, body: accountBody() })
    const again = await t.call('POST', ACCOUNTS, { headers, body: accountBody() })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(t.app.db.customerUsers.size).toBe(1)
    expect(await outbox()).toHaveLength(1)
  })
})
