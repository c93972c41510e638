/**
 * A customer-user CSV held between the steps of an import screen: read once, then read again with another delimiter
 * or encoding, mapped by hand, corrected cell by cell and checked again, without the file being given again — and
 * every issue told in the user's language (`./sentences.ts`). What `<dj-user-import>` runs, in its module worker or,
 * when no worker can start, on the main thread; any other import screen can do the same.
 *
 * Nothing throws: a file that cannot be read comes back as `{ failure }`, with its reader code, its English message
 * and the user's sentence. Replies are plain data (structured-clonable), so a worker can post them as they are.
 */
import type { CsvDelimiter, CsvEncoding, CsvIssue, CsvReadErrorCode, HeaderMapping, ParsedCsv } from './contract.js'
import { CUSTOMER_USER_COLUMNS } from './contract.js'
import { CUSTOMER_USER_IMPORT_HEADERS, mapCustomerUserHeaders, type HeaderOverrides } from './headers.js'
import { CsvReadError } from './parse.js'
import { csvIssueSentence, csvReadSentence } from './sentences.js'
import { checkCustomerUserCsv, readCsv } from './validate.js'

/** An issue with what the user reads about it, in the language asked for (see `csvIssueSentence`). */
export type CsvSaidIssue = CsvIssue & { sentence: string }

/** Why the file cannot be read: the reader's code and English message, and the user's sentence. */
export interface CsvSessionFailure {
  code: CsvReadErrorCode | 'INTERNAL'
  message: string
  line?: number
  sentence?: string
}

/** Read (or read again) the file: decode, detect or apply the delimiter, map the headers, check every row. */
export interface CsvSessionReadRequest {
  /** The file's bytes. Omitted: read the bytes the session already holds again. */
  bytes?: ArrayBuffer | Uint8Array
  delimiter?: CsvDelimiter
  /** Decode with this encoding instead of detecting it. */
  encoding?: CsvEncoding
  /** The job's stores (I4): the file's store column is then ignored. */
  jobStoreIds?: string[]
  /** Headers mapped by hand; omitted: the automatic mapping plus the guesses for near misses (`guessed`). */
  overrides?: HeaderOverrides
  /** Cells to use instead of the file's (a session started again after edits gets the edited rows back). */
  records?: string[][]
  /** The language of the sentences (a BCP 47 tag; unknown languages read English). */
  language?: string
}

/** Check the rows again with another mapping or job stores, optionally after editing one cell. */
export interface CsvSessionCheckRequest {
  overrides: HeaderOverrides
  jobStoreIds?: string[]
  edit?: { row: number; column: number; value: string }
  language?: string
}

/** The sentences of `issues` (in order) and of `read`, in `language`; `mapping` says which field each column holds. */
export interface CsvSessionDescribeRequest {
  issues: CsvIssue[]
  mapping?: HeaderMapping
  read?: { code: string; message: string }
  language?: string
}

/** The rows checked: mapping, errors of the failing rows only (sparse), file warnings and counts. */
export interface CsvSessionCheck {
  mapping: HeaderMapping
  /** `[row index, every error of that row]`, failing rows only. */
  errors: [number, CsvSaidIssue[]][]
  warnings: CsvSaidIssue[]
  counts: { rows: number; valid: number; failed: number }
  /** The mapping leaves no customer-user column (every column ignored): nothing can be checked. */
  error?: CsvSessionFailure
}

export interface CsvSessionRead extends CsvSessionCheck {
  headers: string[]
  records: string[][]
  lines: number[]
  delimiter: CsvDelimiter
  delimiterDetected: boolean
  encoding: CsvEncoding
  /** The file starts with a UTF-8 byte-order mark. */
  bom: boolean
  /** The overrides in force: the caller's, or the guesses for near-miss headers. */
  overrides: HeaderOverrides
  /** Headers whose field is a guess (a near miss such as `Mail` → email), to be confirmed by the user. */
  guessed: string[]
  /** Each customer-user field with its import-page header (I1), in template order. */
  catalogue: [field: string, header: string][]
  /** Per column, the custom field its header names (`customField.X`, `Customer User Custom Field X`), else null. */
  customFields: (string | null)[]
}

export interface CsvImportSession {
  read(request: CsvSessionReadRequest): CsvSessionRead | { failure: CsvSessionFailure }
  check(request: CsvSessionCheckRequest): CsvSessionCheck | { failure: CsvSessionFailure }
  describe(request: CsvSessionDescribeRequest): { sentences: string[]; read?: string }
}

/**
 * Near misses (`Mail`, `Telephone`, `Organization Ids`…) are unknown columns for the rules, which only suggest a
 * field. A session applies the suggestion, as an override the user can see and undo, when no other column holds
 * that field: a file that says `Mail` means the email.
 */
