/**
 * I3–I7, I10: importing customer users from a CSV file (or the same rows as JSON); I11, customer accounts, reuses this
 * job machinery (reading, R3 bounds, the job record) with its own rows (import-accounts.ts). The shared CSV module
 * (spec/csv, I8) reads the file and checks each row's shape; the rules here check each row against the data
 * — references by external id, uniqueness against stored users, stores (I4, U10), custom fields (CF2) — and
 * apply it with the customer-user domain functions, so an imported user obeys exactly the rules of the API.
 *
 * Rows are independent (I6): a row is checked completely, then either fails alone with every error it has,
 * or is applied. Each row sees the effect of the rows before it (the Tx's data changes as it goes).
 * The job's queue, chunks, hashing and commits live in import-runner.ts.
 */
import {
  CUSTOMER_USER_IMPORT_HEADERS,
  CsvReadError,
  MAX_CSV_COLUMNS,
  REQUIRED_CUSTOMER_USER_COLUMNS,
  CUSTOMER_ACCOUNT_COLUMNS,
  CUSTOMER_ACCOUNT_IMPORT_HEADERS,
  REQUIRED_CUSTOMER_ACCOUNT_COLUMNS,
  checkCustomerAccountCsv,
  checkCustomerAccountCsvSliced,
  checkCustomerUserCsv,
  checkCustomerUserCsvSliced,
  countHeaderColumns,
  decodeCsv,
  decodeCsvSliced,
  isSecretHeader,
  parseCsvText,
  parseCsvTextSliced,
  type CsvDelimiter,
  pauser,
  type SliceOptions,
  type CsvIssue,
  type CustomerAccountHeaderMapping,
  type CustomerAccountRowCheck,
  type CustomerUserColumn,
  type HeaderMapping,
  type ParsedCsv,
  type RowCheck,
} from '@dj-customers/spec/csv'
import type { ImportAccountRow, ImportRow } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { Db } from '../db.js'
import { ProblemError, fail } from '../problem.js'
import type {
  CustomFieldRecord,
  CustomFieldValues,
  CustomerUserRecord,
  ImportFailureRecord,
  ImportIssueRecord,
  ImportJobErrorCode,
  ImportJobRecord,
  ImportRowStatus,
} from '../types.js'
import { validateCustomFields } from './custom-fields.js'
import {
  createCustomerUser,
  deleteCustomerUser,
  updateCustomerUser,
  type CustomerUserInput,
  type NewPassword,
  type UserRuleHooks,
} from './customer-users.js'
import { Tx, assertStoresExist, unique } from './tx.js'

export type ImportRowInput = z.infer<typeof ImportRow>
/** I11: one account row of a JSON job. */
export type ImportAccountRowInput = z.infer<typeof ImportAccountRow>
export type ImportJobType = ImportJobRecord['type']

/** Where a job's rows come from: the bytes of a CSV body, or JSON rows (of the job's type). */
export type ImportSource =
  | { format: 'CSV'; bytes: Uint8Array; delimiter?: CsvDelimiter }
  | { format: 'JSON'; rows: ImportRowInput[] }
  | { format: 'JSON'; type: 'CUSTOMER_ACCOUNT'; rows: ImportAccountRowInput[] }

/** The file cannot be imported at all (I7): the job fails with this, and no row is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly code: ImportJobErrorCode,
    message: string,
  ) {
    super(message)
  }
}

interface ImportFileBase {
  parsed: ParsedCsv
  /** The decoded text of a CSV source (kept to rebuild the CSV report), `null` for JSON. */
  text: string | null
  warnings: CsvIssue[]
}
/** A customer-user source read and shape-checked: every row with its shape issues, ready for {@link importCustomerUserRow}. */
export interface UserImportFile extends ImportFileBase {
  type: 'CUSTOMER_USER'
  mapping: HeaderMapping
  rows: RowCheck[]
}
/** I11: a customer-account source read and shape-checked, ready for `importCustomerAccountRow`. */
export interface AccountImportFile extends ImportFileBase {
  type: 'CUSTOMER_ACCOUNT'
  mapping: CustomerAccountHeaderMapping
  rows: CustomerAccountRowCheck[]
}
export type ImportFile = UserImportFile | AccountImportFile

export interface ReadImportOptions {
  /** Default CUSTOMER_USER. */
  type?: ImportJobType
  jobStoreIds: readonly string[]
  multiStore: boolean
}

/**
 * I1–I7, I10, I11: decode, parse, map the headers and check the shape of every row (the shared module, I8). A file
 * that is not CSV, has no recognisable header, splits into one column, or has no externalId column throws
 * {@link ImportFileError}: "nothing imported" is then the job's explicit outcome, never a silent one. Other required
 * columns may be missing (I10): rows that only delete need none of them, and the rows that need them fail (F-E-001).
 */
