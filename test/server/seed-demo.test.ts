/**
 * Issue 14 item 12: the demo data with its generated bulk (mock-server/demo-data.ts, docs/demo-data.md) — the same
 * seed gives the same data byte for byte, the sizes are those documented, every generated record passes the server's
 * own rules (the contract's shapes and the data rules, and a round trip through the API), and the named demo records
 * are what they were.
 */
import {
  AccountInput,
  AddressInput,
  CustomerUserInput,
  LegalUserInput,
  OperatorInput,
  OrganisationInput,
} from '@dj-customers/spec'
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp, type DjApp } from '../../mock-server/app.js'
import { Db } from '../../mock-server/db.js'
import { asciiSlug, DEMO_BULK, mulberry32 } from '../../mock-server/demo-data.js'
import { allGroups, isAdminIn, membershipsOf } from '../../mock-server/domain/memberships.js'
import {
  DEMO_CUSTOMER_EXTERNAL_IDS,
  DEMO_CUSTOMER_PASSWORD,
  DEMO_DEEP_TREE_ACCOUNT,
  DEMO_DEEP_TREE_ADMIN,
  DEMO_KEYS,
  seedDemo,
} from '../../mock-server/seed.js'
import type { CustomerUserRecord, OrganisationRecord } from '../../mock-server/types.js'

const NOW = new Date('2026-01-05T09:00:00.000Z')
const EXTERNAL_ID = /^[A-Za-z0-9_.:-]{1,255}$/
/** The small demo set, as before the bulk: what tests, mocks and the demo pages count on. */
const SMALL = {
  stores: 3,
  operators: 3,
  accounts: 4,
  customerUsers: 4,
  organisations: 9,
  customerTags: 3,
  customFields: 0,
}

async function seeded(options: Parameters<typeof seedDemo>[1] = {}) {
  const db = new Db(undefined, NOW.toISOString())
  await seedDemo(db, { passwordIterations: 1000, now: NOW, ...options })
  return db
}

const NAMED = new Set<string>(DEMO_CUSTOMER_EXTERNAL_IDS)
const digest = (text: string) => `${text.length} bytes, sha256 ${createHash('sha256').update(text).digest('hex')}`

/** The saved form, less the named users' password (a random salt each run: the one part not generated). */
function saved(db: Db) {
  const json = db.toJSON()
  return digest(
    JSON.stringify({
      ...json,
      customerUsers: json.customerUsers.map((u) => (NAMED.has(u.externalId) ? { ...u, password: null } : u)),
    }),
  )
}

/** The generated records (those of the small set and the named users apart). */
const generated = (db: Db) =>
  digest(
    JSON.stringify([
      [...db.operators.values()].slice(SMALL.operators),
      [...db.customerAccounts.values()].slice(SMALL.accounts),
      [...db.organisations.values()].slice(SMALL.organisations),
      [...db.customerUsers.values()].filter((u) => !NAMED.has(u.externalId)),
    ]),
  )

const depthOf = (db: Db, org: OrganisationRecord): number => {
  let depth = 1
  for (let p = org.parentId; p; p = db.organisations.get(p)!.parentId) depth++
  return depth
}

