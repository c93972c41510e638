/**
 * R5: no secret at rest or shown twice. API keys and tokens are shown once and kept hashed; an Idempotency-Key
 * replay never shows them again; a password somebody chose never reaches the outbox; a generated one leaves it once
 * delivered or used. The last test makes secrets every way the API can and looks for each of them in the data file
 * and in every list the API answers.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../spec/index.js'
import { JSONFileStore } from '../../mock-server/storage/json-file.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { login, makeAccount, makeUser, operatorId, requestToken, shopCaller } from './customer-fixtures.js'
import { codeOf, exchangeCode, makeStore, setSupport } from './assisted-fixtures.js'

const fast = () => testApp({ passwordIterations: 1000 })
const outbox = async (t: TestApp, userId: string) =>
  (await t.call('GET', `/v1/notifications?customerUserIds=${userId}`)).body.content as {
    template: string
    data: Record<string, string>
  }[]
const saved = (t: TestApp) => JSON.stringify(t.app.db.toJSON())

describe('R5 secrets are shown once', () => {
  it('R5 an Idempotency-Key replay of a new API key answers 409 SECRET_NOT_REPLAYED with the Location of the key, never the key; nothing keeps it', async () => {
    const t = await fast()
    const path = `/v1/operator-users/${operatorId(t, 'test-user')}/api-keys`
    const headers = { 'idempotency-key': 'key-1' }
    const keysBefore = (await t.call('GET', path)).body.length
    const first = await t.call('POST', path, { headers, body: { name: 'ERP' } })
    expect(first.status).toBe(201)
    const secret: string = first.body.key
    const again = await t.call('POST', path, { headers, body: { name: 'ERP' } })
    const problem = expectProblem(again, 409, 'SECRET_NOT_REPLAYED')
    expect(JSON.stringify(again.body)).not.toContain(secret)
    expect(problem.detail).toMatch(/shown only once/)
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    // Still one key, and neither the data nor the replay cache holds it.
    expect((await t.call('GET', path)).body).toHaveLength(keysBefore + 1)
    expect(saved(t)).not.toContain(secret)
    // Revoked since: still nothing to replay.
    expect((await t.call('DELETE', `${path}/${first.body.id}`)).status).toBe(204)
    expectProblem(await t.call('POST', path, { headers, body: { name: 'ERP' } }), 409, 'SECRET_NOT_REPLAYED')
  })

  it('R5 an Idempotency-Key replay of an assisted session answers 409 SECRET_NOT_REPLAYED, never the code', async () => {
    const t = await fast()
    const acme = await makeAccount(t, 'ACME')
    await makeStore(t, 'FR', 'https://shop.example.com/')
    await setSupport(t, 'test-admin', true)
    const u = await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id] })
    const headers = { 'idempotency-key': 'assist-1' }
    const path = `/v1/customer-users/${u.id}/assisted-session`
    const first = await t.call('POST', path, { headers })
    expect(first.status).toBe(201)
    const code = codeOf(first.body.url)
    const again = await t.call('POST', path, { headers })
    expectProblem(again, 409, 'SECRET_NOT_REPLAYED')
    expect(JSON.stringify(again.body)).not.toContain(code)
    expect(saved(t)).not.toContain(code)
    // The first code works: the refusal did not open or end a session.
    const exchanged = await exchangeCode(t, code)
    expect(exchanged.status).toBe(200)
    expect(saved(t)).not.toContain(exchanged.body.accessToken)
    expect((await shopCaller(t, exchanged.body.accessToken).call('GET', '/v1/authenticated-user')).status).toBe(200)
  })

  it('R5 a generated initial password is shown once: the first read of the outbox shows it, later reads and the data do not', async () => {
    const t = await fast()
    const acme = await makeAccount(t, 'ACME')
    const u = await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id], password: undefined })
    const [first] = await outbox(t, u.id)
    const password = first.data.initialPassword
    expect(password).toMatch(/^\S{16}$/)
    const [second] = await outbox(t, u.id)
    expect(second.template).toBe('welcome')
    expect(second.data.initialPassword).toBeUndefined()
    expect(second.data.passwordDeliveredAt).toEqual(expect.any(String))
    expect(saved(t)).not.toContain(password)
    // It was delivered, not lost: it logs in.
    expect((await requestToken(t, u.email, password)).status).toBe(200)
  })

  it('R5 a generated initial password leaves the outbox at the first login, even if nobody read the outbox', async () => {
    const t = await fast()
    const acme = await makeAccount(t, 'ACME')
    const u = await makeUser(t, { externalId: 'CU-1', accountIds: [acme.id], password: undefined })
    const pending = t.app.db.notifications.findBy('pendingPassword', u.id)!
    const password = pending.data.initialPassword
    await login(t, u.email, password)
    expect(saved(t)).not.toContain(password)
    const [message] = await outbox(t, u.id)
    expect(message.data).toEqual({ passwordDeliveredAt: expect.any(String) })
  })
})

describe('R5 no secret at rest', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('R5 every secret made through the API (keys, tokens, chosen and generated passwords, imported passwords) is absent from the data file and from every list route', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dj-secrets-'))
    const store = new JSONFileStore(join(dir, 'data.json'))
    const t = await testApp({ passwordIterations: 1000, store })
    const secrets: string[] = []
    const acme = await makeAccount(t, 'ACME')

    // An API key, made with an Idempotency-Key and replayed.
    const keyPath = `/v1/operator-users/${operatorId(t, 'test-user')}/api-keys`
    const key = await t.call('POST', keyPath, { headers: { 'idempotency-key': 'k' }, body: { name: 'ERP' } })
    secrets.push(key.body.key)
    await t.call('POST', keyPath, { headers: { 'idempotency-key': 'k' }, body: { name: 'ERP' } })
    // A chosen password, a generated one (delivered), a login token and an assisted-session token.
    const chosen = 'Chosen-Secret-77'
    secrets.push(chosen)
    const alice = await makeUser(t, { externalId: 'ALICE', accountIds: [acme.id], password: chosen })
    const bob = await makeUser(t, { externalId: 'BOB', accountIds: [acme.id], password: undefined })
    const generated = (await outbox(t, bob.id))[0].data.initialPassword
    secrets.push(generated)
    const shop = await login(t, alice.email, chosen)
    secrets.push(shop.token)
    // U15: an assisted session's one-time code (one exchanged, one not) and the token it was exchanged for.
    await makeStore(t, 'FR', 'https://shop.example.com/')
    await setSupport(t, 'test-admin', true)
    expect((await t.call('PATCH', `/v1/customer-users/${bob.id}`, { body: { storeIds: ['FR'] } })).status).toBe(200)
    for (const key of ['a', 'b']) {
      const assisted = await t.call('POST', `/v1/customer-users/${bob.id}/assisted-session`, {
        headers: { 'idempotency-key': key },
      })
      expect(assisted.status).toBe(201)
      secrets.push(codeOf(assisted.body.url))
    }
    const exchanged = await exchangeCode(t, secrets.at(-1)!)
    expect(exchanged.status).toBe(200)
    secrets.push(exchanged.body.accessToken)
    // A password changed by PATCH, and passwords given in an import (the JSON rows path).
    const changed = 'Changed-Secret-88'
    secrets.push(changed)
    expect((await t.call('PATCH', `/v1/customer-users/${alice.id}`, { body: { password: changed } })).status).toBe(200)
    const imported = 'Imported-Secret-99'
    secrets.push(imported)
    const row = { civility: 'MR', firstName: 'I', lastName: 'I', phone: '0612345678', groups: ['FOC_User'] }
    const job = await t.call('POST', '/v1/import-jobs', {
      body: {
        type: 'CUSTOMER_USER',
        rows: [
          { ...row, externalId: 'IMP-1', email: 'imp-1@example.com', accountIds: ['ACME'], password: imported },
          // Fails (unknown account): its cells are kept for the report, its password must not be.
          { ...row, externalId: 'IMP-2', email: 'imp-2@example.com', accountIds: ['NOPE'], password: imported },
        ],
      },
    })
    expect(job.status).toBe(202)
    await t.app.settled()
    // SS1–SS3: a registration's chosen password, a password-reset token (used) and an invitation token (delivered).
    await t.call('PATCH', '/v1/settings', { body: { customerSelfRegistration: true } })
    const anonymous = { as: null, headers: { 'dj-client': 'ACCOUNT' } } as const
    const registered = 'Registered-Secret-55'
    secrets.push(registered)
    const registration = await t.call('POST', '/auth/register', {
      ...anonymous,
      body: {
        name: 'Wayne',
        companyRegistrationName: 'Wayne SAS',
        businessRegistrationNumber: '552 100 554',
        user: {
          civility: 'MR',
          firstName: 'B',
          lastName: 'W',
          email: 'b@wayne.example',
          phone: '0612345678',
          password: registered,
        },
      },
    })
    expect(registration.status).toBe(202)
    expect((await t.call('POST', '/auth/password-reset', { ...anonymous, body: { email: alice.email } })).status).toBe(
      202,
    )
    const resetToken = (await t.call('GET', '/v1/notifications?template=password-reset')).body.content[0].data.token
    secrets.push(resetToken)
    const resetTo = 'Reset-Secret-66'
    secrets.push(resetTo)
    const confirm = await t.call('POST', '/auth/password-reset/confirm', {
      ...anonymous,
      body: { token: resetToken, password: resetTo },
    })
    expect(confirm.status).toBe(204)
    const invitation = await t.call('POST', '/v1/invitations', {
      as: 'user',
      body: { email: 'nina@acme.example', accountId: acme.id, groups: ['FOC_User'] },
    })
    expect(invitation.status).toBe(201)
    const invitationToken = (await t.call('GET', '/v1/notifications?template=invitation')).body.content[0].data.token
    secrets.push(invitationToken)
    await t.app.commit()

    const file = await readFile(join(dir, 'data.json'), 'utf8')
    const lists: string[] = []
    const document = buildOpenApiDocument() as {
      paths: Record<string, { get?: { security?: Record<string, unknown>[] } }>
    }
    for (const [path, item] of Object.entries(document.paths)) {
      if (!item.get || path.includes('{')) continue
      const r = item.get.security?.some((s) => 'customerToken' in s)
        ? await shop.call('GET', path)
        : await t.call('GET', `${path}${path.startsWith('/v1/') ? '?size=1000' : ''}`)
      lists.push(`${path} ${r.status} ${JSON.stringify(r.body)}`)
    }
    // The job, its failed rows and its report, as a Reader sees them.
    const jobId = job.body.id
    for (const p of [`/v1/import-jobs/${jobId}`, `/v1/import-jobs/${jobId}/report`]) {
      const r = await t.call('GET', p, { as: 'reader' })
      expect(r.status, p).toBe(200)
      lists.push(`${p} ${JSON.stringify(r.body)}`)
    }
    expect(lists.length).toBeGreaterThan(10)
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(12)
      expect(file.includes(secret), `the data file holds ${secret}`).toBe(false)
      for (const answer of lists) expect(answer.includes(secret), answer.slice(0, 120)).toBe(false)
    }
    await t.app.close()
  })
})

describe('§2 Idempotency-Key scope', () => {
  it('§2 the same Idempotency-Key on another query (dryRun=true, then false) is 422 IDEMPOTENCY_KEY_REUSED and imports nothing', async () => {
    const t = await fast()
    await makeAccount(t, 'ACME')
    const file =
      'externalId;civility;firstName;lastName;email;phone;groups;accountIds\r\nCU-1;MR;A;B;cu-1@example.com;0612345678;FOC_User;ACME\r\n'
    const headers = { 'idempotency-key': 'import-1', 'content-type': 'text/csv' }
    const post = (query: string) => t.call('POST', `/v1/import-jobs?type=CUSTOMER_USER${query}`, { headers, raw: file })
    const dry = await post('&dryRun=true')
    expect(dry.status, JSON.stringify(dry.body)).toBe(202)
    await t.app.settled()
    const problem = expectProblem(await post('&dryRun=false'), 422, 'IDEMPOTENCY_KEY_REUSED')
    expect(problem.detail).toMatch(/another request/)
    await t.app.settled()
    expect(t.app.db.customerUsers.findBy('externalId', 'CU-1')).toBeUndefined()
    // The same key on another path is another request too; a new key works.
    const tag = { externalId: 't', name: 'T' }
    expectProblem(
      await t.call('POST', '/v1/customer-tags', { headers: { 'idempotency-key': 'import-1' }, body: tag }),
      422,
    )
    const again = await t.call('POST', '/v1/import-jobs?type=CUSTOMER_USER', {
      headers: { ...headers, 'idempotency-key': 'import-2' },
      raw: file,
    })
    expect(again.status).toBe(202)
    await t.app.settled()
    expect(t.app.db.customerUsers.findBy('externalId', 'CU-1')).toBeDefined()
  })
})
