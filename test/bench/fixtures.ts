/**
 * Shared data generation and timing helpers for the benchmarks under test/bench.
 *
 * Everything is deterministic: the same seed gives the same operators, so two runs (or two machines)
 * measure the same data. Names carry accents ("Élodie", "Müller") so that search and sort go through
 * the accent-insensitive paths of the list engine, as real data would.
 */
import type { Db } from '../../mock-server/db.js'
import { CUSTOMER_USER_COLUMNS } from '../../spec/csv/contract.js'
import { CUSTOMER_USER_IMPORT_HEADERS } from '../../spec/csv/headers.js'
import { createAccount } from '../../mock-server/domain/accounts.js'
import type { CustomerUserInput } from '../../mock-server/domain/customer-users.js'
import { createOrganisation } from '../../mock-server/domain/organisations.js'
import { createStore } from '../../mock-server/domain/stores.js'
import { Tx } from '../../mock-server/domain/tx.js'
import type { OperatorInput } from '../../mock-server/domain/operators.js'
import type {
  AccountRecord,
  CustomerUserGroup,
  CustomerUserRecord,
  OperatorGroup,
  OperatorRecord,
  OrganisationRecord,
  PasswordHash,
} from '../../mock-server/types.js'

/** mulberry32: tiny, fast, good enough for test data. Returns floats in [0, 1). */
export function rng(seed = 0x5eed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
export type Rand = ReturnType<typeof rng>
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

export const FIRST_NAMES = [
  'Élodie',
  'Claire',
  'Hugo',
  'Inès',
  'Léa',
  'Zoé',
  'Chloé',
  'Maël',
  'Noémie',
  'Jérôme',
  'François',
  'Hélène',
  'Gaëlle',
  'Anaïs',
  'Loïc',
  'Benoît',
  'Amélie',
  'Céline',
  'Marie',
  'Mario',
  'Martin',
  'Marc',
  'Maria',
  'Lucas',
  'Jürgen',
  'Jörg',
  'Günther',
  'Björn',
  'Uwe',
  'Sören',
  'Käthe',
  'Lena',
  'Hannah',
  'Felix',
  'Max',
  'Lukas',
  'José',
  'María',
  'Inés',
  'Sofía',
  'Andrés',
  'Ramón',
  'Lucía',
  'Álvaro',
  'Núria',
  'Pablo',
  'Carmen',
  'Javier',
  'Giulia',
  'Niccolò',
  'Francesca',
  'Lorenzo',
  'Matteo',
  'Chiara',
  'Andrea',
  'Luca',
  'Federica',
  'Gianluca',
  'Wouter',
  'Sven',
  'Ruben',
  'Lotte',
  'Thibaut',
  'Maëlle',
  'Aurélien',
  'Raphaël',
  'Joël',
  'Noël',
] as const
export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Girard',
  'Bonnet',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Müller',
  'Schmidt',
  'Schröder',
  'Weiß',
  'Fischer',
  'Köhler',
  'Günther',
  'Schäfer',
  'Krüger',
  'Bäcker',
  'García',
  'Martínez',
  'López',
  'Sánchez',
  'Pérez',
  'Gómez',
  'Díaz',
  'Fernández',
  'Muñoz',
  'Jiménez',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Mancini',
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'De Smet',
  'Dupont',
  'Mårtensson',
  'Ødegård',
  'Nuñez',
  'Çelik',
  'Marchand',
  'Marais',
  'Mariani',
  'Caron',
  'Faure',
  'Gauthier',
] as const
export const DOMAINS = [
  'example.com',
  'acme.example',
  'globex.example',
  'initech.example',
  'mail.example.fr',
  'firma.example.de',
] as const
export const STORES = [
  ['FR', 'France'],
  ['BE', 'Belgium'],
  ['DE', 'Germany'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
] as const
export const STORE_IDS = STORES.map(([id]) => id)
export const LOCALES = ['fr-FR', 'fr-BE', 'nl-BE', 'de-DE', 'es-ES', 'it-IT', 'en'] as const
const CIVILITIES = ['MR', 'MRS', 'MISS', null] as const

/** "Élodie Müller" → "elodie.muller": what people put in e-mail addresses. */
export const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')

function groupsFor(r: Rand): OperatorGroup[] {
  const x = r()
  if (x < 0.1) return ['Admin']
  if (x < 0.55) return ['User']
  if (x < 0.85) return ['Reader']
  if (x < 0.95) return ['User', 'Reader']
  return ['Admin', 'User']
}
function storesFor(r: Rand): string[] {
  const x = r()
  if (x < 0.05) return [] // OP3: an operator may have no store
  const n = x < 0.7 ? 1 : x < 0.9 ? 2 : 3
  const out = new Set<string>()
  while (out.size < n) out.add(pick(r, STORE_IDS))
  return [...out]
}

/** The n-th operator's input, as a client would POST it. `n` makes externalId and email unique. */
export function operatorInput(r: Rand, n: number): OperatorInput {
  const firstName = pick(r, FIRST_NAMES)
  const lastName = pick(r, LAST_NAMES)
  return {
    externalId: `OP-${String(n).padStart(7, '0')}`,
    email: `${ascii(firstName)}.${ascii(lastName)}.${n}@${pick(r, DOMAINS)}`,
    civility: pick(r, CIVILITIES),
    firstName,
    lastName,
    locale: pick(r, LOCALES),
    status: r() < 0.85 ? 'ACTIVE' : 'INACTIVE',
    groups: groupsFor(r),
    storeIds: storesFor(r),
  }
}

/** Adds the five stores FR/BE/DE/ES/IT (through the domain, so they are valid and audited). */
export function addStores(db: Db): Db {
  const tx = new Tx(db, 'system', new Date('2024-01-01T00:00:00Z'))
  for (const [externalId, name] of STORES)
    if (!db.stores.findBy('externalId', externalId)) createStore(tx, { externalId, name })
  return db
}

/**
 * Inserts `count` operators straight into `db.operators` (no audit events: this is a fast fill, not a
 * history). Records have the same shape as createOperator's. Returns the time taken, in ms.
 */
export function fillOperators(db: Db, count: number, seed = 42): number {
  const t0 = performance.now()
  const r = rng(seed)
  const base = Date.parse('2023-01-01T00:00:00Z')
  for (let n = 1; n <= count; n++) {
    const input = operatorInput(r, n)
    const at = new Date(base + n * 61_000).toISOString()
    const op: OperatorRecord = {
      id: db.nextId('op'),
      externalId: input.externalId,
      email: input.email,
      civility: input.civility ?? null,
      firstName: input.firstName,
      lastName: input.lastName,
      locale: input.locale ?? 'en',
      status: input.status ?? 'ACTIVE',
      groups: input.groups,
      storeIds: input.storeIds ?? [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
    db.operators.insert(op)
  }
  return performance.now() - t0
}

// ---- customers: accounts, organisation trees, customer users ------------------------------------------

export const CITIES = [
  'Besançon',
  'Orléans',
  'Nîmes',
  'Saint-Étienne',
  'Évry',
  'Béziers',
  'Liège',
  'Genève',
  'Zürich',
  'Düsseldorf',
  'München',
  'Köln',
  'Nürnberg',
  'Málaga',
  'Córdoba',
  'León',
  'Cádiz',
  'Forlì',
  'Cantù',
  'Paris',
  'Lyon',
  'Lille',
  'Nantes',
  'Bruxelles',
  'Gent',
  'Antwerpen',
  'Namur',
  'Hamburg',
  'Berlin',
  'Madrid',
  'Sevilla',
  'Milano',
  'Torino',
  'Roma',
  'Napoli',
  'Bordeaux',
  'Toulouse',
] as const
/** What organisations are called at each depth (1 = a root). */
const ORG_KINDS = [
  'Division',
  'Région',
  'Filiale',
  'Site',
  'Département',
  'Service',
  'Pôle',
  'Équipe',
  'Cellule',
  'Unité',
] as const
const COMPANY_WORDS = [
  'Industries',
  'Hôtels',
  'Bâtiment',
  'Logistique',
  'Santé',
  'Énergie',
  'Distribution',
  'Mécanique',
  'Agroalimentaire',
  'Services',
] as const

/** One node of a generated tree: its parent (an index into the same list, or -1 for a root) and its depth (1 = root). */
export interface TreeNode {
  parent: number
  depth: number
}
/**
 * A tree of at most `count` nodes: `roots` roots, then nodes taken from the frontier in random order, each
 * given a random number of children around `fanout[depth - 1]` (30% leaves, the others spread around the
 * mean, 1% ten times wider: a big site, a flat department), until `count` nodes exist or nothing is left
 * to expand. Random order (not breadth first) so that stopping at `count` trims the tree evenly, not just
 * its last level. Depth never exceeds `fanout.length + 1`. Deterministic for a given `r`.
 */
export function treeShape(r: Rand, count: number, roots: number, fanout: readonly number[]): TreeNode[] {
  const nodes: TreeNode[] = []
  const frontier: number[] = []
  for (let i = 0; i < Math.min(roots, count); i++) frontier.push(nodes.push({ parent: -1, depth: 1 }) - 1)
  while (frontier.length && nodes.length < count) {
    const f = Math.floor(r() * frontier.length)
    const i = frontier[f]
    frontier[f] = frontier[frontier.length - 1]
    frontier.pop()
    const mean = fanout[nodes[i].depth - 1] ?? 0
    let k = mean <= 0 || r() < 0.3 ? 0 : Math.round((mean / 0.7) * (0.2 + 1.6 * r()))
    if (r() < 0.01) k *= 10
    for (let c = 0; c < k && nodes.length < count; c++)
      frontier.push(nodes.push({ parent: i, depth: nodes[i].depth + 1 }) - 1)
  }
  return nodes
}

/** Creates `shape` as organisations of `account` through the domain (rules checked, audited). */
export function createOrganisationTree(
  tx: Tx,
  account: AccountRecord,
  shape: readonly TreeNode[],
  r: Rand,
  prefix: string,
): OrganisationRecord[] {
  const out: OrganisationRecord[] = []
  const noCustomFields = () => {}
  shape.forEach((node, n) => {
    const name = `${ORG_KINDS[node.depth - 1]} ${pick(r, CITIES)} ${n + 1}` // the number keeps sibling names unique (O2)
    out.push(
      createOrganisation(
        tx,
        {
          externalId: `${prefix}-ORG-${n + 1}`,
          name,
          accountId: account.id,
          parentId: node.parent < 0 ? null : out[node.parent].id,
        },
        noCustomFields,
      ),
    )
  })
  return out
}

/** An account, its organisations, and its share of the customer users (relative weight). */
export interface CustomerAccountFixture {
  account: AccountRecord
  orgs: OrganisationRecord[]
  weight: number
}

/**
 * Adds `count` customer accounts through the domain, each with an organisation tree sized to its share of
 * users (one organisation per ≈ 40 users of an average account, depth ≤ 5), and the five stores.
 * Account sizes follow a Zipf law (a few big accounts, a long tail of small ones), as in real B2B data.
 */
export function addCustomerAccounts(db: Db, count = 500, seed = 11, users = 100_000): CustomerAccountFixture[] {
  addStores(db)
  const r = rng(seed)
  const tx = new Tx(db, 'system', new Date('2024-01-01T00:00:00Z'))
  const weights = Array.from({ length: count }, (_, k) => 1 / (k + 1) ** 0.9)
  const sum = weights.reduce((a, b) => a + b, 0)
  const out: CustomerAccountFixture[] = []
  for (let k = 0; k < count; k++) {
    const name = `${pick(r, LAST_NAMES)} ${pick(r, COMPANY_WORDS)} ${k + 1}`
    const externalId = `ACC-${String(k + 1).padStart(5, '0')}`
    const account = createAccount(tx, {
      externalId,
      name,
      companyRegistrationName: `${name} SAS`,
      businessRegistrationNumber: `RCS ${100_000 + k}`,
    })
    const expectedUsers = (users * weights[k]) / sum
    const orgCount = Math.max(1, Math.min(2000, Math.round(expectedUsers / 40)))
    const orgs = createOrganisationTree(
      tx,
      account,
      treeShape(r, orgCount, Math.min(3, orgCount), [6, 5, 4, 3]),
      r,
      externalId,
    )
    out.push({ account, orgs, weight: weights[k] })
  }
  return out
}

/** Picks an account fixture by weight. */
function accountPicker(accounts: readonly CustomerAccountFixture[]) {
  const cumulative: number[] = []
  let total = 0
  for (const a of accounts) cumulative.push((total += a.weight))
  return (x: number) => {
    const target = x * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid] <= target) lo = mid + 1
      else hi = mid
    }
    return accounts[lo]
  }
}