export function readImportSource(source: ImportSource, options: ReadImportOptions): ImportFile {
  try {
    let parsed: ParsedCsv
    let text: string | null = null
    if (source.format === 'CSV') {
      const decoded = decodeCsv(source.bytes)
      text = decoded.text
      parsed = parseCsvText(decoded.text, { delimiter: source.delimiter, encoding: decoded.encoding, bom: decoded.bom })
    } else {
      parsed = jsonRowsToParsedCsv(source, options.type)
    }
    if (options.type === 'CUSTOMER_ACCOUNT') {
      const { mapping, rows, warnings } = checkCustomerAccountCsv(parsed)
      if (mapping.missing.includes('externalId')) throw missingExternalId('CUSTOMER_ACCOUNT')
      return { type: 'CUSTOMER_ACCOUNT', parsed, text, mapping, rows, warnings }
    }
    const { mapping, rows, warnings } = checkCustomerUserCsv(parsed, {
      jobStoreIds: options.jobStoreIds,
      multiStore: options.multiStore,
    })
    if (mapping.missing.includes('externalId')) throw missingExternalId('CUSTOMER_USER')
    return { type: 'CUSTOMER_USER', parsed, text, mapping, rows, warnings }
  } catch (e) {
    throw e instanceof CsvReadError ? readError(e) : e
  }
}

/**
 * R4: {@link readImportSource} in slices: the parse and the row check pause after about `slices.sliceMs` of work,
 * so that the server answers other requests while a 100,000-row file is read. Same result, same errors.
 */
export async function readImportSourceSliced(
  source: ImportSource,
  options: ReadImportOptions,
  slices: SliceOptions = {},
): Promise<ImportFile> {
  try {
    let parsed: ParsedCsv
    let text: string | null = null
    if (source.format === 'CSV') {
      const decoded = await decodeCsvSliced(source.bytes, slices)
      // UTF-8 with as many characters as bytes: ASCII, decoded one byte a character already.
      const ascii = decoded.encoding === 'utf-8' && decoded.text.length === source.bytes.length - (decoded.bom ? 3 : 0)
      text = ascii ? decoded.text : await narrowText(decoded.text, slices)
      parsed = await parseCsvTextSliced(
        text,
        { delimiter: source.delimiter, encoding: decoded.encoding, bom: decoded.bom },
        slices,
      )
    } else {
      parsed = jsonRowsToParsedCsv(source, options.type)
    }
    if (options.type === 'CUSTOMER_ACCOUNT') {
      const { mapping, rows, warnings } = await checkCustomerAccountCsvSliced(parsed, {}, slices)
      if (mapping.missing.includes('externalId')) throw missingExternalId('CUSTOMER_ACCOUNT')
      return { type: 'CUSTOMER_ACCOUNT', parsed, text, mapping, rows, warnings }
    }
    const { mapping, rows, warnings } = await checkCustomerUserCsvSliced(
      parsed,
      { jobStoreIds: options.jobStoreIds, multiStore: options.multiStore },
      slices,
    )
    if (mapping.missing.includes('externalId')) throw missingExternalId('CUSTOMER_USER')
    return { type: 'CUSTOMER_USER', parsed, text, mapping, rows, warnings }
  } catch (e) {
    throw e instanceof CsvReadError ? readError(e) : e
  }
}

/** Characters {@link narrowText} looks at between two looks at the clock. */
const NARROW_PIECE = 1 << 18

/**
 * §5: `text` as a one-byte string when every character of it is Latin-1 (French, German, Spanish… text) — the same
 * characters. A UTF-8 decoder gives two bytes to each character of a text with any accent, and so does every cell
 * cut from it and kept in the records: twice their memory, and JSON twice as long to build (each flush of the data).
 * In slices (R4); a text with any character past U+00FF is returned as it is, and so is any text where there is no
 * Node `Buffer` to narrow it with (the app inside MSW, which writes no file).
 */
async function narrowText(text: string, slices: SliceOptions): Promise<string> {
  const nodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer
  if (!nodeBuffer) return text
  const parts: string[] = []
  const breathe = pauser(slices)
  for (let i = 0; i < text.length; i += NARROW_PIECE) {
    if (i) await breathe()
    const piece = text.slice(i, i + NARROW_PIECE)
    if (/[\u0100-\uffff]/.test(piece)) return text
    parts.push(nodeBuffer.from(piece, 'latin1').toString('latin1'))
  }
  return parts.join('')
}

/** I10: without an externalId column no row can be matched, created or deleted: the file cannot be imported. */
function missingExternalId(type: ImportJobType) {
  const header =
    type === 'CUSTOMER_ACCOUNT' ? CUSTOMER_ACCOUNT_IMPORT_HEADERS.externalId : CUSTOMER_USER_IMPORT_HEADERS.externalId
  return new ImportFileError(
    'MISSING_COLUMNS',
    `The file has no column for "${header}" (or "externalId"): every row needs it, to know which ${type === 'CUSTOMER_ACCOUNT' ? 'account' : 'user'} it is about. Nothing was imported.`,
  )
}

function jsonRowsToParsedCsv(source: Extract<ImportSource, { format: 'JSON' }>, type: ImportJobType = 'CUSTOMER_USER') {
  return type === 'CUSTOMER_ACCOUNT'
    ? accountRowsToParsedCsv(source.rows as ImportAccountRowInput[])
    : rowsToParsedCsv(source.rows as ImportRowInput[])
}

const readError = (e: CsvReadError) =>
  new ImportFileError(
    e.code,
    e.line !== undefined && !/\bline\b/.test(e.message) ? `${e.message} (line ${e.line})` : e.message,
  )

