import { importJobRoutes as routes } from '@dj-customers/spec'
import {
  DEFAULT_IMPORT_JOB_LIMITS,
  assertImportColumns,
  assertImportJobRoom,
  newImportJob,
  secretColumns,
  type ImportJobLimits,
  type ImportJobSettings,
  type ImportSource,
  type RowOutcome,
} from '../domain/import-jobs.js'
import type { Api } from '../http/kit.js'
import type { ImportJobRunner } from '../import-runner.js'
import { ListEngine, multiValue } from '../list-engine.js'
import { ProblemError, fail } from '../problem.js'
import type { ImportJobRecord } from '../types.js'

export const IMPORT_JOBS_PATH = '/v1/import-jobs'

/** Never the saved failures or headers: the report route serves those. */
export const importJobDto = ({ headers: _h, failures: _f, ...job }: ImportJobRecord) => job

// ---- the CSV report ---------------------------------------------------------------------------------------

/** What may follow a leading `+` or `-` without making a formula: a number or a phone number (one digit at least). */
const PLAIN_NUMBER = /^[\d\s.,()/-]*\d[\d\s.,()/-]*$/

/**
 * §6: a cell a spreadsheet would run as a formula is shown as text instead (`'` first): one that starts with `=`,
 * `@`, a tab or a CR, or with `+` or `-` followed by anything but a plain number or phone number (digits, spaces,
 * `. , ( ) / -`). So `+33 6 12 34 56 78` and `-12.5` stay as they are — the report can be imported again — while
 * `+SUM(A1)` and a `-1+cmd|…` shell call are neutralised.
 */
export const neutraliseCell = (cell: string) =>
  /^[=@\t\r]/.test(cell) || (/^[+-]/.test(cell) && !PLAIN_NUMBER.test(cell.slice(1))) ? `'${cell}` : cell

function csvCell(cell: string, delimiter: string) {
  const v = neutraliseCell(cell)
  return v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v
}

const issueText = (i: { code: string; column: string | null; message: string }) =>
  `${i.code}${i.column ? ` ${i.column}` : ''}: ${i.message}`

/**
 * The file's columns, then `status` and `errors`, in the file's delimiter, CRLF, with a BOM so that spreadsheets
 * read it as UTF-8. Secret cells (R5: the password under any name, any column named like a secret) are left empty
 * (re-imported, an empty password keeps or generates one). Built in slices (R4): 100,000 rows take a while.
 */
async function reportCsv(headers: string[], rows: { cells: string[]; outcome: RowOutcome }[], delimiter: string) {
  const line = (cells: string[]) => cells.map((c) => csvCell(c, delimiter)).join(delimiter)
  const secret = secretColumns(headers)
  const out = [`\uFEFF${line([...headers, 'status', 'errors'])}`]
  let slice = performance.now()
  for (const { cells, outcome } of rows) {
    const own = headers.map((_, i) => (secret[i] ? '' : (cells[i] ?? '')))
    out.push(line([...own, outcome.status, outcome.errors.map(issueText).join(' | ')]))
    if (out.length % 256 === 0 && performance.now() - slice > 10) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      slice = performance.now()
    }
  }
  return `${out.join('\r\n')}\r\n`
}

/** R3: the `Retry-After` of a 429 for a job refused because too many wait (seconds). */
export const IMPORT_RETRY_AFTER_SECONDS = 10

// ---- routes ---------------------------------------------------------------------------------------------------