function guess(mapping: HeaderMapping): HeaderOverrides {
  const taken = new Set(mapping.columns.flatMap((c) => ('field' in c ? [c.field] : [])))
  const overrides: HeaderOverrides = {}
  for (const c of mapping.columns) {
    if ('unknown' in c && c.suggestion && !taken.has(c.suggestion) && !(c.header in overrides)) {
      overrides[c.header] = c.suggestion
      taken.add(c.suggestion)
    }
  }
  return overrides
}

/**
 * A new session, holding no file yet.
 * @example
 * ```ts
 * const session = createCsvImportSession()
 * const read = session.read({ bytes: await file.arrayBuffer(), language: 'fr' })
 * if ('failure' in read) show(read.failure.sentence)
 * else for (const [i, errors] of read.errors) show(read.lines[i], errors.map((e) => e.sentence))
 * ```
 */
export function createCsvImportSession(): CsvImportSession {
  let bytes: Uint8Array | undefined
  let parsed: ParsedCsv | undefined

  const failure = (e: unknown, language?: string): CsvSessionFailure => {
    const f: CsvSessionFailure =
      e instanceof CsvReadError
        ? { code: e.code, message: e.message, line: e.line }
        : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }
    f.sentence = csvReadSentence(f, language)
    return f
  }
  const say = (issues: CsvIssue[], mapping?: HeaderMapping, language?: string) => {
    // (No mapping: the field is read from the column's name.)
    for (const e of issues) (e as CsvSaidIssue).sentence = csvIssueSentence(e, language, mapping)
    return issues as CsvSaidIssue[]
  }

  function check(overrides: HeaderOverrides, jobStoreIds?: string[], language?: string): CsvSessionCheck {
    const p = parsed!
    try {
      const r = checkCustomerUserCsv(p, { headerOverrides: overrides, jobStoreIds })
      const errors: [number, CsvSaidIssue[]][] = []
      r.rows.forEach((row, i) => row.errors.length && errors.push([i, say(row.errors, r.mapping, language)]))
      return { mapping: r.mapping, errors, warnings: say(r.warnings, r.mapping, language), counts: r.counts }
    } catch (e) {
      if (!(e instanceof CsvReadError)) throw e
      // Every column ignored (NO_HEADER): the mapping is still given, so that the user can map one again.
      const mapping = mapCustomerUserHeaders(p.headers, overrides)
      const n = p.records.length
      return {
        mapping,
        errors: [],
        warnings: say(mapping.warnings, mapping, language),
        counts: { rows: n, valid: 0, failed: n },
        error: failure(e, language),
      }
    }
  }

  return {
    read(r) {
      if (r.bytes) bytes = r.bytes instanceof Uint8Array ? r.bytes : new Uint8Array(r.bytes)
      try {
        if (!bytes) throw new CsvReadError('EMPTY', 'No file.')
        // An encoding chosen by the user: TextDecoder decodes as told (a UTF-8 BOM is dropped by the UTF-8 decoder).
        const p = r.encoding
          ? {
              ...readCsv(new TextDecoder(r.encoding).decode(bytes), { delimiter: r.delimiter }),
              encoding: r.encoding,
              bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
            }
          : readCsv(bytes, { delimiter: r.delimiter })
        if (r.records && r.records.length === p.records.length) p.records = r.records
        parsed = p
        const auto = mapCustomerUserHeaders(p.headers)
        const overrides = r.overrides ?? guess(auto)
        return {
          ...check(overrides, r.jobStoreIds, r.language),
          headers: p.headers,
          records: p.records,
          lines: p.lines,
          delimiter: p.delimiter,
          delimiterDetected: p.delimiterDetected,
          encoding: p.encoding,
          bom: p.bom,
          overrides,
          guessed: r.overrides ? [] : Object.keys(overrides),
          catalogue: CUSTOMER_USER_COLUMNS.map((f) => [f, CUSTOMER_USER_IMPORT_HEADERS[f]]),
          customFields: auto.columns.map((c) => ('customField' in c ? c.customField : null)),
        }
      } catch (e) {
        parsed = undefined
        return { failure: failure(e, r.language) }
      }
    },
    check(r) {
      try {
        if (!parsed) throw new CsvReadError('EMPTY', 'No file has been read.')
        const edit = r.edit
        if (edit && parsed.records[edit.row]) parsed.records[edit.row][edit.column] = edit.value
        return check(r.overrides, r.jobStoreIds, r.language)
      } catch (e) {
        return { failure: failure(e, r.language) }
      }
    },
    describe(r) {
      return {
        sentences: say(r.issues, r.mapping, r.language).map((e) => e.sentence),
        read: r.read && csvReadSentence(r.read, r.language),
      }
    },
  }
}
