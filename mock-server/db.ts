import { SETTINGS_DEFAULTS } from '@dj-customers/spec'
import { Collection } from './collection.js'
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
      json?.customerUsers,
    )
    // O2: names are unique among siblings, case-insensitively — a unique index on (account, parent, name).
    this.organisations = new Collection(
      byId,
      { externalId: (o) => o.externalId, siblingName: (o) => siblingKey(o.accountId, o.parentId, o.name) },
      json?.organisations,
    )
    this.tokens = new Collection((t) => t.hash, {}, json?.tokens)
    this.notifications = new Collection(byId, {}, json?.notifications)
    // CF1: a definition's externalId is the key of its values, unique per entity type it applies to.
    this.customFields = new Collection(byId, { externalId: (f) => `${f.entity}/${f.externalId}` }, json?.customFields)
    this.buyingPolicies = new Collection(byId, {}, json?.buyingPolicies)
    this.auditEvents = new Collection((e) => String(e.seq), {}, json?.auditEvents)
    this.idempotency = new Map((json?.idempotency ?? []).map((r) => [r.key, r]))
    this.importJobs = new Collection(byId, {}, json?.importJobs)
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
    }
  }
}
