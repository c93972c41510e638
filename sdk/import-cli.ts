#!/usr/bin/env node
/**
 * `dj-import` — customer-user (and, with `--type accounts`, customer-account: I11) CSV imports on the command line (I9).
 *
 *   dj-import validate FILE [--type users|accounts] [--json] [--delimiter ;] [--store FR]…
 *   dj-import FILE --server URL --api-key KEY [--type users|accounts] [--dry-run] [--store FR]… [--delimiter ;]
 *
 * `validate` checks the file offline with the shared CSV module (the parser, header mapping and shape rules
 * the server and the browser run, I8): every rule that needs no data, duplicates within the file included.
 * The second form posts the file as an import job through the SDK, shows its progress on stderr, prints a
 * summary, and writes the report beside the file (`FILE.report.csv`, `FILE.report.json`).
 *
 * Exit codes: 0 every row passes; 1 some rows fail; 2 the file cannot be imported at all (unreadable, no
 * recognisable header, no externalId column — or the job FAILED as a whole), or a usage, network or server
 * error. (I10: other required columns missing fail the rows that need them, exit 1.)
 */
import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import {
  CUSTOMER_ACCOUNT_IMPORT_HEADERS,
  CUSTOMER_USER_IMPORT_HEADERS,
  CsvReadError,
  checkCustomerAccountCsv,
  checkCustomerUserCsv,
  type CsvDelimiter,
  type CsvIssue,
} from '../spec/csv/index.js'
import {
  DjProblemError,
  createClient,
  getImportReport,
  getImportReportCsv,
  startImport,
  waitForJob,
  type ImportJob,
} from './index.js'

const HELP = `dj-import — import customer users (or customer accounts) from a CSV file

Usage:
  dj-import validate FILE [--type users|accounts] [--json] [--delimiter ;] [--store FR]…
      Check FILE offline: encoding, delimiter, header, and every row rule that needs no server data
      (duplicates within the file included). Prints a summary and the row errors (or JSON with --json).

  dj-import FILE --server URL --api-key KEY [--type users|accounts] [--dry-run] [--store FR]… [--delimiter ;]
      Run an import job on the server (POST /v1/import-jobs), show its progress on stderr, print a
      summary, and write the report beside FILE: FILE.report.csv and FILE.report.json.
      --dry-run checks every rule against the server's data and writes nothing.

Options:
  --type T          users (default, CUSTOMER_USER) or accounts (CUSTOMER_ACCOUNT)
  --store ID        a store externalId given to every user (repeatable, or FR,BE); the file's
                    store column is then ignored (I4). Users only
  --delimiter D     , or ; (default: detected)
  --server URL      the API, e.g. http://127.0.0.1:8787          [DJ_SERVER]
  --api-key KEY     an operator API key (User or Admin)          [DJ_API_KEY]
  --json            validate: print the result as JSON
  --help            this text

Exit codes: 0 every row passes; 1 some rows fail; 2 the file cannot be imported at all, or a usage,
network or server error.`

class UsageError extends Error {}

const out = (line = '') => process.stdout.write(`${line}\n`)
const err = (line = '') => process.stderr.write(`${line}\n`)
const n = (x: number) => x.toLocaleString('en')

/** Columns aligned, the first one left, numbers right. */
function table(rows: (string | number)[][]) {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? n(c) : c)))
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)))
  for (const [k, r] of cells.entries()) {
    out(
      '  ' +
        r
          .map((c, i) => (typeof rows[k][i] === 'number' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
          .join('   ')
          .trimEnd(),
    )
  }
}

const issueLine = (line: number, externalId: string, e: CsvIssue) =>
  `  line ${String(line).padEnd(6)} ${(externalId || '—').padEnd(16)} ${e.code}  ${e.column ? `${e.column}: ` : ''}${e.message}`

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      type: { type: 'string' },
      json: { type: 'boolean' },
      delimiter: { type: 'string' },
      store: { type: 'string', multiple: true },
      server: { type: 'string' },
      'api-key': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  const delimiter =
    values.delimiter === undefined
      ? undefined
      : ({ ',': ',', ';': ';', comma: ',', semicolon: ';' } as Record<string, CsvDelimiter>)[values.delimiter]
  if (values.delimiter !== undefined && !delimiter)
    throw new UsageError(`--delimiter must be , or ; (not ${JSON.stringify(values.delimiter)})`)
  const stores = (values.store ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
  const type = TYPES[(values.type ?? 'users').toLowerCase()]
  if (!type) throw new UsageError(`--type must be users or accounts (not ${JSON.stringify(values.type)})`)
  if (type === 'CUSTOMER_ACCOUNT' && stores.length)
    throw new UsageError('--store is for customer users: accounts have no stores')
  return { values, positionals, delimiter, stores, type }
}

/** `--type`: what the file holds (I11). */
const TYPES: Record<string, 'CUSTOMER_USER' | 'CUSTOMER_ACCOUNT'> = {
  users: 'CUSTOMER_USER',
  user: 'CUSTOMER_USER',
  customer_user: 'CUSTOMER_USER',
  accounts: 'CUSTOMER_ACCOUNT',
  account: 'CUSTOMER_ACCOUNT',
  customer_account: 'CUSTOMER_ACCOUNT',
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file))
  } catch (e) {
    throw new UsageError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    )
  }
}

