/**
 * I1: which customer-user field each header of the file holds.
 *
 * Decisions:
 * - Both forms map: the import-page form (`Customer User First Name`) and the field-name form (`firstName`),
 *   compared after removing case, spaces, `_` and `-` (so `First name`, `first_name`, `E-mail` and
 *   `CUSTOMER_USER_EMAIL` map too). The `Customer User` prefix is optional in front of any field name.
 * - Nothing else maps by itself: near misses (`Mail`, `Account Id`, `Organization Ids`, `Telephone`…) are
 *   unknown columns, ignored with an F-W-001 warning that suggests the field (alias table, then an edit
 *   distance of at most 2). A UI can map them with `overrides`.
 * - The password column also maps under its other names (R5): `pwd`, `pass`, `passwd`, `Mot de passe`,
 *   `Passwort`, `Kennwort`, `contraseña`, `senha`… in either form (`Customer User Pwd` too). Any column whose
 *   name looks like a secret ({@link isSecretHeader}) is never stored with a job, shown in a report or quoted.
 * - Custom fields: `Customer User Custom Field <externalId>` or `customField.<externalId>`, the externalId
 *   kept as written (it must match EXTERNAL_ID_PATTERN, else the column is unknown).
 * - A second column for a field already mapped (say `email` and `Customer User Email`) is not used: the
 *   first one wins, the second is reported as unknown with an F-W-001 warning naming the first (its
 *   `suggestion` is the field), and the row check fails a row (F-E-003) where the two hold different values,
 *   so that no value is dropped silently.
 * - The two columns the CSV report adds (`status`, `errors`, I7) are ignored without a warning (`report: true`),
 *   so that a report whose failed rows were fixed imports again as it is.
 */
import type { CsvIssue, CustomerUserColumn, HeaderMapping, MappedColumn } from './contract.js'
import { CUSTOMER_USER_COLUMNS } from './contract.js'
import { EXTERNAL_ID_PATTERN } from '../rules/formats.js'

/** The import-page form of each header (I1), as the template writes them. */
export const CUSTOMER_USER_IMPORT_HEADERS: Record<CustomerUserColumn, string> = {
  externalId: 'Customer User External Id',
  civility: 'Customer User Civility',
  firstName: 'Customer User First Name',
  lastName: 'Customer User Last Name',
  email: 'Customer User Email',
  phone: 'Customer User Phone',
  groups: 'Customer User Groups',
  accountIds: 'Customer User Account Ids',
  organisationIds: 'Customer User Organisation Ids',
  mainOrganisationId: 'Customer User Main Organisation Id',
  password: 'Customer User Password',
  inactive: 'Customer User Inactive',
  active: 'Customer User Active',
  delete: 'Customer User Delete',
  storeIds: 'Customer User Store Ids',
}

/**
 * I3: the columns every row that creates or updates needs (the seed marks them required for creation and for update).
 * I10: a row that only deletes needs `externalId` alone, so a file may lack the others: the rows that need them fail.
 */
export const REQUIRED_CUSTOMER_USER_COLUMNS: readonly CustomerUserColumn[] = [
  'externalId',
  'civility',
  'firstName',
  'lastName',
  'email',
  'phone',
  'groups',
  'accountIds',
]

/**
 * A header mapped by hand (keyed by the header as written, trimmed): a field, a custom field
 * (`customField.<externalId>`), or `null` to ignore the column without a warning.
 */
export type HeaderOverride = CustomerUserColumn | `customField.${string}` | null
export type HeaderOverrides = Record<string, HeaderOverride>

const normalise = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '')

const BY_NAME = new Map<string, CustomerUserColumn>(CUSTOMER_USER_COLUMNS.map((f) => [f.toLowerCase(), f]))

/** Near misses that deserve a suggestion rather than a guess (normalised, `Customer User` prefix removed). */
const ALIASES: Record<string, CustomerUserColumn> = {
  id: 'externalId',
  externalid: 'externalId',
  externalreference: 'externalId',
  reference: 'externalId',
  userid: 'externalId',
  externalids: 'externalId',
  title: 'civility',
  salutation: 'civility',
  civilite: 'civility',
  givenname: 'firstName',
  forename: 'firstName',
  prenom: 'firstName',
  first: 'firstName',
  surname: 'lastName',
  familyname: 'lastName',
  nom: 'lastName',
  last: 'lastName',
  mail: 'email',
  emailaddress: 'email',
  login: 'email',
  courriel: 'email',
  emails: 'email',
  telephone: 'phone',
  tel: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  mobilephone: 'phone',
  group: 'groups',
  role: 'groups',
  roles: 'groups',
  permissions: 'groups',
  account: 'accountIds',
  accounts: 'accountIds',
  accountid: 'accountIds',
  accountexternalids: 'accountIds',
  accountexternalid: 'accountIds',
  organisation: 'organisationIds',
  organisations: 'organisationIds',
  organisationid: 'organisationIds',
  organization: 'organisationIds',
  organizations: 'organisationIds',
  organizationid: 'organisationIds',
  organizationids: 'organisationIds',
  orgids: 'organisationIds',
  mainorganisation: 'mainOrganisationId',
  mainorganization: 'mainOrganisationId',
  mainorganizationid: 'mainOrganisationId',
  mainorgid: 'mainOrganisationId',
  disabled: 'inactive',
  deactivated: 'inactive',
  enabled: 'active',
  activated: 'active',
  status: 'active',
  deleted: 'delete',
  remove: 'delete',
  todelete: 'delete',
  store: 'storeIds',
  stores: 'storeIds',
  storeid: 'storeIds',
  storeexternalids: 'storeIds',
}

