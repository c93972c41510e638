import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { API_VERSION, buildOpenApiDocument, systemRoutes } from '@dj-customers/spec'
import { Db, type DatabaseJson } from './db.js'
import { Api, type AppEnv } from './http/kit.js'
import { ImportJobRunner } from './import-runner.js'
import { validationHook } from './http/validation.js'
import { ProblemError, problemResponse } from './problem.js'
import { accountRoutes } from './routes/accounts.js'
import { auditRoutes } from './routes/audit.js'
import { buyingPolicyRoutes } from './routes/buying-policies.js'
import { customFieldRoutes } from './routes/custom-fields.js'
import { customerUserRoutes } from './routes/customer-users.js'
import { IMPORT_JOBS_PATH, importJobRoutes } from './routes/import-jobs.js'
import { invitationRoutes } from './routes/invitations.js'
import { notificationRoutes } from './routes/notifications.js'
import { operatorRoutes } from './routes/operators.js'
import { organisationRoutes } from './routes/organisations.js'
import { selfServiceRoutes } from './routes/self-service.js'
import { settingsRoutes } from './routes/settings.js'
import { storefrontRoutes } from './routes/storefront.js'
import { storeRoutes } from './routes/stores.js'
import { tagRoutes } from './routes/tags.js'
import { MemoryStore, type Store } from './storage/store.js'
import { webCryptoPasswords, type PasswordHasher } from './crypto/passwords.js'
import { pruneExpiredTokens } from './domain/sessions.js'
import { pruneAuditEvents } from './domain/tx.js'
import type { Context } from 'hono'

export interface AppOptions {
  /** Where data lives. Default: a fresh {@link MemoryStore}. */
  store?: Store
  /** Unknown query parameters → 400 instead of being ignored (`--strict`). */
  strict?: boolean
  /** The clock, for tests. */
  clock?: () => Date
  /** Largest accepted JSON body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number
  /** PBKDF2 iterations for new customer passwords. Default 100,000; tests may lower it. */
  passwordIterations?: number
  /** Largest accepted import body (`POST /v1/import-jobs`, a CSV file), in bytes. Default 64 MiB. */
  maxImportBytes?: number
  /** Rows an import job processes between two pauses (and at most one commit). Default 2,000. */
  importChunkRows?: number
  /**
   * R3: finished import jobs kept: the newest `kept` (default 100), none finished more than `maxAgeDays` ago
   * (default 30). Older ones are forgotten when the app starts and whenever a job ends (`--import-jobs-kept`,
   * `--import-job-days`).
   */
  importJobRetention?: { kept?: number; maxAgeDays?: number }
  /**
   * R3: import jobs that may wait or run at once: per operator (default 3) and in all (default 10); one more is
   * refused with 429 `TOO_MANY_REQUESTS` and `Retry-After`.
   */
  importJobLimits?: { perOperator?: number; total?: number }
  /**
   * Which browser origins may call (CORS, docs/conventions.md §2): `'*'` (default, any: this is a development and demo
   * server) or a list; another origin then gets no `Access-Control-Allow-Origin` (`--cors-origin`).
   */
  corsOrigin?: '*' | string[]
  /**
   * R4: where customer passwords are hashed and verified (logins, import jobs). Default: Web Crypto, as in browsers
   * and MSW. Under Node, node.ts gives a bounded worker pool (crypto/password-pool.ts) — Node-only, never imported here.
   */
  passwords?: PasswordHasher
  /** R7: the caller's address, for the per-address login limit (node.ts: the socket's). Default: none. */
  clientAddress?: (c: Context) => string | undefined
  /**
   * R6: changes that need not be durable before their answer (a login's token, `lastLoginAt` and audit event, a login
   * lock) are saved with the next commit, or this many milliseconds after they were made at the latest. Default
   * 60,000; 0: only with the next commit (or `close()`).
   */
  lazyCommitMs?: number
}