// ---- validate ----------------------------------------------------------------------------------------------

async function validate(file: string, o: ReturnType<typeof options>): Promise<number> {
  const bytes = await readInput(file)
  const json = o.values.json ?? false
  let check: ReturnType<typeof checkCustomerUserCsv> | ReturnType<typeof checkCustomerAccountCsv>
  try {
    check =
      o.type === 'CUSTOMER_ACCOUNT'
        ? checkCustomerAccountCsv(bytes, { delimiter: o.delimiter })
        : checkCustomerUserCsv(bytes, { delimiter: o.delimiter, jobStoreIds: o.stores })
  } catch (e) {
    if (!(e instanceof CsvReadError)) throw e
    if (json)
      out(
        JSON.stringify({ file, ok: false, error: { code: e.code, message: e.message, line: e.line ?? null } }, null, 2),
      )
    else err(`dj-import: ${file} cannot be imported: ${e.code}: ${e.message}`)
    return 2
  }
  const { parsed, mapping, warnings, counts } = check
  const rows: { row: { line: number; externalId: string }; errors: CsvIssue[]; warnings: CsvIssue[] }[] = check.rows
  const headers: Record<string, string> =
    o.type === 'CUSTOMER_ACCOUNT' ? CUSTOMER_ACCOUNT_IMPORT_HEADERS : CUSTOMER_USER_IMPORT_HEADERS
  const missing = (mapping.missing as string[]).map((f) => headers[f])
  // I10: only a missing externalId makes the whole file unimportable; other missing columns fail the rows needing them.
  const unimportable = (mapping.missing as string[]).includes('externalId')
  const failedRows = rows.filter((r) => r.errors.length || r.warnings.length)
  if (json) {
    out(
      JSON.stringify(
        {
          file,
          type: o.type,
          ok: !unimportable && counts.failed === 0,
          encoding: parsed.encoding,
          delimiter: parsed.delimiter,
          lineEnding: parsed.lineEnding,
          counts,
          missingColumns: missing,
          warnings,
          rows: failedRows.map(({ row, errors, warnings: w }) => ({
            line: row.line,
            externalId: row.externalId,
            errors,
            warnings: w,
          })),
        },
        null,
        2,
      ),
    )
  } else {
    out(`${file}`)
    table([
      ['encoding', parsed.encoding + (parsed.bom ? ' (BOM)' : '')],
      ['delimiter', `${parsed.delimiter}${parsed.delimiterDetected ? ' (detected)' : ''}`],
      ['rows', counts.rows],
      ['valid', counts.valid],
      ['failing', counts.failed],
      ['warnings', warnings.length],
    ])
    if (unimportable) out(`\nMissing required column ${headers.externalId}: the server would refuse the whole file.`)
    else if (missing.length)
      out(
        `\nMissing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: rows that create or update fail without ${missing.length > 1 ? 'them' : 'it'}; rows that delete work (I10).`,
      )
    if (warnings.length) {
      out('\nWarnings:')
      for (const w of warnings) out(`  ${w.code}  ${w.message}`)
    }
    const shown = failedRows.filter((r) => r.errors.length).slice(0, 1000)
    if (shown.length) {
      out('\nRow errors:')
      for (const r of shown) for (const e of r.errors) out(issueLine(r.row.line, r.row.externalId, e))
      if (counts.failed > shown.length) out(`  … and ${n(counts.failed - shown.length)} more rows (use --json for all)`)
    }
  }
  return unimportable ? 2 : counts.failed ? 1 : 0
}

// ---- run a job -------------------------------------------------------------------------------------------------

/** A progress bar redrawn in place on a terminal; plain lines (at most one a second) anywhere else. */
function progressReporter() {
  const tty = process.stderr.isTTY === true
  let lastLine = ''
  let lastAt = 0
  return {
    update(job: ImportJob) {
      const { processed, total } = job.progress
      const share = total ? processed / total : 0
      const text =
        job.status === 'PENDING'
          ? 'waiting for the jobs before it'
          : `${n(processed)}/${n(total)} rows  created ${n(job.counts.created)}  updated ${n(job.counts.updated)}  deleted ${n(job.counts.deleted)}  failed ${n(job.counts.failed)}`
      if (tty) {
        const width = 28
        const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░')
        process.stderr.write(
          `\r${job.status.padEnd(8)} ${bar} ${String(Math.floor(share * 100)).padStart(3)}%  ${text}\x1b[K`,
        )
        return
      }
      const line = `${job.id} ${job.status} ${total ? `${Math.floor(share * 100)}% ` : ''}${text}`
      const final = job.status === 'DONE' || job.status === 'FAILED'
      if (line !== lastLine && (final || Date.now() - lastAt >= 1000)) {
        err(line)
        lastLine = line
        lastAt = Date.now()
      }
    },
    end() {
      if (tty) process.stderr.write('\n')
    },
  }
}

