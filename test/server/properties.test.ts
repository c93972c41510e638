/**
 * DESIGN §6 — property-based tests (fast-check) over EVERY route of `routes` in spec/index.ts: random JSON
 * bodies, bodies mutated from valid ones, malformed JSON, wrong content types, random query strings, random path
 * ids and header variations, thrown at the in-process app seeded with real data.
 *
 * For every answer:
 *   - §6 never a 5xx: the status is a 2xx or a 4xx;
 *   - §2 every 4xx is `application/problem+json` with `{type, title, status (= HTTP status), code}` from the catalogue;
 *   - §6 a 4xx changes nothing in storage (`snapshot()` identical, no audit event);
 *   - §6 a 2xx leaves storage valid (every record passes the contract's schemas, unique values stay unique,
 *     references resolve) and its body matches the route's declared response; no secret leaves the server.
 * The targeted families add what the rules fix exactly (dj-client / credentials → 400/401/403, OP2 levels,
 * page/size bounds, malformed JSON → 400, wrong media type → 415, oversized → 413, overlong ids → 400), plus
 * sequences of requests on one store and concurrent batches on one entity (interleaved at every await).
 * The seed (stores FR/BE/DE, tags, an operator with a key, accounts with addresses, a legal user, a pending account,
 * organisation trees and customer users, two of them signed in) is made through the API once; each run gets a fresh
 * copy, and real ids go into path params. Every route is fuzzed with its own credentials: back-office routes with
 * operator keys (`x-dj-role`), storefront routes with customer tokens (`x-dj-group`: FOC_Admin token for writes, an
 * FOC_User token to see the 403), `POST /auth/token` with `dj-client: ACCOUNT` alone.
 *
 * Runs: FC_RUNS_FACTOR=4 npx vitest run test/server/properties.test.ts  (more runs); FC_SEED=… to replay;
 * FC_STATS=1 prints the statuses seen per route; FC_IGNORE=<regex> skips matching violations (bug hunting only).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseJson } from '../../mock-server/db.js'
import { MemoryStore } from '../../mock-server/storage/store.js'
import {
  Account,
  AccountInput,
  AddressInput,
  CustomerTag,
  CustomerTagInput,
  CustomerUser,
  LegalUserInput,
  MAX_ORGANISATION_DEPTH,
  Operator,
  OperatorInput,
  Organisation,
  Problem,
  Settings,
  SettingsInput,
  Store,
  StoreInput,
  problemCodes,
} from '../../spec/index.js'
import { KEYS, testApp, type TestApp } from '../helpers.js'
import {
  allRoutes,
  bodyArb,
  contentTypeArb,
  encode,
  pathValueArb,
  poolsFrom,
  queryArb,
  requestArb,
  urlArb,
  validHeaders,
  type Credentials,
  type FuzzRequest,
  type Pools,
  type RouteInfo,
} from './arbitraries.js'

const FACTOR = Number(process.env.FC_RUNS_FACTOR ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * FACTOR))
const fcOptions = (numRuns: number): fc.Parameters<any> => ({
  numRuns: runs(numRuns),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
})
/** Per test: generous, and scaled with the number of runs. */
const TIMEOUT = 45_000 * Math.max(1, FACTOR)
/** Small enough that an oversized body is cheap, large enough for deep JSON to reach the handlers. */
const MAX_BODY = 256 * 1024
/** Customer passwords are hashed on every user write and login: the default 100,000 PBKDF2 iterations would dominate. */
const PASSWORD_ITERATIONS = 1000

// ---------------------------------------------------------------------------------------------------------
// The seeded data: built once through the API, cloned into a fresh app whenever a run changed something.
// ---------------------------------------------------------------------------------------------------------

interface Template {
  json: DatabaseJson
  pristine: string
  auditSize: number
  pools: Pools
  keys: Credentials
  /** API key → permission level (OP2). */
  levels: Map<string, number>
  /** Storefront token → the signed-in user's groups and accounts (in order: the first is the default account). */
  sessions: Map<string, { groups: string[]; accountIds: string[] }>
  /** Accounts that are ACTIVE in the seed (storefront calls act only in those, A3). */
  activeAccounts: Set<string>
}
let template: Template

