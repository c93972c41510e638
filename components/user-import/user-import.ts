import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit'
import {
  getImportReport,
  getImportReportCsv,
  startImport as startImportJob,
  waitForJob,
  type DjClient,
  type ImportJob,
  type ImportReport,
  type ImportRow,
  type StartImportOptions,
} from '@dj-customers/sdk'
import { CallerController } from '../shared/caller.js'
import { DjElement } from '../shared/element.js'
import { FocusController } from '../shared/focus.js'
import { icon } from '../shared/icons.js'
import { Locale, primaryLanguage } from '../shared/locale.js'
import { isProblem, problemAlert, problemReason } from '../shared/problem.js'
import { list, listAttribute } from '../shared/text.js'
import { theme } from '../shared/theme.js'
// Types only (erased): the import module itself is loaded by the worker, or on demand (see #engine).
import type { CsvDelimiter, CsvEncoding, CsvIssue, HeaderMapping, HeaderOverrides } from '@dj-customers/sdk/import'
import type {
  CheckReply,
  DescribeReply,
  Engine,
  EngineReply,
  EngineRequest,
  EngineThread,
  ReadFailure,
  ReadReply,
  SaidIssue,
} from './import-engine.js'
import {
  DjImportDoneEvent,
  DjImportDryRunEvent,
  DjImportErrorEvent,
  DjImportParsedEvent,
  DjImportStartEvent,
} from './events.js'
import { type ImportCounts, messagesFor, type UserImportMessages } from './messages.js'
import { ROW_HEIGHT, styles } from './user-import.styles.js'

type FileData = Omit<ReadReply, keyof CheckReply | 'overrides' | 'guessed'>

/** A server job in progress or done: a dry run or the real import, for the data as it was at `revision`. */
interface Run {
  dryRun: boolean
  revision: number
  job?: ImportJob
  /** The failed rows (`?status=FAILED`), once the job is DONE. */
  report?: ImportReport
  /** The job ended and its report was read: the result is shown, the events fired. */
  done?: boolean
  /** The report's failed rows, their errors on the file's headers and with their sentences (see #describe). */
  rows?: (Pick<ImportReport['rows'][number], 'line' | 'externalId'> & { errors: CsvIssue[] })[]
  /** Those errors by row index (made when first painted). */
  issues?: Map<number, CsvIssue[]>
}

/** Which action failed: its message is shown next to it (the file, the job's buttons, the report or template button). */
type ProblemPlace = 'file' | 'job' | 'report' | 'template'

/**
 * A failure, shown next to the action that failed (`place`). `retry` repeats what failed, offered only when
 * retrying can help (network, 5xx, 429); otherwise `editStores` may offer what helps instead (the job's stores).
 */
interface Problem {
  place: ProblemPlace
  message: ProblemMessage
  error: unknown
  retry?: () => void
  editStores?: boolean
}
type ProblemMessage = 'readError' | 'requestFailed' | 'forbidden' | 'unknownStores' | 'noClient'

/** The code a failure gets in `dj-import-error`: the API problem's code, `NETWORK` when no answer came, `NO_CLIENT`. */
const failureCode = (e: unknown) => (isProblem(e) ? e.code : e == null ? 'NO_CLIENT' : 'NETWORK')

/** Retrying can help: no answer (network), a server error (5xx), or too many requests (429, 503 with Retry-After). */
const retryable = (e: unknown) => (isProblem(e) ? e.status >= 500 || e.status === 429 || e.status === 408 : e != null)

/** The delimiter a `SINGLE_COLUMN` read error advises (`choose ";" as the delimiter`, `try "," as the delimiter`). */
const advisedDelimiter = (message: string) => /"([,;])" as the delimiter/.exec(message)?.[1] as CsvDelimiter | undefined

/** What a column of the mapping holds: its field, `customField.X`, or `''` (an ignored or unknown column). */
const fieldOf = (c: HeaderMapping['columns'][number]) =>
  'field' in c ? c.field : 'customField' in c ? `customField.${c.customField}` : ''

/** The tone of the badge of each count (created, updated, deleted, failed). */
const TONES = ['success', 'accent', 'warning', 'danger']

/** Rows rendered above and below the visible ones. */
const OVERSCAN = 6
/** Failed rows listed under the counts; the CSV report has them all. */
const FAILURES_SHOWN = 50

/** Talks to the module worker: waits for its `ready`, then matches replies to requests by id. Rejects if the worker cannot start. */
function workerEngine(worker: Worker): Promise<Engine> {
  const pending = new Map<number, [(r: EngineReply) => void, (e: unknown) => void]>()
  let next = 0
  const stop = (reject?: (e: unknown) => void) => {
    const error = new Error('The import worker stopped.')
    reject?.(error)
    for (const [, rej] of pending.values()) rej(error)
    pending.clear()
  }
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.ready) {
        resolve({
          call: (request, transfer = []) =>
            new Promise((res, rej) => {
              pending.set(++next, [res, rej])
              worker.postMessage({ id: next, request }, transfer)
            }),
          stop: () => (worker.terminate(), stop()),
        })
        return
      }
      pending.get(data.id)?.[0](data.reply)
      pending.delete(data.id)
    }
    // A script that does not load (404, CSP, syntax) fires `error` before `ready`; a crash later fails what is pending.
    worker.onerror = (e) => {
      e.preventDefault()
      stop(reject)
    }
  })
}

