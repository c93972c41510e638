/**
 * Customer accounts (docs/rules.md A1, A3, A4, A5, A8) and their audit trail (N2), through HTTP against the
 * in-process reference app. Tag rules (A6, A7) live in tags.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

let t: TestApp
beforeEach(async () => {
  // Customer users hash their password: fewer PBKDF2 iterations keep the file fast (the rules do not depend on it).
  t = await testApp({ passwordIterations: 1000 })
})

const ACCOUNTS = '/v1/customer-accounts'

const accountBody = (over: Record<string, unknown> = {}) => ({
  externalId: 'ACME',
  name: 'ACME Industries',
  companyRegistrationName: 'ACME Industries SAS',
  businessRegistrationNumber: '552 100 554',
  ...over,
})

async function createAccount(over: Record<string, unknown> = {}) {
  const r = await t.call('POST', ACCOUNTS, { body: accountBody(over) })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}

async function createTag(externalId: string, name = externalId) {
  const r = await t.call('POST', '/v1/customer-tags', { body: { externalId, name } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}

const addressBody = (over: Record<string, unknown> = {}) => ({
  externalId: 'ACME-HQ',
  label: 'Head office',
  fullName: 'ACME Industries',
  address: '12 rue de la Paix',
  city: 'Paris',
  zipCode: '75002',
  country: 'FR',
  shipping: true,
  billing: true,
  isDefault: false,
  ...over,
})

async function addAddress(accountId: string, over: Record<string, unknown> = {}) {
  const r = await t.call('POST', `${ACCOUNTS}/${accountId}/addresses`, { body: addressBody(over) })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}

const legalUserBody = (over: Record<string, unknown> = {}) => ({
  firstName: 'Jeanne',
  lastName: 'Durand',
  birthday: '1980-04-12',
  nationality: 'FR',
  countryOfResidence: 'FR',
  email: 'jeanne.durand@acme.example',
  ...over,
})

const operatorId = (externalId: 'test-admin' | 'test-user' | 'test-reader') =>
  t.app.db.operators.findBy('externalId', externalId)!.id

/** A customer user of `accountIds`, made through the API (U1–U10 hold). Returns its id. */
async function seedUser(externalId: string, accountIds: string[]): Promise<string> {
  const r = await t.call('POST', '/v1/customer-users', {
    body: {
      externalId,
      civility: 'MR',
      firstName: 'First',
      lastName: externalId,
      email: `${externalId}@example.com`,
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds,
      password: 'Sunny-Day-42',
    },
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.id
}

async function auditOf(entity: string, id: string) {
  const r = await t.call(
    'GET',
    `/v1/audit-events?entity=${entity}&ids=${encodeURIComponent(id)}&size=1000&sort=seq:asc`,
  )
  expect(r.status).toBe(200)
  return r.body.content as {
    seq: number
    at: string
    actor: string
    action: string
    entity: string
    id: string
    changes: Record<string, { from: unknown; to: unknown }>
  }[]
}

describe('A1 customer accounts', () => {
  it('A1 create without name, externalId, companyRegistrationName, businessRegistrationNumber → 400 naming each field, nothing stored', async () => {
    const before = t.snapshot()
    const r = await t.call('POST', ACCOUNTS, { body: {} })
    const p = expectProblem(r, 400, 'VALIDATION_FAILED')
    for (const field of ['name', 'externalId', 'companyRegistrationName', 'businessRegistrationNumber']) {
      expect(p.errors).toContainEqual(expect.objectContaining({ field, code: 'REQUIRED' }))
    }
    expect(p.errors).toHaveLength(4)
    // Blank text counts as missing too.
    const blank = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ name: '   ', companyRegistrationName: '' }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(blank.errors!.map((e) => e.field).sort()).toEqual(['companyRegistrationName', 'name'])
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', ACCOUNTS)).body.totalElements).toBe(0)
  })

  it('A1 externalId must be letters, digits or _ . : - (accents and spaces → 400 on externalId)', async () => {
    const before = t.snapshot()
    for (const externalId of ['ACMÉ', 'AC ME', ' ACME', 'ACME/FR', '', 'x'.repeat(256)]) {
      const p = expectProblem(
        await t.call('POST', ACCOUNTS, { body: accountBody({ externalId }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(p.errors!.map((e) => e.field)).toEqual(['externalId'])
    }
    expect(t.snapshot()).toBe(before)
    const ok = await t.call('POST', ACCOUNTS, { body: accountBody({ externalId: 'ACME_fr-1.2:3' }) })
    expect(ok.status).toBe(201)
    expect(ok.body.externalId).toBe('ACME_fr-1.2:3')
  })

  it('A1 unknown body fields and malformed JSON → 400, nothing stored', async () => {
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ customerTagNames: ['x'] }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors).toContainEqual(expect.objectContaining({ field: 'customerTagNames', code: 'UNKNOWN_FIELD' }))
    expectProblem(await t.call('POST', ACCOUNTS, { raw: '{"externalId": "ACME",' }), 400, 'MALFORMED_JSON')
    expect(t.snapshot()).toBe(before)
  })

  it('A1 externalId is unique → 409 on create and on update, the holder is unchanged', async () => {
    const acme = await createAccount()
    const other = await createAccount({ externalId: 'GLOBEX', name: 'Globex' })
    const before = t.snapshot()
    const dup = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ name: 'Another' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expect(dup.errors).toEqual([expect.objectContaining({ field: 'externalId', code: 'DUPLICATE' })])
    const dupUpdate = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${other.id}`, { body: accountBody({ name: 'Globex' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expect(dupUpdate.errors).toEqual([expect.objectContaining({ field: 'externalId' })])
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body).toEqual(acme)
    // An account may keep its own externalId on update.
    expect((await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ name: 'Renamed' }) })).status).toBe(200)
  })

  it('A1 unknown customerTagIds and accountManagerId → 422 listing every one, nothing stored', async () => {
    const premium = await createTag('premium', 'Premium')
    const before = t.snapshot()
    const r = await t.call('POST', ACCOUNTS, {
      body: accountBody({ accountManagerId: 'op_nope', customerTagIds: [premium.id, 'tag_missing1', 'tag_missing2'] }),
    })
    const p = expectProblem(r, 422, 'UNKNOWN_REFERENCE')
    expect(p.errors!.map((e) => e.field).sort()).toEqual(['accountManagerId', 'customerTagIds[1]', 'customerTagIds[2]'])
    expect(p.errors!.every((e) => e.code === 'UNKNOWN_REFERENCE')).toBe(true)
    expect(p.detail).toContain('tag_missing1')
    expect(p.detail).toContain('tag_missing2')
    expect(p.detail).toContain('op_nope')
    expect(t.snapshot()).toBe(before)

    const acme = await createAccount()
    const beforeUpdate = t.snapshot()
    const u = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ customerTagIds: ['tag_missing'] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(u.errors!.map((e) => e.field)).toEqual(['customerTagIds[0]'])
    expect(t.snapshot()).toBe(beforeUpdate)
  })

  it("A9 the seed's customerTagList sets the tags on create and on PUT, like customerTagIds; unknown ids are listed under its name", async () => {
    const premium = await createTag('premium')
    const hotel = await createTag('hotel')
    const created = await createAccount({ customerTagList: [premium.id] })
    expect(created.customerTagIds).toEqual([premium.id])
    const put = await t.call('PUT', `${ACCOUNTS}/${created.id}`, {
      body: accountBody({ customerTagList: [hotel.id, premium.id] }),
    })
    expect(put.status).toBe(200)
    expect(put.body.customerTags.map((x: { externalId: string }) => x.externalId)).toEqual(['hotel', 'premium'])
    expect(t.app.db.customerAccounts.get(created.id)!.customerTagIds).toEqual([hotel.id, premium.id])
    // Omitted on PUT: unchanged, as customerTagIds.
    await t.call('PUT', `${ACCOUNTS}/${created.id}`, { body: accountBody({ name: 'ACME Group' }) })
    expect(t.app.db.customerAccounts.get(created.id)!.customerTagIds).toEqual([hotel.id, premium.id])
    const before = t.snapshot()
    const unknown = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${created.id}`, { body: accountBody({ customerTagList: ['tag_nope'] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(unknown.errors!.map((e) => e.field)).toEqual(['customerTagList[0]'])
    // Both names: they must agree.
    const both = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${created.id}`, {
        body: accountBody({ customerTagIds: [premium.id], customerTagList: [hotel.id] }),
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(both.errors!.map((e) => e.field)).toEqual(['customerTagList'])
    expect(t.snapshot()).toBe(before)
    const agreeing = await t.call('PUT', `${ACCOUNTS}/${created.id}`, {
      body: accountBody({ customerTagIds: [premium.id], customerTagList: [premium.id] }),
    })
    expect(agreeing.status).toBe(200)
    expect(agreeing.body.customerTagIds).toEqual([premium.id])
  })

  it('A1 a created account has the documented shape, customerTags [{id, externalId, name}], version 1 and ETag', async () => {
    const premium = await createTag('premium', 'Premium')
    const wholesale = await createTag('wholesale', 'Wholesale')
    const manager = operatorId('test-user')
    const r = await t.call('POST', ACCOUNTS, {
      as: 'user',
      body: accountBody({
        accountManagerId: manager,
        website: 'https://acme.example',
        vatNumber: 'FR40552100554',
        customerTagIds: [premium.id, wholesale.id, premium.id],
        customFields: {},
      }),
    })
    expect(r.status).toBe(201)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    expect(r.headers.get('etag')).toBe('"1"')
    expect(r.body).toEqual({
      id: expect.stringMatching(/^acc_/),
      externalId: 'ACME',
      name: 'ACME Industries',
      accountManagerId: manager,
      website: 'https://acme.example',
      companyRegistrationName: 'ACME Industries SAS',
      businessRegistrationNumber: '552 100 554',
      vatNumber: 'FR40552100554',
      customerTagIds: [premium.id, wholesale.id],
      customerTags: [
        { id: premium.id, externalId: 'premium', name: 'Premium' },
        { id: wholesale.id, externalId: 'wholesale', name: 'Wholesale' },
      ],
      status: 'ACTIVE',
      addresses: [],
      legalUser: null,
      customFields: {},
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(new Date(r.body.createdAt).toISOString()).toBe(r.body.createdAt)
    // Optional fields default to null / none.
    const bare = await createAccount({ externalId: 'BARE' })
    expect(bare).toMatchObject({
      accountManagerId: null,
      website: null,
      vatNumber: null,
      customerTagIds: [],
      customerTags: [],
    })
  })

  it('A1 status cannot be chosen on create (approval decides it) → 422, nothing stored', async () => {
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ status: 'ACTIVE' }) }),
      422,
      'RULE_VIOLATION',
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'status' })])
    expect(t.snapshot()).toBe(before)
  })

  it('A1 a Reader cannot create, update or delete accounts (403); a User can', async () => {
    const acme = await createAccount()
    const before = t.snapshot()
    expectProblem(
      await t.call('POST', ACCOUNTS, { as: 'reader', body: accountBody({ externalId: 'R' }) }),
      403,
      'FORBIDDEN',
    )
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { as: 'reader', body: accountBody({ name: 'x' }) }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}`, { as: 'reader' }), 403, 'FORBIDDEN')
    expectProblem(
      await t.call('POST', ACCOUNTS, { as: null, body: accountBody({ externalId: 'R' }) }),
      401,
      'UNAUTHENTICATED',
    )
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`, { as: 'reader' })).status).toBe(200)
    expect(
      (await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { as: 'user', body: accountBody({ name: 'By user' }) })).status,
    ).toBe(200)
  })

  it('A1 GET by DJUST id, or by external id with ?idType=EXTERNAL_ID; 404 otherwise', async () => {
    const acme = await createAccount({ externalId: 'ACME-FR' })
    const byId = await t.call('GET', `${ACCOUNTS}/${acme.id}`, { as: 'reader' })
    expect(byId.status).toBe(200)
    expect(byId.body).toEqual(acme)
    expect(byId.headers.get('etag')).toBe('"1"')
    const byExt = await t.call('GET', `${ACCOUNTS}/ACME-FR?idType=EXTERNAL_ID`, { as: 'reader' })
    expect(byExt.status).toBe(200)
    expect(byExt.body).toEqual(acme)
    expect(byExt.headers.get('etag')).toBe('"1"')
    expectProblem(await t.call('GET', `${ACCOUNTS}/ACME-FR`), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', `${ACCOUNTS}/${acme.id}?idType=EXTERNAL_ID`), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', `${ACCOUNTS}/acc_9999999999`), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', `${ACCOUNTS}/${acme.id}?idType=NAME`), 400, 'VALIDATION_FAILED')
  })

  it('A1 PUT: omitted optional fields keep their value, null clears them; version and ETag move on', async () => {
    const premium = await createTag('premium', 'Premium')
    const tier = await t.call('POST', '/v1/custom-fields', {
      body: { externalId: 'tier', name: 'Customer tier', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' },
    })
    expect(tier.status, JSON.stringify(tier.body)).toBe(201)
    const manager = operatorId('test-admin')
    const acme = await createAccount({
      accountManagerId: manager,
      website: 'https://acme.example',
      vatNumber: 'FR40552100554',
      customerTagIds: [premium.id],
      customFields: { tier: 'gold' },
    })
    const kept = await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ name: 'ACME Renamed' }) })
    expect(kept.status).toBe(200)
    expect(kept.headers.get('etag')).toBe('"2"')
    expect(kept.body).toMatchObject({
      name: 'ACME Renamed',
      version: 2,
      accountManagerId: manager,
      website: 'https://acme.example',
      vatNumber: 'FR40552100554',
      customerTagIds: [premium.id],
      customerTags: [{ id: premium.id, externalId: 'premium', name: 'Premium' }],
      customFields: { tier: 'gold' },
      status: 'ACTIVE',
      createdAt: acme.createdAt,
    })
    const cleared = await t.call('PUT', `${ACCOUNTS}/${acme.id}`, {
      body: accountBody({
        name: 'ACME Renamed',
        accountManagerId: null,
        website: null,
        vatNumber: null,
        customerTagIds: [],
      }),
    })
    expect(cleared.status).toBe(200)
    expect(cleared.headers.get('etag')).toBe('"3"')
    expect(cleared.body).toMatchObject({
      accountManagerId: null,
      website: null,
      vatNumber: null,
      customerTagIds: [],
      customerTags: [],
      version: 3,
    })
    const stored = await t.call('GET', `${ACCOUNTS}/${acme.id}`)
    expect(stored.body).toEqual(cleared.body)
    expect(t.app.db.customerAccounts.get(acme.id)).toMatchObject({
      accountManagerId: null,
      website: null,
      vatNumber: null,
      version: 3,
    })
  })

  it('A1 PUT with a stale If-Match → 412 with currentVersion, nothing changes; the current ETag succeeds', async () => {
    const acme = await createAccount()
    await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ name: 'v2' }) })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}`, {
        headers: { 'if-match': '"1"' },
        body: accountBody({ name: 'stale' }),
      }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expect(t.snapshot()).toBe(before)
    const ok = await t.call('PUT', `${ACCOUNTS}/${acme.id}`, {
      headers: { 'if-match': '"2"' },
      body: accountBody({ name: 'fresh' }),
    })
    expect(ok.status).toBe(200)
    expect(ok.body.name).toBe('fresh')
    expect(ok.headers.get('etag')).toBe('"3"')
  })

  it('A1 PUT on an unknown account → 404', async () => {
    const before = t.snapshot()
    expectProblem(await t.call('PUT', `${ACCOUNTS}/acc_9999999999`, { body: accountBody() }), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })

  it('A1 list: search by name or externalId, filter by status and by tag', async () => {
    const premium = await createTag('premium', 'Premium')
    const acme = await createAccount({ externalId: 'ACME', name: 'ACME Industries', customerTagIds: [premium.id] })
    const globex = await createAccount({ externalId: 'GLOBEX', name: 'Globex Hôtels' })
    await t.call('PUT', `${ACCOUNTS}/${globex.id}`, {
      body: accountBody({ externalId: 'GLOBEX', name: 'Globex Hôtels', status: 'INACTIVE' }),
    })
    const ids = async (q: string) =>
      (await t.call('GET', `${ACCOUNTS}?${q}`, { as: 'reader' })).body.content.map(
        (a: { externalId: string }) => a.externalId,
      )
    expect(await ids('search=hotels')).toEqual(['GLOBEX'])
    expect(await ids('search=acm')).toEqual(['ACME'])
    expect(await ids('status=INACTIVE')).toEqual(['GLOBEX'])
    expect(await ids(`customerTagIds=${premium.id}`)).toEqual(['ACME'])
    expect(await ids('customerTagExternalIds=premium')).toEqual(['ACME'])
    const page = (await t.call('GET', `${ACCOUNTS}?size=1&sort=name:desc`)).body
    expect(page).toMatchObject({
      totalElements: 2,
      totalPages: 2,
      number: 0,
      size: 1,
      numberOfElements: 1,
      first: true,
      last: false,
      empty: false,
    })
    expect(page.content[0].externalId).toBe('GLOBEX')
    expect(page.content[0].customerTags).toEqual([])
    const acmeInList = (await t.call('GET', `${ACCOUNTS}?ids=${acme.id}`)).body.content[0]
    expect(acmeInList.customerTags).toEqual([{ id: premium.id, externalId: 'premium', name: 'Premium' }])
  })

  it('A1 create with the same Idempotency-Key and body replays the first answer; another body → 409', async () => {
    const headers = { 'idempotency-key': 'k-1' }
    const first = await t.call('POST', ACCOUNTS, { headers, body: accountBody() })
    expect(first.status).toBe(201)
    const again = await t.call('POST', ACCOUNTS, { headers, body: accountBody() })
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(t.app.db.customerAccounts.size).toBe(1)
    expectProblem(
      await t.call('POST', ACCOUNTS, { headers, body: accountBody({ externalId: 'OTHER' }) }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    )
    expect(t.app.db.customerAccounts.size).toBe(1)
  })
})

describe('A3 account approval', () => {
  const approvalOn = async () => {
    const r = await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })
    expect(r.status).toBe(200)
    expect(r.body.customerAccountApproval).toBe(true)
  }

  it('A3 with customerAccountApproval on, a new account is WAITING_APPROVAL; approve → ACTIVE; approving again → 409', async () => {
    await approvalOn()
    const acme = await createAccount()
    expect(acme.status).toBe('WAITING_APPROVAL')
    const approved = await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`, { as: 'user' })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ id: acme.id, status: 'ACTIVE', version: 2 })
    expect(approved.headers.get('etag')).toBe('"2"')
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body.status).toBe('ACTIVE')
    const before = t.snapshot()
    expectProblem(await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`), 409, 'INVALID_STATE')
    expectProblem(await t.call('POST', `${ACCOUNTS}/${acme.id}/reject`), 409, 'INVALID_STATE')
    expect(t.snapshot()).toBe(before)
  })

  it('A3 reject → REJECTED; a rejected account can no longer be approved (409) nor set ACTIVE by PUT (409)', async () => {
    await approvalOn()
    const acme = await createAccount()
    const rejected = await t.call('POST', `${ACCOUNTS}/${acme.id}/reject`)
    expect(rejected.status).toBe(200)
    expect(rejected.body.status).toBe('REJECTED')
    expect(rejected.headers.get('etag')).toBe('"2"')
    const before = t.snapshot()
    expectProblem(await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`), 409, 'INVALID_STATE')
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ status: 'ACTIVE' }) }),
      409,
      'INVALID_STATE',
    )
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body.status).toBe('REJECTED')
  })

  it('A3 a Reader cannot approve or reject (403) and nothing changes', async () => {
    await approvalOn()
    const acme = await createAccount()
    const before = t.snapshot()
    expectProblem(await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`, { as: 'reader' }), 403, 'FORBIDDEN')
    expectProblem(await t.call('POST', `${ACCOUNTS}/${acme.id}/reject`, { as: 'reader' }), 403, 'FORBIDDEN')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body.status).toBe('WAITING_APPROVAL')
  })

  it('A3 a waiting account cannot be activated through PUT status (409)', async () => {
    await approvalOn()
    const acme = await createAccount()
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ status: 'ACTIVE' }) }),
      409,
      'INVALID_STATE',
    )
    expect(t.snapshot()).toBe(before)
  })

  it('A3 approve with a stale If-Match → 412; unknown account → 404', async () => {
    await approvalOn()
    const acme = await createAccount()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`, { headers: { 'if-match': '"7"' } }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(1)
    expectProblem(await t.call('POST', `${ACCOUNTS}/acc_9999999999/approve`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`, { headers: { 'if-match': '"1"' } })).status).toBe(
      200,
    )
  })

  it('A3 only an Admin turns approval on (User → 403); with the setting off new accounts are ACTIVE', async () => {
    const before = t.snapshot()
    expectProblem(
      await t.call('PATCH', '/v1/settings', { as: 'user', body: { customerAccountApproval: true } }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
    expect((await createAccount({ externalId: 'A1' })).status).toBe('ACTIVE')
    await approvalOn()
    expect((await createAccount({ externalId: 'A2' })).status).toBe('WAITING_APPROVAL')
    expect((await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: false } })).status).toBe(200)
    const a3 = await createAccount({ externalId: 'A3' })
    expect(a3.status).toBe('ACTIVE')
    // An ACTIVE account is not waiting for approval.
    expectProblem(await t.call('POST', `${ACCOUNTS}/${a3.id}/approve`), 409, 'INVALID_STATE')
    // The earlier waiting account is still waiting: turning the setting off does not approve it.
    expect((await t.call('GET', `${ACCOUNTS}/A2?idType=EXTERNAL_ID`)).body.status).toBe('WAITING_APPROVAL')
  })
})

