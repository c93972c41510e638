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
 *
 * The work itself is the import module's: a CSV import session (`createCsvImportSession`) holds the file and
 * answers each request, so that this module is only the protocol. What the user reads about the rows and the file
 * comes from there too: each issue and each read failure comes back with its sentence (`sentence`), in the language
 * the request names, from the import module's sentence tables, which only this side loads. A `describe` request
 * gives the sentences of other issues (the server's dry run), or again in another language.
 */
import type {
  CsvDelimiter,
  CsvSaidIssue,
  CsvSessionCheck,
  CsvSessionCheckRequest,
  CsvSessionDescribeRequest,
  CsvSessionFailure,
  CsvSessionRead,
  CsvSessionReadRequest,
} from '@dj-customers/sdk/import'

/** An issue with what the user reads about it, in the language of the request (see `csvIssueSentence`). */
export type SaidIssue = CsvSaidIssue
/** Why the file cannot be read: the reader's code and English message, with the user's sentence. */
export type ReadFailure = CsvSessionFailure

/** Read (or read again) the file (its bytes transferred, or those the engine holds): see `CsvSessionReadRequest`. */
export interface ReadRequest extends CsvSessionReadRequest {
  op: 'read'
  bytes?: ArrayBuffer
}

/** Check the rows again with another mapping or job stores, optionally after editing one cell. */
export interface CheckRequest extends CsvSessionCheckRequest {
  op: 'check'
}

/** The SDK's template (import-page headers and one example row). */
export interface TemplateRequest {
  op: 'template'
  delimiter?: CsvDelimiter
  /** (Every request says the element's language; the template has no sentence.) */
  language?: string
}

/** The sentences of issues (the server's, or issues said before in another language), and of a read failure. */
export interface DescribeRequest extends CsvSessionDescribeRequest {
  op: 'describe'
}

export type EngineRequest = ReadRequest | CheckRequest | TemplateRequest | DescribeRequest

/** Which thread did the work: an honest observable of where parsing ran (`WorkerGlobalScope` exists only in workers). */
export type EngineThread = 'worker' | 'main-thread'

/** The rows checked: mapping, errors of the failing rows only (sparse), file warnings and counts. */
export interface CheckReply extends CsvSessionCheck {
  thread: EngineThread
}

export interface ReadReply extends CsvSessionRead {
  thread: EngineThread
}

/** The file cannot be read as a customer-user CSV (CsvReadError), or something else went wrong. */
export interface FailureReply {
  thread: EngineThread
  failure: ReadFailure
}

/** The sentences a {@link DescribeRequest} asked for. */
export interface DescribeReply {
  thread: EngineThread
  sentences: string[]
  read?: string
}

export type EngineReply =
  | ReadReply
  | CheckReply
  | FailureReply
  | DescribeReply
  | { thread: EngineThread; template: string }

export interface Engine {
  /** One request, one reply; `transfer` lists what a worker takes over (the file's bytes). */
  call(request: EngineRequest, transfer?: Transferable[]): Promise<EngineReply>
  /** Ends the engine's thread (a worker); calls in flight reject. */
  stop?(): void
}

const thread = (): EngineThread =>
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function' ? 'worker' : 'main-thread'

/** The SDK's CSV import module (`@dj-customers/sdk/import`), as `import * as csv` or `await import()` gives it. */
export type CsvModule = typeof import('@dj-customers/sdk/import')

/** A new engine over the import module `sdk`, already loaded (the worker's static import, or {@link createEngine}). */
export function makeEngine(sdk: CsvModule): Engine {
  const session = sdk.createCsvImportSession()
  return {
    async call(r) {
      try {
        // A BOM in the template, so that Excel reads the accents of the example row as UTF-8.
        const reply =
          r.op === 'template'
            ? { template: sdk.customerUserCsvTemplate({ delimiter: r.delimiter, bom: true }) }
            : r.op === 'read'
              ? session.read(r)
              : r.op === 'check'
                ? session.check(r)
                : session.describe(r)
        return { ...reply, thread: thread() } as EngineReply
      } catch (e) {
        // (The session answers a file it cannot read itself; this is for a bug: a reply, never a silence.)
        return { thread: thread(), failure: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }
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
