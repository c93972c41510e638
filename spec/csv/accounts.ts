/**
 * I11: the customer-account CSV — its columns, header mapping and row shape rules — on the same parser, codes and
 * slicing as the customer-user CSV (I1–I8). Pure TypeScript, no dependencies: the SDK runs it in browsers and
 * workers, the server's import job runs it first, then the rules that need data (domain/import-accounts.ts).
 * A module of its own, so that a page that imports only users never loads it (tree-shaking, I8).
 *
 * Decisions:
 * - One row per account: the account's fields (A1), its first address (A4, one per row), its customer tags (by
 *   external id, `||`-separated, replacing the account's tags like A7), its custom fields (CF2, entity
 *   CUSTOMER_ACCOUNT), and `delete`.
 * - Headers map in the import-page form (`Customer Account External Id`, `Customer Account Address City`…) or the
 *   field-name form (`externalId`, `address.city`…), ignoring case, spaces, `_`, `-` and `.`; the address fields
 *   also map under their contract names alone where that is unambiguous (`city`, `zipCode`, `country`…), and the
 *   tag column under A7's name (`customerTagExternalIds`). Near misses are suggested (F-W-001), never guessed.
 * - Required for rows that create or update: externalId, name, companyRegistrationName, businessRegistrationNumber.
 *   A file without one of them is still read (I10): rows that delete work, the others fail with F-E-001.
 * - The address is optional (all its cells empty); once one of its cells is filled, its required fields are
 *   required (externalId, fullName, address, city, zipCode, country, and shipping or billing TRUE).
 * - `status` is ACTIVE or INACTIVE, any case; `country` any case (stored upper-case).
 * - A row with Delete = TRUE needs only a valid externalId. Duplicates within the file (F-E-003): the account's
 *   externalId on any row, the address externalId on rows that are not deletions; the later row fails.
 */
import type { CsvIssue, CsvIssueCode, HeaderMapping, MappedColumn, ParsedCsv } from './contract.js'
import { CsvReadError, SLICE_RECORDS, pauser, type SliceOptions } from './parse.js'
import { firstOccurrences, readCsvBoolean, splitMultiValue } from './rows.js'
import { mapHeadersOf, suggestField } from './headers.js'
import { readCsv } from './validate.js'
import { COUNTRY_CODES } from '../rules/countries.js'
import { PHONE_PATTERN } from '../rules/customer-user.js'
import { EXTERNAL_ID_PATTERN } from '../rules/formats.js'

/** The columns of I11, in the template's order. */
export const CUSTOMER_ACCOUNT_COLUMNS = [
  'externalId',
  'name',
  'companyRegistrationName',
  'businessRegistrationNumber',
  'vatNumber',
  'website',
  'accountManagerId',
  'status',
  'customerTagIds',
  'address.externalId',
  'address.label',
  'address.fullName',
  'address.address',
  'address.additionalAddress',
  'address.city',
  'address.state',
  'address.zipCode',
  'address.country',
  'address.phone',
  'address.shipping',
  'address.billing',
  'address.isDefault',
  'delete',
] as const
export type CustomerAccountColumn = (typeof CUSTOMER_ACCOUNT_COLUMNS)[number]
export type CustomerAccountHeaderMapping = HeaderMapping<CustomerAccountColumn>
export type CustomerAccountMappedColumn = MappedColumn<CustomerAccountColumn>

