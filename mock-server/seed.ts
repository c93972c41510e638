import type { Db } from './db.js'
import { addApiKey, createOperator } from './domain/operators.js'
import { addAddress, createAccount, decideAccount, replaceAccountTags, setLegalUser } from './domain/accounts.js'
import { createStore } from './domain/stores.js'
import { createTag } from './domain/tags.js'
import { changeSettings } from './domain/settings.js'
import { Tx } from './domain/tx.js'
import { createOrganisation } from './domain/organisations.js'
import { createCustomerUser } from './domain/customer-users.js'
import { hashPassword } from './crypto/passwords.js'
import { sha256Hex } from './crypto/tokens.js'
import type { OperatorGroup } from './types.js'
import { DEMO_BULK, DEMO_DEEP_TREE_ADMIN, type DemoBulkOptions, seedDemoBulk } from './demo-data.js'

export { DEMO_BULK, DEMO_DEEP_TREE_ACCOUNT, DEMO_DEEP_TREE_ADMIN, type DemoBulkOptions } from './demo-data.js'

const SYSTEM = 'system'

/**
 * Makes sure an ACTIVE operator in `group` holds API key `key` (`--admin-key`): reuses the key's operator
 * when the key exists (re-activating it and granting the group), else creates one. Returns its id.
 */
export async function ensureOperatorKey(
  db: Db,
  key: string,
  group: OperatorGroup = 'Admin',
  externalId = `${group.toLowerCase()}-cli`,
) {
  const hash = await sha256Hex(key)
  const tx = new Tx(db, SYSTEM)
  const existing = db.apiKeys.findBy('hash', hash)
  const holder = existing && db.operators.get(existing.operatorId)
  if (holder) {
    if (holder.status !== 'ACTIVE' || !holder.groups.includes(group)) {
      const next = tx.next(holder, { status: 'ACTIVE', groups: [...new Set([...holder.groups, group])] })
      db.operators.replace(next)
      tx.audit('update', 'operator', holder.id, holder, next)
    }
    return holder.id
  }
  const op =
    db.operators.findBy('externalId', externalId) ??
    createOperator(tx, {
      externalId,
      email: `${externalId}@dj-customers.invalid`,
      firstName: group,
      lastName: 'Operator',
      groups: [group],
    })
  addApiKey(tx, op, 'command line', key, hash)
  return op.id
}

/** The demo operators' keys, printed by `npm start`. Fixed so the demos and the README can use them. */
export const DEMO_KEYS = {
  Admin: 'demo-admin-key',
  User: 'demo-user-key',
  Reader: 'demo-reader-key',
} as const

/** U15: the demo stores' storefront: the storefront demo page as `npm start` serves it (default port). */
export const DEMO_STOREFRONT = 'http://localhost:8787/demos/storefront.html'

/** The demo customer users' password, printed by `npm start`. */
export const DEMO_CUSTOMER_PASSWORD = 'Demo-Password-1'

/**
 * The customer users who sign in with {@link DEMO_CUSTOMER_PASSWORD} (externalIds): the four of the demo, and with
 * the generated data the deep-tree account's admin. The generated users have no known password (demo-data.ts).
 */
export const DEMO_CUSTOMER_EXTERNAL_IDS = [
  'ACME-ADMIN',
  'ACME-SAT',
  'ACME-ROB',
  'GLOBEX-ADMIN',
  DEMO_DEEP_TREE_ADMIN.externalId,
] as const

export interface SeedDemoOptions {
  /** PBKDF2 iterations of the demo customer password (default 100,000; mocks use fewer). */
  passwordIterations?: number
  /**
   * Issue 14: also generate the bulk of docs/demo-data.md — hundreds of operators, thousands of customer users, an
   * account with a deep organisation tree — deterministically: `true` for {@link DEMO_BULK}, or other sizes or seed.
   * Default `false`: the small demo set only, as tests and mocks want it.
   */
  bulk?: boolean | Partial<DemoBulkOptions>
  /** The clock of the named demo records (default: now). The generated records have fixed dates. */
  now?: Date
}

