import type {
  CustomerUserInput as CustomerUserInputSchema,
  CustomerUserPatch as CustomerUserPatchSchema,
} from '@dj-customers/spec'
import { resolveMainOrganisation } from '@dj-customers/spec/rules'
import type { z } from '@hono/zod-openapi'
import { ProblemError, fail, type FieldErrorItem } from '../problem.js'
import type { CustomerUserGroup, CustomerUserRecord, PasswordHash, CustomFieldValues } from '../types.js'
import { removeUserFromBuyingPolicies } from './buying-policies.js'
import { allGroups, groupsIn, isAdminIn, mayGrant, otherActiveAdmins } from './memberships.js'
import { assertStoresExist, assertUnique, freeExternalId, unique, type Tx } from './tx.js'
import { notify, toUser } from './notifications.js'
import { mayLogIn } from './sessions.js'

/**
 * U1–U10: the body of `POST`/`PUT /v1/customer-users` as the contract parses it, without `password`: the
 * domain never sees a plain password in the fields, only the {@link NewPassword} hashed before the change.
 */
export type CustomerUserInput = Omit<z.output<typeof CustomerUserInputSchema>, 'password'>
/** The body of `PATCH /v1/customer-users/{id}`: any of those fields, `password` again apart. */
export type CustomerUserPatch = Omit<z.output<typeof CustomerUserPatchSchema>, 'password'>

/** A password set by this request: its hash, and the plain text when it must be sent (U6, U9). */
export interface NewPassword {
  hash: PasswordHash
  /** A generated password, to send through the outbox; `''` for one somebody chose, which is never sent (R5). */
  plain: string
}

export interface UserRuleHooks {
  /** CF2: throws when values break their definitions. */
  validateCustomFields?: (values: CustomFieldValues) => void
}

/** U9: only an ACTIVE user who is not on hold may log in. */
export const canLogIn = (u: Pick<CustomerUserRecord, 'status' | 'onHold'>) => u.status === 'ACTIVE' && !u.onHold

/**
 * U2, U3, U4, U10: the rules that need the data. Returns the stored forms of the references, or throws one
 * problem listing every unknown reference.
 */
function checkReferences(tx: Tx, input: CustomerUserInput, current?: CustomerUserRecord) {
  const { db } = tx
  if (input.externalId !== undefined)
    assertUnique(db.customerUsers, 'externalId', input.externalId, current?.id, 'externalId', 'customer user')
  assertUnique(db.customerUsers, 'email', input.email.toLowerCase(), current?.id, 'email', 'customer user', input.email)
  const accountIds = unique(input.accountIds)
  const organisationIds = unique(input.organisationIds ?? current?.organisationIds ?? [])
  // Errors name the caller's own positions: first occurrences, numbered as sent.
  const positions = (xs: readonly string[] | undefined) =>
    (xs ?? []).map((id, i) => ({ id, i })).filter(({ id, i }) => xs!.indexOf(id) === i)
  const unknown: { field: string; value: string; entity: string }[] = []
  for (const { id, i } of positions(input.accountIds))
    if (!db.customerAccounts.get(id)) unknown.push({ field: `accountIds[${i}]`, value: id, entity: 'customer account' })
  for (const { id, i } of positions(input.organisationIds))
    if (!db.organisations.get(id)) unknown.push({ field: `organisationIds[${i}]`, value: id, entity: 'organisation' })
  if (unknown.length) throw fail.unknownRefs(unknown)

  const outside: FieldErrorItem[] = []
  for (const { id, i } of positions(input.organisationIds ?? current?.organisationIds)) {
    const org = db.organisations.get(id)
    if (org && !accountIds.includes(org.accountId))
      outside.push(fail.field(`organisationIds[${i}]`, 'RULE', "belongs to none of the user's accounts"))
  }
  if (outside.length) throw fail.rules(outside) // U3
  // U4 applies to what the request sets. An update that touches neither organisations nor the main one
  // keeps the stored pair (an O4 cascade may have left several organisations and no main one); one that
  // changes the organisations but not the main keeps the main while it is still among them.
  const untouched = current && input.organisationIds === undefined && input.mainOrganisationId === undefined
  const kept =
    current?.mainOrganisationId && organisationIds.includes(current.mainOrganisationId)
      ? current.mainOrganisationId
      : undefined
  const main = untouched
    ? { main: current.mainOrganisationId }
    : resolveMainOrganisation(organisationIds, input.mainOrganisationId !== undefined ? input.mainOrganisationId : kept)
  if ('problem' in main) throw fail.rule('mainOrganisationId', main.problem) // U4

  // U10: multi-store tenants need a store per user; single-store tenants default to their store.
  let storeIds = input.storeIds ?? current?.storeIds
  if (storeIds) assertStoresExist(db, storeIds)
  if (db.stores.size > 1 && !storeIds?.length)
    throw fail.rule('storeIds', 'at least one store is required on a multi-store tenant')
  if (db.stores.size === 1 && !storeIds?.length) storeIds = [db.stores.values().next().value!.externalId]
  const groupsByAccount = membershipGroups(input, accountIds, current)
  return {
    accountIds,
    groupsByAccount,
    organisationIds,
    mainOrganisationId: main.main,
    storeIds: unique(storeIds ?? []),
  }
}

