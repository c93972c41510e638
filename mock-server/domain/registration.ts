/**
 * SS1: a company registers on the storefront — an account (A1, A3) and its first user, FOC_Admin of it (A2) — and
 * A3/U9: approving an account tells its users who may now log in.
 */
import type { RegistrationInput as RegistrationInputSchema } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { AccountRecord, PasswordHash } from '../types.js'
import { createAccount, type NewAccountInput } from './accounts.js'
import type { UserRuleHooks } from './customer-users.js'
import { mayLogIn } from './sessions.js'
import { notify, toUser } from './notifications.js'
import type { Tx } from './tx.js'

/** SS1: the `POST /auth/register` body as the contract parses it (the password already checked against U5). */
export type RegistrationInput = z.output<typeof RegistrationInputSchema>

export interface Registered {
  /** `created`: a new account and user; `known`: the email was a user's, nothing was created. */
  outcome: 'created' | 'known'
  customerUserId: string
  accountId: string | null
}

/**
 * SS1. When the email is already a customer user's, nothing is created: that user is told (`registration-attempt`)
 * and the attempt audited on them. Otherwise the account (externalId generated, U14; status from
 * `customerAccountApproval`, A3) and its first user (FOC_Admin, A2; status and hold from the settings, U9) are
 * created with the password the registrant chose (hashed before, never sent: R5). The user is told as U9 says, from
 * whether they may log in now — the account's status included: `account-being-prepared` while it waits for approval.
 * The caller answers the same either way.
 */
export function register(
  tx: Tx,
  input: RegistrationInput,
  password: PasswordHash,
  options: { storeIds?: string[]; hooks: UserRuleHooks },
): Registered {
  const { db } = tx
  const known = db.customerUsers.findBy('email', input.user.email.toLowerCase())
  if (known) {
    notify(tx, toUser(known), 'registration-attempt')
    tx.audit('registration-attempt', 'customer-user', known.id, null, null)
    return { outcome: 'known', customerUserId: known.id, accountId: null }
  }
  const { password: _, ...user } = input.user
  // No externalId: the account's own id becomes it (U14).
  const account: NewAccountInput = {
    name: input.name,
    companyRegistrationName: input.companyRegistrationName,
    businessRegistrationNumber: input.businessRegistrationNumber,
    vatNumber: input.vatNumber ?? null,
    website: input.website ?? null,
    ...(input.address ? { address: input.address } : {}),
    user: { ...user, groups: ['FOC_Admin'], ...(options.storeIds ? { storeIds: options.storeIds } : {}) },
  }
  const created = createAccount(tx, account, { password: { hash: password, plain: '' }, hooks: options.hooks })
  const registrant = db.customerUsers.findBy('email', input.user.email.toLowerCase())!
  tx.audit('register', 'customer-account', created.id, null, { customerUserId: registrant.id })
  return { outcome: 'created', customerUserId: registrant.id, accountId: created.id }
}

/**
 * A3, U9: runs `decide` (approve or reject `account`); each user of the account who may log in after it and could
 * not before — their first ACTIVE account — is told `account-activated` (the seed: "the customer receives another
 * email with information that the account is now active").
 */
export function withActivationNotices(tx: Tx, account: AccountRecord, decide: () => AccountRecord): AccountRecord {
  const users = [...tx.db.customerUsers.values()].filter((u) => u.accountIds.includes(account.id))
  const before = new Set(users.filter((u) => mayLogIn(tx.db, u)).map((u) => u.id))
  const decided = decide()
  for (const u of users) {
    const now = tx.db.customerUsers.get(u.id)
    if (now && !before.has(u.id) && mayLogIn(tx.db, now))
      notify(tx, toUser(now), 'account-activated', { accountId: account.id })
  }
  return decided
}