/**
 * @summary Imports customer users from a CSV file (I1–I8): the file is parsed, mapped and checked off the main
 * thread with the SDK's import module, shown as an editable row table with every error, checked by the server
 * (dry run: counts of users to create, update, delete, and rows that would fail) and then imported, with
 * progress and a downloadable report.
 *
 * Parsing runs in a module worker started with `new Worker(new URL('./import.worker.js', import.meta.url), { type: 'module' })`,
 * which Vite, webpack and Parcel bundle by themselves; elsewhere build `import.worker.ts` as its own entry and give
 * its URL in `worker-url`. When no worker can start (a Content-Security-Policy without `worker-src`, a worker URL
 * that does not load), the element says nothing and parses on the main thread instead, importing the import
 * module dynamically: slower for big files, same results (`parsedIn` tells which).
 *
 * Rows go to the server as the file itself (`text/csv`) while nothing was changed, or as JSON rows (`{type, dryRun,
 * storeIds, rows}`) once a cell, a column mapping or the encoding was changed in the element. The real import is
 * offered only after a dry run of exactly the rows and stores it would send.
 *
 * Server errors of a dry run are painted on the cells they concern, like the browser's own checks, and each failing row
 * listed under the counts takes the user to its cell. Before an import that would skip failing rows, the user confirms
 * ("12 rows will be imported, 8 skipped"); after it, a summary with the counts, the report and "Import another file".
 * Everything the user reads is a sentence in their language (English, French): the rules' codes (`F-E-004`), the
 * server's English messages and the API's problem codes go to the events only.
 *
 * It asks who is calling (OP7 `GET /v1/operator-users/me`, once per client for the whole page): a Reader operator,
 * whose imports the server refuses, gets a read-only element — no drop zone, no file to pick, no Check, no Import —
 * with the reason as a sentence (`part="reason"`, `readonlyReason`); the template stays. Until the answer is in, only
 * the template shows; if asking fails, the element stays usable (the server checks every import anyway).
 *
 * @event dj-import-parsed - A file was read and checked. `event.summary`: `{fileName, rows, failed, delimiter, encoding, bom, parsedIn}`.
 * @event dj-import-dry-run - The server's dry run finished. `event.job` (`job.counts`: created, updated, deleted, failed), `event.report` (the rows that would fail, with their codes and the server's messages).
 * @event dj-import-start - Import was pressed (and confirmed when rows would fail), before the real job is posted; cancelable (`preventDefault()` vetoes it). `event.rows`, `event.storeIds`, `event.dryRun`.
 * @event dj-import-done - The real import finished. `event.job`, `event.report` (the rows that failed, with their codes).
 * @event dj-import-error - Reading, a server request or a download failed. `event.stage` (`read`, `dry-run`, `import`, `download`), `event.error` (the `DjProblemError`, or the reader's `{code, message}`), `event.code` (the problem's code, a reader code, `NETWORK`), `event.retryable`.
 *
 * @csspart reason - Why the element is read-only for this user (a Reader operator), with a lock icon.
 * @csspart drop-zone - The area a file can be dropped on (or clicked), with the file and template buttons; `data-over` while a file is dragged over it.
 * @csspart choose-button - The button that opens the file picker.
 * @csspart template-button - The button that downloads the CSV template.
 * @csspart file - The line describing the file read: name, rows, delimiter and encoding.
 * @csspart delimiter - The delimiter select (changing it reads the file again).
 * @csspart encoding - The encoding select (changing it reads the file again).
 * @csspart mapping - The header mapping table (it scrolls sideways in its own box when the element is narrow).
 * @csspart mapping-select - The field select of each column (fields another column holds are disabled, with its name).
 * @csspart confirm-guess - The Confirm button of a column whose field was guessed from its name.
 * @csspart confirm-guesses - The button that confirms every guessed field at once.
 * @csspart filter - The "rows with errors only" checkbox.
 * @csspart summary - The row and error counts.
 * @csspart rows - The scrolling row table.
 * @csspart row - Each row of the table (`data-line`, `data-invalid` when it fails, in the browser or on the server).
 * @csspart cell - Each cell of the table (`data-column`: its column in the file). Outside the active row it can take focus (a click, Up, Down, Tab): its row then becomes the active one and focus goes to its input.
 * @csspart cell-value - The text of a cell outside the active row, drawn like an input (`aria-invalid="true"` when it fails).
 * @csspart cell-input - The input of a cell of the active row (inline correction). Only the active row has inputs: the row last focused (the first one until then); the others show `cell-value`, so that scrolling rebinds text, not form controls.
 * @csspart cell-error - The error sentence under a cell (two lines at most; the whole of it is the input's description).
 * @csspart row-details - Every error of the active row (the row last focused, the first one until then), in full, with its code as secondary text; scrolling does not change it.
 * @csspart job - The section with the job's stores, Check and Import.
 * @csspart store-ids - The job's stores input.
 * @csspart check-button - The "Check with server" button (dry run).
 * @csspart import-button - The Import button.
 * @csspart confirm - The dialog that asks before an import that skips failing rows.
 * @csspart confirm-cancel - Its Cancel button.
 * @csspart confirm-import - Its "Import N rows" button.
 * @csspart progress - The progress bar of a running job (indeterminate while the server saves).
 * @csspart counts - The counts of a dry run or an import, as badges (`data-count` on each number).
 * @csspart failures - The list of failed rows.
 * @csspart failure-link - The button of a failed row that scrolls the table to its cell.
 * @csspart report-button - The "Download the report (CSV)" button.
 * @csspart import-another - The "Import another file" button of a finished import.
 * @csspart error - An error message box, shown next to the action that failed.
 * @csspart retry - The Retry button of an error, offered only when retrying can help (no answer, 5xx, 429).
 * @csspart fix - The button of an error that offers the fix instead: the advised delimiter ("Use “;”"), another file, the job’s stores.
 * @csspart status - The live status line (parse results, counts, progress milestones, completion).
 *
 * @cssproperty --dj-color-accent - Shared design token (see components/shared/theme.ts, as every `--dj-color-*`, `--dj-font`, `--dj-radius` and `--dj-space`): main action, focus ring, progress, drop highlight.
 * @cssproperty --dj-color-danger - Shared design token: errors, invalid cells, failing rows (with `--dj-color-danger-surface`).
 * @cssproperty --dj-color-warning - Shared design token: column warnings and guessed fields (with `--dj-color-warning-surface`).
 * @cssproperty --dj-user-import-table-height - Height of the row table's scrolling area. Default: 26rem.
 * @cssproperty --dj-user-import-column-width - Width of each field column of the row table. Default: 12rem.
 *
 * @example
 * ```html
 * <dj-user-import base-url="https://api.example.com" api-key="…" store-ids="FR" lang="fr"></dj-user-import>
 * ```
 */
export class DjUserImport extends DjElement {
  static override styles = [theme, styles]

  static override properties: PropertyDeclarations = {
    // Declared again (see DjElement) for its description here: which operators may import.
    apiKey: { attribute: 'api-key' },
    workerUrl: { attribute: 'worker-url' },
    storeIds: { attribute: 'store-ids', converter: listAttribute },
    file: { state: true },
    reading: { state: true },
    failure: { state: true },
    data: { state: true },
    checked: { state: true },
    errorsOnly: { state: true },
    top: { state: true },
    viewport: { state: true },
    busy: { state: true },
    run: { state: true },
    problem: { state: true },
    announcement: { state: true },
    dragging: { state: true },
  }

  /** Operator API key, used with `base-url` when no `client` is given (User or Admin: a Reader may not import). */
  declare apiKey: string | undefined
  /** URL of the import worker script (`import.worker.ts` built as its own entry), for setups that do not bundle `new URL(…, import.meta.url)` workers. */
  declare workerUrl: string | undefined
  /** I4: stores (externalIds) given to every imported user; the file's store column is then ignored. Editable by the user (attribute: comma-separated). */
  declare storeIds: string[]

  declare protected file: File | undefined
  declare protected reading: boolean
  /** Why the file cannot be read (CsvReadError code and message, and the user's sentence). */
  declare protected failure: ReadFailure | undefined
  declare protected data: FileData | undefined
  declare protected checked: CheckReply | undefined
  declare protected errorsOnly: boolean
  /** The row table's scroll position and visible height (px): the window of rows rendered. */
  declare protected top: number
  declare protected viewport: number
  declare protected busy: boolean
  declare protected run: Run | undefined
  declare protected problem: Problem | undefined
  declare protected announcement: string
  declare protected dragging: boolean

  #parsedIn: EngineThread | undefined
  /** Headers mapped by hand (or guessed), as sent to the engine. */
  #overrides: HeaderOverrides = {}
  #guessed = new Set<string>()
  /** A field chosen for a column while another column holds it: what the user is told, next to that column. */
  #conflict: { header: string; text: string } | undefined
  /** The language (primary subtag) of the sentences held: another one on the element re-asks for them. */
  #said: string | undefined
  #delimiter: CsvDelimiter | undefined
  #encoding: CsvEncoding | undefined
  /** Errors of the failing rows, by row index. */
  #errors = new Map<number, CsvIssue[]>()
  /** Rows listed with "errors only": those failing when the filter was set, plus any failing since (a fixed row stays until the filter is set again). */
  #view: number[] = []
  #edited = false
  /** A check was asked for during a read. */
  #recheck = false
  /** Bumped by every change of rows, mapping or stores: a dry run is valid for one revision. */
  #revision = 0
  /** The latest engine call: older replies are dropped. */
  #call = 0
  #engine: Promise<Engine> | undefined
  /** The engine holds the current file (false after it was restarted). */
  #engineHasFile = false
  #locale = new Locale(this, messagesFor)
  /** Who is calling (OP7), asked once per client for the whole page. */
  #who = new CallerController(this)
  #controller: AbortController | undefined
  #resize: ResizeObserver | undefined
  #url: string | undefined
  /** A job being watched when the element was disconnected: watched again on reconnect. */
  #resume: (() => void) | undefined
  #milestone = 0
  /** The row (place in the table) whose cells are in the Tab sequence: Tab leaves the table after one row, Up and Down change rows. */
  #tabRow = 0