/** docs/conventions.md §2: the headers clients send, none CORS-safelisted, so a browser asks first. */
const CORS_ALLOW_HEADERS = [
  'dj-client',
  'dj-api-key',
  'dj-store',
  'customer-account-id',
  'authorization',
  'if-match',
  'idempotency-key',
  'content-type',
  'accept',
]
/** What browser code needs to read besides the safelisted response headers (versions, created ids, throttling, replays). */
const CORS_EXPOSE_HEADERS = ['ETag', 'Location', 'Retry-After', 'idempotent-replayed']
const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

export type DjApp = OpenAPIHono<AppEnv> & {
  /** The live data (for seeding and for tests that check stored state). */
  readonly db: Db
  /** Makes the current data durable (resolves after the flush, shared with concurrent callers). */
  commit(): Promise<void>
  /** Finishes the write in flight and releases the store. */
  close(): Promise<void>
  /** Resolves once no import job is queued or running (I7 jobs run in the background, after their 202). */
  settled(): Promise<void>
}

/**
 * The reference server as a Hono app. Domain rules are plain functions (`./domain`), routes translate HTTP
 * to them (`./routes`), storage sits behind {@link Store}. Runs the same under Node, in vitest and in MSW.
 */
export async function createApp(options: AppOptions = {}): Promise<DjApp> {
  const store = options.store ?? new MemoryStore()
  const clock = options.clock ?? (() => new Date())
  const db = new Db(((await store.load()) ?? undefined) as Partial<DatabaseJson> | undefined, clock().toISOString())
  // R1: a commit that cannot be written puts the data saved last back in memory (in place: routes and the import
  // runner hold `db`) and answers 503 to every request whose change that drops.
  const restore = (saved: unknown) => db.restore(saved as Partial<DatabaseJson> | undefined, clock().toISOString())
  const lazyCommitMs = options.lazyCommitMs ?? 60_000
  let lazyTimer: ReturnType<typeof setTimeout> | null = null
  let lazyChanges = false
  /** R6: a change saved with the next commit, which comes within `lazyCommitMs` at the latest. */
  const saveLater = () => {
    lazyChanges = true
    if (lazyTimer || !(lazyCommitMs > 0)) return
    lazyTimer = setTimeout(() => {
      lazyTimer = null
      if (lazyChanges) commit().catch((e) => console.error('deferred commit failed', e))
    }, lazyCommitMs)
    ;(lazyTimer as { unref?: () => void }).unref?.()
  }
  const commit = () => {
    // R6: every commit saves the lazy changes too, and never an expired token nor an audit event past retention.
    lazyChanges = false
    if (lazyTimer) clearTimeout(lazyTimer)
    lazyTimer = null
    const now = clock().getTime()
    pruneExpiredTokens(db, now)
    pruneAuditEvents(db, now)
    return commitNow()
  }
  const commitNow = () =>
    store
      .commit(() => db, restore)
      .catch((e: unknown) => {
        throw e instanceof ProblemError
          ? e
          : new ProblemError(
              'STORAGE_UNAVAILABLE',
              `The data could not be saved (${storageErrorText(e)}); this change was not kept. Try again later.`,
            )
      })

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never })
  const passwords = options.passwords ?? webCryptoPasswords
  const api = new Api(app, db, commit, {
    strict: options.strict ?? false,
    clock,
    passwordIterations: options.passwordIterations ?? 100_000,
    passwords,
    saveLater,
  })

  app.onError((err) => {
    if (err instanceof ProblemError) return problemResponse(err)
    if (err instanceof HTTPException) {
      const code =
        err.status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : err.status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : /json/i.test(err.message)
              ? 'MALFORMED_JSON'
              : err.status === 401
                ? 'UNAUTHENTICATED'
                : 'VALIDATION_FAILED'
      return problemResponse(new ProblemError(code, err.message))
    }
    console.error(err)
    return problemResponse(new ProblemError('INTERNAL_ERROR'))
  })
  // §2: a path the API has, with a method it does not have → 405 with `Allow`; any other path → 404.
  let routeTable: { pattern: RegExp; method: string }[] | undefined
  app.notFound((c) => {
    routeTable ??= app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/*')
      .map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}/?$`) }))
    const allowed = [...new Set(routeTable.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))]
    if (!allowed.length)
      return problemResponse(new ProblemError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`))
    const refused = problemResponse(
      new ProblemError('METHOD_NOT_ALLOWED', `${c.req.path} takes ${allowed.join(', ')}, not ${c.req.method}.`),
    )
    refused.headers.set('allow', allowed.join(', '))
    return refused
  })

  // CORS first: a preflight carries no credentials, so it must be answered before the dj-client and key checks
  // and the 404 handler. The headers set here also reach answers built as plain Responses (problems, replays):
  // Hono copies them onto whatever a handler returns.
  const corsOrigin = options.corsOrigin
  const allowCors = cors({
    origin: !corsOrigin || corsOrigin === '*' || corsOrigin.includes('*') ? '*' : [...corsOrigin],
    allowMethods: CORS_METHODS,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: 600, // a page does not pay a preflight before every write
  })
  // Hono's middleware answers every OPTIONS; only a real preflight (it names the method to come) is one. Any other
  // OPTIONS goes on to the router, where no route has it: a 404 problem, as for any method a path does not have.
  app.use('*', (c, next) =>
    c.req.method === 'OPTIONS' && !c.req.header('access-control-request-method') ? next() : allowCors(c, next),
  )

  const maxSize = options.maxBodyBytes ?? 1024 * 1024
  const limit = (bytes: number) =>
    bodyLimit({
      maxSize: bytes,
      onError: () => {
        throw new ProblemError('PAYLOAD_TOO_LARGE', `Bodies are limited to ${bytes} bytes.`)
      },
    })
  const bodies = limit(maxSize)
  // I7: an import carries a whole file; every other route keeps the small limit.
  const imports = limit(options.maxImportBytes ?? 64 * 1024 * 1024)
  app.use('*', (c, next) => (c.req.method === 'POST' && c.req.path === IMPORT_JOBS_PATH ? imports : bodies)(c, next))

  app.openapi(systemRoutes.health, (c) => c.json({ status: 'ok' as const, version: API_VERSION }, 200))
  let document: unknown
  app.get('/openapi.json', (c) => c.json((document ??= buildOpenApiDocument()) as object))

  storeRoutes(api)
  settingsRoutes(api)
  operatorRoutes(api)
  tagRoutes(api)
  accountRoutes(api)
  organisationRoutes(api)
  customerUserRoutes(api)
  buyingPolicyRoutes(api)
  customFieldRoutes(api)
  storefrontRoutes(api, { passwords, clientAddress: options.clientAddress, saveLater })
  selfServiceRoutes(api, { passwords, clientAddress: options.clientAddress, saveLater }) // SS1, SS2
  invitationRoutes(api, { passwords, clientAddress: options.clientAddress }) // SS3
  notificationRoutes(api)
  auditRoutes(api)
  const importJobs = new ImportJobRunner(api, {
    chunkRows: options.importChunkRows,
    retention: options.importJobRetention,
    passwords,
  })
  importJobRoutes(api, importJobs, { limits: options.importJobLimits })

  return Object.assign(app, {
    db,
    commit,
    settled: () => importJobs.settled(),
    close: async () => {
      await importJobs.stop() // the running job stops after its chunk, and is saved as interrupted
      if (lazyChanges) await commit().catch((e) => console.error('final commit failed', e)) // R6: the last logins
      if (lazyTimer) clearTimeout(lazyTimer)
      await store.close()
    },
  })
}

/** R1: why a commit failed, in a few words (`ENOSPC`), for the 503's detail. */
function storageErrorText(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'storage error'
}
