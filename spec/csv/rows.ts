/**
 * I2–I6: each record read into a {@link CustomerUserCsvRow} and checked against every customer-user rule
 * that needs no server data. The server's import job runs this same function first (I8), then the rules
 * that need data (unknown references F-E-002, uniqueness against stored users F-E-003, multi-store U10).
 *
 * Decisions:
 * - Cells are trimmed, except the password, which is kept as written (a space may be part of it). An empty
 *   cell is "no value" (`null`, `[]`, FALSE). A password of only spaces fails U5 (F-E-005).
 * - Multi-value cells split on `||`; parts are trimmed, empty parts dropped, repeated parts kept once.
 * - Booleans: TRUE / FALSE in any case, empty = FALSE; anything else (1, yes, VRAI…) is F-E-008.
 * - Civility and groups are accepted in any case and normalised (`mrs` → `MRS`, `foc_user` → `FOC_User`):
 *   the intent is unambiguous, and spreadsheets change case on their own.
 * - A row with Delete = TRUE needs only a valid externalId; its other cells are read but not checked.
 * - Required columns (I3: externalId, civility, firstName, lastName, email, phone, groups, accountIds) that
 *   the file lacks fail every row that needs them with F-E-001 and `column: null` (I10: rows that only delete
 *   do not need them, so such a file is not refused as a whole).
 * - I10: an `active` column reads TRUE as active, FALSE as inactive; an empty cell gives no value (not FALSE: an
 *   empty cell must never deactivate). A row whose `inactive` and `active` cells are both filled and contradict
 *   each other fails with F-E-003 on the `active` column.
 * - Duplicates within the file (F-E-003) fail the later rows and name the first one's line: externalId
 *   compared as written (ids are case-sensitive, as on the server), email compared without case (U2), only
 *   among rows that are not deletions.
 * - A row with more values than the header has columns fails with F-E-004 (`column: null`): a value
 *   probably holds an unquoted delimiter, and every later value is shifted.
 * - I4: when the job gives stores (`jobStoreIds` non-empty), every row gets them, the store column is not
 *   read or checked, and the file gets one F-W-002 warning if that column holds any value.
 * - The row keeps `mainOrganisationId` as written: the default of U4 (the only organisation) is applied
 *   where the user is written, by the same `resolveMainOrganisation`.
 */
import type {
  CsvDelimiter,
  CsvIssue,
  CsvIssueCode,
  CustomerUserColumn,
  CustomerUserCsvRow,
  HeaderMapping,
  ParsedCsv,
  RowCheck,
  RowsCheck,
} from './contract.js'
import { CUSTOMER_USER_IMPORT_HEADERS, duplicatedColumns, isSecretHeader } from './headers.js'
import { SLICE_RECORDS, pauser, type SliceOptions } from './parse.js'
import {
  CUSTOMER_USER_GROUPS,
  PHONE_PATTERN,
  passwordProblem,
  resolveMainOrganisation,
} from '../rules/customer-user.js'
import { EMAIL_MAX, EMAIL_PATTERN, EXTERNAL_ID_PATTERN } from '../rules/formats.js'

export interface CheckRowsOptions {
  /** I4: the import job's stores. When non-empty, every row gets them and the file's store column is ignored. */
  jobStoreIds?: readonly string[]
  /**
   * U10: the tenant has several stores, so a row needs a store from the file when the job gives none.
   * Unknown offline (SDK): default `false`; the server passes what it knows.
   */
  multiStore?: boolean
}

/** U1, as the contract's `Civility` enum (zod cannot be imported here; a test keeps the two equal). */
export const CUSTOMER_USER_CIVILITIES = ['MR', 'MRS', 'MISS'] as const
/** The contract's limit on first and last names. */
export const NAME_MAX = 255