const sameGroups = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((g) => b.includes(g))

/**
 * U16 *(decision)*: groups belong to each membership. `memberships` sets the accounts it names. The plain `groups`
 * list (DJUST's shape, and the CSV column) sets every account of the request on create, and on update when it
 * differs from the user's current `groups` (the union). The same list again — a form or a file sending back what
 * it read — keeps each account's groups, and an account new to the user gets `FOC_User`: joining an account never
 * makes anybody its FOC_Admin unless the request says so for that account.
 */
function membershipGroups(input: CustomerUserInput, accountIds: readonly string[], current?: CustomerUserRecord) {
  const explicit = new Map<string, CustomerUserGroup[]>()
  const problems: FieldErrorItem[] = []
  input.memberships?.forEach((m, i) => {
    if (!accountIds.includes(m.accountId))
      problems.push(fail.field(`memberships[${i}].accountId`, 'RULE', 'is not one of accountIds'))
    else if (explicit.has(m.accountId))
      problems.push(fail.field(`memberships[${i}].accountId`, 'DUPLICATE', 'names an account already given'))
    else explicit.set(m.accountId, unique(m.groups))
  })
  if (problems.length) throw fail.rules(problems)
  const plain = unique(input.groups)
  const setsAll = !current || !sameGroups(plain, allGroups(current))
  const groupsByAccount: Record<string, CustomerUserGroup[]> = {}
  for (const id of accountIds) {
    const kept = current ? groupsIn(current, id) : []
    groupsByAccount[id] =
      explicit.get(id) ?? (setsAll ? plain : kept.length ? [...kept] : (['FOC_User'] as CustomerUserGroup[]))
  }
  return groupsByAccount
}

/** Every rule a new user must pass; throws before anything changes. Also lets A2 check a user before its account exists. */
export function checkNewCustomerUser(tx: Tx, input: CustomerUserInput, hooks: UserRuleHooks = {}) {
  const refs = checkReferences(tx, input)
  hooks.validateCustomFields?.(input.customFields ?? {})
  return refs
}

/** U1–U6, U9, U10. Status and onHold default from the settings; the initial password is sent (N1). */
export function createCustomerUser(
  tx: Tx,
  input: CustomerUserInput,
  password: NewPassword,
  hooks: UserRuleHooks = {},
): CustomerUserRecord {
  const refs = checkNewCustomerUser(tx, input, hooks)
  const id = tx.db.nextId('cu')
  const user: CustomerUserRecord = {
    id,
    // U14: none given → one is generated, free by construction.
    externalId: input.externalId ?? freeExternalId(id, (v) => !!tx.db.customerUsers.findBy('externalId', v)),
    civility: input.civility,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    ...refs,
    status: input.status ?? (tx.db.settings.customerActiveOnCreation ? 'ACTIVE' : 'INACTIVE'),
    onHold: input.onHold ?? tx.db.settings.customerOnHoldOnCreation,
    // U13: every user has a currency — the tenant's default when none is given.
    preferredCurrency: input.preferredCurrency ?? tx.db.settings.defaultCurrency,
    preferredSite: input.preferredSite ?? null,
    customerNumber: `C${id.slice(3)}`,
    lastLoginAt: null,
    customFields: input.customFields ?? {},
    password: password.hash,
    ...tx.stamp(),
  }
  tx.db.customerUsers.insert(user)
  tx.audit('create', 'customer-user', id, null, user)
  // U9: created able to log in → welcome; otherwise the account is being prepared. Both carry a generated password
  // (until it is delivered, see N1); one an operator chose is theirs to pass on (R5).
  notify(
    tx,
    toUser(user),
    // U9: welcome only a user who can log in now — not one whose every account still waits for approval (A3).
    mayLogIn(tx.db, user) ? 'welcome' : 'account-being-prepared',
    password.plain ? { initialPassword: password.plain } : {},
  )
  return user
}

