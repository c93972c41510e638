/**
 * Issue 14 item 12: the generated part of the demo data — hundreds of operators, thousands of customer users across
 * many accounts, an account with a deep tree of a few hundred organisations, customer tags and custom fields in use —
 * so that paging, search and windowing show in the elements without adding data by hand.
 *
 * Deterministic: everything comes from a seeded PRNG (mulberry32) and fixed dates, never from `Math.random` or the
 * clock, so the same options give the same records byte for byte. Every record is made by the domain functions, so
 * the server's own rules hold (unique emails and external ids, organisations in their account, users' organisations
 * in their accounts, groups per membership, stores that exist); and every generated account has an ACTIVE FOC_Admin.
 *
 * Cheap: the generated customer users hash no password. Each gets a stored password that no password matches (a
 * per-user random salt and hash, as if their initial password had been delivered long ago): they cannot sign in
 * until somebody sets a password (an operator's PUT, or the storefront's password reset, SS2). The generated records
 * are loaded as history from an earlier system: no audit events and no outbox messages — the audit log and the
 * outbox show what happens on this server.
 */
import type { Db } from './db.js'
import { createAccount, decideAccount, setLegalUser, updateAccount } from './domain/accounts.js'
import { createCustomField, validateCustomFields } from './domain/custom-fields.js'
import { createCustomerUser, type NewPassword } from './domain/customer-users.js'
import { createOperator } from './domain/operators.js'
import { createOrganisation } from './domain/organisations.js'
import { createTag } from './domain/tags.js'
import { Tx } from './domain/tx.js'
import {
  CITIES,
  COMPANY_PATTERNS,
  type Country,
  DEEP_TREE,
  DEMO_TAGS,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  LEGAL_FORMS,
  REGION_CITIES,
  SEGMENTS,
  SMALL_TREE,
  STREETS,
} from './demo-names.js'
import type {
  AccountRecord,
  CustomerUserGroup,
  CustomerUserRecord,
  OperatorGroup,
  OperatorRecord,
  CustomFieldValues,
  OrganisationRecord,
  PasswordHash,
} from './types.js'

/** How much to generate, and from which PRNG seed. */
export interface DemoBulkOptions {
  /** The PRNG seed: the same seed (and sizes) gives the same records. */
  seed: number
  operators: number
  /** Customer accounts, the deep-tree account included. */
  accounts: number
  /** Customer users, across every generated account. */
  customerUsers: number
  /** Organisations of the deep-tree account ({@link DEMO_DEEP_TREE_ACCOUNT}). */
  deepTreeOrganisations: number
}

/** The sizes `npm start` shows. */
export const DEMO_BULK: Readonly<DemoBulkOptions> = {
  seed: 14,
  operators: 250,
  accounts: 120,
  customerUsers: 3000,
  deepTreeOrganisations: 300,
}

/** The externalId of the account with the deep organisation tree (depth 7 at the default sizes). */
export const DEMO_DEEP_TREE_ACCOUNT = 'HEXAGONE'
/** Its FOC_Admin who signs in with the demo customer password, to see the deep tree on the storefront. */
export const DEMO_DEEP_TREE_ADMIN = { externalId: 'HEXAGONE-ADMIN', email: 'hector.hexagone@hexagone.example' }

/** What was generated. */
export interface DemoBulkSummary {
  operators: number
  accounts: number
  organisations: number
  customerUsers: number
  customerTags: number
  customFields: number
  /** Depth of the deep tree (a root is at depth 1). */
  deepTreeDepth: number
}

