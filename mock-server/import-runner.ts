/**
 * I7: the import job runner — the queue, the chunks, the hashing ahead and the spaced-out commits. The rules of a
 * row live in domain/import-jobs.ts; routes/import-jobs.ts only translates HTTP to this runner and back.
 */
import { parseCsvText, type ParsedCsv, type RowCheck } from '@dj-customers/spec/csv'
import { generatePasswords, hashGeneratedPasswords } from './crypto/bulk-passwords.js'
import { hashPassword } from './crypto/passwords.js'
import { Db } from './db.js'
import type { NewPassword } from './domain/customer-users.js'
import {
  DryRunTx,
  ImportFileError,
  failImportJob,
  importCustomerUserRow,
  passwordNeed,
  planImport,
  readImportSource,
  saveImportJob,
  secretColumns,
  withoutSecrets,
  type ImportFile,
  type ImportSource,
  type RowOutcome,
  type RowPasswords,
} from './domain/import-jobs.js'
import { Tx } from './domain/tx.js'
import type { ImportFailureRecord, ImportJobRecord, ImportRowStatus } from './types.js'

/**
 * What the runner needs from the app: the data, durable commits (group commit), the clock and the PBKDF2 cost.
 * The app's `Api` is one; nothing here is HTTP.
 */
export interface ImportRunnerHost {
  readonly db: Db
  readonly commit: () => Promise<void>
  readonly options: { readonly clock: () => Date; readonly passwordIterations: number }
}

export interface ImportJobOptions {
  /** Rows per chunk: the job yields to the event loop and requests a commit after each. Default 2,000. */
  chunkRows?: number
  /** How many finished jobs keep their full report in memory. Default 5. */
  reportsKept?: number
}

/** Failed rows saved with a job (with their cells), so its report outlives a restart. */
const FAILURES_SAVED = 1000
/** The shortest time between two checkpoints (intermediate commits) of a real run. */
const CHECKPOINT_MS = 2000
/** How long a dry run's parsed file waits for its real run. */
const READ_HELD_MS = 10 * 60 * 1000

/** A finished job's report, in memory: every row's outcome, and what it takes to give back the file's cells. */
interface KeptReport {
  outcomes: RowOutcome[]
  /** A CSV job keeps its text (≈ the file's size) and parses it again for a CSV report; a JSON job keeps its rows as cells. */
  text: string | null
  parsed: ParsedCsv | null
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
const DRY_RUN_PASSWORD: NewPassword = { plain: '', hash: { hash: '', salt: '', iterations: 0 } }
/** A dry run hashes nothing: what it stores is dropped, and no status depends on a hash. */
const DRY_RUN_PASSWORDS: RowPasswords = { given: DRY_RUN_PASSWORD, generated: DRY_RUN_PASSWORD }

/**
 * I7: runs import jobs one at a time, in the order they were posted. A job reads its source, then processes
 * rows in chunks: the chunk's passwords are hashed ahead (Web Crypto's threads work while the previous chunk
 * is applied), then the chunk's synchronous change, then a pause so that other requests — `GET` of the job's
 * progress among them — are served between chunks. Writes are coalesced: the real run asks for at most one
 * commit per chunk, spaced out (see #commitSoon), never one per row, and the job shows DONE only once its last
 * commit is on disk. A dry run works the same way on a copy of the data (`new Db(db.toJSON())`: new indexes
 * over the same immutable records), so it reaches the statuses the real run would; the copy is then dropped.
 */
export class ImportJobRunner {
  readonly #queue: { id: string; source: ImportSource }[] = []
  readonly #reports = new Map<string, KeptReport>()
  #active: Promise<void> | null = null
  #flushing: Promise<void> | null = null
  #lastFlush = { end: 0, took: 0 }
  /** The file the last dry run read, for the real run that usually follows (see #read). */
  #held: { key: string; file: ImportFile; timer: ReturnType<typeof setTimeout> } | null = null
  /** Jobs whose end is saved in memory but not yet on disk: still shown as RUNNING (see {@link view}). */
  readonly #settling = new Set<string>()
  #stopping = false
  readonly #chunkRows: number
  readonly #reportsKept: number

