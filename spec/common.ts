import { createRoute, z } from '@hono/zod-openapi'
import { problemCodes, type ProblemCode } from './errors.js'
import { EXTERNAL_ID_PATTERN } from './rules/formats.js'

/** Server-made opaque ids. */
export const Id = z.string().min(1).max(64).openapi({ example: 'op_0000000001' })

// EXTERNAL_ID_PATTERN lives in rules/formats.ts, with no zod around it, so the CSV import (a browser bundle)
// can use it without pulling zod in.
export { EXTERNAL_ID_PATTERN }
/** Caller-made external ids (docs/conventions.md §2): no accents, no spaces. */
export const ExternalId = z
  .string()
  .regex(EXTERNAL_ID_PATTERN, 'must be 1–255 letters, digits or _ . : - (no accents, no spaces)')
  .openapi({ example: 'ACME-FR' })

export const Email = z
  .email({ message: 'must be an email address' })
  .max(254)
  .openapi({ example: 'jane.doe@example.com' })
export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-21T09:30:00.000Z' })
export const Version = z
  .number()
  .int()
  .min(1)
  .openapi({ description: 'Increases on every change; sent back as `ETag`.', example: 3 })
/** A short human text: trimmed, not empty. */
export const Name = (max = 255) => z.string().trim().min(1, 'must not be empty').max(max)

export const Civility = z.enum(['MR', 'MRS', 'MISS']).openapi('Civility')

export const FieldError = z
  .object({
    field: z.string().openapi({ example: 'email' }),
    code: z.string().openapi({ example: 'INVALID' }),
    message: z.string().openapi({ example: 'must be an email address' }),
  })
  .openapi('FieldError')

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'https://dj-customers.dev/problems/validation-failed' }),
    title: z.string().openapi({ example: 'The request is not valid' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional().openapi({ example: 'email: must be an email address' }),
    code: z
      .enum(Object.keys(problemCodes) as [ProblemCode, ...ProblemCode[]])
      .openapi({ example: 'VALIDATION_FAILED' }),
    errors: z.array(FieldError).optional(),
    currentVersion: z.number().int().optional().openapi({ description: 'On 412: the version the entity has now.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, with a stable `code` from the catalogue.' })

/** Every paged list answers with this envelope (Spring-style, as DJUST does). */
export function Page<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      content: z.array(item),
      totalElements: z.number().int(),
      totalPages: z.number().int(),
      number: z.number().int().openapi({ description: 'Page index, 0-based.' }),
      size: z.number().int(),
      numberOfElements: z.number().int(),
      first: z.boolean(),
      last: z.boolean(),
      empty: z.boolean(),
    })
    .openapi(name)
}

/** A filter that takes repeated params (`?status=A&status=B`) or a comma list (`?status=A,B`). */
export const MultiValue = (description: string, example: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description, example })

export const PagingQuery = {
  page: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000_000)
    .default(0)
    .openapi({ description: 'Page index, 0-based.', example: 0 }),
  size: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(20)
    .openapi({ description: 'Page size, 1–1000.', example: 20 }),
  sort: MultiValue(
    'Repeatable. `field:direction` or `field,direction`, direction `asc`/`desc` (default `asc`). Entries apply in order; malformed or unknown entries are ignored; ties break by `id`.',
    'lastName:asc',
  ),
}
/** The entities that carry custom fields (CF1), as custom field definitions name them. */
export type CustomFieldHolder = 'CUSTOMER_USER' | 'ORGANISATION' | 'CUSTOMER_ACCOUNT'

/**
 * L1: the query of a list whose entities carry custom fields. Parameters `customFields.<externalId>` cannot be
 * declared one by one (the definitions are data), so the query object lets undeclared parameters through to the
 * handler (which reads only the `customFields.` ones); the route's `x-dj-custom-fields` names the entity, for
 * `--strict` to accept the defined ids, and its description says how they filter and sort.
 */
export const customFieldListQuery = <Q extends z.ZodRawShape>(shape: Q, entity: CustomFieldHolder) => ({
  query: z.object(shape).catchall(z.union([z.string(), z.array(z.string())])),
  'x-dj-custom-fields': entity,
  description:
    `L1: \`customFields.<externalId>=value\` filters by a custom field of this entity (${entity} in \`GET /v1/custom-fields\`): ` +
    'repeated or a comma list, values OR-ed within one field, AND-ed with other fields and filters, compared without case ' +
    'in canonical form — text, LIST option and DATE (`YYYY-MM-DD`) as stored, a number as JSON writes it (`10.0` finds 10), ' +
    'a boolean `true`/`false`; a `multiple` field matches when one of its values does, a record without a value never. ' +
    'An externalId (exact case) that is not a defined field of this entity is ignored like any unknown parameter ' +
    '(400 `UNKNOWN_QUERY_PARAMETER` with `--strict`). `sort=customFields.<externalId>:asc|desc` sorts by one: numbers ' +
    'numerically, `false` before `true`, other types as text without case or accents, a `multiple` field by its first ' +
    'value, records without a value last.',
})