const SYSTEM = 'system'
/** The generated records are dated between these instants (fixed: the clock never enters the data). */
const FROM = Date.UTC(2022, 0, 3, 8)
const TO = Date.UTC(2025, 5, 30, 18)
const DAY = 86_400_000
const MAX_DEPTH = 7

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence in every JavaScript engine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Random {
  readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  /** A whole number in [min, max]. */
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]
  }
  chance(p: number) {
    return this.next() < p
  }
  /** `[value, weight]` pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [value, w] of pairs) if ((r -= w) < 0) return value
    return pairs[pairs.length - 1][0]
  }
  shuffled<T>(xs: readonly T[]): T[] {
    const out = [...xs]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
  digits(n: number) {
    let s = ''
    for (let i = 0; i < n; i++) s += String(this.int(0, 9))
    return s
  }
  base64(bytes: number) {
    return btoa(String.fromCharCode(...Array.from({ length: bytes }, () => this.int(0, 255))))
  }
  /** `n` instants between `from` and `to`, ascending, whole seconds. */
  times(n: number, from: number, to: number) {
    return Array.from({ length: n }, () => from + Math.floor((this.next() * (to - from)) / 1000) * 1000).sort(
      (a, b) => a - b,
    )
  }
  /** Splits `total` into `parts` whole numbers ≥ 1, roughly even. */
  split(total: number, parts: number) {
    const weights = Array.from({ length: parts }, () => 0.6 + this.next() * 0.8)
    const sum = weights.reduce((s, w) => s + w, 0)
    const out = weights.map((w) => Math.max(1, Math.floor(((total - parts) * w) / sum) + 1))
    let left = total - out.reduce((s, n) => s + n, 0)
    for (let i = 0; left > 0; i = (i + 1) % parts, left--) out[i]++
    for (let i = 0; left < 0; i = (i + 1) % parts) if (out[i] > 1) out[i]--, left++
    return out
  }
}

/** Seed records leave no audit event (they are history, not changes made on this server). */
class SeedTx extends Tx {
  override audit() {}
}
const txAt = (db: Db, ms: number) => new SeedTx(db, SYSTEM, new Date(ms))

/** Lower-case ASCII for e-mail addresses and domains: accents dropped, œ/æ/ß spelled out, other signs as `-`. */
export function asciiSlug(text: string) {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** Unique e-mail addresses: `first.last@domain`, then `first.last2@domain`… */
function emailMaker(taken: (email: string) => boolean) {
  const used = new Set<string>()
  return (first: string, last: string, domain: string) => {
    const local = `${asciiSlug(first)}.${asciiSlug(last)}`
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`
      if (!used.has(email) && !taken(email)) {
        used.add(email)
        return email
      }
    }
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

function phone(rng: Random, country: Country) {
  const pairs = (n: number) => Array.from({ length: n }, () => rng.digits(2)).join(' ')
  if (country === 'FR') return `+33 ${rng.pick(['1', '2', '3', '4', '5', '6', '6', '7'])} ${pairs(4)}`
  if (country === 'BE')
    return rng.chance(0.6) ? `+32 4${rng.int(70, 99)} ${pairs(3)}` : `+32 2 ${rng.digits(3)} ${pairs(2)}`
  return rng.chance(0.6) ? `+49 15${rng.int(1, 9)} ${rng.digits(8)}` : `+49 ${rng.int(30, 89)} ${rng.digits(7)}`
}

/** A person's name: mostly of the country, sometimes of a neighbour (Belgium mixes French and Flemish names). */
function person(rng: Random, country: Country) {
  const from: Country =
    country === 'BE'
      ? rng.weighted<Country>([
          ['BE', 0.65],
          ['FR', 0.35],
        ])
      : rng.chance(0.06)
        ? rng.pick(['FR', 'BE', 'DE'])
        : country
  const [firstName, sex] = rng.pick(FIRST_NAMES[from])
  const lastName = rng.pick(LAST_NAMES[from])
  return { firstName, lastName, sex, from }
}

/** French SIREN: 8 digits and a Luhn check digit, shown `123 456 782`. */
function siren(rng: Random) {
  const body = rng.int(1, 9) + rng.digits(7)
  for (let check = 0; check < 10; check++) {
    const number = body + check
    let sum = 0
    for (let i = 0; i < 9; i++) {
      let d = Number(number[8 - i]) * (i % 2 ? 2 : 1)
      if (d > 9) d -= 9
      sum += d
    }
    if (sum % 10 === 0) return number
  }
  return `${body}0`
}

/** Registration and VAT numbers in each country's format, with their check digits. */
function registration(rng: Random, country: Country) {
  if (country === 'FR') {
    const n = siren(rng)
    const key = pad((12 + 3 * (Number(n) % 97)) % 97, 2)
    return { brn: `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, vat: `FR${key}${n}` }
  }
  if (country === 'BE') {
    const first8 = `0${rng.int(2, 9)}${rng.digits(6)}`
    const n = `${first8}${pad(97 - (Number(first8) % 97), 2)}`
    return { brn: `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`, vat: `BE${n}` }
  }
  // German USt-IdNr.: 8 digits and an ISO 7064 MOD 11,10 check digit.
  const body = rng.int(1, 9) + rng.digits(7)
  let product = 10
  for (const c of body) {
    let sum = (Number(c) + product) % 10
    if (sum === 0) sum = 10
    product = (2 * sum) % 11
  }
  const check = (11 - product) % 10
  return { brn: `HRB ${rng.int(1000, 250_000)}`, vat: `DE${body}${check}` }
}

