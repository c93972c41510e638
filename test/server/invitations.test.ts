/**
 * SS3: invitations. A FOC_Admin (storefront) or an operator (back office) invites an email into an account; the
 * invitee accepts with the token of the outbox message and logs in. In-process, on a test clock.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { databaseShapeProblem } from '../../mock-server/db.js'
import { type TestApp, expectProblem, testApp } from '../helpers.js'
import { PASSWORD, login, makeAccount, makeOrg, makeUser, requestToken } from './customer-fixtures.js'

const DAY = 24 * 60 * 60 * 1000
const ACCEPT = { civility: 'MRS', firstName: 'Jane', lastName: 'Doe', phone: '+33 6 12 34 56 78', password: PASSWORD }
const anonymous = { as: null, headers: { 'dj-client': 'ACCOUNT' } } as const

let now: number
let t: TestApp
let acme: { id: string }
let other: { id: string }
beforeEach(async () => {
  now = Date.parse('2026-12-01T09:00:00.000Z')
  t = await testApp({ passwordIterations: 1000, clock: () => new Date(now) })
  acme = await makeAccount(t, 'ACME')
  other = await makeAccount(t, 'OTHER')
  await makeUser(t, { externalId: 'ADMIN', accountIds: [acme.id], groups: ['FOC_Admin'] })
  await makeUser(t, { externalId: 'BUYER', accountIds: [acme.id], groups: ['FOC_User'] })
  await makeUser(t, { externalId: 'ELSEWHERE', accountIds: [other.id], groups: ['FOC_Admin'] })
})

/** The token of the newest `invitation` message to `email`, read as the stored outbox holds it. */
const tokenFor = (email: string) =>
  [...t.app.db.notifications.values()].filter((n) => n.template === 'invitation' && n.to === email).at(-1)?.data.token
const accept = (token: string | undefined, body: Record<string, unknown> = ACCEPT) =>
  t.call('POST', '/auth/invitations/accept', { ...anonymous, body: { token, ...body } })