  constructor() {
    super()
    this.storeIds = []
    this.reading = false
    this.errorsOnly = false
    this.top = 0
    this.viewport = 480
    this.busy = false
    this.announcement = ''
    this.dragging = false
    // Focus on a Retry button whose message went away in an update goes to Check with server, or to Choose a
    // file. Only there: a cell input leaves the DOM whenever its row scrolls out of the window, and focus
    // moved then would scroll the page to the button.
    new FocusController(this, {
      lost: (focused) => !focused.isConnected && !!focused.closest('.error'),
      to: () =>
        this.renderRoot.querySelector<HTMLElement>('.check') ?? this.renderRoot.querySelector<HTMLElement>('.choose'),
    })
  }

  /**
   * Why the user cannot import here, or null when they can: `checking` (who is calling is being asked, OP7: no
   * control shows meanwhile), `reader` (a Reader operator, OP2: the server refuses their imports; the element is
   * read-only and says why, `part="reason"`). If asking fails the element stays usable: the server checks anyway.
   */
  get readonlyReason(): 'checking' | 'reader' | null {
    const c = this.#who.value
    return c === undefined
      ? this.api
        ? 'checking'
        : null
      : c?.kind === 'operator' && c.level === 'Reader'
        ? 'reader'
        : null
  }

  /** Whether the user can import here: pick a file, check it with the server, import (read-only otherwise). */
  get editable(): boolean {
    return !this.readonlyReason
  }

  /** Where the last file was parsed: `worker`, or `main-thread` when no worker could start; undefined before a file. */
  get parsedIn(): EngineThread | undefined {
    return this.#parsedIn
  }

  /** The last server job (dry run or import), as last polled. */
  get job(): ImportJob | undefined {
    return this.run?.job
  }

  /** Reads and checks `file` (what picking or dropping a file does). */
  async readFile(file: File): Promise<void> {
    if (this.busy) return
    this.#clear(file)
    await this.#read()
  }

