import { Low, Memory } from 'lowdb'

/**
 * Where the reference server keeps its data. The server loads the data once at start and keeps it in
 * memory; handlers change it synchronously and then `commit()`, which resolves once the change is
 * durable. Implementations: {@link MemoryStore} here, `JSONFileStore` in `./json-file.ts` (Node only).
 */
export interface Store {
  /** The data saved last, or `undefined` when there is none yet. Called once, at start. */
  load(): Promise<unknown>
  /**
   * Resolves once `snapshot()` — taken at or after this call — is durable. Concurrent calls share flushes.
   *
   * R1: rejects when the data cannot be written. Before any commit sees that rejection, `restore` (when given) is
   * called with the data saved last, to put it back in memory; every commit whose change that drops — the failed
   * flush's, and those made while it ran — is rejected, none is resolved.
   */
  commit(snapshot: () => unknown, restore?: (saved: unknown) => void): Promise<void>
  /** Finishes the write in flight, then releases the store. */
  close(): Promise<void>
}

interface Waiter {
  resolve(): void
  reject(error: unknown): void
}

/**
 * Group commit: every caller waits for a flush that *starts after* its call, and all callers that arrive
 * while a flush runs share the next one. So a burst of N writes costs about two flushes, not N, and no
 * caller is answered before its own change is on disk.
 *
 * R1: when a flush fails, `onFailure` runs first (the store puts the saved data back in memory), then the flush's
 * callers *and* those waiting for the next flush are rejected together, in one synchronous step: the changes of
 * both are gone from memory, so neither may be acknowledged by a later flush. Callers after that flush anew.
 */
export class GroupCommit {
  #waiting: Waiter[] = []
  #running: Promise<void> | null = null

  /** `flush` must take its snapshot of the data before its first `await`: it is called as its callers are taken. */
  constructor(
    private readonly flush: () => Promise<void>,
    private readonly onFailure: (error: unknown) => void = () => {},
  ) {}

  request(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ resolve, reject })
      this.#running ??= this.#run()
    })
  }

  async #run() {
    await null // callers of the same tick share the first flush
    while (this.#waiting.length) {
      const batch = this.#waiting.splice(0)
      try {
        await this.flush()
      } catch (error) {
        const lost = [...batch, ...this.#waiting.splice(0)]
        try {
          this.onFailure(error)
        } catch (e) {
          console.error('storage: putting the saved data back failed', e)
        }
        for (const w of lost) w.reject(error)
        continue
      }
      for (const w of batch) w.resolve()
    }
    this.#running = null
  }

  /** Resolves after the last requested flush has finished (successfully or not). */
  settled(): Promise<void> {
    return this.#running ?? Promise.resolve()
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
  async commit(_snapshot: () => unknown, _restore?: (saved: unknown) => void) {
    // Nothing to persist: the live objects are the storage. Kept async so callers behave the same.
  }
  async close() {}
}
