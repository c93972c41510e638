import { SETTINGS_DEFAULTS } from '../spec/resources/settings.js'
import { Collection } from './collection.js'
import type {
  AccountRecord, ApiKeyRecord, AuditEventRecord, CustomerTagRecord, CustomerUserRecord, IdempotencyRecord,
  OperatorRecord, SettingsRecord, StoreRecord,
} from './types.js'

const byId = <T extends { id: string }>(row: T) => row.id
const lower = (s: string) => s.toLowerCase()

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
  auditEvents: AuditEventRecord[]
  idempotency: IdempotencyRecord[]
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
  readonly auditEvents: Collection<AuditEventRecord>
  readonly idempotency: Map<string, IdempotencyRecord>

  constructor(json?: Partial<DatabaseJson>, now = new Date().toISOString()) {
    this.seq = json?.seq ?? 0
    this.settings = { ...defaultSettings(now), ...json?.settings }
    this.stores = new Collection(byId, { externalId: (s) => s.externalId }, json?.stores)
    this.operators = new Collection(byId, { externalId: (o) => o.externalId, email: (o) => lower(o.email) }, json?.operators)
    this.apiKeys = new Collection(byId, { hash: (k) => k.hash }, json?.apiKeys)
    this.customerTags = new Collection(byId, { externalId: (t) => t.externalId, name: (t) => lower(t.name) }, json?.customerTags)
    this.customerAccounts = new Collection(
      byId,
      { externalId: (a) => a.externalId, addressExternalId: (a) => a.addresses.map((x) => x.externalId) },
      json?.customerAccounts,
    )
    this.customerUsers = new Collection(byId, { externalId: (u) => u.externalId, email: (u) => lower(u.email) }, json?.customerUsers)
    this.auditEvents = new Collection((e) => String(e.seq), {}, json?.auditEvents)
    this.idempotency = new Map((json?.idempotency ?? []).map((r) => [r.key, r]))
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
      auditEvents: this.auditEvents.toJSON(),
      idempotency: [...this.idempotency.values()],
    }
  }
}