/**
 * R5: other names of the password column, mapped to `password` (never left as an unknown column whose values
 * would be kept and shown). Normalised as headers are (lower case, no spaces, `_` or `-`), accents removed.
 */
const PASSWORD_ALIASES = new Set([
  'pwd',
  'pass',
  'passwd',
  'passwort', // de
  'kennwort', // de
  'motdepasse', // fr
  'mdp', // fr
  'contrasena', // es
  'senha', // pt
  'wachtwoord', // nl
  'haslo', // pl
  'salasana', // fi
  'passord', // no
  'losenord', // sv
  'adgangskode', // da
  'jelszo', // hu
  'heslo', // cs
  'sifre', // tr
  'passcode',
  'passphrase',
])

const withoutAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '')

/** I7: the columns the CSV report adds after the file's own (`status`, `errors`), as {@link normalise} gives them. */
export const REPORT_COLUMNS: ReadonlySet<string> = new Set(['status', 'errors'])

/** The field a header names exactly (either I1 form, or a name of the password column), or null. */
export function customerUserHeaderField(header: string): CustomerUserColumn | null {
  let n = normalise(header)
  const field = BY_NAME.get(n)
  if (field) return field
  if (n.startsWith('customeruser')) {
    n = n.slice(12)
    const short = BY_NAME.get(n)
    if (short) return short
  }
  if (n.length > 16) return null
  return PASSWORD_ALIASES.has(n) || PASSWORD_ALIASES.has(withoutAccents(n).replace(/[^a-z]/g, '')) ? 'password' : null
}

/** Words that make a column a secret wherever they appear in its name (accents and separators removed). */
const SECRET_PARTS =
  /password|passwd|passwort|kennwort|motdepasse|contrasena|wachtwoord|salasana|secret|token|apikey|credential|privatekey|passcode|passphrase/
/** Words that make a column a secret when they are a whole word of its name (`Pass`, `user_pwd`, `API Key`). */
const SECRET_WORDS = new Set([
  'pass',
  'pwd',
  'mdp',
  'senha',
  'haslo',
  'passord',
  'losenord',
  'jelszo',
  'heslo',
  'sifre',
  'pin',
])

/**
 * R5: a column whose name looks like it holds a secret — the password column under any of its names, and any
 * column named like a password, secret, token or key in the usual languages (`Mot de passe`, `Passwort`,
 * `contraseña`, `api_token`, `Secret answer`…). Such a column's cells are never stored with a job, shown in a
 * report, or quoted in a message.
 */
export function isSecretHeader(header: string): boolean {
  if (customerUserHeaderField(header) === 'password') return true
  const plain = withoutAccents(header.length > 200 ? header.slice(0, 200) : header)
  if (SECRET_PARTS.test(plain.toLowerCase().replace(/[^a-z0-9]/g, ''))) return true
  // Words: split on anything that is not a letter or digit, and between a lower-case letter and an upper-case one.
  const words = plain
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
  return words.some((w) => SECRET_WORDS.has(w))
}

const CUSTOM_FIELD_PAGE = /^customer[\s_-]*user[\s_-]*custom[\s_-]*field/i
const CUSTOM_FIELD_NAME = /^custom[\s_-]*fields?\s*\./i
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/
const SEPARATOR = /[\s_:-]/

/**
 * The custom-field externalId a header names (`Customer User Custom Field X`, `customField.X`), `''` for the prefix
 * alone, or null. R4: the prefixes are matched by regular expressions that never backtrack over what follows
 * them; the rest is read in one pass (a long run of spaces used to make the engine retry from every space).
 */
export function customFieldOfHeader(header: string): string | null {
  const page = CUSTOM_FIELD_PAGE.exec(header)
  if (page) {
    // `field`, then nothing; or `.` and the id; or separators (spaces, _ : -) and the id.
    let at = page[0].length
    if (at === header.length) return ''
    if (header[at] === '.') at++
    else {
      const from = at
      while (at < header.length && SEPARATOR.test(header[at])) at++
      if (at === from) return customFieldByName(header)
    }
    const rest = header.slice(at)
    return LINE_TERMINATOR.test(rest) ? customFieldByName(header) : rest.trim()
  }
  return customFieldByName(header)
}