/** A stored password that no password matches: a per-user random salt and hash (see the file's comment). */
const unusablePassword = (rng: Random): PasswordHash => ({
  hash: rng.base64(32),
  salt: rng.base64(16),
  iterations: 100_000,
})

interface Team {
  country: Country | 'INT'
  stores: string[][]
}
const TEAMS: readonly (readonly [Team, number])[] = [
  [{ country: 'FR', stores: [['FR'], ['FR'], ['FR'], ['FR', 'BE']] }, 0.55],
  [{ country: 'BE', stores: [['BE'], ['BE'], ['BE', 'FR']] }, 0.25],
  [{ country: 'DE', stores: [['DE'], ['DE'], ['DE'], ['DE', 'FR']] }, 0.15],
  [{ country: 'INT', stores: [['FR', 'BE', 'DE']] }, 0.05],
]

function generateOperators(db: Db, rng: Random, count: number) {
  const email = emailMaker((e) => !!db.operators.findBy('email', e))
  const managers: Record<Country, OperatorRecord[]> = { FR: [], BE: [], DE: [] }
  const times = rng.times(count, FROM, TO)
  for (let i = 0; i < count; i++) {
    const team = rng.weighted(TEAMS)
    const level = rng.weighted<OperatorGroup>([
      ['Admin', 0.06],
      ['User', 0.52],
      ['Reader', 0.42],
    ])
    const country = team.country === 'INT' ? rng.pick<Country>(['FR', 'BE', 'DE']) : team.country
    const who = person(rng, country)
    // OP3: stores by team; Admins see every store; a few newcomers have none yet.
    const storeIds = rng.chance(0.03) ? [] : level === 'Admin' ? ['FR', 'BE', 'DE'] : rng.pick(team.stores)
    const locale =
      team.country === 'INT'
        ? 'en-GB'
        : country === 'BE'
          ? who.from === 'BE'
            ? 'nl-BE'
            : 'fr-BE'
          : country === 'DE'
            ? 'de-DE'
            : 'fr-FR'
    const op = createOperator(txAt(db, times[i]), {
      externalId: `staff-${pad(i + 1, 4)}`,
      email: email(who.firstName, who.lastName, 'demo.dj-customers.dev'),
      civility: rng.chance(0.08) ? null : who.sex === 'F' ? 'MRS' : 'MR',
      firstName: who.firstName,
      lastName: who.lastName,
      locale,
      status: rng.chance(0.07) ? 'INACTIVE' : 'ACTIVE',
      groups: [level],
      storeIds,
      // U15: some of the customer-facing operators are in support (assisted buying), apart from their level.
      support: level !== 'Reader' && team.country !== 'DE' && rng.chance(0.25),
    })
    if (op.status === 'ACTIVE' && level !== 'Reader' && team.country !== 'INT') managers[team.country].push(op)
  }
  return managers
}

interface AccountPlan {
  record: AccountRecord
  country: Country
  domain: string
  orgs: OrganisationRecord[]
  /** The next user number in this account (`<externalId>-U0001`). */
  users: number
}

