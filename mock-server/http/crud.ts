import type { Context, TypedResponse } from 'hono'
import type { JSONParsed } from 'hono/utils/types'
import type { z } from '@hono/zod-openapi'
import type { IdType, Tx } from '../domain/tx.js'
import type { ListEngine } from '../list-engine.js'
import { etag, type Api, type AppEnv, type DjRoute } from './kit.js'

/** The routes `crudRoutes(...)` (spec/common.ts) makes for a resource; a resource may add others beside them. */
export interface CrudRouteSet {
  list: DjRoute
  create: DjRoute
  get: DjRoute
  update: DjRoute
  delete: DjRoute
}

type JsonSchema<T> = T extends { content: { 'application/json': { schema: infer S extends z.ZodType } } } ? S : never
type RequestPart<R extends DjRoute, K extends string> = R['request'] extends { [P in K]: infer X } ? X : never

/** The entity as the contract answers it (`200` of `get`), so a handler that builds it wrongly does not compile. */
export type EntityOf<R extends CrudRouteSet> = z.output<JsonSchema<R['get']['responses'][200]>>
/** The create body once the validator has parsed it (defaults applied). */
export type CreateInputOf<R extends CrudRouteSet> = z.output<JsonSchema<RequestPart<R['create'], 'body'>>>
/** The update body once parsed: the create body, or the contract's own `updateInput`. */
export type UpdateInputOf<R extends CrudRouteSet> = z.output<JsonSchema<RequestPart<R['update'], 'body'>>>
/** The query of `DELETE`: `idType` and the resource's own flags (`force`, `cascade`). */
export type DeleteQueryOf<R extends CrudRouteSet> = z.output<Extract<RequestPart<R['delete'], 'query'>, z.ZodType>>

/** The version that `ETag` and `If-Match` carry: every mutable entity has one (docs/conventions.md §2). */
interface Versioned {
  version: number
}
/** What every stored entity has: the DJUST id and its version. */
interface Item extends Versioned {
  id: string
}

export interface CrudHandlerOptions<R extends CrudRouteSet, T extends Item> {
  /** The item a path names, by DJUST id or (`idType=EXTERNAL_ID`) external id; throws the 404 problem. */
  find: (id: string, idType: IdType) => T
  /**
   * The record as the contract shows it: {@link asEntity} where the stored record already is the entity, else
   * a function that adds derived fields or leaves secrets out. Required, so a record that drifts from the
   * contract's entity is a compile error rather than a silent change of the answers.
   */
  dto: (record: T) => EntityOf<R> & Versioned
  /**
   * Serves `GET` on the collection; left out only where the module registers `routes.list` itself. Build it before
   * the call (`const list = new ListEngine(...)`): built inside the options, its own inference fixes `T` too early.
   */
  list?: ListEngine<NoInfer<T>>
  /**
   * The domain change of `POST`. Left out where the module registers `routes.create` itself: work that must
   * happen before the synchronous change (hashing a password) does not fit here.
   */
  create?: (tx: Tx, input: CreateInputOf<R>) => NoInfer<T>
  /**
   * The domain change of `PUT`, on the current record. Left out as `create`, for the same reason. (`current` may
   * give `T` too: a domain function passed by name, such as `updateStore`, has its record type there.)
   */
  update?: (tx: Tx, current: T, input: UpdateInputOf<R>) => NoInfer<T>
  /** The domain change of `DELETE`, with the route's query (its `force` or `cascade` flag). */
  remove: (tx: Tx, current: T, query: DeleteQueryOf<R>) => void
}

/** The `dto` of a resource whose stored record is the contract's entity as it is. */
export const asEntity = <T>(record: T) => record

/** The validated parts of a request, read without the route's types (the factory is generic over them). */
const valid = (c: Context, target: 'json' | 'param' | 'query') =>
  (c.req as unknown as { valid(target: string): unknown }).valid(target)

/**
 * An entity answer: the body with its version as `ETag` (docs/conventions.md §2). For handlers that stay explicit, so every
 * entity answer is built the same way.
 */
export function etagged<B extends Versioned, S extends 200 | 201>(
  c: Context,
  body: B,
  status: S,
  // Spelled out (it is what `c.json` answers): inferred, the declaration emit gives up on its size (TS7056).
): Response & TypedResponse<JSONParsed<B>, S, 'json'> {
  return c.json(body, status, { ETag: etag(body.version) })
}

/**
 * The handlers of the routes `crudRoutes(...)` defines, in one place: find → 404 → `If-Match` (412 with the
 * current version) → the domain change through `api.write` (a Tx, answered once durable) → the body and its
 * `ETag`. Generic over the contract's zod schemas: `create`, `update` and `remove` take the bodies and query the
 * contract parses, and `dto` must return the contract's entity, so a wrong or missing field is a compile error.
 *
 * @example
 * const list = new ListEngine(db.stores, { search: (s) => s.name, sort: { id: (s) => s.id } })
 * crudHandlers(api, storeRoutes, {
 *   list,
 *   find: (id, idType) => findItem(db.stores, id, idType, 'store'),
 *   dto: asEntity,
 *   create: createStore,
 *   update: updateStore,
 *   remove: deleteStore,
 * })
 */
export function crudHandlers<R extends CrudRouteSet, T extends Item>(
  api: Api,
  routes: R,
  options: CrudHandlerOptions<R, T>,
) {
  const { find, dto, list, create, update, remove } = options
  const on = (route: DjRoute, handler: (c: Context<AppEnv>) => Response | Promise<Response>) =>
    api.register(route, handler as never)
  const current = (c: Context<AppEnv>) => {
    const { id } = valid(c, 'param') as { id: string }
    return find(id, (valid(c, 'query') as { idType?: IdType }).idType)
  }

  if (list) {
    on(routes.list, (c) => {
      const page = list.run(valid(c, 'query') as Parameters<typeof list.run>[0])
      return c.json({ ...page, content: page.content.map((record) => dto(record)) }, 200)
    })
  }

  if (create) {
    on(routes.create, async (c) => {
      const input = valid(c, 'json') as CreateInputOf<R>
      return etagged(c, dto(await api.write(c, (tx) => create(tx, input))), 201)
    })
  }

  on(routes.get, (c) => etagged(c, dto(current(c)), 200))

  if (update) {
    on(routes.update, async (c) => {
      const record = current(c)
      api.checkIfMatch(c, record.version)
      const input = valid(c, 'json') as UpdateInputOf<R>
      return etagged(c, dto(await api.write(c, (tx) => update(tx, record, input))), 200)
    })
  }

  on(routes.delete, async (c) => {
    const record = current(c)
    api.checkIfMatch(c, record.version)
    const query = valid(c, 'query') as DeleteQueryOf<R>
    await api.write(c, (tx) => remove(tx, record, query))
    return c.body(null, 204)
  })
}
