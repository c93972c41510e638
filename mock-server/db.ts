import { SETTINGS_DEFAULTS } from '@dj-customers/spec'
import { Collection } from './collection.js'
import {
  PENDING_INVITATION_INDEX,
  PENDING_PASSWORD_INDEX,
  pendingInvitationOf,
  pendingPasswordOf,
} from './domain/notifications.js'
import type {
  AccountRecord,
  ApiKeyRecord,
  AuditEventRecord,
  CustomerTagRecord,
  CustomerUserRecord,
  IdempotencyRecord,
  BuyingPolicyRecord,
  CustomFieldRecord,
  ImportJobRecord,
  InvitationRecord,
  NotificationRecord,
  OperatorRecord,
  OrganisationRecord,
  SettingsRecord,
  StoreRecord,
  TokenRecord,
} from './types.js'

const byId = <T extends { id: string }>(row: T) => row.id
const lower = (s: string) => s.toLowerCase()
export const siblingKey = (accountId: string, parentId: string | null, name: string) =>
  `${accountId}/${parentId ?? ''}/${lower(name)}`

/** The saved form: plain arrays, compact. `schemaVersion` lets later versions migrate old files. */
export interface DatabaseJson {
  schemaVersion: 1
  seq: number
  settings: SettingsRecord
  stores: StoreRecord[]
  operators: OperatorRecord[]
  apiKeys: ApiKeyRecord[]
  customerTags: CustomerTagRecord[]
  customerAccounts: AccountRecord[]
  customerUsers: CustomerUserRecord[]
  organisations: OrganisationRecord[]
  tokens: TokenRecord[]
  notifications: NotificationRecord[]
  customFields: CustomFieldRecord[]
  buyingPolicies: BuyingPolicyRecord[]
  auditEvents: AuditEventRecord[]
  idempotency: IdempotencyRecord[]
  /** I7: job summaries and their first failed rows; full reports stay in memory (import-runner.ts). */
  importJobs: ImportJobRecord[]
  /** SS3: absent from files saved before invitations (read as none). */
  invitations?: InvitationRecord[]
}

/** The arrays of {@link DatabaseJson}: a saved file must have each one (R2). */
const COLLECTIONS = [
  'stores',
  'operators',
  'apiKeys',
  'customerTags',
  'customerAccounts',
  'customerUsers',
  'organisations',
  'tokens',
  'notifications',
  'customFields',
  'buyingPolicies',
  'auditEvents',
  'idempotency',
  'importJobs',
] as const satisfies readonly (keyof DatabaseJson)[]

/** Arrays of {@link DatabaseJson} that files saved before they existed do not have (R2 accepts them missing). */
const OPTIONAL_COLLECTIONS = ['invitations'] as const satisfies readonly (keyof DatabaseJson)[]

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * U16: a customer user as saved before groups belonged to the membership (one `groups` list for the person) gets
 * those groups in each of their accounts; one saved since is taken as it is.
 */
export function migrateCustomerUser(saved: CustomerUserRecord): CustomerUserRecord {
  if (isObject(saved.groupsByAccount)) return saved
  const { groups = [], ...user } = saved as CustomerUserRecord & {
    groups?: CustomerUserRecord['groupsByAccount'][string]
  }
  return { ...user, groupsByAccount: Object.fromEntries(user.accountIds.map((id) => [id, [...groups]])) }
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v)

/**
 * R2: what is wrong with saved data that is not a {@link DatabaseJson}, in a few words, or `null` when it is one.
 * Checks the frame only (the object, its version, counter, settings and arrays of objects), not every record.
 */
