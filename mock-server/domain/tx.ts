import type { Collection } from '../collection.js'
import type { Db } from '../db.js'
import { fail } from '../problem.js'
import type { Versioned } from '../types.js'

/** Bookkeeping and secrets: never in the audit log. */
const NOT_AUDITED = new Set(['version', 'createdAt', 'updatedAt', 'hash', 'password'])
/**
 * N2: a secret replaced is recorded without its value, as a marker: a new password is
 * `changes.passwordChanged = {from: false, to: true}` — never the password, its hash nor its salt. (Not on
 * create: a new user always gets a password.)
 */
const SECRET_MARKERS: Record<string, string> = { password: 'passwordChanged' }
const DAY_MS = 24 * 60 * 60 * 1000

/** A value whose JSON is never `null`: a string, a boolean, a finite number, a plain object or array. */
function neverNullJson(v: unknown) {
  if (typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (typeof v !== 'object' || v === null) return false
  if (Array.isArray(v)) return true
  const proto = Object.getPrototypeOf(v)
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function'
}

/**
 * `JSON.stringify(from) === JSON.stringify(to)`, without serialising in the common cases (§5: an import audits
 * 100,000 creations): the same value, `null` against a value whose JSON is never `null`, two different strings.
 */
function sameJson(from: unknown, to: unknown): boolean {
  if (from === to) return true
  if (from === null) {
    if (neverNullJson(to)) return false
  } else if (to === null) {
    if (neverNullJson(from)) return false
  } else if (typeof from === 'string' && typeof to === 'string') return false
  return JSON.stringify(from) === JSON.stringify(to)
}

/**
 * One change to the data, made by one actor at one instant. Domain functions take a Tx, check every rule
 * first, then change the Db synchronously and record the change in the audit log (N2) — so a rejected
 * request changes nothing, and no other request interleaves with a change.
 */
export class Tx {
  readonly now: string
  constructor(
    readonly db: Db,
    readonly actor: string,
    now: Date = new Date(),
  ) {
    this.now = now.toISOString()
  }

  /** N2: `{at, actor, action, entity, id, changes}`; `changes` holds the fields that differ. */
  audit(action: string, entity: string, id: string, before: object | null, after: object | null) {
    const changes: Record<string, { from: unknown; to: unknown }> = {}
    const b = (before ?? {}) as Record<string, unknown>
    const a = (after ?? {}) as Record<string, unknown>
    // A creation (nothing before) has no key to merge: the record's own keys, in their order.
    const keys = before === null ? Object.keys(a) : new Set([...Object.keys(b), ...Object.keys(a)])
    for (const key of keys) {
      const from = b[key] ?? null
      const to = a[key] ?? null
      const marker = SECRET_MARKERS[key]
      if (marker) {
        if (from !== null && to !== null && !sameJson(from, to)) changes[marker] = { from: false, to: true }
        continue
      }
      if (NOT_AUDITED.has(key)) continue
      if (!sameJson(from, to)) changes[key] = { from, to }
    }
    const seq = ++this.db.seq
    this.db.auditEvents.insert({ seq, at: this.now, actor: this.actor, action, entity, id, changes })
  }

  /** The next version of a record: fields replaced, version and updatedAt moved on. */
  next<T extends Versioned>(current: T, fields: Partial<T>): T {
    return {
      ...current,
      ...fields,
      id: current.id,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: this.now,
    }
  }
  stamp() {
    return { version: 1, createdAt: this.now, updatedAt: this.now }
  }
}

/**
 * R6: drops the audit events older than the settings' `auditRetentionDays`. Events are stored in the order they
 * happened, so this stops at the first one still kept, and costs what it removes.
 */
export function pruneAuditEvents(db: Db, now: number) {
  const oldest = now - db.settings.auditRetentionDays * DAY_MS
  let removed = 0
  for (const e of db.auditEvents.values()) {
    if (Date.parse(e.at) >= oldest) break
    db.auditEvents.remove(String(e.seq))
    removed++
  }
  return removed
}

/** Throws 409 when another row already holds `value` in the unique index. */
export function assertUnique<T extends { id: string }>(
  collection: Collection<T>,
  index: string,
  key: string,
  exceptId: string | undefined,
  field: string,
  entity: string,
  shown = key,
) {
  const holder = collection.findBy(index, key)
  if (holder && holder.id !== exceptId) throw fail.taken(field, shown, entity)
}

export type IdType = 'DJUST_ID' | 'EXTERNAL_ID' | undefined

/** Finds a row by DJUST id, or by external id with `?idType=EXTERNAL_ID`; 404 otherwise. */
export function findItem<T extends { id: string }>(
  collection: Collection<T>,
  id: string,
  idType: IdType,
  entity: string,
): T {
  const row = idType === 'EXTERNAL_ID' ? collection.findBy('externalId', id) : collection.get(id)
  if (!row) throw fail.notFound(entity, id)
  return row
}

/** Stores are referenced by externalId (OP3); every unknown one is listed. */
export function assertStoresExist(db: Db, storeIds: readonly string[], field = 'storeIds') {
  const unknown = storeIds
    .map((value, i) => ({ value, i }))
    .filter(({ value }) => !db.stores.findBy('externalId', value))
  if (unknown.length)
    throw fail.unknownRefs(unknown.map(({ value, i }) => ({ field: `${field}[${i}]`, value, entity: 'store' })))
}

export const unique = <T>(xs: readonly T[]) => [...new Set(xs)]

/**
 * U14: the externalId given to an entity created without one — its own DJUST id, which no generated externalId can
 * hold already; should a caller have chosen that very value for another entity, the id with the first free `-n`.
 */
export function freeExternalId(id: string, taken: (value: string) => boolean): string {
  if (!taken(id)) return id
  let n = 2
  while (taken(`${id}-${n}`)) n++
  return `${id}-${n}`
}
