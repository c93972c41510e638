import type {
  AccountInput as AccountInputSchema,
  AccountUserInput as AccountUserInputSchema,
  AddressInput as AddressInputSchema,
  LegalUserInput as LegalUserInputSchema,
} from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { AccountRecord, AddressRecord } from '../types.js'
import { ProblemError, fail } from '../problem.js'
import { deleteBuyingPoliciesOfAccount } from './buying-policies.js'
import {
  checkNewCustomerUser,
  createCustomerUser,
  deleteCustomerUser,
  type CustomerUserInput,
  type NewPassword,
  type UserRuleHooks,
} from './customer-users.js'
import { assertUnique, freeExternalId, unique, type Tx } from './tx.js'

/** A1: the `POST`/`PUT /v1/customer-accounts` body as the contract parses it (`user`, `address`: A2, create only). */
export type AccountInput = z.output<typeof AccountInputSchema>
/** A2: the first user of a new account — a customer user without accounts, organisations or password. */
export type AccountUserInput = z.output<typeof AccountUserInputSchema>
/** What creating the first user needs beyond the body: the password, hashed before the change, and CF2. */
export interface FirstUser {
  password: NewPassword
  hooks: UserRuleHooks
}
/** A4: an address body as the contract parses it (`shipping`, `billing`, `isDefault` defaulted). */
export type AddressInput = z.output<typeof AddressInputSchema>
/** A5: the legal user body as the contract parses it; stored as given. */
export type LegalUserInput = z.output<typeof LegalUserInputSchema>

/**
 * A9: the tags of the body, under our name (`customerTagIds`) or the seed's (`customerTagList`); `undefined` when
 * neither is sent. Both sent must agree (as sets), or the request is refused naming the seed's field.
 */
function tagIdsOf(input: NewAccountInput): string[] | undefined {
  const { customerTagIds: ours, customerTagList: seeds } = input
  if (ours && seeds) {
    const same = unique(ours).length === unique(seeds).length && seeds.every((id) => ours.includes(id))
    if (!same)
      throw fail.validation([
        fail.field('customerTagList', 'INVALID', 'differs from customerTagIds: send one of the two (A9)'),
      ])
  }
  return ours ?? seeds
}

/** An account body, where code that creates accounts itself (SS1 registration) may leave the externalId out (U14). */
export type NewAccountInput = Omit<AccountInput, 'externalId'> & { externalId?: string }

function checkAccount(tx: Tx, input: NewAccountInput, exceptId?: string) {
  const tagIds = tagIdsOf(input)
  if (input.externalId !== undefined)
    assertUnique(tx.db.customerAccounts, 'externalId', input.externalId, exceptId, 'externalId', 'customer account')
  const unknown: { field: string; value: string; entity: string }[] = []
  if (input.accountManagerId && !tx.db.operators.get(input.accountManagerId)) {
    unknown.push({ field: 'accountManagerId', value: input.accountManagerId, entity: 'operator' })
  }
  const field = input.customerTagIds ? 'customerTagIds' : 'customerTagList'
  tagIds?.forEach((id, i) => {
    if (!tx.db.customerTags.get(id)) unknown.push({ field: `${field}[${i}]`, value: id, entity: 'customer tag' })
  })
  if (unknown.length) throw fail.unknownRefs(unknown)
}

/** Runs `check`, naming the fields of its problem under `prefix` (A2: `user.email`, not `email`). */
function within<T>(prefix: string, check: () => T): T {
  try {
    return check()
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e
    throw new ProblemError(
      e.code,
      `${prefix}: ${e.detail ?? e.message}`,
      e.errors?.map((f) => ({ ...f, field: `${prefix}.${f.field}` })),
      e.extra,
    )
  }
}

/** A2: the first user gets FOC_Admin unless the body says otherwise *(decision)*: whoever opens the account runs it. */
const firstUserInput = (user: AccountUserInput, accountIds: string[]): CustomerUserInput => ({
  ...user,
  groups: user.groups ?? ['FOC_Admin'],
  accountIds,
})

/**
 * A1, A3: with `customerAccountApproval` on, a new account waits for approval. A2: with one `user` and one
 * `address`, all or nothing — the user and the address are checked with the account, before anything
 * (even an id) is taken; then the user joins the new account and is sent their generated password (U6).
 */
