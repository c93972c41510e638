/**
 * docs/budgets.md §6 — the harness of the property-based tests (fast-check) over EVERY route of `routes` in
 * spec/index.ts: the seeded data, one exchange with the in-process app, and the checks every answer must pass. The
 * properties themselves are in `properties-*.test.ts`, split by concern so that vitest runs them in parallel workers:
 *
 *   - properties-routes-platform.test.ts   per route: stores, settings, operators, tags, buying policies, custom
 *                                          fields, outbox, audit, health (and that every route is fuzzed);
 *   - properties-routes-customers.test.ts  per route: customer accounts, organisations, customer users, import
 *                                          jobs, storefront and login;
 *   - properties-http.test.ts              §2 bodies, media types, lists, path ids, methods;
 *   - properties-auth.test.ts              §2 credentials headers, OP2 permission levels, O5 FOC_Admin;
 *   - properties-state.test.ts             §6 sequences on one store, concurrent batches, mostly-valid writes.
 *
 * Requests are random JSON bodies, bodies mutated from valid ones, malformed JSON, wrong content types, random
 * query strings, random path ids and header variations (test/server/arbitraries.ts), thrown at the in-process app
 * seeded with real data.
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
 * organisation trees and customer users, two of them signed in) is made through the API once per file; each run gets
 * a fresh copy, and real ids go into path params. Every route is fuzzed with its own credentials: back-office routes
 * with operator keys (`x-dj-role`), storefront routes with customer tokens (`x-dj-group`: FOC_Admin token for writes,
 * an FOC_User token to see the 403), `POST /auth/token` with `dj-client: ACCOUNT` alone.
 *
 * Runs: FC_RUNS_FACTOR=4 npx vitest run test/server/properties-  (more runs); FC_SEED=… to replay; FC_STATS=1
 * prints the statuses seen per route; FC_IGNORE=<regex> skips matching violations (bug hunting only).
 * `npm run test:quick` sets FC_RUNS_FACTOR=0.1 (vitest.quick.config.ts): every property runs, with a tenth of the runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { DatabaseJson } from '../../mock-server/db.js'
import { MemoryStore } from '../../mock-server/storage/store.js'
import { customerUserDto } from '../../mock-server/routes/customer-users.js'
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
  poolsFrom,
  requestArb,
  validHeaders,
  type Credentials,
  type FuzzRequest,
  type Pools,
  type RouteInfo,
} from './arbitraries.js'

const FACTOR = Number(process.env.FC_RUNS_FACTOR ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * FACTOR))
export const fcOptions = (numRuns: number): fc.Parameters<any> => ({
  numRuns: runs(numRuns),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
})
/** Per test: generous, and scaled with the number of runs. */
export const TIMEOUT = 45_000 * Math.max(1, FACTOR)
/** Small enough that an oversized body is cheap, large enough for deep JSON to reach the handlers. */
export const MAX_BODY = 256 * 1024
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
export let template: Template

async function buildTemplate(): Promise<Template> {
  const t = await testApp({ passwordIterations: PASSWORD_ITERATIONS })
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await t.call(method, path, { body })
    if (r.status >= 300) throw new Error(`seed ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  // FR has a storefront and the test operators the support permission, so assisted sessions (U15) can succeed.
  await ok('POST', '/v1/stores', { externalId: 'FR', name: 'France', storefrontUrl: 'https://fr.shop.example' })
  for (const o of [...t.app.db.operators.values()])
    if (o.externalId === 'test-admin' || o.externalId === 'test-user')
      t.app.db.operators.replace({ ...o, support: true })
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
  // SS1: registration on, so the fuzzer reaches it (off, it answers 404 to anything).
  await ok('PATCH', '/v1/settings', { customerAccountApproval: false, customerSelfRegistration: true })
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

export const freshApp = (json: DatabaseJson, strict: boolean) =>
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

export const UNSERIALISABLE = '!unserialisable: '
export function snap(t: TestApp): string {
  try {
    return t.snapshot()
  } catch (e) {
    return UNSERIALISABLE + String(e)
  }
}

// ---------------------------------------------------------------------------------------------------------
// One exchange and the generic checks
// ---------------------------------------------------------------------------------------------------------

export interface Exchange {
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

export async function send(t: TestApp, req: FuzzRequest): Promise<Exchange> {
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
  // R7: the one trace a refused login may leave is the audit of the lock it triggered (and the seq it took).
  const locks =
    req.url.startsWith('/auth/token') && res.status >= 400
      ? [...t.app.db.auditEvents.values()].slice(auditBefore).filter((e) => e.action === 'login-locked').length
      : 0
  const after = snap(t).replace(
    /^\{"schemaVersion":1,"seq":(\d+),/,
    (_, seq) => `{"schemaVersion":1,"seq":${seq - locks},`,
  )
  const x = {
    req,
    status: res.status,
    contentType: res.headers.get('content-type'),
    text,
    body,
    before,
    after,
    auditBefore,
    auditAfter: t.app.db.auditEvents.size - locks,
  }
  count(x)
  return x
}

const routePatterns = allRoutes.map((r) => ({
  route: r,
  re: new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}$`),
}))

