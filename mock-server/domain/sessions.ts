import type { Db } from '../db.js'
import { newToken, sha256Hex } from '../crypto/tokens.js'
import type { CustomerUserRecord, TokenRecord } from '../types.js'
import type { Tx } from './tx.js'

/** Storefront tokens are short-lived (U11: assisted-buying sessions too). */
export const TOKEN_TTL_SECONDS = 15 * 60

export interface MintedToken {
  token: string
  hash: string
}

/** A new token and its hash, made before the synchronous change that stores it (hashing is async). */
export async function mintToken(): Promise<MintedToken> {
  const token = newToken()
  return { token, hash: await sha256Hex(token) }
}

/**
 * Stores a session for `user`. A login (no operator) sets `lastLoginAt` (U12); an assisted-buying session
 * records which operator acts, in the token and in the audit log (U11).
 */
export function openSession(tx: Tx, user: CustomerUserRecord, minted: MintedToken, operatorId: string | null) {
  const now = Date.parse(tx.now)
  for (const t of [...tx.db.tokens.values()]) if (Date.parse(t.expiresAt) <= now) tx.db.tokens.remove(t.hash)
  const record: TokenRecord = {
    hash: minted.hash,
    customerUserId: user.id,
    expiresAt: new Date(now + TOKEN_TTL_SECONDS * 1000).toISOString(),
    operatorId,
  }
  tx.db.tokens.insert(record)
  if (operatorId) {
    tx.audit('assisted-session', 'customer-user', user.id, null, { operatorId, expiresAt: record.expiresAt })
  } else {
    // U12. Not an edit of the user: version and ETag stay, so an operator's If-Match still holds.
    tx.db.customerUsers.replace({ ...user, lastLoginAt: tx.now })
    tx.audit('login', 'customer-user', user.id, { lastLoginAt: user.lastLoginAt }, { lastLoginAt: tx.now })
  }
  return { token: minted.token, expiresIn: TOKEN_TTL_SECONDS }
}

/** The live session of a bearer token, or undefined when unknown or expired. */
export async function findSession(db: Db, token: string, now: Date) {
  const record = db.tokens.get(await sha256Hex(token))
  if (!record || Date.parse(record.expiresAt) <= now.getTime()) return undefined
  const user = db.customerUsers.get(record.customerUserId)
  return user ? { record, user } : undefined
}
