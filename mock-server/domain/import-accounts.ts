/**
 * I11: one customer-account row of an import job, against the data as it is now (earlier rows included). The shared
 * CSV module (spec/csv/accounts.ts) read the row and checked its shape; here come the rules that need data —
 * references by external id (tags, account manager, custom fields), the address externalId across accounts, approval
 * (A3), users still in the account (A8) — and the change itself, through the account domain functions, so an imported
 * account obeys the API's rules, versions and audit log exactly (A1–A8, CF2).
 *
 * Decisions:
 * - Create when the externalId is unknown, update when it is known (A1: the four required fields are rewritten; an
 *   optional column the file lacks keeps its value, an empty cell clears it), delete with Delete = TRUE.
 * - The address (A4): on create it is the account's first address. On update it is matched by its externalId among
 *   the account's addresses: replaced when found (unchanged if identical), added otherwise; the account's other
 *   addresses are kept. A row with no address cell leaves the addresses alone.
 * - Tags: the tag column replaces the account's tags (A7), an empty cell removing them all; no column keeps them.
 * - Status (A3): on update, ACTIVE and INACTIVE move between the two; an account WAITING_APPROVAL or REJECTED keeps
 *   its status (F-E-009 when the row asks for another). On create, approval decides: with `customerAccountApproval`
 *   on, a status fails the row (F-E-009); with it off, INACTIVE creates the account and then deactivates it (two
 *   audited changes, as POST then PUT would make).
 * - Delete never deletes users: an account that still has customer users fails the row (F-E-009), as A8 without
 *   `force`.
 */
import { AccountInput as AccountInputSchema, AddressInput as AddressInputSchema } from '@dj-customers/spec'
import type {
  CustomerAccountColumn,
  CustomerAccountHeaderMapping,
  CustomerAccountRowCheck,
} from '@dj-customers/spec/csv'
import { ProblemError } from '../problem.js'
import type { AccountRecord, ImportIssueRecord, ImportRowStatus } from '../types.js'
import {
  addAddress,
  createAccount,
  deleteAccount,
  updateAccount,
  updateAddress,
  type AccountInput,
  type AddressInput,
} from './accounts.js'
import { customFieldIssues, customFieldValues, dedupe, type RowOutcome } from './import-jobs.js'
import type { Tx } from './tx.js'

/** What the job knows of an account file while it applies rows. */
export interface AccountImportPlan {
  /** The header that holds each field (as written); a field the file has no column for is absent. */
  header: Partial<Record<CustomerAccountColumn, string>>
  /** Custom field externalId → its header. */
  customFieldHeaders: Map<string, string>
}

export function planAccountImport(mapping: CustomerAccountHeaderMapping): AccountImportPlan {
  const header: AccountImportPlan['header'] = {}
  const customFieldHeaders = new Map<string, string>()
  for (const c of mapping.columns) {
    if ('field' in c) header[c.field] = c.header
    else if ('customField' in c) customFieldHeaders.set(c.customField, c.header)
  }
  return { header, customFieldHeaders }
}