async function buildTemplate(): Promise<Template> {
  const t = await testApp({ passwordIterations: PASSWORD_ITERATIONS })
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await t.call(method, path, { body })
    if (r.status >= 300) throw new Error(`seed ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  await ok('POST', '/v1/stores', { externalId: 'FR', name: 'France' })
  await ok('POST', '/v1/stores', { externalId: 'BE', name: 'Belgium' })
  await ok('POST', '/v1/stores', { externalId: 'DE', name: 'Germany' }) // assigned to nobody: deletable
  const premium = await ok('POST', '/v1/customer-tags', {
    externalId: 'premium',
    name: 'Premium',
    description: 'Negotiated price list',
  })
  await ok('POST', '/v1/customer-tags', { externalId: 'wholesale', name: 'Wholesale' })
  const op = await ok('POST', '/v1/operator-users', {
    externalId: 'OP-42',
    email: 'claire.martin@example.com',
    civility: 'MRS',
    firstName: 'Claire',
    lastName: 'Martin',
    locale: 'fr-FR',
    groups: ['User'],
    storeIds: ['FR'],
  })
  const opKey: string = (await ok('POST', `/v1/operator-users/${op.id}/api-keys`, { name: 'ERP sync' })).key
  const acme = await ok('POST', '/v1/customer-accounts', {
    externalId: 'ACME',
    name: 'ACME',
    companyRegistrationName: 'ACME SAS',
    businessRegistrationNumber: '552 100 554',
    vatNumber: 'FR40552100554',
    website: 'https://acme.example',
    accountManagerId: op.id,
    customerTagIds: [premium.id],
  })
  await ok('POST', `/v1/customer-accounts/${acme.id}/addresses`, {
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
  })
  await ok('POST', `/v1/customer-accounts/${acme.id}/addresses`, {
    externalId: 'ACME-DEPOT',
    fullName: 'ACME Logistique',
    address: '1 quai Rambaud',
    city: 'Lyon',
    zipCode: '69002',
    country: 'FR',
    shipping: true,
  })
  await ok('PUT', `/v1/customer-accounts/${acme.id}/legal-user`, {
    firstName: 'Jeanne',
    lastName: 'Durand',
    birthday: '1980-04-12',
    nationality: 'FR',
    countryOfResidence: 'FR',
    email: 'jeanne.durand@example.com',
  })
  await ok('PATCH', '/v1/settings', { customerAccountApproval: true })
  const pendingAccount = await ok('POST', '/v1/customer-accounts', {
    externalId: 'PENDING',
    name: 'Pending Ltd',
    companyRegistrationName: 'Pending Ltd',
    businessRegistrationNumber: '123 456',
  })
  await ok('PATCH', '/v1/settings', { customerAccountApproval: false })
  const globex = await ok('POST', '/v1/customer-accounts', {
    externalId: 'GLOBEX',
    name: 'Globex',
    companyRegistrationName: 'Globex SA',
    businessRegistrationNumber: 'BE 0123 456 789',
  })
  // Organisation trees (O1, O5): ACME-HQ > ACME-SPACE, ACME-AIR as a sibling root; GLOBEX-HQ in the other account.
  const hq = await ok('POST', '/v1/organisations', { externalId: 'ACME-HQ', name: 'ACME HQ', accountId: acme.id })
  const space = await ok('POST', '/v1/organisations', { externalId: 'ACME-SPACE', name: 'ACME Space', parentId: hq.id })
  const air = await ok('POST', '/v1/organisations', { externalId: 'ACME-AIR', name: 'ACME Air', accountId: acme.id })
  const globexHq = await ok('POST', '/v1/organisations', {
    externalId: 'GLOBEX-HQ',
    name: 'Globex HQ',
    accountId: globex.id,
  })
  // Customer users, through the API: an FOC_Admin of ACME (also in the pending account) assigned to store BE, so A8
  // (account with users), O4 (organisation with members) and S1 (store in use) meet dependents; an FOC_User of ACME whose
  // email and password are the contract's TokenRequest example (fuzzed logins sometimes succeed); a Globex user.
  const member = { civility: 'MR', phone: '+33 6 12 34 56 78', password: 'Sunny-Day-42' }
  await ok('POST', '/v1/customer-users', {
    ...member,
    externalId: 'CU-1',
    firstName: 'Jean',
    lastName: 'Dupont',
    email: 'jean.dupont@acme.example',
    groups: ['FOC_Admin'],
    accountIds: [acme.id, pendingAccount.id],
    organisationIds: [space.id],
    storeIds: ['BE'],
  })
  await ok('POST', '/v1/customer-users', {
    ...member,
    externalId: 'CU-2',
    firstName: 'John',
    lastName: 'Smith',
    email: 'john.smith@acme.example',
    groups: ['FOC_User'],
    accountIds: [acme.id],
    organisationIds: [air.id, space.id],
    mainOrganisationId: air.id,
    storeIds: ['FR'],
  })
  await ok('POST', '/v1/customer-users', {
    ...member,
    externalId: 'CU-3',
    firstName: 'Élodie',
    lastName: 'Dupré',
    email: 'elodie@globex.example',
    groups: ['FOC_Webmaster', 'FOC_User'],
    accountIds: [globex.id, acme.id],
    organisationIds: [globexHq.id],
    storeIds: ['FR', 'BE'],
    status: 'INACTIVE',
  })
  const signIn = async (email: string) => {
    const r = await t.call('POST', '/auth/token', {
      as: null,
      headers: { 'dj-client': 'ACCOUNT' },
      body: { email, password: member.password },
    })
    if (r.status !== 200) throw new Error(`seed login ${email}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.accessToken as string
  }
  const shop = { admin: await signIn('jean.dupont@acme.example'), user: await signIn('john.smith@acme.example') }
  const json = structuredClone(t.app.db.toJSON())
  // Tokens live 15 minutes; the copies outlive that with FC_RUNS_FACTOR, so the seeded sessions never expire.
  json.tokens = json.tokens.map((token) => ({ ...token, expiresAt: '2999-12-31T23:59:59.000Z' }))
  const problems = storageProblems(json)
  if (problems.length) throw new Error(`the seed itself is invalid: ${problems.join('; ')}`)
  const probe = await freshApp(json, false)
  const keys: Credentials = {
    admin: KEYS.admin,
    user: KEYS.user,
    reader: KEYS.reader,
    shop,
    accounts: { own: [acme.id, pendingAccount.id], other: [globex.id] },
  }
  return {
    json,
    pristine: probe.snapshot(),
    auditSize: probe.app.db.auditEvents.size,
    pools: poolsFrom(json, [opKey]),
    keys,
    levels: new Map([
      [KEYS.admin, 3],
      [KEYS.user, 2],
      [KEYS.reader, 1],
      [opKey, 2],
    ]),
    sessions: new Map([
      [shop.admin, { groups: ['FOC_Admin'], accountIds: [acme.id, pendingAccount.id] }],
      [shop.user, { groups: ['FOC_User'], accountIds: [acme.id] }],
    ]),
    activeAccounts: new Set(json.customerAccounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id)),
  }
}

const freshApp = (json: DatabaseJson, strict: boolean) =>
  testApp({
    store: new MemoryStore(structuredClone(json)),
    strict,
    maxBodyBytes: MAX_BODY,
    passwordIterations: PASSWORD_ITERATIONS,
  })

/** Apps whose data is still the seed are reused (most runs are rejected requests); others are dropped. */
const idle = new Map<boolean, TestApp>()
async function acquire(strict: boolean): Promise<TestApp> {
  const t = idle.get(strict)
  if (t) {
    idle.delete(strict)
    return t
  }
  return freshApp(template.json, strict)
}
function release(t: TestApp, strict: boolean) {
  const untouched =
    t.app.db.idempotency.size === 0 && t.app.db.auditEvents.size === template.auditSize && snap(t) === template.pristine
  if (untouched) idle.set(strict, t)
}

const UNSERIALISABLE = '!unserialisable: '
function snap(t: TestApp): string {
  try {
    return t.snapshot()
  } catch (e) {
    return UNSERIALISABLE + String(e)
  }
}

// ---------------------------------------------------------------------------------------------------------
// One exchange and the generic checks
// ---------------------------------------------------------------------------------------------------------

interface Exchange {
  req: FuzzRequest
  status: number
  contentType: string | null
  text: string
  body: any
  before: string
  after: string
  auditBefore: number
  auditAfter: number
}

