import type { Context, MiddlewareHandler } from 'hono'
import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi'
import type { Role } from '@dj-customers/spec'
import type { Db } from '../db.js'
import { Tx } from '../domain/tx.js'
import { allows } from '../domain/operators.js'
import { ProblemError, fail, problemResponse } from '../problem.js'
import type { CustomerUserRecord, OperatorRecord } from '../types.js'
import { canLogIn } from '../domain/customer-users.js'
import { isAdminIn } from '../domain/memberships.js'
import { findSession } from '../domain/sessions.js'
import { sha256Hex } from '../crypto/tokens.js'
import type { PasswordHasher } from '../crypto/passwords.js'

export interface AppEnv {
  Variables: {
    operator: OperatorRecord
    actor: string
    /** Storefront: the signed-in customer user, the account the request acts in, the assisting operator. */
    customer: CustomerUserRecord
    accountId: string
    assistedBy: string | null
  }
}
/** `x-dj-secret`: the answer carries a secret shown once (R5), never kept for an Idempotency-Key replay. */
export type DjRoute = RouteConfig & { 'x-dj-role': Role; 'x-dj-secret'?: boolean }
export type StorefrontRoute = RouteConfig & { 'x-dj-group': 'FOC_Admin' | 'any'; 'x-dj-secret'?: boolean }

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

/**
 * What route modules need from the app: the data, durable commits, and `register`, which puts the
 * cross-cutting checks (client header, credentials, permission level, strict query, idempotency) in
 * front of every handler, from the route's own definition.
 */
export class Api {
  readonly #inFlight = new Set<string>()

  constructor(
    readonly app: OpenAPIHono<AppEnv>,
    readonly db: Db,
    readonly commit: () => Promise<void>,
    readonly options: {
      strict: boolean
      clock: () => Date
      passwordIterations: number
      /** R4: where customer passwords are hashed (a worker pool under Node, Web Crypto elsewhere). */
      passwords: PasswordHasher
      /** R6: saves what was just changed with the next commit (at the latest after the app's lazy-commit delay). */
      saveLater: () => void
    },
  ) {}

