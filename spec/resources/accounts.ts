import { z } from '@hono/zod-openapi'
import { COUNTRY_CODES } from '../countries.js'
import { CUSTOMER_USER_GROUPS } from '../rules/customer-user.js'
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

export const Country = z
  .string()
  .refine((v) => COUNTRY_CODES.has(v), 'must be an ISO 3166-1 alpha-2 country code such as FR')
  .openapi({ example: 'FR', description: 'ISO 3166-1 alpha-2.' })
const Phone = z
  .string()
  .regex(/^\+?[0-9 ().-]{4,30}$/, 'must be a phone number')
  .openapi({ example: '+33 1 23 45 67 89' })
const optionalText = (max = 255) => z.string().trim().max(max).nullable().optional()
const CustomFieldScalar = z.union([z.string().max(10_000), z.number(), z.boolean()])
export const CustomFieldValue = z
  .union([CustomFieldScalar, z.null(), z.array(CustomFieldScalar).max(1000)])
  .openapi('CustomFieldValue', {
    description: 'A TEXT, NUMBER, BOOLEAN, DATE or LIST value (CF1); a list for `multiple` fields.',
  })
export const CustomFields = z
  .record(z.string().max(255), CustomFieldValue)
  .refine((o) => Object.keys(o).length <= 200, 'at most 200 custom fields')
  .openapi('CustomFields', { description: 'Custom field values by definition externalId (CF2).' })

// A4 — addresses.
export const Address = z
  .object({
    id: Id,
    externalId: ExternalId,
    label: z.string().nullable(),
    fullName: z.string(),
    address: z.string(),
    additionalAddress: z.string().nullable(),
    city: z.string(),
    state: z.string().nullable(),
    zipCode: z.string(),
    country: z.string(),
    phone: z.string().nullable(),
    shipping: z.boolean(),
    billing: z.boolean(),
    isDefault: z.boolean(),
  })
  .openapi('Address')
export const AddressInput = z
  .strictObject({
    externalId: ExternalId.optional().openapi({
      description: "U14: omitted → generated on create (the address's id), kept on update.",
    }),
    label: optionalText(),
    fullName: Name(),
    address: Name(),
    additionalAddress: optionalText(),
    city: Name(),
    state: optionalText(),
    zipCode: Name(20),
    country: Country,
    phone: Phone.nullable().optional(),
    shipping: z.boolean().default(false),
    billing: z.boolean().default(false),
    isDefault: z.boolean().default(false),
  })
  .refine((a) => a.shipping || a.billing, {
    message: 'an address is for shipping, billing or both',
    path: ['shipping'],
  })
  .openapi('AddressInput', {
    description:
      'A4. At least one of shipping or billing. An address marked `isDefault` becomes the default for its kinds; the previous default of those kinds stops being default.',
    example: {
      externalId: 'ACME-HQ',
      label: 'Head office',
      fullName: 'ACME SAS',
      address: '12 rue de la Paix',
      city: 'Paris',
      zipCode: '75002',
      country: 'FR',
      shipping: true,
      billing: true,
      isDefault: true,
    },
  })

// A5 — legal user.
const pastDate = z.iso
  .date({ message: 'must be a date YYYY-MM-DD' })
  .refine((d) => d < new Date().toISOString().slice(0, 10), 'must be in the past')
export const LegalUser = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    birthday: z.string().openapi({ format: 'date' }),
    nationality: z.string(),
    countryOfResidence: z.string(),
    email: z.string(),
  })
  .openapi('LegalUser')
export const LegalUserInput = z
  .strictObject({
    firstName: Name(),
    lastName: Name(),
    birthday: pastDate.openapi({ format: 'date', example: '1980-04-12' }),
    nationality: Country,
    countryOfResidence: Country,
    email: Email,
  })
  .openapi('LegalUserInput', {
    description: 'A5. Every field is required.',
    example: {
      firstName: 'Jeanne',
      lastName: 'Durand',
      birthday: '1980-04-12',
      nationality: 'FR',
      countryOfResidence: 'FR',
      email: 'jeanne.durand@example.com',
    },
  })