describe('A4 addresses', () => {
  it('A4 add, list, update and delete an address; ETag follows the account version', async () => {
    const acme = await createAccount()
    const created = await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, {
      as: 'user',
      body: addressBody({ isDefault: true, phone: '+33 1 23 45 67 89' }),
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"2"')
    expect(created.body).toEqual({
      id: expect.stringMatching(/^adr_/),
      externalId: 'ACME-HQ',
      label: 'Head office',
      fullName: 'ACME Industries',
      address: '12 rue de la Paix',
      additionalAddress: null,
      city: 'Paris',
      state: null,
      zipCode: '75002',
      country: 'FR',
      phone: '+33 1 23 45 67 89',
      shipping: true,
      billing: true,
      isDefault: true,
    })
    const adr = created.body
    const list = await t.call('GET', `${ACCOUNTS}/${acme.id}/addresses`, { as: 'reader' })
    expect(list.status).toBe(200)
    expect(list.body).toEqual([adr])
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body.addresses).toEqual([adr])

    const updated = await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`, {
      headers: { 'if-match': '"2"' },
      body: addressBody({ city: 'Lyon', zipCode: '69001', billing: false, label: null }),
    })
    expect(updated.status).toBe(200)
    expect(updated.headers.get('etag')).toBe('"3"')
    expect(updated.body).toMatchObject({
      id: adr.id,
      city: 'Lyon',
      zipCode: '69001',
      billing: false,
      shipping: true,
      label: null,
      isDefault: false,
      phone: null,
    })
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}/addresses`)).body).toEqual([updated.body])

    const del = await t.call('DELETE', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`, { headers: { 'if-match': '"3"' } })
    expect(del.status).toBe(204)
    expect(del.body).toBeNull()
    expect(del.headers.get('etag')).toBe('"4"')
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}/addresses`)).body).toEqual([])
    // The externalId is free again.
    await addAddress(acme.id)
  })

  it('A4 an address is for shipping, billing or both: neither → 400 naming shipping, nothing stored', async () => {
    const acme = await createAccount()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, {
        body: addressBody({ shipping: false, billing: false }),
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field)).toEqual(['shipping'])
    const omitted = { ...addressBody() } as Record<string, unknown>
    delete omitted.shipping
    delete omitted.billing
    const p2 = expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: omitted }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p2.errors!.map((e) => e.field)).toEqual(['shipping'])
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.customerAccounts.get(acme.id)!.addresses).toEqual([])
  })

  it('A4 country must be an ISO 3166-1 alpha-2 code → 400 naming country', async () => {
    const acme = await createAccount()
    const before = t.snapshot()
    for (const country of ['FRA', 'France', 'XX', 'fr', '']) {
      const p = expectProblem(
        await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: addressBody({ country }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(p.errors!.map((e) => e.field)).toEqual(['country'])
    }
    expect(t.snapshot()).toBe(before)
    expect(
      (await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: addressBody({ country: 'BE' }) })).status,
    ).toBe(201)
  })

  it('U14 an address added or created with its account without externalId gets its own id as externalId, kept by a PUT that omits it', async () => {
    const { externalId: _, ...body } = addressBody()
    const acme = await createAccount({ address: body })
    expect(acme.addresses[0].externalId).toBe(acme.addresses[0].id)
    const added = await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: { ...body, label: 'Depot' } })
    expect(added.status).toBe(201)
    expect(added.body.externalId).toBe(added.body.id)
    const put = await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${added.body.id}`, {
      body: { ...body, label: 'Main depot' },
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ externalId: added.body.id, label: 'Main depot' })
  })

  it('A4 required address fields → 400 listing each', async () => {
    const acme = await createAccount()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: { shipping: true } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field).sort()).toEqual(['address', 'city', 'country', 'fullName', 'zipCode'])
    expect(t.snapshot()).toBe(before)
  })

  it('A4 one default per kind: a new default shipping address demotes the previous default shipping, the billing default stays', async () => {
    const acme = await createAccount()
    const ship1 = await addAddress(acme.id, { externalId: 'S1', shipping: true, billing: false, isDefault: true })
    const bill = await addAddress(acme.id, { externalId: 'B1', shipping: false, billing: true, isDefault: true })
    const ship2 = await addAddress(acme.id, { externalId: 'S2', shipping: true, billing: false, isDefault: true })
    const list = (await t.call('GET', `${ACCOUNTS}/${acme.id}/addresses`)).body as { id: string; isDefault: boolean }[]
    const isDefault = Object.fromEntries(list.map((a) => [a.id, a.isDefault]))
    expect(isDefault).toEqual({ [ship1.id]: false, [bill.id]: true, [ship2.id]: true })
    // Updating the old one back to default demotes the new one.
    const up = await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${ship1.id}`, {
      body: addressBody({ externalId: 'S1', shipping: true, billing: false, isDefault: true }),
    })
    expect(up.status).toBe(200)
    const after = (await t.call('GET', `${ACCOUNTS}/${acme.id}/addresses`)).body as { id: string; isDefault: boolean }[]
    expect(after.map((a) => a.id)).toEqual([ship1.id, bill.id, ship2.id])
    expect(Object.fromEntries(after.map((a) => [a.id, a.isDefault]))).toEqual({
      [ship1.id]: true,
      [bill.id]: true,
      [ship2.id]: false,
    })
    // Never more than one default per kind.
    const stored = t.app.db.customerAccounts.get(acme.id)!.addresses
    expect(stored.filter((a) => a.isDefault && a.shipping)).toHaveLength(1)
    expect(stored.filter((a) => a.isDefault && a.billing)).toHaveLength(1)
  })

  it('A4 address externalIds are unique across addresses of every account → 409, nothing stored', async () => {
    const acme = await createAccount()
    const globex = await createAccount({ externalId: 'GLOBEX' })
    const hq = await addAddress(acme.id, { externalId: 'HQ' })
    const other = await addAddress(acme.id, { externalId: 'DEPOT' })
    const before = t.snapshot()
    const same = expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: addressBody({ externalId: 'HQ' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expect(same.errors).toEqual([expect.objectContaining({ field: 'externalId', code: 'DUPLICATE' })])
    expectProblem(
      await t.call('POST', `${ACCOUNTS}/${globex.id}/addresses`, { body: addressBody({ externalId: 'HQ' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${other.id}`, { body: addressBody({ externalId: 'HQ' }) }),
      409,
      'ALREADY_EXISTS',
    )
    // Stored data unchanged (the id counter is checked in the next test).
    const withoutSeq = (snap: string) => ({ ...JSON.parse(snap), seq: 0 })
    expect(withoutSeq(t.snapshot())).toEqual(withoutSeq(before))
    // Keeping its own externalId on update is fine.
    expect(
      (
        await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${hq.id}`, {
          body: addressBody({ externalId: 'HQ', city: 'Nice' }),
        })
      ).status,
    ).toBe(200)
  })

  it('A4 a rejected duplicate address changes nothing in storage, not even the id counter (docs/budgets.md §6)', async () => {
    const acme = await createAccount()
    await addAddress(acme.id, { externalId: 'HQ' })
    const before = t.snapshot()
    expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { body: addressBody({ externalId: 'HQ' }) }),
      409,
      'ALREADY_EXISTS',
    )
    expect(JSON.parse(t.snapshot()).seq, 'a rejected address must not draw an id (stored seq)').toBe(
      JSON.parse(before).seq,
    )
    expect(t.snapshot()).toBe(before)
  })

  it('A4 unknown address id → 404 on PUT and DELETE; unknown account → 404', async () => {
    const acme = await createAccount()
    const globex = await createAccount({ externalId: 'GLOBEX' })
    const adr = await addAddress(acme.id)
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/adr_9999999999`, { body: addressBody() }),
      404,
      'NOT_FOUND',
    )
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}/addresses/adr_9999999999`), 404, 'NOT_FOUND')
    // An address of another account is not found under this one.
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${globex.id}/addresses/${adr.id}`), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', `${ACCOUNTS}/acc_9999999999/addresses`), 404, 'NOT_FOUND')
    expectProblem(
      await t.call('POST', `${ACCOUNTS}/acc_9999999999/addresses`, { body: addressBody({ externalId: 'NEW' }) }),
      404,
      'NOT_FOUND',
    )
    expect(t.snapshot()).toBe(before)
  })

  it('A4 a stale If-Match on address update or delete → 412; a Reader cannot write addresses (403)', async () => {
    const acme = await createAccount()
    const adr = await addAddress(acme.id)
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`, {
        headers: { 'if-match': '"1"' },
        body: addressBody({ city: 'X' }),
      }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expectProblem(
      await t.call('DELETE', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`, { headers: { 'if-match': '"1"' } }),
      412,
      'PRECONDITION_FAILED',
    )
    expectProblem(
      await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, {
        as: 'reader',
        body: addressBody({ externalId: 'R' }),
      }),
      403,
      'FORBIDDEN',
    )
    expectProblem(
      await t.call('DELETE', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`, { as: 'reader' }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
  })
})

