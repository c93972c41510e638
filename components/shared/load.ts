/**
 * Loading with abort for the elements that load data (`<dj-operator-table>`, `<dj-org-tree>`,
 * `<dj-tag-picker>`), on @lit/task's model: the load depends on `args`, read before each update; each run gets
 * an `AbortSignal`; a new run aborts the one in flight, and only the latest run's outcome lands.
 *
 * Not @lit/task itself (1.0.3 was weighed), because these elements need three things its `Task` does otherwise:
 * - with nothing to load (no client yet, signed out) no run starts, so no "Loading…" or `aria-busy` flashes, and
 *   the element clears what it showed in that same update (`onIdle`); a Task goes pending on every change of its
 *   args and settles a microtask later at best;
 * - a run stopped because the element left the page ends quietly and runs again when the element is back (a
 *   move in the DOM); a Task has no part in connection, and reports its own `abort()` as an error;
 * - the last value stays on screen under a failed reload's error; a Task drops its value on an error.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

export interface LoadOptions<A extends readonly unknown[], R> {
  /**
   * What the load depends on, read before each update: when an item changed (by identity, as Lit compares
   * properties) a run starts. `undefined`: there is nothing to load; a run in flight is aborted.
   */
  args: () => A | undefined
  /** The load itself. `signal` aborts with the run. */
  task: (args: A, signal: AbortSignal) => Promise<R>
  /** The latest run succeeded. */
  onComplete: (value: R) => void
  /** The latest run failed (an aborted run is not a failure). */
  onError: (error: unknown) => void
  /** `args` gave `undefined`: called in the update that found it so, for the element to clear what it shows. */
  onIdle?: () => void
}

/** `args` never read yet: the first update always starts a run (or calls `onIdle`). */
const UNREAD = Symbol('unread')

const sameArgs = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((v, i) => Object.is(v, b[i])))

/**
 * Runs an element's load when what it depends on changes (see the module's comment), and tells whether one is
 * in flight (`pending`).
 *
 * @example
 * ```ts
 * private loader = new LoadController(this, {
 *   args: () => (this.api ? [this.api, this.state] : undefined),
 *   task: ([api, state], signal) => fetchPage(api, state, signal),
 *   onComplete: (page) => (this.result = page),
 *   onError: (e) => (this.error = e),
 * })
 * ```
 */
export class LoadController<A extends readonly unknown[], R> implements ReactiveController {
  #pending = false
  #args: A | undefined | typeof UNREAD = UNREAD
  #controller: AbortController | undefined
  /** A run was stopped by a disconnection: it runs again in the first update after reconnection. */
  #stopped = false

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LoadOptions<A, R>,
  ) {
    host.addController(this)
  }

  /** A run is in flight. */
  get pending(): boolean {
    return this.#pending
  }

  /** Loads again with the current `args` (what Retry does); resolves when the run ends, whatever its outcome. */
  run(): Promise<void> {
    return this.#start(this.options.args())
  }

  hostUpdate() {
    const args = this.options.args()
    if (this.#stopped || this.#args === UNREAD || !sameArgs(args, this.#args)) {
      this.#stopped = false
      void this.#start(args)
    }
  }

  hostConnected() {
    if (this.#stopped) this.host.requestUpdate()
  }

  /** The answer would land in an element no longer in the page: the run stops, to start again on return. */
  hostDisconnected() {
    if (!this.#pending) return
    this.#stopped = true
    this.#controller?.abort()
  }

  async #start(args: A | undefined) {
    this.#controller?.abort()
    this.#controller = undefined
    this.#args = args
    if (!args) {
      this.#setPending(false)
      this.options.onIdle?.()
      return
    }
    const controller = (this.#controller = new AbortController())
    this.#setPending(true)
    try {
      const value = await this.options.task(args, controller.signal)
      if (controller === this.#controller) this.options.onComplete(value)
    } catch (e) {
      if (controller === this.#controller && !controller.signal.aborted) this.options.onError(e)
    } finally {
      if (controller === this.#controller) this.#setPending(false)
    }
  }

  #setPending(pending: boolean) {
    if (pending === this.#pending) return
    this.#pending = pending
    this.host.requestUpdate()
  }
}