async function send(t: TestApp, req: FuzzRequest): Promise<Exchange> {
  const before = snap(t)
  const auditBefore = t.app.db.auditEvents.size
  const res = await t.app.request(req.url, { method: req.method, headers: req.headers, body: req.body })
  const text = await res.text()
  // An accepted import job goes on in the background: let it finish, so its changes are not taken for
  // the next request's.
  await t.app.settled()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  const x = {
    req,
    status: res.status,
    contentType: res.headers.get('content-type'),
    text,
    body,
    before,
    after: snap(t),
    auditBefore,
    auditAfter: t.app.db.auditEvents.size,
  }
  count(x)
  return x
}

const routePatterns = allRoutes.map((r) => ({
  route: r,
  re: new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}$`),
}))

/** The route a URL reaches (after the URL parser's normalisation), with its raw path values; null for none. */
function matchRoute(method: string, url: string): { route: RouteInfo; values: string[] } | null {
  const pathname = new URL(url, 'http://localhost').pathname
  for (const { route, re } of routePatterns) {
    if (route.method !== method) continue
    const m = re.exec(pathname)
    if (m) return { route, values: m.slice(1) }
  }
  return null
}

const byKey = (key: string) => allRoutes.find((r) => r.key === key)!

/** FC_STATS=1 prints, per route, how often each status was answered (to see that the fuzzer reaches the handlers). */
const stats = new Map<string, Map<number, number>>()
function count(x: Exchange) {
  if (!process.env.FC_STATS) return
  const m = matchRoute(x.req.method, x.req.url)
  const key = m ? m.route.key : '(no route)'
  const row = stats.get(key) ?? new Map<number, number>()
  row.set(x.status, (row.get(x.status) ?? 0) + 1)
  stats.set(key, row)
}
afterAll(() => {
  if (!process.env.FC_STATS) return
  for (const [key, row] of [...stats].sort())
    console.log(
      key.padEnd(40),
      [...row]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' '),
    )
})

const short = (s: string | undefined, n = 300) =>
  s === undefined ? 'undefined' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s
const describeRequest = (r: FuzzRequest) =>
  `${r.method} ${short(r.url, 400)}\n  headers ${JSON.stringify(r.headers)}\n  body ${short(r.body)}`

function firstDifference(a: string, b: string) {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `…${a.slice(Math.max(0, i - 60), i + 80)}…  →  …${b.slice(Math.max(0, i - 60), i + 80)}…`
}

/** Keys that must never appear in an answer (§6: no password or key hash ever leaves the server). */
function secretKeys(v: any, out: string[] = [], depth = 0): string[] {
  if (depth > 50 || !v || typeof v !== 'object') return out
  for (const [k, x] of Object.entries(v)) {
    if (/^(hash|password|passwordHash|salt|secret)$/i.test(k)) out.push(k)
    secretKeys(x, out, depth + 1)
  }
  return out
}

/**
 * Every generic rule; returns the violations, each starting with its rule id. `concurrent`: other requests ran
 * at the same time, so storage before/after this one says nothing (the batch's end state is checked instead).
 */
function violations(x: Exchange, concurrent = false): string[] {
  const v: string[] = []
  const s = x.status
  const is2xx = s >= 200 && s < 300
  const is4xx = s >= 400 && s < 500
  if (!is2xx && !is4xx) v.push(`§6 never 5xx: got ${s} ${short(x.text)}`)
  if (is4xx) {
    if (!x.contentType?.startsWith('application/problem+json'))
      v.push(`§2 a ${s} must be application/problem+json, got ${x.contentType}: ${short(x.text)}`)
    const b = x.body
    if (
      !b ||
      typeof b !== 'object' ||
      typeof b.type !== 'string' ||
      typeof b.title !== 'string' ||
      b.status !== s ||
      typeof b.code !== 'string'
    ) {
      v.push(`§2 a ${s} problem body needs {type, title, status: ${s}, code}: ${short(x.text)}`)
    } else if (!(b.code in problemCodes) || problemCodes[b.code as keyof typeof problemCodes].status !== s) {
      v.push(`§2 problem code ${b.code} is not in the catalogue with status ${s}`)
    } else {
      const p = Problem.safeParse(b)
      if (!p.success)
        v.push(
          `§2 the problem body does not match Problem: ${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        )
    }
    if (!concurrent && x.after !== x.before)
      v.push(`§6 a ${s} (${b?.code}) changed storage: ${firstDifference(x.before, x.after)}`)
    if (!concurrent && x.auditAfter !== x.auditBefore)
      v.push(`§6 a ${s} (${b?.code}) wrote ${x.auditAfter - x.auditBefore} audit event(s)`)
  }
  if (is2xx) {
    const matched = matchRoute(x.req.method, x.req.url)
    if (matched) {
      const declared = matched.route.def.responses?.[s]
      if (!declared) v.push(`§2 ${s} is not a declared response of ${matched.route.operationId}`)
      const schema = declared?.content?.['application/json']?.schema
      if (schema) {
        const r = schema.safeParse(x.body)
        if (!r.success)
          v.push(
            `§2 the ${s} body of ${matched.route.operationId} does not match the contract: ${r.error.issues
              .slice(0, 5)
              .map((i: any) => `${i.path.join('.')}: ${i.message}`)
              .join('; ')}`,
          )
      }
    }
    if (x.after.startsWith(UNSERIALISABLE)) v.push(`§6 after a ${s}, storage can no longer be serialised (${x.after})`)
    else if (!concurrent && x.after !== x.before)
      v.push(...storageProblems(JSON.parse(x.after)).map((p) => `§6 a ${s} stored invalid data: ${p}`))
  }
  const leaked = secretKeys(x.body)
  if (leaked.length) v.push(`§6 the answer carries secret field(s) ${leaked.join(', ')}`)
  return v
}

/** FC_IGNORE=<regex>: drop matching violations while hunting for other bugs behind a known one (never in CI). */
const IGNORE = process.env.FC_IGNORE ? new RegExp(process.env.FC_IGNORE) : null

function assertClean(x: Exchange, extra: string[] = [], concurrent = false) {
  const v = [...violations(x, concurrent), ...extra].filter((m) => !IGNORE?.test(m))
  if (v.length)
    throw new Error(
      `${v.join('\n')}\n  request: ${describeRequest(x.req)}\n  answer: ${x.status} ${x.contentType} ${short(x.text)}`,
    )
}