/** The route a URL reaches (after the URL parser's normalisation), with its raw path values; null for none. */
export function matchRoute(method: string, url: string): { route: RouteInfo; values: string[] } | null {
  const pathname = new URL(url, 'http://localhost').pathname
  for (const { route, re } of routePatterns) {
    if (route.method !== method) continue
    const m = re.exec(pathname)
    if (m) return { route, values: m.slice(1) }
  }
  return null
}

export const byKey = (key: string) => allRoutes.find((r) => r.key === key)!

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
function printStats() {
  if (!process.env.FC_STATS) return
  for (const [key, row] of [...stats].sort())
    console.log(
      key.padEnd(40),
      [...row]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' '),
    )
}

export const short = (s: string | undefined, n = 300) =>
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
export const IGNORE = process.env.FC_IGNORE ? new RegExp(process.env.FC_IGNORE) : null

export function assertClean(x: Exchange, extra: string[] = [], concurrent = false) {
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

export function storageProblems(db: DatabaseJson): string[] {
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
    const { password } = u
    check(`customer user ${u.id}`, CustomerUser, customerUserDto(u))
    // U1, U16: at least one group in each account.
    if (u.accountIds.some((id) => !u.groupsByAccount[id]?.length)) out.push(`customer user ${u.id} has no group (U1)`)
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

export const LEVEL: Record<string, number> = { Reader: 1, User: 2, Admin: 3 }
/** What `new Headers()` does to a value. */
export const headerValue = (h: Record<string, string>, name: string) => {
  const entry = Object.entries(h).find(([k]) => k.toLowerCase() === name)
  return entry === undefined ? undefined : entry[1].replace(/^[ \t]+|[ \t]+$/g, '')
}
export const byteLength = (s: string | undefined) => (s === undefined ? 0 : new TextEncoder().encode(s).length)

/** What the storefront reads from `Authorization` (the server's own pattern). */
const bearerToken = (h: Record<string, string>) => /^Bearer\s+(\S+)$/i.exec(headerValue(h, 'authorization') ?? '')?.[1]

/**
 * §2, OP2, OP6 (back office): dj-client, then the API key, then the permission level. §2b, U9, A3, O5 (storefront):
 * dj-client, then the bearer token, then the account acted in (customer-account-id, default the first), then the
 * FOC_Admin group. Login (`POST /auth/token`): dj-client must be ACCOUNT. All checked before anything else (body,
 * query, path). Public routes: null.
 */
export function expectedAuth(
  route: RouteInfo,
  headers: Record<string, string>,
): { status: number; code: string } | null {
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
export function hasOwnCredentials(route: RouteInfo, headers: Record<string, string>) {
  const own = validHeaders(route, template.keys)
  return (
    Object.entries(own).every(([k, v]) => headerValue(headers, k) === v) &&
    (route.audience !== 'storefront' || headerValue(headers, 'customer-account-id') === undefined)
  )
}

export const expectCode = (x: Exchange, status: number, code: string, why: string) =>
  x.status === status && x.body?.code === code
    ? []
    : [`${why}: expected ${status} ${code}, got ${x.status} ${x.body?.code ?? ''}`]

export const JSON_TYPES = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
])
export const NON_JSON_TYPES = new Set([
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
export function isJsonText(body: string) {
  try {
    JSON.parse(new TextDecoder().decode(new TextEncoder().encode(body)))
    return true
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared by the property files
// ---------------------------------------------------------------------------------------------------------

/**
 * Every property file calls this once, at its top: the seed is built before its tests, FC_STATS printed after. The
 * harness's state is reset first, as files may share this module (vitest without isolation, `npm run test:quick`).
 */
export function useSeed() {
  beforeAll(async () => {
    idle.clear()
    stats.clear()
    template = await buildTemplate()
  }, 30_000)
  afterAll(printStats)
}

export async function exchangeOnce(req: FuzzRequest, strict = false): Promise<Exchange> {
  const t = await acquire(strict)
  try {
    return await send(t, req)
  } finally {
    release(t, strict)
  }
}

/** Route groups (keys of `routes`) whose per-route runs are in properties-routes-customers.test.ts. */
const CUSTOMER_GROUPS = new Set(['customerAccounts', 'organisations', 'customerUsers', 'importJobs', 'storefront'])
const isCustomerRoute = (r: RouteInfo) => CUSTOMER_GROUPS.has(r.key.split('.')[0])
/** The routes of properties-routes-customers.test.ts. */
export const customerRoutes = allRoutes.filter(isCustomerRoute)
/** The routes of properties-routes-platform.test.ts: every other one, so a new route group is fuzzed there. */
export const platformRoutes = allRoutes.filter((r) => !isCustomerRoute(r))

/** §6 per route: one property per route, for the routes given (the two per-route files share it). */
export function fuzzEachRoute(selected: RouteInfo[]) {
  describe('§6 per route: random bodies, queries, path ids and headers — never 5xx; 4xx = problem+json and nothing stored; 2xx stores valid data', () => {
    for (const route of selected) {
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
}