/** The import-page form of each header (I11), as the template writes them. */
export const CUSTOMER_ACCOUNT_IMPORT_HEADERS: Record<CustomerAccountColumn, string> = {
  externalId: 'Customer Account External Id',
  name: 'Customer Account Name',
  companyRegistrationName: 'Customer Account Company Registration Name',
  businessRegistrationNumber: 'Customer Account Business Registration Number',
  vatNumber: 'Customer Account Vat Number',
  website: 'Customer Account Website',
  accountManagerId: 'Customer Account Account Manager Id',
  status: 'Customer Account Status',
  customerTagIds: 'Customer Account Customer Tag Ids',
  'address.externalId': 'Customer Account Address External Id',
  'address.label': 'Customer Account Address Label',
  'address.fullName': 'Customer Account Address Full Name',
  'address.address': 'Customer Account Address',
  'address.additionalAddress': 'Customer Account Address Additional Address',
  'address.city': 'Customer Account Address City',
  'address.state': 'Customer Account Address State',
  'address.zipCode': 'Customer Account Address Zip Code',
  'address.country': 'Customer Account Address Country',
  'address.phone': 'Customer Account Address Phone',
  'address.shipping': 'Customer Account Address Shipping',
  'address.billing': 'Customer Account Address Billing',
  'address.isDefault': 'Customer Account Address Is Default',
  delete: 'Customer Account Delete',
}

/** I11 (as I3): the columns every row that creates or updates an account needs. */
export const REQUIRED_CUSTOMER_ACCOUNT_COLUMNS: readonly CustomerAccountColumn[] = [
  'externalId',
  'name',
  'companyRegistrationName',
  'businessRegistrationNumber',
]

/** The address fields of a row (A4), as read: text trimmed (`null` when empty), booleans read (empty = FALSE). */
export interface CustomerAccountCsvAddress {
  externalId: string | null
  label: string | null
  fullName: string | null
  address: string | null
  additionalAddress: string | null
  city: string | null
  state: string | null
  zipCode: string | null
  country: string | null
  phone: string | null
  shipping: boolean
  billing: boolean
  isDefault: boolean
}

/** A row read through the mapping: cells trimmed, `||` split, booleans read; references as written (external ids). */
export interface CustomerAccountCsvRow {
  line: number
  externalId: string
  name: string | null
  companyRegistrationName: string | null
  businessRegistrationNumber: string | null
  vatNumber: string | null
  website: string | null
  /** The account manager's operator externalId. */
  accountManagerId: string | null
  status: 'ACTIVE' | 'INACTIVE' | null
  /** Customer tag externalIds. */
  customerTagIds: string[]
  /** `null` when every address cell is empty (or the file has no address column). */
  address: CustomerAccountCsvAddress | null
  delete: boolean
  /** By custom field externalId, raw cell text. */
  customFields: Record<string, string>
}

export interface CustomerAccountRowCheck {
  row: CustomerAccountCsvRow
  errors: CsvIssue[]
  warnings: CsvIssue[]
}

export interface CustomerAccountRowsCheck {
  rows: CustomerAccountRowCheck[]
  warnings: CsvIssue[]
}

export interface CustomerAccountCsvOptions {
  /** Force the delimiter instead of detecting it (ignored when the input is already a {@link ParsedCsv}). */
  delimiter?: ',' | ';'
  /** Headers mapped by hand: a field, `customField.<externalId>`, or `null` to ignore the column. */
  headerOverrides?: Record<string, CustomerAccountColumn | `customField.${string}` | null>
}

export interface CustomerAccountCsvCheck {
  parsed: ParsedCsv
  mapping: CustomerAccountHeaderMapping
  rows: CustomerAccountRowCheck[]
  warnings: CsvIssue[]
  counts: { rows: number; valid: number; failed: number }
}

// ---- headers -------------------------------------------------------------------------------------------------

/** Header text as compared: lower case, without spaces, `_`, `-` or `.`. */
const normalise = (header: string) => header.toLowerCase().replace(/[\s_.-]+/g, '')
const PREFIX = 'customeraccount'

const BY_NAME = new Map<string, CustomerAccountColumn>([
  ...CUSTOMER_ACCOUNT_COLUMNS.map((f): [string, CustomerAccountColumn] => [normalise(f), f]),
  // The address fields under their contract names alone, where unambiguous; the street under its plain name.
  ['address', 'address.address'],
  ['addressline', 'address.address'],
  ['label', 'address.label'],
  ['fullname', 'address.fullName'],
  ['additionaladdress', 'address.additionalAddress'],
  ['city', 'address.city'],
  ['state', 'address.state'],
  ['zipcode', 'address.zipCode'],
  ['country', 'address.country'],
  ['shipping', 'address.shipping'],
  ['billing', 'address.billing'],
  ['isdefault', 'address.isDefault'],
  // A7's name for the tags.
  ['customertagexternalids', 'customerTagIds'],
])

