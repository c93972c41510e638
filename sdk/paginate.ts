/** Walking every page of a list route (`page`/`size` paging, `{content, last, …}` bodies). */
import type { MaybeOptionalInit, MethodResponse } from 'openapi-fetch'
import type { DjClient, DjPaths } from './client.js'
import { unwrap } from './problem.js'

type GetPath = { [P in keyof DjPaths]: DjPaths[P] extends { get: object } ? P : never }[keyof DjPaths]
type GetData<P extends GetPath> = MethodResponse<DjClient, 'get', P>

/** Paths whose `GET` answers a page (`{content: [...], last, …}`): the ones {@link paginate} accepts. */
export type ListPath = {
  [P in GetPath]: GetData<P> extends { content: readonly unknown[]; last: boolean } ? P : never
}[GetPath]
/** One page of a list route, as the API returns it. */
export type ListPage<P extends ListPath> = GetData<P>
/** The item type of a list route (its page's `content` elements). */
export type ListItem<P extends ListPath> = GetData<P> extends { content: readonly (infer T)[] } ? T : never
/** The request options of a list route; optional unless the path has parameters. */
export type ListInit<P extends ListPath> = MaybeOptionalInit<DjPaths[P], 'get'>
type InitArg<P extends ListPath> = undefined extends ListInit<P> ? [init?: ListInit<P>] : [init: ListInit<P>]

/**
 * Yields each page of a list route in turn, from `params.query.page` (default 0) until the page marked
 * `last`. Other query parameters (`size`, `sort`, filters) are sent unchanged with every page. A failed
 * page throws a {@link DjProblemError}.
 *
 * @example
 * ```ts
 * for await (const page of paginatePages(api, '/v1/customer-accounts', { params: { query: { size: 200 } } })) {
 *   console.log(`page ${page.number + 1}/${page.totalPages}`, page.content.length)
 * }
 * ```
 */
export async function* paginatePages<P extends ListPath>(
  client: DjClient,
  path: P,
  ...[init]: InitArg<P>
): AsyncGenerator<ListPage<P>, void, undefined> {
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } }
  const params = options.params ?? {}
  let page = Number(params.query?.page ?? 0)
  const get = client.GET as (
    path: string,
    init: object,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>
  for (;;) {
    const data = unwrap(await get(path, { ...options, params: { ...params, query: { ...params.query, page } } })) as {
      content: unknown[]
      last: boolean
    }
    yield data as unknown as ListPage<P>
    if (data.last || data.content.length === 0) return
    page++
  }
}

/**
 * Yields every item of a list route, fetching page after page (see {@link paginatePages}) until the page
 * marked `last`. Paging is by offset: items created or deleted during the walk may shift between pages,
 * so sort by a stable field when that matters (the server breaks ties by `id`).
 *
 * @example
 * ```ts
 * for await (const operator of paginate(api, '/v1/operator-users', { params: { query: { status: 'ACTIVE', size: 100 } } })) {
 *   console.log(operator.email)
 * }
 * ```
 */
export async function* paginate<P extends ListPath>(
  client: DjClient,
  path: P,
  ...init: InitArg<P>
): AsyncGenerator<ListItem<P>, void, undefined> {
  for await (const page of paginatePages(client, path, ...init))
    yield* (page as unknown as { content: ListItem<P>[] }).content
}
