import { createRoute, z } from '@hono/zod-openapi'
import {
  Civility,
  CreateHeaders,
  Email,
  Id,
  MultiValue,
  Name,
  OperatorHeaders,
  Page,
  PagingQuery,
  StorefrontHeaders,
  Timestamp,
  errorResponse,
  json,
  jsonBody,
  operatorRoute,
  pathParams,
  storefrontRoute,
} from '../common.js'
import { CustomerUserGroup, Password, Phone } from './customer-users.js'

// SS3 — invitations: a FOC_Admin (storefront) or an operator (back office) invites a colleague into an account.
export const InvitationStatus = z.enum(['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED']).openapi('InvitationStatus')

export const Invitation = z
  .object({
    id: Id,
    email: Email.openapi({ description: 'Who is invited; the login of the user made when it is accepted.' }),
    accountId: Id.openapi({ description: 'The account the invitee joins.' }),
    organisationIds: z.array(Id).openapi({ description: 'Organisations of that account the invitee joins (O5).' }),
    groups: z
      .array(CustomerUserGroup)
      .openapi({ description: "The invitee's groups: never higher than the inviter's." }),
    storeIds: z.array(z.string()).openapi({
      description: "U10: the invitee's stores (externalIds): the inviting FOC_Admin's, or those the operator gave.",
    }),
    status: InvitationStatus.openapi({
      description: '`EXPIRED`: still `PENDING` when `expiresAt` passed. Only a `PENDING` invitation can be accepted.',
    }),
    invitedBy: z.string().openapi({
      description: 'Who invited: `customer-user:<id>` or `operator:<id>`.',
      example: 'customer-user:cu_0000000004',
    }),
    customerUserId: Id.nullable().openapi({ description: 'The customer user made when it was accepted.' }),
    createdAt: Timestamp,
    expiresAt: Timestamp.openapi({ description: '7 days after it was sent (or last resent).' }),
  })
  .openapi('Invitation')

const inviteFields = {
  email: Email,
  groups: z.array(CustomerUserGroup).min(1).max(3).openapi({
    description: "At least one; none higher than the inviter's in this account (a FOC_Admin may grant FOC_Admin).",
  }),
  organisationIds: z
    .array(Id)
    .max(1000)
    .optional()
    .openapi({ description: 'Organisations of the account; at most one when there is no main one to choose (U4).' }),
}
export const ShopInvitationInput = z.strictObject(inviteFields).openapi('ShopInvitationInput', {
  description: "Into the current account, with the inviter's stores.",
  example: { email: 'jane.doe@acme.example', groups: ['FOC_User'], organisationIds: ['org_0000000007'] },
})
export const InvitationInput = z
  .strictObject({
    ...inviteFields,
    accountId: Id,
    storeIds: z.array(z.string().max(255)).max(1000).optional().openapi({
      description: 'U10: store externalIds; required on a multi-store tenant, the store on a single-store tenant.',
    }),
  })
  .openapi('InvitationInput', {
    example: { email: 'jane.doe@acme.example', accountId: 'acc_0000000001', groups: ['FOC_Admin'] },
  })

/** SS3: the invitee's answer to the message, with their own details and password. */
export const InvitationAcceptance = z
  .strictObject({
    token: z
      .string()
      .min(1)
      .max(255)
      .openapi({ description: 'The token of the `invitation` message.', example: 'Vb3m…' }),
    civility: Civility,
    firstName: Name(),
    lastName: Name(),
    phone: Phone,
    password: Password,
  })
  .openapi('InvitationAcceptance', {
    example: {
      token: 'Vb3m…',
      civility: 'MRS',
      firstName: 'Jane',
      lastName: 'Doe',
      phone: '+33 6 12 34 56 78',
      password: 'Sunny-Day-42',
    },
  })
