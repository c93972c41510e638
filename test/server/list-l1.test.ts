import { beforeAll, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { login, makeAccount, makeOrg, makeUser } from './customer-fixtures.js'

/**
 * L1: what the Emporix customer list promises — sort by company, filter and sort by preferred site — and custom
 * fields as list columns: `customFields.<externalId>` filters (and sorts) every list of an entity that has them.
 */
describe('L1 lists: company, preferredSite, custom fields', () => {
  let t: TestApp
  const acc: Record<string, { id: string }> = {}
  const ext = (r: { body: { content: { externalId: string }[] } }) => r.body.content.map((u) => u.externalId)
  const list = async (path: string, query: string) => {
    const r = await t.call('GET', `${path}?size=100&${query}`, { as: 'reader' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r
  }
  const users = async (query: string) => ext(await list('/v1/customer-users', query))
  const field = async (body: Record<string, unknown>) => {
    const r = await t.call('POST', '/v1/custom-fields', { body })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }

  beforeAll(async () => {
    t = await testApp()
    await field({ externalId: 'tier', name: 'Customer tier', entity: 'CUSTOMER_USER', type: 'TEXT' })
    await field({ externalId: 'size', name: 'Shoe size', entity: 'CUSTOMER_USER', type: 'NUMBER' })
    await field({ externalId: 'vip', name: 'Very important', entity: 'CUSTOMER_USER', type: 'BOOLEAN' })
    await field({
      externalId: 'langs',
      name: 'Languages',
      entity: 'CUSTOMER_USER',
      type: 'LIST',
      options: ['fr', 'en', 'de'],
      multiple: true,
    })
    await field({ externalId: 'tier', name: 'Account tier', entity: 'CUSTOMER_ACCOUNT', type: 'TEXT' })
    await field({
      externalId: 'region',
      name: 'Sales region',
      entity: 'ORGANISATION',
      type: 'LIST',
      options: ['N', 'S'],
    })
    // Names sort otherwise than externalIds and creation order: Zeta, Alpha, Émile (accent ignored), beta (case ignored).
    for (const [key, name] of [
      ['Z', 'Zeta'],
      ['A', 'Alpha'],
      ['E', 'Émile'],
      ['B', 'beta'],
    ])
      acc[key] = await makeAccount(t, `ACC-${key}`, { name, customFields: { tier: key === 'Z' ? 'gold' : 'silver' } })
    const specs: [string, string[], string | null, Record<string, unknown>][] = [
      ['U1', ['Z'], 'FR', { tier: 'Gold', size: 42, vip: true, langs: ['fr', 'en'] }],
      ['U2', ['A'], 'DE', { tier: 'silver', size: 38.5, vip: false, langs: ['de'] }],
      ['U3', ['E', 'Z'], 'fr', { tier: 'gold', size: 40 }],
      ['U4', ['B'], null, {}],
      ['U5', ['A', 'B'], 'BE', { tier: 'bronze', vip: true, langs: ['en'] }],
    ]
    for (const [externalId, accounts, preferredSite, customFields] of specs)
      await makeUser(t, {
        externalId,
        accountIds: accounts.map((k) => acc[k].id),
        groups: ['FOC_Admin'],
        ...({ preferredSite, customFields } as object),
      })
  })

  it('L1 sort=company orders users by the name of their first account, both ways; ties by id', async () => {
    // U2, U5 → Alpha; U4 → beta; U3 → Émile; U1 → Zeta.
    expect(await users('sort=company:asc')).toEqual(['U2', 'U5', 'U4', 'U3', 'U1'])
    expect(await users('sort=company:desc')).toEqual(['U1', 'U3', 'U4', 'U2', 'U5'])
    expect(await users('sort=company,desc&sort=externalId:desc')).toEqual(['U1', 'U3', 'U4', 'U5', 'U2'])
    // Paging a tied sort covers every row once.
    const pages = []
    for (let page = 0; page < 3; page++)
      pages.push(...ext(await t.call('GET', `/v1/customer-users?sort=company:asc&size=2&page=${page}`)))
    expect(pages).toEqual(['U2', 'U5', 'U4', 'U3', 'U1'])
  })

  it('L1 renaming an account moves its users in a company sort already answered (caches follow accounts)', async () => {
    expect(await users('sort=company:asc')).toEqual(['U2', 'U5', 'U4', 'U3', 'U1'])
    const rename = async (key: string, name: string) => {
      const r = await t.call('PUT', `/v1/customer-accounts/${acc[key].id}`, {
        body: {
          externalId: `ACC-${key}`,
          name,
          companyRegistrationName: `ACC-${key} SAS`,
          businessRegistrationNumber: `RCS-ACC-${key}`,
        },
      })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
    }
    await rename('Z', 'Aardvark')
    expect(await users('sort=company:asc')).toEqual(['U1', 'U2', 'U5', 'U4', 'U3'])
    expect(await users('sort=company:desc&search=u')).toEqual(['U3', 'U4', 'U2', 'U5', 'U1'])
    await rename('Z', 'Zeta')
    expect(await users('sort=company:asc')).toEqual(['U2', 'U5', 'U4', 'U3', 'U1'])
  })

  it('L1 users without an account sort last by company, ascending and descending', async () => {
    // U3 makes it impossible through the API; a record left so (storage edited by hand) still lists.
    const db = t.app.db
    const u4 = db.customerUsers.findBy('externalId', 'U4')!
    db.customerUsers.replace({ ...u4, accountIds: [] })
    try {
      expect(await users('sort=company:asc')).toEqual(['U2', 'U5', 'U3', 'U1', 'U4'])
      expect(await users('sort=company:desc')).toEqual(['U1', 'U3', 'U2', 'U5', 'U4'])
    } finally {
      db.customerUsers.replace(u4)
    }
  })

  it('L1 preferredSite filters (repeated or comma list, OR-ed, no case) and sorts, users without one last', async () => {
    expect(await users('preferredSite=fr')).toEqual(['U1', 'U3'])
    expect(await users('preferredSite=FR,be')).toEqual(['U1', 'U3', 'U5'])
    expect(await users('preferredSite=DE&preferredSite=BE')).toEqual(['U2', 'U5'])
    expect(await users(`preferredSite=FR,DE&accountIds=${acc.A.id}`)).toEqual(['U2'])
    expect(await users('preferredSite=XX')).toEqual([])
    expect(await users('sort=preferredSite:asc')).toEqual(['U5', 'U2', 'U1', 'U3', 'U4'])
    expect(await users('sort=preferredSite:desc')).toEqual(['U1', 'U3', 'U2', 'U5', 'U4'])
  })

  it('L1 customFields.<id> filters users: OR within a field, AND across fields and filters, without case', async () => {
    expect(await users('customFields.tier=gold')).toEqual(['U1', 'U3'])
    expect(await users('customFields.tier=GOLD,bronze')).toEqual(['U1', 'U3', 'U5'])
    expect(await users('customFields.tier=gold&customFields.tier=silver')).toEqual(['U1', 'U2', 'U3'])
    expect(await users('customFields.tier=gold,silver&customFields.vip=true')).toEqual(['U1'])
    expect(await users(`customFields.tier=gold&preferredSite=fr&accountIds=${acc.E.id}`)).toEqual(['U3'])
    expect(await users('customFields.tier=gold&search=u1')).toEqual(['U1'])
    expect(await users('customFields.tier=platinum')).toEqual([])
  })

  it('L1 non-text custom fields compare in canonical form: numbers, booleans, each value of a multiple field', async () => {
    expect(await users('customFields.size=42')).toEqual(['U1'])
    expect(await users('customFields.size=42.0,38.5')).toEqual(['U1', 'U2'])
    expect(await users('customFields.size=4e1')).toEqual(['U3'])
    expect(await users('customFields.vip=TRUE')).toEqual(['U1', 'U5'])
    expect(await users('customFields.vip=false')).toEqual(['U2'])
    expect(await users('customFields.langs=en')).toEqual(['U1', 'U5'])
    expect(await users('customFields.langs=de,fr')).toEqual(['U1', 'U2'])
  })

  it('L1 sort=customFields.<id>: numbers numerically, false before true, records without a value last', async () => {
    expect(await users('sort=customFields.size:asc')).toEqual(['U2', 'U3', 'U1', 'U4', 'U5'])
    expect(await users('sort=customFields.size:desc')).toEqual(['U1', 'U3', 'U2', 'U4', 'U5'])
    expect(await users('sort=customFields.vip:asc&sort=externalId:desc')).toEqual(['U2', 'U5', 'U1', 'U4', 'U3'])
    expect(await users('sort=customFields.tier:asc')).toEqual(['U5', 'U1', 'U3', 'U2', 'U4'])
    // A field of another entity, or none, is an unknown sort field: ignored (creation order).
    expect(await users('sort=customFields.region:desc')).toEqual(['U1', 'U2', 'U3', 'U4', 'U5'])
  })

  it('L1 a customFields.<id> that is no custom field of the entity is ignored, like any unknown parameter', async () => {
    expect(await users('customFields.nope=x')).toEqual(['U1', 'U2', 'U3', 'U4', 'U5'])
    expect(await users('customFields.region=N&customFields.tier=gold')).toEqual(['U1', 'U3'])
    expect(await users('customFields.Tier=gold')).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']) // ids are exact
  })

  it('L1 --strict accepts customFields.<id> of a defined field and refuses another, naming it', async () => {
    const strict = await testApp({ strict: true })
    const r0 = await strict.call('POST', '/v1/custom-fields', {
      body: { externalId: 'tier', name: 'Customer tier', entity: 'CUSTOMER_USER', type: 'TEXT' },
    })
    expect(r0.status).toBe(201)
    await strict.call('POST', '/v1/custom-fields', {
      body: { externalId: 'region', name: 'Sales region', entity: 'ORGANISATION', type: 'TEXT' },
    })
    const ok = await strict.call('GET', '/v1/customer-users?customFields.tier=gold&sort=customFields.tier:asc')
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect((await strict.call('GET', '/v1/customer-users?preferredSite=FR&sort=company:asc')).status).toBe(200)
    const bad = expectProblem(
      await strict.call('GET', '/v1/customer-users?customFields.tier=gold&customFields.region=N&customFields.x=1'),
      400,
      'UNKNOWN_QUERY_PARAMETER',
    )
    expect((bad.errors ?? []).map((e: { field: string }) => e.field).sort()).toEqual([
      'customFields.region',
      'customFields.x',
    ])
    expect((await strict.call('GET', '/v1/organisations?customFields.region=N')).status).toBe(200)
    expectProblem(
      await strict.call('GET', '/v1/customer-accounts?customFields.region=N'),
      400,
      'UNKNOWN_QUERY_PARAMETER',
    )
    // Only list routes take them.
    expectProblem(await strict.call('GET', '/v1/stores?customFields.tier=gold'), 400, 'UNKNOWN_QUERY_PARAMETER')
  })

  it('L1 a renamed custom field filters under its new externalId', async () => {
    const def = (await t.call('GET', '/v1/custom-fields?externalIds=size&entity=CUSTOMER_USER')).body.content[0]
    expect(await users('customFields.size=42')).toEqual(['U1'])
    const r = await t.call('PUT', `/v1/custom-fields/${def.id}`, {
      body: { externalId: 'shoeSize', name: 'Shoe size', entity: 'CUSTOMER_USER', type: 'NUMBER' },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(await users('customFields.shoeSize=42')).toEqual(['U1'])
    expect(await users('customFields.size=42')).toEqual(['U1', 'U2', 'U3', 'U4', 'U5'])
    await t.call('PUT', `/v1/custom-fields/${def.id}`, {
      body: { externalId: 'size', name: 'Shoe size', entity: 'CUSTOMER_USER', type: 'NUMBER' },
    })
    expect(await users('customFields.size=42')).toEqual(['U1'])
  })

  it('L1 accounts and organisations filter and sort by their own custom fields', async () => {
    const accounts = async (q: string) => ext(await list('/v1/customer-accounts', q))
    expect(await accounts('customFields.tier=GOLD')).toEqual(['ACC-Z'])
    expect(await accounts('customFields.tier=silver&status=ACTIVE&sort=name:desc')).toEqual(['ACC-E', 'ACC-B', 'ACC-A'])
    expect(await accounts('sort=customFields.tier:desc&sort=externalId:asc')).toEqual([
      'ACC-A',
      'ACC-B',
      'ACC-E',
      'ACC-Z',
    ])
    await makeOrg(t, { externalId: 'ORG-N', accountId: acc.A.id, ...({ customFields: { region: 'N' } } as object) })
    await makeOrg(t, { externalId: 'ORG-S', accountId: acc.A.id, ...({ customFields: { region: 'S' } } as object) })
    await makeOrg(t, { externalId: 'ORG-0', accountId: acc.B.id })
    const orgs = async (q: string) => ext(await list('/v1/organisations', q))
    expect(await orgs('customFields.region=n')).toEqual(['ORG-N'])
    expect(await orgs(`customFields.region=N,S&accountIds=${acc.A.id}`)).toEqual(['ORG-N', 'ORG-S'])
    expect(await orgs('sort=customFields.region:desc')).toEqual(['ORG-S', 'ORG-N', 'ORG-0'])
  })

  it('L1 the storefront user list filters by custom fields, within the current account only', async () => {
    const shop = await login(t, 'u5@example.com', undefined, acc.A.id)
    const shopUsers = async (q: string) => {
      const r = await shop.call('GET', `/v1/shop/customer-users?${q}`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return ext(r)
    }
    expect(await shopUsers('')).toEqual(['U2', 'U5'])
    expect(await shopUsers('customFields.tier=bronze')).toEqual(['U5'])
    expect(await shopUsers('customFields.tier=gold')).toEqual([])
    expect(await shopUsers('sort=customFields.size:asc')).toEqual(['U2', 'U5'])
    // The back-office filters are no parameters here: ignored.
    expect(await shopUsers('preferredSite=BE&status=INACTIVE')).toEqual(['U2', 'U5'])
  })
})
