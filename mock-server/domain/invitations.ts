/**
 * SS3: invitations into an account. A FOC_Admin (storefront, in their current account) or an operator (back office,
 * any account) invites an email, with groups and organisations of that account. The invitee gets an `invitation`
 * message (N1) holding a single-use token — 256 random bits, stored only as its SHA-256 (R5) — valid
 * {@link INVITATION_TTL_DAYS} days, and accepts it anonymously with their details and a password (U5): that makes
 * the customer user, member of the account with the invitation's groups and organisations, ACTIVE.
 */
import type { Db } from '../db.js'
import type { MintedToken } from './sessions.js'
import { ProblemError, fail } from '../problem.js'
import type { CustomerUserGroup, CustomerUserRecord, InvitationRecord, PasswordHash } from '../types.js'
import { createCustomerUser, type UserRuleHooks } from './customer-users.js'
import { groupsIn, mayGrant } from './memberships.js'
import { forgetInvitationToken, notify } from './notifications.js'
import { assertStoresExist, unique, type Tx } from './tx.js'

/** SS3: how long an invitation (and each resent token) may be accepted. */
export const INVITATION_TTL_DAYS = 7
const TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000

/** A PENDING invitation past its `expiresAt` reads as EXPIRED, before {@link expireInvitations} records it. */
export const statusOf = (i: Pick<InvitationRecord, 'status' | 'expiresAt'>, now: number): InvitationRecord['status'] =>
  i.status === 'PENDING' && Date.parse(i.expiresAt) <= now ? 'EXPIRED' : i.status

/** What routes answer: never the token's hash. */
export const invitationDto = ({ hash: _hash, ...i }: InvitationRecord, now: number) => ({
  ...i,
  status: statusOf(i, now),
})

/**
 * SS3, R5: records the invitations whose time is over as EXPIRED: their token is forgotten, and leaves the outbox.
 * Run before any read or change of invitations, so lists filter by the status they show.
 */
export function expireInvitations(tx: Tx) {
  const now = Date.parse(tx.now)
  let changed = false
  for (const i of tx.db.invitations.values()) {
    if (i.status !== 'PENDING' || Date.parse(i.expiresAt) > now) continue
    const next: InvitationRecord = { ...i, status: 'EXPIRED', hash: null }
    tx.db.invitations.replace(next)
    tx.audit('expire', 'invitation', i.id, invitationDto(i, 0), invitationDto(next, 0))
    forgetInvitationToken(tx.db, i.id, tx.now)
    changed = true
  }
  return changed
}

export interface InvitationInput {
  email: string
  accountId: string
  groups: CustomerUserGroup[]
  organisationIds?: string[]
  /** Back office: store externalIds (U10). The storefront passes the inviter's. */
  storeIds?: string[]
}

/** Who invites: an operator (any account, any groups), or a customer user inviting into `accountId`. */
export type Inviter = { operatorId: string } | { customer: CustomerUserRecord }

/**
 * SS3: checks and stores an invitation, and queues its message with the token (`minted`, made before the change).
 * On the storefront (`customer`), an organisation of another account is answered as an unknown one (SS5), and the
 * groups may be no higher than the inviter's in the account.
 */
export function createInvitation(tx: Tx, input: InvitationInput, inviter: Inviter, minted: MintedToken) {
  const { db } = tx
  const storefront = 'customer' in inviter
  const account = db.customerAccounts.get(input.accountId)
  if (!account) throw fail.unknownRefs([{ field: 'accountId', value: input.accountId, entity: 'customer account' }])
  const groups = unique(input.groups)
  if (storefront && !mayGrant(groupsIn(inviter.customer, account.id), groups))
    throw fail.rule('groups', 'may not be higher than your own groups in this account')
  const organisationIds = input.organisationIds ?? []
  const unknown: { field: string; value: string; entity: string }[] = []
  const outside: ReturnType<typeof fail.field>[] = []
  organisationIds.forEach((id, i) => {
    if (organisationIds.indexOf(id) !== i) return
    const org = db.organisations.get(id)
    if (!org || (storefront && org.accountId !== account.id))
      unknown.push({ field: `organisationIds[${i}]`, value: id, entity: 'organisation' })
    else if (org.accountId !== account.id)
      outside.push(fail.field(`organisationIds[${i}]`, 'RULE', 'belongs to another account'))
  })
  if (unknown.length) throw fail.unknownRefs(unknown)
  if (outside.length) throw fail.rules(outside)
  // U10: the invitee's stores, checked now so that accepting cannot fail on them.
  let storeIds = input.storeIds ?? []
  assertStoresExist(db, storeIds)
  if (db.stores.size > 1 && !storeIds.length)
    throw fail.rule('storeIds', 'at least one store is required on a multi-store tenant')
  if (db.stores.size === 1 && !storeIds.length) storeIds = [db.stores.values().next().value!.externalId]
  const email = input.email.toLowerCase()
  const member = db.customerUsers.findBy('email', email)
  if (member?.accountIds.includes(account.id))
    throw new ProblemError('ALREADY_EXISTS', 'This email is already a customer user of the account.', [
      fail.field('email', 'DUPLICATE', 'is already a user of this account'),
    ])
  const now = Date.parse(tx.now)
  for (const i of db.invitations.values()) {
    if (i.accountId === account.id && i.email.toLowerCase() === email && statusOf(i, now) === 'PENDING')
      throw new ProblemError('ALREADY_EXISTS', `${i.id} already invites this email here: resend it instead.`, [
        fail.field('email', 'DUPLICATE', 'already has a pending invitation to this account'),
      ])
  }
  const record: InvitationRecord = {
    id: db.nextId('inv'),
    email: input.email,
    accountId: account.id,
    organisationIds: unique(organisationIds),
    groups,
    storeIds: unique(storeIds),
    status: 'PENDING',
    invitedBy: 'customer' in inviter ? `customer-user:${inviter.customer.id}` : `operator:${inviter.operatorId}`,
    customerUserId: null,
    createdAt: tx.now,
    expiresAt: new Date(now + TTL_MS).toISOString(),
    hash: minted.hash,
  }
  db.invitations.insert(record)
  tx.audit('create', 'invitation', record.id, null, invitationDto(record, now))
  sendInvitation(tx, record, minted.token)
  return record
}