/** `customField.X` (`custom field . X`, `customFields.X`…): X trimmed, or null. */
function customFieldByName(header: string): string | null {
  const m = CUSTOM_FIELD_NAME.exec(header)
  if (!m) return null
  let at = m[0].length
  while (at < header.length && /\s/.test(header[at])) at++
  const rest = header.slice(at)
  return LINE_TERMINATOR.test(rest) ? null : rest.trim()
}

/**
 * The field a near-miss header probably means, or null: the header without its `prefix` (`customeruser`,
 * `customeraccount`), looked up in `aliases`, then the field names within an edit distance of 1 (names of 5
 * characters or fewer) or 2. Shared by the user and the account import (I1, I11).
 */
export function suggestField<F extends string>(
  header: string,
  prefix: string,
  aliases: Readonly<Record<string, F>>,
  byName: ReadonlyMap<string, F>,
): F | null {
  let n = normalise(header).replace(/[^\p{L}\p{N}]/gu, '')
  if (n.startsWith(prefix)) n = n.slice(prefix.length)
  // R4: no field name is that long; a megabyte header costs nothing more.
  if (!n || n.length > 60) return null
  const alias = aliases[n] ?? aliases[n.normalize('NFD').replace(/\p{M}/gu, '')]
  if (alias) return alias
  let best: F | null = null
  let bestDistance = Infinity
  for (const [name, field] of byName) {
    const limit = name.length <= 5 ? 1 : 2
    const d = editDistance(n, name, limit)
    if (d <= limit && d < bestDistance) {
      best = field
      bestDistance = d
    }
  }
  return best
}

/** The field a near-miss header probably means, or null. */
export const suggestCustomerUserField = (header: string): CustomerUserColumn | null =>
  suggestField(header, 'customeruser', ALIASES, BY_NAME)

/** Edit distance (Levenshtein plus adjacent transpositions), giving up (returning limit + 1) past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1)
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > limit) return limit + 1
    before = prev
    prev = cur
  }
  return prev[b.length]
}

/** A header in a message: quoted, and cut at 80 characters (a header cell may be megabytes long). */
export const quoteHeader = (header: string) =>
  header === '' ? '(no name)' : `"${header.length > 80 ? `${header.slice(0, 77)}…` : header}"`

/**
 * Maps each header to a customer-user field, a custom field, or an unknown (ignored) column.
 *
 * @param headers The file's header cells, in file order ({@link ParsedCsv.headers}).
 * @param overrides Headers mapped by hand; they win over the automatic mapping.
 * @example
 * ```ts
 * const mapping = mapCustomerUserHeaders(['Customer User External Id', 'E-mail', 'Mail'])
 * mapping.columns[1] // { header: 'E-mail', field: 'email' }
 * mapping.warnings[0].message // 'Unknown column "Mail" (column 3): ignored. Did you mean "email"?'
 * ```
 */
export function mapCustomerUserHeaders(headers: readonly string[], overrides: HeaderOverrides = {}): HeaderMapping {
  return mapHeadersOf(headers, overrides, {
    entity: 'Customer User',
    fieldNamed: (name) => (BY_NAME.get(name.toLowerCase()) === name ? (name as CustomerUserColumn) : null),
    fieldOf: customerUserHeaderField,
    customFieldOf: customFieldOfHeader,
    // I7: the columns the CSV report adds are ignored quietly: a report, its failed rows fixed, imports again.
    isReportColumn: (header) => REPORT_COLUMNS.has(normalise(header)),
    suggest: suggestCustomerUserField,
    importHeader: (field) => CUSTOMER_USER_IMPORT_HEADERS[field],
    required: REQUIRED_CUSTOMER_USER_COLUMNS,
  })
}

/** What {@link mapHeadersOf} needs to know of one kind of import file (users I1, accounts I11). */
export interface HeaderVocabulary<F extends string> {
  /** As the long header form writes it: `Customer User`, `Customer Account`. */
  entity: string
  /** A field name given as is (a hand mapping), or null when it names no field. */
  fieldNamed: (name: string) => F | null
  /** The field a header maps to by itself, or null. */
  fieldOf: (header: string) => F | null
  /** The custom field externalId a header names (possibly `''` or invalid), or null when it names none. */
  customFieldOf: (header: string) => string | null
  /** A column the import's own report adds, ignored without a warning. */
  isReportColumn?: (header: string) => boolean
  suggest: (header: string) => F | null
  /** The long header form of a field, for suggestions. */
  importHeader: (field: F) => string
  required: readonly F[]
}

