import type { Db } from '../db.js'
import { newToken, sha256HexSync } from '../crypto/tokens.js'
import { ProblemError, fail } from '../problem.js'
import type {
  CustomerUserRecord,
  OperatorRecord,
  PasswordHash,
  SettingsRecord,
  StoreRecord,
  TokenRecord,
} from '../types.js'
import { forgetInitialPassword } from './notifications.js'
import { mayAssist } from './operators.js'
import type { Tx } from './tx.js'

/** Storefront tokens are short-lived (U11: assisted-buying sessions too). */
export const TOKEN_TTL_SECONDS = 15 * 60

export interface MintedToken {
  token: string
  hash: string
}

/** A new token and its hash (R4: hashed in the calling thread, see crypto/tokens.ts). */
export async function mintToken(): Promise<MintedToken> {
  const token = newToken()
  return { token, hash: sha256HexSync(token) }
}

/**
 * Stores a session for `user`. A login (no operator) sets `lastLoginAt` (U12) and, when the login verified a
 * password stored with fewer iterations than the app's, the new full-cost hash (`rehashed`, R8: an imported user's
 * one-iteration hash). An assisted-buying session records which operator acts, in the token and in the audit log
 * (U11).
 */
export function openSession(
  tx: Tx,
  user: CustomerUserRecord,
  minted: MintedToken,
  operatorId: string | null,
  rehashed: PasswordHash | null = null,
) {
  const now = Date.parse(tx.now)
  pruneExpiredTokens(tx.db, now)
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
    // U12. Not an edit of the user: version and ETag stay, so an operator's If-Match still holds. R8: nor is a
    // rehash — the same password, stored at the full cost; it is not audited as a password change.
    tx.db.customerUsers.replace({ ...user, lastLoginAt: tx.now, ...(rehashed ? { password: rehashed } : {}) })
    tx.audit('login', 'customer-user', user.id, { lastLoginAt: user.lastLoginAt }, { lastLoginAt: tx.now })
    // R5: the password sent to them has done its job; it leaves the outbox.
    forgetInitialPassword(tx.db, user.id, tx.now)
  }
  return { token: minted.token, expiresIn: TOKEN_TTL_SECONDS }
}

/** U15: how long the one-time code of an assisted-buying URL may be exchanged. */
export const ASSIST_CODE_TTL_SECONDS = 60
/** U15: the query parameter of the storefront URL that carries the code. */
export const ASSIST_CODE_PARAMETER = 'dj-assist-code'

/** U9, U11: a user who may log in: ACTIVE, not on hold, with at least one ACTIVE account. */
export const mayLogIn = (db: Db, user: CustomerUserRecord) =>
  user.status === 'ACTIVE' &&
  !user.onHold &&
  user.accountIds.some((id) => db.customerAccounts.get(id)?.status === 'ACTIVE')

/**
 * U15: the stores an assisted session for `user` may open on — the user's stores (U10) that have a storefront URL,
 * in the user's `storeIds` order.
 */
export const assistableStores = (db: Db, user: CustomerUserRecord) =>
  user.storeIds.flatMap((externalId) => {
    const store = db.stores.findBy('externalId', externalId)
    return store?.storefrontUrl ? [store] : []
  })

/** U15: 403 `FORBIDDEN`, saying why, for an operator without the support permission (the level is checked by OP2). */
export function assertMayAssist(operator: OperatorRecord) {
  if (!mayAssist(operator))
    throw new ProblemError(
      'FORBIDDEN',
      `Assisted buying needs the support permission: operator ${operator.externalId} does not have it (an Admin grants it with support: true).`,
    )
}

/**
 * U11, U15: the first step of an assisted-buying session. Checks, in this order: the operator's support permission
 * (403), the user may log in (422 on `id`), the store (422 on `storeId`: unknown, not one of the user's stores, no
 * storefront URL; omitted → the only one of the user's stores with a URL). Then stores a one-time code — its
 * SHA-256 only, R5 — valid {@link ASSIST_CODE_TTL_SECONDS}, and audits the opening under the operator's name. The
 * code (from `mintToken`, 256 random bits) goes into the store's storefront URL; the session token is made only
 * when the storefront exchanges it ({@link openAssistedSession}), so no token ever travels in a URL.
 */
export function issueAssistCode(
  tx: Tx,
  operator: OperatorRecord,
  user: CustomerUserRecord,
  storeId: string | undefined,
  minted: MintedToken,
) {
  const { db } = tx
  assertMayAssist(operator)
  if (!mayLogIn(db, user))
    throw fail.rule('id', 'this customer user cannot log in: inactive, on hold, or no ACTIVE account')
  const store = chooseStore(db, user, storeId)
  const now = Date.parse(tx.now)
  pruneExpiredTokens(db, now)
  const record: TokenRecord = {
    hash: minted.hash,
    customerUserId: user.id,
    expiresAt: new Date(now + ASSIST_CODE_TTL_SECONDS * 1000).toISOString(),
    operatorId: operator.id,
    kind: 'assist-code',
    storeId: store.id,
  }
  db.tokens.insert(record)
  tx.audit('assisted-session', 'customer-user', user.id, null, {
    operatorId: operator.id,
    storeId: store.externalId,
    codeExpiresAt: record.expiresAt,
  })
  const url = new URL(store.storefrontUrl!)
  url.searchParams.set(ASSIST_CODE_PARAMETER, minted.token)
  return { url: url.toString(), expiresIn: ASSIST_CODE_TTL_SECONDS, customerUserId: user.id, storeId: store.externalId }
}