const EMPTY: ImportIssueRecord[] = []
const q = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}…` : s)
const list = (xs: readonly string[]) =>
  xs.length > 10 ? `${xs.slice(0, 10).map(q).join(', ')} and ${xs.length - 10} more` : xs.map(q).join(', ')
const plural = (xs: readonly unknown[]) => (xs.length > 1 ? 's' : '')

/**
 * I11 for one row: every error of the row is collected first (the shape check's, then the data's); a row with any
 * error changes nothing (I6). Otherwise the row creates, updates or deletes its account.
 */
export function importCustomerAccountRow(tx: Tx, check: CustomerAccountRowCheck, plan: AccountImportPlan): RowOutcome {
  const { row } = check
  const { db } = tx
  const errors: ImportIssueRecord[] = [...(check.errors as ImportIssueRecord[])]
  const column = (field: CustomerAccountColumn) => plan.header[field] ?? null
  const issue = (field: CustomerAccountColumn, code: ImportIssueRecord['code'], message: string) =>
    errors.push({ code, column: column(field), message })
  const outcome = (status: ImportRowStatus): RowOutcome => ({
    line: row.line,
    externalId: row.externalId,
    status,
    errors: status === 'FAILED' ? dedupe(errors) : EMPTY,
    warnings: check.warnings.length ? (check.warnings as ImportIssueRecord[]) : EMPTY,
  })
  const current = row.externalId ? db.customerAccounts.findBy('externalId', row.externalId) : undefined

  // Delete = TRUE: there must be an account, and no customer user left in it (A8 without force).
  if (row.delete) {
    if (!current && row.externalId)
      issue('externalId', 'F-E-002', `There is no customer account ${q(row.externalId)} to delete.`)
    if (current) {
      let users = 0
      for (const u of db.customerUsers.values()) if (u.accountIds.includes(current.id)) users++
      if (users)
        issue(
          'delete',
          'F-E-009',
          `Customer account ${q(current.externalId)} still has ${users} customer user${users > 1 ? 's' : ''}: the import does not delete accounts with users (A8); detach or delete them first.`,
        )
    }
    if (errors.length) return outcome('FAILED')
    deleteAccount(tx, current!, false)
    return outcome('DELETED')
  }

  // References are external ids in the file; the account stores DJUST ids.
  let managerId: string | null = null
  if (row.accountManagerId) {
    const manager = db.operators.findBy('externalId', row.accountManagerId)
    if (manager) managerId = manager.id
    else issue('accountManagerId', 'F-E-002', `Unknown operator (account manager): ${q(row.accountManagerId)}.`)
  }
  const tagIds: string[] = []
  const unknownTags: string[] = []
  for (const x of row.customerTagIds) {
    const tag = db.customerTags.findBy('externalId', x)
    if (tag) tagIds.push(tag.id)
    else unknownTags.push(x)
  }
  if (unknownTags.length)
    issue('customerTagIds', 'F-E-002', `Unknown customer tag${plural(unknownTags)}: ${list(unknownTags)}.`)

  // A4: address externalIds are unique across the addresses of every account.
  const address = row.address
  if (address?.externalId) {
    const holder = db.customerAccounts.findBy('addressExternalId', address.externalId)
    if (holder && holder.id !== current?.id)
      issue(
        'address.externalId',
        'F-E-003',
        `The address externalId ${q(address.externalId)} is already used by customer account ${q(holder.externalId)}.`,
      )
  }

  // A3: approval decides the status of a new account; only ACTIVE and INACTIVE move into each other.
  if (row.status) {
    if (!current && db.settings.customerAccountApproval)
      issue(
        'status',
        'F-E-009',
        'A new account waits for approval (A3, customerAccountApproval is on): leave the status empty, and approve the account afterwards.',
      )
    else if (current && row.status !== current.status && current.status !== 'ACTIVE' && current.status !== 'INACTIVE')
      issue(
        'status',
        'F-E-009',
        `The account is ${current.status}: approve or reject it first (A3); its status cannot be set to ${row.status} by an import.`,
      )
  }

  // CF2: the file's custom field columns, typed by their definitions, over the values the account has.
  const customFields = customFieldValues(tx.db, row.customFields, plan, current, 'CUSTOMER_ACCOUNT')
  if (customFields) errors.push(...customFieldIssues(tx.db, customFields, plan, 'CUSTOMER_ACCOUNT'))

  // The contract's formats (A1, A4), the last word on what is stored (the shape check mirrors them).
  const has = (f: CustomerAccountColumn) => plan.header[f] !== undefined
  const body = {
    externalId: row.externalId,
    name: row.name,
    companyRegistrationName: row.companyRegistrationName,
    businessRegistrationNumber: row.businessRegistrationNumber,
    ...(has('vatNumber') ? { vatNumber: row.vatNumber } : {}),
    ...(has('website') ? { website: row.website } : {}),
    ...(has('accountManagerId') ? { accountManagerId: managerId } : {}),
    ...(has('customerTagIds') ? { customerTagIds: tagIds } : {}),
    ...(current && row.status ? { status: row.status } : {}),
    ...(customFields ? { customFields } : {}),
  }
  let input: AccountInput | undefined
  let addressInput: AddressInput | undefined
  if (!errors.length) {
    const parsed = AccountInputSchema.safeParse(body)
    if (parsed.success) input = parsed.data
    else for (const i of parsed.error.issues) contractIssue(i.path, i.message)
    if (address) {
      const a = AddressInputSchema.safeParse(address)
      if (a.success) addressInput = a.data
      else for (const i of a.error.issues) contractIssue(['address', ...i.path], i.message)
    }
  }
  function contractIssue(path: PropertyKey[], message: string) {
    const field = path.filter((p) => typeof p === 'string').join('.') as CustomerAccountColumn
    issue(field, 'F-E-004', `${field} ${message}.`)
  }
  if (errors.length || !input) return outcome('FAILED')

  try {
    if (!current) {
      let created = createAccount(tx, { ...input, ...(addressInput ? { address: addressInput } : {}) })
      if (row.status === 'INACTIVE') created = updateAccount(tx, created, { ...input, status: 'INACTIVE' })
      return outcome('CREATED')
    }
    let next = updateAccount(tx, current, input)
    if (addressInput) {
      const same = next.addresses.find((a) => a.externalId === addressInput!.externalId)
      if (!same) next = addAddress(tx, next, addressInput).account
      else if (!sameAddress(same, addressInput)) next = updateAddress(tx, next, same.id, addressInput).account
    }
    return outcome('UPDATED')
  } catch (e) {
    // A rule not checked above (a change made meanwhile…): the row fails alone.
    if (!(e instanceof ProblemError)) throw e
    for (const err of e.errors ?? [{ field: '', code: 'RULE', message: e.message }]) {
      const field = err.field.replace(/\[\d+\]$/, '').replace(/^customerTagList$/, 'customerTagIds')
      const code: ImportIssueRecord['code'] =
        err.code === 'DUPLICATE' ? 'F-E-003' : err.code === 'UNKNOWN_REFERENCE' ? 'F-E-002' : 'F-E-004'
      errors.push({
        code,
        column: plan.header[field as CustomerAccountColumn] ?? null,
        message: field ? `${field} ${err.message}.` : err.message,
      })
    }
    return outcome('FAILED')
  }
}

const ADDRESS_KEYS = [
  'externalId',
  'label',
  'fullName',
  'address',
  'additionalAddress',
  'city',
  'state',
  'zipCode',
  'country',
  'phone',
  'shipping',
  'billing',
  'isDefault',
] as const
function sameAddress(stored: AccountRecord['addresses'][number], input: AddressInput) {
  return ADDRESS_KEYS.every((k) => (stored[k] ?? null) === (input[k] ?? null))
}

// ---- custom fields (CF2, entity CUSTOMER_ACCOUNT) ----------------------------------------------------------------