/** Near misses that deserve a suggestion rather than a guess (normalised, `Customer Account` prefix removed). */
const ALIASES: Record<string, CustomerAccountColumn> = {
  id: 'externalId',
  accountid: 'externalId',
  accountexternalid: 'externalId',
  reference: 'externalId',
  accountname: 'name',
  company: 'name',
  companyname: 'name',
  registrationname: 'companyRegistrationName',
  legalname: 'companyRegistrationName',
  raisonsociale: 'companyRegistrationName',
  registrationnumber: 'businessRegistrationNumber',
  businessnumber: 'businessRegistrationNumber',
  companynumber: 'businessRegistrationNumber',
  siret: 'businessRegistrationNumber',
  siren: 'businessRegistrationNumber',
  vat: 'vatNumber',
  vatid: 'vatNumber',
  tva: 'vatNumber',
  taxid: 'vatNumber',
  url: 'website',
  site: 'website',
  web: 'website',
  homepage: 'website',
  manager: 'accountManagerId',
  accountmanager: 'accountManagerId',
  salesrep: 'accountManagerId',
  active: 'status',
  inactive: 'status',
  tags: 'customerTagIds',
  tag: 'customerTagIds',
  customertags: 'customerTagIds',
  customertaglist: 'customerTagIds',
  taglist: 'customerTagIds',
  street: 'address.address',
  line1: 'address.address',
  addressline1: 'address.address',
  addressline2: 'address.additionalAddress',
  zip: 'address.zipCode',
  postcode: 'address.zipCode',
  postalcode: 'address.zipCode',
  town: 'address.city',
  phone: 'address.phone',
  telephone: 'address.phone',
  deleted: 'delete',
  remove: 'delete',
}

/** The account field a header names exactly (either form), or null. */
export function customerAccountHeaderField(header: string): CustomerAccountColumn | null {
  if (header.length > 300) return null
  const n = normalise(header)
  return BY_NAME.get(n) ?? (n.startsWith(PREFIX) ? (BY_NAME.get(n.slice(PREFIX.length)) ?? null) : null)
}

const CUSTOM_FIELD = /^(?:customer[\s_-]*account[\s_-]*custom[\s_-]*field[\s_:.-]|custom[\s_-]*fields?\s*\.)/i

/** The custom-field externalId a header names (`Customer Account Custom Field X`, `customField.X`), `''` for none, or null. */
export function customFieldOfAccountHeader(header: string): string | null {
  const m = CUSTOM_FIELD.exec(header)
  if (!m) return /^customer[\s_-]*account[\s_-]*custom[\s_-]*field$/i.test(header) ? '' : null
  const rest = header.slice(m[0].length)
  return /[\n\r\u2028\u2029]/.test(rest) ? null : rest.trim()
}

/** The field a near-miss header probably means, or null (I1's suggestion, for accounts). */
export const suggestCustomerAccountField = (header: string): CustomerAccountColumn | null =>
  suggestField(header, PREFIX, ALIASES, BY_NAME)

const KNOWN = new Set<string>(CUSTOMER_ACCOUNT_COLUMNS)

/**
 * I11: maps each header to an account field, a custom field, or an unknown (ignored, F-W-001) column. A second
 * column for a field already mapped is not used (F-W-001), and a row where the two differ fails (F-E-003).
 *
 * @example
 * ```ts
 * mapCustomerAccountHeaders(['Customer Account External Id', 'city', 'Zip']).columns
 * // [{ field: 'externalId' }, { field: 'address.city' }, { unknown: true, suggestion: 'address.zipCode' }]
 * ```
 */