// ---------------------------------------------------------------------------------------------------------
// Storage validity: what every record must satisfy after any accepted write
// ---------------------------------------------------------------------------------------------------------

const pick = (schema: { shape: Record<string, unknown> }, row: Record<string, unknown>, except: string[] = []) =>
  Object.fromEntries(
    Object.keys(schema.shape)
      .filter((k) => k in row && !except.includes(k))
      .map((k) => [k, row[k]]),
  )

function storageProblems(db: DatabaseJson): string[] {
  const out: string[] = []
  const check = (
    what: string,
    schema: { safeParse(v: unknown): { success: boolean; error?: any } },
    value: unknown,
  ) => {
    const r = schema.safeParse(value)
    if (!r.success)
      out.push(
        `${what}: ${r.error.issues
          .slice(0, 4)
          .map((i: any) => `${i.path.join('.') || '(value)'} ${i.message}`)
          .join('; ')}`,
      )
  }
  const uniqueBy = <T>(what: string, rows: T[], key: (r: T) => string | null | undefined) => {
    const seen = new Set<string>()
    for (const r of rows) {
      const k = key(r)
      if (k == null) continue
      if (seen.has(k)) out.push(`${what} ${JSON.stringify(k)} is not unique`)
      seen.add(k)
    }
  }

  check('settings', Settings, db.settings)
  check('settings', SettingsInput, pick(SettingsInput as any, db.settings as any))

  const storeIds = new Set(db.stores.map((s) => s.externalId))
  for (const s of db.stores) {
    check(`store ${s.id}`, Store, s)
    check(`store ${s.id}`, StoreInput, pick(StoreInput as any, s as any))
  }
  uniqueBy('store externalId', db.stores, (s) => s.externalId)

  const operatorIds = new Set(db.operators.map((o) => o.id))
  for (const o of db.operators) {
    check(`operator ${o.id}`, Operator, { ...o, fullName: `${o.firstName} ${o.lastName}`.trim() })
    check(`operator ${o.id}`, OperatorInput, pick(OperatorInput as any, o as any))
    for (const s of o.storeIds)
      if (!storeIds.has(s)) out.push(`operator ${o.id} references unknown store ${JSON.stringify(s)}`)
  }
  uniqueBy('operator externalId', db.operators, (o) => o.externalId)
  uniqueBy('operator email', db.operators, (o) => o.email.toLowerCase())
  if (!db.operators.some((o) => o.status === 'ACTIVE' && o.groups.includes('Admin')))
    out.push('no ACTIVE Admin operator is left')
  for (const k of db.apiKeys) {
    if (!operatorIds.has(k.operatorId)) out.push(`API key ${k.id} belongs to unknown operator ${k.operatorId}`)
    if (!/^[0-9a-f]{64}$/.test(k.hash)) out.push(`API key ${k.id} is not stored as a SHA-256 hash`)
  }

  const tagsById = new Map(db.customerTags.map((t) => [t.id, t]))
  for (const t of db.customerTags) {
    check(`customer tag ${t.id}`, CustomerTag, t)
    check(`customer tag ${t.id}`, CustomerTagInput, pick(CustomerTagInput as any, t as any))
  }
  uniqueBy('customer tag externalId', db.customerTags, (t) => t.externalId)
  uniqueBy('customer tag name', db.customerTags, (t) => t.name.toLowerCase())

  const accountIds = new Set(db.customerAccounts.map((a) => a.id))
  for (const a of db.customerAccounts) {
    const customerTags = a.customerTagIds.flatMap((id) => {
      const t = tagsById.get(id)
      return t ? [{ id: t.id, externalId: t.externalId, name: t.name }] : []
    })
    check(`customer account ${a.id}`, Account, { ...a, customerTags })
    check(`customer account ${a.id}`, AccountInput, pick(AccountInput as any, a as any, ['status']))
    for (const id of a.customerTagIds)
      if (!tagsById.has(id)) out.push(`customer account ${a.id} references unknown customer tag ${JSON.stringify(id)}`)
    if (a.accountManagerId !== null && !operatorIds.has(a.accountManagerId)) {
      out.push(
        `customer account ${a.id} references unknown account manager (operator) ${JSON.stringify(a.accountManagerId)}`,
      )
    }
    for (const adr of a.addresses) {
      const { id: _id, ...rest } = adr
      check(`address ${adr.id} of ${a.id}`, AddressInput, rest)
    }
    if (a.addresses.filter((x) => x.isDefault && x.shipping).length > 1)
      out.push(`customer account ${a.id} has several default shipping addresses (A4)`)
    if (a.addresses.filter((x) => x.isDefault && x.billing).length > 1)
      out.push(`customer account ${a.id} has several default billing addresses (A4)`)
    if (a.legalUser) check(`legal user of ${a.id}`, LegalUserInput, a.legalUser)
  }
  uniqueBy('customer account externalId', db.customerAccounts, (a) => a.externalId)
  uniqueBy(
    'address externalId',
    db.customerAccounts.flatMap((a) => a.addresses),
    (x) => x.externalId,
  )

  const orgsById = new Map(db.organisations.map((o) => [o.id, o]))
  for (const o of db.organisations) {
    check(`organisation ${o.id}`, Organisation, o)
    if (!accountIds.has(o.accountId)) out.push(`organisation ${o.id} belongs to unknown account ${o.accountId}`)
    if (o.parentId !== null) {
      const parent = orgsById.get(o.parentId)
      if (!parent) out.push(`organisation ${o.id} has unknown parent ${o.parentId}`)
      else if (parent.accountId !== o.accountId)
        out.push(`organisation ${o.id} is under a parent of another account (O3)`)
    }
    // O1, O3: a tree (no cycle), at most MAX_ORGANISATION_DEPTH deep.
    let depth = 1
    for (let p = o.parentId; p !== null && depth <= MAX_ORGANISATION_DEPTH + 1; p = orgsById.get(p)?.parentId ?? null)
      depth++
    if (depth > MAX_ORGANISATION_DEPTH)
      out.push(`organisation ${o.id} is deeper than ${MAX_ORGANISATION_DEPTH} or in a cycle (O1, O3)`)
  }
  uniqueBy('organisation externalId', db.organisations, (o) => o.externalId)
  uniqueBy(
    'organisation name among siblings (O2)',
    db.organisations,
    (o) => `${o.accountId}/${o.parentId ?? ''}/${o.name.toLowerCase()}`,
  )

  const userIds = new Set(db.customerUsers.map((u) => u.id))
  for (const u of db.customerUsers) {
    const { password, ...dto } = u
    check(`customer user ${u.id}`, CustomerUser, dto)
    if (!u.groups.length) out.push(`customer user ${u.id} has no group (U1)`)
    if (typeof password?.hash !== 'string' || typeof password?.salt !== 'string')
      out.push(`customer user ${u.id} has no hashed password (§2, U6)`)
    if (!u.accountIds.length) out.push(`customer user ${u.id} belongs to no account (U3)`)
    for (const id of u.accountIds)
      if (!accountIds.has(id)) out.push(`customer user ${u.id} references unknown account ${id}`)
    for (const id of u.organisationIds) {
      const o = orgsById.get(id)
      if (!o) out.push(`customer user ${u.id} references unknown organisation ${id}`)
      else if (!u.accountIds.includes(o.accountId))
        out.push(`customer user ${u.id} is in organisation ${id} of another account (U3)`)
    }
    if (u.mainOrganisationId !== null && !u.organisationIds.includes(u.mainOrganisationId))
      out.push(`customer user ${u.id}'s main organisation is not one of theirs (U4)`)
    for (const s of u.storeIds)
      if (!storeIds.has(s)) out.push(`customer user ${u.id} references unknown store ${JSON.stringify(s)}`)
  }
  uniqueBy('customer user externalId', db.customerUsers, (u) => u.externalId)
  uniqueBy('customer user email', db.customerUsers, (u) => u.email.toLowerCase())
  uniqueBy('customer user customerNumber', db.customerUsers, (u) => u.customerNumber)
  for (const token of db.tokens)
    if (!userIds.has(token.customerUserId)) out.push(`a token outlives its customer user ${token.customerUserId} (U8)`)

  for (const [name, rows] of Object.entries(db)) {
    if (Array.isArray(rows) && name !== 'auditEvents' && name !== 'idempotency')
      uniqueBy(`${name} id`, rows as { id?: string }[], (r) => r.id)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Expectations the rules fix exactly, for the targeted families
// ---------------------------------------------------------------------------------------------------------

const LEVEL: Record<string, number> = { Reader: 1, User: 2, Admin: 3 }
/** What `new Headers()` does to a value. */
const headerValue = (h: Record<string, string>, name: string) => {
  const entry = Object.entries(h).find(([k]) => k.toLowerCase() === name)
  return entry === undefined ? undefined : entry[1].replace(/^[ \t]+|[ \t]+$/g, '')
}
const byteLength = (s: string | undefined) => (s === undefined ? 0 : new TextEncoder().encode(s).length)

/** What the storefront reads from `Authorization` (the server's own pattern). */
const bearerToken = (h: Record<string, string>) => /^Bearer\s+(\S+)$/i.exec(headerValue(h, 'authorization') ?? '')?.[1]

/**
 * §2, OP2, OP6 (back office): dj-client, then the API key, then the permission level. §2b, U9, A3, O5 (storefront):
 * dj-client, then the bearer token, then the account acted in (customer-account-id, default the first), then the
 * FOC_Admin group. Login (`POST /auth/token`): dj-client must be ACCOUNT. All checked before anything else (body,
 * query, path). Public routes: null.
 */
function expectedAuth(route: RouteInfo, headers: Record<string, string>): { status: number; code: string } | null {
  if (route.audience === 'public') return null
  const client = headerValue(headers, 'dj-client')
  if (client !== 'OPERATOR' && client !== 'ACCOUNT') return { status: 400, code: 'CLIENT_HEADER_INVALID' }
  if (route.audience === 'login') return client === 'ACCOUNT' ? null : { status: 403, code: 'WRONG_CLIENT' }
  if (route.audience === 'storefront') {
    if (client !== 'ACCOUNT') return { status: 403, code: 'WRONG_CLIENT' }
    const token = bearerToken(headers)
    const session = token === undefined ? undefined : template.sessions.get(token)
    if (!session) return { status: 401, code: 'UNAUTHENTICATED' }
    // Default account: the first ACTIVE one of the user's (the first, if none is).
    const accountId =
      headerValue(headers, 'customer-account-id') ??
      session.accountIds.find((id) => template.activeAccounts.has(id)) ??
      session.accountIds[0]
    if (!session.accountIds.includes(accountId) || !template.activeAccounts.has(accountId))
      return { status: 403, code: 'ACCOUNT_NOT_ALLOWED' }
    if (route.group === 'FOC_Admin' && !session.groups.includes('FOC_Admin')) return { status: 403, code: 'FORBIDDEN' }
    return null
  }
  if (client === 'ACCOUNT') return { status: 403, code: 'WRONG_CLIENT' }
  const key = headerValue(headers, 'dj-api-key')
  if (!key) return { status: 401, code: 'UNAUTHENTICATED' }
  const level = template.levels.get(key)
  if (!level) return { status: 401, code: 'UNAUTHENTICATED' }
  if (level < LEVEL[route.role!]) return { status: 403, code: 'FORBIDDEN' }
  return null
}

/** Whether a request carries exactly the route's own valid credentials (see `validHeaders`), and nothing that changes them. */
function hasOwnCredentials(route: RouteInfo, headers: Record<string, string>) {
  const own = validHeaders(route, template.keys)
  return (
    Object.entries(own).every(([k, v]) => headerValue(headers, k) === v) &&
    (route.audience !== 'storefront' || headerValue(headers, 'customer-account-id') === undefined)
  )
}

const expectCode = (x: Exchange, status: number, code: string, why: string) =>
  x.status === status && x.body?.code === code
    ? []
    : [`${why}: expected ${status} ${code}, got ${x.status} ${x.body?.code ?? ''}`]

const JSON_TYPES = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
])
const NON_JSON_TYPES = new Set([
  'text/plain',
  'text/json',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/xml',
  '*/*',
  'json',
  'application/jsonx',
])
/** What the server reads: UTF-8 bytes decoded back, BOM dropped (fetch's `json()`). */
function isJsonText(body: string) {
  try {
    JSON.parse(new TextDecoder().decode(new TextEncoder().encode(body)))
    return true
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  template = await buildTemplate()
}, 30_000)