/**
 * U1–U10 on update: required fields replace, optional fields omitted keep their value, no password keeps
 * the password (U6). Becoming able to log in sends "account activated" (U9).
 */
export function updateCustomerUser(
  tx: Tx,
  user: CustomerUserRecord,
  input: CustomerUserInput,
  password: NewPassword | null,
  hooks: UserRuleHooks = {},
) {
  const refs = checkReferences(tx, input, user)
  if (input.customFields) hooks.validateCustomFields?.(input.customFields)
  const next = tx.next(user, {
    externalId: input.externalId ?? user.externalId,
    civility: input.civility,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    ...refs,
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.onHold !== undefined ? { onHold: input.onHold } : {}),
    ...(input.preferredCurrency !== undefined
      ? { preferredCurrency: input.preferredCurrency ?? tx.db.settings.defaultCurrency }
      : {}),
    ...(input.preferredSite !== undefined ? { preferredSite: input.preferredSite } : {}),
    ...(input.customFields !== undefined ? { customFields: input.customFields } : {}),
    ...(password ? { password: password.hash } : {}),
  })
  save(tx, user, next)
  // B1: leaving an account means leaving its buying policies.
  const left = user.accountIds.filter((id) => !next.accountIds.includes(id))
  if (left.length) removeUserFromBuyingPolicies(tx, user.id, left)
  return next
}

/**
 * The required fields of an update, as the user has them now: what a partial change (PATCH, SS4) is laid over. U16:
 * `groups` is the same list as now, so each account keeps its groups.
 */
const inputOf = (user: CustomerUserRecord): CustomerUserInput => ({
  externalId: user.externalId,
  civility: user.civility,
  firstName: user.firstName,
  lastName: user.lastName,
  email: user.email,
  phone: user.phone,
  groups: allGroups(user),
  accountIds: user.accountIds,
})

/** PATCH: the given fields over the current ones, then every rule of an update. */
export function patchCustomerUser(
  tx: Tx,
  user: CustomerUserRecord,
  patch: CustomerUserPatch,
  password: NewPassword | null,
  hooks: UserRuleHooks = {},
) {
  const merged: CustomerUserInput = { ...inputOf(user), ...patch }
  return updateCustomerUser(tx, user, merged, password, hooks)
}

function save(tx: Tx, before: CustomerUserRecord, next: CustomerUserRecord, action = 'update') {
  tx.db.customerUsers.replace(next)
  tx.audit(action, 'customer-user', before.id, before, next)
  if (!canLogIn(before) && canLogIn(next)) notify(tx, toUser(next), 'account-activated')
  // U7: losing the right to log in ends every session, so a later reactivation does not revive old tokens.
  if (canLogIn(before) && !canLogIn(next)) revokeTokens(tx, next.id)
}

/** U7: many users at once, all or nothing — any unknown id and nobody changes. */
export function setStatusOfMany(tx: Tx, ids: readonly string[], status: CustomerUserRecord['status']) {
  const unknown = ids.map((value, i) => ({ value, i })).filter(({ value }) => !tx.db.customerUsers.get(value))
  if (unknown.length)
    throw fail.unknownRefs(unknown.map(({ value, i }) => ({ field: `ids[${i}]`, value, entity: 'customer user' })))
  let updated = 0
  for (const id of unique(ids)) {
    const user = tx.db.customerUsers.get(id)!
    if (user.status === status) continue
    save(tx, user, tx.next(user, { status }), status === 'ACTIVE' ? 'activate' : 'deactivate')
    updated++
  }
  return updated
}

function revokeTokens(tx: Tx, customerUserId: string) {
  for (const token of [...tx.db.tokens.values()])
    if (token.customerUserId === customerUserId) tx.db.tokens.remove(token.hash)
}

/** U8: permanent, with the user's tokens (memberships live on the user) and their places in buying policies (B1). */
export function deleteCustomerUser(tx: Tx, user: CustomerUserRecord) {
  removeUserFromBuyingPolicies(tx, user.id)
  revokeTokens(tx, user.id)
  tx.db.customerUsers.remove(user.id)
  tx.audit('delete', 'customer-user', user.id, user, null)
}

/** SS4: what a company admin may change about a user of their account on the storefront. */
export interface ShopUserChange {
  status?: CustomerUserRecord['status']
  groups?: CustomerUserGroup[]
  organisationIds?: string[]
  mainOrganisationId?: string | null
}