export function databaseShapeProblem(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return `holds ${kind(data)}, not the server's data object`
  const json = data as Record<string, unknown>
  if (json.schemaVersion !== 1)
    return `has schemaVersion ${JSON.stringify(json.schemaVersion) ?? 'missing'}, this server reads schemaVersion 1`
  if (!Number.isSafeInteger(json.seq) || (json.seq as number) < 0) return `has no valid "seq" (a whole number ≥ 0)`
  if (json.settings === null || typeof json.settings !== 'object' || Array.isArray(json.settings))
    return `has no "settings" object`
  for (const name of COLLECTIONS) {
    const list = json[name]
    if (list === undefined) return `has no "${name}" list`
    if (!Array.isArray(list)) return `has "${name}" as ${kind(list)}, not a list`
    const i = list.findIndex((r) => r === null || typeof r !== 'object' || Array.isArray(r))
    if (i !== -1) return `has "${name}"[${i}] as ${kind(list[i])}, not an object`
  }
  // U16: a customer user holds its groups per account (`groupsByAccount`) or, saved before U16, one `groups` list.
  const users = json.customerUsers as Record<string, unknown>[]
  const u = users.findIndex((r) => !isObject(r.groupsByAccount) && !Array.isArray(r.groups))
  if (u !== -1) return `has "customerUsers"[${u}] with neither "groupsByAccount" nor "groups"`
  // SS3: collections added later may be absent (older files); present, they are lists of objects.
  for (const name of OPTIONAL_COLLECTIONS) {
    const list = json[name]
    if (list === undefined) continue
    if (!Array.isArray(list)) return `has "${name}" as ${kind(list)}, not a list`
    const i = list.findIndex((r) => r === null || typeof r !== 'object' || Array.isArray(r))
    if (i !== -1) return `has "${name}"[${i}] as ${kind(list[i])}, not an object`
  }
  return null
}

export const defaultSettings = (now: string): SettingsRecord => ({ ...SETTINGS_DEFAULTS, version: 1, updatedAt: now })

/**
 * The whole data set, in memory, with the unique indexes each rule needs. Loaded once from a Store at
 * start; serialised back with `toJSON()` on every commit.
 */
export class Db {
  seq: number
  settings: SettingsRecord
  readonly stores: Collection<StoreRecord>
  readonly operators: Collection<OperatorRecord>
  readonly apiKeys: Collection<ApiKeyRecord>
  readonly customerTags: Collection<CustomerTagRecord>
  readonly customerAccounts: Collection<AccountRecord>
  readonly customerUsers: Collection<CustomerUserRecord>
  readonly organisations: Collection<OrganisationRecord>
  readonly tokens: Collection<TokenRecord>
  readonly notifications: Collection<NotificationRecord>
  readonly customFields: Collection<CustomFieldRecord>
  readonly buyingPolicies: Collection<BuyingPolicyRecord>
  readonly auditEvents: Collection<AuditEventRecord>
  readonly idempotency: Map<string, IdempotencyRecord>
  readonly importJobs: Collection<ImportJobRecord>
  readonly invitations: Collection<InvitationRecord>