const GROUPS = new Map<string, string>(CUSTOMER_USER_GROUPS.map((g) => [g.toLowerCase(), g]))
const CIVILITIES = new Set<string>(CUSTOMER_USER_CIVILITIES)
// (Arrays: `includes` over three short constants beats a Set's hashing of a fresh string.)
const CIVILITY_NAMES: readonly string[] = CUSTOMER_USER_CIVILITIES
const GROUP_NAMES: readonly string[] = CUSTOMER_USER_GROUPS
/** What Excel makes of a long phone number in a General-format cell: 3.36123E+11. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i
const ID_RULE = '1–255 letters, digits or _ . : - (no accents, no spaces)'

/** `value.trim()`, skipping the call in the usual case of printable ASCII at both ends. */
function trim(value: string): string {
  const n = value.length
  if (n === 0) return value
  const a = value.charCodeAt(0)
  const z = value.charCodeAt(n - 1)
  return a > 32 && a < 127 && z > 32 && z < 127 ? value : value.trim()
}

/**
 * I2: a multi-value cell, split on `||`, parts trimmed, empty and repeated parts dropped. R4: linear — repeats are
 * found by comparison while there are a few parts, then with a `Set` (150,000 parts used to take seconds).
 * §5: the few parts of a usual cell are gathered in a scratch array and copied out at their exact count (an
 * array grown by `push` keeps room for 17 values, and 100,000 rows keep their arrays).
 */
export function splitMultiValue(cell: string): string[] {
  let at = cell.indexOf('||')
  if (at === -1) {
    const v = trim(cell)
    return v === '' ? [] : [v]
  }
  const parts = PARTS
  let k = 0
  let from = 0
  for (;;) {
    const v = trim(cell.slice(from, at === -1 ? cell.length : at))
    if (v !== '') {
      let j = 0
      while (j < k && parts[j] !== v) j++
      if (j === k) {
        if (k === FEW) return splitManyValues(cell, at, parts, v)
        parts[k++] = v
      }
    }
    if (at === -1) break
    from = at + 2
    at = cell.indexOf('||', from)
  }
  let out: string[]
  if (k === 0) out = []
  else if (k === 1) out = [parts[0]]
  else if (k === 2) out = [parts[0], parts[1]]
  else if (k === 3) out = [parts[0], parts[1], parts[2]]
  else out = parts.slice(0, k)
  for (let j = 0; j < k; j++) parts[j] = ''
  return out
}
/** Up to this many values, comparing beats a `Set`; past it, a `Set` keeps the work linear. */
const FEW = 16
/** {@link splitMultiValue}'s scratch: the distinct parts so far (a packed array of strings, never longer than FEW). */
const PARTS: string[] = []
for (let j = 0; j < FEW; j++) PARTS.push('')

/**
 * {@link splitMultiValue} past FEW distinct parts (held in `parts`): `next`, the part just read, then the rest of the
 * cell from the `||` at `at` (-1: none).
 */
function splitManyValues(cell: string, at: number, parts: string[], next: string): string[] {
  const out = parts.slice(0, FEW)
  for (let j = 0; j < FEW; j++) parts[j] = ''
  out.push(next)
  if (at === -1) return out
  const seen = new Set(out)
  let from = at + 2
  at = cell.indexOf('||', from)
  for (;;) {
    const v = trim(cell.slice(from, at === -1 ? cell.length : at))
    if (v !== '' && !seen.has(v)) {
      seen.add(v)
      out.push(v)
    }
    if (at === -1) return out
    from = at + 2
    at = cell.indexOf('||', from)
  }
}

/** I2: TRUE / FALSE in any case, empty = FALSE; `null` for anything else. */
export function readCsvBoolean(cell: string): boolean | null {
  const v = cell.trim()
  if (v === '') return false
  const upper = v.toUpperCase()
  return upper === 'TRUE' ? true : upper === 'FALSE' ? false : null
}

const show = (value: string) => `"${value.length > 80 ? `${value.slice(0, 77)}…` : value}"`
/** Values in a message: the first ten, then how many more (a cell may hold 100,000 of them). */
const list = (values: string[], quote = show) =>
  values.length > 10
    ? `${values.slice(0, 10).map(quote).join(', ')} and ${values.length - 10} more`
    : values.map(quote).join(', ')

/** Column index of each field, -1 when the file has no such column. */
type ColumnIndexes = Record<CustomerUserColumn, number>