export function mapCustomerAccountHeaders(
  headers: readonly string[],
  overrides: CustomerAccountCsvOptions['headerOverrides'] = {},
): CustomerAccountHeaderMapping {
  return mapHeadersOf(headers, overrides, {
    entity: 'Customer Account',
    fieldNamed: (name) => (KNOWN.has(name) ? (name as CustomerAccountColumn) : null),
    fieldOf: customerAccountHeaderField,
    customFieldOf: customFieldOfAccountHeader,
    suggest: suggestCustomerAccountField,
    importHeader: (field) => CUSTOMER_ACCOUNT_IMPORT_HEADERS[field],
    required: REQUIRED_CUSTOMER_ACCOUNT_COLUMNS,
  })
}

// ---- rows ------------------------------------------------------------------------------------------------------

const ID_RULE = '1–255 letters, digits or _ . : - (no accents, no spaces)'
const show = (value: string) => `"${value.length > 80 ? `${value.slice(0, 77)}…` : value}"`
const list = (values: string[]) =>
  values.length > 10
    ? `${values.slice(0, 10).map(show).join(', ')} and ${values.length - 10} more`
    : values.map(show).join(', ')
/** An http(s) URL without spaces (the contract's `website`; the server checks it again with the contract). */
const WEBSITE = /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i
/** The contract's limits (A1, A4). */
const LIMITS: Partial<Record<CustomerAccountColumn, number>> = {
  name: 255,
  companyRegistrationName: 255,
  businessRegistrationNumber: 64,
  vatNumber: 32,
  website: 2048,
  'address.label': 255,
  'address.fullName': 255,
  'address.address': 255,
  'address.additionalAddress': 255,
  'address.city': 255,
  'address.state': 255,
  'address.zipCode': 20,
}
const ADDRESS_TEXT = [
  'address.externalId',
  'address.label',
  'address.fullName',
  'address.address',
  'address.additionalAddress',
  'address.city',
  'address.state',
  'address.zipCode',
  'address.country',
  'address.phone',
] as const
const ADDRESS_REQUIRED = [
  'address.externalId',
  'address.fullName',
  'address.address',
  'address.city',
  'address.zipCode',
  'address.country',
] as const
const ADDRESS_FLAGS = ['address.shipping', 'address.billing', 'address.isDefault'] as const

interface Run {
  parsed: ParsedCsv
  headers: string[]
  at: Map<CustomerAccountColumn, number>
  custom: [index: number, id: string][]
  repeats: [index: number, first: number, field: string][]
  rows: CustomerAccountRowCheck[]
  ids: (string | null)[]
  addressIds: (string | null)[]
  next: number
  warnings: CsvIssue[]
}

function startRun(parsed: ParsedCsv, mapping: CustomerAccountHeaderMapping): Run {
  const { headers, records } = parsed
  if (mapping.columns.length !== headers.length)
    throw new TypeError(
      `The mapping has ${mapping.columns.length} columns but the file has ${headers.length}: map the file's own headers.`,
    )
  const at = new Map<CustomerAccountColumn, number>()
  const customAt = new Map<string, number>()
  const custom: Run['custom'] = []
  mapping.columns.forEach((c, i) => {
    if ('field' in c) at.set(c.field, i)
    else if ('customField' in c) {
      custom.push([i, c.customField])
      customAt.set(c.customField, i)
    }
  })
  // Columns that repeat a field or a custom field read from an earlier column (see mapCustomerAccountHeaders).
  const repeats: Run['repeats'] = []
  mapping.columns.forEach((c, i) => {
    if (!('unknown' in c)) return
    if (c.suggestion !== null && customerAccountHeaderField(c.header) === c.suggestion) {
      const first = at.get(c.suggestion)
      if (first !== undefined) repeats.push([i, first, c.suggestion])
    } else if (c.suggestion === null) {
      const id = customFieldOfAccountHeader(c.header)
      const first = id ? customAt.get(id) : undefined
      if (first !== undefined) repeats.push([i, first, `custom field ${id}`])
    }
  })
  return {
    parsed,
    headers,
    at,
    custom,
    repeats,
    rows: new Array(records.length),
    ids: new Array(records.length).fill(null),
    addressIds: new Array(records.length).fill(null),
    next: 0,
    warnings: [...mapping.warnings],
  }
}

