/**
 * `@dj-customers/mock-server/msw`: the reference app inside Mock Service Worker, on an in-memory store, so frontend
 * tests (browser or Node) run against the real rules rather than hand-written mocks.
 *
 * @example
 * const mock = await createMockApi({ seed: 'demo' })
 * const worker = setupWorker(...mock.handlers)   // or setupServer(...) in Node
 * await worker.start()
 * afterEach(() => mock.reset())
 */
import { http, type HttpHandler } from 'msw'
import { createApp, type DjApp } from './app.js'
import type { Db } from './db.js'
import { DEMO_KEYS, ensureOperatorKey, seedDemo } from './seed.js'

export interface MockApiOptions {
  /** Origin the handlers answer for, e.g. `http://api.test`. Default: any origin. */
  baseUrl?: string
  /**
   * `demo-small` (default): the named demo records only (small and quick: a mock is reset between tests); `demo`: with
   * the generated bulk of docs/demo-data.md, as `npm start` shows it (≈ 0.1–0.3 s per reset); `empty`; or a function
   * that fills the data. The same names as the server's `--seed`.
   */
  seed?: 'demo' | 'demo-small' | 'empty' | ((db: Db) => void | Promise<void>)
  /** Ensures an Admin operator with this API key (default `demo-admin-key`, as in the demo data). */
  adminKey?: string
  strict?: boolean
}

export interface MockApi {
  /** Request handlers for `setupWorker` / `setupServer`. They always reach the current app. */
  handlers: HttpHandler[]
  /** The app now answering (changes after `reset()`). */
  readonly app: DjApp
  /** Drops every change: a fresh app, seeded again. */
  reset(): Promise<void>
}

export { DEMO_KEYS }

const API_PATH = /^\/(v1|auth)\/|^\/(health|openapi\.json)$/

export async function createMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  const make = async () => {
    const app = await createApp({ strict: options.strict, passwordIterations: 1000 })
    // Few PBKDF2 iterations: a mock resets often, and its passwords protect nothing.
    if (options.seed === undefined || options.seed === 'demo' || options.seed === 'demo-small')
      await seedDemo(app.db, { passwordIterations: 1000, bulk: options.seed === 'demo' })
    else if (typeof options.seed === 'function') await options.seed(app.db)
    await ensureOperatorKey(app.db, options.adminKey ?? DEMO_KEYS.Admin)
    return app
  }
  let app = await make()
  const origin = (options.baseUrl ?? '*').replace(/\/$/, '')
  // Only the API's own paths: with the default origin `*`, a pattern like `*/v1/*` would also catch a
  // dev server's module URL that happens to contain `/v1/`. Anything else passes through.
  const handlers = [
    http.all(`${origin}/*`, ({ request }) =>
      API_PATH.test(new URL(request.url).pathname) ? app.fetch(request) : undefined,
    ),
  ]
  return {
    handlers,
    get app() {
      return app
    },
    async reset() {
      app = await make()
    },
  }
}
