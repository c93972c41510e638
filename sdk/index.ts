/**
 * `@dj-customers/sdk`: a small, typed client for the dj-customers API, for browsers and Node.
 *
 * - {@link createClient}: openapi-fetch typed from the contract, with `dj-client`, `dj-api-key` /
 *   `Authorization` and `dj-store` added for you.
 * - {@link unwrap} and {@link DjProblemError}: data or a typed problem error.
 * - {@link paginate} / {@link paginatePages}: every item (or page) of any list route.
 * - {@link startImport}, {@link waitForJob}, {@link getImportReport} / {@link getImportReportCsv}: import jobs (I7),
 *   from a file or rows to the report, with progress and an `AbortSignal`.
 *
 * @example
 * ```ts
 * import { createClient, paginate, unwrap, DjProblemError, startImport, waitForJob, getImportReport } from '@dj-customers/sdk'
 *
 * const api = createClient({ baseUrl: 'http://127.0.0.1:8787', client: 'OPERATOR', apiKey: 'demo-admin-key' })
 * const store = unwrap(await api.POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain' } }))
 * for await (const op of paginate(api, '/v1/operator-users', { params: { query: { size: 100 } } })) console.log(op.fullName)
 *
 * const { id } = await startImport(api, { file, dryRun: true })
 * const job = await waitForJob(api, id, { onProgress: (j) => console.log(j.progress.processed, '/', j.progress.total) })
 * const { rows } = await getImportReport(api, id, { status: 'FAILED' })
 * ```
 */
export {
  createClient,
  type DjClient,
  type DjClientKind,
  type DjClientOptions,
  type DjPaths,
  type TokenSource,
} from './client.js'
export type { RetryOptions } from './retry.js'
export {
  DjProblemError,
  unwrap,
  type FieldError,
  type Problem,
  type ProblemCode,
  type UnwrappedData,
} from './problem.js'
export { paginate, paginatePages, type ListInit, type ListItem, type ListPage, type ListPath } from './paginate.js'
export {
  getImportReport,
  getImportReportCsv,
  startImport,
  waitForJob,
  type ImportFile,
  type ImportJob,
  type ImportAccountRow,
  type ImportJobAccepted,
  type ImportReport,
  type ImportReportOptions,
  type ImportRow,
  type ImportRowStatus,
  type StartImportOptions,
  type WaitForJobOptions,
} from './jobs.js'
export type { components, operations, paths } from './openapi.gen.js'

import type { components } from './openapi.gen.js'
/** The contract's named schemas, e.g. `Schemas['Operator']`, `Schemas['CustomerAccountInput']`. */
export type Schemas = components['schemas']