describe('demo data: the generated bulk (issue 14 item 12)', () => {
  let db: Db

  beforeAll(async () => {
    db = await seeded({ bulk: true })
  })

  it('mulberry32 is a fixed sequence: the same seed, the same numbers', () => {
    const a = mulberry32(14)
    const b = mulberry32(14)
    const first = Array.from({ length: 5 }, () => a())
    expect(Array.from({ length: 5 }, () => b())).toEqual(first)
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(mulberry32(15)()).not.toBe(first[0])
    expect(asciiSlug('Lebœuf')).toBe('leboeuf')
    expect(asciiSlug('Weiß')).toBe('weiss')
    expect(asciiSlug("N'Diaye")).toBe('n-diaye')
    expect(asciiSlug('Marie-Hélène')).toBe('marie-helene')
  })

  it('is deterministic: two runs give the same data byte for byte; another seed gives other data', async () => {
    const again = await seeded({ bulk: true })
    expect(saved(again)).toBe(saved(db))
    // Not the clock: the generated records do not move with `now`.
    const later = await seeded({ bulk: true, now: new Date('2027-03-01T00:00:00.000Z') })
    expect(generated(later)).toBe(generated(db))
    const other = await seeded({ bulk: { seed: 15 } })
    expect(generated(other)).not.toBe(generated(db))
    expect(other.customerUsers.size).toBe(db.customerUsers.size)
  })

  it('has the documented sizes: 250 operators, 120 accounts, 3,000 customer users, a 300-organisation tree 7 deep', () => {
    expect(DEMO_BULK).toMatchObject({ operators: 250, accounts: 120, customerUsers: 3000, deepTreeOrganisations: 300 })
    expect(db.stores.size).toBe(SMALL.stores)
    expect(db.operators.size).toBe(SMALL.operators + 250)
    expect(db.customerAccounts.size).toBe(SMALL.accounts + 120)
    expect(db.customerUsers.size).toBe(SMALL.customerUsers + 3000)
    expect(db.customerTags.size).toBe(SMALL.customerTags + 10)
    expect(db.customFields.size).toBe(3)
    const deep = db.customerAccounts.findBy('externalId', DEMO_DEEP_TREE_ACCOUNT)!
    const tree = [...db.organisations.values()].filter((o) => o.accountId === deep.id)
    expect(tree).toHaveLength(300)
    const depth = Math.max(...tree.map((o) => depthOf(db, o)))
    expect(depth).toBeGreaterThanOrEqual(6)
    expect(depth).toBeLessThanOrEqual(10) // O1
    // Many accounts, many users each; the deep one with hundreds.
    const members = (id: string) => [...db.customerUsers.values()].filter((u) => u.accountIds.includes(id)).length
    expect(members(deep.id)).toBeGreaterThan(400)
    // Tags in use: every tag on some account.
    const used = new Set([...db.customerAccounts.values()].flatMap((a) => a.customerTagIds))
    for (const tag of db.customerTags.values()) expect(used.has(tag.id), tag.externalId).toBe(true)
    // Every approval state and every store has records.
    expect(new Set([...db.customerAccounts.values()].map((a) => a.status))).toEqual(
      new Set(['ACTIVE', 'WAITING_APPROVAL', 'REJECTED', 'INACTIVE']),
    )
    for (const store of ['FR', 'BE', 'DE']) {
      expect([...db.operators.values()].some((o) => o.storeIds.includes(store))).toBe(true)
      expect([...db.customerUsers.values()].some((u) => u.storeIds.includes(store))).toBe(true)
    }
  })

  it('takes other sizes: a lighter bulk for callers that want one', async () => {
    const light = await seeded({ bulk: { operators: 10, accounts: 6, customerUsers: 40, deepTreeOrganisations: 25 } })
    expect(light.operators.size).toBe(SMALL.operators + 10)
    expect(light.customerAccounts.size).toBe(SMALL.accounts + 6)
    expect(light.customerUsers.size).toBe(SMALL.customerUsers + 40)
    const deep = light.customerAccounts.findBy('externalId', DEMO_DEEP_TREE_ACCOUNT)!
    expect([...light.organisations.values()].filter((o) => o.accountId === deep.id)).toHaveLength(25)
  })

  it('every generated record has the shape the contract accepts (the bodies that would create it)', () => {
    const problems: string[] = []
    const check = (
      what: string,
      schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
      v: unknown,
    ) => {
      const r = schema.safeParse(v)
      if (!r.success) problems.push(`${what}: ${JSON.stringify(r.error)}`)
    }
    for (const o of db.operators.values())
      check(`operator ${o.externalId}`, OperatorInput, {
        externalId: o.externalId,
        email: o.email,
        civility: o.civility,
        firstName: o.firstName,
        lastName: o.lastName,
        locale: o.locale,
        status: o.status,
        groups: o.groups,
        storeIds: o.storeIds,
        support: o.support,
      })
    for (const a of db.customerAccounts.values()) {
      check(`account ${a.externalId}`, AccountInput, {
        externalId: a.externalId,
        name: a.name,
        accountManagerId: a.accountManagerId,
        website: a.website,
        companyRegistrationName: a.companyRegistrationName,
        businessRegistrationNumber: a.businessRegistrationNumber,
        vatNumber: a.vatNumber,
        customerTagIds: a.customerTagIds,
        customFields: a.customFields,
      })
      for (const { id: _id, ...address } of a.addresses) check(`address ${address.externalId}`, AddressInput, address)
      if (a.legalUser) check(`legal user of ${a.externalId}`, LegalUserInput, a.legalUser)
    }
    for (const o of db.organisations.values())
      check(`organisation ${o.externalId}`, OrganisationInput, {
        externalId: o.externalId,
        name: o.name,
        accountId: o.accountId,
        parentId: o.parentId,
        status: o.status,
        customFields: o.customFields,
      })
    for (const u of db.customerUsers.values())
      check(`customer user ${u.externalId}`, CustomerUserInput, {
        externalId: u.externalId,
        civility: u.civility,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        phone: u.phone,
        groups: allGroups(u),
        accountIds: u.accountIds,
        memberships: membershipsOf(u),
        organisationIds: u.organisationIds,
        mainOrganisationId: u.mainOrganisationId,
        storeIds: u.storeIds,
        status: u.status,
        onHold: u.onHold,
        preferredCurrency: u.preferredCurrency,
        preferredSite: u.preferredSite,
        customFields: u.customFields,
      })
    expect(problems).toEqual([])
  })

  it('keeps the data rules: unique ids and emails, organisations and users in their accounts, an ACTIVE FOC_Admin per account', () => {
    const distinct = (xs: string[]) => new Set(xs).size === xs.length
    const operators = [...db.operators.values()]
    const users = [...db.customerUsers.values()]
    const orgs = [...db.organisations.values()]
    const accounts = [...db.customerAccounts.values()]
    expect(distinct(operators.map((o) => o.email.toLowerCase()))).toBe(true) // §2, OP1
    expect(distinct(users.map((u) => u.email.toLowerCase()))).toBe(true) // U2
    expect(distinct(users.map((u) => u.externalId))).toBe(true)
    expect(distinct(orgs.map((o) => o.externalId))).toBe(true) // O2
    expect(distinct(accounts.flatMap((a) => a.addresses.map((x) => x.externalId)))).toBe(true)
    // O2: names unique among siblings, ignoring case.
    expect(distinct(orgs.map((o) => `${o.accountId}/${o.parentId}/${o.name.toLowerCase()}`))).toBe(true)
    // One list of every breach, so a failure names them all (and thousands of records cost one assertion).
    const breaches: string[] = []
    const breach = (ok: boolean, what: string) => ok || breaches.push(what)
    for (const r of [...operators, ...users, ...orgs, ...accounts])
      breach(EXTERNAL_ID.test(r.externalId), `externalId ${r.externalId}`)
    const stores = new Set([...db.stores.values()].map((s) => s.externalId))
    for (const o of operators)
      breach(
        o.storeIds.every((s) => stores.has(s)),
        `stores of ${o.externalId}`,
      ) // OP3
    for (const o of orgs) {
      breach(!!db.customerAccounts.get(o.accountId), `account of ${o.externalId}`)
      const parent = o.parentId ? db.organisations.get(o.parentId) : null
      breach(parent === null || parent?.accountId === o.accountId, `parent of ${o.externalId}`) // O1, O3
    }
    const admins = new Map<string, number>()
    for (const u of users) {
      const what = `customer user ${u.externalId}`
      breach(u.accountIds.length > 0, `${what}: no account`) // U3
      const keys = Object.keys(u.groupsByAccount)
      breach(keys.length === u.accountIds.length && keys.every((k) => u.accountIds.includes(k)), `${what}: groups`) // U16
      for (const id of u.organisationIds)
        breach(u.accountIds.includes(db.organisations.get(id)?.accountId ?? ''), `${what}: organisation ${id}`) // U3
      if (u.organisationIds.length > 1)
        breach(u.organisationIds.includes(u.mainOrganisationId ?? ''), `${what}: main organisation`) // U4
      // U10: a multi-store tenant.
      breach(u.storeIds.length > 0 && u.storeIds.every((s) => stores.has(s)), `${what}: stores`)
      if (u.status === 'ACTIVE' && !u.onHold)
        for (const id of u.accountIds) if (isAdminIn(u, id)) admins.set(id, (admins.get(id) ?? 0) + 1)
    }
    for (const a of accounts.slice(SMALL.accounts)) {
      breach((admins.get(a.id) ?? 0) > 0, `${a.externalId}: no ACTIVE FOC_Admin`) // SS4
      breach(a.addresses.filter((x) => x.isDefault && x.shipping).length <= 1, `${a.externalId}: defaults`) // A4
    }
    for (const a of accounts)
      breach(!a.accountManagerId || !!db.operators.get(a.accountManagerId), `${a.externalId}: account manager`)
    expect(breaches).toEqual([])
  })

  it('costs no password hashing and leaves no audit events nor outbox messages for the generated records', async () => {
    const small = await seeded()
    expect(db.auditEvents.size).toBe(small.auditEvents.size)
    expect(db.notifications.size).toBe(small.notifications.size)
    // Each generated user has a salt of their own and a hash no password was hashed into.
    const generated = [...db.customerUsers.values()].filter(
      (u) => !(DEMO_CUSTOMER_EXTERNAL_IDS as readonly string[]).includes(u.externalId),
    )
    expect(new Set(generated.map((u) => u.password.salt)).size).toBe(generated.length)
  })

  it('keeps the named demo records as they were: the same ids and fields, with or without the bulk', async () => {
    const small = await seeded()
    expect({
      stores: small.stores.size,
      operators: small.operators.size,
      accounts: small.customerAccounts.size,
      customerUsers: small.customerUsers.size,
      organisations: small.organisations.size,
      customerTags: small.customerTags.size,
      customFields: small.customFields.size,
    }).toEqual(SMALL)
    const sameIn = (name: 'stores' | 'operators' | 'customerTags' | 'customerAccounts' | 'organisations') => {
      for (const r of small[name].values()) expect(db[name].get(r.id), `${name} ${r.id}`).toEqual(r)
    }
    for (const name of ['stores', 'operators', 'customerTags', 'customerAccounts', 'organisations'] as const)
      sameIn(name)
    for (const u of small.customerUsers.values()) {
      const { password: _p, ...rest } = db.customerUsers.get(u.id) as CustomerUserRecord
      const { password: _q, ...was } = u
      expect(rest).toEqual(was)
    }
    expect(db.settings).toEqual(small.settings)
    expect([...db.apiKeys.values()]).toEqual([...small.apiKeys.values()])
  })
})