// A2 — the first customer user, created with the account. Built here from the shared rules, not from
// CustomerUserInput, which imports this module (CustomFields).
export const AccountUserInput = z
  .strictObject({
    externalId: ExternalId.optional().openapi({ description: 'U14: omitted → generated.' }),
    civility: Civility,
    firstName: Name(),
    lastName: Name(),
    email: Email,
    phone: Phone,
    groups: z.array(z.enum(CUSTOMER_USER_GROUPS)).min(1).max(3).optional().openapi({
      description:
        'Default `[FOC_Admin]` (decision): whoever opens the account administers it (organisations, buying policies).',
    }),
    storeIds: z.array(z.string().max(255)).max(1000).optional().openapi({
      description:
        'U10: store externalIds; required on a multi-store tenant, defaults to the store on a single-store tenant.',
    }),
    customFields: CustomFields.optional().openapi({
      description: 'CF2: the CUSTOMER_USER custom fields; required ones must be given.',
    }),
  })
  .openapi('AccountUserInput', {
    description:
      'A2. The user joins the new account; status and onHold come from the settings (U9); a password is generated and sent (U6, N1).',
    example: {
      externalId: 'CU-1001',
      civility: 'MRS',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane.doe@acme.example',
      phone: '+33 6 12 34 56 78',
    },
  })

