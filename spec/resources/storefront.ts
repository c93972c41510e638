import { createRoute, z } from '@hono/zod-openapi'
import {
  Email,
  Id,
  Page,
  PagingQuery,
  SearchQuery,
  StorefrontHeaders,
  WriteHeaders,
  customFieldListQuery,
  errorResponse,
  json,
  jsonBody,
  noContent,
  pathParams,
  storefrontRoute,
} from '../common.js'
import { Address, AddressInput } from './accounts.js'
import { ShopBuyingPolicy } from './buying-policies.js'
import { CustomerUser, CustomerUserGroup, CustomerUserStatus } from './customer-users.js'
import {
  Organisation,
  OrganisationInput,
  OrganisationMove,
  OrganisationNode,
  OrganisationUpdate,
} from './organisations.js'

// §2b storefront: U9, U12 (login), U11/U15 (assisted sessions), O5 (organisation visibility), B2 (buying policies).
export const TokenRequest = z
  .strictObject({ email: Email, password: z.string().min(1).max(255) })
  .openapi('TokenRequest', { example: { email: 'john.smith@acme.example', password: 'Sunny-Day-42' } })
export const TokenResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds.', example: 900 }),
  })
  .openapi('TokenResponse')
/** U15: the one-time code of an assisted-buying URL (`dj-assist-code`), as the storefront read it. */
export const AssistedSessionCode = z
  .strictObject({
    code: z
      .string()
      .min(1)
      .max(255)
      .openapi({ description: 'The `dj-assist-code` of the URL the storefront was opened with.', example: 'Vb3m…' }),
  })
  .openapi('AssistedSessionCode')
export const AssistedTokenResponse = TokenResponse.extend({
  assistedBy: z.string().openapi({ description: 'The id of the operator who acts for the user (U11).' }),
  customerUserId: z.string().openapi({ description: 'The customer user the session is for.' }),
  storeId: z.string().openapi({ description: 'The store (externalId) the session was opened for.', example: 'FR' }),
}).openapi('AssistedTokenResponse')
export const AuthenticatedUser = CustomerUser.extend({
  currentAccountId: z
    .string()
    .openapi({ description: 'The account this request acts in (`customer-account-id`, or the first).' }),
  assistedBy: z.string().nullable().openapi({ description: 'The operator id, in an assisted-buying session (U11).' }),
}).openapi('AuthenticatedUser')
export const ShopOrganisationInput = OrganisationInput.omit({ accountId: true }).openapi('ShopOrganisationInput', {
  description: 'Created in the current account.',
  example: { externalId: 'ACME-SPACE-FR', name: 'ACME Space France', parentId: 'org_0000000007' },
})

/** SS4: what a company admin changes about a user of their account; only the fields given change. */
export const ShopCustomerUserChange = z
  .strictObject({
    status: CustomerUserStatus.optional().openapi({
      description:
        'U7: deactivate or reactivate. Only for a user of this account alone; a user of several accounts is removed from this one instead.',
    }),
    groups: z.array(CustomerUserGroup).min(1).max(3).optional().openapi({
      description: "U16: the user's groups in the current account only; never a group higher than yours.",
    }),
    organisationIds: z.array(Id).max(1000).optional().openapi({
      description: "The user's organisations in the current account (those of other accounts are kept).",
    }),
    mainOrganisationId: Id.nullable()
      .optional()
      .openapi({ description: 'U4: one of the organisations of the current account the user belongs to.' }),
  })
  .openapi('ShopCustomerUserChange', { example: { groups: ['FOC_Admin'] } })

const tags = ['Storefront']
const orgParams = pathParams('id', 'org_0000000001')
const userParams = pathParams('id', 'cu_0000000001')
const addressParams = pathParams('addressId', 'adr_0000000001')
const hiddenUser = errorResponse('No such user in the current account.')
const lastAdmin = errorResponse(
  'SS4: the last ACTIVE FOC_Admin of the account would be deactivated, lose FOC_Admin or leave it (`LAST_FOC_ADMIN`).',
)
/** SS5: a value taken by another customer is refused without saying whose it is. */
const takenHidden = errorResponse('The externalId cannot be used (`ALREADY_EXISTS`); the answer never says by whom.')
const hidden = errorResponse('No such organisation in what you can see.')
const writeHeaders = StorefrontHeaders.extend({ 'if-match': WriteHeaders.shape['if-match'] })