  constructor(json?: Partial<DatabaseJson>, now = new Date().toISOString()) {
    this.seq = json?.seq ?? 0
    this.settings = { ...defaultSettings(now), ...json?.settings }
    this.stores = new Collection(byId, { externalId: (s) => s.externalId }, json?.stores)
    this.operators = new Collection(
      byId,
      { externalId: (o) => o.externalId, email: (o) => lower(o.email) },
      json?.operators,
    )
    this.apiKeys = new Collection(byId, { hash: (k) => k.hash }, json?.apiKeys)
    this.customerTags = new Collection(
      byId,
      { externalId: (t) => t.externalId, name: (t) => lower(t.name) },
      json?.customerTags,
    )
    this.customerAccounts = new Collection(
      byId,
      { externalId: (a) => a.externalId, addressExternalId: (a) => a.addresses.map((x) => x.externalId) },
      json?.customerAccounts,
    )
    this.customerUsers = new Collection(
      byId,
      { externalId: (u) => u.externalId, email: (u) => lower(u.email), customerNumber: (u) => u.customerNumber },
      json?.customerUsers?.map(migrateCustomerUser),
    )
    // O2: names are unique among siblings, case-insensitively — a unique index on (account, parent, name).
    this.organisations = new Collection(
      byId,
      { externalId: (o) => o.externalId, siblingName: (o) => siblingKey(o.accountId, o.parentId, o.name) },
      json?.organisations,
    )
    this.tokens = new Collection((t) => t.hash, {}, json?.tokens)
    // R5: at most one message per user still holds a generated password (domain/notifications.ts).
    this.notifications = new Collection(
      byId,
      { [PENDING_PASSWORD_INDEX]: pendingPasswordOf, [PENDING_INVITATION_INDEX]: pendingInvitationOf },
      json?.notifications,
    )
    // CF1: a definition's externalId is the key of its values, unique per entity type it applies to.
    this.customFields = new Collection(byId, { externalId: (f) => `${f.entity}/${f.externalId}` }, json?.customFields)
    this.buyingPolicies = new Collection(byId, {}, json?.buyingPolicies)
    this.auditEvents = new Collection((e) => String(e.seq), {}, json?.auditEvents)
    this.idempotency = new Map((json?.idempotency ?? []).map((r) => [r.key, r]))
    this.importJobs = new Collection(byId, {}, json?.importJobs)
    // SS3: a live token finds its invitation by its SHA-256.
    this.invitations = new Collection(byId, { hash: (i) => i.hash }, json?.invitations)
  }

  /** R1: how many times {@link restore} put the saved data back; work spanning commits compares it to know. */
  restores = 0

  /**
   * R1: puts `json` — the data saved last — back in place of everything in memory, after a commit that could not
   * be written: the changes since are dropped, as their requests are refused. In place, because routes, list
   * caches and the import runner hold this object and its collections.
   */
  restore(json?: Partial<DatabaseJson>, now = new Date().toISOString()) {
    this.restores++
    this.seq = json?.seq ?? 0
    this.settings = { ...defaultSettings(now), ...json?.settings }
    this.stores.reset(json?.stores ?? [])
    this.operators.reset(json?.operators ?? [])
    this.apiKeys.reset(json?.apiKeys ?? [])
    this.customerTags.reset(json?.customerTags ?? [])
    this.customerAccounts.reset(json?.customerAccounts ?? [])
    this.customerUsers.reset((json?.customerUsers ?? []).map(migrateCustomerUser))
    this.organisations.reset(json?.organisations ?? [])
    this.tokens.reset(json?.tokens ?? [])
    this.notifications.reset(json?.notifications ?? [])
    this.customFields.reset(json?.customFields ?? [])
    this.buyingPolicies.reset(json?.buyingPolicies ?? [])
    this.auditEvents.reset(json?.auditEvents ?? [])
    this.idempotency.clear()
    for (const r of json?.idempotency ?? []) this.idempotency.set(r.key, r)
    this.importJobs.reset(json?.importJobs ?? [])
    this.invitations.reset(json?.invitations ?? [])
  }

  /** A new opaque id. Ids grow with creation order, so ordering rows by insertion orders them by id. */
  nextId(prefix: string): string {
    this.seq++
    return `${prefix}_${this.seq.toString().padStart(10, '0')}`
  }

  toJSON(): DatabaseJson {
    return {
      schemaVersion: 1,
      seq: this.seq,
      settings: this.settings,
      stores: this.stores.toJSON(),
      operators: this.operators.toJSON(),
      apiKeys: this.apiKeys.toJSON(),
      customerTags: this.customerTags.toJSON(),
      customerAccounts: this.customerAccounts.toJSON(),
      customerUsers: this.customerUsers.toJSON(),
      organisations: this.organisations.toJSON(),
      tokens: this.tokens.toJSON(),
      notifications: this.notifications.toJSON(),
      customFields: this.customFields.toJSON(),
      buyingPolicies: this.buyingPolicies.toJSON(),
      auditEvents: this.auditEvents.toJSON(),
      idempotency: [...this.idempotency.values()],
      importJobs: this.importJobs.toJSON(),
      invitations: this.invitations.toJSON(),
    }
  }
}
