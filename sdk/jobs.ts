/**
 * Import jobs (I7) from the client's side: start one from a CSV file or JSON rows, wait for it with progress, read
 * its report. Kept apart from the CSV import module (`@dj-customers/sdk/import`): running a job needs no parser,
 * so these helpers stay in the small client entry.
 */
import type { DjClient } from './client.js'
import type { components } from './openapi.gen.js'
import { unwrap } from './problem.js'

type Schemas = components['schemas']
/** An import job as `GET /v1/import-jobs/{id}` shows it: status, progress, counts, warnings, and why it FAILED. */
export type ImportJob = Schemas['ImportJob']
/** What starting a job answers (202): its `id` and `status` (`PENDING`). */
export type ImportJobAccepted = Schemas['ImportJobAccepted']
/** A finished job's report: one entry per row (or per row with the statuses asked for). */
export type ImportReport = Schemas['ImportReport']
/** One row of a JSON import, by field name (I1's field-name form). */
export type ImportRow = Schemas['ImportRow']
/** I11: one row of a JSON customer-account import, by field name (`address` as an object). */
export type ImportAccountRow = Schemas['ImportAccountRow']
/** A row's outcome in a report. */
export type ImportRowStatus = Schemas['ImportReportRow']['status']
/**
 * A CSV file as the caller has it: a browser `File` or `Blob`, bytes read in Node (`Uint8Array`, `Buffer`,
 * `ArrayBuffer`), or text. It is sent as it is: the server detects the encoding and the delimiter (I2).
 */
export type ImportFile = Blob | ArrayBuffer | ArrayBufferView | string

interface StartOptions {
  /** What is imported: `CUSTOMER_USER` (default) or `CUSTOMER_ACCOUNT` (I11). */
  type?: Schemas['ImportJobType']
  /** Check every rule against the current data and report the outcomes, writing nothing. Default false. */
  dryRun?: boolean
  /** I4: store externalIds given to every row; the file's store column is then ignored. Default none. Users only. */
  storeIds?: readonly string[]
  signal?: AbortSignal
}

/**
 * Options of {@link startImport}: a CSV `file` (with an optional `delimiter`, detected otherwise) or JSON `rows`,
 * plus the job's settings.
 */
export type StartImportOptions = StartOptions &
  (
    | {
        /** The CSV file, sent as `text/csv`. */ file: ImportFile /** Force `,` or `;` (default: detected). */
        delimiter?: ',' | ';'
        rows?: never
      }
    | {
        /** The rows, sent as JSON (`{type, dryRun, storeIds, rows}`): {@link ImportAccountRow}s with `type: 'CUSTOMER_ACCOUNT'`. */
        rows: ImportRow[] | ImportAccountRow[]
        file?: never
        delimiter?: never
      }
  )

/** Options of {@link waitForJob}. */
export interface WaitForJobOptions {
  /** Stops waiting (not the job: it goes on on the server); the promise rejects with the signal's reason. */
  signal?: AbortSignal
  /** Time between two polls, in ms. Default 250. */
  interval?: number
  /** Called with every snapshot of the job, the last (DONE or FAILED) included. */
  onProgress?: (job: ImportJob) => void
}

/** Options of {@link getImportReport} and {@link getImportReportCsv}. */
export interface ImportReportOptions {
  /** Only the rows with these outcomes (e.g. `'FAILED'`). Default every row. */
  status?: ImportRowStatus | ImportRowStatus[]
  signal?: AbortSignal
}

/**
 * Starts an import job (`POST /v1/import-jobs`, ADM-IMPORT-JOB-100) and answers its `{id, status}` once queued.
 * A `file` goes as the body (`text/csv`), bytes and all, with the settings in the query; `rows` go as JSON. The
 * rows are checked by the job, not here: a refused request (400 malformed or more than 500 columns, 403 a Reader,
 * 422 unknown store, 429 too many jobs already waiting — post again after its `Retry-After`…) throws a
 * {@link DjProblemError}; rows that fail show in the job's counts and report.
 *
 * @example In a browser, from a file input
 * ```ts
 * const { id } = await startImport(api, { file: input.files[0], dryRun: true, storeIds: ['FR'] })
 * ```
 *
 * @example In Node, from a file on disk, or rows made by code
 * ```ts
 * await startImport(api, { file: await readFile('users.csv') })
 * await startImport(api, { rows: [{ externalId: 'CU-1', civility: 'MR', firstName: 'John', lastName: 'Smith', email: 'john@acme.example', phone: '+33 6 12 34 56 78', groups: ['FOC_User'], accountIds: ['ACME'] }] })
 * ```
 */