const multi = (v: string | string[] | null | undefined) => (Array.isArray(v) ? v.join('||') : (v ?? ''))
const cellOf = (v: string | number | boolean | string[] | null | undefined) =>
  typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : typeof v === 'number' ? String(v) : multi(v)

/**
 * JSON rows as the CSV they stand for (field-name headers), so they go through the very same shape rules.
 * A field is a column when any row gives it; the required columns always are, so a row that leaves one out
 * fails with F-E-001 rather than failing the whole job.
 */
export function rowsToParsedCsv(rows: readonly ImportRowInput[]): ParsedCsv {
  // (`externalId` is always a column, so that rows without one fail alone (F-E-001) rather than the whole job.)
  const fields = (Object.keys(CUSTOMER_USER_IMPORT_HEADERS) as CustomerUserColumn[]).filter(
    (f) => REQUIRED_CUSTOMER_USER_COLUMNS.includes(f) || rows.some((r) => r[f] !== undefined),
  )
  const custom = unique(rows.flatMap((r) => Object.keys(r.customFields ?? {})))
  return {
    headers: [...fields, ...custom.map((k) => `customField.${k}`)],
    records: rows.map((r) => [
      ...fields.map((f) => cellOf(r[f])),
      ...custom.map((k) => (r.customFields && Object.hasOwn(r.customFields, k) ? cellOf(r.customFields[k]) : '')),
    ]),
    lines: rows.map((r, i) => r.line ?? i + 2),
    delimiter: ',',
    delimiterDetected: false,
    encoding: 'utf-8',
    bom: false,
    lineEnding: 'none',
  }
}

/**
 * I11: JSON account rows as the CSV they stand for (field-name headers, `address.<field>` for the address), so they go
 * through the very same shape rules. A field is a column when any row gives it; the required ones always are.
 */
export function accountRowsToParsedCsv(rows: readonly ImportAccountRowInput[]): ParsedCsv {
  const given = (f: string) =>
    f.startsWith('address.')
      ? rows.some((r) => r.address?.[f.slice(8) as keyof NonNullable<ImportAccountRowInput['address']>] !== undefined)
      : rows.some((r) => r[f as keyof ImportAccountRowInput] !== undefined)
  const fields = CUSTOMER_ACCOUNT_COLUMNS.filter((f) => REQUIRED_CUSTOMER_ACCOUNT_COLUMNS.includes(f) || given(f))
  const custom = unique(rows.flatMap((r) => Object.keys(r.customFields ?? {})))
  const cell = (r: ImportAccountRowInput, f: string) =>
    cellOf(
      f.startsWith('address.')
        ? r.address?.[f.slice(8) as keyof NonNullable<ImportAccountRowInput['address']>]
        : (r[f as keyof ImportAccountRowInput] as string | string[] | boolean | null | undefined),
    )
  return {
    headers: [...fields, ...custom.map((k) => `customField.${k}`)],
    records: rows.map((r) => [
      ...fields.map((f) => cell(r, f)),
      ...custom.map((k) => (r.customFields && Object.hasOwn(r.customFields, k) ? cellOf(r.customFields[k]) : '')),
    ]),
    lines: rows.map((r, i) => r.line ?? i + 2),
    delimiter: ',',
    delimiterDetected: false,
    encoding: 'utf-8',
    bom: false,
    lineEnding: 'none',
  }
}

// ---- the job record ---------------------------------------------------------------------------------------

/**
 * What a new job is told, from either form of `POST /v1/import-jobs`: the JSON body's `dryRun` and `storeIds`
 * (a CSV body gives the same in its query), plus the source's format and, for CSV, the forced delimiter.
 */
export interface ImportJobSettings {
  /** Default CUSTOMER_USER. */
  type?: ImportJobType
  dryRun: boolean
  storeIds: string[]
  format: ImportJobRecord['format']
  delimiter?: CsvDelimiter | null
}

/** I7: a new job, PENDING. Job stores must exist (I4); R3: there must be room for it (see {@link assertImportJobRoom}). */
export function newImportJob(
  tx: Tx,
  input: ImportJobSettings,
  limits: ImportJobLimits = DEFAULT_IMPORT_JOB_LIMITS,
): ImportJobRecord {
  assertImportJobRoom(tx.db, tx.actor, limits)
  const storeIds = unique(input.storeIds)
  assertStoresExist(tx.db, storeIds)
  const job: ImportJobRecord = {
    id: tx.db.nextId('job'),
    type: input.type ?? 'CUSTOMER_USER',
    dryRun: input.dryRun,
    status: 'PENDING',
    storeIds,
    format: input.format,
    delimiter: input.delimiter ?? null,
    encoding: null,
    progress: { processed: 0, total: 0 },
    counts: { created: 0, updated: 0, deleted: 0, failed: 0 },
    warnings: [],
    createdBy: tx.actor,
    createdAt: tx.now,
    startedAt: null,
    finishedAt: null,
    headers: [],
    failures: [],
  }
  tx.db.importJobs.insert(job)
  tx.audit('create', 'import-job', job.id, null, { type: job.type, dryRun: job.dryRun, storeIds, format: job.format })
  return job
}

