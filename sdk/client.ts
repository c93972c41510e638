/**
 * The typed HTTP client: openapi-fetch over the generated `paths`, with the DJUST headers added by one
 * middleware. Browser- and Node-safe (nothing but `fetch`, `Request` and `Headers`).
 */
import createFetchClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './openapi.gen.js'
import { retrying, type RetryOptions } from './retry.js'

/** `OPERATOR` for back-office routes (`/v1/...` with an API key), `ACCOUNT` for storefront routes (token). */
export type DjClientKind = 'OPERATOR' | 'ACCOUNT'

/** A storefront token, or a function asked for it before every request (to pick up a refreshed token). */
export type TokenSource = string | (() => string | null | undefined | Promise<string | null | undefined>)

interface BaseOptions {
  /** API origin (and optional base path), e.g. `https://api.example.com` or `location.origin`. */
  baseUrl: string
  /** Sent as `dj-client` on every request. */
  client: DjClientKind
  /** Store externalId sent as `dj-store` (default store when omitted). A call's own `dj-store` header wins. */
  store?: string
  /**
   * The fetch to use. Default: `globalThis.fetch`, looked up at request time, so a mock installed after the
   * client was created (MSW `worker.start()` / `server.listen()`) still sees the requests.
   */
  fetch?: (request: Request) => Promise<Response>
  /**
   * Send a request again when the API refuses it for now (429 `TOO_MANY_REQUESTS`, 503 `STORAGE_UNAVAILABLE`),
   * after the wait its `Retry-After` asks for (0.5 s, 1 s… without one). `true`: twice at most, never after a wait
   * longer than 10 s; or say how. Off by default: the refusal goes to the caller. A call's `signal` also stops the wait.
   */
  retry?: boolean | RetryOptions
}

/** Options of {@link createClient}: `apiKey` (back-office operator) or `token` (storefront user), or neither. */
export type DjClientOptions = BaseOptions &
  (
    | { /** Operator API key, sent as `dj-api-key`. */ apiKey: string; token?: never }
    | { /** Storefront token, sent as `Authorization: Bearer …`. */ token: TokenSource; apiKey?: never }
    | { apiKey?: never; token?: never }
  )

/** Headers that the client sets itself; callers may still pass them to override one call. */
type ManagedHeader = 'dj-client' | 'dj-api-key' | 'dj-store' | 'authorization'

type Simplify<T> = { [K in keyof T]: T[K] } & {}
type LoosenHeaders<H> = Simplify<Omit<H, ManagedHeader> & { [K in ManagedHeader & keyof H]?: H[K] }>
type LoosenParams<P> = P extends { header: infer H }
  ? // biome-ignore lint/complexity/noBannedTypes: `{} extends X` asks "is every field of X optional?"
    {} extends Omit<H, ManagedHeader>
    ? Simplify<Omit<P, 'header'> & { header?: LoosenHeaders<H> }>
    : Simplify<Omit<P, 'header'> & { header: LoosenHeaders<H> }>
  : P
type LoosenOperation<O> = O extends { parameters: infer P }
  ? Omit<O, 'parameters'> & { parameters: LoosenParams<P> }
  : O

/**
 * The API's paths as the SDK client sees them: the generated `paths`, except that the headers the client
 * adds (`dj-client`, `dj-api-key`, `dj-store`, `Authorization`) are optional in each call's `params.header`.
 */
export type DjPaths = {
  [P in keyof paths]: { [M in keyof paths[P]]: M extends 'parameters' ? paths[P][M] : LoosenOperation<paths[P][M]> }
}

/** A dj-customers client: openapi-fetch's `GET`/`POST`/`PUT`/`PATCH`/`DELETE`, typed from the contract. */
export type DjClient = Client<DjPaths>

/**
 * Creates a typed client for the dj-customers API.
 *
 * Every call returns openapi-fetch's `{ data, error, response }`; pass it to {@link unwrap} to get the
 * data or a thrown {@link DjProblemError}.
 *
 * @example Back office, with an operator API key
 * ```ts
 * import { createClient, unwrap } from '@dj-customers/sdk'
 *
 * const api = createClient({ baseUrl: 'http://127.0.0.1:8787', client: 'OPERATOR', apiKey: 'demo-admin-key', store: 'FR' })
 * const page = unwrap(await api.GET('/v1/operator-users', { params: { query: { search: 'martin', size: 50 } } }))
 * console.log(page.totalElements, page.content.map((o) => o.email))
 * ```
 *
 * @example A script that waits out refusals for now (429, 503) rather than failing
 * ```ts
 * const api = createClient({ baseUrl, client: 'OPERATOR', apiKey, retry: { retries: 3, maxDelay: 30_000 } })
 * ```
 *
 * @example Storefront, with a token that may change over time
 * ```ts
 * let token: string | undefined
 * const shop = createClient({ baseUrl: 'https://api.example.com', client: 'ACCOUNT', token: () => token })
 * ```
 */
export function createClient(options: DjClientOptions): DjClient {
  const custom = options.fetch
  const fetch = custom ?? ((request: Request) => globalThis.fetch(request))
  const { retry } = options
  const api = createFetchClient<DjPaths>({
    baseUrl: options.baseUrl,
    fetch: retry ? retrying(fetch, retry === true ? {} : retry) : fetch,
  })
  api.use(credentials(options))
  return api
}

/** The middleware that sets `dj-client`, `dj-api-key` / `Authorization` and `dj-store` unless a call set them. */
function credentials({ client, apiKey, token, store }: DjClientOptions): Middleware {
  return {
    async onRequest({ request }) {
      const h = request.headers
      const put = (name: string, value: string | null | undefined) => {
        if (value && !h.has(name)) h.set(name, value)
      }
      put('dj-client', client)
      put('dj-api-key', apiKey)
      put('dj-store', store)
      if (token !== undefined && !h.has('authorization')) {
        const value = typeof token === 'function' ? await token() : token
        if (value) h.set('authorization', `Bearer ${value}`)
      }
    },
  }
}