  register<R extends DjRoute>(route: R, handler: RouteHandler<R, AppEnv>) {
    const middleware: MiddlewareHandler<AppEnv>[] = [this.#operatorAuth(route['x-dj-role'])]
    if (this.options.strict) middleware.push(strictQuery(route, this.db))
    if ((route.request?.body as { required?: boolean } | undefined)?.required) middleware.push(requireBody)
    if (route.method === 'post') middleware.push(this.#idempotency(route['x-dj-secret'] === true))
    this.app.openapi({ ...route, middleware } as R, handler as never)
  }

  /** A storefront route: `dj-client: ACCOUNT` and a live customer token (see {@link customerAuth}). */
  registerStorefront<R extends StorefrontRoute>(route: R, handler: RouteHandler<R, AppEnv>) {
    const middleware: MiddlewareHandler<AppEnv>[] = [this.#customerAuth(route['x-dj-group'])]
    if (this.options.strict) middleware.push(strictQuery(route, this.db))
    if ((route.request?.body as { required?: boolean } | undefined)?.required) middleware.push(requireBody)
    if (route.method === 'post') middleware.push(this.#idempotency(route['x-dj-secret'] === true))
    this.app.openapi({ ...route, middleware } as R, handler as never)
  }

  /**
   * Storefront credentials: `dj-client: ACCOUNT` (OPERATOR → 403: an operator key never works here), a
   * bearer token that is live, for a user who may still log in (U9), acting in one of their accounts
   * (`customer-account-id`, default the first) that is ACTIVE (A3).
   */
  #customerAuth(group: 'FOC_Admin' | 'any'): MiddlewareHandler<AppEnv> {
    const db = this.db
    const clock = this.options.clock
    return async function customerAuth(c, next) {
      const client = c.req.header('dj-client')
      if (client !== 'OPERATOR' && client !== 'ACCOUNT') throw clientHeaderProblem(client)
      if (client !== 'ACCOUNT')
        throw new ProblemError('WRONG_CLIENT', 'Storefront routes need dj-client: ACCOUNT and a customer token.')
      const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
      if (!token)
        throw new ProblemError('UNAUTHENTICATED', 'Send Authorization: Bearer <token> from POST /auth/token.', [
          fail.field('authorization', 'REQUIRED', 'is required'),
        ])
      const session = await findSession(db, token, clock())
      if (!session) throw new ProblemError('UNAUTHENTICATED', 'Unknown or expired token: log in again.')
      const { user, record } = session
      if (!canLogIn(user))
        throw new ProblemError('UNAUTHENTICATED', 'This customer user can no longer log in (inactive or on hold).')
      if (record.operatorId) {
        // U11: an assisted session lasts only while its operator may still act on customer data.
        const operator = db.operators.get(record.operatorId)
        if (operator?.status !== 'ACTIVE' || !allows(operator.groups, 'User')) {
          throw new ProblemError(
            'UNAUTHENTICATED',
            'The operator of this assisted session can no longer act for customers.',
          )
        }
      }
      // Default: the first of their accounts that is ACTIVE (the first one, if none is).
      const accountId =
        c.req.header('customer-account-id') ??
        user.accountIds.find((id) => db.customerAccounts.get(id)?.status === 'ACTIVE') ??
        user.accountIds[0]
      if (!user.accountIds.includes(accountId))
        throw new ProblemError('ACCOUNT_NOT_ALLOWED', `Account ${accountId} is not one of yours.`, [
          fail.field('customer-account-id', 'INVALID', 'is not one of your accounts'),
        ])
      if (db.customerAccounts.get(accountId)?.status !== 'ACTIVE')
        throw new ProblemError('ACCOUNT_NOT_ALLOWED', `Account ${accountId} is not ACTIVE.`)
      // U16: FOC_Admin of the account this request acts in, not of another of the user's accounts.
      if (group === 'FOC_Admin' && !isAdminIn(user, accountId))
        throw new ProblemError('FORBIDDEN', 'This needs the FOC_Admin group in this account.')
      c.set('customer', user)
      c.set('accountId', accountId)
      c.set('assistedBy', record.operatorId)
      // U11: what an operator does in an assisted session is logged under both names.
      c.set(
        'actor',
        record.operatorId ? `operator:${record.operatorId} as customer-user:${user.id}` : `customer-user:${user.id}`,
      )
      await next()
    }
  }

  /** Runs a domain change and answers only once it is durable (group commit). */
  async write<T>(c: Context<AppEnv>, change: (tx: Tx) => T): Promise<T> {
    const result = change(new Tx(this.db, c.get('actor'), this.options.clock()))
    await this.commit()
    return result
  }

  /** docs/conventions.md §2: a stale `If-Match` answers 412 with the current version. `*` matches anything. */
  checkIfMatch(c: Context, version: number) {
    const header = c.req.header('if-match')
    if (!header || header.trim() === '*') return
    const wanted = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    if (!wanted.includes(String(version))) {
      throw new ProblemError(
        'PRECONDITION_FAILED',
        `The entity is at version ${version}; re-read it and retry.`,
        undefined,
        { currentVersion: version },
      )
    }
  }

  /**
   * `dj-client` must be OPERATOR or ACCOUNT (400 otherwise); back-office routes need OPERATOR and a known
   * API key of an ACTIVE operator (OP6) whose level allows the route (OP2). Store assignment is *not*
   * checked against `dj-store` (OP4): it only drives back-office visibility.
   */
  #operatorAuth(role: Role): MiddlewareHandler<AppEnv> {
    const db = this.db
    const clock = this.options.clock
    return async function operatorAuth(c, next) {
      const client = c.req.header('dj-client')
      if (client !== 'OPERATOR' && client !== 'ACCOUNT') throw clientHeaderProblem(client)
      if (client !== 'OPERATOR')
        throw new ProblemError('WRONG_CLIENT', 'Back-office routes need dj-client: OPERATOR and an operator API key.')
      const key = c.req.header('dj-api-key')
      if (!key)
        throw new ProblemError('UNAUTHENTICATED', 'Send an operator API key in dj-api-key.', [
          fail.field('dj-api-key', 'REQUIRED', 'is required'),
        ])
      const record = db.apiKeys.findBy('hash', await sha256Hex(key))
      const operator = record && db.operators.get(record.operatorId)
      if (!record || !operator) throw new ProblemError('UNAUTHENTICATED', 'Unknown or revoked API key.')
      if (operator.status !== 'ACTIVE')
        throw new ProblemError('OPERATOR_INACTIVE', `Operator ${operator.externalId} is INACTIVE.`)
      if (!allows(operator.groups, role)) {
        throw new ProblemError(
          'FORBIDDEN',
          `This needs the ${role} permission level; operator ${operator.externalId} has ${operator.groups.join(', ')}.`,
        )
      }
      // lastUsedAt is informative: refreshed at most once a minute, saved with the next commit.
      const now = clock()
      if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) > 60_000) {
        db.apiKeys.replace({ ...record, lastUsedAt: now.toISOString() })
      }
      c.set('operator', operator)
      c.set('actor', `operator:${operator.id}`)
      await next()
    }
  }

