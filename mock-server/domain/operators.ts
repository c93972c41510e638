import type { OperatorInput as OperatorInputSchema } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { ApiKeyRecord, OperatorGroup, OperatorRecord } from '../types.js'
import { fail } from '../problem.js'
import { assertStoresExist, assertUnique, unique, type Tx } from './tx.js'

/** OP1, OP3: the body of `POST`/`PUT /v1/operator-users` as the contract parses it. */
export type OperatorInput = z.output<typeof OperatorInputSchema>

const LEVEL: Record<OperatorGroup, number> = { Reader: 1, User: 2, Admin: 3 }
/** OP2: an operator acts with the highest of their groups. */
export const levelOf = (groups: readonly OperatorGroup[]) => Math.max(0, ...groups.map((g) => LEVEL[g]))
export const allows = (groups: readonly OperatorGroup[], needed: OperatorGroup) => levelOf(groups) >= LEVEL[needed]

export const fullName = (o: Pick<OperatorRecord, 'firstName' | 'lastName'>) => `${o.firstName} ${o.lastName}`.trim()

const isActiveAdmin = (o: OperatorRecord) => o.status === 'ACTIVE' && o.groups.includes('Admin')

/**
 * U11, U15: whether an operator may act for customers in an assisted-buying session: ACTIVE, at the User level or
 * higher (OP2), with the support permission — a permission of its own, beside the levels.
 */
export const mayAssist = (o: OperatorRecord) => o.status === 'ACTIVE' && allows(o.groups, 'User') && o.support === true

/** U11, U15: an operator who may no longer assist loses their assisted sessions, and the codes not yet exchanged. */
function endAssistedSessions(tx: Tx, operatorId: string) {
  for (const token of [...tx.db.tokens.values()]) if (token.operatorId === operatorId) tx.db.tokens.remove(token.hash)
}

function checkOperator(tx: Tx, input: OperatorInput, exceptId?: string) {
  assertUnique(tx.db.operators, 'externalId', input.externalId, exceptId, 'externalId', 'operator')
  assertUnique(tx.db.operators, 'email', input.email.toLowerCase(), exceptId, 'email', 'operator', input.email)
  if (input.storeIds) assertStoresExist(tx.db, input.storeIds)
}

/** OP1, OP3: a new operator has the stores given, or none — never "all stores". */
export function createOperator(tx: Tx, input: OperatorInput): OperatorRecord {
  checkOperator(tx, input)
  const op: OperatorRecord = {
    id: tx.db.nextId('op'),
    externalId: input.externalId,
    email: input.email,
    civility: input.civility ?? null,
    firstName: input.firstName,
    lastName: input.lastName,
    locale: input.locale ?? 'en',
    status: input.status ?? 'ACTIVE',
    groups: unique(input.groups),
    storeIds: unique(input.storeIds ?? []),
    support: input.support ?? false,
    ...tx.stamp(),
  }
  tx.db.operators.insert(op)
  tx.audit('create', 'operator', op.id, null, op)
  return op
}

/** OP1, OP3: `storeIds` omitted → unchanged, `[]` → none, a list → replaces. */
export function updateOperator(tx: Tx, op: OperatorRecord, input: OperatorInput): OperatorRecord {
  checkOperator(tx, input, op.id)
  const next = tx.next(op, {
    externalId: input.externalId,
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    groups: unique(input.groups),
    ...(input.civility !== undefined ? { civility: input.civility } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.storeIds !== undefined ? { storeIds: unique(input.storeIds) } : {}),
    support: input.support ?? op.support ?? false,
  })
  if (isActiveAdmin(op) && !isActiveAdmin(next)) assertAnotherAdmin(tx, op)
  tx.db.operators.replace(next)
  if (!mayAssist(next)) endAssistedSessions(tx, op.id)
  tx.audit('update', 'operator', op.id, op, next)
  return next
}

/** OP1, OP6: the operator's API keys go with them. */
export function deleteOperator(tx: Tx, op: OperatorRecord) {
  if (isActiveAdmin(op)) assertAnotherAdmin(tx, op)
  for (const key of [...tx.db.apiKeys.values()]) if (key.operatorId === op.id) tx.db.apiKeys.remove(key.id)
  endAssistedSessions(tx, op.id)
  // Accounts they managed keep no dangling reference.
  for (const account of [...tx.db.customerAccounts.values()]) {
    if (account.accountManagerId !== op.id) continue
    const next = tx.next(account, { accountManagerId: null })
    tx.db.customerAccounts.replace(next)
    tx.audit('update', 'customer-account', account.id, account, next)
  }
  tx.db.operators.remove(op.id)
  tx.audit('delete', 'operator', op.id, op, null)
}

function assertAnotherAdmin(tx: Tx, op: OperatorRecord) {
  for (const other of tx.db.operators.values()) if (other.id !== op.id && isActiveAdmin(other)) return
  throw fail.lastAdmin()
}

/**
 * R5: the part of a key kept to recognise it — at most a quarter of the key and never more than 8 characters, so a
 * short key is never kept whole (`djk_` and 4 characters of a generated key; 4 of a 16-character `--admin-key`).
 */
export const keyPrefix = (key: string) => key.slice(0, Math.min(8, Math.floor(key.length / 4)))

/** OP6: the caller made the key and its hash; only the hash and a short prefix (R5) are kept. */
export function addApiKey(tx: Tx, op: OperatorRecord, name: string | null, key: string, hash: string): ApiKeyRecord {
  const record: ApiKeyRecord = {
    id: tx.db.nextId('key'),
    operatorId: op.id,
    name,
    prefix: keyPrefix(key),
    hash,
    createdAt: tx.now,
    lastUsedAt: null,
  }
  tx.db.apiKeys.insert(record)
  tx.audit('create', 'api-key', record.id, null, { operatorId: op.id, name, prefix: record.prefix })
  return record
}

export function revokeApiKey(tx: Tx, op: OperatorRecord, keyId: string) {
  const key = tx.db.apiKeys.get(keyId)
  if (!key || key.operatorId !== op.id) throw fail.notFound('API key', keyId)
  tx.db.apiKeys.remove(key.id)
  tx.audit('delete', 'api-key', key.id, { operatorId: op.id, name: key.name, prefix: key.prefix }, null)
}

export const apiKeysOf = (tx: Tx | { db: Tx['db'] }, op: OperatorRecord) =>
  [...tx.db.apiKeys.values()].filter((k) => k.operatorId === op.id)
