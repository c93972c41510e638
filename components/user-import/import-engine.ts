/**
 * What `<dj-user-import>` runs off the main thread: the SDK's CSV import module (`sdk/import`: decode, parse,
 * header mapping, row rules — the same code as the server's, I8) behind a small request/reply protocol, with
 * the file and its rows kept here between requests so that a reparse, a mapping change or a cell edit sends a
 * few bytes rather than the file.
 *
 * {@link makeEngine} builds the engine from the import module given to it, synchronously: the module worker
 * (`import.worker.ts`) imports `sdk/import` statically and calls it, so that the worker has neither a top-level
 * await nor a dynamic import — what a worker bundled as a classic script (Vite's default `iife` worker format)
 * cannot have. When no worker can be started (a CSP without `worker-src`, a worker script that does not load),
 * the element imports this module itself and runs {@link createEngine} on the main thread, which loads
 * `sdk/import` with a dynamic `import()`: the element's bundle still loads the import module only when an import
 * starts (docs/budgets.md §5).
 */
import type {
  CsvDelimiter,
  CsvEncoding,
  CsvIssue,
  CsvReadErrorCode,
  HeaderMapping,
  HeaderOverrides,
  ParsedCsv,
} from '@dj-customers/sdk/import'

/** Read (or read again) the file: decode, detect or apply the delimiter, map the headers, check every row. */
export interface ReadRequest {
  op: 'read'
  /** The file's bytes (transferred). Omitted: read the bytes this engine already holds again. */
  bytes?: ArrayBuffer
  delimiter?: CsvDelimiter
  /** Decode with this encoding instead of detecting it (TextDecoder). */
  encoding?: CsvEncoding
  /** The job's stores (I4): the file's store column is then ignored. */
  jobStoreIds: string[]
  /** Headers mapped by hand; omitted: the automatic mapping plus the guesses for near misses. */
  overrides?: HeaderOverrides
  /** Cells to use instead of the file's (an engine restarted after edits gets the edited rows back). */
  records?: string[][]
}

/** Check the rows again with another mapping or job stores, optionally after editing one cell. */
export interface CheckRequest {
  op: 'check'
  overrides: HeaderOverrides
  jobStoreIds: string[]
  edit?: { row: number; column: number; value: string }
}

/** The SDK's template (import-page headers and one example row). */
export interface TemplateRequest {
  op: 'template'
  delimiter?: CsvDelimiter
}

export type EngineRequest = ReadRequest | CheckRequest | TemplateRequest

/** Which thread did the work: an honest observable of where parsing ran (`WorkerGlobalScope` exists only in workers). */
export type EngineThread = 'worker' | 'main-thread'

/** The rows checked: mapping, errors of the failing rows only (sparse), file warnings and counts. */
export interface CheckReply {
  thread: EngineThread
  mapping: HeaderMapping
  /** `[row index, every error of that row]`, failing rows only. */
  errors: [number, CsvIssue[]][]
  warnings: CsvIssue[]
  counts: { rows: number; valid: number; failed: number }
  /** The mapping leaves no customer-user column (every column ignored): nothing can be checked. */
  error?: { code: CsvReadErrorCode; message: string; line?: number }
}

export interface ReadReply extends CheckReply {
  headers: string[]
  records: string[][]
  lines: number[]
  delimiter: CsvDelimiter
  delimiterDetected: boolean
  encoding: CsvEncoding
  /** The file starts with a UTF-8 byte-order mark. */
  bom: boolean
  /** The overrides in force: the caller's, or the guesses for near-miss headers (see {@link guess}). */
  overrides: HeaderOverrides
  /** Headers whose field is a guess (a near miss such as `Mail` → email), to be confirmed by the user. */
  guessed: string[]
  /** The SDK's header catalogue: each customer-user field with its import-page header (I1), in template order. */
  catalogue: [field: string, header: string][]
  /** Per column, the custom field its header names (`customField.X`, `Customer User Custom Field X`), else null. */
  customFields: (string | null)[]
}

/** The file cannot be read as a customer-user CSV (CsvReadError), or something else went wrong. */
export interface FailureReply {
  thread: EngineThread
  failure: { code: CsvReadErrorCode | 'INTERNAL'; message: string; line?: number }
}

export type EngineReply = ReadReply | CheckReply | FailureReply | { thread: EngineThread; template: string }

export interface Engine {
  /** One request, one reply; `transfer` lists what a worker takes over (the file's bytes). */
  call(request: EngineRequest, transfer?: Transferable[]): Promise<EngineReply>
  /** Ends the engine's thread (a worker); calls in flight reject. */
  stop?(): void
}

const thread = (): EngineThread =>
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function' ? 'worker' : 'main-thread'

