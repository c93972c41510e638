/**
 * Who is calling, for the elements that show or offer less to some callers (docs/components.md §4): an operator's
 * level, stores and support permission (OP7, `GET /v1/operator-users/me`), or a customer user's groups in their
 * current account (U16, `GET /v1/authenticated-user`).
 *
 * Asked once per SDK client and shared by every element of the page that uses that client: the first asker sends
 * the request, the others wait for the same answer. The request is nobody's own: an element stops waiting when its
 * signal aborts (it left the page, its load was replaced), the request goes on for the others. A failed answer is
 * forgotten, so that the next asker (a Retry) asks again; `again` asks again on purpose (an element's `reload()`).
 */
import { unwrap, type DjClient, type Schemas } from '@dj-customers/sdk'

/** A back-office operator (OP7): the answer of `GET /v1/operator-users/me`, with `kind`. */
export interface OperatorCaller extends Pick<Schemas['CurrentOperator'], 'level' | 'storeIds' | 'stores' | 'support'> {
  kind: 'operator'
  /** The whole answer of `GET /v1/operator-users/me` (level OP2, assigned stores OP3, support permission U15). */
  operator: Schemas['CurrentOperator']
}

/** A signed-in storefront customer user (U16). */
export interface CustomerCaller {
  kind: 'customer'
  id: string
  /** Their groups in the current account (`FOC_Admin`, `FOC_User`…), from its membership. */
  groups: Schemas['CustomerUserGroup'][]
}

export type Caller = OperatorCaller | CustomerCaller

/** How to ask who is calling, for each kind of caller; each is kept out of a bundle that does not use it. */
export const asOperator = (api: DjClient): Promise<OperatorCaller> =>
  api
    .GET('/v1/operator-users/me')
    .then(unwrap)
    .then((me) => ({ ...me, kind: 'operator', operator: me }))

export const asCustomer = (api: DjClient): Promise<CustomerCaller> =>
  api
    .GET('/v1/authenticated-user')
    .then(unwrap)
    .then((u) => ({
      kind: 'customer',
      id: u.id,
      groups: u.memberships?.find((m) => m.accountId === u.currentAccountId)?.groups ?? u.groups,
    }))

const asked = new WeakMap<DjClient, { as: unknown; answer: Promise<Caller> }>()

/**
 * Who is calling through `api`, asked `as` an operator (`asOperator`: an API key) or a customer (`asCustomer`: a
 * token): one request per client for the whole page. Rejects when asking fails (then the next call asks again), or
 * with `signal.reason` when `signal` aborts (for this caller only: the request goes on). `again`: ask the server
 * again, whatever is known.
 */
export function caller<C extends Caller>(
  api: DjClient,
  as: (api: DjClient) => Promise<C>,
  signal?: AbortSignal,
  again?: boolean,
): Promise<C> {
  const answer = ask(api, as, again)
  return signal
    ? Promise.race([
        // First: an asker already aborted gets its abort, even when the answer is in.
        new Promise<never>((_, reject) => {
          const stop = () => reject(signal.reason)
          signal.aborted ? stop() : signal.addEventListener('abort', stop)
        }),
        answer,
      ])
    : answer
}

/** The page's answer for `api` (see `caller`), asked if there is none yet, or `again`. */
function ask<C extends Caller>(api: DjClient, as: (api: DjClient) => Promise<C>, again?: boolean): Promise<C> {
  let entry = asked.get(api)
  if (!entry || again || entry.as !== as) {
    const answer = as(api)
    const mine = (entry = { as, answer })
    asked.set(api, mine)
    answer.catch(() => asked.get(api) === mine && asked.delete(api))
  }
  return entry.answer as Promise<C>
}
