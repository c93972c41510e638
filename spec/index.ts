/**
 * The contract: zod schemas and route definitions, the one source of truth for the OpenAPI document,
 * the SDK's types and the reference server's validation. Imports nothing from sdk/ or mock-server/.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi'
import { createRoute, z } from '@hono/zod-openapi'
import { accountRoutes } from './resources/accounts.js'
import { auditRoutes } from './resources/audit.js'
import { buyingPolicyRoutes } from './resources/buying-policies.js'
import { customFieldRoutes } from './resources/custom-fields.js'
import { customerUserRoutes } from './resources/customer-users.js'
import { importJobRoutes } from './resources/import-jobs.js'
import { invitationRoutes } from './resources/invitations.js'
import { notificationRoutes } from './resources/notifications.js'
import { operatorRoutes } from './resources/operators.js'
import { organisationRoutes } from './resources/organisations.js'
import { selfServiceRoutes } from './resources/self-service.js'
import { settingsRoutes } from './resources/settings.js'
import { storefrontRoutes } from './resources/storefront.js'
import { storeRoutes } from './resources/stores.js'
import { tagRoutes } from './resources/tags.js'

export * from './common.js'
export * from './errors.js'
export * from './resources/accounts.js'
export * from './resources/audit.js'
export * from './resources/buying-policies.js'
export * from './resources/custom-fields.js'
export * from './resources/customer-users.js'
export * from './resources/import-jobs.js'
export * from './resources/invitations.js'
export * from './resources/notifications.js'
export * from './resources/operators.js'
export * from './resources/organisations.js'
export * from './resources/self-service.js'
export * from './resources/settings.js'
export * from './resources/storefront.js'
export * from './resources/stores.js'
export * from './rules/customer-user.js'
export * from './resources/tags.js'

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).openapi('Health')
export const systemRoutes = {
  health: createRoute({
    method: 'get',
    path: '/health',
    operationId: 'SYS-HEALTH-500',
    tags: ['System'],
    security: [],
    summary: 'Liveness',
    description: 'Answers 200 while the server runs; needs no credentials.',
    responses: { 200: { description: 'Alive.', content: { 'application/json': { schema: Health } } } },
  }),
}

/**
 * Every route of the API, grouped by resource. Typed by name (`typeof` each group): inferred, the type is too long
 * for tsc's declaration emit (TS7056).
 */
export const routes: {
  system: typeof systemRoutes
  stores: typeof storeRoutes
  settings: typeof settingsRoutes
  operators: typeof operatorRoutes
  customerTags: typeof tagRoutes
  customerAccounts: typeof accountRoutes
  organisations: typeof organisationRoutes
  customerUsers: typeof customerUserRoutes
  buyingPolicies: typeof buyingPolicyRoutes
  customFields: typeof customFieldRoutes
  importJobs: typeof importJobRoutes
  storefront: typeof storefrontRoutes
  selfService: typeof selfServiceRoutes
  notifications: typeof notificationRoutes
  audit: typeof auditRoutes
  invitations: typeof invitationRoutes
} = {
  system: systemRoutes,
  stores: storeRoutes,
  settings: settingsRoutes,
  operators: operatorRoutes,
  customerTags: tagRoutes,
  customerAccounts: accountRoutes,
  organisations: organisationRoutes,
  customerUsers: customerUserRoutes,
  buyingPolicies: buyingPolicyRoutes,
  customFields: customFieldRoutes,
  importJobs: importJobRoutes,
  storefront: storefrontRoutes,
  selfService: selfServiceRoutes,
  notifications: notificationRoutes,
  audit: auditRoutes,
  invitations: invitationRoutes,
}

export const API_VERSION = '0.1.0'

const tagDescriptions: Record<string, string> = {
  System: 'Liveness and the contract itself.',
  Stores: 'S1 — stores, referenced by externalId everywhere else.',
  Settings: 'S2 — tenant settings.',
  Operators: 'OP1–OP6 — back-office users, their permission levels, store assignment and API keys.',
  'Customer tags': 'A6 — tags that group customer accounts (price lists, segments).',
  'Customer accounts': 'A1–A8 — company accounts, their addresses, legal user, approval and tags.',
  Organisations: 'O1–O6 — organisation trees inside each account.',
  'Customer users': 'U1–U11 — the buyers: accounts, organisations, groups, passwords, activation, stores.',
  'Buying policies':
    "B1 — whose purchases an account's FOC_Admin users review. Policies follow their users: a deleted user, or one taken out of the account, leaves the policy, and a policy left without reviewed users or approvers goes.",
  'Custom fields':
    'CF1, CF2 — typed fields of customer users, organisations and accounts; values are checked against their definition.',
  'Import jobs':
    'I1–I7 — customer users from a CSV file: one job at a time, rows independent, dry runs, and a report per row.',
  Storefront: 'Customer login and what a signed-in customer user may see and change (O5).',
  'Self-service':
    'SS1, SS2 — anonymous storefront requests: company registration and password reset. They never tell whether an email is known.',
  Notifications: 'N1 — the outbox: the messages the server would send (it never sends email).',
  Audit: 'N2 — who changed what.',
  Invitations: 'SS3 — invitations into an account, accepted with a single-use token from the outbox.',
}

/** Builds the OpenAPI 3.1 document from the route definitions. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry()
  registry.registerComponent('securitySchemes', 'djApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'dj-api-key',
    description: 'An operator API key (OP6), sent with `dj-client: OPERATOR`.',
  })
  registry.registerComponent('securitySchemes', 'customerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A customer user token from `POST /auth/token`, sent with `dj-client: ACCOUNT`.',
  })
  for (const group of Object.values(routes)) {
    for (const route of Object.values(group))
      registry.registerPath(route as Parameters<typeof registry.registerPath>[0])
  }
  const generator = new OpenApiGeneratorV31(registry.definitions)
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'dj-customers API',
      version: API_VERSION,
      description:
        'B2B customer management: stores, settings, operators, customer accounts and tags (DJUST conventions). ' +
        'Back-office routes need `dj-client: OPERATOR` and `dj-api-key`. Errors are `application/problem+json` with a stable `code`. ' +
        'Lists take `page` (0-based), `size` (≤ 1000) and repeated `sort=field:direction`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'Reference server (`npm start`)' }],
    tags: Object.entries(tagDescriptions).map(([name, description]) => ({ name, description })),
  })
}