function chooseStore(db: Db, user: CustomerUserRecord, storeId: string | undefined): StoreRecord {
  if (storeId === undefined) {
    const candidates = assistableStores(db, user)
    if (candidates.length === 1) return candidates[0]
    throw fail.rule(
      'storeId',
      candidates.length
        ? `is required: several of this customer user's stores have a storefront URL (${candidates.map((s) => s.externalId).join(', ')})`
        : "is required, and none of this customer user's stores has a storefront URL",
    )
  }
  const store = db.stores.findBy('externalId', storeId)
  if (!store) throw fail.unknownRefs([{ field: 'storeId', value: storeId, entity: 'store' }])
  if (!user.storeIds.includes(store.externalId))
    throw fail.rule('storeId', `is not one of this customer user's stores (${user.storeIds.join(', ') || 'none'})`)
  if (!store.storefrontUrl) throw fail.rule('storeId', 'has no storefront URL: assisted buying is not set up there')
  return store
}

/** U15: the live code record of `code`, or undefined when unknown, already used or expired (one answer for all). */
export function findAssistCode(db: Db, code: string, now: number) {
  const record = db.tokens.get(sha256HexSync(code))
  if (record?.kind !== 'assist-code' || Date.parse(record.expiresAt) <= now) return undefined
  return record
}

/**
 * U11, U15: the second step — the storefront exchanges the code once. The code goes, and a session token acting
 * for the user on behalf of the operator is stored (hashed), audited under both names (the Tx's actor). The caller
 * has checked the code ({@link findAssistCode}), the user and the operator just before, in the same synchronous
 * step, so a code is never exchanged twice.
 */
export function openAssistedSession(tx: Tx, code: TokenRecord, minted: MintedToken) {
  const now = Date.parse(tx.now)
  tx.db.tokens.remove(code.hash)
  const record: TokenRecord = {
    hash: minted.hash,
    customerUserId: code.customerUserId,
    expiresAt: new Date(now + TOKEN_TTL_SECONDS * 1000).toISOString(),
    operatorId: code.operatorId,
    storeId: code.storeId,
  }
  tx.db.tokens.insert(record)
  const store = code.storeId ? tx.db.stores.get(code.storeId) : undefined
  tx.audit('assisted-session-started', 'customer-user', code.customerUserId, null, {
    operatorId: code.operatorId,
    storeId: store?.externalId ?? null,
    expiresAt: record.expiresAt,
  })
  return { token: minted.token, expiresIn: TOKEN_TTL_SECONDS }
}

/**
 * R6: drops the tokens that have expired. Tokens are stored in the order they were made and all live
 * {@link TOKEN_TTL_SECONDS}, so the expired ones come first: this stops at the first live one, and costs what it
 * removes, not what is stored. (A U15 code lives {@link ASSIST_CODE_TTL_SECONDS}: one made after a live token waits
 * behind it, at most {@link TOKEN_TTL_SECONDS} more; it is refused as soon as it expires.)
 */
export function pruneExpiredTokens(db: Db, now: number) {
  let removed = 0
  for (const t of db.tokens.values()) {
    if (Date.parse(t.expiresAt) > now) break
    db.tokens.remove(t.hash)
    removed++
  }
  return removed
}

/**
 * SS2: ends every session of a user — login and assisted tokens, U15 codes not yet exchanged, password-reset tokens.
 * Returns how many went.
 */
export function endSessions(db: Db, customerUserId: string) {
  let removed = 0
  for (const t of [...db.tokens.values()]) {
    if (t.customerUserId !== customerUserId) continue
    db.tokens.remove(t.hash)
    removed++
  }
  return removed
}

/** The live session of a bearer token, or undefined when unknown or expired (or a U15 code, which is no token). */
export async function findSession(db: Db, token: string, now: Date) {
  const record = db.tokens.get(sha256HexSync(token))
  // A U15 code and an SS2 password-reset token are no session tokens: any `kind` is refused here.
  if (!record || record.kind !== undefined || Date.parse(record.expiresAt) <= now.getTime()) return undefined
  const user = db.customerUsers.get(record.customerUserId)
  return user ? { record, user } : undefined
}

/** R7: the longest lock; the lock doubles with each failure past the limit until it reaches this. */
export const MAX_LOCK_SECONDS = 60 * 60
/** R7: a key (e-mail or address) with no failure and no lock for this long starts again from zero. */
const FORGET_AFTER_MS = 60 * 60 * 1000
/** R7: at most this many e-mails (and as many addresses) are tracked; the oldest are forgotten first. */
const MAX_TRACKED = 100_000