/**
 * The demo data set: three stores, one operator per permission level, tags, accounts in each approval
 * state with addresses and a legal user, organisation trees and customer users (one FOC_Admin per
 * account, members of sub-organisations to show O5). Built with the domain functions, so every rule
 * holds. With `bulk`, the generated data of demo-data.ts besides (docs/demo-data.md). Does nothing when the data
 * already has stores (a restarted `npm start` keeps what you changed).
 */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<boolean> {
  if (db.stores.size > 0) return false
  const password = {
    plain: DEMO_CUSTOMER_PASSWORD,
    hash: await hashPassword(DEMO_CUSTOMER_PASSWORD, options.passwordIterations ?? 100_000),
  }
  const tx = new Tx(db, SYSTEM, options.now)
  // U15: France and Belgium have a storefront (the demo storefront page of `npm start`, on its default port), so
  // assisted buying opens there; Germany has none.
  for (const [externalId, name, storefrontUrl] of [
    ['FR', 'France', `${DEMO_STOREFRONT}?store=FR`],
    ['BE', 'Belgium', `${DEMO_STOREFRONT}?store=BE`],
    ['DE', 'Germany', null],
  ] as const)
    createStore(tx, { externalId, name, storefrontUrl })
  for (const group of ['Admin', 'User', 'Reader'] as const) {
    const key = DEMO_KEYS[group]
    const first = { Admin: 'Claire', User: 'Hugo', Reader: 'Inès' }[group]
    const last = { Admin: 'Martin', User: 'Lefèvre', Reader: 'Moreau' }[group]
    const op = createOperator(tx, {
      externalId: `demo-${group.toLowerCase()}`,
      email: `${first.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${last.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}@demo.dj-customers.dev`,
      civility: group === 'User' ? 'MR' : 'MRS',
      firstName: first,
      lastName: last,
      locale: 'fr-FR',
      groups: [group],
      storeIds: group === 'Admin' ? ['FR', 'BE', 'DE'] : ['FR'],
      // U15: the User operator is in support, so the demo shows assisted buying; the permission is apart from levels.
      support: group === 'User',
    })
    addApiKey(tx, op, 'demo', key, await sha256Hex(key))
  }
  for (const [externalId, name, description] of [
    ['premium', 'Premium', 'Negotiated price list'],
    ['wholesale', 'Wholesale', 'Volume pricing'],
    ['hotel', 'Hotel', 'Hospitality segment'],
  ])
    createTag(tx, { externalId, name, description })

  const acme = createAccount(tx, {
    externalId: 'ACME',
    name: 'ACME Industries',
    companyRegistrationName: 'ACME Industries SAS',
    businessRegistrationNumber: '552 100 554',
    vatNumber: 'FR40552100554',
    website: 'https://acme.example',
  })
  replaceAccountTags(tx, acme, ['premium', 'wholesale'])
  addAddress(tx, db.customerAccounts.get(acme.id)!, {
    externalId: 'ACME-HQ',
    label: 'Head office',
    fullName: 'ACME Industries',
    address: '12 rue de la Paix',
    city: 'Paris',
    zipCode: '75002',
    country: 'FR',
    shipping: true,
    billing: true,
    isDefault: true,
  })
  setLegalUser(tx, db.customerAccounts.get(acme.id)!, {
    firstName: 'Jeanne',
    lastName: 'Durand',
    birthday: '1975-04-12',
    nationality: 'FR',
    countryOfResidence: 'FR',
    email: 'jeanne.durand@acme.example',
  })
  const globex = createAccount(tx, {
    externalId: 'GLOBEX',
    name: 'Globex Hôtels',
    companyRegistrationName: 'Globex Hôtels SA',
    businessRegistrationNumber: 'BE0403170701',
  })
  replaceAccountTags(tx, globex, ['hotel'])
  addAddress(tx, db.customerAccounts.get(globex.id)!, {
    externalId: 'GLOBEX-BRU',
    fullName: 'Globex Hôtels',
    address: 'Avenue Louise 54',
    city: 'Bruxelles',
    zipCode: '1050',
    country: 'BE',
    shipping: true,
    billing: false,
    isDefault: true,
  })
  changeSettings(tx, { customerAccountApproval: true }, 'merge')
  const initech = createAccount(tx, {
    externalId: 'INITECH',
    name: 'Initech GmbH',
    companyRegistrationName: 'Initech GmbH',
    businessRegistrationNumber: 'HRB 12345',
  })
  const umbrella = createAccount(tx, {
    externalId: 'UMBRELLA',
    name: 'Umbrella Corp',
    companyRegistrationName: 'Umbrella Corporation',
    businessRegistrationNumber: 'HRB 66666',
  })
  decideAccount(tx, umbrella, 'reject')
  // SS1: storefront registration is open in the demo (off by default).
  changeSettings(tx, { customerAccountApproval: false, customerSelfRegistration: true }, 'merge')
  void initech // left WAITING_APPROVAL on purpose, to show A3

  // ACME's organisation tree: two divisions with departments, to show O5 (a member of Aerospace never
  // sees Industrial).
  const noCustomFields = () => {}
  const org = (externalId: string, name: string, parent?: { id: string }, accountId = acme.id) =>
    createOrganisation(tx, { externalId, name, accountId, parentId: parent?.id ?? null }, noCustomFields)
  const aerospace = org('ACME-AERO', 'ACME Aerospace')
  const satellites = org('ACME-AERO-SAT', 'Satellites', aerospace)
  org('ACME-AERO-SAT-RD', 'Research & Development', satellites)
  org('ACME-AERO-LAUNCH', 'Launchers', aerospace)
  const industrial = org('ACME-IND', 'ACME Industrial')
  const robotics = org('ACME-IND-ROB', 'Robotics', industrial)
  org('ACME-IND-TOOLS', 'Tools', industrial)
  const globexHq = org('GLOBEX-HQ', 'Globex Head Office', undefined, globex.id)
  org('GLOBEX-HQ-BXL', 'Brussels Hotels', globexHq, globex.id)

  const user = (
    externalId: string,
    firstName: string,
    lastName: string,
    accountId: string,
    groups: ('FOC_Admin' | 'FOC_User')[],
    organisationIds: string[],
    storeIds: string[],
  ) =>
    createCustomerUser(
      tx,
      {
        externalId,
        civility: 'MRS',
        firstName,
        lastName,
        email: `${firstName}.${lastName}@${accountId === acme.id ? 'acme' : 'globex'}.example`.toLowerCase(),
        phone: '+33 1 23 45 67 89',
        groups,
        accountIds: [accountId],
        organisationIds,
        storeIds,
        status: 'ACTIVE',
        onHold: false,
      },
      password,
    )
  user('ACME-ADMIN', 'Alice', 'Admin', acme.id, ['FOC_Admin'], [], ['FR'])
  user('ACME-SAT', 'Sophie', 'Satellite', acme.id, ['FOC_User'], [satellites.id], ['FR'])
  user('ACME-ROB', 'Rita', 'Robot', acme.id, ['FOC_User'], [robotics.id], ['FR', 'BE'])
  user('GLOBEX-ADMIN', 'Gaston', 'Globex', globex.id, ['FOC_Admin'], [globexHq.id], ['BE'])
  if (options.bulk) seedDemoBulk(db, password, options.bulk === true ? DEMO_BULK : options.bulk)
  return true
}