/** A company name not taken yet, and the city it is in (named after it, or its head office). */
function company(rng: Random, country: Country, taken: Set<string>) {
  for (let attempt = 0; ; attempt++) {
    const place = rng.pick(CITIES[country])
    const [city] = place
    const name = rng.pick(COMPANY_PATTERNS[country]).replace('{n}', rng.pick(LAST_NAMES[country])).replace('{c}', city)
    const unique = attempt < 20 ? name : `${name} ${city}`
    if (!taken.has(unique.toLowerCase())) {
      taken.add(unique.toLowerCase())
      return { name: unique, place }
    }
  }
}

function generateAccounts(
  db: Db,
  rng: Random,
  count: number,
  managers: Record<Country, OperatorRecord[]>,
  tagIds: string[],
) {
  const names = new Set([...db.customerAccounts.values()].map((a) => a.name.toLowerCase()))
  const domains = new Set<string>()
  const times = rng.times(count, FROM, TO - 45 * DAY)
  const plans: AccountPlan[] = []
  const waiting = Math.max(0, Math.round(count * 0.03))
  const perCountry: Record<Country, number> = { FR: 0, BE: 0, DE: 0 }
  for (let i = 0; i < count; i++) {
    const deep = i === 0
    const country: Country = deep
      ? 'FR'
      : rng.weighted<Country>([
          ['FR', 0.6],
          ['BE', 0.25],
          ['DE', 0.15],
        ])
    const { name, place } = deep
      ? { name: 'Groupe Hexagone Distribution', place: ['Lille', '59000'] as const }
      : company(rng, country, names)
    let domain = deep ? 'hexagone.example' : `${asciiSlug(name)}.example`
    for (let n = 2; domains.has(domain); n++) domain = `${asciiSlug(name)}-${n}.example`
    domains.add(domain)
    const externalId = deep ? 'HEXAGONE' : `CUST-${country}-${pad(++perCountry[country], 4)}`
    const { brn, vat } = registration(rng, country)
    const [city, zipCode] = place
    const legalForm = deep ? 'SA' : rng.pick(LEGAL_FORMS[country])
    const tags = deep
      ? ['key-account', 'retail', 'framework-contract']
      : rng.shuffled(tagIds.filter((t) => t !== 'hotel')).slice(
          0,
          rng.weighted([
            [0, 0.3],
            [1, 0.35],
            [2, 0.25],
            [3, 0.1],
          ]),
        )
    const number = rng.int(1, 180)
    const street = rng.pick(STREETS[country])
    const manager = managers[country].length && (deep || rng.chance(0.6)) ? rng.pick(managers[country]) : null
    const at = times[i]
    const tx = txAt(db, at)
    // A3: the most recent few wait for approval (created while approval is on); settings are put back as they were.
    const approval = !deep && i >= count - waiting
    const settings = db.settings
    if (approval) db.settings = { ...settings, customerAccountApproval: true }
    let record: AccountRecord
    try {
      record = createAccount(tx, {
        externalId,
        name,
        companyRegistrationName: `${name} ${legalForm}`,
        businessRegistrationNumber: brn,
        vatNumber: deep || rng.chance(0.85) ? vat : null,
        website: rng.chance(0.7) ? `https://www.${domain}` : null,
        accountManagerId: manager?.id ?? null,
        customerTagIds: tags.map((x) => db.customerTags.findBy('externalId', x)!.id),
        customFields: deep
          ? { segment: 'Grand compte' }
          : rng.chance(0.8)
            ? { segment: rng.pick(SEGMENTS.slice(0, 3)) }
            : {},
        address: {
          externalId: `${externalId}-HQ`,
          label: country === 'DE' ? 'Hauptsitz' : 'Siège social',
          fullName: name,
          // House number first in France, after the street in Belgium and Germany.
          address: country === 'FR' ? `${number} ${street}` : `${street} ${number}`,
          city,
          zipCode,
          country,
          phone: phone(rng, country),
          shipping: true,
          billing: true,
          isDefault: true,
        },
      })
    } finally {
      db.settings = settings
    }
    if (rng.chance(0.5)) {
      const legal = person(rng, country)
      const birthday = `${rng.int(1955, 1992)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`
      record = setLegalUser(tx, record, {
        firstName: legal.firstName,
        lastName: legal.lastName,
        birthday,
        nationality: legal.from,
        countryOfResidence: country,
        email: `${asciiSlug(legal.firstName)}.${asciiSlug(legal.lastName)}@${domain}`,
      })
    }
    if (!approval && !deep && rng.chance(0.02))
      record = updateAccount(tx, record, {
        externalId,
        name,
        companyRegistrationName: record.companyRegistrationName,
        businessRegistrationNumber: brn,
        status: 'INACTIVE',
      })
    // A3: one of the waiting accounts was turned down.
    if (approval && i === count - waiting) record = decideAccount(tx, record, 'reject')
    plans.push({ record, country, domain, orgs: [], users: 0 })
  }
  return plans
}