export const AcceptedInvitation = z
  .object({
    customerUserId: Id,
    email: Email,
    accountId: Id,
  })
  .openapi('AcceptedInvitation', { description: 'The new customer user: log in with this email and the password.' })

const tags = ['Invitations']
const params = pathParams('id', 'inv_0000000001')
const statusFilter = MultiValue('Statuses; OR-ed.', 'PENDING')
const hidden = errorResponse('No such invitation in the current account.')
const refusedToken = errorResponse(
  'Unknown, used, revoked or expired token: the same answer for each (`UNAUTHENTICATED`).',
)

export const invitationRoutes = {
  create: operatorRoute({
    method: 'post',
    path: '/v1/invitations',
    operationId: 'ADM-INVITATION-100',
    tags,
    'x-dj-role': 'User',
    summary: 'Invite someone into an account',
    description:
      'SS3: queues an `invitation` message (N1) with a single-use token, valid 7 days. Organisations must be the ' +
      "account's; stores follow U10. An email already in the account, or already invited and pending there, is a 409.",
    request: { headers: CreateHeaders, body: jsonBody(InvitationInput) },
    responses: {
      201: json(Invitation, 'The invitation (never its token).'),
      409: errorResponse('The email is already a member of the account, or already has a pending invitation there.'),
      422: errorResponse('Unknown account, organisations or stores; an organisation of another account.'),
    },
  }),
  list: operatorRoute({
    method: 'get',
    path: '/v1/invitations',
    operationId: 'ADM-INVITATION-550',
    tags,
    'x-dj-role': 'Reader',
    summary: 'List invitations',
    description: 'SS3. Oldest first by default. Searches email. Sortable: id, email, status, createdAt, expiresAt.',
    request: {
      headers: OperatorHeaders,
      query: z.object({
        ...PagingQuery,
        search: z.string().max(255).optional().openapi({ description: 'Substring of the email.' }),
        accountIds: MultiValue('Account ids; OR-ed.', 'acc_0000000001'),
        status: statusFilter,
      }),
    },
    responses: { 200: json(Page(Invitation, 'InvitationPage'), 'A page of invitations.') },
  }),
  get: operatorRoute({
    method: 'get',
    path: '/v1/invitations/{id}',
    operationId: 'ADM-INVITATION-500',
    tags,
    'x-dj-role': 'Reader',
    summary: 'Read an invitation',
    request: { headers: OperatorHeaders, params },
    responses: { 200: json(Invitation, 'The invitation.'), 404: errorResponse('Unknown invitation.') },
  }),
  resend: operatorRoute({
    method: 'post',
    path: '/v1/invitations/{id}/resend',
    operationId: 'ADM-INVITATION-201',
    tags,
    'x-dj-role': 'User',
    summary: 'Send an invitation again',
    description:
      'SS3: a new token in a new message, valid 7 days from now; the previous token stops working. PENDING or EXPIRED only.',
    request: { headers: OperatorHeaders, params },
    responses: {
      200: json(Invitation, 'The invitation, with its new `expiresAt`.'),
      404: errorResponse('Unknown invitation.'),
      409: errorResponse('Accepted or revoked (`INVALID_STATE`).'),
    },
  }),
  revoke: operatorRoute({
    method: 'post',
    path: '/v1/invitations/{id}/revoke',
    operationId: 'ADM-INVITATION-202',
    tags,
    'x-dj-role': 'User',
    summary: 'Revoke an invitation',
    description: 'SS3: its token stops working. PENDING or EXPIRED only.',
    request: { headers: OperatorHeaders, params },
    responses: {
      200: json(Invitation, 'The invitation, REVOKED.'),
      404: errorResponse('Unknown invitation.'),
      409: errorResponse('Already accepted or revoked (`INVALID_STATE`).'),
    },
  }),
  shopCreate: storefrontRoute({
    method: 'post',
    path: '/v1/shop/invitations',
    operationId: 'STORE-INVITATION-100',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Invite a colleague into the current account (FOC_Admin)',
    description:
      'SS3, O5: into the current account and, optionally, its organisations, with groups no higher than yours; the ' +
      'invitee gets your stores. An unknown organisation and one of another account get the same 422.',
    request: { headers: StorefrontHeaders, body: jsonBody(ShopInvitationInput) },
    responses: {
      201: json(Invitation, 'The invitation (never its token).'),
      409: errorResponse('The email is already a user of this account, or already has a pending invitation here.'),
      422: errorResponse('An organisation you cannot see; a group higher than yours.'),
    },
  }),
  shopList: storefrontRoute({
    method: 'get',
    path: '/v1/shop/invitations',
    operationId: 'STORE-INVITATION-550',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: "The current account's invitations (FOC_Admin)",
    description: 'SS3. Search, sort and paging as `GET /v1/invitations`.',
    request: {
      headers: StorefrontHeaders,
      query: z.object({
        ...PagingQuery,
        search: z.string().max(255).optional().openapi({ description: 'Substring of the email.' }),
        status: statusFilter,
      }),
    },
    responses: { 200: json(Page(Invitation, 'ShopInvitationPage'), 'A page of invitations.') },
  }),
  shopResend: storefrontRoute({
    method: 'post',
    path: '/v1/shop/invitations/{id}/resend',
    operationId: 'STORE-INVITATION-201',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Send an invitation again (FOC_Admin)',
    description: 'SS3: as `POST /v1/invitations/{id}/resend`, for an invitation of the current account.',
    request: { headers: StorefrontHeaders, params },
    responses: {
      200: json(Invitation, 'The invitation, with its new `expiresAt`.'),
      404: hidden,
      409: errorResponse('Accepted or revoked (`INVALID_STATE`).'),
    },
  }),
  shopRevoke: storefrontRoute({
    method: 'post',
    path: '/v1/shop/invitations/{id}/revoke',
    operationId: 'STORE-INVITATION-202',
    tags,
    'x-dj-group': 'FOC_Admin',
    summary: 'Revoke an invitation (FOC_Admin)',
    description: 'SS3: as `POST /v1/invitations/{id}/revoke`, for an invitation of the current account.',
    request: { headers: StorefrontHeaders, params },
    responses: {
      200: json(Invitation, 'The invitation, REVOKED.'),
      404: hidden,
      409: errorResponse('Already accepted or revoked (`INVALID_STATE`).'),
    },
  }),
  accept: createRoute({
    method: 'post',
    path: '/auth/invitations/accept',
    operationId: 'STORE-INVITATION-203',
    tags,
    security: [],
    summary: 'Accept an invitation',
    description:
      'SS3, U5, U14: anonymous, with `dj-client: ACCOUNT` and the token of the `invitation` message. Makes the customer ' +
      "user (the invitation's email; a generated externalId), ACTIVE, member of the account with the groups and " +
      'organisations of the invitation: they log in at once (`POST /auth/token`) when the account is ACTIVE. The token ' +
      'works once. R7: failures are throttled per client address as logins are.',
    request: { headers: StorefrontHeaders.pick({ 'dj-client': true }), body: jsonBody(InvitationAcceptance) },
    responses: {
      201: json(AcceptedInvitation, 'The customer user was made.'),
      400: errorResponse('Malformed request: the `errors` list names each field (`password`: U5).'),
      401: refusedToken,
      403: errorResponse('Wrong `dj-client`.'),
      409: errorResponse(
        'The invited email already logs in as a customer user (`ALREADY_EXISTS`): ask the inviter to add that user.',
      ),
      429: {
        ...errorResponse('R7: too many refused tokens from this address (`TOO_MANY_REQUESTS`).'),
        headers: {
          'Retry-After': {
            description: 'Seconds to wait before the next attempt.',
            schema: { type: 'integer' as const, example: 60 },
          },
        },
      },
    },
  }),
}
