import { createRoute, z } from '@hono/zod-openapi'
import {
  Email,
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
import { ShopBuyingPolicy } from './buying-policies.js'
import { CustomerUser } from './customer-users.js'
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

const tags = ['Storefront']
const orgParams = pathParams('id', 'org_0000000001')
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
    description: `Search, sort and paging as \`GET /v1/customer-users\`. ${shopUserQuery.description}`,
    request: { headers: StorefrontHeaders, query: shopUserQuery.query },
    responses: { 200: json(Page(CustomerUser, 'ShopCustomerUserPage'), 'A page of users.') },
  }),
}