// ---- R3: what a job may hold, how many may wait, how long they are kept ---------------------------------------

/** R3: how many import jobs may wait or run at once (a job is unfinished while PENDING or RUNNING). */
export interface ImportJobLimits {
  /** Unfinished jobs of one operator. Default 3. */
  perOperator: number
  /** Unfinished jobs of every operator together. Default 10. */
  total: number
}
export const DEFAULT_IMPORT_JOB_LIMITS: ImportJobLimits = { perOperator: 3, total: 10 }

/** R3: which finished jobs are kept: the newest `kept`, none finished more than `maxAgeDays` ago. */
export interface ImportJobRetention {
  /** Finished jobs kept (the newest). Default 100. */
  kept: number
  /** Days a finished job is kept. Default 30. */
  maxAgeDays: number
}
export const DEFAULT_IMPORT_JOB_RETENTION: ImportJobRetention = { kept: 100, maxAgeDays: 30 }

/** R3: a cell, header or id kept with a job is cut to this many characters. */
export const KEPT_CELL_MAX = 200
/** R3: a message kept with a job is cut to this many characters. */
export const KEPT_MESSAGE_MAX = 500
/** R3: at most this many distinct file warnings are kept (the last one then says how many more there were). */
export const KEPT_WARNINGS_MAX = 50
/** R3: failed rows kept with a job, at most. */
export const KEPT_FAILURES_MAX = 1000
/** R3: the bytes of detail (headers, warnings, failed rows, as stored JSON) a job keeps, at most. */
export const KEPT_DETAIL_BYTES = 1024 * 1024

/**
 * R3: refuses a new job when its operator, or everyone together, already has as many unfinished jobs as allowed
 * (429 `TOO_MANY_REQUESTS`; the route adds `Retry-After`). Nothing is queued or kept for a refused job.
 */
export function assertImportJobRoom(db: Db, actor: string, limits: ImportJobLimits) {
  let mine = 0
  let all = 0
  for (const job of db.importJobs.values()) {
    if (job.status !== 'PENDING' && job.status !== 'RUNNING') continue
    all++
    if (job.createdBy === actor) mine++
  }
  if (mine >= limits.perOperator)
    throw new ProblemError(
      'TOO_MANY_REQUESTS',
      `You already have ${mine} import job${mine > 1 ? 's' : ''} waiting or running (at most ${limits.perOperator}): post this one when one of them has finished.`,
    )
  if (all >= limits.total)
    throw new ProblemError(
      'TOO_MANY_REQUESTS',
      `${all} import jobs are already waiting or running (at most ${limits.total}): post this one when one of them has finished.`,
    )
}

/**
 * R3: a file with more than {@link MAX_CSV_COLUMNS} columns is refused when it is posted (400, naming `header`), before
 * anything is parsed or queued: its header alone could hold megabytes of column names, each a warning to keep. The
 * count reads only the header line of the bytes. JSON rows count their fields and distinct custom fields.
 */
export function assertImportColumns(source: ImportSource, type: ImportJobType = 'CUSTOMER_USER') {
  const what = type === 'CUSTOMER_ACCOUNT' ? 'customer-account' : 'customer-user'
  if (source.format === 'CSV') {
    const columns = countHeaderColumns(source.bytes, source.delimiter)
    if (columns > MAX_CSV_COLUMNS)
      throw fail.validation([
        fail.field(
          'header',
          'INVALID',
          `the header line has ${columns.toLocaleString('en')} columns; a ${what} file may have at most ${MAX_CSV_COLUMNS}: remove the columns that are not ${what} fields or custom fields`,
        ),
      ])
    return
  }
  const fields = Object.keys(
    type === 'CUSTOMER_ACCOUNT' ? CUSTOMER_ACCOUNT_IMPORT_HEADERS : CUSTOMER_USER_IMPORT_HEADERS,
  ).length
  const custom = new Set<string>()
  source.rows.forEach((r, i) => {
    for (const key of Object.keys(r.customFields ?? {})) {
      custom.add(key)
      if (fields + custom.size > MAX_CSV_COLUMNS)
        throw fail.validation([
          fail.field(
            `rows[${i}].customFields`,
            'INVALID',
            `the rows name more than ${MAX_CSV_COLUMNS - fields} custom fields; an import may have at most ${MAX_CSV_COLUMNS} columns`,
          ),
        ])
    }
  })
}

/**
 * R3: forgets finished jobs (DONE or FAILED) past the newest `retention.kept`, and those finished more than
 * `retention.maxAgeDays` ago. Unfinished jobs are never pruned. Returns the ids removed.
 */
export function pruneImportJobs(db: Db, retention: ImportJobRetention, now: Date): string[] {
  const finished = [...db.importJobs.values()].filter((j) => j.status === 'DONE' || j.status === 'FAILED')
  if (!finished.length) return []
  finished.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1))
  const oldest = now.getTime() - retention.maxAgeDays * 24 * 60 * 60 * 1000
  const removed: string[] = []
  finished.forEach((job, i) => {
    if (i >= retention.kept || Date.parse(job.finishedAt ?? job.createdAt) < oldest) removed.push(job.id)
  })
  for (const id of removed) db.importJobs.remove(id)
  return removed
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
const boundIssue = (i: ImportIssueRecord): ImportIssueRecord => ({
  code: i.code,
  column: i.column === null ? null : cut(i.column, KEPT_CELL_MAX),
  message: cut(i.message, KEPT_MESSAGE_MAX),
})
/** UTF-8 bytes of `value` as JSON, without Node's Buffer (the app also runs in browsers, under MSW). */
function jsonBytes(value: unknown) {
  const text = JSON.stringify(value)
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) bytes += c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 1 : 2 // a surrogate pair: 2 + 2 = 4
  }
  return bytes
}