function checkUpTo(run: Run, end: number) {
  const { records, lines } = run.parsed
  for (let r = run.next; r < end; r++) run.rows[r] = checkRecord(run, records[r], lines[r], r)
  run.next = end
}

function finish(run: Run): CustomerAccountRowsCheck {
  const { rows, ids, addressIds } = run
  const { lines } = run.parsed
  const sameId = firstOccurrences(ids, false)
  const sameAddress = firstOccurrences(addressIds, false)
  for (let r = 0; r < rows.length; r++) {
    if (sameId[r] >= 0)
      issue(
        run,
        rows[r].errors,
        'F-E-003',
        'externalId',
        `externalId ${show(ids[r]!)} is already on line ${lines[sameId[r]]}.`,
      )
    if (sameAddress[r] >= 0)
      issue(
        run,
        rows[r].errors,
        'F-E-003',
        'address.externalId',
        `The address externalId ${show(addressIds[r]!)} is already on line ${lines[sameAddress[r]]} (address externalIds are unique across accounts).`,
      )
  }
  return { rows, warnings: run.warnings }
}

function issue(run: Run, errors: CsvIssue[], code: CsvIssueCode, field: CustomerAccountColumn | null, message: string) {
  const i = field === null ? undefined : run.at.get(field)
  errors.push({ code, column: i === undefined ? null : run.headers[i], message })
}