interface ThrottleEntry {
  /** Failed logins in a row (not reset by time while remembered; a success resets an e-mail's). */
  failures: number
  /** Logins being checked now: they count against the limit until they end, so a burst cannot outrun it. */
  pending: number
  lockedUntil: number
  /** The later of the last failure and the end of the lock. */
  touched: number
}

/** What a refused login is told: how long to wait. */
export interface Throttled {
  retryAfterSeconds: number
}
/** A lock that started: written to the audit log by the caller. */
export interface LockStarted {
  key: string
  failures: number
  lockedUntil: string
}

export type ThrottleLimits = Pick<
  SettingsRecord,
  'loginMaxFailures' | 'loginMaxFailuresPerAddress' | 'loginLockSeconds'
>

/** One login being checked: end it with exactly one of `failed`, `succeeded`, `ended`. */
export interface LoginAttempt {
  /** A wrong password or an unknown e-mail (the same for both): counts, and may start a lock. */
  failed(now: number): LockStarted[]
  /** The right password: the e-mail's failures are forgotten (the address's are not). */
  succeeded(): void
  /** Neither (the right password, but the user may not log in, or an error): changes no count. */
  ended(): void
}

/**
 * R7: login throttling per e-mail (lower-cased, whether or not a user has it: the same answers for both) and per
 * client address. After `loginMaxFailures` failures in a row for an e-mail — or `loginMaxFailuresPerAddress` from
 * one address — that key is locked for `loginLockSeconds`, doubled with each further failure up to
 * {@link MAX_LOCK_SECONDS}; a locked key is refused (429, `Retry-After`) before any password is hashed. In memory:
 * a restart forgets it.
 */
export class LoginThrottle {
  readonly #entries = new Map<string, ThrottleEntry>()

  /** Starts a login, or says how long to wait. `address` is undefined where there is none (MSW, in-process). */
  begin(email: string, address: string | undefined, limits: ThrottleLimits, now: number): LoginAttempt | Throttled {
    const keys: [string, number][] = [[`email:${email.toLowerCase()}`, limits.loginMaxFailures]]
    if (address) keys.push([`address:${address}`, limits.loginMaxFailuresPerAddress])
    let wait = 0
    for (const [key, max] of keys) {
      const e = this.#get(key, now)
      if (!e) continue
      if (e.lockedUntil > now) wait = Math.max(wait, e.lockedUntil - now)
      // Logins still being checked count too: a burst of 300 at once gets `max` checks, not 300 — and once a lock
      // has ended, one check at a time.
      else if (e.pending >= (e.failures >= max ? 1 : max - e.failures)) wait = Math.max(wait, 1000)
    }
    if (wait > 0) return { retryAfterSeconds: Math.ceil(wait / 1000) }
    const entries = keys.map(([key]) => this.#touch(key, now))
    for (const e of entries) e.pending++
    let done = false
    const end = () => {
      if (done) return false
      done = true
      for (const e of entries) e.pending--
      return true
    }
    return {
      failed: (at) => {
        if (!end()) return []
        const started: LockStarted[] = []
        keys.forEach(([key, max], i) => {
          const e = entries[i]
          e.failures++
          e.touched = Math.max(e.touched, at)
          if (e.failures >= max) {
            const seconds = Math.min(
              Math.max(MAX_LOCK_SECONDS, limits.loginLockSeconds),
              limits.loginLockSeconds * 2 ** Math.min(30, e.failures - max),
            )
            e.lockedUntil = at + seconds * 1000
            e.touched = e.lockedUntil
            started.push({ key, failures: e.failures, lockedUntil: new Date(e.lockedUntil).toISOString() })
          }
        })
        return started
      },
      succeeded: () => {
        if (!end()) return
        entries[0].failures = 0
        entries[0].lockedUntil = 0
      },
      ended: () => {
        end()
      },
    }
  }

  /** The entry of `key`, or undefined when there is none or it is forgotten by now. */
  #get(key: string, now: number) {
    const e = this.#entries.get(key)
    if (e && e.pending === 0 && now - e.touched > FORGET_AFTER_MS) {
      this.#entries.delete(key)
      return undefined
    }
    return e
  }

  /** The entry of `key`, made when missing, moved to the newest place (the oldest are forgotten first). */
  #touch(key: string, now: number): ThrottleEntry {
    const e = this.#get(key, now) ?? { failures: 0, pending: 0, lockedUntil: 0, touched: now }
    this.#entries.delete(key)
    this.#entries.set(key, e)
    if (this.#entries.size > MAX_TRACKED) {
      for (const [k, old] of this.#entries) {
        if (this.#entries.size <= MAX_TRACKED) break
        if (old.pending === 0) this.#entries.delete(k)
      }
    }
    return e
  }
}
