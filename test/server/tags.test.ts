/**
 * Customer tags (docs/rules.md A6) and tag replacement by external ids, `ADM-ACCOUNT-250` (A7), with their
 * audit trail (N2), through HTTP against the in-process reference app.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

let t: TestApp
beforeEach(async () => {
  t = await testApp()
})

const TAGS = '/v1/customer-tags'
const ACCOUNTS = '/v1/customer-accounts'
const replaceTags = (accountExternalId: string) => `${ACCOUNTS}/${encodeURIComponent(accountExternalId)}/customer-tags`

async function createTag(externalId: string, name = externalId, description?: string) {
  const r = await t.call('POST', TAGS, {
    body: { externalId, name, ...(description !== undefined ? { description } : {}) },
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}

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

const getAccount = async (id: string) => {
  const r = await t.call('GET', `${ACCOUNTS}/${id}`, { as: 'reader' })
  expect(r.status).toBe(200)
  return r.body
}

const operatorId = (externalId: string) => t.app.db.operators.findBy('externalId', externalId)!.id

async function auditOf(entity: string, id: string) {
  const r = await t.call(
    'GET',
    `/v1/audit-events?entity=${entity}&ids=${encodeURIComponent(id)}&size=1000&sort=seq:asc`,
  )
  expect(r.status).toBe(200)
  return r.body.content as {
    actor: string
    action: string
    entity: string
    id: string
    changes: Record<string, { from: unknown; to: unknown }>
  }[]
}

describe('A6 customer tags', () => {
  it('A6 an Admin creates a tag: 201 with {id, externalId, name, description}, version 1 and ETag; readable by a Reader', async () => {
    const r = await t.call('POST', TAGS, {
      body: { externalId: 'premium', name: 'Premium', description: 'Negotiated price list' },
    })
    expect(r.status).toBe(201)
    expect(r.headers.get('etag')).toBe('"1"')
    expect(r.body).toEqual({
      id: expect.stringMatching(/^tag_/),
      externalId: 'premium',
      name: 'Premium',
      description: 'Negotiated price list',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const read = await t.call('GET', `${TAGS}/${r.body.id}`, { as: 'reader' })
    expect(read.status).toBe(200)
    expect(read.body).toEqual(r.body)
    expect(read.headers.get('etag')).toBe('"1"')
    expect((await t.call('GET', `${TAGS}/premium?idType=EXTERNAL_ID`, { as: 'reader' })).body).toEqual(r.body)
    expectProblem(await t.call('GET', `${TAGS}/premium`), 404, 'NOT_FOUND')
    expect((await createTag('hotel', 'Hotel')).description).toBeNull()
  })

  it('A6 only Admin operators create, change or delete tags (User and Reader → 403); storefront clients → 403', async () => {
    const tag = await createTag('premium', 'Premium')
    const before = t.snapshot()
    for (const as of ['user', 'reader'] as const) {
      expectProblem(await t.call('POST', TAGS, { as, body: { externalId: 'x', name: 'X' } }), 403, 'FORBIDDEN')
      expectProblem(
        await t.call('PUT', `${TAGS}/${tag.id}`, { as, body: { externalId: 'premium', name: 'Renamed' } }),
        403,
        'FORBIDDEN',
      )
      expectProblem(await t.call('DELETE', `${TAGS}/${tag.id}`, { as }), 403, 'FORBIDDEN')
    }
    expectProblem(
      await t.call('POST', TAGS, { headers: { 'dj-client': 'ACCOUNT' }, body: { externalId: 'x', name: 'X' } }),
      403,
      'WRONG_CLIENT',
    )
    expectProblem(
      await t.call('POST', TAGS, { as: null, body: { externalId: 'x', name: 'X' } }),
      401,
      'UNAUTHENTICATED',
    )
    expect(t.snapshot()).toBe(before)
    expect((await t.call('GET', TAGS, { as: 'user' })).body.totalElements).toBe(1)
  })

  it('A6 name and externalId are required; externalId has no accents or spaces → 400 naming each field', async () => {
    const before = t.snapshot()
    const p = expectProblem(await t.call('POST', TAGS, { body: {} }), 400, 'VALIDATION_FAILED')
    expect(p.errors!.map((e) => e.field).sort()).toEqual(['externalId', 'name'])
    expect(p.errors!.every((e) => e.code === 'REQUIRED')).toBe(true)
    for (const externalId of ['prémium', 'pre mium', '']) {
      const q = expectProblem(
        await t.call('POST', TAGS, { body: { externalId, name: 'Premium' } }),
        400,
        'VALIDATION_FAILED',
      )
      expect(q.errors!.map((e) => e.field)).toEqual(['externalId'])
    }
    expectProblem(await t.call('POST', TAGS, { body: { externalId: 'premium', name: '  ' } }), 400, 'VALIDATION_FAILED')
    expect(t.snapshot()).toBe(before)
  })

  it('A6 names are unique case-insensitively and externalIds are unique → 409 naming the field, nothing stored', async () => {
    const premium = await createTag('premium', 'Premium')
    const hotel = await createTag('hotel', 'Hotel')
    const before = t.snapshot()
    const byName = expectProblem(
      await t.call('POST', TAGS, { body: { externalId: 'premium-2', name: 'PREMIUM' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(byName.errors).toEqual([expect.objectContaining({ field: 'name', code: 'DUPLICATE' })])
    expectProblem(
      await t.call('POST', TAGS, { body: { externalId: 'premium-3', name: ' premium ' } }),
      409,
      'ALREADY_EXISTS',
    )
    const byExt = expectProblem(
      await t.call('POST', TAGS, { body: { externalId: 'premium', name: 'Gold' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(byExt.errors).toEqual([expect.objectContaining({ field: 'externalId', code: 'DUPLICATE' })])
    // Renaming onto another tag's name or externalId is refused too.
    expectProblem(
      await t.call('PUT', `${TAGS}/${hotel.id}`, { body: { externalId: 'hotel', name: 'premium' } }),
      409,
      'ALREADY_EXISTS',
    )
    expectProblem(
      await t.call('PUT', `${TAGS}/${hotel.id}`, { body: { externalId: 'premium', name: 'Hotel' } }),
      409,
      'ALREADY_EXISTS',
    )
    expect(t.snapshot()).toBe(before)
    // A tag may change the case of its own name.
    const own = await t.call('PUT', `${TAGS}/${premium.id}`, { body: { externalId: 'premium', name: 'PREMIUM' } })
    expect(own.status).toBe(200)
    expect(own.body.name).toBe('PREMIUM')
  })

  it('A6 renaming a tag (name and externalId) never changes associations: the account shows it under its new name', async () => {
    const premium = await createTag('premium', 'Premium', 'Negotiated price list')
    const acme = await createAccount({ customerTagIds: [premium.id] })
    const globex = await createAccount({ externalId: 'GLOBEX' })
    const renamed = await t.call('PUT', `${TAGS}/${premium.id}`, {
      headers: { 'if-match': '"1"' },
      body: { externalId: 'gold', name: 'Gold' },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.headers.get('etag')).toBe('"2"')
    // description omitted keeps its value.
    expect(renamed.body).toMatchObject({
      id: premium.id,
      externalId: 'gold',
      name: 'Gold',
      description: 'Negotiated price list',
      version: 2,
    })
    const account = await getAccount(acme.id)
    expect(account.customerTagIds).toEqual([premium.id])
    expect(account.customerTags).toEqual([{ id: premium.id, externalId: 'gold', name: 'Gold' }])
    // The account itself did not change.
    expect(account.version).toBe(acme.version)
    expect((await getAccount(globex.id)).customerTags).toEqual([])
    // Filters by tag follow the new externalId.
    const byNew = await t.call('GET', `${ACCOUNTS}?customerTagExternalIds=gold`)
    expect(byNew.body.content.map((a: { id: string }) => a.id)).toEqual([acme.id])
    expect((await t.call('GET', `${ACCOUNTS}?customerTagExternalIds=premium`)).body.totalElements).toBe(0)
    // null clears the description.
    expect(
      (await t.call('PUT', `${TAGS}/${premium.id}`, { body: { externalId: 'gold', name: 'Gold', description: null } }))
        .body.description,
    ).toBeNull()
  })

  it('A6 PUT with a stale If-Match → 412 with currentVersion, nothing changes; unknown tag → 404', async () => {
    const tag = await createTag('premium', 'Premium')
    await t.call('PUT', `${TAGS}/${tag.id}`, { body: { externalId: 'premium', name: 'Premium 2' } })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', `${TAGS}/${tag.id}`, {
        headers: { 'if-match': '"1"' },
        body: { externalId: 'premium', name: 'Stale' },
      }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expectProblem(
      await t.call('DELETE', `${TAGS}/${tag.id}`, { headers: { 'if-match': '"1"' } }),
      412,
      'PRECONDITION_FAILED',
    )
    expectProblem(
      await t.call('PUT', `${TAGS}/tag_9999999999`, { body: { externalId: 'x', name: 'X' } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(await t.call('DELETE', `${TAGS}/tag_9999999999`), 404, 'NOT_FOUND')
    expect(t.snapshot()).toBe(before)
  })

  it('A6 deleting a tag removes it from every account that carries it', async () => {
    const premium = await createTag('premium', 'Premium')
    const hotel = await createTag('hotel', 'Hotel')
    const acme = await createAccount({ customerTagIds: [premium.id, hotel.id] })
    const globex = await createAccount({ externalId: 'GLOBEX', customerTagIds: [premium.id] })
    const initech = await createAccount({ externalId: 'INITECH', customerTagIds: [hotel.id] })
    const del = await t.call('DELETE', `${TAGS}/${premium.id}`)
    expect(del.status).toBe(204)
    expect(del.body).toBeNull()
    expectProblem(await t.call('GET', `${TAGS}/${premium.id}`), 404, 'NOT_FOUND')
    const a = await getAccount(acme.id)
    expect(a.customerTagIds).toEqual([hotel.id])
    expect(a.customerTags).toEqual([{ id: hotel.id, externalId: 'hotel', name: 'Hotel' }])
    expect(a.version).toBe(2)
    expect((await getAccount(globex.id)).customerTagIds).toEqual([])
    const untouched = await getAccount(initech.id)
    expect(untouched.customerTagIds).toEqual([hotel.id])
    expect(untouched.version).toBe(1)
    for (const acc of t.app.db.customerAccounts.values()) expect(acc.customerTagIds).not.toContain(premium.id)
    // The freed name and externalId can be reused, and the new tag is not attached to anyone.
    const again = await createTag('premium', 'Premium')
    expect(again.id).not.toBe(premium.id)
    expect((await t.call('GET', `${ACCOUNTS}?customerTagExternalIds=premium`)).body.totalElements).toBe(0)
    // The accounts' change is audited.
    const events = await auditOf('customer-account', globex.id)
    expect(events.at(-1)).toMatchObject({
      action: 'update',
      actor: `operator:${operatorId('test-admin')}`,
      changes: { customerTagIds: { from: [premium.id], to: [] } },
    })
  })

  it('A6 list: search matches name, externalId and description; filter by externalIds; paged', async () => {
    await createTag('premium', 'Premium', 'Negotiated price list')
    await createTag('wholesale', 'Wholesale', 'Volume pricing')
    await createTag('hotel', 'Hôtel', 'Hospitality segment')
    const ext = async (q: string) =>
      (await t.call('GET', `${TAGS}?${q}`, { as: 'reader' })).body.content.map(
        (x: { externalId: string }) => x.externalId,
      )
    expect(await ext('search=PREM')).toEqual(['premium'])
    expect(await ext('search=pricing')).toEqual(['wholesale'])
    expect(await ext('search=hotel')).toEqual(['hotel'])
    expect(await ext('search=price')).toEqual(['premium'])
    expect(await ext('externalIds=hotel,premium&sort=name:asc')).toEqual(['hotel', 'premium'])
    const page = (await t.call('GET', `${TAGS}?size=2&page=1&sort=externalId`)).body
    expect(page).toMatchObject({
      totalElements: 3,
      totalPages: 2,
      number: 1,
      size: 2,
      numberOfElements: 1,
      first: false,
      last: true,
      empty: false,
    })
    expect(page.content.map((x: { externalId: string }) => x.externalId)).toEqual(['wholesale'])
  })

  it('N2 tag creation, rename and deletion are audited with the operator actor and changes', async () => {
    const tag = await createTag('premium', 'Premium')
    await t.call('PUT', `${TAGS}/${tag.id}`, { body: { externalId: 'premium', name: 'Gold' } })
    await t.call('DELETE', `${TAGS}/${tag.id}`)
    const events = await auditOf('customer-tag', tag.id)
    const admin = `operator:${operatorId('test-admin')}`
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['create', admin],
      ['update', admin],
      ['delete', admin],
    ])
    expect(events[0].changes).toMatchObject({
      externalId: { from: null, to: 'premium' },
      name: { from: null, to: 'Premium' },
    })
    expect(events[1].changes).toEqual({ name: { from: 'Premium', to: 'Gold' } })
    expect(events[2].changes).toMatchObject({ name: { from: 'Gold', to: null } })
  })
})

describe('A7 ADM-ACCOUNT-250 tag replacement by external ids', () => {
  async function setup() {
    const premium = await createTag('premium', 'Premium')
    const wholesale = await createTag('wholesale', 'Wholesale')
    const hotel = await createTag('hotel', 'Hotel')
    const acme = await createAccount({ externalId: 'ACME', customerTagIds: [hotel.id] })
    return { premium, wholesale, hotel, acme }
  }

  it('A7 full replacement: 204 with no body and the new ETag; the account carries exactly the given tags', async () => {
    const { premium, wholesale, acme } = await setup()
    const r = await t.call('PUT', replaceTags('ACME'), {
      as: 'user',
      body: { customerTagExternalIds: ['premium', 'wholesale'] },
    })
    expect(r.status).toBe(204)
    expect(r.body).toBeNull()
    expect(r.headers.get('content-type')).toBeNull()
    expect(r.headers.get('etag')).toBe('"2"')
    const account = await getAccount(acme.id)
    expect(account.customerTagIds).toEqual([premium.id, wholesale.id])
    expect(account.customerTags).toEqual([
      { id: premium.id, externalId: 'premium', name: 'Premium' },
      { id: wholesale.id, externalId: 'wholesale', name: 'Wholesale' },
    ])
    expect(account.version).toBe(2)
    // Replacing again replaces, it does not add.
    expect((await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['wholesale'] } })).status).toBe(
      204,
    )
    expect((await getAccount(acme.id)).customerTagIds).toEqual([wholesale.id])
    expect(t.app.db.customerAccounts.get(acme.id)!.customerTagIds).toEqual([wholesale.id])
  })

  it('A7 [] removes every tag', async () => {
    const { acme } = await setup()
    const r = await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: [] } })
    expect(r.status).toBe(204)
    const account = await getAccount(acme.id)
    expect(account.customerTagIds).toEqual([])
    expect(account.customerTags).toEqual([])
  })

  it('A7 duplicates in the body count once', async () => {
    const { premium, hotel, acme } = await setup()
    const r = await t.call('PUT', replaceTags('ACME'), {
      body: { customerTagExternalIds: ['premium', 'hotel', 'premium', 'hotel', 'premium'] },
    })
    expect(r.status).toBe(204)
    const account = await getAccount(acme.id)
    expect(account.customerTagIds).toEqual([premium.id, hotel.id])
    expect(account.customerTags).toHaveLength(2)
  })

  it('A7 unknown tag external ids: nothing changes and every unknown id is listed', async () => {
    const { hotel, acme } = await setup()
    const before = t.snapshot()
    const r = await t.call('PUT', replaceTags('ACME'), {
      body: { customerTagExternalIds: ['premium', 'nope-1', 'wholesale', 'nope-2', 'nope-1', 'PREMIUM'] },
    })
    const p = expectProblem(r, 422, 'UNKNOWN_REFERENCE')
    expect(p.errors).toEqual([
      { field: 'customerTagExternalIds[1]', code: 'UNKNOWN_REFERENCE', message: expect.stringContaining('nope-1') },
      { field: 'customerTagExternalIds[3]', code: 'UNKNOWN_REFERENCE', message: expect.stringContaining('nope-2') },
      { field: 'customerTagExternalIds[5]', code: 'UNKNOWN_REFERENCE', message: expect.stringContaining('PREMIUM') },
    ])
    for (const id of ['nope-1', 'nope-2', 'PREMIUM']) expect(p.detail).toContain(id)
    expect(t.snapshot()).toBe(before)
    const account = await getAccount(acme.id)
    expect(account.customerTagIds).toEqual([hotel.id])
    expect(account.version).toBe(1)
    expect(await auditOf('customer-account', acme.id)).toHaveLength(1)
  })

  it('A7 the path takes the account EXTERNAL id: a DJUST id or an unknown id → 404, nothing changes', async () => {
    const { acme } = await setup()
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', replaceTags(acme.id), { body: { customerTagExternalIds: ['premium'] } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await t.call('PUT', replaceTags('NOPE'), { body: { customerTagExternalIds: ['premium'] } }),
      404,
      'NOT_FOUND',
    )
    expectProblem(
      await t.call('PUT', replaceTags('acme'), { body: { customerTagExternalIds: ['premium'] } }),
      404,
      'NOT_FOUND',
    )
    expect(t.snapshot()).toBe(before)
    // After a change of the account's externalId, the new one is the path.
    await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ externalId: 'ACME:FR.1' }) })
    expectProblem(
      await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['premium'] } }),
      404,
      'NOT_FOUND',
    )
    expect(
      (await t.call('PUT', replaceTags('ACME:FR.1'), { body: { customerTagExternalIds: ['premium'] } })).status,
    ).toBe(204)
    expect((await getAccount(acme.id)).customerTags.map((x: { externalId: string }) => x.externalId)).toEqual([
      'premium',
    ])
  })

  it('A7 needs dj-client OPERATOR: ACCOUNT → 403, absent or unknown → 400; no key → 401', async () => {
    await setup()
    const before = t.snapshot()
    const body = { customerTagExternalIds: ['premium'] }
    expectProblem(
      await t.call('PUT', replaceTags('ACME'), { headers: { 'dj-client': 'ACCOUNT' }, body }),
      403,
      'WRONG_CLIENT',
    )
    const unknown = expectProblem(
      await t.call('PUT', replaceTags('ACME'), { headers: { 'dj-client': 'SHOP' }, body }),
      400,
      'CLIENT_HEADER_INVALID',
    )
    expect(unknown.errors!.map((e) => e.field)).toEqual(['dj-client'])
    const res = await t.app.request(replaceTags('ACME'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'dj-api-key': 'test-admin-key' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).code).toBe('CLIENT_HEADER_INVALID')
    expectProblem(await t.call('PUT', replaceTags('ACME'), { as: null, body }), 401, 'UNAUTHENTICATED')
    expect(t.snapshot()).toBe(before)
  })

  it('A7 needs a User or Admin operator: Reader → 403, nothing changes; User and Admin → 204', async () => {
    const { premium, hotel, acme } = await setup()
    const before = t.snapshot()
    expectProblem(
      await t.call('PUT', replaceTags('ACME'), { as: 'reader', body: { customerTagExternalIds: ['premium'] } }),
      403,
      'FORBIDDEN',
    )
    expect(t.snapshot()).toBe(before)
    expect(
      (await t.call('PUT', replaceTags('ACME'), { as: 'user', body: { customerTagExternalIds: ['premium'] } })).status,
    ).toBe(204)
    expect((await getAccount(acme.id)).customerTagIds).toEqual([premium.id])
    expect(
      (await t.call('PUT', replaceTags('ACME'), { as: 'admin', body: { customerTagExternalIds: ['hotel'] } })).status,
    ).toBe(204)
    expect((await getAccount(acme.id)).customerTagIds).toEqual([hotel.id])
  })

  it('A7 a tag renamed later (name and externalId) is still associated', async () => {
    const { premium, acme } = await setup()
    expect((await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['premium'] } })).status).toBe(
      204,
    )
    expect((await t.call('PUT', `${TAGS}/${premium.id}`, { body: { externalId: 'gold', name: 'Gold' } })).status).toBe(
      200,
    )
    const account = await getAccount(acme.id)
    expect(account.customerTags).toEqual([{ id: premium.id, externalId: 'gold', name: 'Gold' }])
    // The old external id is now unknown; the new one works and keeps the same tag.
    expectProblem(
      await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['premium'] } }),
      422,
      'UNKNOWN_REFERENCE',
    )
    expect(
      (await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['gold', 'hotel'] } })).status,
    ).toBe(204)
    expect((await getAccount(acme.id)).customerTagIds[0]).toBe(premium.id)
  })

  it('A7 a stale If-Match → 412 with currentVersion, nothing changes; the current ETag succeeds', async () => {
    const { premium, acme } = await setup()
    await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['wholesale'] } })
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('PUT', replaceTags('ACME'), {
        headers: { 'if-match': '"1"' },
        body: { customerTagExternalIds: ['premium'] },
      }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(2)
    expect(t.snapshot()).toBe(before)
    const ok = await t.call('PUT', replaceTags('ACME'), {
      headers: { 'if-match': '"2"' },
      body: { customerTagExternalIds: ['premium'] },
    })
    expect(ok.status).toBe(204)
    expect(ok.headers.get('etag')).toBe('"3"')
    expect((await getAccount(acme.id)).customerTagIds).toEqual([premium.id])
  })

  it('A7 a malformed body → 400 naming the field, nothing changes', async () => {
    await setup()
    const before = t.snapshot()
    const missing = expectProblem(await t.call('PUT', replaceTags('ACME'), { body: {} }), 400, 'VALIDATION_FAILED')
    expect(missing.errors).toEqual([expect.objectContaining({ field: 'customerTagExternalIds', code: 'REQUIRED' })])
    const notArray = expectProblem(
      await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: 'premium' } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(notArray.errors!.map((e) => e.field)).toEqual(['customerTagExternalIds'])
    const notString = expectProblem(
      await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: ['premium', 7] } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(notString.errors!.map((e) => e.field)).toEqual(['customerTagExternalIds[1]'])
    const extra = expectProblem(
      await t.call('PUT', replaceTags('ACME'), { body: { customerTagExternalIds: [], customerTagIds: [] } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(extra.errors).toEqual([expect.objectContaining({ field: 'customerTagIds', code: 'UNKNOWN_FIELD' })])
    expectProblem(
      await t.call('PUT', replaceTags('ACME'), { raw: '{"customerTagExternalIds": [' }),
      400,
      'MALFORMED_JSON',
    )
    expect(t.snapshot()).toBe(before)
  })

  it('N2 a tag replacement is audited as replace-tags with the operator actor and the changed ids', async () => {
    const { premium, wholesale, hotel, acme } = await setup()
    await t.call('PUT', replaceTags('ACME'), { as: 'user', body: { customerTagExternalIds: ['premium', 'wholesale'] } })
    const events = await auditOf('customer-account', acme.id)
    expect(events.map((e) => e.action)).toEqual(['create', 'replace-tags'])
    expect(events[1]).toMatchObject({
      entity: 'customer-account',
      id: acme.id,
      actor: `operator:${operatorId('test-user')}`,
      changes: { customerTagIds: { from: [hotel.id], to: [premium.id, wholesale.id] } },
    })
    expect(Object.keys(events[1].changes)).toEqual(['customerTagIds'])
  })
})