/**
 * Near misses (`Mail`, `Telephone`, `Organization Ids`…) are unknown columns for the SDK and the server, which
 * only suggest a field. Here the suggestion is applied, as an override the user sees marked "guessed" and can
 * undo, when no other column holds that field: a file that says `Mail` means the email.
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

/** The SDK's CSV import module (`@dj-customers/sdk/import`), as `import * as csv` or `await import()` gives it. */
export type CsvModule = typeof import('@dj-customers/sdk/import')

/** A new engine over the import module `sdk`, already loaded (the worker's static import, or {@link createEngine}). */
export function makeEngine(sdk: CsvModule): Engine {
  let bytes: Uint8Array | undefined
  let parsed: ParsedCsv | undefined

  const failure = (e: unknown): FailureReply => {
    if (e instanceof sdk.CsvReadError)
      return { thread: thread(), failure: { code: e.code, message: e.message, line: e.line } }
    return { thread: thread(), failure: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }
  }

  async function check(overrides: HeaderOverrides, jobStoreIds: string[]): Promise<CheckReply> {
    const p = parsed!
    try {
      const r = await sdk.validateCustomerUserCsv(p, { headerOverrides: overrides, jobStoreIds })
      const errors: [number, CsvIssue[]][] = []
      r.rows.forEach((row, i) => row.errors.length && errors.push([i, row.errors]))
      return { thread: thread(), mapping: r.mapping, errors, warnings: r.warnings, counts: r.counts }
    } catch (e) {
      if (!(e instanceof sdk.CsvReadError)) throw e
      // Every column ignored (NO_HEADER): the mapping is still shown, so that the user can map one again.
      const mapping = sdk.mapHeaders(p.headers, overrides)
      const n = p.records.length
      return {
        thread: thread(),
        mapping,
        errors: [],
        warnings: mapping.warnings,
        counts: { rows: n, valid: 0, failed: n },
        error: { code: e.code, message: e.message, line: e.line },
      }
    }
  }

  async function read(r: ReadRequest): Promise<ReadReply | FailureReply> {
    if (r.bytes) bytes = new Uint8Array(r.bytes)
    if (!bytes) return { thread: thread(), failure: { code: 'EMPTY', message: 'No file.' } }
    try {
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      // An encoding chosen by the user: TextDecoder decodes as told (a UTF-8 BOM is dropped by the UTF-8 decoder).
      const p = r.encoding
        ? {
            ...(await sdk.parseCsv(new TextDecoder(r.encoding).decode(bytes), { delimiter: r.delimiter })),
            encoding: r.encoding,
            bom,
          }
        : await sdk.parseCsv(bytes, { delimiter: r.delimiter })
      if (r.records && r.records.length === p.records.length) p.records = r.records
      parsed = p
      const auto = sdk.mapHeaders(p.headers)
      const overrides = r.overrides ?? guess(auto)
      const checked = await check(overrides, r.jobStoreIds)
      return {
        ...checked,
        headers: p.headers,
        records: p.records,
        lines: p.lines,
        delimiter: p.delimiter,
        delimiterDetected: p.delimiterDetected,
        encoding: p.encoding,
        bom: p.bom,
        overrides,
        guessed: r.overrides ? [] : Object.keys(overrides),
        catalogue: sdk.CUSTOMER_USER_COLUMNS.map((f) => [f, sdk.CUSTOMER_USER_IMPORT_HEADERS[f]]),
        customFields: auto.columns.map((c) => ('customField' in c ? c.customField : null)),
      }
    } catch (e) {
      parsed = undefined
      return failure(e)
    }
  }

  return {
    async call(request) {
      try {
        // A BOM, so that Excel reads the accents of the example row as UTF-8.
        if (request.op === 'template')
          return {
            thread: thread(),
            template: sdk.customerUserCsvTemplate({ delimiter: request.delimiter, bom: true }),
          }
        if (request.op === 'read') return await read(request)
        if (!parsed) return { thread: thread(), failure: { code: 'EMPTY', message: 'No file has been read.' } }
        const edit = request.edit
        if (edit && parsed.records[edit.row]) parsed.records[edit.row][edit.column] = edit.value
        return await check(request.overrides, request.jobStoreIds)
      } catch (e) {
        return failure(e)
      }
    },
  }
}

/**
 * A new engine for the main thread (the element's fallback when no worker starts): `sdk/import` is loaded now,
 * by a dynamic `import()`, so that the element's bundle reaches it only when an import starts. Not for the
 * worker, which imports the module statically (see the header).
 */
export async function createEngine(): Promise<Engine> {
  return makeEngine(await import('@dj-customers/sdk/import'))
}