/**
 * R3: file warnings as kept: one per code and column (30 columns named "notes" are one warning), at most
 * {@link KEPT_WARNINGS_MAX}, the last then saying how many more there were.
 */
export function boundWarnings(warnings: readonly ImportIssueRecord[]): ImportIssueRecord[] {
  const seen = new Set<string>()
  const out: ImportIssueRecord[] = []
  let more = 0
  for (const w of warnings) {
    const b = boundIssue(w)
    const key = `${b.code}\u0000${b.column}`
    if (seen.has(key)) continue
    seen.add(key)
    if (out.length < KEPT_WARNINGS_MAX - 1) out.push(b)
    else more++
  }
  if (more === 1) out.push(boundIssue(warnings.at(-1)!))
  else if (more > 1)
    out.push({ code: 'F-W-001', column: null, message: `… and ${more} more warnings like these, not listed.` })
  return out
}

/**
 * R5: a failed row's messages with the row's secret values blanked out — a safety net: no message quotes a secret
 * column (rows.ts), but a message about another column might happen to quote the same text.
 */
export function withoutSecretValues(
  issues: ImportIssueRecord[],
  cells: readonly string[],
  secret: readonly boolean[],
): ImportIssueRecord[] {
  let values: string[] | undefined
  for (let i = 0; i < secret.length; i++) {
    if (!secret[i]) continue
    const v = (cells[i] ?? '').trim()
    if (v.length >= 3) (values ??= []).push(v, v.slice(0, 77), JSON.stringify(v).slice(1, -1))
  }
  if (!values) return issues
  const hide = (text: string) => values!.reduce((t, v) => (v.length >= 3 ? t.replaceAll(v, '•••') : t), text)
  return issues.map((i) => ({ ...i, message: hide(i.message) }))
}

/**
 * R3: the detail a job keeps — its headers, warnings and failed rows — cut to size and counted as the JSON that
 * is stored: cells, headers and ids at most {@link KEPT_CELL_MAX} characters, messages {@link KEPT_MESSAGE_MAX}, at
 * most {@link KEPT_FAILURES_MAX} failed rows and {@link KEPT_DETAIL_BYTES} bytes in all. Secret cells (R5) are empty.
 */
export class ImportJobDetail {
  readonly headers: string[]
  readonly warnings: ImportIssueRecord[]
  readonly failures: ImportFailureRecord[] = []
  /** Bytes of stored JSON so far (headers, warnings, failures). */
  bytes: number
  #full = false

  constructor(
    headers: readonly string[],
    warnings: readonly ImportIssueRecord[],
    private readonly secret: readonly boolean[],
  ) {
    this.headers = headers.map((h) => cut(h, KEPT_CELL_MAX))
    this.warnings = boundWarnings(warnings)
    this.bytes = jsonBytes(this.headers) + jsonBytes(this.warnings)
  }