  constructor(
    private readonly api: ImportRunnerHost,
    options: ImportJobOptions = {},
  ) {
    this.#chunkRows = Math.max(1, options.chunkRows ?? 2000)
    this.#reportsKept = Math.max(1, options.reportsKept ?? 5)
    // Jobs left PENDING or RUNNING by a previous process cannot resume: their file was never saved.
    const now = api.options.clock().toISOString()
    for (const job of [...api.db.importJobs.values()]) {
      if (job.status === 'PENDING' || job.status === 'RUNNING') {
        failImportJob(
          api.db,
          job,
          'INTERRUPTED',
          `The server restarted before this job finished; post the file again.${job.dryRun ? '' : ' Rows processed before the restart stay applied.'}`,
          now,
        )
      }
    }
  }

  /**
   * The job as clients see it: a job that has ended is shown DONE or FAILED only once that end, and every row
   * it applied, is on disk (its last commit); until then it is still RUNNING.
   */
  view(job: ImportJobRecord): ImportJobRecord {
    return this.#settling.has(job.id)
      ? { ...job, status: 'RUNNING', finishedAt: null, error: undefined, errorCode: undefined }
      : job
  }

  /** Queues a job (already saved as PENDING). It starts once the jobs before it are done. */
  enqueue(id: string, source: ImportSource) {
    this.#queue.push({ id, source })
    this.#active ??= this.#drain()
  }

  /** The report of a finished job: in memory for recent jobs, else the saved failures. */
  report(job: ImportJobRecord): {
    complete: boolean
    outcomes: RowOutcome[]
    cells: (i: number) => string[]
    headers: string[]
  } {
    const kept = this.#reports.get(job.id)
    if (kept) {
      let parsed = kept.parsed
      const records = () => (parsed ??= parseCsvText(kept.text!, { delimiter: job.delimiter ?? undefined })).records
      return {
        complete: job.progress.processed === job.progress.total,
        outcomes: kept.outcomes,
        cells: (i) => records()[i],
        headers: job.headers,
      }
    }
    const outcomes = job.failures.map(
      ({ line, externalId, errors, warnings }): RowOutcome => ({
        line,
        externalId,
        status: 'FAILED',
        errors,
        warnings,
      }),
    )
    // Only the failed rows were saved: complete when they are all the rows there were.
    return {
      complete: job.failures.length === job.progress.total,
      outcomes,
      cells: (i) => job.failures[i].cells,
      headers: job.headers,
    }
  }

  /** Resolves once no import job is queued or running (tests, and anything that wants the data at rest). */
  async settled() {
    while (this.#active) await this.#active
  }

  /** Stops after the chunk in flight: the running job and the queued ones end FAILED (INTERRUPTED). */
  async stop() {
    this.#stopping = true
    this.#releaseRead()
    await this.#active
    const now = this.api.options.clock().toISOString()
    for (const { id } of this.#queue.splice(0)) {
      const job = this.api.db.importJobs.get(id)
      if (job?.status === 'PENDING')
        failImportJob(
          this.api.db,
          job,
          'INTERRUPTED',
          'The server stopped before this job started; post the file again.',
          now,
        )
    }
    await this.api.commit().catch(() => {})
  }

  async #drain() {
    await pause() // the POST that queued the job answers first
    while (this.#queue.length && !this.#stopping) {
      const next = this.#queue.shift()!
      await this.#run(next.id, next.source)
    }
    this.#active = null
  }