describe('demo data through the API', () => {
  let app: DjApp
  const op = (key: string = DEMO_KEYS.Admin) => ({ 'dj-client': 'OPERATOR', 'dj-api-key': key })
  const get = async (path: string, key?: string) => {
    const r = await app.request(path, { headers: op(key) })
    expect(r.status, path).toBe(200)
    return r.json()
  }

  beforeAll(async () => {
    app = await createApp({ passwordIterations: 1000 })
    await seedDemo(app.db, { passwordIterations: 1000, bulk: true })
  })

  it('pages and searches operators and customer users', async () => {
    const operators = await get('/v1/operator-users?size=25')
    expect(operators).toMatchObject({ totalElements: 253, totalPages: 11, numberOfElements: 25 })
    // OP5: accent-insensitive search finds the generated names with accents.
    const jurgen = await get('/v1/operator-users?search=jurgen&size=100', DEMO_KEYS.Reader)
    expect(jurgen.totalElements).toBeGreaterThan(0)
    for (const o of jurgen.content) expect(`${o.firstName} ${o.lastName} ${o.email}`).toMatch(/j[üu]rgen/i)
    // The named demo records still answer their searches alone.
    expect((await get('/v1/operator-users?search=claire')).totalElements).toBe(1)
    const users = await get('/v1/customer-users?size=50&page=3')
    expect(users).toMatchObject({ totalElements: 3004, number: 3, numberOfElements: 50 })
    expect((await get('/v1/customer-accounts?size=1')).totalElements).toBe(124)
    expect((await get('/v1/customer-tags?size=100')).totalElements).toBe(13)
  })

  it('shows the deep tree to an operator, and to its FOC_Admin on the storefront with the demo password', async () => {
    const count = (nodes: { children: unknown[] }[]): number =>
      nodes.reduce((n, node) => n + 1 + count(node.children as never), 0)
    const depth = (nodes: { children: unknown[] }[]): number =>
      nodes.length ? 1 + Math.max(...nodes.map((n) => depth(n.children as never))) : 0
    const tree = await get(`/v1/customer-accounts/${DEMO_DEEP_TREE_ACCOUNT}/organisations?idType=EXTERNAL_ID`)
    expect(count(tree)).toBe(300)
    expect(depth(tree)).toBeGreaterThanOrEqual(6)
    const login = await app.request('/auth/token', {
      method: 'POST',
      headers: { 'dj-client': 'ACCOUNT', 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_DEEP_TREE_ADMIN.email, password: DEMO_CUSTOMER_PASSWORD }),
    })
    expect(login.status).toBe(200)
    const { accessToken } = await login.json()
    const shop = await app.request('/v1/shop/organisations', {
      headers: { 'dj-client': 'ACCOUNT', authorization: `Bearer ${accessToken}` },
    })
    expect(shop.status).toBe(200)
    expect(count(await shop.json())).toBe(300)
  })

  it('the server takes generated records back unchanged: PUT of a sample of users, organisations and accounts', async () => {
    const every = <T>(xs: Iterable<T>, n: number) => [...xs].filter((_, i) => i % n === 0)
    const put = async (path: string, body: unknown) => {
      const r = await app.request(path, {
        method: 'PUT',
        headers: { ...op(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200)
    }
    for (const u of every(app.db.customerUsers.values(), 60))
      await put(`/v1/customer-users/${u.id}`, {
        externalId: u.externalId,
        civility: u.civility,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        phone: u.phone,
        groups: allGroups(u),
        accountIds: u.accountIds,
        memberships: membershipsOf(u),
        organisationIds: u.organisationIds,
        mainOrganisationId: u.mainOrganisationId,
        storeIds: u.storeIds,
        customFields: u.customFields,
      })
    for (const o of every(app.db.organisations.values(), 25))
      await put(`/v1/organisations/${o.id}`, { externalId: o.externalId, name: o.name, customFields: o.customFields })
    for (const a of every(app.db.customerAccounts.values(), 10))
      await put(`/v1/customer-accounts/${a.id}`, {
        externalId: a.externalId,
        name: a.name,
        companyRegistrationName: a.companyRegistrationName,
        businessRegistrationNumber: a.businessRegistrationNumber,
        vatNumber: a.vatNumber,
        website: a.website,
        customFields: a.customFields,
      })
  })
})