describe('SS3 invitations', () => {
  it('SS3 a FOC_Admin invites a colleague, who accepts with the outbox token and logs in at once', async () => {
    const aero = await makeOrg(t, { externalId: 'AERO', accountId: acme.id })
    const admin = await login(t, 'admin@example.com')
    const r = await admin.call('POST', '/v1/shop/invitations', {
      body: { email: 'Jane.Doe@acme.example', groups: ['FOC_User'], organisationIds: [aero.id] },
    })
    expect(r.status).toBe(201)
    const adminId = t.app.db.customerUsers.findBy('email', 'admin@example.com')!.id
    expect(r.body).toMatchObject({
      email: 'Jane.Doe@acme.example',
      accountId: acme.id,
      organisationIds: [aero.id],
      groups: ['FOC_User'],
      status: 'PENDING',
      invitedBy: `customer-user:${adminId}`,
      customerUserId: null,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 7 * DAY).toISOString(),
    })
    expect(JSON.stringify(r.body)).not.toMatch(/hash|token/i)
    const token = tokenFor('Jane.Doe@acme.example')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 bits
    // R5: stored only as a hash.
    expect(JSON.stringify(t.app.db.invitations.toJSON())).not.toContain(token)

    const accepted = await accept(token)
    expect(accepted.status).toBe(201)
    const user = t.app.db.customerUsers.get(accepted.body.customerUserId)!
    expect(accepted.body).toEqual({ customerUserId: user.id, email: 'Jane.Doe@acme.example', accountId: acme.id })
    expect(user).toMatchObject({
      externalId: user.id, // U14
      firstName: 'Jane',
      lastName: 'Doe',
      accountIds: [acme.id],
      organisationIds: [aero.id],
      mainOrganisationId: aero.id,
      status: 'ACTIVE',
      onHold: false,
    })
    const jane = await login(t, 'jane.doe@acme.example')
    const me = await jane.call('GET', '/v1/authenticated-user')
    expect(me.body).toMatchObject({ email: 'Jane.Doe@acme.example', groups: ['FOC_User'], currentAccountId: acme.id })

    // R5: the outbox copy of the token is gone once used; the invitation is ACCEPTED and audited.
    const message = [...t.app.db.notifications.values()].find((n) => n.template === 'invitation')!
    expect(message.data.token).toBeUndefined()
    expect(message.data.tokenDeliveredAt).toBe(new Date(now).toISOString())
    const shown = await admin.call('GET', '/v1/shop/invitations')
    expect(shown.body.content).toMatchObject([{ status: 'ACCEPTED', customerUserId: user.id }])
    const audit = await t.call('GET', `/v1/audit-events?entity=invitation&ids=${r.body.id}`)
    expect(audit.body.content.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`).sort()).toEqual([
      'accept system',
      `create customer-user:${adminId}`,
    ])
    // The same token again: refused, nothing more made.
    expectProblem(await accept(token), 401, 'UNAUTHENTICATED')
    expect(t.app.db.customerUsers.size).toBe(4)
  })

  it('SS3 a FOC_Admin may grant FOC_Admin; a FOC_User may not invite at all (403)', async () => {
    const admin = await login(t, 'admin@example.com')
    const r = await admin.call('POST', '/v1/shop/invitations', {
      body: { email: 'boss@acme.example', groups: ['FOC_Admin'] },
    })
    expect(r.status).toBe(201)
    await accept(tokenFor('boss@acme.example'))
    const boss = await login(t, 'boss@acme.example')
    expect((await boss.call('GET', '/v1/shop/customer-users')).status).toBe(200)

    const buyer = await login(t, 'buyer@example.com')
    const before = t.snapshot()
    expectProblem(
      await buyer.call('POST', '/v1/shop/invitations', { body: { email: 'x@acme.example', groups: ['FOC_User'] } }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await buyer.call('GET', '/v1/shop/invitations'), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
  })

  it("SS3 another account's organisation is answered as an unknown one, and nothing is stored", async () => {
    const foreign = await makeOrg(t, { externalId: 'FOREIGN', accountId: other.id })
    const admin = await login(t, 'admin@example.com')
    const before = t.snapshot()
    const invite = (id: string) =>
      admin.call('POST', '/v1/shop/invitations', {
        body: { email: 'jane@acme.example', groups: ['FOC_User'], organisationIds: [id] },
      })
    const theirs = expectProblem(await invite(foreign.id), 422, 'UNKNOWN_REFERENCE')
    const none = expectProblem(await invite('org_9999999999'), 422, 'UNKNOWN_REFERENCE')
    expect(theirs.errors).toEqual([
      { field: 'organisationIds[0]', code: 'UNKNOWN_REFERENCE', message: `no organisation "${foreign.id}"` },
    ])
    expect(none.errors?.map((e) => [e.field, e.code])).toEqual([['organisationIds[0]', 'UNKNOWN_REFERENCE']])
    expect(t.snapshot()).toBe(before)
  })

  it('SS3 used, revoked, expired, superseded and unknown tokens all get the same 401', async () => {
    let admin = await login(t, 'admin@example.com')
    const invite = async (email: string) => {
      const r = await admin.call('POST', '/v1/shop/invitations', { body: { email, groups: ['FOC_User'] } })
      expect(r.status).toBe(201)
      return { id: r.body.id as string, token: tokenFor(email)! }
    }
    const expired = await invite('expired@acme.example')
    now += DAY // the others are a day younger: still live when this one expires
    admin = await login(t, 'admin@example.com')
    const used = await invite('used@acme.example')
    expect((await accept(used.token)).status).toBe(201)
    const revoked = await invite('revoked@acme.example')
    const rv = await admin.call('POST', `/v1/shop/invitations/${revoked.id}/revoke`)
    expect(rv.body.status).toBe('REVOKED')
    const resent = await invite('resent@acme.example')
    expect((await admin.call('POST', `/v1/shop/invitations/${resent.id}/resend`)).status).toBe(200)
    now += 6 * DAY

    const answers = []
    for (const token of [used.token, revoked.token, resent.token, expired.token, 'no-such-token']) {
      const r = await accept(token)
      answers.push(expectProblem(r, 401, 'UNAUTHENTICATED'))
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
    expect(answers[0].errors).toEqual([{ field: 'token', code: 'INVALID', message: 'is not a live invitation token' }])
    expect([...t.app.db.customerUsers.values()].map((u) => u.email)).not.toContain('revoked@acme.example')
    // The expired one reads EXPIRED, its token gone from the outbox (a new login: days went by).
    const list = await (await login(t, 'admin@example.com')).call('GET', '/v1/shop/invitations?status=EXPIRED')
    expect(list.body.content.map((i: { email: string }) => i.email)).toEqual(['expired@acme.example'])
    expect(tokenFor('expired@acme.example')).toBeUndefined()
  })

  it('SS3 resend: a new token in a new message with a new expiry; the old token dies and leaves the outbox', async () => {
    const admin = await login(t, 'admin@example.com')
    const r = await admin.call('POST', '/v1/shop/invitations', {
      body: { email: 'jane@acme.example', groups: ['FOC_User'] },
    })
    const first = tokenFor('jane@acme.example')!
    now += 6 * DAY
    const later = await login(t, 'admin@example.com') // the first session expired meanwhile
    const again = await later.call('POST', `/v1/shop/invitations/${r.body.id}/resend`)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ status: 'PENDING', expiresAt: new Date(now + 7 * DAY).toISOString() })
    const messages = [...t.app.db.notifications.values()].filter((n) => n.template === 'invitation')
    expect(messages).toHaveLength(2)
    expect(messages[0].data.token).toBeUndefined() // R5: the dead token is not kept
    const second = messages[1].data.token
    expect(second).toBeTruthy()
    expect(second).not.toBe(first)
    expectProblem(await accept(first), 401, 'UNAUTHENTICATED')
    now += 2 * DAY // past the first expiry, within the second
    expect((await accept(second)).status).toBe(201)
    // Accepted: neither resend nor revoke any more.
    const last = await login(t, 'admin@example.com')
    expectProblem(await last.call('POST', `/v1/shop/invitations/${r.body.id}/resend`), 409, 'INVALID_STATE')
    expectProblem(await last.call('POST', `/v1/shop/invitations/${r.body.id}/revoke`), 409, 'INVALID_STATE')
  })

  it("SS3 the storefront lists, resends and revokes only the current account's invitations", async () => {
    const mine = await (await login(t, 'admin@example.com')).call('POST', '/v1/shop/invitations', {
      body: { email: 'a@acme.example', groups: ['FOC_User'] },
    })
    const elsewhere = await login(t, 'elsewhere@example.com')
    const theirs = await elsewhere.call('POST', '/v1/shop/invitations', {
      body: { email: 'b@other.example', groups: ['FOC_User'] },
    })
    expect(theirs.status).toBe(201)
    const list = await elsewhere.call('GET', '/v1/shop/invitations')
    expect(list.body.content.map((i: { email: string }) => i.email)).toEqual(['b@other.example'])
    const before = t.snapshot()
    expectProblem(await elsewhere.call('POST', `/v1/shop/invitations/${mine.body.id}/revoke`), 404, 'NOT_FOUND')
    expectProblem(await elsewhere.call('POST', `/v1/shop/invitations/${mine.body.id}/resend`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
    // Back office: every account, filtered by account.
    const all = await t.call('GET', '/v1/invitations', { as: 'reader' })
    expect(all.body.totalElements).toBe(2)
    const acmeOnly = await t.call('GET', `/v1/invitations?accountIds=${acme.id}`, { as: 'reader' })
    expect(acmeOnly.body.content.map((i: { id: string }) => i.id)).toEqual([mine.body.id])
  })

  it('SS3 operators (User level) invite into any account and organisation, resend and revoke; Readers only read', async () => {
    const foreign = await makeOrg(t, { externalId: 'FOREIGN', accountId: other.id })
    const body = {
      email: 'ops@other.example',
      accountId: other.id,
      groups: ['FOC_Admin'],
      organisationIds: [foreign.id],
    }
    expectProblem(await t.call('POST', '/v1/invitations', { as: 'reader', body }), 403, 'FORBIDDEN')
    const r = await t.call('POST', '/v1/invitations', { as: 'user', body })
    expect(r.status).toBe(201)
    const opId = t.app.db.operators.findBy('externalId', 'test-user')!.id
    expect(r.body).toMatchObject({
      invitedBy: `operator:${opId}`,
      organisationIds: [foreign.id],
      groups: ['FOC_Admin'],
    })
    expect((await t.call('GET', `/v1/invitations/${r.body.id}`, { as: 'reader' })).body.status).toBe('PENDING')
    // Organisations must be the account's (U3), accounts must exist.
    const acmeOrg = await makeOrg(t, { externalId: 'ACME-ORG', accountId: acme.id })
    const wrong = await t.call('POST', '/v1/invitations', {
      as: 'user',
      body: { ...body, email: 'x@other.example', organisationIds: [acmeOrg.id] },
    })
    expect(expectProblem(wrong, 422, 'RULE_VIOLATION').errors?.[0].field).toBe('organisationIds[0]')
    const noAccount = await t.call('POST', '/v1/invitations', {
      as: 'user',
      body: { ...body, accountId: 'acc_9999999999' },
    })
    expect(expectProblem(noAccount, 422, 'UNKNOWN_REFERENCE').errors?.[0].field).toBe('accountId')
    const revoked = await t.call('POST', `/v1/invitations/${r.body.id}/revoke`, { as: 'user' })
    expect(revoked.body.status).toBe('REVOKED')
    expectProblem(await t.call('POST', `/v1/invitations/${r.body.id}/resend`, { as: 'user' }), 409, 'INVALID_STATE')
    const audit = await t.call('GET', `/v1/audit-events?entity=invitation&ids=${r.body.id}`)
    expect(audit.body.content.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'revoke'])
  })

  it('SS3 an email already in the account, or already invited there, is a 409 on email', async () => {
    const admin = await login(t, 'admin@example.com')
    const member = await admin.call('POST', '/v1/shop/invitations', {
      body: { email: 'BUYER@example.com', groups: ['FOC_User'] },
    })
    expect(expectProblem(member, 409, 'ALREADY_EXISTS').errors?.[0]).toMatchObject({
      field: 'email',
      code: 'DUPLICATE',
    })
    await admin.call('POST', '/v1/shop/invitations', { body: { email: 'jane@acme.example', groups: ['FOC_User'] } })
    const twice = await admin.call('POST', '/v1/shop/invitations', {
      body: { email: 'JANE@acme.example', groups: ['FOC_User'] },
    })
    expect(expectProblem(twice, 409, 'ALREADY_EXISTS').errors?.[0].field).toBe('email')
  })

  it("SS3 inviting another customer's email gives no hint; accepting it is refused and makes nothing", async () => {
    const admin = await login(t, 'admin@example.com')
    // ELSEWHERE belongs to another account: the invitation is made as for anybody (SS5: no hint to the inviter).
    const r = await admin.call('POST', '/v1/shop/invitations', {
      body: { email: 'elsewhere@example.com', groups: ['FOC_User'] },
    })
    expect(r.status).toBe(201)
    const before = t.app.db.customerUsers.toJSON()
    const refused = await accept(tokenFor('elsewhere@example.com'))
    expect(expectProblem(refused, 409, 'ALREADY_EXISTS').errors?.[0].field).toBe('token')
    expect(t.app.db.customerUsers.toJSON()).toEqual(before)
    // Their own password still logs in, in their own account only.
    const them = await login(t, 'elsewhere@example.com')
    expect((await them.call('GET', '/v1/authenticated-user')).body.accountIds).toEqual([other.id])
  })

  it('SS3 U5 a weak password is a 400 naming password; nothing is made and the token still works', async () => {
    const admin = await login(t, 'admin@example.com')
    await admin.call('POST', '/v1/shop/invitations', { body: { email: 'jane@acme.example', groups: ['FOC_User'] } })
    const token = tokenFor('jane@acme.example')
    const before = t.snapshot()
    const weak = await accept(token, { ...ACCEPT, password: 'short' })
    expect(expectProblem(weak, 400, 'VALIDATION_FAILED').errors?.map((e) => e.field)).toEqual(['password'])
    expect(t.snapshot()).toBe(before)
    expectProblem(
      await t.call('POST', '/auth/invitations/accept', {
        as: null,
        headers: { 'dj-client': 'OPERATOR' },
        body: { token, ...ACCEPT },
      }),
      403,
      'WRONG_CLIENT',
    )
    expect((await accept(token)).status).toBe(201)
    expect((await requestToken(t, 'jane@acme.example', PASSWORD)).status).toBe(200)
  })

  it('SS3 R5 the token leaves the outbox once an Admin has read it (delivered)', async () => {
    const admin = await login(t, 'admin@example.com')
    await admin.call('POST', '/v1/shop/invitations', { body: { email: 'jane@acme.example', groups: ['FOC_User'] } })
    const first = await t.call('GET', '/v1/notifications?template=invitation')
    const [message] = first.body.content
    expect(message).toMatchObject({ to: 'jane@acme.example', customerUserId: null, template: 'invitation' })
    expect(message.data.token).toBeTruthy()
    const second = await t.call('GET', '/v1/notifications?template=invitation')
    expect(second.body.content[0].data.token).toBeUndefined()
    expect(second.body.content[0].data.tokenDeliveredAt).toBe(new Date(now).toISOString())
    expect(JSON.stringify(t.app.db.toJSON())).not.toContain(message.data.token)
    expect((await accept(message.data.token)).status).toBe(201) // delivered, still valid
  })

  it('SS3 R2 a data file saved before invitations loads; a malformed invitations list is refused', () => {
    const { invitations: _, ...old } = t.app.db.toJSON()
    expect(databaseShapeProblem(old)).toBeNull()
    expect(databaseShapeProblem({ ...old, invitations: {} })).toBe('has "invitations" as object, not a list')
  })
})

describe('SS3 R7 accept throttling', () => {
  it('SS3 R7 refused tokens from one address lock it (429, Retry-After, audited), the right token included', async () => {
    now = Date.parse('2026-12-01T09:00:00.000Z')
    t = await testApp({ passwordIterations: 1000, clock: () => new Date(now), clientAddress: () => '203.0.113.9' })
    expect((await t.call('PATCH', '/v1/settings', { body: { loginMaxFailuresPerAddress: 3 } })).status).toBe(200)
    const account = await makeAccount(t, 'ACME')
    const r = await t.call('POST', '/v1/invitations', {
      body: { email: 'jane@acme.example', accountId: account.id, groups: ['FOC_User'] },
    })
    const token = tokenFor('jane@acme.example')
    expect(r.status).toBe(201)
    for (let i = 0; i < 3; i++) expectProblem(await accept(`wrong-${i}`), 401, 'UNAUTHENTICATED')
    const locked = await accept(token)
    expectProblem(locked, 429, 'TOO_MANY_REQUESTS')
    expect(locked.headers.get('retry-after')).toBe('60')
    expect(t.app.db.customerUsers.size).toBe(0)
    const audit = await t.call('GET', '/v1/audit-events?action=invitation-accept-locked')
    expect(audit.body.content).toMatchObject([{ id: 'address:203.0.113.9', actor: 'system' }])
    now += 61_000
    expect((await accept(token)).status).toBe(201)
  })
})
