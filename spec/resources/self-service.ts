import { createRoute, z } from '@hono/zod-openapi'
import { Civility, Email, Name, StorefrontHeaders, errorResponse, json, jsonBody, noContent } from '../common.js'
import { AccountInput, AddressInput } from './accounts.js'
import { Password, Phone } from './customer-users.js'

// SS1 (registration) and SS2 (password reset): anonymous storefront routes, `dj-client: ACCOUNT` and no token.

/** SS1: the first user of a registered company. No externalId, groups or stores: the server decides them. */
export const RegistrationUser = z
  .strictObject({
    civility: Civility,
    firstName: Name(),
    lastName: Name(),
    email: Email,
    phone: Phone,
    password: Password,
  })
  .openapi('RegistrationUser', {
    description:
      'SS1: the first user of the company, `FOC_Admin` of it. The password follows U5 and is never sent back nor put in the outbox (R5).',
  })

export const RegistrationInput = z
  .strictObject({
    // The account's own fields, as A1 checks them (one definition: a registration cannot store what A1 refuses).
    name: AccountInput.shape.name,
    companyRegistrationName: AccountInput.shape.companyRegistrationName,
    businessRegistrationNumber: AccountInput.shape.businessRegistrationNumber,
    vatNumber: AccountInput.shape.vatNumber,
    website: AccountInput.shape.website,
    address: AddressInput.optional().openapi({
      description:
        "A4: the company's first address (its externalId is generated when omitted); required when the tenant's `customerAccountAddressRequired` is on (A10).",
    }),
    user: RegistrationUser,
  })
  .openapi('RegistrationInput', {
    description:
      "SS1: a company (A1: the account's externalId is generated) and its first user. The account follows `customerAccountApproval` (A3).",
    example: {
      name: 'Wayne Enterprises',
      companyRegistrationName: 'Wayne Enterprises SAS',
      businessRegistrationNumber: 'FR 552 100 554',
      vatNumber: 'FR40303265045',
      user: {
        civility: 'MR',
        firstName: 'Bruce',
        lastName: 'Wayne',
        email: 'bruce@wayne.example',
        phone: '+33 6 12 34 56 78',
        password: 'Sunny-Day-42',
      },
    },
  })

/** SS1, SS2: the one answer of an anonymous request, whatever was found. */
export const SelfServiceAccepted = z
  .object({
    status: z.literal('ACCEPTED'),
    message: z.string(),
  })
  .openapi('SelfServiceAccepted', {
    description:
      'The same body whatever the request found (an email or a company already known, or not): what happens next is told by message, to the address given.',
  })

export const PasswordResetRequest = z
  .strictObject({ email: Email })
  .openapi('PasswordResetRequest', { example: { email: 'john.smith@acme.example' } })

export const PasswordResetConfirm = z
  .strictObject({
    token: z
      .string()
      .min(1)
      .max(255)
      .openapi({ description: 'The token of the `password-reset` message.', example: 'Vb3m…' }),
    password: Password,
  })
  .openapi('PasswordResetConfirm')

const tags = ['Self-service']
const anonymousHeaders = StorefrontHeaders.pick({ 'dj-client': true, 'dj-store': true })
const throttled = {
  ...errorResponse(
    'R7: too many requests for this email or from this address (`TOO_MANY_REQUESTS`); the same answer whether the email is known or not.',
  ),
  headers: {
    'Retry-After': {
      description: 'Seconds to wait before the next attempt.',
      schema: { type: 'integer' as const, example: 60 },
    },
  },
}

export const selfServiceRoutes = {
  register: createRoute({
    method: 'post',
    path: '/auth/register',
    operationId: 'STORE-REGISTRATION-100',
    tags,
    security: [],
    summary: 'Register a company and its first user',
    description:
      'SS1. Anonymous (`dj-client: ACCOUNT`, no token); only when the tenant setting `customerSelfRegistration` is on (404 otherwise). ' +
      'Always 202 with the same body: when the email is already a customer user’s, nothing is created and the owner of that email is told ' +
      '(`registration-attempt`); otherwise the account (WAITING_APPROVAL when `customerAccountApproval` is on, else ACTIVE) and its first ' +
      'user (FOC_Admin) are created and the user is told (`account-being-prepared`, or `welcome` when they may log in at once). ' +
      'The user logs in once the account is ACTIVE (U9); approving it sends `account-activated`. On a multi-store tenant, `dj-store` gives the store. ' +
      'Throttled as a login (R7), per email and per client address.',
    request: { headers: anonymousHeaders, body: jsonBody(RegistrationInput) },
    responses: {
      202: json(SelfServiceAccepted, 'Received; what happens next is told by message.'),
      400: errorResponse('Malformed request, or a password that breaks the policy (U5): `errors` names each field.'),
      403: errorResponse('Wrong dj-client.'),
      404: errorResponse('Self-registration is off on this tenant (`customerSelfRegistration`).'),
      422: errorResponse(
        'A rule of the tenant: an address is required (A10), a store is required (U10, `dj-store`), required custom fields.',
      ),
      429: throttled,
      503: errorResponse('R1: the registration could not be saved; nothing was kept, try again later.'),
    },
  }),
  requestPasswordReset: createRoute({
    method: 'post',
    path: '/auth/password-reset',
    operationId: 'STORE-PASSWORD-RESET-100',
    tags,
    security: [],
    summary: 'Ask for a password reset',
    description:
      'SS2. Anonymous (`dj-client: ACCOUNT`, no token). Always 202 with the same body, and the same work either way. When a customer user has ' +
      'this email, a single-use token valid 30 minutes is sent through the outbox (`password-reset`); a new request makes the previous token ' +
      'unusable. Throttled as a login (R7), per email and per client address.',
    request: { headers: anonymousHeaders, body: jsonBody(PasswordResetRequest) },
    responses: {
      202: json(SelfServiceAccepted, 'Received; a message is on its way if the email is a customer user’s.'),
      400: errorResponse('Malformed request.'),
      403: errorResponse('Wrong dj-client.'),
      429: throttled,
    },
  }),
  confirmPasswordReset: createRoute({
    method: 'post',
    path: '/auth/password-reset/confirm',
    operationId: 'STORE-PASSWORD-RESET-200',
    tags,
    security: [],
    summary: 'Set a new password with a reset token',
    description:
      'SS2. Anonymous (`dj-client: ACCOUNT`). Sets the password (U5) of the user the token was made for, ends every session of that user and ' +
      'makes the token unusable. An unknown, used or expired token gets one 401, whatever the reason. Logging in stays subject to U9.',
    request: { headers: anonymousHeaders.pick({ 'dj-client': true }), body: jsonBody(PasswordResetConfirm) },
    responses: {
      204: noContent('The password is changed; log in with it.'),
      400: errorResponse('Malformed request, or a password that breaks the policy (U5): `errors` names `password`.'),
      401: errorResponse('Unknown, used or expired token (one answer for each).'),
      403: errorResponse('Wrong dj-client.'),
      503: errorResponse('R1: the change could not be saved; the token still works, try again later.'),
    },
  }),
}