export const CUSTOMER_GROUP_SETS: readonly CustomerUserGroup[][] = [
  ['FOC_User'],
  ['FOC_Admin'],
  ['FOC_Webmaster'],
  ['FOC_Admin', 'FOC_User'],
  ['FOC_User', 'FOC_Webmaster'],
]
function customerGroupsFor(r: Rand): CustomerUserGroup[] {
  const x = r()
  return [...CUSTOMER_GROUP_SETS[x < 0.8 ? 0 : x < 0.88 ? 1 : x < 0.92 ? 2 : x < 0.97 ? 3 : 4]]
}

/**
 * The n-th customer user's input, as a client would POST it (no password): one account mostly (5% have
 * two), 0–2 organisations of the first account, at least one store (U10 on a multi-store tenant).
 */
export function customerUserInput(
  r: Rand,
  n: number,
  pickAccount: (x: number) => CustomerAccountFixture,
): CustomerUserInput {
  const firstName = pick(r, FIRST_NAMES)
  const lastName = pick(r, LAST_NAMES)
  const main = pickAccount(r())
  const accountIds = [main.account.id]
  if (r() < 0.05) {
    const other = pickAccount(r())
    if (other !== main) accountIds.push(other.account.id)
  }
  const x = r()
  const orgCount = x < 0.15 ? 0 : x < 0.9 ? 1 : 2
  const organisationIds = [...new Set(Array.from({ length: orgCount }, () => pick(r, main.orgs).id))]
  const storeIds = storesFor(r)
  return {
    externalId: `CU-${String(n).padStart(7, '0')}`,
    civility: pick(r, ['MR', 'MRS', 'MISS'] as const),
    firstName,
    lastName,
    email: `${ascii(firstName)}.${ascii(lastName)}.${n}@${pick(r, DOMAINS)}`,
    phone: `+33 6 ${String(Math.floor(r() * 1e8))
      .padStart(8, '0')
      .replace(/(\d\d)(?=\d)/g, '$1 ')}`,
    groups: customerGroupsFor(r),
    accountIds,
    organisationIds,
    mainOrganisationId: organisationIds[0] ?? null,
    storeIds: storeIds.length ? storeIds : [pick(r, STORE_IDS)],
    status: r() < 0.85 ? 'ACTIVE' : 'INACTIVE',
    onHold: r() < 0.03,
    preferredCurrency: r() < 0.5 ? 'EUR' : null,
    preferredSite: null,
  }
}

