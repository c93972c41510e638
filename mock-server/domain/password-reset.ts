/**
 * SS2: password reset through a single-use token. The token is 256 random bits (crypto/tokens.ts), stored only as its
 * SHA-256 in `db.tokens` (kind `password-reset`, never a session: findSession refuses it), valid
 * {@link RESET_TOKEN_TTL_SECONDS}. It reaches the user through the outbox (`password-reset`, `data.token`), which
 * blanks it once delivered (N1, R5: markDelivered), used, or replaced by a newer request.
 */
import type { Db } from '../db.js'
import { sha256HexSync } from '../crypto/tokens.js'
import type { CustomerUserRecord, PasswordHash, TokenRecord } from '../types.js'
import { forgetInitialPassword, markDelivered, notify, toUser } from './notifications.js'
import { endSessions, pruneExpiredTokens, type MintedToken } from './sessions.js'
import type { Tx } from './tx.js'

/** SS2: how long a reset token may be used. */
export const RESET_TOKEN_TTL_SECONDS = 30 * 60

/** SS2: the live reset token record of `token`, or undefined when unknown, used, replaced or expired (one answer). */
export function findResetToken(db: Db, token: string, now: number): TokenRecord | undefined {
  const record = db.tokens.get(sha256HexSync(token))
  if (record?.kind !== 'password-reset' || Date.parse(record.expiresAt) <= now) return undefined
  return db.customerUsers.get(record.customerUserId) ? record : undefined
}

/** R5: the token leaves the outbox message that carried it (as on delivery: `tokenDeliveredAt` stays). */
function forgetResetMessage(db: Db, record: TokenRecord, at: string) {
  const message = record.notificationId ? db.notifications.get(record.notificationId) : undefined
  if (message) markDelivered(db, [message], at)
}

/**
 * SS2: a new reset token for `user`. Any previous one stops working (and leaves the outbox); the new one is stored
 * hashed and sent through the outbox. Audited as `password-reset-requested` (never the token).
 */
export function issueResetToken(tx: Tx, user: CustomerUserRecord, minted: MintedToken) {
  const { db } = tx
  const now = Date.parse(tx.now)
  pruneExpiredTokens(db, now)
  for (const t of [...db.tokens.values()]) {
    if (t.customerUserId !== user.id || t.kind !== 'password-reset') continue
    db.tokens.remove(t.hash)
    forgetResetMessage(db, t, tx.now)
  }
  const expiresAt = new Date(now + RESET_TOKEN_TTL_SECONDS * 1000).toISOString()
  const notificationId = notify(tx, toUser(user), 'password-reset', { token: minted.token, expiresAt })
  // Tokens are pruned oldest first (sessions.ts): a reset token outlives the session tokens made after it, so those
  // may stay stored up to 15 minutes past their end — refused all the same, as findSession checks the time.
  db.tokens.insert({
    hash: minted.hash,
    customerUserId: user.id,
    expiresAt,
    operatorId: null,
    kind: 'password-reset',
    notificationId,
  })
  tx.audit('password-reset-requested', 'customer-user', user.id, null, { expiresAt })
}

/**
 * SS2: sets the password of the token's user (already hashed, U5 checked by the contract), ends every session of the
 * user — the token included, so it works once — and blanks the token and any initial password still in the outbox
 * (R5). An edit of the user: `version` moves on and the audit records `passwordChanged`, never the password (N2).
 */
export function resetPassword(tx: Tx, record: TokenRecord, password: PasswordHash): CustomerUserRecord {
  const { db } = tx
  const user = db.customerUsers.get(record.customerUserId)
  if (!user) throw new Error('resetPassword: the token was checked with its user just before')
  const next = tx.next(user, { password })
  db.customerUsers.replace(next)
  tx.audit('password-reset', 'customer-user', user.id, user, next)
  endSessions(db, user.id)
  forgetResetMessage(db, record, tx.now)
  forgetInitialPassword(db, user.id, tx.now)
  return next
}