  /** Keeps a failed row if it still fits; false once the job keeps no more. */
  add(index: number, outcome: RowOutcome, cells: readonly string[]): boolean {
    if (this.#full || this.failures.length >= KEPT_FAILURES_MAX) return false
    const record: ImportFailureRecord = {
      index,
      line: outcome.line,
      externalId: cut(outcome.externalId, KEPT_CELL_MAX),
      errors: outcome.errors.map(boundIssue),
      warnings: outcome.warnings.map(boundIssue),
      cells: cells.map((c, i) => (this.secret[i] ? '' : cut(c, KEPT_CELL_MAX))),
    }
    const size = jsonBytes(record) + 1
    if (this.bytes + size > KEPT_DETAIL_BYTES) {
      this.#full = true
      return false
    }
    this.bytes += size
    this.failures.push(record)
    return true
  }
}

/** Jobs are records like any other: replaced, never changed in place. Returns the new record. */
export function saveImportJob(db: Db, job: ImportJobRecord, fields: Partial<ImportJobRecord>): ImportJobRecord {
  const next = { ...job, ...fields }
  db.importJobs.replace(next)
  return next
}

/** The job failed as a whole (unreadable file, interruption): finished now, with the reason. */
export function failImportJob(db: Db, job: ImportJobRecord, code: ImportJobErrorCode, error: string, now: string) {
  return saveImportJob(db, job, {
    status: 'FAILED',
    errorCode: code,
    error,
    finishedAt: now,
    startedAt: job.startedAt ?? now,
  })
}

// ---- one row -----------------------------------------------------------------------------------------------

/**
 * The Tx of a dry run: the rules run exactly as in the real run, on a copy of the data that is dropped at the
 * end, so the audit log of changes that never happen would only cost time and memory.
 */
export class DryRunTx extends Tx {
  override audit() {}
}

/** What the job knows of the file while it applies rows. */
export interface ImportPlan {
  /** The header that holds each field (as written); a field the file has no column for is absent. */
  header: Partial<Record<CustomerUserColumn, string>>
  /** Custom field externalId → its header. */
  customFieldHeaders: Map<string, string>
  /** I4: the job's stores; non-empty → every row gets them. */
  jobStoreIds: string[]
}

export function planImport(mapping: HeaderMapping, jobStoreIds: readonly string[]): ImportPlan {
  const header: ImportPlan['header'] = {}
  const customFieldHeaders = new Map<string, string>()
  for (const c of mapping.columns) {
    if ('field' in c) header[c.field] = c.header
    else if ('customField' in c) customFieldHeaders.set(c.customField, c.header)
  }
  return { header, customFieldHeaders, jobStoreIds: [...jobStoreIds] }
}

export interface RowOutcome {
  line: number
  externalId: string
  status: ImportRowStatus
  errors: ImportIssueRecord[]
  warnings: ImportIssueRecord[]
}

/**
 * R5: secret columns — the password under any of its names, and any column named like a secret (`pwd`, `Mot de
 * passe`, `api_token`…): a report never gives their cells back, nor does a saved job (docs/conventions.md §2, §6).
 */
export const secretColumns = (headers: readonly string[]) => headers.map(isSecretHeader)
/** A row's cells with its password cells emptied. */
export const withoutSecrets = (cells: readonly string[], secret: readonly boolean[]) =>
  cells.map((c, i) => (secret[i] ? '' : c))

/**
 * The password a row needs prepared (hashing is slow and asynchronous, so it happens before the synchronous
 * change): the one it gives, a generated one when it may create a user without one (U6), or none (a deletion,
 * or a row that already failed its shape check).
 */
export function passwordNeed(check: RowCheck): 'given' | 'generated' | null {
  if (check.row.delete || check.errors.length) return null
  return check.row.password !== null ? 'given' : 'generated'
}

export interface RowPasswords {
  /** The row's own password, hashed; required when {@link passwordNeed} says `given`. */
  given?: NewPassword
  /** A generated password, hashed; used only if the row creates a user. */
  generated?: NewPassword
}

const EMPTY: ImportIssueRecord[] = []
/** A value in a message, quoted and cut at 80 characters. */
const q = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}…` : s)

/**
 * I3–I6 for one row, against the data as it is now (earlier rows included): create when the externalId is
 * unknown, update when it is known, delete with `Delete = TRUE`. Every error of the row is collected first
 * (shape errors from the shared module, then the data's); a row with any error changes nothing.
 */
export function importCustomerUserRow(tx: Tx, check: RowCheck, plan: ImportPlan, passwords: RowPasswords): RowOutcome {
  const { row } = check
  const { db } = tx
  // §5: no closure per row — the helpers below take the row's errors.
  const errors: ImportIssueRecord[] = [...check.errors]
  const current = row.externalId ? db.customerUsers.findBy('externalId', row.externalId) : undefined

  // I5: Delete = TRUE deletes; there must be someone to delete.
  if (row.delete) {
    if (!current && row.externalId)
      addIssue(errors, plan, 'externalId', 'F-E-002', `There is no customer user ${q(row.externalId)} to delete.`)
    if (errors.length) return rowOutcome(check, errors, 'FAILED')
    deleteCustomerUser(tx, current!)
    return rowOutcome(check, errors, 'DELETED')
  }

  // References are external ids in the file (docs/conventions.md §2); the user stores DJUST ids.
  const accounts = lookUp(row.accountIds, (x) => db.customerAccounts.findBy('externalId', x))
  if (accounts.unknown.length)
    addIssue(
      errors,
      plan,
      'accountIds',
      'F-E-002',
      `Unknown customer account${s(accounts.unknown)}: ${list(accounts.unknown)}.`,
    )
  const orgs = lookUp(row.organisationIds, (x) => db.organisations.findBy('externalId', x))
  if (orgs.unknown.length)
    addIssue(
      errors,
      plan,
      'organisationIds',
      'F-E-002',
      `Unknown organisation${s(orgs.unknown)}: ${list(orgs.unknown)}.`,
    )
  // U3: organisations belong to the user's accounts. Only judged when every account is known.
  if (!accounts.unknown.length) {
    const accountIds = new Set(accounts.found.map((a) => a.id))
    const outside = orgs.found.filter((o) => !accountIds.has(o.accountId)).map((o) => o.externalId)
    if (outside.length)
      addIssue(
        errors,
        plan,
        'organisationIds',
        'F-E-008',
        `${list(outside)} ${outside.length > 1 ? 'belong' : 'belongs'} to none of the user's accounts (${list(row.accountIds, String)}).`,
      )
  }

  // I4, U10: the job's stores win; else the file's. On a multi-store tenant a row needs one (the shared check
  // flags it too, told `multiStore`); otherwise an empty cell leaves U10's default (create) or the stores (update).
  let storeIds: string[] | undefined
  if (plan.jobStoreIds.length) storeIds = plan.jobStoreIds
  else if (row.storeIds.length) {
    const unknown = row.storeIds.filter((x) => !db.stores.findBy('externalId', x))
    if (unknown.length) addIssue(errors, plan, 'storeIds', 'F-E-002', `Unknown store${s(unknown)}: ${list(unknown)}.`)
    storeIds = row.storeIds
  } else if (
    db.stores.size > 1 &&
    !check.errors.some((e) => e.code === 'F-E-001' && e.message.startsWith('storeIds'))
  ) {
    // (Unless the shape check, told `multiStore`, already said so.)
    addIssue(
      errors,
      plan,
      'storeIds',
      'F-E-001',
      'A store is required on a multi-store tenant: fill the store column, or give the job stores.',
    )
  }

  // U2: the email is the login, unique among customer users (case-insensitive).
  if (row.email) {
    const holder = db.customerUsers.findBy('email', row.email.toLowerCase())
    if (holder && holder.id !== current?.id)
      addIssue(
        errors,
        plan,
        'email',
        'F-E-003',
        `${q(row.email)} is already the email of customer user ${q(holder.externalId)}.`,
      )
  }

  // CF2: the file's custom field columns, typed by their definitions, over the values the user has.
  const customFields = customFieldValues(db, row.customFields, plan, current)
  if (customFields) errors.push(...customFieldIssues(db, customFields, plan))

  if (errors.length) return rowOutcome(check, errors, 'FAILED')

  const input: CustomerUserInput = {
    externalId: row.externalId,
    civility: row.civility as CustomerUserRecord['civility'],
    firstName: row.firstName!,
    lastName: row.lastName!,
    email: row.email!,
    phone: row.phone!,
    // U16: a plain list, as the file has it; the domain applies it to the row's accounts (customer-users.ts).
    groups: row.groups as CustomerUserInput['groups'],
    accountIds: accounts.found.map((a) => a.id),
    // A column the file does not have keeps what the user has (update); a column it has sets the value.
    ...(plan.header.organisationIds !== undefined || !current ? { organisationIds: orgs.found.map((o) => o.id) } : {}),
    ...(plan.header.mainOrganisationId !== undefined
      ? {
          mainOrganisationId: row.mainOrganisationId
            ? db.organisations.findBy('externalId', row.mainOrganisationId)!.id
            : null,
        }
      : {}),
    ...(storeIds ? { storeIds } : {}),
    // I5: Inactive = TRUE deactivates, FALSE (or empty) reactivates; a new user otherwise gets S2's default (U9).
    // I10: Active = TRUE activates, FALSE deactivates, empty says nothing (the shape check refused a contradiction).
    ...(row.inactive || row.active === false
      ? { status: 'INACTIVE' as const }
      : row.active === true || (current && plan.header.inactive !== undefined)
        ? { status: 'ACTIVE' as const }
        : {}),
    ...(customFields ? { customFields } : {}),
  }
  // CF2 ran above, where its problems could name the file's columns: the domain need not run it again.
  const hooks = CUSTOM_FIELDS_CHECKED
  try {
    if (current) {
      // I3: an empty password keeps the password (U6).
      updateCustomerUser(tx, current, input, row.password !== null ? passwords.given! : null, hooks)
      return rowOutcome(check, errors, 'UPDATED')
    }
    const password = row.password !== null ? passwords.given : passwords.generated
    if (!password) throw new Error(`import: no password prepared for line ${row.line}`)
    createCustomerUser(tx, input, password, hooks)
    return rowOutcome(check, errors, 'CREATED')
  } catch (e) {
    // A rule not checked above (U4 against stored organisations, a concurrent change…): the row fails alone.
    if (!(e instanceof ProblemError)) throw e
    errors.push(...problemIssues(e, plan))
    return rowOutcome(check, errors, 'FAILED')
  }
}

