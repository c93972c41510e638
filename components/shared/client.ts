/**
 * The SDK client an element sends its requests through (docs/components.md §4: elements take a configured client as a
 * property, or `base-url` plus credentials as attributes).
 */
import { createClient, type DjClient, type DjClientKind } from '@dj-customers/sdk'

/** What an element declares for its requests: the `client` property, or `base-url`, `api-key` / `token` and `store`. */
export interface ClientHost {
  client?: DjClient
  baseUrl?: string
  apiKey?: string
  token?: string
  store?: string
}

/**
 * Where an element's requests go: its `client` when it has one; otherwise a client made from its attributes,
 * made again only when one of them changed (so `api` keeps its identity from one update to the next, and a
 * changed key or store is never sent with the old one). Read when asked, like the properties it reads: a
 * helper the element holds, with nothing to do in the element's lifecycle.
 *
 * `kind`: `OPERATOR` (back office: `api-key`, optional) or `ACCOUNT` (storefront: `token`, required — without
 * it nobody is signed in and there is no client).
 *
 * @example
 * ```ts
 * private clientSource = new ClientSource(this)
 * get api() { return this.clientSource.api }
 * ```
 */
export class ClientSource {
  #own: DjClient | undefined
  /** The attributes `#own` was made from. */
  #madeFrom: string | undefined

  constructor(
    private readonly host: ClientHost,
    private readonly kind: () => DjClientKind = () => 'OPERATOR',
  ) {}

  /** The client requests go through, or undefined when the element has nothing to make one from. */
  get api(): DjClient | undefined {
    const { client, baseUrl, apiKey, token, store } = this.host
    if (client) return client
    const kind = this.kind()
    const storefront = kind === 'ACCOUNT'
    // A storefront without a token is "nobody signed in yet": nothing to ask.
    if (!baseUrl || (storefront && !token)) return undefined
    const from = JSON.stringify([kind, baseUrl, store, storefront ? token : apiKey])
    if (from !== this.#madeFrom) {
      this.#madeFrom = from
      this.#own = storefront
        ? createClient({ baseUrl, store, client: kind, token: token! })
        : apiKey
          ? createClient({ baseUrl, store, client: kind, apiKey })
          : createClient({ baseUrl, store, client: kind })
    }
    return this.#own
  }
}