/** Names for `k` siblings from `pool`, shuffled; numbered once the pool runs out. */
function siblingNames(rng: Random, pool: readonly string[], k: number) {
  const names = rng.shuffled(pool).slice(0, k)
  for (let n = names.length; n < k; n++) names.push(`${pool[n % pool.length]} ${Math.floor(n / pool.length) + 1}`)
  return names
}

interface TreeNode {
  parent: number | null
  level: number
  name: string
}

/**
 * The deep tree's shape for exactly `total` organisations: divisions at the top, each given a share of the total,
 * then at each level about as many children as makes the share shrink to one at level {@link MAX_DEPTH}.
 */
function planDeepTree(rng: Random, total: number): TreeNode[] {
  const nodes: TreeNode[] = []
  const divisions = DEEP_TREE.divisions.slice(0, Math.max(1, Math.min(DEEP_TREE.divisions.length, total)))
  const grow = (parent: number | null, level: number, budget: number, name: string, support: boolean) => {
    const me = nodes.push({ parent, level, name }) - 1
    const rest = budget - 1
    if (rest <= 0) return
    const below = MAX_DEPTH - level
    const k =
      below <= 1 ? rest : Math.min(rest, Math.max(1, Math.round(rest ** (1 / below) * (0.8 + rng.next() * 0.8))))
    const pools = support ? DEEP_TREE.support : DEEP_TREE.operations
    const pool: readonly string[] =
      level === 2 && !support ? (REGION_CITIES[name] ?? CITIES.FR.map(([c]) => c)) : pools[level - 1]
    const names = siblingNames(rng, pool, k)
    rng.split(rest, k).forEach((b, i) => grow(me, level + 1, b, names[i], support))
  }
  rng
    .split(total, divisions.length)
    .forEach((b, i) => grow(null, 1, b, divisions[i], divisions[i] === 'Fonctions support'))
  return nodes
}

