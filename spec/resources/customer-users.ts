import { z } from '@hono/zod-openapi'
import {
  Civility,
  Email,
  ExternalId,
  Id,
  MultiValue,
  Name,
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
import { CUSTOMER_USER_GROUPS, PASSWORD_MAX, PHONE_PATTERN, passwordProblem } from '../rules/customer-user.js'
import { CustomFields } from './accounts.js'

// U1–U11 — customer users (storefront buyers).
export const CustomerUserGroup = z.enum(CUSTOMER_USER_GROUPS).openapi('CustomerUserGroup')
export const CustomerUserStatus = z.enum(['ACTIVE', 'INACTIVE']).openapi('CustomerUserStatus')
export const Phone = z.string().regex(PHONE_PATTERN, 'must be a phone number').openapi({ example: '+33 6 12 34 56 78' })
/** U5, checked with the same function the CSV import uses. */
export const Password = z
  .string()
  .max(PASSWORD_MAX)
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .openapi({
    description: 'U5: 8–255 characters with a lower-case letter, an upper-case letter and a digit. Never returned.',
    example: 'Sunny-Day-42',
  })
/** U16: a user's groups in one of their accounts. */
export const CustomerUserMembership = z
  .object({ accountId: Id, groups: z.array(CustomerUserGroup) })
  .openapi('CustomerUserMembership', { example: { accountId: 'acc_0000000001', groups: ['FOC_Admin'] } })
export const CustomerUserMembershipInput = z
  .strictObject({
    accountId: Id.openapi({ description: 'One of `accountIds`.' }),
    groups: z.array(CustomerUserGroup).min(1).max(3).openapi({ description: 'At least one.' }),
  })
  .openapi('CustomerUserMembershipInput', { example: { accountId: 'acc_0000000002', groups: ['FOC_User'] } })
const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')

export const CustomerUser = z
  .object({
    id: Id,
    externalId: ExternalId,
    civility: Civility,
    firstName: z.string(),
    lastName: z.string(),
    email: Email,
    phone: z.string(),
    groups: z.array(CustomerUserGroup).openapi({
      description:
        'U16: every group the user has in at least one of their accounts (on the storefront: the groups in the current account). `memberships` says which account gives which.',
    }),
    accountIds: z.array(Id),
    memberships: z.array(CustomerUserMembership).openapi({
      description:
        'U16: the groups in each account, in the order of `accountIds` (on the storefront: the current account only).',
    }),
    organisationIds: z.array(Id),
    mainOrganisationId: Id.nullable(),
    storeIds: z.array(z.string()),
    status: CustomerUserStatus,
    onHold: z.boolean(),
    preferredCurrency: z.string().nullable(),
    preferredSite: z.string().nullable(),
    customerNumber: z.string().openapi({ description: 'Generated, unique.', example: 'C000123' }),
    lastLoginAt: Timestamp.nullable(),
    customFields: CustomFields,
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('CustomerUser')

const fields = {
  externalId: ExternalId.optional().openapi({
    description:
      "U14: omitted on create → generated (the new user's id, or that id with a suffix when it is taken); omitted on update → kept. CSV rows still need it (I3).",
  }),
  civility: Civility,
  firstName: Name(),
  lastName: Name(),
  email: Email,
  phone: Phone,
  groups: z
    .array(CustomerUserGroup)
    .min(1)
    .max(3)
    .openapi({
      description:
        'At least one. U16: on create, the groups in every account of `accountIds`. On update, a list that differs from the ' +
        "user's current `groups` sets the groups of every account in `accountIds`; the same list keeps each account's groups, " +
        'and an account new to the user gets `FOC_User`. `memberships` wins for the accounts it names.',
    }),
  accountIds: z.array(Id).min(1).max(100).openapi({ description: 'U3: at least one account (DJUST ids).' }),
  memberships: z
    .array(CustomerUserMembershipInput)
    .max(100)
    .optional()
    .openapi({ description: 'U16: the groups in some of `accountIds`, each named once; the others follow `groups`.' }),
  organisationIds: z
    .array(Id)
    .max(1000)
    .optional()
    .openapi({ description: "U3: organisations of the user's accounts. Default none." }),
  mainOrganisationId: Id.nullable()
    .optional()
    .openapi({ description: 'U4: one of organisationIds; required when there are several; defaults to the only one.' }),
  storeIds: z.array(z.string().max(255)).max(1000).optional().openapi({
    description:
      'U10: store externalIds; required on a multi-store tenant, defaults to the store on a single-store tenant.',
  }),
  status: CustomerUserStatus.optional().openapi({ description: 'Default from settings (`customerActiveOnCreation`).' }),
  onHold: z.boolean().optional().openapi({ description: 'Default from settings (`customerOnHoldOnCreation`).' }),
  password: Password.optional().openapi({
    description: 'U6: omitted on create → generated and sent; omitted on update → kept.',
  }),
  preferredCurrency: Currency.nullable().optional().openapi({
    description: "U13: omitted on create, or `null`, → the tenant's `defaultCurrency` (settings).",
  }),
  preferredSite: z.string().max(255).nullable().optional(),
  customFields: CustomFields.optional(),
}
export const CustomerUserInput = z.strictObject(fields).openapi('CustomerUserInput', {
  example: {
    externalId: 'CU-1001',
    civility: 'MR',
    firstName: 'John',
    lastName: 'Smith',
    email: 'john.smith@acme.example',
    phone: '+33 6 12 34 56 78',
    groups: ['FOC_User'],
    accountIds: ['acc_0000000001'],
  },
})
export const CustomerUserPatch = z
  .strictObject(fields)
  .partial()
  .openapi('CustomerUserPatch', { description: 'Only the fields given change.', example: { status: 'INACTIVE' } })
export const BulkIds = z
  .strictObject({ ids: z.array(Id).min(1).max(1000) })
  .openapi('CustomerUserIds', { example: { ids: ['cu_0000000001', 'cu_0000000002'] } })

const crud = crudRoutes({
  path: '/v1/customer-users',
  resource: 'CUSTOMER-USER',
  tag: 'Customer users',
  noun: 'customer user',
  example: 'cu_0000000001',
  entity: CustomerUser,
  input: CustomerUserInput,
  page: Page(CustomerUser, 'CustomerUserPage'),
  writeRole: 'User',
  listQuery: {
    ids: MultiValue('DJUST ids; OR-ed.', 'cu_0000000001'),
    externalIds: MultiValue('External ids; OR-ed.', 'CU-1001'),
    accountIds: MultiValue('Account ids; OR-ed.', 'acc_0000000001'),
    organisationIds: MultiValue('Organisation ids; OR-ed.', 'org_0000000001'),
    status: MultiValue('ACTIVE / INACTIVE; OR-ed.', 'ACTIVE'),
    groups: MultiValue('Groups; OR-ed.', 'FOC_Admin'),
    storeIds: MultiValue('Store externalIds; OR-ed.', 'FR'),
    preferredSite: MultiValue('L1: preferred sites; OR-ed.', 'FR'),
  },
  customFields: 'CUSTOMER_USER',
  describe: {
    list: 'Search matches email, firstName, lastName, externalId and customerNumber, ignoring case and accents; filters as the operator list (OP5). Sortable: id, externalId, email, firstName, lastName, status, customerNumber, createdAt, updatedAt, lastLoginAt, preferredSite, and (L1) company: the name of the first account in `accountIds`.',
    create:
      'U1–U6, U9, U10. Without a password one is generated and sent (N1). Status and onHold default from the settings.',
    update:
      'U1–U10. Full replacement of the required fields; optional fields omitted keep their value; no password → kept.',
    delete: "U8: permanent, with the user's tokens and memberships.",
  },
})

const tags = ['Customer users']
const bulk = (verb: 'activate' | 'deactivate', code: string) =>
  operatorRoute({
    method: 'post',
    path: `/v1/customer-users/${verb}`,
    operationId: `ADM-CUSTOMER-USER-${code}`,
    tags,
    'x-dj-role': 'User',
    summary: `${verb === 'activate' ? 'Activate' : 'Deactivate'} several users`,
    description: 'U7: all or nothing — if any id is unknown, nobody changes and every unknown id is listed.',
    request: { headers: WriteHeaders, body: jsonBody(BulkIds) },
    responses: {
      200: json(z.object({ updated: z.number().int() }).openapi(`BulkResult${code}`), 'How many users changed.'),
      422: errorResponse('Unknown ids, all listed.'),
    },
  })

/** U15: which store's storefront the assisted session opens on. */
export const AssistedSessionInput = z
  .strictObject({
    storeId: ExternalId.optional().openapi({
      description:
        "U15: the store (externalId) whose storefront opens: one of the user's stores (U10) with a `storefrontUrl`. May be omitted when exactly one of the user's stores has one.",
      example: 'FR',
    }),
  })
  .openapi('AssistedSessionInput', { example: { storeId: 'FR' } })

export const AssistedSession = z
  .object({
    url: z.string().openapi({
      description:
        "U15: the store's `storefrontUrl` with a one-time code in `dj-assist-code`. Open it in a new tab: the storefront exchanges the code (`POST /auth/assisted-session`) for a session token. The URL never holds a token.",
      example: 'https://shop.example.com/fr/?dj-assist-code=Vb3m…',
    }),
    expiresIn: z
      .number()
      .int()
      .openapi({ description: 'Seconds the code may still be exchanged (once).', example: 60 }),
    customerUserId: Id,
    storeId: ExternalId.openapi({ description: 'The store (externalId) whose storefront the URL opens.' }),
  })
  .openapi('AssistedSession')

export const customerUserRoutes = {
  ...crud,
  patch: operatorRoute({
    method: 'patch',
    path: '/v1/customer-users/{id}',
    operationId: 'ADM-CUSTOMER-USER-210',
    tags,
    'x-dj-role': 'User',
    summary: 'Change some fields of a customer user',
    description: 'Only the given fields change; every rule of create still holds.',
    request: { headers: WriteHeaders, params: pathParams('id', 'cu_0000000001'), body: jsonBody(CustomerUserPatch) },
    responses: {
      200: json(CustomerUser, 'The customer user.', true),
      404: errorResponse('No such customer user.'),
      409: errorResponse('Email or externalId taken.'),
      412: errorResponse('Stale If-Match.'),
      422: errorResponse('A reference or rule refuses the values.'),
    },
  }),
  activate: bulk('activate', '220'),
  deactivate: bulk('deactivate', '221'),
  assistedSession: operatorRoute({
    method: 'post',
    path: '/v1/customer-users/{id}/assisted-session',
    operationId: 'ADM-CUSTOMER-USER-230',
    tags,
    'x-dj-role': 'User',
    'x-dj-secret': true,
    summary: 'Act on behalf of a customer user (assisted buying)',
    description:
      "U11, U15: needs the User level and the operator's `support` permission. Answers the chosen store's storefront URL with a one-time code " +
      '(60 seconds, single use), never a token; the storefront exchanges the code at `POST /auth/assisted-session`. The store must be one of the ' +
      "user's stores (U10) and have a `storefrontUrl`. Written to the audit log. R5: an `Idempotency-Key` replay does not show the code again " +
      '(409 `SECRET_NOT_REPLAYED`).',
    request: {
      headers: WriteHeaders,
      params: pathParams('id', 'cu_0000000001'),
      body: { ...jsonBody(AssistedSessionInput), required: false },
    },
    responses: {
      201: json(AssistedSession, 'The storefront URL with its one-time code.'),
      403: errorResponse(
        'The level is too low (Reader), or the operator lacks the `support` permission (`FORBIDDEN`), or is INACTIVE.',
      ),
      404: errorResponse('No such customer user.'),
      409: errorResponse('This Idempotency-Key already opened a session, whose code is not shown again.'),
      422: errorResponse(
        "The user cannot log in (inactive, on hold, or no active account: field `id`), or the store is unknown, not one of the user's, or has no storefront URL (field `storeId`).",
      ),
    },
  }),
}
