import { z } from '@hono/zod-openapi'
import {
  ExternalId,
  Id,
  IdTypeQuery,
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
  operatorRoute,
  pathParams,
} from '../common.js'
import { CustomFields } from './accounts.js'

export const MAX_ORGANISATION_DEPTH = 10

// O1–O6 — organisations: a tree per account.
export const OrganisationStatus = z.enum(['ACTIVE', 'INACTIVE']).openapi('OrganisationStatus')
const fields = {
  id: Id,
  externalId: ExternalId,
  accountId: Id,
  parentId: Id.nullable(),
  name: z.string(),
  status: OrganisationStatus,
  customFields: CustomFields,
  version: Version,
  createdAt: Timestamp,
  updatedAt: Timestamp,
}
export const Organisation = z.object(fields).openapi('Organisation')
export type OrganisationNodeShape = z.infer<typeof Organisation> & { children: OrganisationNodeShape[] }
export const OrganisationNode: z.ZodType<OrganisationNodeShape> = z
  .object({
    ...fields,
    get children() {
      return z.array(OrganisationNode)
    },
  })
  .openapi('OrganisationNode', {
    description: 'An organisation with its sub-organisations, nested to any depth (≤ 10).',
  })

export const OrganisationInput = z
  .strictObject({
    externalId: ExternalId,
    name: Name(),
    accountId: Id.optional().openapi({
      description: "Required for a root organisation; with `parentId`, must be the parent's account.",
    }),
    parentId: Id.nullable()
      .optional()
      .openapi({ description: 'The parent organisation (same account); omitted or null → a root of the account.' }),
    status: OrganisationStatus.optional().openapi({ description: 'Default `ACTIVE`.' }),
    customFields: CustomFields.optional(),
  })
  .openapi('OrganisationInput', {
    example: { externalId: 'ACME-SPACE', name: 'ACME Space', accountId: 'acc_0000000001' },
  })
export const OrganisationUpdate = z
  .strictObject({
    externalId: ExternalId,
    name: Name(),
    status: OrganisationStatus.optional(),
    customFields: CustomFields.optional(),
  })
  .openapi('OrganisationUpdate', {
    description: 'Rename or change fields; moving is `POST …/move`.',
    example: { externalId: 'ACME-SPACE', name: 'ACME Space & Defence' },
  })
export const OrganisationMove = z
  .strictObject({
    parentId: Id.nullable().openapi({ description: 'New parent in the same account, or null for a root.' }),
  })
  .openapi('OrganisationMove', { example: { parentId: 'org_0000000007' } })

const crud = crudRoutes({
  path: '/v1/organisations',
  resource: 'ORGANISATION',
  tag: 'Organisations',
  noun: 'organisation',
  example: 'org_0000000001',
  entity: Organisation,
  input: OrganisationInput,
  updateInput: OrganisationUpdate,
  page: Page(Organisation, 'OrganisationPage'),
  writeRole: 'User',
  deleteQuery: {
    cascade: z.enum(['true', 'false']).optional().openapi({ description: 'O4: delete children and detach members.' }),
  },
  listQuery: {
    ids: MultiValue('DJUST ids; OR-ed.', 'org_0000000001'),
    externalIds: MultiValue('External ids; OR-ed.', 'ACME-SPACE'),
    accountIds: MultiValue('Account ids; OR-ed.', 'acc_0000000001'),
    parentIds: MultiValue('Parent ids; OR-ed.', 'org_0000000001'),
    status: MultiValue('Statuses; OR-ed.', 'ACTIVE'),
  },
  customFields: 'ORGANISATION',
  describe: {
    list: "A flat, paged list; search matches name and externalId. For an account's tree use `GET /v1/customer-accounts/{id}/organisations`.",
    create:
      'O1, O2: under an account (`accountId`) or a parent (`parentId`); names unique among siblings (case-insensitive), externalIds unique; depth ≤ 10.',
    update: 'O2, O6. Renames keep sibling names unique.',
    delete:
      'O4. A node with children or members → 409 `HAS_DEPENDENTS` unless `cascade=true`: children are deleted, members detached (a member whose main organisation goes has none).',
  },
})

const tags = ['Organisations']
export const organisationRoutes = {
  ...crud,
  move: operatorRoute({
    method: 'post',
    path: '/v1/organisations/{id}/move',
    operationId: 'ADM-ORGANISATION-201',
    tags,
    'x-dj-role': 'User',
    summary: 'Move an organisation',
    description: 'O3. Same account only; under itself or a descendant → 422; children move with it; depth stays ≤ 10.',
    request: {
      headers: WriteHeaders,
      params: pathParams('id', 'org_0000000001'),
      query: z.object(IdTypeQuery),
      body: jsonBody(OrganisationMove),
    },
    responses: {
      200: json(Organisation, 'The moved organisation.', true),
      404: errorResponse('No such organisation.'),
      409: errorResponse('A sibling already has that name.'),
      412: errorResponse('Stale If-Match.'),
      422: errorResponse('Another account, a cycle, or too deep.'),
    },
  }),
  tree: operatorRoute({
    method: 'get',
    path: '/v1/customer-accounts/{id}/organisations',
    operationId: 'ADM-ACCOUNT-ORGANISATION-550',
    tags,
    'x-dj-role': 'Reader',
    summary: "An account's organisation tree",
    description: 'Every organisation of the account, nested under `children`, siblings by name.',
    request: { headers: OperatorHeaders, params: pathParams('id', 'acc_0000000001'), query: z.object(IdTypeQuery) },
    responses: {
      200: json(z.array(OrganisationNode), 'The roots, each with its descendants.'),
      404: errorResponse('No such account.'),
    },
  }),
}
