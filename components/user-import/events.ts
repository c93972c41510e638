/** Events of `<dj-user-import>`: small `Event` subclasses, `bubbles` and `composed`, typed in `GlobalEventHandlersEventMap`. */
import type { Schemas } from '@dj-customers/sdk'

type ImportJob = Schemas['ImportJob']
type ImportReport = Schemas['ImportReport']

/** What the file check found, as carried by {@link DjImportParsedEvent}. */
export interface ImportFileSummary {
  fileName: string
  rows: number
  /** Rows with at least one error (shape rules, checked in the browser). */
  failed: number
  delimiter: ',' | ';'
  encoding: 'utf-8' | 'windows-1252'
  bom: boolean
  /** Where the file was parsed: `worker` normally, `main-thread` when no worker could start. */
  parsedIn: 'worker' | 'main-thread'
}

/** A file was read and its rows checked (after a pick or drop, and after each reparse with another delimiter or encoding). */
export class DjImportParsedEvent extends Event {
  static readonly type = 'dj-import-parsed'
  constructor(readonly summary: ImportFileSummary) {
    super(DjImportParsedEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The server's dry run finished (`job.status` DONE, or FAILED when the file could not be read; `job.errorCode` and
 * `job.error` then say why). `job.counts` are what the import would do; `report` holds the rows that would fail,
 * each with its `line` and its `errors` (`code`, `column`, the server's English `message`): what the user reads
 * instead is a sentence in their language, painted on the cell.
 */
export class DjImportDryRunEvent extends Event {
  static readonly type = 'dj-import-dry-run'
  constructor(
    readonly job: ImportJob,
    readonly report?: ImportReport,
  ) {
    super(DjImportDryRunEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * The user pressed Import, after a successful dry run: fired before the real job is posted. Cancelable:
 * `preventDefault()` vetoes it (nothing is sent). `rows` is the number of rows, `storeIds` the job's stores,
 * `dryRun` the dry run it follows.
 */
export class DjImportStartEvent extends Event {
  static readonly type = 'dj-import-start'
  constructor(
    readonly rows: number,
    readonly storeIds: string[],
    readonly dryRun: ImportJob,
  ) {
    super(DjImportStartEvent.type, { bubbles: true, composed: true, cancelable: true })
  }
}

/** The real import finished (`job.status` DONE or FAILED); `job.counts` say what it did, `report` the rows that failed (with their codes). */
export class DjImportDoneEvent extends Event {
  static readonly type = 'dj-import-done'
  constructor(
    readonly job: ImportJob,
    readonly report?: ImportReport,
  ) {
    super(DjImportDoneEvent.type, { bubbles: true, composed: true })
  }
}

/**
 * Something failed: `stage` `read` (the file cannot be read as a customer-user CSV; `error` is `{code, message}`),
 * `dry-run` or `import` (a request failed; `error` is a `DjProblemError` for API problems, e.g. 403 for a Reader),
 * or `download`. `code` says which failure, for the host app: the API problem's code (`FORBIDDEN`,
 * `UNKNOWN_REFERENCE`, `TOO_MANY_REQUESTS`…), a reader code (`SINGLE_COLUMN`, `NOT_TEXT`…), `NETWORK` (no answer
 * from the server), `NO_CLIENT` or `INTERNAL`. `retryable`: whether the element offers Retry (network, 5xx, 429).
 */
export class DjImportErrorEvent extends Event {
  static readonly type = 'dj-import-error'
  constructor(
    readonly stage: 'read' | 'dry-run' | 'import' | 'download',
    readonly error: unknown,
    readonly code: string = 'INTERNAL',
    readonly retryable: boolean = false,
  ) {
    super(DjImportErrorEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dj-import-parsed': DjImportParsedEvent
    'dj-import-dry-run': DjImportDryRunEvent
    'dj-import-start': DjImportStartEvent
    'dj-import-done': DjImportDoneEvent
    'dj-import-error': DjImportErrorEvent
  }
}
