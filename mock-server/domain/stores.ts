import type { StoreInput as StoreInputSchema } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { Collection } from '../collection.js'
import type { StoreRecord, Versioned } from '../types.js'
import { fail } from '../problem.js'
import { assertUnique, type Tx } from './tx.js'

/** S1: the body of `POST`/`PUT /v1/stores` as the contract parses it. */
export type StoreInput = z.output<typeof StoreInputSchema>

/** S1. A new store is assigned to nobody (OP3): nothing else changes. */
export function createStore(tx: Tx, input: StoreInput): StoreRecord {
  assertUnique(tx.db.stores, 'externalId', input.externalId, undefined, 'externalId', 'store')
  const store: StoreRecord = {
    id: tx.db.nextId('st'),
    externalId: input.externalId,
    name: input.name,
    storefrontUrl: input.storefrontUrl ?? null,
    ...tx.stamp(),
  }
  tx.db.stores.insert(store)
  tx.audit('create', 'store', store.id, null, store)
  return store
}

/**
 * S1. Stores are referenced by externalId, so a new externalId is carried to every reference. U15: `storefrontUrl`
 * omitted → kept, `null` → cleared (no more assisted sessions open there; those already open go on).
 */
export function updateStore(tx: Tx, store: StoreRecord, input: StoreInput): StoreRecord {
  assertUnique(tx.db.stores, 'externalId', input.externalId, store.id, 'externalId', 'store')
  const next = tx.next(store, {
    externalId: input.externalId,
    name: input.name,
    storefrontUrl: input.storefrontUrl === undefined ? (store.storefrontUrl ?? null) : input.storefrontUrl,
  })
  tx.db.stores.replace(next)
  if (next.externalId !== store.externalId) {
    renameStore(tx, tx.db.operators, store.externalId, next.externalId)
    renameStore(tx, tx.db.customerUsers, store.externalId, next.externalId)
  }
  tx.audit('update', 'store', store.id, store, next)
  return next
}

/** S1. A store still assigned to an operator or a customer user cannot go: that would silently change access. */
export function deleteStore(tx: Tx, store: StoreRecord) {
  const users = [...tx.db.operators.values(), ...tx.db.customerUsers.values()].filter((r) =>
    r.storeIds.includes(store.externalId),
  )
  if (users.length) {
    throw fail.inUse(
      `Store ${store.externalId} is still assigned to ${users.length} operator(s) or customer user(s); unassign it first.`,
    )
  }
  tx.db.stores.remove(store.id)
  tx.audit('delete', 'store', store.id, store, null)
}

function renameStore<T extends Versioned & { storeIds: string[] }>(
  tx: Tx,
  rows: Collection<T>,
  from: string,
  to: string,
) {
  for (const row of [...rows.values()]) {
    if (row.storeIds.includes(from))
      rows.replace(tx.next(row, { storeIds: row.storeIds.map((s) => (s === from ? to : s)) } as Partial<T>))
  }
}

/** S1, U15: a store as the contract shows it (data saved before U15 has no `storefrontUrl`). */
export const storeDto = (store: StoreRecord) => ({ ...store, storefrontUrl: store.storefrontUrl ?? null })