/** N1: the message the invitee would get, with the token until it is delivered or dies (R5). */
function sendInvitation(tx: Tx, i: InvitationRecord, token: string) {
  notify(tx, { email: i.email, customerUserId: null }, 'invitation', {
    invitationId: i.id,
    accountId: i.accountId,
    accountName: tx.db.customerAccounts.get(i.accountId)?.name ?? '',
    expiresAt: i.expiresAt,
    token,
  })
}

const assertOpen = (i: InvitationRecord, now: number) => {
  const status = statusOf(i, now)
  if (status === 'ACCEPTED' || status === 'REVOKED')
    throw fail.invalidState(`The invitation is ${status}: invite again instead.`)
}

/** SS3: a new token and message, valid {@link INVITATION_TTL_DAYS} days from now; the previous token dies. */
export function resendInvitation(tx: Tx, i: InvitationRecord, minted: MintedToken) {
  const now = Date.parse(tx.now)
  assertOpen(i, now)
  forgetInvitationToken(tx.db, i.id, tx.now)
  const next: InvitationRecord = {
    ...i,
    status: 'PENDING',
    hash: minted.hash,
    expiresAt: new Date(now + TTL_MS).toISOString(),
  }
  tx.db.invitations.replace(next)
  tx.audit('resend', 'invitation', i.id, invitationDto(i, now), invitationDto(next, now))
  sendInvitation(tx, next, minted.token)
  return next
}

/** SS3: the token dies and leaves the outbox; the invitation stays, REVOKED. */
export function revokeInvitation(tx: Tx, i: InvitationRecord) {
  const now = Date.parse(tx.now)
  assertOpen(i, now)
  const next: InvitationRecord = { ...i, status: 'REVOKED', hash: null }
  tx.db.invitations.replace(next)
  tx.audit('revoke', 'invitation', i.id, invitationDto(i, now), invitationDto(next, now))
  forgetInvitationToken(tx.db, i.id, tx.now)
  return next
}

/** SS3: the PENDING invitation of a token's SHA-256, or undefined (unknown, used, revoked, expired: one answer). */
export function findLiveInvitation(db: Db, hash: string, now: number) {
  const i = db.invitations.findBy('hash', hash)
  return i && statusOf(i, now) === 'PENDING' && db.customerAccounts.get(i.accountId) ? i : undefined
}

export interface Invitee {
  civility: CustomerUserRecord['civility']
  firstName: string
  lastName: string
  phone: string
}

/**
 * SS3, U14: the invitee accepts — the customer user is made (the invitation's email, a generated externalId),
 * ACTIVE and not on hold, member of the account with the invitation's groups, organisations still in the account
 * (the first one main, U4) and stores. The token dies and leaves the outbox. An email that already logs in as a
 * customer user is refused (409): joining a second account is the inviter's to do for that user (SS3 decision).
 */
export function acceptInvitation(
  tx: Tx,
  i: InvitationRecord,
  invitee: Invitee,
  password: PasswordHash,
  hooks: UserRuleHooks = {},
) {
  const { db } = tx
  if (db.customerUsers.findBy('email', i.email.toLowerCase()))
    throw new ProblemError(
      'ALREADY_EXISTS',
      'The invited email already logs in as a customer user: log in with it, and ask the inviter to add you to the account.',
      [fail.field('token', 'DUPLICATE', 'invites an email that is already a customer user')],
    )
  const organisationIds = i.organisationIds.filter((id) => db.organisations.get(id)?.accountId === i.accountId)
  const user = createCustomerUser(
    tx,
    {
      ...invitee,
      email: i.email,
      groups: i.groups,
      accountIds: [i.accountId],
      organisationIds,
      mainOrganisationId: organisationIds[0] ?? null,
      storeIds: i.storeIds.filter((s) => db.stores.findBy('externalId', s)),
      status: 'ACTIVE',
      onHold: false,
    },
    { hash: password, plain: '' },
    hooks,
  )
  const next: InvitationRecord = { ...i, status: 'ACCEPTED', hash: null, customerUserId: user.id }
  db.invitations.replace(next)
  const now = Date.parse(tx.now)
  tx.audit('accept', 'invitation', i.id, invitationDto(i, now), invitationDto(next, now))
  forgetInvitationToken(db, i.id, tx.now)
  return user
}