export async function startImport(client: DjClient, options: StartImportOptions): Promise<ImportJobAccepted> {
  const { type = 'CUSTOMER_USER', dryRun = false, storeIds = [], signal } = options
  if (options.rows)
    return unwrap(
      await client.POST('/v1/import-jobs', {
        body:
          type === 'CUSTOMER_ACCOUNT'
            ? { type, dryRun, rows: options.rows as ImportAccountRow[] }
            : { type, dryRun, storeIds: [...storeIds], rows: options.rows as ImportRow[] },
        signal,
      }),
    )
  return unwrap(
    await client.POST('/v1/import-jobs', {
      params: {
        query: {
          type,
          dryRun: dryRun ? 'true' : 'false',
          storeIds: storeIds.length ? storeIds.join(',') : undefined,
          delimiter: options.delimiter,
        },
      },
      // The contract types a CSV body as text; a Blob or bytes go untouched (no JSON, no decoding), so that the
      // server sees the file's own encoding (I2).
      body: options.file as string,
      bodySerializer: (body) => body,
      headers: { 'content-type': 'text/csv' },
      signal,
    }),
  )
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts (leaving no listener behind). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted()
    const stop = () => (clearTimeout(timer), reject(signal!.reason))
    const timer = setTimeout(() => (signal?.removeEventListener('abort', stop), resolve()), ms)
    signal?.addEventListener('abort', stop, { once: true })
  })

/**
 * Polls a job (`GET /v1/import-jobs/{id}`) until it is DONE or FAILED, and answers it. `onProgress` gets every
 * snapshot, so a caller can show `progress.processed / progress.total` and the counts so far. A FAILED job (the
 * file could not be read, the server stopped) is answered, not thrown: see its `error` and `errorCode`. Aborting
 * the signal stops the polling at once, mid-request or mid-sleep, and rejects with the signal's reason (an
 * `AbortError` by default); the job itself goes on, and can be waited for again.
 *
 * @example
 * ```ts
 * const job = await waitForJob(api, id, {
 *   signal: AbortSignal.timeout(60_000),
 *   onProgress: (j) => console.log(`${j.status} ${j.progress.processed}/${j.progress.total}`),
 * })
 * if (job.status === 'FAILED') throw new Error(job.error)
 * console.log(job.counts) // { created, updated, deleted, failed }
 * ```
 */
export async function waitForJob(client: DjClient, id: string, options: WaitForJobOptions = {}): Promise<ImportJob> {
  const { signal, interval = 250, onProgress } = options
  for (;;) {
    signal?.throwIfAborted()
    const job = unwrap(await client.GET('/v1/import-jobs/{id}', { params: { path: { id } }, signal }))
    // A `fetch` that ignores signals (an in-process app, some mocks) answers anyway: the abort still wins.
    signal?.throwIfAborted()
    onProgress?.(job)
    if (job.status === 'DONE' || job.status === 'FAILED') return job
    await sleep(interval, signal)
  }
}

/**
 * Reads a finished job's report as JSON (`GET /v1/import-jobs/{id}/report`, ADM-IMPORT-JOB-510): per row its
 * file line, externalId, outcome, errors and warnings. A job still PENDING or RUNNING → {@link DjProblemError}
 * 409 `INVALID_STATE`.
 *
 * @example The rows to fix
 * ```ts
 * const { rows } = await getImportReport(api, job.id, { status: 'FAILED' })
 * for (const r of rows) console.log(r.line, r.externalId, r.errors.map((e) => `${e.code} ${e.message}`).join('; '))
 * ```
 */
export async function getImportReport(
  client: DjClient,
  id: string,
  options: ImportReportOptions = {},
): Promise<ImportReport> {
  const report = unwrap(
    await client.GET('/v1/import-jobs/{id}/report', {
      params: { path: { id }, query: { status: options.status } },
      headers: { accept: 'application/json' },
      signal: options.signal,
    }),
  )
  // The route answers JSON or CSV by `Accept`, so its data is typed as either; JSON was asked for.
  return report as ImportReport
}

/**
 * Reads a finished job's report as CSV (`Accept: text/csv`): the file's own columns plus `status` and `errors`,
 * in the file's delimiter, UTF-8 with a BOM, cells that a spreadsheet would run as formulas neutralised. A Blob,
 * ready for a download link or to be written to disk as it is.
 *
 * @example
 * ```ts
 * const csv = await getImportReportCsv(api, job.id)
 * await writeFile('users.report.csv', new Uint8Array(await csv.arrayBuffer())) // Node
 * link.href = URL.createObjectURL(csv) // browser
 * ```
 */
export async function getImportReportCsv(
  client: DjClient,
  id: string,
  options: ImportReportOptions = {},
): Promise<Blob> {
  return unwrap(
    await client.GET('/v1/import-jobs/{id}/report', {
      params: { path: { id }, query: { status: options.status } },
      headers: { accept: 'text/csv' },
      parseAs: 'blob',
      signal: options.signal,
    }),
  )
}