async function exchangeOnce(req: FuzzRequest, strict = false): Promise<Exchange> {
  const t = await acquire(strict)
  try {
    return await send(t, req)
  } finally {
    release(t, strict)
  }
}

describe('§6 property-based robustness of every route in spec/index.ts `routes`', () => {
  it('§6 the fuzzer sees every route of the contract', () => {
    expect(allRoutes.length).toBeGreaterThan(30)
    expect(new Set(allRoutes.map((r) => `${r.method} ${r.path}`)).size).toBe(allRoutes.length)
    // Every route can be reached by its own pattern (the generated URLs are meaningful).
    for (const r of allRoutes) expect(matchRoute(r.method, r.path.replace(/\{[^}]+\}/g, 'x'))?.route.key).toBe(r.key)
  })

  describe('§6 per route: random bodies, queries, path ids and headers — never 5xx; 4xx = problem+json and nothing stored; 2xx stores valid data', () => {
    for (const route of allRoutes) {
      it(
        `§6 never 500 — ${route.method} ${route.path} (${route.operationId})`,
        async () => {
          await fc.assert(
            fc.asyncProperty(
              requestArb(route, template.pools, template.keys, { maxBodyBytes: MAX_BODY }),
              // `--strict` now and then (unknown query params → 400), the default otherwise.
              fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
              async (req, strict) => assertClean(await exchangeOnce(req, strict)),
            ),
            // Routes that take a body have the most to explore.
            fcOptions(route.body ? 300 : 150),
          )
        },
        TIMEOUT,
      )
    }
  })

  it(
    '§6 never 500 — random sequences of requests over all routes share one store (state carries over)',
    async () => {
      const anyRequest = fc
        .constantFrom(...allRoutes)
        .chain((r) => requestArb(r, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }))
      await fc.assert(
        fc.asyncProperty(fc.array(anyRequest, { minLength: 2, maxLength: 8 }), async (reqs) => {
          const t = await freshApp(template.json, false)
          for (const req of reqs) assertClean(await send(t, req))
        }),
        fcOptions(120),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 bodies: malformed JSON is a 400 MALFORMED_JSON, a non-JSON media type a 415, an oversized body a 413 — all problems that change nothing',
    async () => {
      const bodyRoutes = allRoutes.filter((r) => r.body)
      expect(bodyRoutes.length).toBeGreaterThan(5)
      const arb = fc.constantFrom(...bodyRoutes).chain((route) =>
        fc.record({
          route: fc.constant(route.key),
          // Real ids only, no query, the route's own valid credentials: the body is the only thing that varies.
          url: urlArb(route, template.pools, fc.constant(''), true),
          contentType: contentTypeArb,
          body: fc.oneof(bodyArb(route, template.pools, MAX_BODY), fc.constant(undefined)),
        }),
      )
      await fc.assert(
        fc.asyncProperty(arb, async ({ route: key, url, contentType, body }) => {
          const route = byKey(key)
          const headers: Record<string, string> = validHeaders(route, template.keys)
          if (contentType !== undefined) headers['content-type'] = contentType
          const x = await exchangeOnce({ method: route.method, url, headers, ...(body !== undefined ? { body } : {}) })
          const extra: string[] = []
          const ct = contentType?.trim() || undefined
          // CSV imports take bodies up to 64 MiB (maxImportBytes); every other route 1 MiB.
          if (byteLength(body) > MAX_BODY && route.key !== 'importJobs.create')
            extra.push(...expectCode(x, 413, 'PAYLOAD_TOO_LARGE', '§2 a body over the limit'))
          else if (ct !== undefined && NON_JSON_TYPES.has(ct) && !route.body!.mediaTypes.includes(ct))
            extra.push(...expectCode(x, 415, 'UNSUPPORTED_MEDIA_TYPE', `§2 content-type ${ct}`))
          else if (ct === undefined && body)
            extra.push(...expectCode(x, 415, 'UNSUPPORTED_MEDIA_TYPE', '§2 a body without content-type'))
          else if (ct !== undefined && JSON_TYPES.has(ct) && body !== undefined && !isJsonText(body))
            extra.push(...expectCode(x, 400, 'MALFORMED_JSON', '§2 malformed JSON'))
          assertClean(x, extra)
        }),
        fcOptions(350),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 lists: page/size/sort edge values (-1, 1001, abc, 1e309, huge, repeated, x:y:z, ",", ":desc") are a 200 page or a 400 problem',
    async () => {
      const listRoutes = allRoutes.filter(
        (r) => r.method === 'GET' && r.queryKeys.includes('page') && r.queryKeys.includes('size'),
      )
      expect(listRoutes.length).toBeGreaterThan(3)
      const arb = fc
        .constantFrom(...listRoutes)
        .chain((route) => fc.tuple(fc.constant(route.key), queryArb(route, template.pools, true)))
      await fc.assert(
        fc.asyncProperty(arb, async ([key, query]) => {
          const route = byKey(key)
          const x = await exchangeOnce({
            method: 'GET',
            url: route.path + query,
            headers: validHeaders(route, template.keys),
          })
          const q = new URLSearchParams(query.slice(1))
          const names = new Set(q.keys())
          const plain = (v: string) => (/^\d+$/.test(v) ? Number(v) : null)
          const pages = q.getAll('page')
          const sizes = q.getAll('size')
          const extra: string[] = []
          const badSize = sizes.some(
            (v) => v === '-1' || v === 'abc' || (plain(v) !== null && (plain(v)! > 1000 || plain(v)! < 1)),
          )
          const badPage = pages.some(
            (v) => v === '-1' || v === 'abc' || (plain(v) !== null && plain(v)! > 1_000_000_000),
          )
          if (badSize) extra.push(...expectCode(x, 400, 'VALIDATION_FAILED', '§2 size outside 1–1000'))
          else if (badPage) extra.push(...expectCode(x, 400, 'VALIDATION_FAILED', '§2 page outside 0–1e9'))
          else if (
            [...names].every((n) => n === 'page' || n === 'size' || n === 'sort') &&
            pages.length <= 1 &&
            sizes.length <= 1
          ) {
            const page = pages.length ? plain(pages[0]) : 0
            const size = sizes.length ? plain(sizes[0]) : 20
            if (page !== null && size !== null) {
              // OP5: malformed or unknown sort entries are ignored, never a 400.
              if (x.status !== 200)
                extra.push(
                  `§2 page=${page} size=${size} with sort ${JSON.stringify(q.getAll('sort'))} should be a 200 page, got ${x.status} ${x.body?.code}`,
                )
              else if (x.body.number !== page || x.body.size !== size || x.body.content.length > size)
                extra.push(
                  `§2 page envelope ${JSON.stringify({ number: x.body.number, size: x.body.size, n: x.body.content.length })} for page=${page} size=${size}`,
                )
            }
          }
          assertClean(x, extra)
        }),
        fcOptions(350),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 path ids: existing, external, garbage, very long and percent-encoded ids are 2xx, 400 (over 255) or 404 problems',
    async () => {
      const itemRoutes = allRoutes.filter((r) => r.params.length > 0)
      const arb = fc.constantFrom(...itemRoutes).chain((route) =>
        requestArb(route, template.pools, template.keys, { focus: 'path', maxBodyBytes: MAX_BODY }).map((req) => ({
          route: route.key,
          req,
        })),
      )
      await fc.assert(
        fc.asyncProperty(arb, async ({ route: key, req }) => {
          const route = byKey(key)
          const x = await exchangeOnce(req)
          const extra: string[] = []
          const m = matchRoute(req.method, req.url)
          const plainRequest = !req.url.includes('?') && hasOwnCredentials(route, req.headers)
          if (m?.route === route && plainRequest && byteLength(req.body) <= MAX_BODY) {
            const decoded = m.values.map((v) => {
              try {
                return decodeURIComponent(v)
              } catch {
                return v
              }
            })
            if (decoded.some((v) => v.length > 255))
              extra.push(...expectCode(x, 400, 'VALIDATION_FAILED', '§2 a path id over 255 characters'))
            else if (route.method === 'GET' && decoded.every((v) => !template.pools.all.includes(v)))
              extra.push(...expectCode(x, 404, 'NOT_FOUND', '§2 an unknown id'))
          }
          assertClean(x, extra)
        }),
        fcOptions(350),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 headers: dj-client, dj-api-key, Authorization, customer-account-id, If-Match, Idempotency-Key, dj-store variations — 400 without dj-client, 403 wrong client, 401 bad key or token, 403 account or group, never 5xx',
    async () => {
      const arb = fc.constantFrom(...allRoutes).chain((route) =>
        requestArb(route, template.pools, template.keys, { focus: 'headers', maxBodyBytes: MAX_BODY }).map((req) => ({
          route: route.key,
          req,
        })),
      )
      await fc.assert(
        fc.asyncProperty(arb, async ({ route: key, req }) => {
          const route = byKey(key)
          const x = await exchangeOnce(req)
          const extra: string[] = []
          if (matchRoute(req.method, req.url)?.route === route && byteLength(req.body) <= MAX_BODY) {
            const expected = expectedAuth(route, req.headers)
            const shown = JSON.stringify(
              Object.fromEntries(
                ['dj-client', 'dj-api-key', 'authorization', 'customer-account-id'].map((h) => [
                  h,
                  headerValue(req.headers, h),
                ]),
              ),
            )
            if (expected) extra.push(...expectCode(x, expected.status, expected.code, `§2 headers ${shown}`))
            else if (route.audience === 'public' && x.status !== 200)
              extra.push(`§2 ${route.path} needs no credentials: expected 200, got ${x.status}`)
          }
          assertClean(x, extra)
        }),
        fcOptions(400),
      )
    },
    TIMEOUT,
  )

  it(
    '§2 a method a path does not have (PATCH, PUT, POST, DELETE, GET, OPTIONS, custom) is a 404/405 problem that changes nothing',
    async () => {
      const methodsByPath = new Map<string, Set<string>>()
      for (const r of allRoutes) methodsByPath.set(r.path, new Set([...(methodsByPath.get(r.path) ?? []), r.method]))
      const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND']
      const pairs = [...methodsByPath].flatMap(([path, ms]) =>
        METHODS.filter((m) => !ms.has(m)).map((m) => ({ path, method: m })),
      )
      const arb = fc.constantFrom(...pairs).chain(({ path, method }) => {
        const route = allRoutes.find((r) => r.path === path)!
        return requestArb(route, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }).map(
          (req): FuzzRequest => {
            const { body, ...rest } = req
            return { ...rest, method, ...(method !== 'GET' && body !== undefined ? { body } : {}) }
          },
        )
      })
      await fc.assert(
        fc.asyncProperty(arb, async (req) => {
          const x = await exchangeOnce(req)
          const routed = matchRoute(req.method, req.url)
          const extra =
            !routed && byteLength(req.body) <= MAX_BODY && x.status !== 404 && x.status !== 405
              ? [`§2 ${req.method} on a path without it: expected 404/405, got ${x.status}`]
              : []
          assertClean(x, extra)
        }),
        fcOptions(250),
      )
    },
    TIMEOUT,
  )

  it(
    "OP2 an operator below the route's permission level gets a 403 FORBIDDEN and changes nothing, whatever the input",
    async () => {
      const guarded = allRoutes.filter((r) => r.role && r.role !== 'Reader')
      const lowKeys = [...template.levels.entries()].filter(([, level]) => level < 3).map(([key]) => key)
      const arb = fc
        .constantFrom(...guarded)
        .chain((route) =>
          fc.tuple(
            fc.constant(route.key),
            requestArb(route, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }),
            fc.constantFrom(...lowKeys),
          ),
        )
      await fc.assert(
        fc.asyncProperty(arb, async ([routeKey, req, key]) => {
          const route = byKey(routeKey)
          const headers = { ...req.headers, 'dj-client': 'OPERATOR', 'dj-api-key': key }
          const x = await exchangeOnce({ ...req, headers })
          const extra: string[] = []
          if (
            matchRoute(req.method, req.url)?.route === route &&
            byteLength(req.body) <= MAX_BODY &&
            template.levels.get(key)! < LEVEL[route.role!]
          ) {
            extra.push(
              ...expectCode(
                x,
                403,
                'FORBIDDEN',
                `OP2 ${route.role} route with a level-${template.levels.get(key)} key`,
              ),
            )
          }
          assertClean(x, extra)
        }),
        fcOptions(300),
      )
    },
    TIMEOUT,
  )

  it(
    'O5 a storefront user without FOC_Admin gets a 403 FORBIDDEN on FOC_Admin routes and changes nothing, whatever the input',
    async () => {
      const guarded = allRoutes.filter((r) => r.group === 'FOC_Admin')
      expect(guarded.length).toBeGreaterThan(1)
      const arb = fc
        .constantFrom(...guarded)
        .chain((route) =>
          fc.tuple(
            fc.constant(route.key),
            requestArb(route, template.pools, template.keys, { focus: 'body', maxBodyBytes: MAX_BODY }),
          ),
        )
      await fc.assert(
        fc.asyncProperty(arb, async ([routeKey, req]) => {
          const route = byKey(routeKey)
          const { 'customer-account-id': _account, ...rest } = req.headers
          const headers = { ...rest, 'dj-client': 'ACCOUNT', authorization: `Bearer ${template.keys.shop.user}` }
          const x = await exchangeOnce({ ...req, headers })
          const extra =
            matchRoute(req.method, req.url)?.route === route && byteLength(req.body) <= MAX_BODY
              ? expectCode(x, 403, 'FORBIDDEN', `O5 ${route.operationId} with an FOC_User token`)
              : []
          assertClean(x, extra)
        }),
        fcOptions(150),
      )
    },
    TIMEOUT,
  )

  it(
    '§6 concurrent requests on the same entity (random interleavings) never answer 5xx nor leave invalid data',
    async () => {
      // Routes grouped by the entity their first path parameter names (`operator-users`, `customer-accounts`, …).
      const groups = new Map<string, RouteInfo[]>()
      for (const r of allRoutes) {
        // Reads cannot break the end state; writes racing each other can.
        if (!r.params.length || r.method === 'GET') continue
        const segment = r.path.split(`/{${r.params[0]}}`)[0].split('/').pop()!
        groups.set(segment, [...(groups.get(segment) ?? []), r])
      }
      const candidates = [...groups].filter(
        ([segment, rs]) => rs.length > 1 && template.pools.bySegment[segment]?.length,
      )
      expect(candidates.length).toBeGreaterThan(1)
      const batch = fc.constantFrom(...candidates).chain(([segment, rs]) =>
        fc
          .tuple(
            fc.constantFrom(...template.pools.bySegment[segment]),
            fc.array(
              fc.constantFrom(...rs).chain((route) =>
                fc.record({
                  route: fc.constant(route.key),
                  rest: fc.tuple(...route.params.slice(1).map((p) => pathValueArb(route, p, template.pools, true))),
                  body: route.body ? bodyArb(route, template.pools, MAX_BODY) : fc.constant(undefined),
                  // Start after 0–3 turns of the event loop, so requests interleave at every await.
                  delay: fc.nat(3),
                }),
              ),
              { minLength: 2, maxLength: 5 },
            ),
          )
          .map(([id, reqs]) =>
            reqs.map(({ route: key, rest, body, delay }) => {
              const route = byKey(key)
              let url = route.path.replace(`{${route.params[0]}}`, encode(id))
              route.params.slice(1).forEach((p, i) => (url = url.replace(`{${p}}`, rest[i])))
              const headers = validHeaders(route, template.keys, body !== undefined)
              return {
                delay,
                req: { method: route.method, url, headers, ...(body !== undefined ? { body } : {}) } as FuzzRequest,
              }
            }),
          ),
      )
      // Hashing yields to the event loop (as a busy thread pool would), so handlers interleave at their awaits.
      const subtle = globalThis.crypto.subtle
      const digest = subtle.digest
      Object.defineProperty(subtle, 'digest', {
        configurable: true,
        writable: true,
        value: async (...args: Parameters<SubtleCrypto['digest']>) => {
          await new Promise((r) => setTimeout(r, 0))
          return digest.apply(subtle, args)
        },
      })
      const tick = () => new Promise((r) => setTimeout(r, 0))
      try {
        await fc.assert(
          fc.asyncProperty(batch, async (reqs) => {
            const t = await freshApp(template.json, false)
            const exchanges = await Promise.all(
              reqs.map(async ({ delay, req }) => {
                for (let i = 0; i < delay; i++) await tick()
                return send(t, req)
              }),
            )
            for (const x of exchanges) assertClean(x, [], true)
            const end = snap(t)
            const problems = (
              end.startsWith(UNSERIALISABLE)
                ? [`storage can no longer be serialised (${end})`]
                : storageProblems(JSON.parse(end))
            ).filter((m) => !IGNORE?.test(`§6 ${m}`))
            if (problems.length) {
              throw new Error(
                `§6 concurrent requests left invalid data: ${problems.join('; ')}\n${exchanges.map((x, i) => `  [start +${reqs[i].delay} ticks] ${x.req.method} ${x.req.url} ${short(x.req.body, 120)} → ${x.status} ${x.body?.code ?? ''}`).join('\n')}`,
              )
            }
          }),
          fcOptions(250),
        )
      } finally {
        delete (subtle as unknown as Record<string, unknown>).digest
      }
    },
    TIMEOUT,
  )

  it(
    '§6 a 2xx never stores invalid data — mostly-valid writes in sequence keep every record within the contract',
    async () => {
      const writes = allRoutes.filter((r) => r.method !== 'GET')
      // Valid bodies from the schemas (and their examples), real ids, the route's own top credentials: many writes succeed.
      const writeReq = fc.constantFrom(...writes).chain((route) =>
        fc
          .tuple(
            urlArb(route, template.pools, fc.constant('')),
            route.body ? bodyArb(route, template.pools, MAX_BODY) : fc.constant(undefined),
          )
          .map(
            ([url, body]): FuzzRequest => ({
              method: route.method,
              url,
              headers: validHeaders(route, template.keys, body !== undefined),
              ...(body !== undefined ? { body } : {}),
            }),
          ),
      )
      await fc.assert(
        fc.asyncProperty(fc.array(writeReq, { minLength: 3, maxLength: 10 }), async (reqs) => {
          const t = await freshApp(template.json, false)
          for (const req of reqs) assertClean(await send(t, req))
        }),
        fcOptions(120),
      )
    },
    TIMEOUT,
  )
})