  /** `file` (or none) in place of the last one: no rows, no job, no problem shown, all rows listed from the top. */
  #clear(file?: File) {
    this.file = file
    this.data = this.checked = this.failure = this.run = this.problem = this.#conflict = undefined
    this.#delimiter = this.#encoding = undefined
    this.#edited = this.errorsOnly = false
    this.#scrollToTop()
  }

  /** Back to the start ("Import another file"): no file, no rows, no job shown; focus on Choose a file. */
  async reset(): Promise<void> {
    if (this.busy) return
    this.#call++
    this.#clear()
    this.#said = undefined
    this.reading = false
    this.announcement = ''
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('.choose')?.focus()
  }

  /** Posts a dry run of the rows (corrected ones included) and shows its counts. */
  checkWithServer(): Promise<void> {
    return this.#runJob(true)
  }

  /**
   * Fires `dj-import-start` and, unless vetoed, posts the real import, shows its progress, then its report. Needs a
   * dry run of the same rows first. Asks nothing: the Import button is what asks the user to confirm when rows would
   * be skipped.
   */
  startImport(): Promise<void> {
    return this.#runJob(false)
  }

  /** Downloads the SDK's CSV template (`;`-separated for French, else `,`). */
  downloadTemplate(): Promise<void> {
    return this.#save('template', async () => {
      const french = primaryLanguage(this.#locale.language) === 'fr'
      const reply = await this.#engineCall({ op: 'template', delimiter: french ? ';' : ',' })
      return 'template' in reply
        ? [new Blob([reply.template], { type: 'text/csv' }), 'customer-users-template.csv']
        : undefined
    })
  }

  /** Downloads the last job's report as CSV: the rows with their `status` and `errors` (`GET …/report`, `Accept: text/csv`). */
  async downloadReport(): Promise<void> {
    const api = this.api
    const id = this.run?.job?.id
    if (api && id) await this.#save('report', async () => [await getImportReportCsv(api, id), `${id}-report.csv`])
  }

  override connectedCallback() {
    super.connectedCallback()
    const resume = this.#resume
    this.#resume = undefined
    resume?.()
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.#resize?.disconnect()
    this.#resize = undefined
    // Polling stops and the worker (which holds the file) ends, unless the element comes back at once (moved in
    // the DOM). A job being watched is watched again if the element is connected later.
    setTimeout(() => {
      if (this.isConnected) return
      this.#controller?.abort()
      void this.#engine?.then(
        (engine) => engine.stop?.(),
        () => {},
      )
      this.#engine = undefined
      this.#engineHasFile = false
      if (this.#url) URL.revokeObjectURL(this.#url)
      this.#url = undefined
    })
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // The job's stores change the checks (I4: the file's store column is ignored when the job gives stores).
    if (changed.has('storeIds') && this.data) void this.#check()
    // Another language: the sentences held are asked for again (the old ones stay until the new ones come).
    if (this.#said && this.#said !== primaryLanguage(this.#locale.language)) void this.#resay()
  }

  protected override updated() {
    const scroller = this.renderRoot.querySelector('.scroller')
    if (scroller && !this.#resize) {
      this.#resize = new ResizeObserver(([entry]) => (this.viewport = entry.contentRect.height || this.viewport))
      this.#resize.observe(scroller)
    } else if (!scroller) {
      this.#resize?.disconnect()
      this.#resize = undefined
    }
  }

  get #m(): UserImportMessages {
    return this.#locale.messages
  }

  // ---- the engine (module worker, or the main thread) ------------------------------------------------------

  /** The worker, started on first use; the main thread when it cannot start. */
  #start(): Promise<Engine> {
    return (this.#engine ??= (async () => {
      let worker: Worker | undefined
      try {
        // The inline `new Worker(new URL(…, import.meta.url))` is what bundlers recognise: keep it in one expression.
        worker = this.workerUrl
          ? new Worker(new URL(this.workerUrl, document.baseURI), { type: 'module' })
          : new Worker(new URL('./import.worker.js', import.meta.url), { type: 'module' })
        return await workerEngine(worker)
      } catch {
        worker?.terminate()
        const { createEngine } = await import('./import-engine.js')
        return createEngine()
      }
    })())
  }

  /**
   * One request to the engine, in the element's language (its sentences come back in it): the sentences held are
   * then in that language, unless a language change asks for them again (see `willUpdate`).
   */
  async #engineCall(request: EngineRequest, transfer?: Transferable[]): Promise<EngineReply> {
    const engine = await this.#start()
    const language = this.#locale.language
    try {
      const reply = await engine.call({ ...request, language }, transfer)
      this.#said = primaryLanguage(language)
      return reply
    } catch (e) {
      // The worker died (out of memory on a huge file…): the next call starts a new one.
      this.#engine = undefined
      this.#engineHasFile = false
      throw e
    }
  }

  /**
   * Reads the current file with the current delimiter and encoding, the mapping guessed afresh (headers may
   * differ). `restore`: a new engine gets the file back with the mapping and the edited cells, nothing announced.
   */
  async #read(restore = false) {
    const file = this.file
    if (!file) return
    const call = ++this.#call
    this.#revision++
    this.reading = true
    this.failure = undefined
    try {
      const bytes = await file.arrayBuffer()
      const reply = await this.#engineCall(
        {
          op: 'read',
          bytes,
          delimiter: this.#delimiter,
          encoding: this.#encoding,
          jobStoreIds: this.storeIds,
          overrides: restore ? this.#overrides : undefined,
          records: restore ? this.data?.records : undefined,
        },
        [bytes],
      )
      if (call !== this.#call) return
      this.#engineHasFile = true
      this.#parsedIn = reply.thread
      if ('failure' in reply) {
        this.data = this.checked = undefined
        this.announcement = this.#m.readError
        return this.#readFailed(reply.failure)
      }
      const r = reply as ReadReply
      if (!restore) {
        this.#overrides = r.overrides
        this.#guessed = new Set(r.guessed)
        this.#edited = false
        this.#view = []
      }
      this.data = r
      this.#apply(r)
      if (restore) return
      const failed = r.counts.failed
      this.announcement = this.#m.parsed(file.name, this.#m.summary(this.#n(r.counts.rows), this.#n(failed)))
      this.dispatchEvent(
        new DjImportParsedEvent({
          fileName: file.name,
          rows: r.counts.rows,
          failed,
          delimiter: r.delimiter,
          encoding: r.encoding,
          bom: r.bom,
          parsedIn: r.thread,
        }),
      )
    } catch (e) {
      if (call === this.#call)
        this.#readFailed({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) })
    } finally {
      if (call === this.#call) this.reading = false
      if (call === this.#call && this.#recheck) {
        this.#recheck = false
        if (this.data) void this.#check()
      }
    }
  }

  /** The file cannot be read (`failure`): said next to it, with what may help; `INTERNAL` (the reader failed) can be retried. */
  #readFailed(failure: ReadFailure) {
    this.failure = failure
    this.dispatchEvent(new DjImportErrorEvent('read', failure, failure.code, failure.code === 'INTERNAL'))
  }

  /** Checks the rows again (new mapping, stores, or an edited cell) and shows the new errors. */
  async #check(edit?: { row: number; column: number; value: string }) {
    this.#revision++
    // Mid-read (the inputs are locked, but the host may set `storeIds`): check once the read is done.
    if (this.reading && !edit) {
      this.#recheck = true
      return
    }
    if (this.run?.dryRun) this.run = undefined
    if (!this.#engineHasFile) await this.#read(true)
    const call = ++this.#call
    try {
      const reply = await this.#engineCall({
        op: 'check',
        overrides: this.#overrides,
        jobStoreIds: this.storeIds,
        edit,
      })
      if (call !== this.#call) return
      if ('failure' in reply) throw new Error(reply.failure.message)
      this.#apply(reply as CheckReply)
    } catch (e) {
      if (call === this.#call) this.#fail('read', 'file', 'readError', e, () => void this.#read(true))
    }
  }

  #apply(reply: CheckReply) {
    this.checked = reply
    this.#errors = new Map(reply.errors)
    if (this.errorsOnly)
      this.#view = [...new Set([...this.#view, ...this.#errors.keys()])]
        .filter((i) => i < reply.counts.rows)
        .sort((a, b) => a - b)
  }

  // ---- server jobs ------------------------------------------------------------------------------------------

  get #canImport() {
    const run = this.run
    return !!run?.done && run.dryRun && run.job?.status === 'DONE' && run.revision === this.#revision && !this.busy
  }

  /** The rows as JSON (`ImportRow`): each mapped column's cell as written, so the server applies the very same rules. */
  #jsonRows(): ImportRow[] {
    const { records, lines } = this.data!
    const columns = this.checked!.mapping.columns
    return records.map((cells, i) => {
      const row: ImportRow = { line: lines[i] }
      columns.forEach((c, k) => {
        if ('field' in c) row[c.field] = cells[k] ?? ''
        else if ('customField' in c) (row.customFields ??= {})[c.customField] = cells[k] ?? ''
      })
      return row
    })
  }

  /** What a job is posted with: the file, or the rows as the element shows them. */
  #source(): StartImportOptions {
    // Untouched: the file itself, so the report gives back the file's own columns (and the server reads it once for both runs).
    if (!this.#edited && !this.#encoding && !Object.keys(this.#overrides).length)
      return { file: this.file!, delimiter: this.#delimiter }
    return { rows: this.#jsonRows() }
  }

  async #runJob(dryRun: boolean) {
    const m = this.#m
    const api = this.api
    if (this.busy || !this.checked || this.checked.error || (!dryRun && !this.#canImport)) return
    if (!api) return this.#fail(dryRun ? 'dry-run' : 'import', 'job', 'noClient', null)
    if (
      !dryRun &&
      !this.dispatchEvent(new DjImportStartEvent(this.data!.records.length, [...this.storeIds], this.run!.job!))
    ) {
      this.announcement = m.vetoed
      return
    }
    const controller = (this.#controller = new AbortController())
    this.busy = true
    this.problem = undefined
    this.#milestone = 0
    this.run = { dryRun, revision: this.#revision }
    try {
      const accepted = await startImportJob(api, {
        ...this.#source(),
        dryRun,
        storeIds: this.storeIds,
        signal: controller.signal,
      })
      await this.#watch(api, accepted.id, controller)
    } catch (e) {
      this.busy = false
      // Refused or not sent: no job runs, so no progress is shown (and disconnected first: nothing to watch).
      this.run = undefined
      if (!controller.signal.aborted) this.#jobFailed(dryRun, e, () => this.#runJob(dryRun))
    }
  }

  /** Waits for the job to end, showing its progress, then reads its failed rows and reports. */
  async #watch(api: DjClient, id: string, controller: AbortController) {
    const m = this.#m
    const run = this.run!
    const signal = controller.signal
    this.busy = true
    try {
      const job = await waitForJob(api, id, {
        signal,
        onProgress: (job) => {
          this.run = { ...run, job }
          const { processed, total } = job.progress
          const percent = total ? Math.floor((processed / total) * 4) * 25 : 0
          if (!run.dryRun && percent > this.#milestone && percent < 100)
            this.announcement = m.milestone((this.#milestone = percent))
        },
      })
      const report = job.status === 'DONE' ? await getImportReport(api, id, { status: 'FAILED', signal }) : undefined
      // The failed rows' errors on the cells they concern, with their sentences, before anything is shown.
      const rows = report?.rows.map((r) => ({ ...r, errors: r.errors.map((e) => this.#onCell(e)) }))
      if (rows) await this.#describe(rows.flatMap((r) => r.errors))
      this.run = { ...run, job, report, rows, done: true }
      this.busy = false
      const said = this.#counted(m, run.dryRun, job.counts)
        .map(([, n, label]) => `${n} ${label}`)
        .join(', ')
      this.announcement = job.status === 'FAILED' ? m.jobFailed : m.done(run.dryRun, said)
      this.dispatchEvent(run.dryRun ? new DjImportDryRunEvent(job, report) : new DjImportDoneEvent(job, report))
      // Focus moves to the result, whose heading starts what comes next (report download, Import).
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('#result-title')?.focus()
    } catch (e) {
      this.busy = false
      const again = () => void this.#watch(api, id, (this.#controller = new AbortController()))
      if (!signal.aborted) {
        // Refused (the job is gone, or may not be read): its progress will never move again.
        if (!retryable(e)) this.run = undefined
        this.#jobFailed(run.dryRun, e, again)
      } else if (this.isConnected) again()
      else this.#resume = again
    }
  }

  /** A failure of `stage`, shown at `place`; `retry` is offered when retrying can help, else the stores to edit (`editStores`). */
  #fail(
    stage: 'read' | 'dry-run' | 'import' | 'download',
    place: ProblemPlace,
    message: ProblemMessage,
    error: unknown,
    retry?: () => void,
    editStores?: boolean,
  ) {
    const text = this.#m[message]
    this.problem = { place, message, error, retry: retryable(error) ? retry : undefined, editStores }
    // The alert reads out the details; the status line keeps the short message.
    this.announcement = text
    const code = stage === 'read' ? 'INTERNAL' : failureCode(error)
    this.dispatchEvent(new DjImportErrorEvent(stage, error ?? new Error(text), code, !!this.problem.retry))
  }

  /** A job could not be posted or watched: why, with Retry when it can help, or the stores to correct. */
  #jobFailed(dryRun: boolean, e: unknown, retry: () => void) {
    const stores = isProblem(e, 422) && e.code === 'UNKNOWN_REFERENCE'
    this.#fail(
      dryRun ? 'dry-run' : 'import',
      'job',
      isProblem(e, 403) ? 'forbidden' : stores ? 'unknownStores' : 'requestFailed',
      e,
      retry,
      stores,
    )
  }

  /** Downloads the file `get` gives (blob and name); a failure is shown at `place`, with Retry when it can help. */
  async #save(place: ProblemPlace, get: () => Promise<[Blob, string] | undefined>): Promise<void> {
    try {
      const file = await get()
      if (!file) return
      if (this.#url) URL.revokeObjectURL(this.#url)
      const a = this.renderRoot.querySelector<HTMLAnchorElement>('#download')!
      a.href = this.#url = URL.createObjectURL(file[0])
      a.download = file[1]
      a.click()
    } catch (e) {
      this.#fail('download', place, 'requestFailed', e, () => this.#save(place, get))
    }
  }

  // ---- user actions -------------------------------------------------------------------------------------------

  #onPick = (e: Event) => {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    if (file) void this.readFile(file)
    input.value = ''
  }

  #onDrop = (e: DragEvent) => {
    e.preventDefault()
    this.dragging = false
    const file = e.dataTransfer?.files[0]
    if (file) void this.readFile(file)
  }

  #onDragOver = (e: DragEvent) => {
    e.preventDefault()
    this.dragging = true
  }

  #reparse(delimiter: CsvDelimiter | undefined, encoding: CsvEncoding | undefined) {
    this.#delimiter = delimiter
    this.#encoding = encoding
    this.run = this.problem = undefined
    this.#scrollToTop()
    void this.#read()
  }

  /**
   * A field chosen for the column `header` in `select` (`previous`: its field until now). A field another column
   * holds is refused, and the user is told which column holds it (the select offers it disabled, but says so too).
   */
  #remap(header: string, select: HTMLSelectElement, previous: string) {
    const value = select.value
    const holder = value
      ? this.checked?.mapping.columns.find((c) => fieldOf(c) === value && c.header !== header)?.header
      : undefined
    this.#conflict = holder ? { header, text: this.#m.taken(value, holder) } : undefined
    if (holder) {
      select.value = previous
      this.requestUpdate()
      return
    }
    this.#overrides = { ...this.#overrides, [header]: (value || null) as HeaderOverrides[string] }
    this.#guessed.delete(header)
    void this.#check()
  }

  /** The guessed field of the column `header` (or of every guessed column) is confirmed: it is no longer marked. */
  #confirmGuess(header?: string) {
    if (header) this.#guessed.delete(header)
    else this.#guessed.clear()
    this.requestUpdate()
    // Focus stays in the table: on the column's select (the button went away).
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLElement>(header ? `tr[data-header="${CSS.escape(header)}"] select` : '.mapping select')
        ?.focus(),
    )
  }

  #onStores = (e: Event) => {
    this.storeIds = list((e.target as HTMLInputElement).value)
  }

  #onFilter = (e: Event) => {
    this.errorsOnly = (e.target as HTMLInputElement).checked
    this.#view = [...new Set([...this.#errors.keys(), ...(this.#server()?.keys() ?? [])])].sort((a, b) => a - b)
    this.#scrollToTop()
  }

  #scrollToTop() {
    this.top = 0
    this.#tabRow = 0
    const scroller = this.renderRoot.querySelector('.scroller')
    if (scroller) scroller.scrollTop = 0
  }

  /** Inline correction: the cell's new text is kept, and the rows are checked again (the row itself, and duplicates across rows). */
  #onCellChange = (e: Event) => {
    const input = e.target as HTMLInputElement
    const row = Number(input.dataset.row)
    const column = Number(input.parentElement!.dataset.column)
    const cells = this.data!.records[row]
    if (cells[column] === input.value) return
    cells[column] = input.value
    this.#edited = true
    void this.#check({ row, column, value: input.value })
  }

  /** Focus in a row makes it the active one (its cells turn to inputs); focus on a text cell goes on to its input. */
  #onRowFocus = async (e: FocusEvent) => {
    const cell = e.target as HTMLElement
    const k = Number(cell.closest<HTMLElement>('[role="row"]')!.dataset.index)
    if (k !== this.#tabRow) {
      this.#tabRow = k
      this.requestUpdate()
    }
    await this.updateComplete
    // (An input has no `data-column` of its own: nothing more to do.)
    this.renderRoot
      .querySelector<HTMLElement>(`[data-index="${k}"] [data-column="${cell.dataset.column}"] input`)
      ?.focus()
  }

  /** Up and Down move to the same column of the previous and next row, as in a spreadsheet (Tab goes cell by cell). */
  #onCellKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
    const input = e.target as HTMLInputElement
    const k = Number(input.closest<HTMLElement>('[role="row"]')!.dataset.index) + (e.key === 'ArrowUp' ? -1 : 1)
    // The text cell of that row: focused, its row becomes the active one (this input's edit is kept: it loses focus first).
    const target = this.renderRoot.querySelector<HTMLElement>(
      `[data-index="${k}"] [data-column="${input.parentElement!.dataset.column}"]`,
    )
    if (!target) return
    e.preventDefault()
    target.focus()
  }

  // ---- issues on the grid ---------------------------------------------------------------------------------------

  /** The index in the mapping of the column a server issue names: its header in the file, or its field (JSON rows). */
  #columnIndex(column: string | null | undefined): number {
    const columns = this.checked?.mapping.columns ?? []
    return columns.findIndex((c) => c.header === column || (!!column && fieldOf(c) === column))
  }

  /** A server issue with its column as the file's header, so that it lands on the cell the client's issues use. */
  #onCell(e: CsvIssue): CsvIssue {
    const c = this.#columnIndex(e.column)
    // A column the grid does not show (ignored): the issue is the row's.
    return { ...e, column: c < 0 ? null : this.checked!.mapping.columns[c].header }
  }

  /** The row issues the server found in the current dry run (or import) of these very rows, by row index. */
  #server(): Map<number, CsvIssue[]> | undefined {
    const run = this.run
    if (!run?.done || !run.rows || run.revision !== this.#revision || !this.data) return undefined
    if (!run.issues) {
      const index = new Map(this.data.lines.map((line, i) => [line, i]))
      run.issues = new Map()
      for (const r of run.rows) {
        const i = index.get(r.line)
        if (i !== undefined && r.errors.length) run.issues.set(i, r.errors)
      }
    }
    return run.issues
  }

  /**
   * Asks the engine for the sentences of `issues` (and of the read failure `read`) in the element's language, and
   * gives them to the issues. If the engine cannot answer, the issues keep what they had (else a generic sentence).
   */
  async #describe(issues: CsvIssue[], read?: ReadFailure) {
    try {
      const reply = (await this.#engineCall({
        op: 'describe',
        issues,
        mapping: this.checked?.mapping,
        read,
      })) as DescribeReply
      reply.sentences.forEach((sentence, k) => ((issues[k] as SaidIssue).sentence = sentence))
      if (read) read.sentence = reply.read
    } catch {}
  }

  /** The element's language changed: every sentence shown is asked for again, in the new language. */
  async #resay() {
    this.#said = undefined
    const checked = this.checked
    const read = this.failure ?? checked?.error
    await this.#describe(
      [
        ...(checked?.warnings ?? []),
        ...[...this.#errors.values()].flat(),
        ...(this.run?.rows?.flatMap((r) => r.errors) ?? []),
      ],
      read?.sentence ? read : undefined,
    )
    this.requestUpdate()
  }

  /** Every issue of row `i`: the browser's checks, then the server's that say something else. */
  #issuesOf(i: number): CsvIssue[] {
    const own = this.#errors.get(i) ?? []
    const server = this.#server()?.get(i)
    if (!server) return own
    return [...own, ...server.filter((e) => !own.some((o) => o.code === e.code && o.column === e.column))]
  }

  /** Rows rendered at once: the visible ones and OVERSCAN above and below. */
  get #pool() {
    return Math.ceil(this.viewport / ROW_HEIGHT) + 2 * OVERSCAN + 1
  }

  /**
   * The rows rendered for `n` rows at the current scroll position, `[first, last)`: always `#pool` of them (fewer
   * only when the file has fewer), so that every slot of recycled row DOM stays in use while scrolling.
   */
  #window(n: number): [number, number] {
    const last = Math.min(n, Math.max(0, Math.floor(this.top / ROW_HEIGHT) - OVERSCAN) + this.#pool)
    return [Math.max(0, last - this.#pool), last]
  }

  #onScroll = (e: Event) => {
    this.top = (e.target as HTMLElement).scrollTop
    // The active row leaving the window lets go of focus first (its edit is kept): its slot goes to another row, as text.
    const [first, last] = this.#window(this.errorsOnly ? this.#view.length : this.data!.records.length)
    if (this.#tabRow < first || this.#tabRow >= last) this.renderRoot.querySelector<HTMLElement>('.body :focus')?.blur()
  }

  /**
   * Scrolls the grid to the row of file line `line` and focuses its cell in `column` (its first cell when the
   * column is not shown): where a listed failure takes the user.
   */
  async #reveal(line: number, column?: string | null) {
    const i = this.data?.lines.indexOf(line) ?? -1
    if (i < 0) return
    if (this.errorsOnly && !this.#view.includes(i)) {
      // Not among the rows listed: all rows again (and the grid at its full height before it scrolls).
      this.errorsOnly = false
      await this.updateComplete
    }
    const k = this.errorsOnly ? this.#view.indexOf(i) : i
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller')!
    scroller.scrollTop = Math.max(0, k * ROW_HEIGHT - (scroller.clientHeight - ROW_HEIGHT) / 2)
    this.top = scroller.scrollTop
    this.#tabRow = k
    await this.updateComplete
    const row = this.renderRoot.querySelector(`.body [data-index="${k}"]`)
    const c = this.#columnIndex(column)
    ;(row?.querySelector<HTMLElement>(`[data-column="${c}"] input`) ?? row?.querySelector('input'))?.focus()
  }

  /** Import pressed: with rows that would fail, the user confirms first (how many are imported, how many skipped). */
  #onImport = () => {
    if (!this.#canImport) return
    if (this.run!.job!.counts.failed) this.renderRoot.querySelector('dialog')!.showModal()
    else void this.startImport()
  }

  #onConfirmClose = (e: Event) => {
    const dialog = e.target as HTMLDialogElement
    if (dialog.returnValue === 'import') void this.startImport()
    dialog.returnValue = ''
  }

  // ---- rendering -------------------------------------------------------------------------------------------------

  /** `n` written for the element's language ("20 000" in French). */
  #n(n: number) {
    return this.#locale.number(n)
  }

  /**
   * What the user reads about row issues (their sentences, one after the other): the sentence the engine gave each (the import module's, for its code and
   * field, in the user's language); never the rule's English message nor its code (both go to the events' details).
   */
  #say(...issues: CsvIssue[]): string {
    return issues.map((e) => (e as Partial<SaidIssue>).sentence ?? this.#m.unsaid).join(' ')
  }

  #renderFile(m: UserImportMessages) {
    const d = this.data
    const f = this.failure
    // The delimiter or the encoding select: as chosen by the user, else as detected (said once the file is read).
    const select = (part: 'delimiter' | 'encoding', values: string[], labels: string[], pick: (v: string) => void) => {
      const chosen = part === 'delimiter' ? this.#delimiter : this.#encoding
      const value = chosen ?? d?.[part]
      return html`<label>${m[part]}
<select part=${part} ?disabled=${this.busy} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>
${value ? nothing : html`<option value="" disabled selected>—</option>`}
${values.map((v, i) => html`<option value=${v} ?selected=${value === v}>${labels[i]}</option>`)}
</select></label>
${d && !chosen ? html`<span class="muted">${m.detected}</span>` : nothing}`
    }
    return html`<div class="file" part="file">
${icon('file')}
<span class="name">${this.file!.name}</span>
${d ? html`<span class="rows">${m.fileRows(this.#n(d.records.length))}</span>` : nothing}
${select('delimiter', [',', ';'], m.delimiters, (v) => this.#reparse(v as CsvDelimiter, this.#encoding))}
${select('encoding', ['utf-8', 'windows-1252'], [m.encodings[d?.bom ? 1 : 0], m.encodings[2]], (v) =>
  this.#reparse(this.#delimiter, v as CsvEncoding),
)}
${this.reading ? html`<span class="muted">${m.reading}</span>` : nothing}
</div>
${
  f
    ? html`<div class="error read-error" part="error" role="alert" data-code=${f.code}>
${icon('alert')}<span><strong>${m.readError}</strong> <span class="detail">${f.sentence ?? ''}</span></span>
${this.#readFix(m, f)}
</div>`
    : nothing
}
${this.#renderProblem('file')}`
  }

  /** What a read error offers: the advised delimiter, Retry when the reader itself failed, else another file. */
  #readFix(m: UserImportMessages, f: { code: string; message: string }) {
    const advised = f.code === 'SINGLE_COLUMN' ? advisedDelimiter(f.message) : undefined
    const [part, label, run] = advised
      ? ['fix', m.useDelimiter(advised), () => this.#reparse(advised, this.#encoding)]
      : f.code === 'INTERNAL'
        ? ['retry', m.retry, () => this.#read()]
        : ['fix', m.chooseAnother, () => this.#choose()]
    return html`<button type="button" part=${part} @click=${run}>${label}</button>`
  }

  /** Opens the file picker (unless a job runs). */
  #choose() {
    if (!this.busy) this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')!.click()
  }

  /** The failure of the action at `place`, if that is what failed: a Retry when retrying can help, else the fix when there is one. */
  #renderProblem(place: ProblemPlace) {
    const p = this.problem
    if (!p || p.place !== place) return nothing
    const m = this.#m
    const clear = (run: () => void) => () => ((this.problem = undefined), run())
    const action = p.retry
      ? { part: 'retry', label: m.retry, run: clear(p.retry) }
      : p.editStores
        ? {
            part: 'fix',
            label: m.editStores,
            run: clear(() => this.renderRoot.querySelector<HTMLInputElement>('.store-ids')?.select()),
          }
        : undefined
    return problemAlert(m[p.message], problemReason(p.error, this.#locale.language), action, 'error problem')
  }

  #renderMapping(m: UserImportMessages) {
    const d = this.data!
    const locked = this.busy || this.reading
    const { mapping, warnings, error } = this.checked!
    // Which column holds each field: a field is offered to one column only.
    const holders = new Map<string, string>()
    for (const c of mapping.columns) if (fieldOf(c)) holders.set(fieldOf(c), c.header)
    const guessed = this.#guessed
    // While the selects are locked (a job runs), the box itself takes focus, so that it can still be scrolled by keyboard.
    return html`<div class="mapping-scroll" tabindex=${locked ? '0' : nothing}><table class="mapping" part="mapping">
<caption>${m.columns}</caption>
<thead><tr>${m.mappingHeadings.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${mapping.columns.map((col, c) => {
  const header = col.header
  const custom = d.customFields[c]
  const value = fieldOf(col)
  const override = this.#overrides[header]
  const conflict = this.#conflict?.header === header ? this.#conflict.text : ''
  const note = conflict
    ? html`<span class="danger" role="alert">${conflict}</span>`
    : 'report' in col && col.report && override === undefined
      ? html`<span class="muted">${m.reportColumn}</span>`
      : guessed.has(header)
        ? html`<span class="badge warning">${m.guessed}</span> <span class="muted">${m.guessedHint}</span>
<button type="button" part="confirm-guess" class="quiet" aria-label="${m.confirm}: ${header}" @click=${() => this.#confirmGuess(header)}>${icon('check')} ${m.confirm}</button>`
        : override === null
          ? html`<span class="muted">${m.ignored}</span>`
          : 'unknown' in col
            ? html`<span class="warning">${m.unknownColumn}${col.suggestion && !holders.has(col.suggestion) ? ` ${m.suggestion(col.suggestion)}` : ''}</span>`
            : nothing
  const option = (f: string, label: string) => {
    const holder = holders.get(f)
    const used = holder !== undefined && holder !== header
    return html`<option value=${f} ?selected=${value === f} ?disabled=${used}>${label}${used ? ` — ${m.usedBy(holder)}` : ''}</option>`
  }
  return html`<tr data-header=${header} ?data-guessed=${guessed.has(header)}>
<th scope="row">${header}</th>
<td class="sample">${d.records[0]?.[c] ?? ''}</td>
<td><select part="mapping-select" aria-label=${m.fieldFor(header)} ?disabled=${locked} @change=${(e: Event) => this.#remap(header, e.target as HTMLSelectElement, value)}>
<option value="" ?selected=${!value}>${m.ignore}</option>
${d.catalogue.map(([f, h]) => option(f, `${f} (${h})`))}
${custom ? option(`customField.${custom}`, m.customField(custom)) : nothing}
</select></td>
<td class="note">${note}</td>
</tr>`
})}
</tbody>
</table></div>
${guessed.size > 1 ? html`<div class="actions"><button type="button" part="confirm-guesses" @click=${() => this.#confirmGuess()}>${icon('check')} ${m.confirmAll}</button></div>` : nothing}
${mapping.missing.length ? html`<p class="danger missing">${m.missing(mapping.missing.join(', '))}</p>` : nothing}
${warnings.filter((w) => w.code !== 'F-W-001').map((w) => html`<p class="warning file-warning">${this.#say(w)}</p>`)}
${error ? html`<p class="danger mapping-error" role="alert" data-code=${error.code}>${error.sentence}</p>` : nothing}`
  }

  #renderRows(m: UserImportMessages) {
    const d = this.data!
    const { mapping, counts } = this.checked!
    const columns = mapping.columns.flatMap((c, i) => ('unknown' in c ? [] : [i]))
    const n = this.errorsOnly ? this.#view.length : d.records.length
    const at = (k: number) => (this.errorsOnly ? this.#view[k] : k)
    // Windowing by hand rather than @lit-labs/virtualizer: rows have one fixed height (a line of cells with two
    // lines of error text at most), so the window is plain arithmetic, done synchronously in render — no layout
    // pass to wait for, exact aria-rowindex values. Row DOM is recycled: row k always renders in slot k mod
    // `pool`, so scrolling rebinds the slot of a row that left the window to the row that came in, and every other
    // row keeps its DOM (the active row's inputs are never replaced while it is on screen).
    const [first, last] = this.#window(n)
    const pool = this.#pool
    const slots: number[] = []
    for (let k = first; k < last; k++) slots[k % pool] = k
    // The active row (the one last focused) is the only one with inputs: the others show their cells as text, so
    // that scrolling rebinds text, not form controls. Out of the window, the text cells of the first row in view are
    // in the Tab sequence instead; a text cell that gets focus (Tab, a click, Up or Down) makes its row the active one
    // (see #onRowFocus). A click that gives no focus (as assistive technologies send it) focuses the text cell.
    const tabRow = this.#tabRow >= first && this.#tabRow < last ? this.#tabRow : Math.ceil(this.top / ROW_HEIGHT)
    const active = at(this.#tabRow)
    const issues = active === undefined ? [] : this.#issuesOf(active)
    // Rows failing in the browser, plus those only the server's dry run (or import) failed.
    const failed = counts.failed + [...(this.#server()?.keys() ?? [])].filter((i) => !this.#errors.has(i)).length
    return html`<div class="toolbar">
<span part="summary">${m.summary(this.#n(counts.rows), this.#n(failed))}</span>
<label><input type="checkbox" part="filter" .checked=${this.errorsOnly} @change=${this.#onFilter} /> ${m.errorsOnly}</label>
</div>
<p id="rows-hint" class="hint">${m.rowsHint}</p>
${this.errorsOnly && !n ? html`<p class="muted empty">${m.noErrors}</p>` : nothing}
<div class="scroller" part="rows" @scroll=${this.#onScroll}>
<div class="table" role="table" aria-label=${m.rows} aria-describedby="rows-hint" aria-rowcount=${n + 1}>
<div class="head" role="rowgroup">
<div class="row" role="row" aria-rowindex="1">
<span class="line" role="columnheader">${m.line}</span>
${columns.map((c) => {
  const col = mapping.columns[c]
  return html`<span role="columnheader">${col.header}<small>${'field' in col ? col.field : 'customField' in col ? m.customField(col.customField) : ''}</small></span>`
})}
<span role="columnheader">${m.rowIssues}</span>
</div>
</div>
<div class="body" role="rowgroup" style="height: ${n * ROW_HEIGHT}px" @focusin=${this.#onRowFocus}
  @click=${(e: Event) => (e.target as Element).closest<HTMLElement>('[tabindex]')?.focus()}>
${slots.map((k) => (k === undefined ? nothing : this.#renderRow(m, at(k), k, columns, k === tabRow)))}
</div>
</div>
</div>
${
  issues.length
    ? html`<section class="details" part="row-details" aria-labelledby="details-title">
<h4 id="details-title">${m.rowDetails(d.lines[active], issues.length)}</h4>
<ul>${issues.map((e) => html`<li>${e.column ? html`<strong>${e.column}</strong> ` : nothing}${this.#say(e)} <small class="code">${e.code}</small></li>`)}</ul>
</section>`
    : nothing
}`
  }

  #renderRow(m: UserImportMessages, i: number, k: number, columns: number[], tabbable: boolean): TemplateResult {
    const d = this.data!
    const active = k === this.#tabRow
    const cells = d.records[i] ?? []
    const { mapping } = this.checked!
    const issues = this.#issuesOf(i)
    const line = d.lines[i]
    const row = columns.map((c) => {
      const header = mapping.columns[c].header
      const own = issues.filter((e) => e.column === header)
      const text = this.#say(...own)
      const error = own.length
        ? html`<span class="cell-error" part="cell-error" id="e${k}-${c}" title=${text}>${text}</span>`
        : nothing
      // The active row's cells hold inputs; the others show their text, focusable (a click or Up and Down lands there).
      return html`<span class="cell" part="cell" role="cell" data-column=${c} tabindex=${active ? nothing : tabbable ? 0 : -1}>${
        active
          ? html`<input part="cell-input" type="text" data-row=${i} .value=${cells[c] ?? ''} aria-label=${m.cell(line, header)}
  aria-invalid=${own.length > 0} aria-describedby=${own.length ? `e${k}-${c}` : nothing} ?readonly=${this.busy || this.reading}
  @change=${this.#onCellChange} @keydown=${this.#onCellKeydown} />`
          : html`<span part="cell-value" aria-invalid=${own.length > 0}>${cells[c]}</span>`
      }${error}</span>`
    })
    // The row's issues on no cell shown.
    const rest = this.#say(...issues.filter((e) => !columns.some((c) => mapping.columns[c].header === e.column)))
    return html`<div class="row" part="row" role="row" aria-rowindex=${k + 2} data-index=${k} data-line=${line} ?data-invalid=${issues.length > 0} style="top: ${k * ROW_HEIGHT}px">
<span class="line" role="rowheader">${line}</span>
${row}
<span class="issues" role="cell" title=${rest}>${rest}</span>
</div>`
  }

  /**
   * The counts of a job (or of its dry run), in the order they are shown and said: each with its number as written
   * for the language, its label, and the tone of its badge (none for 0).
   */
  #counted(m: UserImportMessages, dryRun: boolean, c: ImportCounts) {
    const labels = dryRun ? m.wouldCounts : m.counts
    return (['created', 'updated', 'deleted', 'failed'] as const).map(
      (key, i) => [key, this.#n(c[key]), labels[i], c[key] ? TONES[i] : ''] as const,
    )
  }

  #renderRun(m: UserImportMessages) {
    const run = this.run
    const job = run?.job
    if (!run) return nothing
    const { processed, total } = job?.progress ?? { processed: 0, total: 0 }
    const percent = total ? Math.round((processed / total) * 100) : 0
    if (!run.done) {
      // Every row went through: the server commits (writes, then the report). The bar would sit at 100 %: say so.
      const saving = !run.dryRun && total > 0 && processed >= total
      const label = saving ? m.saving : run.dryRun ? m.checking : m.importing
      const text = m.progress(this.#n(processed), this.#n(total))
      return html`<div class="progress ${saving ? 'saving' : ''}">
<div role="progressbar" part="progress" aria-label=${label}
  aria-valuenow=${saving ? nothing : percent} aria-valuetext=${saving ? nothing : text}><div style="width: ${saving ? 100 : percent}%"></div></div>
<span>${label} ${saving ? '' : text}</span>
</div>`
    }
    const failures = run.rows ?? []
    const dryRun = run.dryRun
    return html`<div class="result" data-kind=${dryRun ? 'dry-run' : 'import'}>
<h4 id="result-title" tabindex="-1">${!dryRun && job!.status === 'DONE' ? icon('check') : nothing}${dryRun ? m.dryRunTitle : m.reportTitle}</h4>
${
  job!.status === 'FAILED'
    ? problemAlert(m.jobFailed, m.jobFailedReason)
    : html`<dl class="counts" part="counts">
${this.#counted(m, dryRun, job!.counts).map(([key, n, label, tone]) => html`<div class="badge ${tone}"><dd data-count=${key}>${n}</dd> <dt>${label}</dt></div>`)}
</dl>`
}
${
  failures.length
    ? html`<h5>${m.failedRows}</h5>
<ul class="failures" part="failures">
${failures.slice(0, FAILURES_SHOWN).map(
  (
    r,
  ) => html`<li data-line=${r.line}><button type="button" class="jump quiet" part="failure-link" @click=${() => this.#reveal(r.line, r.errors[0]?.column)}>${m.line} ${r.line}${r.externalId ? ` (${r.externalId})` : ''}</button>
${this.#say(...r.errors)}</li>`,
)}
${failures.length > FAILURES_SHOWN ? html`<li>${m.more(this.#n(failures.length - FAILURES_SHOWN))}</li>` : nothing}
</ul>`
    : nothing
}
<div class="actions">
<button type="button" part="report-button" @click=${() => this.downloadReport()}>${icon('download')} ${m.downloadReport}</button>
${dryRun ? nothing : html`<button type="button" part="import-another" @click=${() => this.reset()}>${icon('upload')} ${m.importAnother}</button>`}
</div>
${this.#renderProblem('report')}
</div>`
  }

  #renderJob(m: UserImportMessages) {
    const ready = !!this.checked && !this.checked.error && !this.busy && !this.reading
    const canImport = this.#canImport
    const c = this.run?.dryRun && this.run.done ? this.run.job?.counts : undefined
    const ok = c ? this.#n(c.created + c.updated + c.deleted) : ''
    return html`<section part="job" aria-labelledby="job-title">
<h3 id="job-title">${m.job}</h3>
<label>${m.stores} <input type="text" part="store-ids" class="store-ids" .value=${this.storeIds.join(', ')} ?readonly=${this.busy || this.reading}
  aria-describedby="stores-hint" @change=${this.#onStores} /></label>
<p id="stores-hint" class="hint">${m.storesHint}</p>
<div class="actions">
<button type="button" part="check-button" class="check" aria-disabled=${!ready} @click=${() => this.checkWithServer()}>${m.check}</button>
<button type="button" part="import-button" class="primary" aria-disabled=${!canImport}
  aria-describedby=${canImport ? nothing : 'import-hint'} @click=${this.#onImport}>${m.import}</button>
</div>
${this.#renderProblem('job')}
${canImport || (this.run && !this.run.dryRun) ? nothing : html`<p id="import-hint" class="hint">${m.importHint}</p>`}
${
  c
    ? html`<dialog part="confirm" aria-labelledby="confirm-text" @close=${this.#onConfirmClose}>
<form method="dialog">
<p id="confirm-text">${m.confirmText(ok, this.#n(c.failed))}</p>
<div class="actions">
<button value="cancel" part="confirm-cancel">${m.cancel}</button>
<button value="import" part="confirm-import" class="primary" autofocus>${m.confirmImport(ok)}</button>
</div>
</form>
</dialog>`
    : nothing
}
${this.#renderRun(m)}
</section>`
  }

  protected override render() {
    const m = this.#m
    const reason = this.readonlyReason
    const template = html`<button type="button" part="template-button" class="template quiet" @click=${() => this.downloadTemplate()}>${icon('download')} ${m.template}</button>`
    return html`${
      reason
        ? html`${reason === 'reader' ? html`<p class="hint reason" part="reason">${icon('lock')}${m.reader}</p>` : nothing}${template}`
        : html`<div class="drop" part="drop-zone" ?data-over=${this.dragging} @dragover=${this.#onDragOver} @dragleave=${() => (this.dragging = false)} @drop=${this.#onDrop}
  @click=${(e: Event) => !(e.target as Element).closest('button') && this.#choose()}>
${icon('upload')}
<span class="drop-text">${m.drop}</span>
<button type="button" part="choose-button" class="choose primary" aria-disabled=${this.busy} @click=${() => this.#choose()}>${m.choose}</button>
<input type="file" accept=".csv,text/csv" hidden @change=${this.#onPick} />
${template}
</div>`
    }
${this.#renderProblem('template')}
${this.file && !reason ? html`<section>${this.#renderFile(m)}</section>` : nothing}
${
  this.data && this.checked && !reason
    ? html`<section class="columns">${this.#renderMapping(m)}</section>
<section class="rows" aria-labelledby="rows-title"><h3 id="rows-title">${m.rows}</h3>${this.#renderRows(m)}</section>
${this.#renderJob(m)}`
    : nothing
}
<p class="status" part="status" role="status">${this.announcement}</p>
<a id="download" hidden></a>`
  }
}