const CUSTOM_FIELDS_CHECKED: UserRuleHooks = { validateCustomFields: () => {} }

/** One of the row's errors, on the column that holds `field` (null when the file has none). */
function addIssue(
  errors: ImportIssueRecord[],
  plan: ImportPlan,
  field: CustomerUserColumn,
  code: ImportIssueRecord['code'],
  message: string,
) {
  errors.push({ code, column: plan.header[field] ?? null, message })
}

/** The row's outcome: its errors only when it failed, its shape warnings in any case. */
function rowOutcome(check: RowCheck, errors: ImportIssueRecord[], status: ImportRowStatus): RowOutcome {
  return {
    line: check.row.line,
    externalId: check.row.externalId,
    status,
    errors: status === 'FAILED' ? dedupe(errors) : EMPTY,
    warnings: check.warnings.length ? check.warnings : EMPTY,
  }
}

function lookUp<T>(externalIds: readonly string[], find: (externalId: string) => T | undefined) {
  const found: T[] = []
  const unknown: string[] = []
  for (const x of externalIds) {
    const hit = find(x)
    if (hit) found.push(hit)
    else unknown.push(x)
  }
  return { found, unknown }
}
const s = (xs: readonly unknown[]) => (xs.length > 1 ? 's' : '')
/** Values in a message: the first ten (each cut at 80 characters), then how many more. */
const list = (xs: readonly string[], quote: (x: string) => string = q) =>
  xs.length > 10 ? `${xs.slice(0, 10).map(quote).join(', ')} and ${xs.length - 10} more` : xs.map(quote).join(', ')

