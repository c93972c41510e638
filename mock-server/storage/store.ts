import { Low, Memory } from 'lowdb'

/**
 * Where the reference server keeps its data. The server loads the data once at start and keeps it in
 * memory; handlers change it synchronously and then `commit()`, which resolves once the change is
 * durable. Implementations: {@link MemoryStore} here, `JSONFileStore` in `./json-file.ts` (Node only).
 */
export interface Store {
  /** The data saved last, or `undefined` when there is none yet. Called once, at start. */
  load(): Promise<unknown>
  /** Resolves once `snapshot()` — taken at or after this call — is durable. Concurrent calls share flushes. */
  commit(snapshot: () => unknown): Promise<void>
  /** Finishes the write in flight, then releases the store. */
  close(): Promise<void>
}

/**
 * Group commit: every caller waits for a flush that *starts after* its call, and all callers that arrive
 * while a flush runs share the next one. So a burst of N writes costs about two flushes, not N, and no
 * caller is answered before its own change is on disk.
 */
export class GroupCommit {
  #current: Promise<void> = Promise.resolve()
  #next: Promise<void> | null = null

  constructor(private readonly flush: () => Promise<void>) {}

  request(): Promise<void> {
    if (!this.#next) {
      const next = this.#current
        .catch(() => {})
        .then(() => {
          this.#next = null
          return this.flush()
        })
      this.#next = next
      this.#current = next
    }
    return this.#next
  }

  /** Resolves after the last requested flush has finished (successfully or not). */
  settled(): Promise<void> {
    return this.#current.catch(() => {})
  }
}

/** In-memory store on lowdb's Memory adapter: nothing survives the process. Used by tests and MSW. */
export class MemoryStore implements Store {
  readonly #db: Low<unknown>
  constructor(initial?: unknown) {
    this.#db = new Low<unknown>(new Memory<unknown>(), initial ?? null)
  }
  async load() {
    return this.#db.data ?? undefined
  }
  async commit(_snapshot: () => unknown) {
    // Nothing to persist: the live objects are the storage. Kept async so callers behave the same.
  }
  async close() {}
}