export function createAccount(tx: Tx, input: NewAccountInput, firstUser?: FirstUser): AccountRecord {
  checkAccount(tx, input)
  if (input.status) throw fail.rule('status', 'is set by approval (A3), not on create')
  if (tx.db.settings.customerAccountAddressRequired && !input.address)
    throw fail.rules([
      fail.field('address', 'REQUIRED', 'is required: this tenant asks for an address with every new account (A10)'),
    ])
  if (input.address?.externalId && tx.db.customerAccounts.findBy('addressExternalId', input.address.externalId)) {
    throw fail.taken('address.externalId', input.address.externalId, 'address')
  }
  if (input.user) {
    if (!firstUser) throw new Error('createAccount: a first user needs their password')
    // The account does not exist yet: check the user without it (U3 then holds by construction).
    within('user', () => checkNewCustomerUser(tx, firstUserInput(input.user!, []), firstUser.hooks))
  }
  const id = tx.db.nextId('acc')
  const account: AccountRecord = {
    id,
    externalId: input.externalId ?? freeExternalId(id, (v) => !!tx.db.customerAccounts.findBy('externalId', v)),
    name: input.name,
    accountManagerId: input.accountManagerId ?? null,
    website: input.website ?? null,
    companyRegistrationName: input.companyRegistrationName,
    businessRegistrationNumber: input.businessRegistrationNumber,
    vatNumber: input.vatNumber ?? null,
    customerTagIds: unique(tagIdsOf(input) ?? []),
    status: tx.db.settings.customerAccountApproval ? 'WAITING_APPROVAL' : 'ACTIVE',
    addresses: input.address ? [addressRecord(tx, tx.db.nextId('adr'), input.address)] : [],
    legalUser: null,
    customFields: input.customFields ?? {},
    ...tx.stamp(),
  }
  tx.db.customerAccounts.insert(account)
  tx.audit('create', 'customer-account', account.id, null, account)
  if (input.user) createCustomerUser(tx, firstUserInput(input.user, [id]), firstUser!.password, firstUser!.hooks)
  return account
}

/** A1: optional fields omitted keep their value. Status moves only between ACTIVE and INACTIVE here. */
export function updateAccount(tx: Tx, account: AccountRecord, input: AccountInput): AccountRecord {
  const createOnly = (['user', 'address'] as const).filter((k) => input[k] !== undefined)
  if (createOnly.length) {
    const instead = { user: 'POST /v1/customer-users', address: 'POST /v1/customer-accounts/{id}/addresses' }
    throw fail.rules(createOnly.map((k) => fail.field(k, 'RULE', `is accepted on create only (A2); use ${instead[k]}`)))
  }
  checkAccount(tx, input, account.id)
  if (input.status && input.status !== account.status && account.status !== 'ACTIVE' && account.status !== 'INACTIVE') {
    throw fail.invalidState(`The account is ${account.status}: approve or reject it first (A3).`)
  }
  const fields: Partial<AccountRecord> = {
    externalId: input.externalId,
    name: input.name,
    companyRegistrationName: input.companyRegistrationName,
    businessRegistrationNumber: input.businessRegistrationNumber,
  }
  for (const key of ['accountManagerId', 'website', 'vatNumber', 'status', 'customFields'] as const) {
    if (input[key] !== undefined) Object.assign(fields, { [key]: input[key] })
  }
  const tagIds = tagIdsOf(input)
  if (tagIds !== undefined) fields.customerTagIds = unique(tagIds)
  return save(tx, account, fields)
}

/** A3: only an account waiting for approval can be approved or rejected. */
export function decideAccount(tx: Tx, account: AccountRecord, decision: 'approve' | 'reject'): AccountRecord {
  if (account.status !== 'WAITING_APPROVAL')
    throw fail.invalidState(`The account is ${account.status}, not WAITING_APPROVAL.`)
  return save(tx, account, { status: decision === 'approve' ? 'ACTIVE' : 'REJECTED' }, decision)
}

/** A8: users keep an account unless `force`, which detaches them and deletes those left with none. */
export function deleteAccount(tx: Tx, account: AccountRecord, force: boolean) {
  const users = [...tx.db.customerUsers.values()].filter((u) => u.accountIds.includes(account.id))
  if (users.length && !force) {
    throw fail.hasDependents(
      `${users.length} customer user(s) still belong to account ${account.externalId}; detach them or use force=true.`,
    )
  }
  deleteBuyingPoliciesOfAccount(tx, account.id) // B1: first, so the users below leave no policy behind
  for (const user of users) {
    if (user.accountIds.length === 1) {
      deleteCustomerUser(tx, user)
    } else {
      const inAccount = (orgId: string) => tx.db.organisations.get(orgId)?.accountId === account.id
      const next = tx.next(user, {
        accountIds: user.accountIds.filter((id) => id !== account.id),
        organisationIds: user.organisationIds.filter((id) => !inAccount(id)),
        mainOrganisationId:
          user.mainOrganisationId && inAccount(user.mainOrganisationId) ? null : user.mainOrganisationId,
      })
      tx.db.customerUsers.replace(next)
      tx.audit('update', 'customer-user', user.id, user, next)
    }
  }
  // The account's organisation tree goes with it (members were detached or deleted above).
  for (const org of [...tx.db.organisations.values()]) {
    if (org.accountId !== account.id) continue
    tx.db.organisations.remove(org.id)
    tx.audit('delete', 'organisation', org.id, org, null)
  }
  tx.db.customerAccounts.remove(account.id)
  tx.audit('delete', 'customer-account', account.id, account, null)
}

