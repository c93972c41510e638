/**
 * Custom fields: definitions (docs/rules.md CF1, `/v1/custom-fields`) and the values checked against them on every
 * entity that carries them (CF2: customer accounts, organisations, customer users), through HTTP against the
 * in-process reference app.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'

let t: TestApp
beforeEach(async () => {
  t = await testApp({ passwordIterations: 1000 })
})

const FIELDS = '/v1/custom-fields'
const ACCOUNTS = '/v1/customer-accounts'
const ORGANISATIONS = '/v1/organisations'
const USERS = '/v1/customer-users'

type Entity = 'CUSTOMER_ACCOUNT' | 'ORGANISATION' | 'CUSTOMER_USER'

async function define(body: Record<string, unknown>) {
  const r = await t.call('POST', FIELDS, { body })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}
const field = (externalId: string, entity: Entity, type: string, over: Record<string, unknown> = {}) =>
  define({ externalId, name: `${externalId} field`, entity, type, ...over })

async function created(method: string, path: string, body: unknown) {
  const r = await t.call(method, path, { body })
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
  return r.body
}
const accountBody = (over: Record<string, unknown> = {}) => ({
  externalId: 'ACME',
  name: 'ACME',
  companyRegistrationName: 'ACME SAS',
  businessRegistrationNumber: '552 100 554',
  ...over,
})
const userBody = (accountId: string, over: Record<string, unknown> = {}) => ({
  externalId: 'CU-1',
  civility: 'MR',
  firstName: 'Jean',
  lastName: 'Dupont',
  email: 'jean.dupont@acme.example',
  phone: '+33 6 12 34 56 78',
  groups: ['FOC_User'],
  accountIds: [accountId],
  password: 'Sunny-Day-42',
  ...over,
})
const orgBody = (accountId: string, over: Record<string, unknown> = {}) => ({
  externalId: 'ACME-SPACE',
  name: 'ACME Space',
  accountId,
  ...over,
})

const readAccount = async (id: string) => (await t.call('GET', `${ACCOUNTS}/${id}`)).body

describe('CF1 custom field definitions', () => {
  it('CF1 an Admin creates a definition: 201 with every field, multiple and required default to false; readable by id and by external id', async () => {
    const r = await t.call('POST', FIELDS, {
      body: {
        externalId: 'tier',
        name: 'Customer tier',
        entity: 'CUSTOMER_ACCOUNT',
        type: 'LIST',
        options: ['gold', 'silver'],
      },
    })
    expect(r.status).toBe(201)
    expect(r.headers.get('etag')).toBe('"1"')
    expect(r.body).toEqual({
      id: expect.stringMatching(/^cf_/),
      externalId: 'tier',
      name: 'Customer tier',
      entity: 'CUSTOMER_ACCOUNT',
      type: 'LIST',
      options: ['gold', 'silver'],
      multiple: false,
      required: false,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    const text = await field('nickname', 'CUSTOMER_USER', 'TEXT', { required: true, multiple: true })
    expect(text).toMatchObject({ options: null, required: true, multiple: true })
    expect((await t.call('GET', `${FIELDS}/${r.body.id}`, { as: 'reader' })).body).toEqual(r.body)
    expect((await t.call('GET', `${FIELDS}/CUSTOMER_ACCOUNT:tier?idType=EXTERNAL_ID`, { as: 'reader' })).body).toEqual(
      r.body,
    )
    expect((await t.call('GET', `${FIELDS}/tier?idType=EXTERNAL_ID`, { as: 'reader' })).body).toEqual(r.body)
    expectProblem(await t.call('GET', `${FIELDS}/ORGANISATION:tier?idType=EXTERNAL_ID`), 404, 'NOT_FOUND')
    expectProblem(await t.call('GET', `${FIELDS}/cf_404`), 404, 'NOT_FOUND')
  })

  it('CF1 only Admin operators create, change or delete definitions (OP2); User and Reader read', async () => {
    const tier = await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT')
    const before = t.snapshot()
    for (const as of ['user', 'reader'] as const) {
      expectProblem(
        await t.call('POST', FIELDS, {
          as,
          body: { externalId: 'x', name: 'X field', entity: 'ORGANISATION', type: 'TEXT' },
        }),
        403,
        'FORBIDDEN',
      )
      expectProblem(
        await t.call('PUT', `${FIELDS}/${tier.id}`, {
          as,
          body: { externalId: 'tier', name: 'Renamed', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' },
        }),
        403,
        'FORBIDDEN',
      )
      expectProblem(await t.call('DELETE', `${FIELDS}/${tier.id}`, { as }), 403, 'FORBIDDEN')
      expect((await t.call('GET', FIELDS, { as })).body.totalElements).toBe(1)
    }
    expect(t.snapshot()).toBe(before)
  })

  it('CF1 name and externalId must differ, ignoring case and surrounding spaces → 422 naming name; nothing stored, no id taken', async () => {
    const before = t.snapshot()
    for (const name of ['tier', 'TIER', ' Tier ']) {
      const p = expectProblem(
        await t.call('POST', FIELDS, { body: { externalId: 'tier', name, entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' } }),
        422,
        'RULE_VIOLATION',
      )
      expect(p.errors).toEqual([{ field: 'name', code: 'RULE', message: expect.stringContaining('externalId') }])
    }
    expect(t.snapshot()).toBe(before)
    const tier = await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT')
    const p = expectProblem(
      await t.call('PUT', `${FIELDS}/${tier.id}`, {
        body: { externalId: 'tier', name: 'Tier', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' },
      }),
      422,
    )
    expect(p.errors![0].field).toBe('name')
  })

  it('CF1 externalId is unique per entity (409 naming externalId); the same externalId on another entity is a different field', async () => {
    await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT')
    const before = t.snapshot()
    const p = expectProblem(
      await t.call('POST', FIELDS, {
        body: { externalId: 'tier', name: 'Other tier', entity: 'CUSTOMER_ACCOUNT', type: 'NUMBER' },
      }),
      409,
      'ALREADY_EXISTS',
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'externalId', code: 'DUPLICATE' })])
    expect(t.snapshot()).toBe(before)
    const org = await field('tier', 'ORGANISATION', 'NUMBER')
    expect(org.entity).toBe('ORGANISATION')
    // The bare external id is now ambiguous: the caller has to name the entity.
    expect(expectProblem(await t.call('GET', `${FIELDS}/tier?idType=EXTERNAL_ID`), 422).errors![0].field).toBe('id')
    expect((await t.call('GET', `${FIELDS}/ORGANISATION:tier?idType=EXTERNAL_ID`)).body.id).toBe(org.id)
    // Moving a definition onto an entity that already has the externalId is the same conflict.
    const other = await field('size', 'ORGANISATION', 'NUMBER')
    expectProblem(
      await t.call('PUT', `${FIELDS}/${other.id}`, {
        body: { externalId: 'tier', name: 'Size', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' },
      }),
      409,
      'ALREADY_EXISTS',
    )
  })

  it('CF1 shape: LIST needs at least one option, no duplicates; other types take none; unknown entity or type → 400 naming the field', async () => {
    const before = t.snapshot()
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'LIST' }, 'options'],
      [{ type: 'LIST', options: [] }, 'options'],
      [{ type: 'LIST', options: null }, 'options'],
      [{ type: 'LIST', options: ['gold', 'Gold'] }, 'options[1]'],
      [{ type: 'LIST', options: ['gold', ' '] }, 'options[1]'],
      [{ type: 'TEXT', options: ['gold'] }, 'options'],
      [{ type: 'DATE', options: [] }, 'options'],
      [{ type: 'COLOUR' }, 'type'],
      [{ type: 'TEXT', entity: 'OPERATOR' }, 'entity'],
      [{ type: 'TEXT', externalId: 'has space' }, 'externalId'],
      [{ type: 'TEXT', externalId: '__proto__' }, 'externalId'],
      [{ type: 'TEXT', required: 'yes' }, 'required'],
      [{ type: 'TEXT', multiple: 1 }, 'multiple'],
      [{ type: 'TEXT', colour: 'red' }, 'colour'],
    ]
    for (const [over, name] of cases) {
      const p = expectProblem(
        await t.call('POST', FIELDS, {
          body: { externalId: 'tier', name: 'Customer tier', entity: 'CUSTOMER_ACCOUNT', ...over },
        }),
        400,
        'VALIDATION_FAILED',
      )
      expect(
        p.errors!.map((e) => e.field),
        JSON.stringify(over),
      ).toContain(name)
    }
    expect(t.snapshot()).toBe(before)
  })

  it('CF1 list: filter by entity and type (repeated or comma list), search name and externalId, sort and page', async () => {
    await field('tier', 'CUSTOMER_ACCOUNT', 'LIST', { options: ['gold'] })
    await field('since', 'CUSTOMER_ACCOUNT', 'DATE')
    await field('budget', 'ORGANISATION', 'NUMBER')
    await field('vip', 'CUSTOMER_USER', 'BOOLEAN')
    const ids = async (q: string) =>
      (await t.call('GET', `${FIELDS}?${q}`, { as: 'reader' })).body.content.map(
        (f: { externalId: string }) => f.externalId,
      )
    expect(await ids('entity=CUSTOMER_ACCOUNT')).toEqual(['tier', 'since'])
    expect(await ids('entity=ORGANISATION&entity=CUSTOMER_USER')).toEqual(['budget', 'vip'])
    expect(await ids('type=DATE,BOOLEAN')).toEqual(['since', 'vip'])
    expect(await ids('entity=CUSTOMER_ACCOUNT&type=NUMBER')).toEqual([])
    expect(await ids('search=BUDG')).toEqual(['budget'])
    expect(await ids('sort=externalId:desc')).toEqual(['vip', 'tier', 'since', 'budget'])
    const page = (await t.call('GET', `${FIELDS}?size=3&page=1&sort=externalId`)).body
    expect(page).toMatchObject({
      totalElements: 4,
      totalPages: 2,
      number: 1,
      size: 3,
      numberOfElements: 1,
      first: false,
      last: true,
    })
    expect(page.content[0].externalId).toBe('vip')
  })

  it('CF1 PUT: a new externalId re-keys the stored values on every record of the entity; version, ETag and If-Match as everywhere', async () => {
    const tier = await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT')
    await field('since', 'CUSTOMER_ACCOUNT', 'DATE')
    const acme = await created('POST', ACCOUNTS, accountBody({ customFields: { tier: 'gold', since: '2020-01-31' } }))
    const globex = await created('POST', ACCOUNTS, accountBody({ externalId: 'GLOBEX', customFields: {} }))
    const body = { externalId: 'segment', name: 'Customer segment', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' }
    const p = expectProblem(
      await t.call('PUT', `${FIELDS}/${tier.id}`, { headers: { 'if-match': '"7"' }, body }),
      412,
      'PRECONDITION_FAILED',
    )
    expect(p.currentVersion).toBe(1)
    const r = await t.call('PUT', `${FIELDS}/${tier.id}`, { headers: { 'if-match': '"1"' }, body })
    expect(r.status).toBe(200)
    expect(r.headers.get('etag')).toBe('"2"')
    expect(r.body).toMatchObject({ ...body, version: 2, createdAt: tier.createdAt })
    const after = await readAccount(acme.id)
    expect(after.customFields).toEqual({ segment: 'gold', since: '2020-01-31' })
    expect(after.version).toBe(2)
    expect((await readAccount(globex.id)).version).toBe(1) // nothing to re-key there
    // The renamed key is the one the values are checked against from now on.
    expect(
      (await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ customFields: { segment: 'silver' } }) }))
        .status,
    ).toBe(200)
    expect(
      expectProblem(
        await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ customFields: { tier: 'gold' } }) }),
        422,
      ).errors![0].field,
    ).toBe('customFields.tier')
  })

  it('CF1 PUT: while values are stored, changing type, multiple or entity → 409 IN_USE and nothing changes; without values it is allowed', async () => {
    const tier = await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT')
    const acme = await created('POST', ACCOUNTS, accountBody({ customFields: { tier: '12' } }))
    const base = { externalId: 'tier', name: 'Customer tier', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' }
    const before = t.snapshot()
    for (const over of [
      { type: 'NUMBER' },
      { multiple: true },
      { entity: 'ORGANISATION' },
      { type: 'LIST', options: ['12'] },
    ]) {
      const p = expectProblem(
        await t.call('PUT', `${FIELDS}/${tier.id}`, { body: { ...base, ...over } }),
        409,
        'IN_USE',
      )
      expect(p.detail, JSON.stringify(over)).toMatch(/^(type|multiple|entity)/)
    }
    expect(t.snapshot()).toBe(before)
    // A null value is no value: once cleared, the type may change.
    await created('PUT', `${ACCOUNTS}/${acme.id}`, accountBody({ customFields: { tier: null } }))
    const r = await t.call('PUT', `${FIELDS}/${tier.id}`, { body: { ...base, type: 'NUMBER', multiple: true } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ type: 'NUMBER', multiple: true, version: 2 })
    // Another entity: the empty key left on the account goes, so nothing refers to a field it no longer has.
    expect((await t.call('PUT', `${FIELDS}/${tier.id}`, { body: { ...base, entity: 'ORGANISATION' } })).status).toBe(
      200,
    )
    expect((await readAccount(acme.id)).customFields).toEqual({})
  })

  it('CF1 PUT: a LIST option still in use cannot be removed (409 IN_USE naming it); unused options come and go; required may be switched on', async () => {
    const tier = await field('tier', 'CUSTOMER_ACCOUNT', 'LIST', { options: ['gold', 'silver', 'bronze'] })
    const tags = await field('labels', 'CUSTOMER_ACCOUNT', 'LIST', { options: ['eco', 'bio'], multiple: true })
    await created('POST', ACCOUNTS, accountBody({ customFields: { tier: 'silver', labels: ['bio'] } }))
    const list = (externalId: string, options: string[], over: Record<string, unknown> = {}) => ({
      externalId,
      name: `${externalId} field`,
      entity: 'CUSTOMER_ACCOUNT',
      type: 'LIST',
      options,
      ...over,
    })
    const before = t.snapshot()
    expect(
      expectProblem(await t.call('PUT', `${FIELDS}/${tier.id}`, { body: list('tier', ['gold']) }), 409, 'IN_USE')
        .detail,
    ).toContain('"silver"')
    expect(
      expectProblem(
        await t.call('PUT', `${FIELDS}/${tags.id}`, { body: list('labels', ['eco'], { multiple: true }) }),
        409,
        'IN_USE',
      ).detail,
    ).toContain('"bio"')
    expect(t.snapshot()).toBe(before)
    const r = await t.call('PUT', `${FIELDS}/${tier.id}`, {
      body: list('tier', ['silver', 'platinum'], { required: true }),
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ options: ['silver', 'platinum'], required: true })
  })

  it('CF1 DELETE: a field holding values → 409 IN_USE unless force=true, which removes the values from every record', async () => {
    const tier = await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT')
    await field('since', 'CUSTOMER_ACCOUNT', 'DATE')
    const acme = await created('POST', ACCOUNTS, accountBody({ customFields: { tier: 'gold', since: '2021-06-01' } }))
    const before = t.snapshot()
    expectProblem(await t.call('DELETE', `${FIELDS}/${tier.id}`), 409, 'IN_USE')
    expectProblem(await t.call('DELETE', `${FIELDS}/${tier.id}?force=false`), 409, 'IN_USE')
    expectProblem(await t.call('DELETE', `${FIELDS}/${tier.id}?force=maybe`), 400, 'VALIDATION_FAILED')
    expect(t.snapshot()).toBe(before)
    expect((await t.call('DELETE', `${FIELDS}/${tier.id}?force=true`)).status).toBe(204)
    expectProblem(await t.call('GET', `${FIELDS}/${tier.id}`), 404)
    const after = await readAccount(acme.id)
    expect(after.customFields).toEqual({ since: '2021-06-01' })
    expect(after.version).toBe(2)
    const audit = (await t.call('GET', `/v1/audit-events?ids=${acme.id}&action=update`)).body.content
    expect(audit[0].changes.customFields).toEqual({
      from: { tier: 'gold', since: '2021-06-01' },
      to: { since: '2021-06-01' },
    })
    // Without values, a plain DELETE goes through; a record holding an empty value loses the key.
    const emptyOnly = await field('note', 'ORGANISATION', 'TEXT')
    const org = await created('POST', ORGANISATIONS, orgBody(acme.id, { customFields: { note: null } }))
    expect((await t.call('DELETE', `${FIELDS}/${emptyOnly.id}`)).status).toBe(204)
    expect((await t.call('GET', `${ORGANISATIONS}/${org.id}`)).body.customFields).toEqual({})
  })

  it('CF1 a field made required later leaves existing records as they are; the next write of their customFields must carry it', async () => {
    const acme = await created('POST', ACCOUNTS, accountBody())
    await field('tier', 'CUSTOMER_ACCOUNT', 'TEXT', { required: true })
    expect((await readAccount(acme.id)).customFields).toEqual({})
    expect(
      (await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ name: 'ACME Renamed' }) })).status,
    ).toBe(200)
    expect(
      expectProblem(await t.call('PUT', `${ACCOUNTS}/${acme.id}`, { body: accountBody({ customFields: {} }) }), 422)
        .errors,
    ).toEqual([{ field: 'customFields.tier', code: 'REQUIRED', message: 'is required' }])
  })
})

describe('CF2 values checked against their definitions', () => {
  /** One definition per type (and a multiple LIST) on `entity`. */
  async function defineAll(entity: Entity) {
    await field('note', entity, 'TEXT')
    await field('budget', entity, 'NUMBER')
    await field('vip', entity, 'BOOLEAN')
    await field('since', entity, 'DATE')
    await field('tier', entity, 'LIST', { options: ['gold', 'silver'] })
    await field('labels', entity, 'LIST', { options: ['eco', 'bio', 'local'], multiple: true })
    await field('days', entity, 'DATE', { multiple: true })
  }
  const good = {
    note: 'Key account',
    budget: 12500.5,
    vip: true,
    since: '2024-02-29',
    tier: 'gold',
    labels: ['eco', 'local'],
    days: ['2024-01-01'],
  }
  const bad: [Record<string, unknown>, string, string][] = [
    [{ colour: 'red' }, 'customFields.colour', 'UNKNOWN_FIELD'],
    [{ note: 42 }, 'customFields.note', 'INVALID'],
    [{ note: 'x'.repeat(4001) }, 'customFields.note', 'INVALID'],
    [{ budget: '12' }, 'customFields.budget', 'INVALID'],
    [{ vip: 'true' }, 'customFields.vip', 'INVALID'],
    [{ vip: 1 }, 'customFields.vip', 'INVALID'],
    [{ since: '2023-02-29' }, 'customFields.since', 'INVALID'],
    [{ since: '2024-13-01' }, 'customFields.since', 'INVALID'],
    [{ since: '20240101' }, 'customFields.since', 'INVALID'],
    [{ since: '2024-1-1' }, 'customFields.since', 'INVALID'],
    [{ since: '2024-01-01T00:00:00Z' }, 'customFields.since', 'INVALID'],
    [{ tier: 'platinum' }, 'customFields.tier', 'INVALID'],
    [{ tier: 'GOLD' }, 'customFields.tier', 'INVALID'],
    [{ tier: ['gold'] }, 'customFields.tier', 'INVALID'],
    [{ labels: 'eco' }, 'customFields.labels', 'INVALID'],
    [{ labels: ['eco', 'plastic'] }, 'customFields.labels', 'INVALID'],
    [{ days: ['2024-01-01', '2024-02-30'] }, 'customFields.days', 'INVALID'],
  ]

  const entities: {
    entity: Entity
    label: string
    create: (accountId: string, customFields?: unknown) => [string, unknown]
  }[] = [
    {
      entity: 'CUSTOMER_ACCOUNT',
      label: 'customer account',
      create: (_a, customFields) => [ACCOUNTS, accountBody({ externalId: 'NEW', customFields })],
    },
    {
      entity: 'ORGANISATION',
      label: 'organisation',
      create: (a, customFields) => [ORGANISATIONS, orgBody(a, { customFields })],
    },
    {
      entity: 'CUSTOMER_USER',
      label: 'customer user',
      create: (a, customFields) => [USERS, userBody(a, { customFields })],
    },
  ]

  for (const { entity, label, create } of entities) {
    it(`CF2 ${label}: every wrong value → 422 naming customFields.<externalId>, on create and update; nothing stored, no id taken`, async () => {
      const acme = await created('POST', ACCOUNTS, accountBody())
      await defineAll(entity)
      const before = t.snapshot()
      for (const [values, name, code] of bad) {
        const [path, body] = create(acme.id, values)
        const p = expectProblem(await t.call('POST', path, { body }), 422, 'RULE_VIOLATION')
        expect(p.errors, JSON.stringify(values)).toEqual([expect.objectContaining({ field: name, code })])
      }
      expect(t.snapshot()).toBe(before)
      // Every problem at once: each field is named.
      const [path, body] = create(acme.id, { note: 1, budget: 'x', colour: 'red' })
      const all = expectProblem(await t.call('POST', path, { body }), 422)
      expect(all.errors!.map((e) => e.field).sort()).toEqual([
        'customFields.budget',
        'customFields.colour',
        'customFields.note',
      ])
      expect(t.snapshot()).toBe(before)

      // Good values are stored as given, and an update is checked the same way.
      const [goodPath, goodBody] = create(acme.id, good)
      const record = await created('POST', goodPath, goodBody)
      expect(record.customFields).toEqual(good)
      const itemPath = `${goodPath}/${record.id}`
      const updateBody =
        entity === 'CUSTOMER_ACCOUNT'
          ? accountBody({ externalId: 'NEW' })
          : entity === 'ORGANISATION'
            ? { externalId: 'ACME-SPACE', name: 'ACME Space' }
            : userBody(acme.id)
      const afterCreate = t.snapshot()
      for (const [values, name] of bad) {
        const p = expectProblem(await t.call('PUT', itemPath, { body: { ...updateBody, customFields: values } }), 422)
        expect(p.errors![0].field).toBe(name)
      }
      expect(t.snapshot()).toBe(afterCreate)
      const cleared = await created('PUT', itemPath, { ...updateBody, customFields: { note: 'Changed', budget: null } })
      expect(cleared.customFields).toEqual({ note: 'Changed', budget: null })
    })

    it(`CF2 ${label}: a required field missing (absent, null, empty text or empty list) on create → 422 REQUIRED, nothing stored`, async () => {
      const acme = await created('POST', ACCOUNTS, accountBody())
      await field('siret', entity, 'TEXT', { required: true })
      await field('labels', entity, 'LIST', { options: ['eco'], multiple: true, required: true })
      const before = t.snapshot()
      for (const values of [undefined, {}, { siret: null, labels: null }, { siret: '', labels: [] }]) {
        const [path, body] = create(acme.id, values)
        const p = expectProblem(await t.call('POST', path, { body }), 422, 'RULE_VIOLATION')
        expect(p.errors, JSON.stringify(values)).toEqual([
          { field: 'customFields.siret', code: 'REQUIRED', message: 'is required' },
          { field: 'customFields.labels', code: 'REQUIRED', message: 'is required' },
        ])
      }
      expect(t.snapshot()).toBe(before)
      const [path, body] = create(acme.id, { siret: '552 100 554 00012', labels: ['eco'] })
      expect((await t.call('POST', path, { body })).status).toBe(201)
    })
  }

  it('CF2 values are checked against the definitions of their own entity only', async () => {
    await field('tier', 'ORGANISATION', 'TEXT')
    const p = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ customFields: { tier: 'gold' } }) }),
      422,
    )
    expect(p.errors).toEqual([expect.objectContaining({ field: 'customFields.tier', code: 'UNKNOWN_FIELD' })])
    const acme = await created('POST', ACCOUNTS, accountBody())
    expect(
      (await created('POST', ORGANISATIONS, orgBody(acme.id, { customFields: { tier: 'gold' } }))).customFields,
    ).toEqual({ tier: 'gold' })
  })

  it('CF2 a value that is not JSON scalar or list (an object) → 400 naming the field', async () => {
    await field('note', 'CUSTOMER_ACCOUNT', 'TEXT')
    const p = expectProblem(
      await t.call('POST', ACCOUNTS, { body: accountBody({ customFields: { note: { text: 'x' } } }) }),
      400,
      'VALIDATION_FAILED',
    )
    expect(p.errors![0].field).toMatch(/^customFields\.note/)
    expect(t.app.db.customerAccounts.size).toBe(0)
  })
})