function checkRecord(run: Run, record: string[], line: number, r: number): CustomerAccountRowCheck {
  const { at, headers } = run
  const errors: CsvIssue[] = []
  const text = (field: CustomerAccountColumn) => {
    const i = at.get(field)
    if (i === undefined) return null
    const v = record[i].trim()
    return v === '' ? null : v
  }
  const bool = (field: CustomerAccountColumn) => {
    const i = at.get(field)
    if (i === undefined) return false
    const b = readCsvBoolean(record[i])
    if (b === null)
      issue(run, errors, 'F-E-008', field, `${show(record[i].trim())} is not TRUE or FALSE (empty means FALSE).`)
    return b === true
  }
  const required = (field: CustomerAccountColumn, value: unknown, what = field) => {
    if (value !== null) return true
    issue(
      run,
      errors,
      'F-E-001',
      field,
      at.has(field)
        ? `${what} is required.`
        : `${what} is required, and the file has no "${CUSTOMER_ACCOUNT_IMPORT_HEADERS[field]}" (or "${field}") column.`,
    )
    return false
  }
  const limited = (field: CustomerAccountColumn, value: string | null) => {
    const max = LIMITS[field]
    if (value !== null && max !== undefined && value.length > max)
      issue(run, errors, 'F-E-004', field, `${field} must be at most ${max} characters (it has ${value.length}).`)
  }
  const externalIdOf = (field: CustomerAccountColumn, value: string | null) => {
    if (value !== null && !EXTERNAL_ID_PATTERN.test(value))
      issue(run, errors, 'F-E-004', field, `${show(value)} is not a valid external id: ${ID_RULE}.`)
  }

  const externalId = text('externalId') ?? ''
  const remove = bool('delete')
  const tagsAt = at.get('customerTagIds')
  const row: CustomerAccountCsvRow = {
    line,
    externalId,
    name: text('name'),
    companyRegistrationName: text('companyRegistrationName'),
    businessRegistrationNumber: text('businessRegistrationNumber'),
    vatNumber: text('vatNumber'),
    website: text('website'),
    accountManagerId: text('accountManagerId'),
    status: null,
    customerTagIds: tagsAt === undefined ? [] : splitMultiValue(record[tagsAt]),
    address: null,
    delete: remove,
    customFields: {},
  }
  for (const [i, id] of run.custom) {
    const v = record[i].trim()
    if (v !== '') row.customFields[id] = v
  }
  if (record.length > headers.length)
    issue(
      run,
      errors,
      'F-E-004',
      null,
      `This row has ${record.length} values but the header has ${headers.length} columns: a value probably holds a "${run.parsed.delimiter}" without quotes around it.`,
    )
  if (required('externalId', externalId === '' ? null : externalId)) {
    externalIdOf('externalId', externalId)
    run.ids[r] = externalId
  }

  if (!remove) {
    for (const field of ['name', 'companyRegistrationName', 'businessRegistrationNumber'] as const)
      if (required(field, row[field])) limited(field, row[field])
    limited('vatNumber', row.vatNumber)
    if (row.website !== null) {
      if (!WEBSITE.test(row.website))
        issue(
          run,
          errors,
          'F-E-004',
          'website',
          `${show(row.website)} is not a website address: write http:// or https:// and the address.`,
        )
      else limited('website', row.website)
    }
    externalIdOf('accountManagerId', row.accountManagerId)
    const status = text('status')
    if (status !== null) {
      const upper = status.toUpperCase()
      if (upper === 'ACTIVE' || upper === 'INACTIVE') row.status = upper
      else issue(run, errors, 'F-E-008', 'status', `${show(status)} is not a status: use ACTIVE or INACTIVE.`)
    }
    const badTags = row.customerTagIds.filter((t) => !EXTERNAL_ID_PATTERN.test(t))
    if (badTags.length)
      issue(
        run,
        errors,
        'F-E-004',
        'customerTagIds',
        `${list(badTags)} ${badTags.length > 1 ? 'are not valid external ids' : 'is not a valid external id'} in customerTagIds: ${ID_RULE}.`,
      )

    // A4: one address per row, optional; once a cell of it is filled, its required fields are required.
    const filled =
      ADDRESS_TEXT.some((f) => text(f) !== null) ||
      ADDRESS_FLAGS.some((f) => {
        const i = at.get(f)
        return i !== undefined && record[i].trim() !== ''
      })
    if (filled) {
      const a: CustomerAccountCsvAddress = {
        externalId: text('address.externalId'),
        label: text('address.label'),
        fullName: text('address.fullName'),
        address: text('address.address'),
        additionalAddress: text('address.additionalAddress'),
        city: text('address.city'),
        state: text('address.state'),
        zipCode: text('address.zipCode'),
        country: text('address.country'),
        phone: text('address.phone'),
        shipping: bool('address.shipping'),
        billing: bool('address.billing'),
        isDefault: bool('address.isDefault'),
      }
      row.address = a
      const value = (f: CustomerAccountColumn) => a[f.slice(8) as keyof CustomerAccountCsvAddress] as string | null
      for (const f of ADDRESS_REQUIRED) if (required(f, value(f))) limited(f, value(f))
      for (const f of ['address.label', 'address.additionalAddress', 'address.state'] as const) limited(f, value(f))
      externalIdOf('address.externalId', a.externalId)
      if (a.externalId !== null) run.addressIds[r] = a.externalId
      if (a.country !== null) {
        const upper = a.country.toUpperCase()
        if (COUNTRY_CODES.has(upper)) a.country = upper
        else
          issue(
            run,
            errors,
            'F-E-008',
            'address.country',
            `${show(a.country)} is not an ISO 3166-1 alpha-2 country code such as FR.`,
          )
      }
      if (a.phone !== null && !PHONE_PATTERN.test(a.phone))
        issue(
          run,
          errors,
          'F-E-004',
          'address.phone',
          `${show(a.phone)} is not a valid phone number: digits, with optional +, spaces, dots, dashes and brackets (4–30 characters).`,
        )
      if (!a.shipping && !a.billing)
        issue(
          run,
          errors,
          'F-E-001',
          at.has('address.shipping') || !at.has('address.billing') ? 'address.shipping' : 'address.billing',
          'An address is for shipping, billing or both: set "address.shipping" or "address.billing" to TRUE.',
        )
    }
  }

  for (const [i, first, field] of run.repeats) {
    if (remove && field !== 'externalId') continue
    const v = record[i].trim()
    const w = record[first].trim()
    if (v !== '' && v !== w)
      errors.push({
        code: 'F-E-003',
        column: headers[i],
        message: `${show(v)} differs from ${w === '' ? 'the empty value' : show(w)} in "${headers[first]}": the file gives ${field} twice.`,
      })
  }
  return { row, errors, warnings: [] }
}