async function run(file: string, o: ReturnType<typeof options>): Promise<number> {
  const server = o.values.server ?? process.env.DJ_SERVER
  const apiKey = o.values['api-key'] ?? process.env.DJ_API_KEY
  if (!server) throw new UsageError('--server URL is required (or DJ_SERVER)')
  if (!apiKey) throw new UsageError('--api-key KEY is required (or DJ_API_KEY)')
  const bytes = await readInput(file)
  // A server busy with other imports (429, R3) or briefly unable to save (503) is waited for, not reported.
  const api = createClient({ baseUrl: server.replace(/\/$/, ''), client: 'OPERATOR', apiKey, retry: true })
  const dryRun = o.values['dry-run'] ?? false

  const started = performance.now()
  // The file goes as it is, bytes and all: the server detects its encoding (I2).
  const accepted = await startImport(api, {
    file: bytes,
    type: o.type,
    dryRun,
    storeIds: o.stores,
    delimiter: o.delimiter,
  })
  err(`${dryRun ? 'Dry run' : 'Import'} ${accepted.id} queued on ${server}`)
  // Ctrl-C stops the watching, not the job: say where to find it.
  const interrupt = new AbortController()
  const onInterrupt = () => interrupt.abort()
  process.once('SIGINT', onInterrupt)
  const progress = progressReporter()
  let job: ImportJob
  try {
    job = await waitForJob(api, accepted.id, { signal: interrupt.signal, interval: 200, onProgress: progress.update })
  } catch (e) {
    if (!interrupt.signal.aborted) throw e
    progress.end()
    err(`Stopped watching: job ${accepted.id} goes on on the server (GET /v1/import-jobs/${accepted.id}).`)
    return 130
  } finally {
    process.off('SIGINT', onInterrupt)
  }
  progress.end()
  const seconds = (performance.now() - started) / 1000

  const report = await getImportReport(api, job.id)
  const csv = await getImportReportCsv(api, job.id)
  const jsonPath = `${file}.report.json`
  const csvPath = `${file}.report.csv`
  await writeFile(jsonPath, `${JSON.stringify({ job, ...report }, null, 2)}\n`)
  // The server's bytes as they are (UTF-8 with a BOM, so that spreadsheets read it right).
  await writeFile(csvPath, new Uint8Array(await csv.arrayBuffer()))

  out(`${file} → ${job.id}${job.dryRun ? ' (dry run: nothing written)' : ''}`)
  table([
    ['status', job.status],
    ['rows', job.progress.total],
    [job.dryRun ? 'would create' : 'created', job.counts.created],
    [job.dryRun ? 'would update' : 'updated', job.counts.updated],
    [job.dryRun ? 'would delete' : 'deleted', job.counts.deleted],
    ['failed', job.counts.failed],
    ['warnings', job.warnings.length],
    ['time', `${seconds.toFixed(1)} s`],
  ])
  if (job.status === 'FAILED') out(`\nThe job FAILED (${job.errorCode}): ${job.error}`)
  for (const w of job.warnings) out(`  ${w.code}  ${w.message}`)
  const failed = report.rows.filter((r) => r.status === 'FAILED')
  if (failed.length) {
    out('\nRow errors (first 20):')
    for (const r of failed.slice(0, 20)) for (const e of r.errors) out(issueLine(r.line, r.externalId, e))
  }
  out(`\nReport: ${csvPath}\n        ${jsonPath}`)
  return job.status === 'FAILED' ? 2 : job.counts.failed ? 1 : 0
}

// ---- main ------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const o = options()
  if (o.values.help) {
    out(HELP)
    return 0
  }
  const [first, second, ...rest] = o.positionals
  if (first === 'validate') {
    if (!second || rest.length) throw new UsageError('validate takes one FILE')
    return validate(second, o)
  }
  if (!first || second !== undefined) throw new UsageError('give one FILE (or: validate FILE)')
  return run(first, o)
}

try {
  process.exitCode = await main()
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    err(`dj-import: ${(e as Error).message}\n\n${HELP}`)
  } else if (e instanceof DjProblemError) {
    err(
      `dj-import: the server refused: ${e.message}${e.errors.length ? `\n${e.errors.map((x) => `  ${x.field}: ${x.message}`).join('\n')}` : ''}`,
    )
  } else if (e instanceof TypeError && /fetch failed/.test(e.message)) {
    err(`dj-import: cannot reach the server: ${(e.cause as Error | undefined)?.message ?? e.message}`)
  } else {
    err(`dj-import: ${(e as Error).stack ?? e}`)
  }
  process.exitCode = 2
}
