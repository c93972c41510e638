/**
 * The base class of the four elements. It holds what every one of them is, as public API (docs/components.md §4: each takes
 * a configured SDK client as a property, or `base-url` plus credentials as attributes; `lang` picks its language);
 * what they do alike lives in the controllers and helpers beside this file, which each element uses as it needs.
 */
import type { DjClient, DjClientKind } from '@dj-customers/sdk'
import { LitElement, type PropertyDeclarations } from 'lit'
import { ClientSource } from './client.js'

export class DjElement extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    baseUrl: { attribute: 'base-url' },
    apiKey: { attribute: 'api-key' },
    store: {},
    lang: { reflect: true },
    theme: { reflect: true },
  }

  /** A configured SDK client (`createClient({ client: 'OPERATOR', … })`). Wins over `base-url` / `api-key`. */
  declare client: DjClient | undefined
  /** API origin, used with `api-key` when no `client` is given. */
  declare baseUrl: string | undefined
  /** Operator API key, used with `base-url` when no `client` is given. */
  declare apiKey: string | undefined
  /** Store externalId sent as `dj-store` by the client the element creates itself. */
  declare store: string | undefined
  /** Language of the element's text (`en`, `fr`; `fr-CA` reads French). Default: the nearest `lang` around it. */
  declare lang: string
  /** Colour scheme: `light`, `dark`, or unset to follow the user's (`prefers-color-scheme`). See shared/theme.ts. */
  declare theme: 'light' | 'dark' | undefined

  #clientSource = new ClientSource(this, () => this.clientKind)

  /** The client requests go through: `client`, or one made from `base-url` and the credentials. */
  get api(): DjClient | undefined {
    return this.#clientSource.api
  }

  /** The kind of client the element makes from its attributes: `OPERATOR` (back office), unless it says otherwise. */
  protected get clientKind(): DjClientKind {
    return 'OPERATOR'
  }
}