function generateOrganisations(db: Db, rng: Random, plans: AccountPlan[], deepTotal: number) {
  const orgFields = (values: CustomFieldValues) => validateCustomFields(db, 'ORGANISATION', values)
  const costCentre = (): CustomFieldValues => (rng.chance(0.3) ? { 'cost-centre': `CC-${rng.int(1000, 9899)}` } : {})
  let depth = 0
  for (const plan of plans) {
    const { record: account } = plan
    const at = Date.parse(account.createdAt) + rng.int(1, 30) * DAY
    const tx = txAt(db, Math.min(at, TO))
    const org = (name: string, parent: OrganisationRecord | null) => {
      const created = createOrganisation(
        tx,
        {
          externalId: `${account.externalId}-ORG-${pad(plan.orgs.length + 1, account.externalId === DEMO_DEEP_TREE_ACCOUNT ? 4 : 2)}`,
          name,
          accountId: account.id,
          parentId: parent?.id ?? null,
          customFields: costCentre(),
        },
        orgFields,
      )
      plan.orgs.push(created)
      return created
    }
    if (account.externalId === DEMO_DEEP_TREE_ACCOUNT) {
      const made: OrganisationRecord[] = []
      for (const node of planDeepTree(rng, deepTotal)) {
        made.push(org(node.name, node.parent === null ? null : made[node.parent]))
        depth = Math.max(depth, node.level)
      }
      continue
    }
    if (account.status !== 'ACTIVE' || rng.chance(0.45)) continue
    const pools = SMALL_TREE[plan.country === 'DE' ? 'DE' : 'FR']
    const [city] = rng.pick(CITIES[plan.country])
    for (const top of siblingNames(rng, pools.top, rng.int(1, 5))) {
      const parent = org(top.replace('{c}', city), null)
      for (const under of siblingNames(
        rng,
        pools.under,
        rng.weighted([
          [0, 0.4],
          [1, 0.2],
          [2, 0.25],
          [3, 0.15],
        ]),
      )) {
        const child = org(under, parent)
        if (rng.chance(0.1)) org(rng.pick(['Équipe 1', 'Équipe 2', 'Projets']), child)
      }
    }
  }
  return depth
}

interface UserPlan {
  plan: AccountPlan
  /** The account's first user: an ACTIVE FOC_Admin, not on hold. */
  first: boolean
  admin: boolean
  at: number
}

function generateUsers(db: Db, rng: Random, plans: AccountPlan[], total: number, signIn: NewPassword) {
  const userFields = { validateCustomFields: (v: CustomFieldValues) => validateCustomFields(db, 'CUSTOMER_USER', v) }
  const email = emailMaker((e) => !!db.customerUsers.findBy('email', e))
  // How many users each account gets: the deep-tree account a big share, the others a long tail.
  const others = plans.slice(1)
  const deepShare = Math.max(1, Math.min(Math.round(total * 0.17), total - others.length))
  const weights = others.map(() => 0.15 + rng.next() ** 3 * 4)
  const sum = weights.reduce((s, w) => s + w, 0)
  // Each account at least one user (its FOC_Admin), the rest by weight; what rounding left goes round the accounts.
  const counts = [deepShare, ...weights.map((w) => 1 + Math.floor(((total - deepShare - others.length) * w) / sum))]
  let left = total - counts.reduce((s, n) => s + n, 0)
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i]++
  const slots: UserPlan[] = []
  plans.forEach((plan, i) => {
    const created = Date.parse(plan.record.createdAt)
    const times = rng.times(counts[i], created + DAY, TO)
    times.forEach((at, n) => slots.push({ plan, first: n === 0, admin: n === 0 || rng.chance(0.04), at }))
  })
  // In time order: ids follow creation dates, as in a real system.
  slots.sort((a, b) => a.at - b.at)
  const generated = new Set<string>()
  const activeOf: Record<Country, AccountPlan[]> = { FR: [], BE: [], DE: [] }
  for (const p of plans) if (p.record.status === 'ACTIVE') activeOf[p.country].push(p)
  const hexagone = plans.find((p) => p.record.externalId === DEMO_DEEP_TREE_ACCOUNT)
  for (const slot of slots) {
    const { plan } = slot
    const account = plan.record
    // The deep-tree account's first admin is the one who signs in with the demo password.
    const { first } = slot
    const named = plan === hexagone && first
    const who = named
      ? { firstName: 'Hector', lastName: 'Hexagone', sex: 'M' as const, from: 'FR' as Country }
      : person(rng, plan.country)
    const groups: CustomerUserGroup[] = slot.admin ? ['FOC_Admin'] : [rng.chance(0.04) ? 'FOC_Webmaster' : 'FOC_User']
    // U3, U4: organisations of the account; one mostly, sometimes two (the first is the main one).
    let organisationIds: string[] = []
    if (plan.orgs.length && !named) {
      const r = rng.next()
      if (r < 0.82) organisationIds = [rng.pick(plan.orgs).id]
      else if (r < 0.92) organisationIds = [...new Set([rng.pick(plan.orgs).id, rng.pick(plan.orgs).id])]
    }
    // U16: a few people also work for a second account of the same country, as FOC_User there.
    const elsewhere = activeOf[plan.country].filter((p) => p !== plan)
    const second = !first && elsewhere.length && rng.chance(0.015) ? rng.pick(elsewhere) : undefined
    const accountIds = second ? [account.id, second.record.id] : [account.id]
    const storeIds =
      plan.country === 'BE' && rng.chance(0.3) ? ['BE', 'FR'] : plan.country === 'DE' ? ['DE'] : [plan.country]
    const externalId = named ? DEMO_DEEP_TREE_ADMIN.externalId : `${account.externalId}-U${pad(++plan.users, 4)}`
    const user: CustomerUserRecord = createCustomerUser(
      txAt(db, slot.at),
      {
        externalId,
        civility: who.sex === 'F' ? (rng.chance(0.03) ? 'MISS' : 'MRS') : 'MR',
        firstName: who.firstName,
        lastName: who.lastName,
        email: named ? DEMO_DEEP_TREE_ADMIN.email : email(who.firstName, who.lastName, plan.domain),
        phone: phone(rng, plan.country),
        groups,
        accountIds,
        memberships: second ? [{ accountId: second.record.id, groups: ['FOC_User'] }] : undefined,
        organisationIds,
        mainOrganisationId: organisationIds[0] ?? null,
        storeIds,
        // Every account keeps an ACTIVE FOC_Admin that is not on hold: its first user.
        status: first || !rng.chance(0.06) ? 'ACTIVE' : 'INACTIVE',
        onHold: !first && rng.chance(0.02),
        customFields: rng.chance(0.6) ? { department: rng.pick(JOB_TITLES) } : {},
      },
      named ? signIn : { hash: unusablePassword(rng), plain: '' },
      userFields,
    )
    generated.add(user.id)
  }
  // History, not news: the welcome messages of the generated users are not in the outbox.
  for (const n of [...db.notifications.values()])
    if (n.customerUserId && generated.has(n.customerUserId)) db.notifications.remove(n.id)
  return generated.size
}