/** Same code and column once: the shape check and the data check may both see a duplicate. */
export function dedupe(issues: ImportIssueRecord[]): ImportIssueRecord[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    // (Whole-row issues keep their messages apart: I10, each missing required column is its own F-E-001.)
    const key = `${i.code}\u0000${i.column}${i.column === null ? `\u0000${i.message}` : ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

// ---- custom fields ----------------------------------------------------------------------------------------

/** The entities a file's custom-field columns belong to (CF1): users (I1) or accounts (I11). */
export type ImportedEntity = 'CUSTOMER_USER' | 'CUSTOMER_ACCOUNT'

const definitionOf = (db: Db, externalId: string, entity: ImportedEntity = 'CUSTOMER_USER') =>
  db.customFields.findBy('externalId', `${entity}/${externalId}`)

/** R4: one way only to match each number (`\d+\.?\d*` could split a long run of digits in n ways, at each n). */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i

/** A cell's text as a value of its definition's type; text that does not convert is kept, for CF2 to refuse. */
export function typedValue(def: CustomFieldRecord | undefined, text: string): CustomFieldValues[string] {
  const one = (t: string): string | number | boolean => {
    if (def?.type === 'NUMBER' && NUMBER.test(t)) return Number(t)
    if (def?.type === 'BOOLEAN' && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true'
    return t
  }
  if (!def?.multiple) return one(text)
  return unique(
    text
      .split('||')
      .map((p) => p.trim())
      .filter(Boolean),
  ).map(one)
}

/**
 * The values to store, or `undefined` when nothing changes them: a new record gets the file's values; an
 * existing one keeps values the file has no column for, and a column with an empty cell clears its value.
 */
export function customFieldValues(
  db: Db,
  cells: Record<string, string>,
  plan: { customFieldHeaders: ReadonlyMap<string, string> },
  current: { customFields: CustomFieldValues } | undefined,
  entity: ImportedEntity = 'CUSTOMER_USER',
) {
  if (current && plan.customFieldHeaders.size === 0) return undefined
  const values: CustomFieldValues = current ? { ...current.customFields } : {}
  for (const key of plan.customFieldHeaders.keys()) {
    if (Object.hasOwn(cells, key)) values[key] = typedValue(definitionOf(db, key, entity), cells[key])
    else delete values[key]
  }
  return values
}

/** CF2's verdict as row issues on the custom field's column. */
export function customFieldIssues(
  db: Db,
  values: CustomFieldValues,
  plan: { customFieldHeaders: ReadonlyMap<string, string> },
  entity: ImportedEntity = 'CUSTOMER_USER',
): ImportIssueRecord[] {
  try {
    validateCustomFields(db, entity, values)
    return []
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e
    return (e.errors ?? []).map((err) => {
      const key = err.field.replace(/^customFields\./, '')
      const def = definitionOf(db, key, entity)
      const code: ImportIssueRecord['code'] =
        err.code === 'REQUIRED'
          ? 'F-E-001'
          : err.code === 'UNKNOWN_FIELD'
            ? 'F-E-002'
            : def?.type === 'LIST'
              ? 'F-E-008'
              : 'F-E-004'
      const column = plan.customFieldHeaders.get(key) ?? null
      const message =
        err.code === 'UNKNOWN_FIELD'
          ? `There is no ${entity === 'CUSTOMER_USER' ? 'customer-user' : 'customer-account'} custom field ${q(key)}.`
          : err.code === 'REQUIRED'
            ? `Custom field ${q(key)} is required${column ? '' : `, and the file has no "customField.${key}" column`}.`
            : `Custom field ${q(key)} ${err.message}.`
      return { code, column, message }
    })
  }
}

// ---- domain problems as row issues -------------------------------------------------------------------------

/** The CSV column of a domain field path (`accountIds[0]` → the account column). */
function problemIssues(e: ProblemError, plan: ImportPlan): ImportIssueRecord[] {
  if (!e.errors?.length) return [{ code: 'F-E-004', column: null, message: e.message }]
  return e.errors.map((err) => {
    if (err.field.startsWith('customFields.')) {
      const key = err.field.slice('customFields.'.length)
      return {
        code: err.code === 'REQUIRED' ? 'F-E-001' : 'F-E-004',
        column: plan.customFieldHeaders.get(key) ?? null,
        message: `Custom field ${q(key)} ${err.message}.`,
      }
    }
    const field = err.field.replace(/\[\d+\]$/, '') as CustomerUserColumn
    const column = plan.header[field] ?? null
    const code: ImportIssueRecord['code'] =
      err.code === 'DUPLICATE'
        ? 'F-E-003'
        : err.code === 'UNKNOWN_REFERENCE'
          ? 'F-E-002'
          : err.code === 'REQUIRED'
            ? 'F-E-001'
            : field === 'mainOrganisationId'
              ? /required/.test(err.message)
                ? 'F-E-001'
                : 'F-E-006'
              : field === 'storeIds'
                ? 'F-E-001'
                : field === 'organisationIds'
                  ? 'F-E-008'
                  : 'F-E-004'
    return { code, column, message: `${field} ${err.message}.` }
  })
}