/** The HTTP side of I3–I7: a job is queued on `runner`, which runs it; these handlers read what it made. */
export function importJobRoutes(
  api: Api,
  runner: ImportJobRunner,
  options: { limits?: Partial<ImportJobLimits> } = {},
) {
  const { db } = api
  const limits: ImportJobLimits = {
    perOperator: options.limits?.perOperator ?? DEFAULT_IMPORT_JOB_LIMITS.perOperator,
    total: options.limits?.total ?? DEFAULT_IMPORT_JOB_LIMITS.total,
  }
  /** R3: too many jobs waiting → 429 with `Retry-After`; checked before the body is read, and again when saved. */
  const withRoom = <T>(c: { header: (name: string, value: string) => void }, check: () => T): T => {
    try {
      return check()
    } catch (e) {
      if (e instanceof ProblemError && e.code === 'TOO_MANY_REQUESTS')
        c.header('Retry-After', String(IMPORT_RETRY_AFTER_SECONDS))
      throw e
    }
  }
  const find = (id: string) => {
    const job = db.importJobs.get(id)
    if (!job) throw fail.notFound('import job', id)
    return job
  }
  const list = new ListEngine(db.importJobs, {
    filters: { status: (j) => j.status, dryRun: (j) => String(j.dryRun) },
    sort: { id: (j) => j.id, createdAt: (j) => j.createdAt, status: (j) => j.status },
    defaultSort: [
      { field: 'createdAt', desc: true },
      { field: 'id', desc: true },
    ],
  })

  api.register(routes.create, async (c) => {
    withRoom(c, () => assertImportJobRoom(db, c.get('actor'), limits))
    const query = c.req.valid('query')
    const json = /^application\/([a-z.-]+\+)?json/i.test(c.req.header('content-type') ?? '')
    let source: ImportSource
    let settings: Pick<ImportJobSettings, 'type' | 'dryRun' | 'storeIds'>
    if (json) {
      const body = c.req.valid('json')
      if (typeof body === 'string') throw new Error('unreachable: a JSON body is validated as ImportJobInput') // the type also lists text/csv
      const misplaced = (['dryRun', 'storeIds', 'delimiter'] as const).filter((k) => query[k] !== undefined)
      if (misplaced.length || (query.type && query.type !== body.type)) {
        const fields = [...misplaced, ...(query.type && query.type !== body.type ? ['type'] : [])]
        throw fail.validation(
          fields.map((f) =>
            fail.field(
              f,
              'INVALID',
              f === 'type' ? "differs from the body's type" : 'with a JSON body, give it in the body',
            ),
          ),
        )
      }
      if (body.type === 'CUSTOMER_ACCOUNT') {
        source = { format: 'JSON', type: 'CUSTOMER_ACCOUNT', rows: body.rows }
        settings = { type: body.type, dryRun: body.dryRun, storeIds: [] }
      } else {
        source = { format: 'JSON', rows: body.rows }
        settings = { type: body.type, dryRun: body.dryRun, storeIds: body.storeIds }
      }
    } else {
      if (!query.type)
        throw fail.validation([
          fail.field('type', 'REQUIRED', 'is required with a CSV body (?type=CUSTOMER_USER or ?type=CUSTOMER_ACCOUNT)'),
        ])
      const storeIds = multiValue(query.storeIds)
      // I11: accounts have no stores (I4 is about customer users).
      if (query.type === 'CUSTOMER_ACCOUNT' && storeIds.length)
        throw fail.validation([
          fail.field('storeIds', 'INVALID', 'is for customer-user imports: accounts have no stores'),
        ])
      source = { format: 'CSV', bytes: new Uint8Array(await c.req.arrayBuffer()), delimiter: query.delimiter }
      settings = { type: query.type, dryRun: query.dryRun === 'true', storeIds }
    }
    // R3: a file with too many columns is refused before anything is parsed or queued.
    assertImportColumns(source, settings.type)
    const job = await api.write(c, (tx) =>
      withRoom(c, () =>
        newImportJob(
          tx,
          { ...settings, format: source.format, delimiter: source.format === 'CSV' ? source.delimiter : null },
          limits,
        ),
      ),
    )
    runner.enqueue(job.id, source)
    return c.json({ id: job.id, status: job.status }, 202, { Location: `${IMPORT_JOBS_PATH}/${job.id}` })
  })

  api.register(routes.list, (c) => {
    const page = list.run(c.req.valid('query'))
    return c.json({ ...page, content: page.content.map((j) => importJobDto(runner.view(j))) }, 200)
  })

  api.register(routes.get, (c) => c.json(importJobDto(runner.view(find(c.req.valid('param').id))), 200))

  api.register(routes.report, async (c) => {
    const job = runner.view(find(c.req.valid('param').id))
    if (job.status === 'PENDING' || job.status === 'RUNNING') {
      throw new ProblemError(
        'INVALID_STATE',
        `Import job ${job.id} is ${job.status}: its report is ready once it is DONE or FAILED.`,
      )
    }
    const asCsv = /\btext\/csv\b/i.test(c.req.header('accept') ?? '')
    const { complete, outcomes, cells, headers } = await runner.report(job, asCsv)
    const statuses = new Set(multiValue(c.req.valid('query').status).map((s) => s.toUpperCase()))
    const wanted = (o: RowOutcome) => statuses.size === 0 || statuses.has(o.status)
    if (asCsv) {
      const rows: { cells: string[]; outcome: RowOutcome }[] = []
      outcomes.forEach((outcome, i) => wanted(outcome) && rows.push({ cells: cells(i), outcome }))
      return c.body(await reportCsv(headers, rows, job.delimiter ?? ','), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${job.id}-report.csv"`,
      })
    }
    return c.json({ jobId: job.id, complete, rows: outcomes.filter(wanted) }, 200)
  })
}