/**
 * Adds the generated demo data to a database that holds the demo's stores (FR, BE, DE) and tags. `signIn` is the
 * demo customer password, given to the deep-tree account's admin ({@link DEMO_DEEP_TREE_ADMIN}) only.
 */
export function seedDemoBulk(db: Db, signIn: NewPassword, options: Partial<DemoBulkOptions> = {}): DemoBulkSummary {
  const o = { ...DEMO_BULK, ...options }
  const rng = new Random(o.seed)
  const tx = txAt(db, FROM - DAY)
  for (const [externalId, name, description] of DEMO_TAGS) createTag(tx, { externalId, name, description })
  createCustomField(tx, {
    externalId: 'segment',
    name: 'Catégorie d’entreprise',
    entity: 'CUSTOMER_ACCOUNT',
    type: 'LIST',
    options: [...SEGMENTS],
  })
  createCustomField(tx, {
    externalId: 'department',
    name: 'Service',
    entity: 'CUSTOMER_USER',
    type: 'LIST',
    options: [...JOB_TITLES],
  })
  createCustomField(tx, { externalId: 'cost-centre', name: 'Centre de coûts', entity: 'ORGANISATION', type: 'TEXT' })
  const tagIds = [...db.customerTags.values()].map((t) => t.externalId)
  const managers = generateOperators(db, rng, o.operators)
  const plans = generateAccounts(db, rng, Math.max(1, o.accounts), managers, tagIds)
  const depth = generateOrganisations(db, rng, plans, Math.max(1, o.deepTreeOrganisations))
  const users = generateUsers(db, rng, plans, Math.max(plans.length, o.customerUsers), signIn)
  return {
    operators: o.operators,
    accounts: plans.length,
    organisations: plans.reduce((s, p) => s + p.orgs.length, 0),
    customerUsers: users,
    customerTags: DEMO_TAGS.length,
    customFields: 3,
    deepTreeDepth: depth,
  }
}