interface Context {
  headers: string[]
  delimiter: CsvDelimiter
  at: ColumnIndexes
  custom: [index: number, id: string][]
  /** [repeat column, first column, field, secret] for columns that repeat a field (see headers.ts). */
  repeats: [index: number, first: number, field: CustomerUserColumn | null, secret: boolean][]
  jobStores: string[] | null
  multiStore: boolean
  /** Per record: the externalId and (rows that are not deletions) the email, for the duplicate check. */
  ids: RepeatFinder
  emails: RepeatFinder
}

/** FNV-1a over the UTF-16 code units of `key`, as an unsigned 32-bit number. */
function hashKey(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/**
 * {@link hashKey} of `key.toLowerCase()`, without lower-casing ASCII text. The loop has no branch (A–Z get bit 5 by
 * arithmetic, and text beyond ASCII is noticed after it): twice as fast on 100,000 emails (§5).
 */
function hashFolded(key: string): number {
  let h = 0x811c9dc5
  let all = 0
  const n = key.length
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i)
    all |= c
    h = Math.imul(h ^ (c | (((c - 65) >>> 0 < 26 ? 1 : 0) << 5)), 0x01000193)
  }
  return all > 127 ? hashKey(key.toLowerCase()) : h >>> 0
}

/**
 * Duplicates among `keys` (null = not compared): for each entry, the index of the first entry with the same
 * key, or -1. See {@link RepeatFinder}.
 */
export function firstOccurrences(keys: readonly (string | null)[], ignoreCase: boolean): Int32Array {
  const finder = new RepeatFinder(keys.length, ignoreCase)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    if (key !== null) finder.set(i, key)
  }
  return finder.firsts()
}

/**
 * Finds repeated keys among `n` entries, each hashed when it is {@link RepeatFinder.set} (R4: as the rows are checked,
 * so that the end of a 100,000-row check is not one long hashing step; §5: while the row's cells are still in the CPU
 * cache — hashed in a pass after the check, every key was read back from memory). Two bit sets of hashes (seen once,
 * seen again) find the few entries that may repeat; only those go through a `Map` in {@link RepeatFinder.firsts}. For
 * 100,000 rows this is about twice as fast as a `Map` of every key, whose random memory accesses dominate at that size
 * (§5 budget); the bit sets stay in the CPU cache.
 */
class RepeatFinder {
  /** §5: one kept alive, so that its hidden class (map) stays and optimized code with it (see `RecordScanner.shape`). */
  static readonly shape = new RepeatFinder(0, false)
  /** Each entry's key (null: not compared). */
  readonly keys: (string | null)[]
  readonly #hashes: Int32Array
  readonly #once: Int32Array
  readonly #again: Int32Array
  readonly #mask: number
  readonly #ignoreCase: boolean

  constructor(n: number, ignoreCase: boolean) {
    let size = 1 << 16
    while (size < n * 16 && size < 1 << 24) size <<= 1
    this.#mask = size - 1
    this.#once = new Int32Array(size >>> 5)
    this.#again = new Int32Array(size >>> 5)
    this.#hashes = new Int32Array(n)
    this.keys = new Array<string | null>(n).fill(null)
    this.#ignoreCase = ignoreCase
  }