  /**
   * `Idempotency-Key` on POST (docs/conventions.md §2): a key belongs to its caller; the same key with the same
   * request (method, path, query and body) within 24 h replays the first 2xx answer; with another request → 422.
   * R5: an answer that carries a secret (`secret`: the route's `x-dj-secret`) is never stored, so it cannot be
   * replayed: the same request again gets 409 `SECRET_NOT_REPLAYED`, with the `Location` of what it made.
   */
  #idempotency(secret: boolean): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const key = c.req.header('idempotency-key')
      if (!key) return next()
      const scope = `${c.get('actor')} ${key}`
      // What the request is: method, path, query (as sent, in order) and body bytes — through Hono's body cache,
      // as the body may already have been read (requireBody) and is read again by the validator or the route (a
      // CSV import needs the exact bytes, not a decoded text).
      const url = new URL(c.req.url)
      const request = new Uint8Array(await c.req.arrayBuffer())
      const head = new TextEncoder().encode(`${c.req.method} ${url.pathname}${url.search}\n`)
      const whole = new Uint8Array(head.length + request.length)
      whole.set(head)
      whole.set(request, head.length)
      const requestHash = await sha256Hex(whole.buffer)
      const now = this.options.clock().getTime()
      const seen = this.db.idempotency.get(scope)
      if (seen && now - Date.parse(seen.at) < IDEMPOTENCY_TTL_MS) {
        if (seen.requestHash !== requestHash)
          throw new ProblemError(
            'IDEMPOTENCY_KEY_REUSED',
            `Idempotency-Key ${key} was used with another request (method, path, query or body): use a new key.`,
          )
        if (seen.secret) {
          const location = seen.headers.location
          const refused = problemResponse(
            new ProblemError(
              'SECRET_NOT_REPLAYED',
              `The request with Idempotency-Key ${key} succeeded${location ? ` (${location})` : ''}, but its answer held a secret that is shown only once. Make a new one if it was lost.`,
            ),
          )
          if (location) refused.headers.set('location', location)
          return refused
        }
        return new Response(seen.body, {
          status: seen.status,
          headers: { ...seen.headers, 'idempotent-replayed': 'true' },
        })
      }
      if (this.#inFlight.has(scope))
        throw new ProblemError('IDEMPOTENCY_IN_PROGRESS', `A request with Idempotency-Key ${key} is still running.`)
      this.#inFlight.add(scope)
      try {
        await next()
      } finally {
        this.#inFlight.delete(scope)
      }
      if (c.res.status >= 200 && c.res.status < 300) {
        this.#pruneIdempotency(now)
        const headers: Record<string, string> = {}
        // Not the CORS headers: they answer this request's Origin, and the replay gets those of its own request.
        c.res.headers.forEach((v, k) => {
          if (!k.startsWith('access-control-')) headers[k] = v
        })
        // Kept in memory and saved with the next commit: the change it answers for is already durable.
        this.db.idempotency.set(scope, {
          key: scope,
          requestHash,
          at: new Date(now).toISOString(),
          status: c.res.status,
          ...(secret
            ? { secret: true, headers: pick(headers, 'location'), body: '' }
            : { headers, body: await c.res.clone().text() }),
        })
      }
    }
  }

  #pruneIdempotency(now: number) {
    for (const [scope, r] of this.db.idempotency) {
      if (now - Date.parse(r.at) < IDEMPOTENCY_TTL_MS) break // insertion order is time order
      this.db.idempotency.delete(scope)
    }
  }
}