export const SearchQuery = {
  search: z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'Case- and accent-insensitive substring search.', example: 'dupont' }),
}

export const IdTypeQuery = {
  idType: z.enum(['DJUST_ID', 'EXTERNAL_ID']).default('DJUST_ID').optional().openapi({
    description: 'Whether the path id is the DJUST id (default) or the external id.',
  }),
}

export const OperatorHeaders = z.object({
  'dj-client': z.enum(['OPERATOR', 'ACCOUNT']).openapi({
    description: '`OPERATOR` for back-office routes, `ACCOUNT` for storefront routes. Required.',
    example: 'OPERATOR',
  }),
  'dj-store': z.string().optional().openapi({
    description:
      "Store externalId; optional (default store). Not checked against the operator's store assignment (OP4).",
    example: 'FR',
  }),
})

export const WriteHeaders = OperatorHeaders.extend({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'The `ETag` last read; a stale value answers 412.', example: '"3"' }),
})
export const CreateHeaders = OperatorHeaders.extend({
  'idempotency-key': z.string().min(1).max(255).optional().openapi({
    description:
      'Same key and same body within 24 h replays the first response; same key with another request (method, path, query or body) → 422.',
    example: '6c1f3f0e-4a8b-4b7c-9d1e-2f0a9b8c7d6e',
  }),
})

export type Role = 'Reader' | 'User' | 'Admin'

const problemContent = { 'application/problem+json': { schema: Problem } }
const standardErrors = {
  400: { description: 'Malformed request: the `errors` list names each field.', content: problemContent },
  401: { description: 'Missing or unknown credentials.', content: problemContent },
  403: { description: 'Permission level, inactive operator or wrong `dj-client`.', content: problemContent },
  503: {
    description: 'R1: the change could not be saved (`STORAGE_UNAVAILABLE`); nothing was changed, try again later.',
    content: problemContent,
  },
}
export const errorResponse = (description: string) => ({ description, content: problemContent })
export const etagHeader = {
  ETag: { description: 'The entity version, for `If-Match`.', schema: { type: 'string' as const, example: '"3"' } },
}
export const json = <T extends z.ZodTypeAny>(schema: T, description: string, withEtag = false) => ({
  description,
  content: { 'application/json': { schema } },
  ...(withEtag ? { headers: etagHeader } : {}),
})
export const noContent = (description: string) => ({ description })

type RouteConfig = Parameters<typeof createRoute>[0]

/**
 * One back-office route: adds the security scheme, common headers, the standard error responses and the
 * `x-dj-role` (lowest permission level allowed) that the reference server enforces. `x-dj-secret: true` marks an
 * answer that carries a secret shown once (R5): an `Idempotency-Key` replay of it is refused, never stored.
 */
export function operatorRoute<R extends RouteConfig & { 'x-dj-role': Role }>(route: R) {
  return createRoute({
    security: [{ djApiKey: [] }],
    ...route,
    responses: { ...standardErrors, ...route.responses },
  } as R) as unknown as R & { responses: R['responses'] & typeof standardErrors }
}

export const jsonBody = <T extends z.ZodTypeAny>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
})

/** A path parameter named `name`. */
export const pathParams = <N extends string>(name: N, example: string) =>
  z.object({
    [name]: z
      .string()
      .min(1)
      .max(255)
      .openapi({ param: { name, in: 'path' }, example }),
  } as {
    [K in N]: z.ZodString
  })

interface CrudOptions<
  E extends z.ZodTypeAny,
  I extends z.ZodTypeAny,
  U extends z.ZodTypeAny,
  P extends z.ZodTypeAny,
  Q extends z.ZodRawShape,
  D extends z.ZodRawShape,
> {
  /** Collection path, e.g. `/v1/stores`. */
  path: string
  /** operationId resource word, e.g. `STORE` → `ADM-STORE-550`. */
  resource: string
  tag: string
  /** Singular noun for summaries, e.g. `store`. */
  noun: string
  entity: E
  input: I
  /** The PUT body, when it differs from the create body. */
  updateInput?: U
  page: P
  listQuery: Q
  writeRole: Role
  example: string
  /** Extra query parameters of DELETE (e.g. `force`, `cascade`). */
  deleteQuery?: D
  /** L1: the list filters and sorts by the custom fields of this entity (`customFields.<externalId>`). */
  customFields?: CustomFieldHolder
  describe?: Partial<Record<'list' | 'create' | 'get' | 'update' | 'delete', string>>
}

/**
 * The five routes of a plain resource: list (550), create (100), get (500), update (200), delete (300).
 * Resources with extra behaviour add their own routes beside these.
 */
export function crudRoutes<
  E extends z.ZodTypeAny,
  I extends z.ZodTypeAny,
  P extends z.ZodTypeAny,
  Q extends z.ZodRawShape,
  U extends z.ZodTypeAny = I,
  // biome-ignore lint/complexity/noBannedTypes: the empty zod shape (no extra fields), as zod itself writes it
  D extends z.ZodRawShape = {},