/**
 * A7 (`ADM-ACCOUNT-250`): full replacement by tag externalIds. Atomic: every unknown id is listed and
 * nothing changes. Duplicates count once.
 */
export function replaceAccountTags(tx: Tx, account: AccountRecord, externalIds: readonly string[]): AccountRecord {
  const wanted = unique(externalIds)
  const unknown = wanted.filter((x) => !tx.db.customerTags.findBy('externalId', x))
  if (unknown.length) {
    throw fail.unknownRefs(
      unknown.map((value) => ({
        field: `customerTagExternalIds[${externalIds.indexOf(value)}]`,
        value,
        entity: 'customer tag',
      })),
    )
  }
  const ids = wanted.map((x) => tx.db.customerTags.findBy('externalId', x)!.id)
  return save(tx, account, { customerTagIds: ids }, 'replace-tags')
}

/** Address externalIds are unique across every account (docs/conventions.md §2: unique per entity type). */
function assertAddressExternalIdFree(
  tx: Tx,
  account: AccountRecord,
  externalId: string | undefined,
  addressId?: string,
) {
  if (externalId === undefined) return // U14: generated, free by construction
  const holder = tx.db.customerAccounts.findBy('addressExternalId', externalId)
  const clash =
    holder &&
    (holder.id !== account.id || holder.addresses.some((a) => a.externalId === externalId && a.id !== addressId))
  if (clash) throw fail.taken('externalId', externalId, 'address')
}

/** A4: one default per kind. A new default takes over; the previous default of that kind stops being one. */
function withAddress(account: AccountRecord, address: AddressRecord): AddressRecord[] {
  const others = account.addresses.filter((a) => a.id !== address.id)
  const demoted = address.isDefault
    ? others.map((a) =>
        a.isDefault && ((a.shipping && address.shipping) || (a.billing && address.billing))
          ? { ...a, isDefault: false }
          : a,
      )
    : others
  const existing = account.addresses.findIndex((a) => a.id === address.id)
  if (existing === -1) return [...demoted, address]
  demoted.splice(existing, 0, address)
  return demoted
}

/** `externalId`: the one given, else (U14) the one it had (update), else one generated from the address id. */
const addressRecord = (tx: Tx, id: string, input: AddressInput, externalId?: string): AddressRecord => ({
  id,
  externalId:
    input.externalId ??
    externalId ??
    freeExternalId(id, (v) => !!tx.db.customerAccounts.findBy('addressExternalId', v)),
  label: input.label ?? null,
  fullName: input.fullName,
  address: input.address,
  additionalAddress: input.additionalAddress ?? null,
  city: input.city,
  state: input.state ?? null,
  zipCode: input.zipCode,
  country: input.country,
  phone: input.phone ?? null,
  shipping: input.shipping,
  billing: input.billing,
  isDefault: input.isDefault,
})

export function addAddress(tx: Tx, account: AccountRecord, input: AddressInput) {
  assertAddressExternalIdFree(tx, account, input.externalId)
  const address = addressRecord(tx, tx.db.nextId('adr'), input)
  const next = save(tx, account, { addresses: withAddress(account, address) }, 'add-address')
  return { account: next, address }
}

export function updateAddress(tx: Tx, account: AccountRecord, addressId: string, input: AddressInput) {
  const current = account.addresses.find((a) => a.id === addressId)
  if (!current) throw fail.notFound('address', addressId)
  assertAddressExternalIdFree(tx, account, input.externalId, addressId)
  const address = addressRecord(tx, addressId, input, current.externalId)
  const next = save(tx, account, { addresses: withAddress(account, address) }, 'update-address')
  return { account: next, address }
}

export function deleteAddress(tx: Tx, account: AccountRecord, addressId: string) {
  if (!account.addresses.some((a) => a.id === addressId)) throw fail.notFound('address', addressId)
  return save(tx, account, { addresses: account.addresses.filter((a) => a.id !== addressId) }, 'delete-address')
}

/** A5: at most one legal user per account — setting one replaces the previous. */
export function setLegalUser(tx: Tx, account: AccountRecord, legalUser: LegalUserInput | null) {
  if (!legalUser && !account.legalUser) throw fail.notFound('legal user of account', account.id)
  return save(tx, account, { legalUser }, legalUser ? 'set-legal-user' : 'delete-legal-user')
}

function save(tx: Tx, account: AccountRecord, fields: Partial<AccountRecord>, action = 'update') {
  const next = tx.next(account, fields)
  tx.db.customerAccounts.replace(next)
  tx.audit(action, 'customer-account', account.id, account, next)
  return next
}