/**
 * A route whose contract requires a body refuses a request without one. Without this check the validator
 * reads a missing body as `{}`, and `PUT /v1/settings` with no body at all would reset every setting.
 */
const requireBody: MiddlewareHandler = async function requireBody(c, next) {
  // With a content type, the media-type check and the parser answer (415, or 400 MALFORMED_JSON). Without
  // one, look at the bytes: over real HTTP a request without a body still has an (empty) body stream. Hono
  // caches what is read here, so the validator does not read the body again.
  if (!c.req.header('content-type') && (c.req.raw.body === null || (await c.req.arrayBuffer()).byteLength === 0)) {
    throw fail.validation([fail.field('(body)', 'REQUIRED', 'a request body is required')])
  }
  await next()
}

/**
 * `--strict`: a query parameter the route does not declare → 400 naming it (otherwise ignored, OP5). On a list
 * whose entities carry custom fields (`x-dj-custom-fields`, L1), `customFields.<externalId>` is declared when the
 * entity has a definition with that externalId (exact case).
 */
function strictQuery(route: RouteConfig, db: Db): MiddlewareHandler {
  const known = new Set(Object.keys((route.request?.query as { shape?: object } | undefined)?.shape ?? {}))
  const entity = (route as { 'x-dj-custom-fields'?: string })['x-dj-custom-fields']
  const PREFIX = 'customFields.'
  const isKnown = (k: string) =>
    known.has(k) ||
    (entity !== undefined &&
      k.startsWith(PREFIX) &&
      db.customFields.findBy('externalId', `${entity}/${k.slice(PREFIX.length)}`) !== undefined)
  return async function strictQuery(c, next) {
    const unknown = Object.keys(c.req.queries()).filter((k) => !isKnown(k))
    if (unknown.length) {
      throw new ProblemError(
        'UNKNOWN_QUERY_PARAMETER',
        `Unknown query parameter(s): ${unknown.join(', ')}.`,
        unknown.map((k) =>
          fail.field(
            k,
            'UNKNOWN_FIELD',
            entity !== undefined && k.startsWith(PREFIX)
              ? `is not a custom field of ${entity}`
              : 'is not a parameter of this route',
          ),
        ),
      )
    }
    await next()
  }
}

const pick = (headers: Record<string, string>, name: string): Record<string, string> =>
  headers[name] === undefined ? {} : { [name]: headers[name] }

export const etag = (version: number) => `"${version}"`

/** docs/conventions.md §2: `dj-client` is required and is OPERATOR or ACCOUNT. */
export function clientHeaderProblem(client: string | undefined) {
  return new ProblemError('CLIENT_HEADER_INVALID', 'Send dj-client: OPERATOR (back office) or ACCOUNT (storefront).', [
    fail.field('dj-client', client ? 'INVALID' : 'REQUIRED', client ? 'must be OPERATOR or ACCOUNT' : 'is required'),
  ])
}