// A1, A3 — accounts.
export const AccountStatus = z.enum(['ACTIVE', 'INACTIVE', 'WAITING_APPROVAL', 'REJECTED']).openapi('AccountStatus')
export const TagRef = z.object({ id: Id, externalId: z.string(), name: z.string() }).openapi('CustomerTagRef')
export const Account = z
  .object({
    id: Id,
    externalId: ExternalId,
    name: z.string(),
    accountManagerId: z.string().nullable(),
    website: z.string().nullable(),
    companyRegistrationName: z.string(),
    businessRegistrationNumber: z.string(),
    vatNumber: z.string().nullable(),
    customerTagIds: z.array(z.string()),
    customerTags: z.array(TagRef),
    status: AccountStatus,
    addresses: z.array(Address),
    legalUser: LegalUser.nullable(),
    customFields: CustomFields,
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Account')
export const AccountInput = z
  .strictObject({
    externalId: ExternalId,
    name: Name(),
    accountManagerId: Id.nullable().optional().openapi({ description: 'An operator id.' }),
    website: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2048)
      .nullable()
      .optional(),
    companyRegistrationName: Name(),
    businessRegistrationNumber: Name(64),
    vatNumber: optionalText(32),
    customerTagIds: z
      .array(z.string().max(64))
      .max(1000)
      .optional()
      .openapi({ description: 'Tag DJUST ids; omitted → none on create, unchanged on update.' }),
    customerTagList: z.array(z.string().max(64)).max(1000).optional().openapi({
      description:
        "A9: the seed's name for `customerTagIds` (tag DJUST ids), same meaning. Send one of the two; both must then be equal.",
    }),
    status: z.enum(['ACTIVE', 'INACTIVE']).optional().openapi({
      description: 'Update only, for an account that is ACTIVE or INACTIVE. Approval goes through approve/reject (A3).',
    }),
    customFields: CustomFields.optional(),
    user: AccountUserInput.optional().openapi({
      description: 'A2, create only: a first customer user of the account.',
    }),
    address: AddressInput.optional().openapi({ description: 'A2, create only: a first address (A4).' }),
  })
  .openapi('AccountInput', {
    example: {
      externalId: 'ACME',
      name: 'ACME',
      companyRegistrationName: 'ACME SAS',
      businessRegistrationNumber: '552 100 554',
      vatNumber: 'FR40552100554',
      website: 'https://acme.example',
    },
  })

const accountFilters = {
  ids: MultiValue('DJUST ids; OR-ed.', 'acc_0000000001'),
  externalIds: MultiValue('External ids; OR-ed.', 'ACME'),
  status: MultiValue('Statuses; OR-ed.', 'ACTIVE,WAITING_APPROVAL'),
  customerTagIds: MultiValue('Accounts carrying any of these tag ids.', 'tag_0000000001'),
  customerTagExternalIds: MultiValue('Accounts carrying any of these tag externalIds.', 'premium'),
}
const crud = crudRoutes({
  path: '/v1/customer-accounts',
  resource: 'ACCOUNT',
  tag: 'Customer accounts',
  noun: 'customer account',
  example: 'acc_0000000001',
  entity: Account,
  input: AccountInput,
  page: Page(Account, 'AccountPage'),
  writeRole: 'User',
  listQuery: accountFilters,
  customFields: 'CUSTOMER_ACCOUNT',
  deleteQuery: {
    force: z
      .enum(['true', 'false'])
      .optional()
      .openapi({ description: 'A8: detach users, deleting those left with no account.' }),
  },
  describe: {
    list: 'Search matches name and externalId; filters by status and tag. Sortable: id, externalId, name, status, createdAt, updatedAt.',
    create:
      'A1, A3. With `customerAccountApproval` on, the account starts `WAITING_APPROVAL`, else `ACTIVE`. ' +
      'A2: the body may carry one `user` and one `address`. All or nothing: if the account, the user or the address is refused, nothing is created; errors name `user.<field>` and `address.<field>`. ' +
      'The user gets a generated password, sent through the outbox (N1); find them with `GET /v1/customer-users?accountIds=<id>`.',
    update:
      'A1. Optional fields omitted keep their value; `null` clears them. `user` and `address` are create only (422): use the customer-user and address routes.',
    delete:
      'A8. Refused (409 `HAS_DEPENDENTS`) while customer users belong to the account, unless `force=true`: users are detached, and users left with no account are deleted.',
  },
})

const tags = ['Customer accounts']
const accParams = pathParams('id', 'acc_0000000001')
const notFound = errorResponse('No such account.')
const stateRoute = (verb: 'approve' | 'reject', code: string, summary: string) =>
  operatorRoute({
    method: 'post',
    path: `/v1/customer-accounts/{id}/${verb}`,
    operationId: `ADM-ACCOUNT-${code}`,
    tags,
    'x-dj-role': 'User',
    summary,
    description: 'A3. Only an account `WAITING_APPROVAL` can be approved or rejected.',
    request: { headers: WriteHeaders, params: accParams },
    responses: {
      200: json(Account, 'The account.', true),
      404: notFound,
      409: errorResponse('The account is not waiting for approval.'),
      412: errorResponse('Stale If-Match.'),
    },
  })

export const CustomerTagReplacement = z
  .strictObject({ customerTagExternalIds: z.array(z.string().max(255)).max(1000) })
  .openapi('CustomerTagReplacement', { example: { customerTagExternalIds: ['premium', 'wholesale'] } })

const addressParams = accParams.extend(pathParams('addressId', 'adr_0000000001').shape)
export const accountRoutes = {
  ...crud,
  approve: stateRoute('approve', '201', 'Approve an account'),
  reject: stateRoute('reject', '202', 'Reject an account'),
  replaceTags: operatorRoute({
    method: 'put',
    path: '/v1/customer-accounts/{customerAccountId}/customer-tags',
    operationId: 'ADM-ACCOUNT-250',
    tags,
    'x-dj-role': 'User',
    summary: "Replace an account's customer tags by external ids",
    description:
      "A7. **The path takes the account's external id.** Full replacement; `[]` removes all; duplicates count once; atomic: if any tag externalId is unknown nothing changes and the 422 lists every unknown id.",
    request: {
      headers: WriteHeaders,
      params: pathParams('customerAccountId', 'ACME'),
      body: jsonBody(CustomerTagReplacement),
    },
    responses: {
      204: noContent('Replaced.'),
      404: notFound,
      412: errorResponse('Stale If-Match.'),
      422: errorResponse('Unknown tag externalIds, all listed.'),
    },
  }),
  listAddresses: operatorRoute({
    method: 'get',
    path: '/v1/customer-accounts/{id}/addresses',
    operationId: 'ADM-ACCOUNT-ADDRESS-550',
    tags,
    'x-dj-role': 'Reader',
    summary: "List an account's addresses",
    request: { headers: OperatorHeaders, params: accParams },
    responses: { 200: json(z.array(Address), 'The addresses.'), 404: notFound },
  }),
  createAddress: operatorRoute({
    method: 'post',
    path: '/v1/customer-accounts/{id}/addresses',
    operationId: 'ADM-ACCOUNT-ADDRESS-100',
    tags,
    'x-dj-role': 'User',
    summary: 'Add an address',
    description: 'A4.',
    request: { headers: CreateHeaders, params: accParams, body: jsonBody(AddressInput) },
    responses: { 201: json(Address, 'The address.'), 404: notFound, 409: errorResponse('externalId already used.') },
  }),
  updateAddress: operatorRoute({
    method: 'put',
    path: '/v1/customer-accounts/{id}/addresses/{addressId}',
    operationId: 'ADM-ACCOUNT-ADDRESS-200',
    tags,
    'x-dj-role': 'User',
    summary: 'Replace an address',
    description: "A4. `If-Match` takes the account's ETag.",
    request: { headers: WriteHeaders, params: addressParams, body: jsonBody(AddressInput) },
    responses: {
      200: json(Address, 'The address.'),
      404: errorResponse('No such account or address.'),
      409: errorResponse('externalId already used.'),
      412: errorResponse('Stale If-Match.'),
    },
  }),
  deleteAddress: operatorRoute({
    method: 'delete',
    path: '/v1/customer-accounts/{id}/addresses/{addressId}',
    operationId: 'ADM-ACCOUNT-ADDRESS-300',
    tags,
    'x-dj-role': 'User',
    summary: 'Delete an address',
    request: { headers: WriteHeaders, params: addressParams },
    responses: {
      204: noContent('Deleted.'),
      404: errorResponse('No such account or address.'),
      412: errorResponse('Stale If-Match.'),
    },
  }),
  getLegalUser: operatorRoute({
    method: 'get',
    path: '/v1/customer-accounts/{id}/legal-user',
    operationId: 'ADM-ACCOUNT-LEGAL-USER-500',
    tags,
    'x-dj-role': 'Reader',
    summary: 'Get the legal user',
    request: { headers: OperatorHeaders, params: accParams },
    responses: {
      200: json(LegalUser, 'The legal user.'),
      404: errorResponse('No such account, or it has no legal user.'),
    },
  }),
  putLegalUser: operatorRoute({
    method: 'put',
    path: '/v1/customer-accounts/{id}/legal-user',
    operationId: 'ADM-ACCOUNT-LEGAL-USER-200',
    tags,
    'x-dj-role': 'User',
    summary: 'Set the legal user',
    description: 'A5. At most one per account: this sets or replaces it.',
    request: { headers: WriteHeaders, params: accParams, body: jsonBody(LegalUserInput) },
    responses: { 200: json(LegalUser, 'The legal user.'), 404: notFound, 412: errorResponse('Stale If-Match.') },
  }),
  deleteLegalUser: operatorRoute({
    method: 'delete',
    path: '/v1/customer-accounts/{id}/legal-user',
    operationId: 'ADM-ACCOUNT-LEGAL-USER-300',
    tags,
    'x-dj-role': 'User',
    summary: 'Remove the legal user',
    request: { headers: WriteHeaders, params: accParams },
    responses: {
      204: noContent('Removed.'),
      404: errorResponse('No such account, or it has no legal user.'),
      412: errorResponse('Stale If-Match.'),
    },
  }),
}