/**
 * I11: reads and checks every record of `parsed` through `mapping` (made from `parsed.headers`). Never throws on data:
 * every problem is an issue on its row, and every row gets all of its issues (I6).
 */
export function checkCustomerAccountRows(
  parsed: ParsedCsv,
  mapping: CustomerAccountHeaderMapping,
): CustomerAccountRowsCheck {
  const run = startRun(parsed, mapping)
  checkUpTo(run, parsed.records.length)
  return finish(run)
}

/** R4: {@link checkCustomerAccountRows} in slices of about `sliceMs`, awaiting `pause()` in between. */
export async function checkCustomerAccountRowsSliced(
  parsed: ParsedCsv,
  mapping: CustomerAccountHeaderMapping,
  slices: SliceOptions = {},
): Promise<CustomerAccountRowsCheck> {
  const breathe = pauser(slices)
  const run = startRun(parsed, mapping)
  const n = parsed.records.length
  for (let r = 0; r < n; ) {
    r = Math.min(n, r + SLICE_RECORDS)
    checkUpTo(run, r)
    if (r < n) await breathe()
  }
  return finish(run)
}

/** I7 "no recognisable header": throws `NO_HEADER` when not one column is an account field or custom field. */
export function assertCustomerAccountHeader(parsed: ParsedCsv, mapping: CustomerAccountHeaderMapping): void {
  if (mapping.columns.some((c) => !('unknown' in c))) return
  const first = parsed.headers
    .slice(0, 4)
    .map((h) => `"${h.length > 80 ? `${h.slice(0, 77)}…` : h}"`)
    .join(', ')
  const d = parsed.delimiter
  throw new CsvReadError(
    'NO_HEADER',
    `The first line (${first}${parsed.headers.length > 4 ? ', …' : ''}) names no customer-account column: the file needs a header line such as "Customer Account External Id${d}Customer Account Name${d}…" or "externalId${d}name${d}…".`,
    1,
  )
}

const counted = (
  parsed: ParsedCsv,
  mapping: CustomerAccountHeaderMapping,
  { rows, warnings }: CustomerAccountRowsCheck,
): CustomerAccountCsvCheck => {
  let failed = 0
  for (const r of rows) if (r.errors.length) failed++
  return { parsed, mapping, rows, warnings, counts: { rows: rows.length, valid: rows.length - failed, failed } }
}

/**
 * I11: reads a customer-account CSV and checks every row against the rules that need no server data.
 * @throws {CsvReadError} when the file cannot be read as a customer-account CSV at all.
 */
export function checkCustomerAccountCsv(
  input: string | Uint8Array | ParsedCsv,
  options: CustomerAccountCsvOptions = {},
): CustomerAccountCsvCheck {
  const parsed =
    typeof input === 'string' || ArrayBuffer.isView(input)
      ? readCsv(input as string | Uint8Array, options)
      : (input as ParsedCsv)
  const mapping = mapCustomerAccountHeaders(parsed.headers, options.headerOverrides)
  assertCustomerAccountHeader(parsed, mapping)
  return counted(parsed, mapping, checkCustomerAccountRows(parsed, mapping))
}

/** R4: {@link checkCustomerAccountCsv} on an already parsed file, the row check in slices. */
export async function checkCustomerAccountCsvSliced(
  parsed: ParsedCsv,
  options: CustomerAccountCsvOptions = {},
  slices: SliceOptions = {},
): Promise<CustomerAccountCsvCheck> {
  const mapping = mapCustomerAccountHeaders(parsed.headers, options.headerOverrides)
  assertCustomerAccountHeader(parsed, mapping)
  return counted(parsed, mapping, await checkCustomerAccountRowsSliced(parsed, mapping, slices))
}