/** L1: the storefront user list filters by custom fields too (`customFields.<externalId>`). */
const shopUserQuery = customFieldListQuery({ ...PagingQuery, ...SearchQuery }, 'CUSTOMER_USER')

export const storefrontRoutes = {
  token: createRoute({
    method: 'post',
    path: '/auth/token',
    operationId: 'STORE-TOKEN-100',
    tags,
    security: [],
    summary: 'Log in a customer user',
    description:
      'U9, U12. Needs `dj-client: ACCOUNT`; the user must be ACTIVE, not on hold, with an ACTIVE account. Sets `lastLoginAt`. ' +
      'R7: after `loginMaxFailures` failures in a row for an email (known or not), or `loginMaxFailuresPerAddress` from ' +
      'one client address, logins are refused for a while (429 with `Retry-After`), the right password included.',
    request: { headers: StorefrontHeaders.pick({ 'dj-client': true }), body: jsonBody(TokenRequest) },
    responses: {
      200: json(TokenResponse, 'A short-lived bearer token.'),
      400: errorResponse('Malformed request.'),
      401: errorResponse('Unknown email or wrong password (the same answer for both).'),
      403: errorResponse(
        'Wrong dj-client, or the user may not log in: INACTIVE, on hold, or no ACTIVE account (`LOGIN_NOT_ALLOWED`).',
      ),
      429: {
        ...errorResponse(
          'R7: too many failed logins for this email or from this address (`TOO_MANY_REQUESTS`); the same answer whether the email is known or not.',
        ),
        headers: {
          'Retry-After': {
            description: 'Seconds to wait before the next attempt.',
            schema: { type: 'integer' as const, example: 60 },
          },
        },
      },
    },
  }),
  assistedSession: createRoute({
    method: 'post',
    path: '/auth/assisted-session',
    operationId: 'STORE-ASSISTED-SESSION-100',
    tags,
    security: [],
    summary: 'Exchange an assisted-buying code for a session',
    description:
      'U11, U15: the storefront opened with `?dj-assist-code=…` (from `POST /v1/customer-users/{id}/assisted-session`) sends the code here, ' +
      'with `dj-client: ACCOUNT` and no other credential, and gets a storefront token acting for the customer user on behalf of the operator ' +
      '(`assistedBy`). A code works once, within 60 seconds of being made: an unknown, used or expired code gets the same 401. The user must ' +
      'still be able to log in (U9), and the operator still ACTIVE, User or Admin, with the `support` permission.',
    request: { headers: StorefrontHeaders.pick({ 'dj-client': true }), body: jsonBody(AssistedSessionCode) },
    responses: {
      200: json(AssistedTokenResponse, 'A short-lived bearer token of an assisted session.'),
      400: errorResponse('Malformed request.'),
      401: errorResponse(
        'Unknown, already used or expired code (the same answer for each), or an operator who may no longer assist.',
      ),
      403: errorResponse('Wrong dj-client, or the user may not log in now (`LOGIN_NOT_ALLOWED`).'),
    },
  }),
  me: storefrontRoute({
    method: 'get',
    path: '/v1/authenticated-user',
    operationId: 'STORE-AUTHENTICATED-USER-500',
    tags,
    'x-dj-group': 'any',
    summary: 'The signed-in customer user',
    description:
      'U9, U11, U16: `groups` are your groups in the current account (`currentAccountId`); `memberships` lists your groups in each of your accounts.',
    request: { headers: StorefrontHeaders },
    responses: { 200: json(AuthenticatedUser, 'The user, and the account this request acts in.') },
  }),
  organisations: storefrontRoute({
    method: 'get',
    path: '/v1/shop/organisations',
    operationId: 'STORE-ORGANISATION-550',
    tags,
    'x-dj-group': 'any',
    summary: 'The organisations you can see',
    description:
      'O5: your organisations in the current account and everything under them — never a sibling branch. An `FOC_Admin` sees the whole account tree.',
    request: { headers: StorefrontHeaders },
    responses: { 200: json(z.array(OrganisationNode), 'The visible trees.') },
  }),
  createOrganisation: storefrontRoute({
    method: 'post',
    path: '/v1/shop/organisations',
    operationId: 'STORE-ORGANISATION-100',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Create an organisation (FOC_Admin)',
    description: 'O1, O2, O5: in the current account, same rules as the back office.',
    request: { headers: StorefrontHeaders, body: jsonBody(ShopOrganisationInput) },
    responses: {
      201: json(Organisation, 'The organisation.', true),
      404: hidden,
      409: errorResponse('Name or externalId taken.'),
      422: errorResponse('Too deep.'),
    },
  }),
  updateOrganisation: storefrontRoute({
    method: 'put',
    path: '/v1/shop/organisations/{id}',
    operationId: 'STORE-ORGANISATION-200',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Rename an organisation (FOC_Admin)',
    request: { headers: writeHeaders, params: orgParams, body: jsonBody(OrganisationUpdate) },
    responses: {
      200: json(Organisation, 'The organisation.', true),
      404: hidden,
      409: errorResponse('Name or externalId taken.'),
      412: errorResponse('Stale If-Match.'),
    },
  }),
  deleteOrganisation: storefrontRoute({
    method: 'delete',
    path: '/v1/shop/organisations/{id}',
    operationId: 'STORE-ORGANISATION-300',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Delete an organisation (FOC_Admin)',
    description: 'O4.',
    request: {
      headers: writeHeaders,
      params: orgParams,
      query: z.object({ cascade: z.enum(['true', 'false']).optional() }),
    },
    responses: {
      204: noContent('Deleted.'),
      404: hidden,
      409: errorResponse('Has children or members.'),
      412: errorResponse('Stale If-Match.'),
    },
  }),
  moveOrganisation: storefrontRoute({
    method: 'post',
    path: '/v1/shop/organisations/{id}/move',
    operationId: 'STORE-ORGANISATION-201',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Move an organisation (FOC_Admin)',
    description: 'O3 within the current account.',
    request: { headers: writeHeaders, params: orgParams, body: jsonBody(OrganisationMove) },
    responses: {
      200: json(Organisation, 'The organisation.', true),
      404: hidden,
      409: errorResponse('Name taken under the new parent.'),
      412: errorResponse('Stale If-Match.'),
      422: errorResponse('A cycle, or too deep.'),
    },
  }),
  buyingPolicies: storefrontRoute({
    method: 'get',
    path: '/v1/shop/buying-policies',
    operationId: 'STORE-BUYING-POLICY-550',
    tags,
    'x-dj-group': 'any',
    summary: 'The buying policies that apply to you',
    description:
      'B2: the policies of the current account (`customer-account-id`) that review your purchases (`appliesAs: REVIEWED`, with their ' +
      '`message` to show and who approves) or that you approve (`appliesAs: APPROVER`, with whose purchases you review). Never a policy of ' +
      'another account, nor one you are not on. Search matches name and description. Sortable: id, name, createdAt, updatedAt.',
    request: { headers: StorefrontHeaders, query: z.object({ ...PagingQuery, ...SearchQuery }) },
    responses: { 200: json(Page(ShopBuyingPolicy, 'ShopBuyingPolicyPage'), 'A page of policies.') },
  }),
  customerUsers: storefrontRoute({
    method: 'get',
    path: '/v1/shop/customer-users',
    operationId: 'STORE-CUSTOMER-USER-550',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Users of the current account (FOC_Admin)',
    'x-dj-custom-fields': shopUserQuery['x-dj-custom-fields'],
    description:
      'O5, U16: each user is shown with the current account only — its groups there (`groups`, `memberships`) and its ' +
      `organisations in it. Search, sort and paging as \`GET /v1/customer-users\`. ${shopUserQuery.description}`,
    request: { headers: StorefrontHeaders, query: shopUserQuery.query },
    responses: { 200: json(Page(CustomerUser, 'ShopCustomerUserPage'), 'A page of users.') },
  }),
  customerUser: storefrontRoute({
    method: 'get',
    path: '/v1/shop/customer-users/{id}',
    operationId: 'STORE-CUSTOMER-USER-500',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'A user of the current account (FOC_Admin)',
    description: 'SS4: shown as in the list — with the current account, its groups and its organisations only.',
    request: { headers: StorefrontHeaders, params: userParams },
    responses: { 200: json(CustomerUser, 'The user.', true), 404: hiddenUser },
  }),
  updateCustomerUser: storefrontRoute({
    method: 'patch',
    path: '/v1/shop/customer-users/{id}',
    operationId: 'STORE-CUSTOMER-USER-210',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Change a user of the current account (FOC_Admin)',
    description:
      'SS4: deactivate or reactivate (`status`), change the groups in the current account (U16; never above your own) and the ' +
      "organisations of the current account (O5). Only the fields given change. The account's last ACTIVE FOC_Admin keeps " +
      'FOC_Admin and stays ACTIVE. Audited as you (`customer-user:<id>`, or the assisting operator as you).',
    request: { headers: writeHeaders, params: userParams, body: jsonBody(ShopCustomerUserChange) },
    responses: {
      200: json(CustomerUser, 'The user, as the list shows them.', true),
      404: hiddenUser,
      409: lastAdmin,
      412: errorResponse('Stale If-Match.'),
      422: errorResponse(
        'An organisation not of the current account (`UNKNOWN_REFERENCE`, as if it did not exist), U4, or `status` of a user of several accounts.',
      ),
    },
  }),
  removeCustomerUser: storefrontRoute({
    method: 'delete',
    path: '/v1/shop/customer-users/{id}',
    operationId: 'STORE-CUSTOMER-USER-300',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Remove a user from the current account (FOC_Admin)',
    description:
      'SS4: the user leaves the current account, with its organisations and buying policies (B1); a user of this account ' +
      'alone is deleted (U8). Never the last ACTIVE FOC_Admin.',
    request: { headers: writeHeaders, params: userParams },
    responses: {
      204: noContent('Removed.'),
      404: hiddenUser,
      409: lastAdmin,
      412: errorResponse('Stale If-Match.'),
    },
  }),
  addresses: storefrontRoute({
    method: 'get',
    path: '/v1/shop/addresses',
    operationId: 'STORE-ADDRESS-550',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: "The current account's addresses (FOC_Admin)",
    description: "SS4, A4. The `ETag` is the account's: send it back as `If-Match` to change an address.",
    request: { headers: StorefrontHeaders },
    responses: { 200: json(z.array(Address), 'The addresses.', true) },
  }),
  createAddress: storefrontRoute({
    method: 'post',
    path: '/v1/shop/addresses',
    operationId: 'STORE-ADDRESS-100',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Add an address to the current account (FOC_Admin)',
    description: 'SS4 under A4: one default per kind, the newest wins.',
    request: { headers: StorefrontHeaders, body: jsonBody(AddressInput) },
    responses: { 201: json(Address, 'The address.', true), 409: takenHidden },
  }),
  updateAddress: storefrontRoute({
    method: 'put',
    path: '/v1/shop/addresses/{addressId}',
    operationId: 'STORE-ADDRESS-200',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Replace an address of the current account (FOC_Admin)',
    description: "SS4, A4. `If-Match` takes the account's ETag.",
    request: { headers: writeHeaders, params: addressParams, body: jsonBody(AddressInput) },
    responses: {
      200: json(Address, 'The address.', true),
      404: errorResponse('No such address in the current account.'),
      409: takenHidden,
      412: errorResponse('Stale If-Match.'),
    },
  }),
  deleteAddress: storefrontRoute({
    method: 'delete',
    path: '/v1/shop/addresses/{addressId}',
    operationId: 'STORE-ADDRESS-300',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Delete an address of the current account (FOC_Admin)',
    request: { headers: writeHeaders, params: addressParams },
    responses: {
      204: noContent('Deleted.'),
      404: errorResponse('No such address in the current account.'),
      412: errorResponse('Stale If-Match.'),
    },
  }),
}