/**
 * Maps each header to a field, a custom field, or an unknown (ignored, F-W-001) column, for one kind of file. A
 * second column for a field or custom field already mapped is not used (F-W-001), and a row where the two differ
 * fails (F-E-003). Hand mappings (`overrides`) win; `null` ignores a column quietly.
 */
export function mapHeadersOf<F extends string>(
  headers: readonly string[],
  overrides: Readonly<Record<string, string | null>>,
  vocabulary: HeaderVocabulary<F>,
): HeaderMapping<F> {
  const columns: MappedColumn<F>[] = []
  const warnings: CsvIssue[] = []
  const fieldAt = new Map<F, number>()
  const customAt = new Map<string, number>()
  headers.forEach((header, i) => {
    const position = `column ${i + 1}`
    const warn = (message: string) => warnings.push({ code: 'F-W-001', column: header, message })
    let field: F | null = null
    let custom: string | null = null
    const override = Object.hasOwn(overrides, header) ? overrides[header] : undefined
    if (override === null) {
      columns.push({ header, unknown: true, suggestion: null })
      return
    }
    if (override !== undefined) {
      if (override.startsWith('customField.')) custom = override.slice(12)
      else field = vocabulary.fieldNamed(override)
    } else {
      field = vocabulary.fieldOf(header)
      if (!field) custom = vocabulary.customFieldOf(header)
      if (!field && custom === null && vocabulary.isReportColumn?.(header)) {
        columns.push({ header, unknown: true, suggestion: null, report: true })
        return
      }
    }

    if (field) {
      const first = fieldAt.get(field)
      if (first === undefined) {
        fieldAt.set(field, i)
        columns.push({ header, field })
      } else {
        columns.push({ header, unknown: true, suggestion: field })
        warn(
          `Column ${quoteHeader(header)} (${position}) repeats ${field}, already read from ${quoteHeader(headers[first])} (column ${first + 1}): it is ignored, and a row where the two differ fails.`,
        )
      }
      return
    }
    if (custom !== null) {
      if (!EXTERNAL_ID_PATTERN.test(custom) || custom === '__proto__') {
        columns.push({ header, unknown: true, suggestion: null })
        warn(
          custom === ''
            ? `Column ${quoteHeader(header)} (${position}) names no custom field: ignored. Write "${vocabulary.entity} Custom Field <externalId>" or "customField.<externalId>".`
            : `Column ${quoteHeader(header)} (${position}): "${custom.length > 80 ? `${custom.slice(0, 77)}…` : custom}" is not a custom field externalId (letters, digits or _ . : -, no spaces): ignored.`,
        )
        return
      }
      const first = customAt.get(custom)
      if (first === undefined) {
        customAt.set(custom, i)
        columns.push({ header, customField: custom })
      } else {
        columns.push({ header, unknown: true, suggestion: null })
        warn(
          `Column ${quoteHeader(header)} (${position}) repeats custom field ${custom}, already read from ${quoteHeader(headers[first])} (column ${first + 1}): it is ignored, and a row where the two differ fails.`,
        )
      }
      return
    }

    const suggestion = header === '' ? null : vocabulary.suggest(header)
    columns.push({ header, unknown: true, suggestion })
    warn(
      header === ''
        ? `Column ${i + 1} has no name in the header: ignored.`
        : `Unknown column ${quoteHeader(header)} (${position}): ignored.${suggestion ? ` Did you mean "${suggestion}" (${vocabulary.importHeader(suggestion)})?` : ''}`,
    )
  })
  return { columns, warnings, missing: vocabulary.required.filter((f) => !fieldAt.has(f)) }
}

/**
 * The column a header duplicates, when `mapping.columns[index]` is a repeat of a field or custom field
 * read from an earlier column (see the file comment). Used by the row check.
 */
export function duplicatedColumn(mapping: HeaderMapping, index: number): number {
  return duplicatedColumns(mapping)[index]
}

/**
 * {@link duplicatedColumn} of every column at once, in one pass (R4: not one search of the columns per column).
 */
export function duplicatedColumns(mapping: HeaderMapping): Int32Array {
  const fields = new Map<string, number>()
  const customFields = new Map<string, number>()
  mapping.columns.forEach((c, i) => {
    if ('field' in c) fields.has(c.field) || fields.set(c.field, i)
    else if ('customField' in c) customFields.has(c.customField) || customFields.set(c.customField, i)
  })
  const first = new Int32Array(mapping.columns.length).fill(-1)
  mapping.columns.forEach((col, i) => {
    if (!('unknown' in col)) return
    if (col.suggestion !== null) {
      if (customerUserHeaderField(col.header) === col.suggestion) first[i] = fields.get(col.suggestion) ?? -1
      return
    }
    const custom = customFieldOfHeader(col.header)
    if (custom) first[i] = customFields.get(custom) ?? -1
  })
  return first
}