  async #run(id: string, source: ImportSource) {
    const { api } = this
    const db = api.db
    const now = () => api.options.clock().toISOString()
    let job = db.importJobs.get(id)
    if (job?.status !== 'PENDING') return
    job = saveImportJob(db, job, { status: 'RUNNING', startedAt: now() })
    this.#settling.add(id)
    try {
      const result = await this.#process(job, source)
      // The file's parsed rows are unreachable from here on: the last flush does not carry them.
      job = db.importJobs.get(id)!
      if ('error' in result) job = failImportJob(db, job, result.error.code, result.error.message, now())
      else if (result.interrupted) {
        const { processed, total } = job.progress
        job = failImportJob(
          db,
          { ...job, failures: result.failures },
          'INTERRUPTED',
          `The server stopped after ${processed} of ${total} rows${job.dryRun ? '' : ', which stay applied'}; post the rest again.`,
          now(),
        )
      } else job = saveImportJob(db, job, { status: 'DONE', finishedAt: now(), failures: result.failures })
      await api.commit()
    } catch (e) {
      console.error(e)
      failImportJob(
        db,
        db.importJobs.get(id) ?? job,
        'INTERNAL',
        `Unexpected error (a bug: please report it): ${e instanceof Error ? e.message : String(e)}.${job.dryRun ? '' : ' Rows processed before it stay applied.'}`,
        now(),
      )
      await api.commit().catch(() => {})
    } finally {
      this.#settling.delete(id)
    }
  }