  /** Entry `i` has `key` (each entry is set at most once). */
  set(i: number, key: string) {
    this.keys[i] = key
    const h = (this.#ignoreCase ? hashFolded(key) : hashKey(key)) & this.#mask
    this.#hashes[i] = h
    const word = h >>> 5
    const bit = 1 << (h & 31)
    if (this.#once[word] & bit) this.#again[word] |= bit
    else this.#once[word] |= bit
  }

  /** For each entry, the index of the first entry with the same key, or -1. */
  firsts(): Int32Array {
    const { keys } = this
    const hashes = this.#hashes
    const again = this.#again
    const n = keys.length
    const first = new Int32Array(n).fill(-1)
    let seen: Map<string, number> | undefined
    for (let i = 0; i < n; i++) {
      const h = hashes[i]
      if (keys[i] === null || !(again[h >>> 5] & (1 << (h & 31)))) continue
      const key = this.#ignoreCase ? keys[i]!.toLowerCase() : keys[i]!
      const at = (seen ??= new Map()).get(key)
      if (at === undefined) seen.set(key, i)
      else first[i] = at
    }
    return first
  }
}

/**
 * Reads and checks every record of `parsed` through `mapping` (which must come from `parsed.headers`).
 * Never throws on data: every problem is an issue on its row, and every row gets all of its issues (I6).
 *
 * @example
 * ```ts
 * const parsed = parseCsvText(text)
 * const { rows, warnings } = checkCustomerUserRows(parsed, mapCustomerUserHeaders(parsed.headers), { jobStoreIds: ['FR'] })
 * for (const { row, errors } of rows) if (errors.length) console.log(row.line, errors.map((e) => `${e.code} ${e.column}: ${e.message}`))
 * ```
 */
export function checkCustomerUserRows(
  parsed: ParsedCsv,
  mapping: HeaderMapping,
  options: CheckRowsOptions = {},
): RowsCheck {
  const run = startRowsCheck(parsed, mapping, options)
  // §5: in slices, as parseCsvText reads records (see there).
  const n = parsed.records.length
  for (let r = 0; r < n; ) {
    r = Math.min(n, r + SLICE_RECORDS)
    checkRowsUpTo(run, r)
  }
  return finishRowsCheck(run)
}

/**
 * R4: {@link checkCustomerUserRows} in slices, awaiting `pause()` after about `sliceMs` of work (see
 * {@link SliceOptions}), so that a server or a page stays responsive while 100,000 rows are checked.
 */
export async function checkCustomerUserRowsSliced(
  parsed: ParsedCsv,
  mapping: HeaderMapping,
  options: CheckRowsOptions = {},
  slices: SliceOptions = {},
): Promise<RowsCheck> {
  const breathe = pauser(slices)
  const run = startRowsCheck(parsed, mapping, options)
  const n = parsed.records.length
  for (let r = 0; r < n; ) {
    r = Math.min(n, r + SLICE_RECORDS)
    checkRowsUpTo(run, r)
    if (r < n) await breathe()
  }
  return finishRowsCheck(run)
}

interface RowsRun {
  ctx: Context
  parsed: ParsedCsv
  rows: RowCheck[]
  warnings: CsvIssue[]
  next: number
}

function startRowsCheck(parsed: ParsedCsv, mapping: HeaderMapping, options: CheckRowsOptions): RowsRun {
  const { headers, records } = parsed
  if (mapping.columns.length !== headers.length) {
    throw new TypeError(
      `The mapping has ${mapping.columns.length} columns but the file has ${headers.length}: map the file's own headers.`,
    )
  }
  // An object literal with every key, so that `at.email` stays a fast property load in the row loop.
  const at: ColumnIndexes = {
    externalId: -1,
    civility: -1,
    firstName: -1,
    lastName: -1,
    email: -1,
    phone: -1,
    groups: -1,
    accountIds: -1,
    organisationIds: -1,
    mainOrganisationId: -1,
    password: -1,
    inactive: -1,
    active: -1,
    delete: -1,
    storeIds: -1,
  }
  const custom: Context['custom'] = []
  const repeats: Context['repeats'] = []
  const firsts = duplicatedColumns(mapping)
  mapping.columns.forEach((c, i) => {
    if ('field' in c) at[c.field] = i
    else if ('customField' in c) custom.push([i, c.customField])
    else {
      const first = firsts[i]
      if (first >= 0) {
        const target = mapping.columns[first]
        const secret = isSecretHeader(headers[i]) || isSecretHeader(headers[first])
        repeats.push([i, first, 'field' in target ? target.field : null, secret])
      }
    }
  })
  const jobStores = options.jobStoreIds?.length ? [...options.jobStoreIds] : null
  const warnings = [...mapping.warnings]
  if (jobStores && at.storeIds >= 0) {
    const s = at.storeIds
    if (records.some((r) => r[s].trim() !== '')) {
      warnings.push({
        code: 'F-W-002',
        column: headers[s],
        message: `Column "${headers[s]}" is ignored: the import job gives the stores (${jobStores.join(', ')}) to every user.`,
      })
    }
  }

  const ctx: Context = {
    headers,
    delimiter: parsed.delimiter,
    at,
    custom,
    repeats,
    jobStores,
    multiStore: options.multiStore ?? false,
    ids: new RepeatFinder(records.length, false),
    emails: new RepeatFinder(records.length, true),
  }
  return { ctx, parsed, rows: new Array(records.length), warnings, next: 0 }
}

function checkRowsUpTo(run: RowsRun, end: number) {
  const { ctx, rows } = run
  const { records, lines } = run.parsed
  for (let r = run.next; r < end; r++) rows[r] = checkRecord(ctx, records[r], lines[r], r)
  run.next = end
}

function finishRowsCheck(run: RowsRun): RowsCheck {
  const { ctx, rows, warnings } = run
  const { at } = ctx
  const { lines } = run.parsed
  // F-E-003 within the file: the later rows fail and name the first one's line.
  const sameId = ctx.ids.firsts()
  const sameEmail = ctx.emails.firsts()
  for (let r = 0; r < rows.length; r++) {
    if (sameId[r] >= 0) {
      issue(
        ctx,
        rows[r].errors,
        'F-E-003',
        at.externalId,
        `externalId ${show(ctx.ids.keys[r]!)} is already on line ${lines[sameId[r]]}.`,
      )
    }
    if (sameEmail[r] >= 0) {
      issue(
        ctx,
        rows[r].errors,
        'F-E-003',
        at.email,
        `email ${show(ctx.emails.keys[r]!)} is already used on line ${lines[sameEmail[r]]} (emails are compared without case).`,
      )
    }
  }
  return { rows, warnings }
}

// Hot path: 100,000 rows within a budget (§5). No closures are made per row, fields are read by column
// index, and the common, valid values are recognised before any case-folding.

/** An issue on the column at `index` (-1: the file has no such column → `column: null`). */
function issue(ctx: Context, errors: CsvIssue[], code: CsvIssueCode, index: number, message: string) {
  errors.push({ code, column: index >= 0 ? ctx.headers[index] : null, message })
}

function cellAt(record: string[], index: number): string {
  return index < 0 ? '' : record[index]
}

function textAt(record: string[], index: number): string | null {
  if (index < 0) return null
  const v = trim(record[index])
  return v === '' ? null : v
}

function boolAt(ctx: Context, record: string[], errors: CsvIssue[], index: number): boolean {
  if (index < 0) return false
  const raw = record[index]
  if (raw === 'FALSE' || raw === '') return false
  if (raw === 'TRUE') return true
  const b = readCsvBoolean(raw)
  if (b === null) issue(ctx, errors, 'F-E-008', index, `${show(raw.trim())} is not TRUE or FALSE (empty means FALSE).`)
  return b === true
}

/** F-E-001 when `empty`; returns `empty`, so that callers check the value's format only when there is one. */
function missing(ctx: Context, errors: CsvIssue[], field: CustomerUserColumn, index: number, empty: boolean): boolean {
  if (!empty) return false
  if (index < 0) {
    issue(
      ctx,
      errors,
      'F-E-001',
      -1,
      `${field} is required, and the file has no "${CUSTOMER_USER_IMPORT_HEADERS[field]}" (or "${field}") column.`,
    )
  } else issue(ctx, errors, 'F-E-001', index, `${field} is required.`)
  return true
}

function checkIds(ctx: Context, errors: CsvIssue[], field: CustomerUserColumn, index: number, values: string[]) {
  let bad: string[] | undefined
  for (let k = 0; k < values.length; k++) if (!EXTERNAL_ID_PATTERN.test(values[k])) (bad ??= []).push(values[k])
  if (bad)
    issue(
      ctx,
      errors,
      'F-E-004',
      index,
      `${list(bad)} ${bad.length > 1 ? 'are not valid external ids' : 'is not a valid external id'} in ${field}: ${ID_RULE}.`,
    )
}

function normaliseGroups(ctx: Context, errors: CsvIssue[], index: number, groups: string[]): string[] {
  let exact = true
  for (let k = 0; k < groups.length; k++) {
    // The known name itself, for the row to keep (a part cut from a multi-value cell is a string of its own).
    const known = GROUP_NAMES.indexOf(groups[k])
    if (known < 0) exact = false
    else groups[k] = GROUP_NAMES[known]
  }
  if (exact) return groups
  let unknown: string[] | undefined
  const out = new Set<string>()
  for (const g of groups) {
    const known = GROUPS.get(g.toLowerCase())
    if (!known) (unknown ??= []).push(g)
    out.add(known ?? g)
  }
  if (unknown) {
    issue(
      ctx,
      errors,
      'F-E-008',
      index,
      `${list(unknown)} ${unknown.length > 1 ? 'are not groups' : 'is not a group'}: use ${CUSTOMER_USER_GROUPS.join(', ')}, separated by ||.`,
    )
  }
  return [...out]
}

function checkRecord(ctx: Context, record: string[], line: number, r: number): RowCheck {
  const { headers, at } = ctx
  const errors: CsvIssue[] = []
  const externalId = textAt(record, at.externalId) ?? ''
  const inactive = boolAt(ctx, record, errors, at.inactive)
  // I10: an empty `active` cell is no value (never FALSE); a value that is not TRUE/FALSE is F-E-008, and no value.
  const active =
    at.active < 0 || trim(record[at.active]) === ''
      ? null
      : boolAt(ctx, record, errors, at.active) || (readCsvBoolean(record[at.active]) === false ? false : null)
  const remove = boolAt(ctx, record, errors, at.delete)
  const password = cellAt(record, at.password)
  const row: CustomerUserCsvRow = {
    line,
    externalId,
    civility: textAt(record, at.civility),
    firstName: textAt(record, at.firstName),
    lastName: textAt(record, at.lastName),
    email: textAt(record, at.email),
    phone: textAt(record, at.phone),
    groups: splitMultiValue(cellAt(record, at.groups)),
    accountIds: splitMultiValue(cellAt(record, at.accountIds)),
    organisationIds: splitMultiValue(cellAt(record, at.organisationIds)),
    mainOrganisationId: textAt(record, at.mainOrganisationId),
    password: password === '' ? null : password,
    inactive,
    active,
    delete: remove,
    storeIds: ctx.jobStores ? ctx.jobStores.slice() : splitMultiValue(cellAt(record, at.storeIds)),
    customFields: {},
  }
  for (let k = 0; k < ctx.custom.length; k++) {
    const [i, id] = ctx.custom[k]
    const v = record[i].trim()
    if (v !== '') row.customFields[id] = v
  }

  if (record.length > headers.length) {
    issue(
      ctx,
      errors,
      'F-E-004',
      -1,
      `This row has ${record.length} values but the header has ${headers.length} columns: a value probably holds a "${ctx.delimiter}" without quotes around it.`,
    )
  }

  // externalId: every row, deletions included.
  if (!missing(ctx, errors, 'externalId', at.externalId, externalId === '')) {
    if (!EXTERNAL_ID_PATTERN.test(externalId))
      issue(ctx, errors, 'F-E-004', at.externalId, `${show(externalId)} is not a valid external id: ${ID_RULE}.`)
    ctx.ids.set(r, externalId)
  }

  if (!remove) {
    const civility = row.civility
    if (!missing(ctx, errors, 'civility', at.civility, civility === null) && !CIVILITY_NAMES.includes(civility!)) {
      const upper = civility!.toUpperCase()
      if (CIVILITIES.has(upper)) row.civility = upper
      else issue(ctx, errors, 'F-E-008', at.civility, `${show(civility!)} is not a civility: use MR, MRS or MISS.`)
    }
    const { firstName, lastName, email, phone } = row
    if (!missing(ctx, errors, 'firstName', at.firstName, firstName === null) && firstName!.length > NAME_MAX) {
      issue(
        ctx,
        errors,
        'F-E-004',
        at.firstName,
        `firstName must be at most ${NAME_MAX} characters (it has ${firstName!.length}).`,
      )
    }
    if (!missing(ctx, errors, 'lastName', at.lastName, lastName === null) && lastName!.length > NAME_MAX) {
      issue(
        ctx,
        errors,
        'F-E-004',
        at.lastName,
        `lastName must be at most ${NAME_MAX} characters (it has ${lastName!.length}).`,
      )
    }
    if (!missing(ctx, errors, 'email', at.email, email === null)) {
      if (email!.length > EMAIL_MAX || !EMAIL_PATTERN.test(email!))
        issue(ctx, errors, 'F-E-004', at.email, `${show(email!)} is not a valid email address.`)
      ctx.emails.set(r, email!)
    }
    if (!missing(ctx, errors, 'phone', at.phone, phone === null) && !PHONE_PATTERN.test(phone!)) {
      const hint = SCIENTIFIC.test(phone!)
        ? ' It looks like a number rewritten by a spreadsheet: format the column as text.'
        : ''
      issue(
        ctx,
        errors,
        'F-E-004',
        at.phone,
        `${show(phone!)} is not a valid phone number: digits, with optional +, spaces, dots, dashes and brackets (4–30 characters).${hint}`,
      )
    }
    if (!missing(ctx, errors, 'groups', at.groups, row.groups.length === 0))
      row.groups = normaliseGroups(ctx, errors, at.groups, row.groups)
    if (!missing(ctx, errors, 'accountIds', at.accountIds, row.accountIds.length === 0))
      checkIds(ctx, errors, 'accountIds', at.accountIds, row.accountIds)
    checkIds(ctx, errors, 'organisationIds', at.organisationIds, row.organisationIds)
    const main = row.mainOrganisationId
    if (main !== null && !EXTERNAL_ID_PATTERN.test(main))
      issue(ctx, errors, 'F-E-004', at.mainOrganisationId, `${show(main)} is not a valid external id: ${ID_RULE}.`)
    const resolved = resolveMainOrganisation(row.organisationIds, main)
    if ('problem' in resolved) {
      const orgs = row.organisationIds
      const message =
        main !== null
          ? `The main organisation ${show(main)} must be one of the organisation ids${orgs.length ? ` (${list(orgs, String)})` : ', and there are none'}.`
          : `A main organisation is required when there are several organisations (${list(orgs, String)}).`
      issue(ctx, errors, 'F-E-006', at.mainOrganisationId >= 0 ? at.mainOrganisationId : at.organisationIds, message)
    }
    if (row.password !== null) {
      const problem = passwordProblem(row.password)
      if (problem) issue(ctx, errors, 'F-E-005', at.password, `The password ${problem}.`)
    }
    if (!ctx.jobStores) {
      checkIds(ctx, errors, 'storeIds', at.storeIds, row.storeIds)
      if (ctx.multiStore) missing(ctx, errors, 'storeIds', at.storeIds, row.storeIds.length === 0)
    }
    // I10: `inactive` and `active` both filled must agree (inactive TRUE with active FALSE, or the other way round).
    const inactiveCell = at.inactive >= 0 ? trim(record[at.inactive]) : ''
    if (active !== null && inactiveCell !== '' && readCsvBoolean(inactiveCell) === active) {
      const said = (v: boolean) => (v ? 'TRUE' : 'FALSE')
      issue(
        ctx,
        errors,
        'F-E-003',
        at.active,
        `"${headers[at.active]}" is ${said(active)} but "${headers[at.inactive]}" is ${said(inactive)}: the two columns say opposite things about the status. Fill one of them (active TRUE = inactive FALSE).`,
      )
    }
  }

  for (let k = 0; k < ctx.repeats.length; k++) {
    const [i, first, field, secret] = ctx.repeats[k]
    if (remove && field !== 'externalId') continue
    const v = record[i].trim()
    const w = record[first].trim()
    if (v !== '' && v !== w) {
      // R5: a secret (a password under two names) is never quoted, only said to differ.
      const values = secret
        ? `The value differs from ${w === '' ? 'the empty value' : 'the value'}`
        : `${show(v)} differs from ${w === '' ? 'the empty value' : show(w)}`
      errors.push({
        code: 'F-E-003',
        column: headers[i],
        message: `${values} in "${headers[first]}": the file gives ${field ?? 'this custom field'} twice.`,
      })
    }
  }

  return { row, errors, warnings: [] }
}