/** A fixed PBKDF2-shaped hash: filling 100,000 users must not run PBKDF2 100,000 times. Never checked. */
export const DUMMY_PASSWORD_HASH: PasswordHash = Object.freeze({
  hash: 'q3rVbO1Hk0G0yDqkz1qFQJm6b1y9mE0oTQ4b2o3H8hA=',
  salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
  iterations: 100_000,
})

/**
 * Inserts `count` customer users straight into `db.customerUsers` (no audit, no notification, the dummy
 * password hash), spread over `accounts` by weight. Records have createCustomerUser's shape; 70% have
 * logged in. Returns the time taken, in ms.
 */
export function fillCustomerUsers(
  db: Db,
  accounts: readonly CustomerAccountFixture[],
  count: number,
  seed = 43,
): number {
  const t0 = performance.now()
  const r = rng(seed)
  const pickAccount = accountPicker(accounts)
  const base = Date.parse('2023-01-01T00:00:00Z')
  const loginBase = Date.parse('2024-01-01T00:00:00Z')
  for (let n = 1; n <= count; n++) {
    const input = customerUserInput(r, n, pickAccount)
    const at = new Date(base + n * 31_000).toISOString()
    const id = db.nextId('cu')
    const user: CustomerUserRecord = {
      id,
      externalId: input.externalId ?? id,
      civility: input.civility,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phone: input.phone,
      groupsByAccount: Object.fromEntries(input.accountIds.map((a) => [a, input.groups])),
      accountIds: input.accountIds,
      organisationIds: input.organisationIds ?? [],
      mainOrganisationId: input.mainOrganisationId ?? null,
      storeIds: input.storeIds ?? [],
      status: input.status ?? 'ACTIVE',
      onHold: input.onHold ?? false,
      preferredCurrency: input.preferredCurrency ?? null,
      preferredSite: input.preferredSite ?? null,
      customerNumber: `C${id.slice(3)}`,
      lastLoginAt: r() < 0.7 ? new Date(loginBase + Math.floor(r() * 365 * 86_400_000)).toISOString() : null,
      customFields: {},
      password: DUMMY_PASSWORD_HASH,
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
    db.customerUsers.insert(user)
  }
  return performance.now() - t0
}

// ---- timing and printing ----------------------------------------------------------------------------

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
export const ms = (x: number, digits = 2) => `${x.toFixed(digits)} ms`
export const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`
export const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER BUDGET')

/** Prints a simple left-aligned table. */
export function table(rows: (string | number)[][]) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  for (const r of rows) console.log(`  ${r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')}`)
}

/** Collects GC between phases when node runs with --expose-gc (no-op otherwise). */
export function gc() {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** Functional failures set a non-zero exit code; timings never do. */
export function fail(message: string) {
  console.error(`FAIL: ${message}`)
  process.exitCode = 1
}

export const time = (f: () => unknown) => {
  const t0 = performance.now()
  f()
  return performance.now() - t0
}

/**
 * Times each list scenario against the one-`indexOf` scan floor, interleaved query by query (alternating
 * which goes first, so neither always runs right after the other's garbage), after 20 warm-up rounds.
 * Returns the printed table's rows and the worst p99 and p99/floor ratio.
 */
export function timeScenarios<Q>(
  scenarios: readonly { name: string; q: (i: number) => Q }[],
  o: {
    run: (q: Q) => number
    floor: (needle: string) => unknown
    needleOf: (q: Q) => string
    iterations: number
    budgetMs: number
    budgetRatio: number
  },
) {
  const rows: (string | number)[][] = [
    [
      'scenario',
      'hits (mean)',
      'p50',
      'p99',
      'floor p50',
      'floor p99',
      'p99/floor p99',
      `≤ ${o.budgetMs} ms`,
      `≤ ${o.budgetRatio}× floor`,
    ],
  ]
  let worstP99 = 0
  let worstRatio = 0
  for (const s of scenarios) {
    gc()
    for (let i = 0; i < 20; i++) {
      o.floor(o.needleOf(s.q(i)))
      o.run(s.q(i))
    }
    const eng: number[] = []
    const flo: number[] = []
    let hits = 0
    for (let i = 0; i < o.iterations; i++) {
      const q = s.q(i)
      const needle = o.needleOf(q)
      if (i & 1) {
        eng.push(time(() => (hits += o.run(q))))
        flo.push(time(() => o.floor(needle)))
      } else {
        flo.push(time(() => o.floor(needle)))
        eng.push(time(() => (hits += o.run(q))))
      }
    }
    const [p50, p99, f50, f99] = [percentile(eng, 50), percentile(eng, 99), percentile(flo, 50), percentile(flo, 99)]
    worstP99 = Math.max(worstP99, p99)
    worstRatio = Math.max(worstRatio, p99 / f99)
    rows.push([
      s.name,
      Math.round(hits / o.iterations),
      ms(p50),
      ms(p99),
      ms(f50),
      ms(f99),
      ratio(p99, f99),
      verdict(p99 <= o.budgetMs),
      verdict(p99 / f99 <= o.budgetRatio),
    ])
  }
  return { rows, worstP99, worstRatio }
}

/**
 * The header line of the customer-user CSVs the import benches write (`;`, import-page form): the template's columns,
 * in its order, without I10's optional `active`. Each row the benches write fills exactly these.
 */
export const USER_CSV_HEADER_LINE = CUSTOMER_USER_COLUMNS.filter((f) => f !== 'active')
  .map((f) => CUSTOMER_USER_IMPORT_HEADERS[f])
  .join(';')