/**
 * SS4: an FOC_Admin of the account changes a user of that account — status, the groups in this account only (never
 * above their own), the organisations of this account (those of other accounts are kept). The last ACTIVE FOC_Admin
 * of the account is never deactivated nor loses FOC_Admin (409 `LAST_FOC_ADMIN`). SS5: an organisation of another
 * account is as unknown as one that does not exist.
 */
export function changeShopUser(
  tx: Tx,
  user: CustomerUserRecord,
  accountId: string,
  change: ShopUserChange,
  granter: readonly CustomerUserGroup[],
  hooks: UserRuleHooks = {},
) {
  const { db } = tx
  if (change.groups && !mayGrant(granter, change.groups))
    throw new ProblemError('FORBIDDEN', 'You may not give a group higher than your own.', [
      fail.field('groups', 'RULE', 'holds a group higher than your own'),
    ])
  // U7: status is the person's; on the storefront only a user of this account alone changes it.
  if (change.status !== undefined && change.status !== user.status && user.accountIds.length > 1)
    throw fail.rule('status', 'can only be changed for users of this account alone: remove the user from it instead')
  const inAccount = (id: string) => db.organisations.get(id)?.accountId === accountId
  let organisationIds: string[] | undefined
  if (change.organisationIds) {
    const unknown = change.organisationIds
      .map((value, i) => ({ value, i }))
      .filter(({ value }) => !inAccount(value))
      .map(({ value, i }) => ({ field: `organisationIds[${i}]`, value, entity: 'organisation' }))
    if (unknown.length) throw fail.unknownRefs(unknown)
    organisationIds = unique([...change.organisationIds, ...user.organisationIds.filter((id) => !inAccount(id))])
  }
  if (
    change.mainOrganisationId &&
    !(organisationIds ?? user.organisationIds).filter(inAccount).includes(change.mainOrganisationId)
  )
    throw fail.rule('mainOrganisationId', 'must be one of the organisations of this account the user belongs to')
  // U4: the main organisation is the person's; one of another account is not this account's to change.
  if (change.mainOrganisationId !== undefined && user.mainOrganisationId && !inAccount(user.mainOrganisationId))
    throw fail.rule('mainOrganisationId', "cannot be changed here: the user's main organisation is not of this account")
  assertKeepsAnAdmin(tx, user, accountId, {
    active: (change.status ?? user.status) === 'ACTIVE',
    admin: (change.groups ?? groupsIn(user, accountId)).includes('FOC_Admin'),
  })
  const input: CustomerUserInput = {
    ...inputOf(user),
    ...(change.groups ? { memberships: [{ accountId, groups: change.groups }] } : {}),
    ...(organisationIds ? { organisationIds } : {}),
    ...(change.mainOrganisationId !== undefined ? { mainOrganisationId: change.mainOrganisationId } : {}),
    ...(change.status !== undefined ? { status: change.status } : {}),
  }
  return updateCustomerUser(tx, user, input, null, hooks)
}

/**
 * SS4: the user leaves the account — with their organisations and buying policies there (B1). A user of this
 * account alone is deleted (U8), as A8 does with users left without an account. Never the last ACTIVE FOC_Admin.
 */
export function removeFromAccount(tx: Tx, user: CustomerUserRecord, accountId: string) {
  assertKeepsAnAdmin(tx, user, accountId, { active: false, admin: false })
  if (user.accountIds.length === 1) return deleteCustomerUser(tx, user)
  const organisationIds = user.organisationIds.filter((id) => tx.db.organisations.get(id)?.accountId !== accountId)
  const { [accountId]: _left, ...groupsByAccount } = user.groupsByAccount
  const main = user.mainOrganisationId
  const next = tx.next(user, {
    accountIds: user.accountIds.filter((id) => id !== accountId),
    groupsByAccount,
    organisationIds,
    mainOrganisationId:
      main && organisationIds.includes(main) ? main : organisationIds.length === 1 ? organisationIds[0] : null,
  })
  save(tx, user, next, 'remove-from-account')
  removeUserFromBuyingPolicies(tx, user.id, [accountId])
}

/** SS4: an ACTIVE FOC_Admin of the account who would stop being one must leave another behind. */
function assertKeepsAnAdmin(
  tx: Tx,
  user: CustomerUserRecord,
  accountId: string,
  after: { active: boolean; admin: boolean },
) {
  const isNow = user.status === 'ACTIVE' && isAdminIn(user, accountId)
  if (!isNow || (after.active && after.admin)) return
  if (otherActiveAdmins(tx.db.customerUsers.values(), accountId, user.id) === 0)
    throw new ProblemError(
      'LAST_FOC_ADMIN',
      'This is the last active FOC_Admin of the account: make another user FOC_Admin first.',
    )
}