describe('A5 legal user', () => {
  it('A5 every field is required → 400 listing each, nothing stored', async () => {
    const acme = await createAccount()
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { body: {} }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors!.map((e) => e.field).sort()).toEqual([
      'birthday',
      'countryOfResidence',
      'email',
      'firstName',
      'lastName',
      'nationality',
    ])
    for (const field of ['firstName', 'lastName', 'birthday', 'nationality', 'countryOfResidence', 'email']) {
      const body = legalUserBody() as Record<string, unknown>
      delete body[field]
      const one = expectProblem(
        await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { body }),
        400,
        'VALIDATION_FAILED',
      )
      expect(one.errors!.map((e) => e.field)).toEqual([field])
    }
    const bad = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, {
        body: legalUserBody({ email: 'not-an-email', nationality: 'French' }),
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(['email', 'nationality'])
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.customerAccounts.get(acme.id)!.legalUser).toBeNull()
  })

  it('A5 a missing field is reported as REQUIRED (code and message), whatever format the field has', async () => {
    const acme = await createAccount()
    const p = expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { body: {} }),
      400,
      'VALIDATION_FAILED',
    )
    expect(Object.fromEntries(p.errors!.map((e) => [e.field, `${e.code} ${e.message}`]))).toEqual({
      firstName: 'REQUIRED is required',
      lastName: 'REQUIRED is required',
      birthday: 'REQUIRED is required',
      nationality: 'REQUIRED is required',
      countryOfResidence: 'REQUIRED is required',
      email: 'REQUIRED is required',
    })
  })

  it('A5 birthday must be a past date → 400 on birthday', async () => {
    const acme = await createAccount()
    const before = t.snapshot()
    const today = new Date().toISOString().slice(0, 10)
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`
    for (const birthday of [today, nextYear, '12/04/1980', '1980-13-40', '']) {
      const p = expectProblem(
        await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { body: legalUserBody({ birthday }) }),
        400,
        'VALIDATION_FAILED',
      )
      expect(p.errors!.map((e) => e.field)).toEqual(['birthday'])
    }
    expect(t.snapshot()).toBe(before)
  })

  it('A5 at most one legal user: setting again replaces it; GET returns it with the account ETag', async () => {
    const acme = await createAccount()
    expectProblem(await t.call('GET', `${ACCOUNTS}/${acme.id}/legal-user`), 404, 'NOT_FOUND')
    const set = await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { as: 'user', body: legalUserBody() })
    expect(set.status).toBe(200)
    expect(set.body).toEqual(legalUserBody())
    expect(set.headers.get('etag')).toBe('"2"')
    const replaced = await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, {
      headers: { 'if-match': '"2"' },
      body: legalUserBody({
        firstName: 'Paul',
        lastName: 'Martin',
        email: 'paul.martin@acme.example',
        countryOfResidence: 'BE',
      }),
    })
    expect(replaced.status).toBe(200)
    expect(replaced.headers.get('etag')).toBe('"3"')
    const read = await t.call('GET', `${ACCOUNTS}/${acme.id}/legal-user`, { as: 'reader' })
    expect(read.status).toBe(200)
    expect(read.headers.get('etag')).toBe('"3"')
    expect(read.body).toEqual(
      legalUserBody({
        firstName: 'Paul',
        lastName: 'Martin',
        email: 'paul.martin@acme.example',
        countryOfResidence: 'BE',
      }),
    )
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body.legalUser).toEqual(read.body)
    expect(t.app.db.customerAccounts.get(acme.id)!.legalUser).toEqual(read.body)
  })

  it('A5 DELETE removes the legal user; GET and DELETE then → 404; stale If-Match → 412; Reader → 403', async () => {
    const acme = await createAccount()
    await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { body: legalUserBody() })
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, {
        as: 'reader',
        body: legalUserBody({ firstName: 'R' }),
      }),
      403,
      'FORBIDDEN',
    )
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}/legal-user`, { as: 'reader' }), 403, 'FORBIDDEN')
    const stale = expectProblem(
      await t.call('DELETE', `${ACCOUNTS}/${acme.id}/legal-user`, { headers: { 'if-match': '"1"' } }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(stale.currentVersion).toBe(2)
    expect(t.snapshot()).toBe(before)
    const del = await t.call('DELETE', `${ACCOUNTS}/${acme.id}/legal-user`, { headers: { 'if-match': '"2"' } })
    expect(del.status).toBe(204)
    expect(del.body).toBeNull()
    expect(del.headers.get('etag')).toBe('"3"')
    expectProblem(await t.call('GET', `${ACCOUNTS}/${acme.id}/legal-user`), 404, 'NOT_FOUND')
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).body.legalUser).toBeNull()
    const afterDelete = t.snapshot()
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}/legal-user`), 404, 'NOT_FOUND')
    expectProblem(
      await t.call('PUT', `${ACCOUNTS}/acc_9999999999/legal-user`, { body: legalUserBody() }),
      404,
      'NOT_FOUND',
    )
    expect(t.snapshot()).toBe(afterDelete)
  })
})

describe('A8 account deletion', () => {
  it('A8 deleting an account that still has users → 409 HAS_DEPENDENTS, nothing changes', async () => {
    const acme = await createAccount()
    await seedUser('u1', [acme.id])
    const before = t.snapshot()
    const p = expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}`), 409, 'HAS_DEPENDENTS')
    expect(p.detail).toContain('1 customer user')
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}?force=false`), 409, 'HAS_DEPENDENTS')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', `${ACCOUNTS}/${acme.id}`)).status).toBe(200)
  })

  it('A8 force=true detaches users from the account and deletes users left with no account', async () => {
    const acme = await createAccount()
    const globex = await createAccount({ externalId: 'GLOBEX' })
    const only = await seedUser('only-acme', [acme.id])
    const shared = await seedUser('shared', [acme.id, globex.id])
    const elsewhere = await seedUser('only-globex', [globex.id])
    const r = await t.call('DELETE', `${ACCOUNTS}/${acme.id}?force=true`, { as: 'user' })
    expect(r.status).toBe(204)
    expect(r.body).toBeNull()
    expectProblem(await t.call('GET', `${ACCOUNTS}/${acme.id}`), 404, 'NOT_FOUND')
    const users = t.app.db.customerUsers
    expect(users.get(only)).toBeUndefined()
    expect(users.findBy('externalId', 'only-acme')).toBeUndefined()
    expect(users.get(shared)).toMatchObject({ accountIds: [globex.id], version: 2 })
    expect(users.get(elsewhere)).toMatchObject({ accountIds: [globex.id], version: 1 })
    expect(users.size).toBe(2)
    expect((await t.call('GET', `${ACCOUNTS}/${globex.id}`)).body).toEqual(globex)
    // The user's changes are audited too.
    const userAudit = (await t.call('GET', `/v1/audit-events?entity=customer-user`)).body.content
    expect(userAudit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'delete', id: only }),
        expect.objectContaining({
          action: 'update',
          id: shared,
          changes: { accountIds: { from: [acme.id, globex.id], to: [globex.id] } },
        }),
      ]),
    )
  })

  it('A8 an account without users is deleted (204); its address externalIds and externalId are free again', async () => {
    const acme = await createAccount()
    await addAddress(acme.id, { externalId: 'HQ' })
    const del = await t.call('DELETE', `${ACCOUNTS}/${acme.id}`)
    expect(del.status).toBe(204)
    expectProblem(await t.call('GET', `${ACCOUNTS}/ACME?idType=EXTERNAL_ID`), 404, 'NOT_FOUND')
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}`), 404, 'NOT_FOUND')
    const again = await createAccount()
    await addAddress(again.id, { externalId: 'HQ' })
  })

  it('A8 delete with a stale If-Match → 412; a Reader cannot delete (403); force must be true or false (400)', async () => {
    const acme = await createAccount()
    await seedUser('u1', [acme.id])
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('DELETE', `${ACCOUNTS}/${acme.id}?force=true`, { headers: { 'if-match': '"9"' } }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(1)
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}?force=true`, { as: 'reader' }), 403, 'FORBIDDEN')
    expectProblem(await t.call('DELETE', `${ACCOUNTS}/${acme.id}?force=yes`), 400, 'VALIDATION_FAILED')
    expect(t.snapshot()).toBe(before)
    expect(t.app.db.customerUsers.size).toBe(1)
  })
})

describe('N2 audit of account writes', () => {
  it('N2 every successful account write records an event with the operator actor and the changed fields', async () => {
    await t.call('PATCH', '/v1/settings', { body: { customerAccountApproval: true } })
    const admin = `operator:${operatorId('test-admin')}`
    const user = `operator:${operatorId('test-user')}`
    const acme = await createAccount()
    expect((await t.call('POST', `${ACCOUNTS}/${acme.id}/approve`, { as: 'user' })).status).toBe(200)
    expect(
      (
        await t.call('PUT', `${ACCOUNTS}/${acme.id}`, {
          as: 'user',
          body: accountBody({ name: 'ACME 2', vatNumber: 'FR1' }),
        })
      ).status,
    ).toBe(200)
    const adr = (await t.call('POST', `${ACCOUNTS}/${acme.id}/addresses`, { as: 'user', body: addressBody() })).body
    expect(
      (await t.call('PUT', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`, { body: addressBody({ city: 'Lyon' }) }))
        .status,
    ).toBe(200)
    expect((await t.call('DELETE', `${ACCOUNTS}/${acme.id}/addresses/${adr.id}`)).status).toBe(204)
    expect((await t.call('PUT', `${ACCOUNTS}/${acme.id}/legal-user`, { body: legalUserBody() })).status).toBe(200)
    expect((await t.call('DELETE', `${ACCOUNTS}/${acme.id}/legal-user`)).status).toBe(204)
    expect((await t.call('DELETE', `${ACCOUNTS}/${acme.id}`, { as: 'user' })).status).toBe(204)

    // Rejected writes leave no event.
    expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ externalId: 'BAD', customerTagIds: ['tag_x'] }) }),
      422,
      'UNKNOWN_REFERENCE',
    )

    const events = await auditOf('customer-account', acme.id)
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['create', admin],
      ['approve', user],
      ['update', user],
      ['add-address', user],
      ['update-address', admin],
      ['delete-address', admin],
      ['set-legal-user', admin],
      ['delete-legal-user', admin],
      ['delete', user],
    ])
    for (const e of events) {
      expect(e).toMatchObject({ entity: 'customer-account', id: acme.id })
      expect(new Date(e.at).toISOString()).toBe(e.at)
    }
    const [create, approve, update, addAdr, updAdr, delAdr, setLegal, delLegal, del] = events
    expect(create.changes).toMatchObject({
      externalId: { from: null, to: 'ACME' },
      status: { from: null, to: 'WAITING_APPROVAL' },
    })
    expect(approve.changes).toEqual({ status: { from: 'WAITING_APPROVAL', to: 'ACTIVE' } })
    expect(update.changes).toEqual({
      name: { from: 'ACME Industries', to: 'ACME 2' },
      vatNumber: { from: null, to: 'FR1' },
    })
    expect(Object.keys(addAdr.changes)).toEqual(['addresses'])
    expect((addAdr.changes.addresses.to as { city: string }[])[0].city).toBe('Paris')
    expect((updAdr.changes.addresses.to as { city: string }[])[0].city).toBe('Lyon')
    expect(delAdr.changes.addresses.to).toEqual([])
    expect(setLegal.changes).toEqual({ legalUser: { from: null, to: legalUserBody() } })
    expect(delLegal.changes).toEqual({ legalUser: { from: legalUserBody(), to: null } })
    expect(del.changes).toMatchObject({ externalId: { from: 'ACME', to: null } })
    expect(
      (await t.call('GET', `/v1/audit-events?entity=customer-account&actor=${encodeURIComponent(user)}&ids=${acme.id}`))
        .body.totalElements,
    ).toBe(4)
    const creates = (await t.call('GET', '/v1/audit-events?entity=customer-account&action=create&size=1000')).body
      .content
    expect(creates.map((e: { id: string }) => e.id)).toEqual([acme.id])
  })

  it('N2 the audit log is Admin only (User → 403)', async () => {
    expectProblem(await t.call('GET', '/v1/audit-events?entity=customer-account', { as: 'user' }), 403, 'FORBIDDEN')
  })
})
