/**
 * I7: the import job runner — the queue, the chunks, the hashing ahead and the spaced-out commits. The rules of a
 * row live in domain/import-jobs.ts; routes/import-jobs.ts only translates HTTP to this runner and back.
 */
import { parseCsvTextSliced, type ParsedCsv, type RowCheck, type SliceOptions } from '@dj-customers/spec/csv'
import { generatePasswords, hashGeneratedPasswords } from './crypto/bulk-passwords.js'
import { webCryptoPasswords, type PasswordHasher } from './crypto/passwords.js'
import { Db } from './db.js'
import type { NewPassword } from './domain/customer-users.js'
import {
  DEFAULT_IMPORT_JOB_RETENTION,
  DryRunTx,
  ImportFileError,
  ImportJobDetail,
  failImportJob,
  importCustomerUserRow,
  passwordNeed,
  planImport,
  pruneImportJobs,
  readImportSourceSliced,
  saveImportJob,
  secretColumns,
  withoutSecretValues,
  type ImportFile,
  type ImportJobRetention,
  type ImportSource,
  type RowOutcome,
  type RowPasswords,
} from './domain/import-jobs.js'
import { importCustomerAccountRow, planAccountImport } from './domain/import-accounts.js'
import { Tx } from './domain/tx.js'
import { ProblemError } from './problem.js'
import type { ImportJobRecord, ImportRowStatus, PasswordHash } from './types.js'

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
  /** R3: which finished jobs are kept (default: the newest 100, none finished more than 30 days ago). */
  retention?: Partial<ImportJobRetention>
  /**
   * R4: the longest stretch of work (parse, shape check) between two pauses, in ms. Default 10. Rows are applied, and
   * the next chunk's generated passwords hashed, in half-slices: both (and a piece of a checkpoint's flush) take
   * their turn in the same turn of the event loop, which so stays about one slice long.
   */
  sliceMs?: number
  /** R4: where given passwords are hashed (the app's: Web Crypto, or the Node worker pool, as `bulk`). */
  passwords?: PasswordHasher
}

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
/** R3: the file text (UTF-16 code units) finished jobs keep in memory for their full reports, at most. */
const REPORT_TEXT_KEPT = 64 * 1024 * 1024
/** R4: between two slices of reading, let timers, I/O and other requests run (setImmediate where there is one). */
const yieldToLoop: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise<void>((resolve) => setImmediate(resolve)) : pause
const DRY_RUN_PASSWORD: NewPassword = { plain: '', hash: { hash: '', salt: '', iterations: 0 } }
/** A dry run hashes nothing: what it stores is dropped, and no status depends on a hash. */
const DRY_RUN_PASSWORDS: RowPasswords = { given: DRY_RUN_PASSWORD, generated: DRY_RUN_PASSWORD }
/** Generated passwords hashed between two looks at the clock (≈ 3 µs each). */
const GENERATED_HASH_BATCH = 128
/** A row that needs no password (a deletion, a row that already failed its shape check). */
const NO_PASSWORDS: RowPasswords = Object.freeze({})