>(o: CrudOptions<E, I, U, P, Q, D>) {
  const tags = [o.tag]
  const item = `${o.path}/{id}`
  const params = pathParams('id', o.example)
  const idQuery = z.object(IdTypeQuery)
  const d = o.describe ?? {}
  const notFound = errorResponse(`No such ${o.noun}.`)
  const listShape = { ...PagingQuery, ...SearchQuery, ...o.listQuery }
  const custom = o.customFields ? customFieldListQuery(listShape, o.customFields) : null
  return {
    list: operatorRoute({
      method: 'get',
      path: o.path,
      operationId: `ADM-${o.resource}-550`,
      tags,
      'x-dj-role': 'Reader',
      ...(custom ? { 'x-dj-custom-fields': custom['x-dj-custom-fields'] } : {}),
      summary: `List ${o.noun}s`,
      description: custom ? [d.list, custom.description].filter(Boolean).join(' ') : d.list,
      request: { headers: OperatorHeaders, query: custom ? custom.query : z.object(listShape) },
      responses: { 200: json(o.page, `A page of ${o.noun}s.`) },
    }),
    create: operatorRoute({
      method: 'post',
      path: o.path,
      operationId: `ADM-${o.resource}-100`,
      tags,
      'x-dj-role': o.writeRole,
      summary: `Create a ${o.noun}`,
      description: d.create,
      request: { headers: CreateHeaders, body: jsonBody(o.input) },
      responses: {
        201: json(o.entity, `The created ${o.noun}.`, true),
        409: errorResponse('A unique value is already taken.'),
        422: errorResponse(
          'A reference is unknown, a rule rejects the values, or the Idempotency-Key was used with another request.',
        ),
      },
    }),
    get: operatorRoute({
      method: 'get',
      path: item,
      operationId: `ADM-${o.resource}-500`,
      tags,
      'x-dj-role': 'Reader',
      summary: `Get a ${o.noun}`,
      description: d.get,
      request: { headers: OperatorHeaders, params, query: idQuery },
      responses: { 200: json(o.entity, `The ${o.noun}.`, true), 404: notFound },
    }),
    update: operatorRoute({
      method: 'put',
      path: item,
      operationId: `ADM-${o.resource}-200`,
      tags,
      'x-dj-role': o.writeRole,
      summary: `Update a ${o.noun}`,
      description: d.update,
      request: { headers: WriteHeaders, params, query: idQuery, body: jsonBody((o.updateInput ?? o.input) as U) },
      responses: {
        200: json(o.entity, `The updated ${o.noun}.`, true),
        404: notFound,
        409: errorResponse('A unique value is already taken.'),
        412: errorResponse('Stale If-Match.'),
        422: errorResponse('A reference is unknown or a rule rejects the values.'),
      },
    }),
    delete: operatorRoute({
      method: 'delete',
      path: item,
      operationId: `ADM-${o.resource}-300`,
      tags,
      'x-dj-role': o.writeRole,
      summary: `Delete a ${o.noun}`,
      description: d.delete,
      request: { headers: WriteHeaders, params, query: z.object({ ...IdTypeQuery, ...(o.deleteQuery ?? ({} as D)) }) },
      responses: {
        204: noContent('Deleted.'),
        404: notFound,
        409: errorResponse('Still in use.'),
        412: errorResponse('Stale If-Match.'),
      },
    }),
  }
}

export const StorefrontHeaders = z.object({
  'dj-client': z
    .enum(['OPERATOR', 'ACCOUNT'])
    .openapi({ description: '`ACCOUNT` on storefront routes. Required.', example: 'ACCOUNT' }),
  'customer-account-id': z.string().optional().openapi({
    description: 'For a user of several accounts: the account to act in (DJUST id). Default: their first account.',
    example: 'acc_0000000001',
  }),
  'dj-store': z.string().optional().openapi({ description: 'Store externalId; optional.', example: 'FR' }),
})

/**
 * One storefront route (`dj-client: ACCOUNT`, `Authorization: Bearer` from `POST /auth/token`).
 * `x-dj-group`: the customer-user group needed (`FOC_Admin`), or `any` signed-in user.
 */
export function storefrontRoute<R extends RouteConfig & { 'x-dj-group': 'FOC_Admin' | 'any' }>(route: R) {
  return createRoute({
    security: [{ customerToken: [] }],
    ...route,
    responses: {
      ...standardErrors,
      401: {
        description: 'Missing, unknown or expired token, or the user can no longer log in.',
        content: problemContent,
      },
      403: {
        description: "Wrong `dj-client`, an account not ACTIVE or not the user's, or not `FOC_Admin`.",
        content: problemContent,
      },
      ...route.responses,
    },
  } as R) as unknown as R & { responses: R['responses'] & typeof standardErrors }
}
