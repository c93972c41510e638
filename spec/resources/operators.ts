import { z } from '@hono/zod-openapi'
import {
  Civility,
  CreateHeaders,
  Email,
  ExternalId,
  Id,
  MultiValue,
  Name,
  OperatorHeaders,
  Page,
  Timestamp,
  Version,
  WriteHeaders,
  crudRoutes,
  errorResponse,
  json,
  jsonBody,
  noContent,
  operatorRoute,
  pathParams,
} from '../common.js'

// OP1–OP6 — back-office operators.
export const OperatorGroup = z.enum(['Admin', 'User', 'Reader']).openapi('OperatorGroup')
export const OperatorStatus = z.enum(['ACTIVE', 'INACTIVE']).openapi('OperatorStatus')
const Locale = z
  .string()
  .max(35)
  .refine((v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1
    } catch {
      return false
    }
  }, 'must be a BCP 47 locale such as fr-FR')
  .openapi({ example: 'fr-FR' })
const StoreIds = z
  .array(z.string().max(255))
  .max(1000)
  .openapi({ description: 'Store externalIds (OP3).', example: ['FR', 'BE'] })

export const Operator = z
  .object({
    id: Id,
    externalId: ExternalId,
    email: Email,
    civility: z.union([Civility, z.null()]),
    firstName: z.string(),
    lastName: z.string(),
    fullName: z.string().openapi({ description: 'Derived: first name and last name.' }),
    locale: z.string(),
    status: OperatorStatus,
    groups: z.array(OperatorGroup),
    storeIds: z.array(z.string()),
    support: z.boolean().openapi({
      description:
        'U15: the support permission — may open assisted-buying sessions (with the User level or higher, OP2). Default `false`.',
    }),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Operator')

const inputFields = {
  externalId: ExternalId,
  email: Email,
  civility: z.union([Civility, z.null()]).optional(),
  firstName: Name(),
  lastName: Name(),
  locale: Locale.optional().openapi({ description: 'Default `en`.' }),
  status: OperatorStatus.optional().openapi({ description: 'Default `ACTIVE`.' }),
  groups: z.array(OperatorGroup).min(1).max(3).openapi({ description: 'Permission levels (OP2); at least one.' }),
  storeIds: StoreIds.optional().openapi({
    description: 'OP3: on create, omitted → none; on update, omitted → unchanged, `[]` → none, a list → replaces.',
  }),
  support: z.boolean().optional().openapi({
    description:
      "U15: the support permission, apart from the levels of `groups`: opening an assisted-buying session needs it and the User level. On create, omitted → `false`; on update, omitted → unchanged. Taking it away ends the operator's assisted sessions.",
  }),
}
export const OperatorInput = z.strictObject(inputFields).openapi('OperatorInput', {
  example: {
    externalId: 'OP-42',
    email: 'claire.martin@example.com',
    civility: 'MRS',
    firstName: 'Claire',
    lastName: 'Martin',
    locale: 'fr-FR',
    groups: ['User'],
    storeIds: ['FR'],
  },
})

const crud = crudRoutes({
  path: '/v1/operator-users',
  resource: 'OPERATOR-USER',
  tag: 'Operators',
  noun: 'operator',
  example: 'op_0000000001',
  entity: Operator,
  input: OperatorInput,
  page: Page(Operator, 'OperatorPage'),
  writeRole: 'Admin',
  listQuery: {
    ids: MultiValue('DJUST ids; repeated or comma list, OR-ed.', 'op_0000000001'),
    externalIds: MultiValue('External ids; repeated or comma list, OR-ed.', 'OP-42'),
    status: MultiValue('ACTIVE / INACTIVE; OR-ed.', 'ACTIVE'),
    groups: MultiValue('Admin / User / Reader; OR-ed.', 'Admin'),
    storeIds: MultiValue('Store externalIds; OR-ed.', 'FR,BE'),
  },
  describe: {
    list: 'OP5. `search` matches a substring of email, firstName or lastName, ignoring case and accents. Filters take repeated params or comma lists; values of one filter are OR-ed, filters are AND-ed; unknown params are ignored (400 under `--strict`). Sortable: id, externalId, email, civility, firstName, lastName, fullName, locale, status, createdAt, updatedAt.',
    create: 'OP1, Admin only. A new operator has no stores unless `storeIds` is given (OP3).',
    update:
      'OP1, Admin only. Optional fields omitted keep their value; `storeIds` follows OP3. The last active Admin cannot be demoted or deactivated.',
    delete: 'OP1, Admin only. The last active Admin cannot be deleted. Their API keys go with them.',
  },
})

export const ApiKey = z
  .object({
    id: Id,
    name: z.string().nullable(),
    prefix: z.string().openapi({ description: 'First characters of the key, to recognise it.' }),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
  })
  .openapi('ApiKey')
export const CreatedApiKey = ApiKey.extend({
  key: z.string().openapi({ description: 'The secret. Shown once, stored hashed.', example: 'djk_8Qe…' }),
}).openapi('CreatedApiKey')
export const ApiKeyInput = z
  .strictObject({ name: z.string().trim().max(255).optional() })
  .openapi('ApiKeyInput', { example: { name: 'ERP sync' } })

/** OP7: who is calling, for an interface to show only what they may do and the stores they work on. */
export const CurrentOperator = Operator.extend({
  level: OperatorGroup.openapi({ description: 'OP2: the highest of `groups`, the level every route is checked at.' }),
  stores: z
    .array(z.object({ externalId: ExternalId, name: z.string() }).openapi('AssignedStore'))
    .openapi({ description: 'OP3: the stores assigned to the operator, in `storeIds` order, with their names.' }),
}).openapi('CurrentOperator')

const tags = ['Operators']
const opParams = pathParams('id', 'op_0000000001')
export const operatorRoutes = {
  // Before `…/{id}` so that `me` is never read as an id.
  me: operatorRoute({
    method: 'get',
    path: '/v1/operator-users/me',
    operationId: 'ADM-OPERATOR-USER-ME-500',
    tags,
    'x-dj-role': 'Reader',
    summary: 'The calling operator',
    description:
      'OP7: the operator whose `dj-api-key` this is, with their `level` and assigned `stores`, so that a back office shows only the stores they work on and hides what their level may not do. The API itself stays unrestricted by store (OP4).',
    request: { headers: OperatorHeaders },
    responses: { 200: json(CurrentOperator, 'The calling operator.', true) },
  }),
  ...crud,
  listApiKeys: operatorRoute({
    method: 'get',
    path: '/v1/operator-users/{id}/api-keys',
    operationId: 'ADM-OPERATOR-USER-KEY-550',
    tags,
    'x-dj-role': 'Admin',
    summary: "List an operator's API keys",
    description: 'OP6. Never returns the secret.',
    request: { headers: CreateHeaders.omit({ 'idempotency-key': true }), params: opParams },
    responses: {
      200: json(z.array(ApiKey), 'The keys, without their secrets.'),
      404: errorResponse('No such operator.'),
    },
  }),
  createApiKey: operatorRoute({
    method: 'post',
    path: '/v1/operator-users/{id}/api-keys',
    operationId: 'ADM-OPERATOR-USER-KEY-100',
    tags,
    'x-dj-role': 'Admin',
    'x-dj-secret': true,
    summary: 'Create an API key',
    description:
      'OP6, Admin only. The key is in this response only; the server keeps its hash. R5: an `Idempotency-Key` replay does not show the key again (409 `SECRET_NOT_REPLAYED`, with the `Location` of the key made first).',
    request: { headers: CreateHeaders, params: opParams, body: { ...jsonBody(ApiKeyInput), required: false } },
    responses: {
      201: json(CreatedApiKey, 'The new key, shown once.'),
      404: errorResponse('No such operator.'),
      409: errorResponse('This Idempotency-Key already made a key, which is not shown again.'),
      422: errorResponse('Idempotency-Key used with another request.'),
    },
  }),
  revokeApiKey: operatorRoute({
    method: 'delete',
    path: '/v1/operator-users/{id}/api-keys/{keyId}',
    operationId: 'ADM-OPERATOR-USER-KEY-300',
    tags,
    'x-dj-role': 'Admin',
    summary: 'Revoke an API key',
    description: 'OP6, Admin only. The key stops working at once.',
    request: { headers: WriteHeaders, params: opParams.extend(pathParams('keyId', 'key_0000000001').shape) },
    responses: { 204: noContent('Revoked.'), 404: errorResponse('No such operator or key.') },
  }),
}