/**
 * I7: runs import jobs one at a time, in the order they were posted. A job reads its source, then processes
 * rows in chunks: the chunk's passwords are hashed ahead (Web Crypto's threads work while the previous chunk
 * is applied), then the chunk's synchronous change, then a pause so that other requests — `GET` of the job's
 * progress among them — are served between chunks. Writes are coalesced: the real run asks for at most one
 * commit per chunk, spaced out (see #commitSoon), never one per row, and the job shows DONE only once its last
 * commit is on disk. A dry run works the same way on a copy of the data (`new Db(db.toJSON())`: new indexes
 * over the same immutable records), so it reaches the statuses the real run would; the copy is then dropped.
 *
 * R4: no step holds the event loop for long: the file is decoded, parsed and shape-checked in slices of ~10 ms
 * (spec/csv's sliced functions), the dry run's copy is indexed in slices, and a chunk's change is applied in slices
 * of ~5 ms (each synchronous: no request sees half of a row), taking turns with the next chunk's generated passwords,
 * hashed in slices as long, and a checkpoint's flush, written in pieces. A real run lets go of each row once applied,
 * so the heap (every major GC marks it) shrinks as the job goes. R3: what a job keeps is bounded (ImportJobDetail),
 * and finished jobs are pruned (the newest 100, none older than 30 days, by default) when the app starts and
 * whenever a job ends.
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
  readonly #retention: ImportJobRetention
  readonly #slices: SliceOptions
  readonly #sliceMs: number
  /** R4: the slices of rows and of generated passwords (see {@link ImportJobOptions.sliceMs}). */
  readonly #halfSliceMs: number
  readonly #hasher: PasswordHasher

  constructor(
    private readonly api: ImportRunnerHost,
    options: ImportJobOptions = {},
  ) {
    this.#chunkRows = Math.max(1, options.chunkRows ?? 2000)
    this.#reportsKept = Math.max(1, options.reportsKept ?? 5)
    this.#retention = {
      kept: options.retention?.kept ?? DEFAULT_IMPORT_JOB_RETENTION.kept,
      maxAgeDays: options.retention?.maxAgeDays ?? DEFAULT_IMPORT_JOB_RETENTION.maxAgeDays,
    }
    this.#sliceMs = options.sliceMs ?? 10
    this.#halfSliceMs = this.#sliceMs / 2
    this.#slices = { pause: yieldToLoop, sliceMs: this.#sliceMs }
    this.#hasher = options.passwords ?? webCryptoPasswords
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
    this.prune()
  }

  /** R3: forgets old finished jobs (see {@link pruneImportJobs}) and their reports. The caller commits. */
  prune() {
    for (const id of pruneImportJobs(this.api.db, this.#retention, this.api.options.clock())) this.#reports.delete(id)
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

  /**
   * The report of a finished job: in memory for recent jobs, else the saved failures. `withCells`: the file's cells
   * are wanted too (a CSV report); a CSV job's are read again from its kept text, in slices (R4).
   */
  async report(
    job: ImportJobRecord,
    withCells = false,
  ): Promise<{
    complete: boolean
    outcomes: RowOutcome[]
    cells: (i: number) => string[]
    headers: string[]
  }> {
    const kept = this.#reports.get(job.id)
    if (kept) {
      let parsed = kept.parsed
      if (withCells && !parsed)
        parsed = await parseCsvTextSliced(kept.text!, { delimiter: job.delimiter ?? undefined }, this.#slices)
      return {
        complete: job.progress.processed === job.progress.total,
        outcomes: kept.outcomes,
        cells: (i) => parsed?.records[i] ?? [],
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
    // R1: a commit that failed (this job's or any other) put the data saved last back: rows since are gone.
    const restores = db.restores
    try {
      const result = await this.#process(job, source, restores)
      if (db.restores !== restores) throw new ProblemError('STORAGE_UNAVAILABLE')
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
      this.prune()
      await api.commit()
    } catch (e) {
      // R1: the job ends where the data file stopped taking writes; its saved record (put back) says how far it got.
      const lost = e instanceof ProblemError && e.code === 'STORAGE_UNAVAILABLE'
      if (lost) this.#reports.delete(id)
      else console.error(e)
      const last = job
      const end = () => {
        const saved = db.importJobs.get(id) ?? last
        const { processed, total } = saved.progress
        return lost
          ? failImportJob(
              db,
              saved,
              'INTERRUPTED',
              `The data file could not be written, so the job stopped${processed && !last.dryRun ? ` after ${processed} of ${total} rows, which stay applied; post the rest again` : '; none of its rows were saved: post the file again'}.`,
              now(),
            )
          : failImportJob(
              db,
              saved,
              'INTERNAL',
              `Unexpected error (a bug: please report it): ${e instanceof Error ? e.message : String(e)}.${last.dryRun ? '' : ' Rows processed before it stay applied.'}`,
              now(),
            )
      }
      end()
      // Still not writable: the job's end stays in memory (shown FAILED), saved by the next commit that succeeds.
      await api.commit().catch(() => end())
    } finally {
      this.#settling.delete(id)
    }
  }

  /** Reads the source, then applies its rows chunk by chunk; the job record follows the progress. */
  async #process(job: ImportJobRecord, source: ImportSource, restores: number) {
    const { api } = this
    const db = api.db
    const read = await this.#read(job, source)
    if ('error' in read) return read
    await yieldToLoop() // R4: the read ended on a slice of its own
    const { file } = read
    const { parsed, rows } = file
    const secret = secretColumns(parsed.headers)
    const hasSecret = secret.includes(true)
    // R3: what the job keeps is cut to size and counted; R5: never a secret cell.
    const detail = new ImportJobDetail(parsed.headers, file.warnings, secret)
    job = saveImportJob(db, job, {
      ...(job.format === 'CSV' ? { delimiter: parsed.delimiter, encoding: parsed.encoding } : {}),
      progress: { processed: 0, total: rows.length },
      warnings: detail.warnings,
      headers: detail.headers,
    })
    const dryRun = job.dryRun
    const target = dryRun ? await this.#dryRunCopy(db) : db
    // I11: the rows of the job's type — customer users (with their passwords) or customer accounts (none).
    const applyRow: (tx: Tx, i: number, passwords: RowPasswords) => RowOutcome =
      file.type === 'CUSTOMER_ACCOUNT'
        ? (
            (plan) => (tx: Tx, i: number) =>
              importCustomerAccountRow(tx, file.rows[i], plan)
          )(planAccountImport(file.mapping))
        : (
            (plan) => (tx: Tx, i: number, passwords: RowPasswords) =>
              importCustomerUserRow(tx, file.rows[i], plan, passwords)
          )(planImport(file.mapping, job.storeIds))
    const outcomes: RowOutcome[] = []
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
      const end = Math.min(rows.length, start + this.#chunkRows)
      if (file.type === 'CUSTOMER_ACCOUNT') return Promise.resolve(Array.from({ length: end - start }, () => ({})))
      const chunk = file.rows.slice(start, end)
      return dryRun ? Promise.resolve(chunk.map(() => DRY_RUN_PASSWORDS)) : this.#passwords(chunk)
    }
    // §5: a real run lets go of each row once applied — nothing reads it again (a CSV report parses the kept text
    // again; a JSON job keeps `parsed` for its cells) — so the file leaves the heap as the job goes, instead of
    // being marked by every garbage collection until the end. A dry run keeps its rows for the real run (#holdRead).
    const spent = dryRun ? null : (rows as unknown[])
    const spentRecords = dryRun || file.text === null ? null : (parsed.records as unknown[])
    let prepared = prepare(0)
    this.#lastFlush = { end: performance.now(), took: 0 }
    for (let start = 0; start < rows.length; start += this.#chunkRows) {
      if (this.#stopping || db.restores !== restores) {
        interrupted = true
        break
      }
      const passwords = await prepared
      if (start + this.#chunkRows < rows.length) prepared = prepare(start + this.#chunkRows)
      // The chunk's change, in slices of at most ~sliceMs / 2 (R4): each slice is synchronous, so no request sees half
      // of a row; rows are independent, so other requests may run between two slices.
      const end = Math.min(rows.length, start + this.#chunkRows)
      for (let i = start; i < end; ) {
        if (i > start) {
          job = saveImportJob(db, job, {
            progress: { processed: outcomes.length, total: rows.length },
            counts: { ...counts },
          })
          await yieldToLoop()
          if (db.restores !== restores) break
        }
        const tx = dryRun
          ? new DryRunTx(target, job.createdBy, api.options.clock())
          : new Tx(target, job.createdBy, api.options.clock())
        const sliceStart = performance.now()
        for (; i < end; ) {
          const outcome = applyRow(tx, i, passwords[i - start])
          if (outcome.status === 'FAILED') {
            if (hasSecret) outcome.errors = withoutSecretValues(outcome.errors, parsed.records[i], secret)
            detail.add(i, outcome, parsed.records[i])
          }
          outcomes.push(outcome)
          counts[countOf[outcome.status]]++
          if (spent) {
            spent[i] = undefined
            if (spentRecords) spentRecords[i] = undefined
          }
          i++
          if ((i & 31) === 0 && performance.now() - sliceStart >= this.#halfSliceMs) break
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
    return { interrupted, failures: detail.failures }
  }

  /**
   * R4: the dry run's copy of the data — `new Db(db.toJSON())`: new indexes over the same immutable records — built
   * in slices: indexing 100,000 customer users takes ~200 ms. The snapshot is taken at once, so the copy is the data
   * of one instant. The audit log is left out: a dry run's Tx records nothing and no rule reads it.
   */
  async #dryRunCopy(db: Db): Promise<Db> {
    const json = db.toJSON()
    const big = {
      customerUsers: json.customerUsers,
      organisations: json.organisations,
      notifications: json.notifications,
      tokens: json.tokens,
    }
    const copy = new Db({
      ...json,
      auditEvents: [],
      customerUsers: [],
      organisations: [],
      notifications: [],
      tokens: [],
    })
    for (const [name, rows] of Object.entries(big) as [keyof typeof big, unknown[]][]) {
      const collection = copy[name] as { insert(row: unknown): void }
      let slice = performance.now()
      for (let i = 0; i < rows.length; i++) {
        collection.insert(rows[i])
        if ((i & 255) === 255 && performance.now() - slice >= this.#sliceMs) {
          await yieldToLoop()
          slice = performance.now()
        }
      }
    }
    return copy
  }

  /**
   * The source read and shape-checked, or why it cannot be. A CSV file that is the one the last dry run read
   * (same bytes, same options) is not read again: the real run after a dry run starts straight on the data.
   */
  async #read(
    job: ImportJobRecord,
    source: ImportSource,
  ): Promise<{ file: ImportFile; key: string | null } | { error: ImportFileError }> {
    const options = { type: job.type, jobStoreIds: job.storeIds, multiStore: this.api.db.stores.size > 1 }
    const held = this.#held
    this.#releaseRead()
    let key: string | null = null
    if (source.format === 'CSV') {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', source.bytes as BufferSource))
      key = `${options.type} ${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')} ${source.delimiter ?? ''} ${options.jobStoreIds.join(',')} ${options.multiStore}`
      if (held?.key === key) return { file: held.file, key }
    }
    try {
      return { file: await readImportSourceSliced(source, options, this.#slices), key }
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
   * iterations (all of the chunk's at once, through the app's hasher — under Node the password pool's `bulk` queue,
   * behind any login, R4); a generated one,
   * random and ≈ 105 bits strong, with a single iteration (crypto/bulk-passwords.ts explains why that is safe).
   */
  async #passwords(chunk: readonly RowCheck[]): Promise<RowPasswords[]> {
    const needs = chunk.map(passwordNeed)
    const iterations = this.api.options.passwordIterations
    // §5: a promise for each given password only, not one for each row; given ones are queued first, so the pool
    // works while the generated ones are hashed here.
    const out: RowPasswords[] = []
    const given: Promise<void>[] = []
    let generated = 0
    for (let i = 0; i < chunk.length; i++) {
      out.push(NO_PASSWORDS)
      if (needs[i] === 'generated') generated++
      else if (needs[i] === 'given') {
        const k = i
        given.push(
          this.#hasher.hash(chunk[i].row.password!, iterations, 'bulk').then((hash) => {
            out[k] = { given: { plain: '', hash } }
          }),
        )
      }
    }
    const hashed = Promise.all(given)
    hashed.catch(() => {}) // awaited below, after the slices: not an unhandled rejection meanwhile
    // R4: ≈ 3 µs a hash, 2,000 of them are tens of ms: hashed in slices, between which the chunk being applied
    // (and every request) goes on.
    const plain = generatePasswords(generated)
    const hashes: PasswordHash[] = []
    let slice = performance.now()
    for (let k = 0; k < plain.length; k += GENERATED_HASH_BATCH) {
      if (k && performance.now() - slice >= this.#halfSliceMs) {
        await yieldToLoop()
        slice = performance.now()
      }
      for (const hash of hashGeneratedPasswords(plain.slice(k, k + GENERATED_HASH_BATCH))) hashes.push(hash)
    }
    let g = 0
    for (let i = 0; i < chunk.length; i++) {
      if (needs[i] !== 'generated') continue
      out[i] = { generated: { plain: plain[g], hash: hashes[g] } }
      g++
    }
    await hashed
    return out
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

  /** Keeps a finished job's full report: the newest `reportsKept`, and (R3) at most ~128 MiB of file text in all. */
  #keep(id: string, report: KeptReport) {
    this.#reports.set(id, report)
    let text = 0
    for (const kept of this.#reports.values()) text += kept.text?.length ?? 0
    for (const [old, kept] of this.#reports) {
      if (old === id || (this.#reports.size <= this.#reportsKept && text <= REPORT_TEXT_KEPT)) break
      text -= kept.text?.length ?? 0
      this.#reports.delete(old)
    }
  }
}