  /** Reads the source, then applies its rows chunk by chunk; the job record follows the progress. */
  async #process(job: ImportJobRecord, source: ImportSource) {
    const { api } = this
    const db = api.db
    const read = await this.#read(job, source)
    if ('error' in read) return read
    const { file } = read
    const { parsed, rows } = file
    job = saveImportJob(db, job, {
      ...(job.format === 'CSV' ? { delimiter: parsed.delimiter, encoding: parsed.encoding } : {}),
      progress: { processed: 0, total: rows.length },
      warnings: file.warnings,
      headers: parsed.headers,
    })
    const dryRun = job.dryRun
    const secret = secretColumns(parsed.headers)
    const target = dryRun ? new Db(db.toJSON()) : db
    const plan = planImport(file.mapping, job.storeIds)
    const outcomes: RowOutcome[] = []
    const failures: ImportFailureRecord[] = []
    const counts = { created: 0, updated: 0, deleted: 0, failed: 0 }
    const countOf: Record<ImportRowStatus, keyof typeof counts> = {
      CREATED: 'created',
      UPDATED: 'updated',
      DELETED: 'deleted',
      FAILED: 'failed',
    }
    let interrupted = false
    // Hashing runs on Web Crypto's threads: the next chunk's passwords hash while this chunk is applied.
    const prepare = (start: number): Promise<RowPasswords[]> => {
      const chunk = rows.slice(start, start + this.#chunkRows)
      return dryRun ? Promise.resolve(chunk.map(() => DRY_RUN_PASSWORDS)) : this.#passwords(chunk)
    }
    let prepared = prepare(0)
    this.#lastFlush = { end: performance.now(), took: 0 }
    for (let start = 0; start < rows.length; start += this.#chunkRows) {
      if (this.#stopping) {
        interrupted = true
        break
      }
      const passwords = await prepared
      if (start + this.#chunkRows < rows.length) prepared = prepare(start + this.#chunkRows)
      // The chunk's change: synchronous, so no request sees half of it.
      const tx = dryRun
        ? new DryRunTx(target, job.createdBy, api.options.clock())
        : new Tx(target, job.createdBy, api.options.clock())
      const end = Math.min(rows.length, start + this.#chunkRows)
      for (let i = start; i < end; i++) {
        const outcome = importCustomerUserRow(tx, rows[i], plan, passwords[i - start])
        outcomes.push(outcome)
        counts[countOf[outcome.status]]++
        if (outcome.status === 'FAILED' && failures.length < FAILURES_SAVED) {
          failures.push({
            index: i,
            line: outcome.line,
            externalId: outcome.externalId,
            errors: outcome.errors,
            warnings: outcome.warnings,
            cells: withoutSecrets(parsed.records[i], secret),
          })
        }
      }
      job = saveImportJob(db, job, {
        progress: { processed: outcomes.length, total: rows.length },
        counts: { ...counts },
      })
      // Not in the last quarter of the rows: the job's own last commit comes soon and writes it all.
      if (!dryRun && outcomes.length < rows.length * 0.75) this.#commitSoon()
      await pause()
    }
    await prepared.catch(() => {}) // an interrupted job leaves no hashing behind
    this.#keep(job.id, { outcomes, text: file.text, parsed: file.text === null ? parsed : null })
    // The usual next step after a dry run is the real run of the same file: keep what was read for it.
    if (dryRun && read.key) this.#holdRead(read.key, file)
    return { interrupted, failures }
  }

  /**
   * The source read and shape-checked, or why it cannot be. A CSV file that is the one the last dry run read
   * (same bytes, same options) is not read again: the real run after a dry run starts straight on the data.
   */
  async #read(
    job: ImportJobRecord,
    source: ImportSource,
  ): Promise<{ file: ImportFile; key: string | null } | { error: ImportFileError }> {
    const options = { jobStoreIds: job.storeIds, multiStore: this.api.db.stores.size > 1 }
    const held = this.#held
    this.#releaseRead()
    let key: string | null = null
    if (source.format === 'CSV') {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', source.bytes as BufferSource))
      key = `${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')} ${source.delimiter ?? ''} ${options.jobStoreIds.join(',')} ${options.multiStore}`
      if (held?.key === key) return { file: held.file, key }
    }
    try {
      return { file: readImportSource(source, options), key }
    } catch (e) {
      if (e instanceof ImportFileError) return { error: e }
      throw e
    }
  }

  #holdRead(key: string, file: ImportFile) {
    this.#releaseRead()
    const timer = setTimeout(() => this.#releaseRead(), READ_HELD_MS)
    ;(timer as { unref?: () => void }).unref?.()
    this.#held = { key, file, timer }
  }

  #releaseRead() {
    if (this.#held) clearTimeout(this.#held.timer)
    this.#held = null
  }

  /**
   * The chunk's passwords, hashed before its change: a row's own password with the app's full PBKDF2
   * iterations (all of the chunk's at once, so Web Crypto spreads them over its threads); a generated one,
   * random and ≈ 105 bits strong, with a single iteration (crypto/bulk-passwords.ts explains why that is safe).
   */
  async #passwords(chunk: readonly RowCheck[]): Promise<RowPasswords[]> {
    const needs = chunk.map(passwordNeed)
    const plain = generatePasswords(needs.filter((n) => n === 'generated').length)
    const hashes = hashGeneratedPasswords(plain)
    let g = 0
    const iterations = this.api.options.passwordIterations
    return Promise.all(
      chunk.map(async (check, i): Promise<RowPasswords> => {
        if (needs[i] === 'given')
          return { given: { plain: check.row.password!, hash: await hashPassword(check.row.password!, iterations) } }
        if (needs[i] === 'generated') {
          const k = g++
          return { generated: { plain: plain[k], hash: hashes[k] } }
        }
        return {}
      }),
    )
  }

  /**
   * The real run's checkpoints — group commits, spaced out: at most one per chunk, none while a flush is under
   * way, none within {@link CHECKPOINT_MS} of the last one (or of the start), nor before four times the last
   * one's duration has passed: a flush writes the whole file, which grows with the job, so flushing stays a
   * fifth of the job's time at most. A crash loses at most the rows since the last checkpoint, and the job is
   * then reported INTERRUPTED; the job's own last commit is awaited before it shows DONE.
   */
  #commitSoon() {
    const now = performance.now()
    const since = now - this.#lastFlush.end
    if (this.#flushing || since < CHECKPOINT_MS || since < 4 * this.#lastFlush.took) return
    this.#flushing = this.api
      .commit()
      .catch((e) => console.error('import job: commit failed', e))
      .finally(() => {
        const end = performance.now()
        this.#lastFlush = { end, took: end - now }
        this.#flushing = null
      })
  }

  #keep(id: string, report: KeptReport) {
    this.#reports.set(id, report)
    for (const old of this.#reports.keys()) {
      if (this.#reports.size <= this.#reportsKept) break
      this.#reports.delete(old)
    }
  }
}
