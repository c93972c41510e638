import { z } from '@hono/zod-openapi'
import {
  OperatorHeaders,
  Timestamp,
  Version,
  WriteHeaders,
  errorResponse,
  json,
  jsonBody,
  operatorRoute,
} from '../common.js'

// S2 — tenant settings. Every field has a default, so a PUT may omit fields (they go back to default).
export const SETTINGS_DEFAULTS = {
  customerAccountApproval: false,
  customerActiveOnCreation: true,
  customerOnHoldOnCreation: false,
  defaultCurrency: 'EUR',
  customerAccountAddressRequired: false,
  loginMaxFailures: 5,
  loginMaxFailuresPerAddress: 50,
  loginLockSeconds: 60,
  auditRetentionDays: 365,
  customerSelfRegistration: false,
} as const

const fields = {
  customerAccountApproval: z.boolean().openapi({ description: 'A3: new accounts wait for approval.' }),
  customerActiveOnCreation: z.boolean().openapi({ description: 'U9: new customer users are ACTIVE.' }),
  customerOnHoldOnCreation: z.boolean().openapi({ description: 'U9: new customer users are on hold.' }),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .openapi({ example: 'EUR' }),
  customerAccountAddressRequired: z.boolean().openapi({
    description: 'A10: a new account needs its first address (`address` on create); off by default.',
  }),
  loginMaxFailures: z.number().int().min(1).max(1000).openapi({
    description:
      'R7: failed logins in a row for one email (known or not) before it is locked for `loginLockSeconds`. A success resets the count.',
    example: 5,
  }),
  loginMaxFailuresPerAddress: z.number().int().min(1).max(100_000).openapi({
    description: 'R7: failed logins from one client address, whatever the email, before that address is locked.',
    example: 50,
  }),
  loginLockSeconds: z.number().int().min(1).max(86_400).openapi({
    description:
      'R7: the first lock, in seconds; each further failure doubles it, up to one hour (or this value when larger).',
    example: 60,
  }),
  auditRetentionDays: z.number().int().min(1).max(36_500).openapi({
    description: 'R6: audit events older than this many days are deleted.',
    example: 365,
  }),
  customerSelfRegistration: z.boolean().openapi({
    description: 'SS1: companies may register on the storefront (`POST /auth/register`); off by default (404 then).',
  }),
}
export const Settings = z.object({ ...fields, version: Version, updatedAt: Timestamp }).openapi('Settings')
export const SettingsInput = z
  .strictObject(fields)
  .partial()
  .openapi('SettingsInput', { example: { customerAccountApproval: true } })

const tags = ['Settings']
const updated = {
  200: json(Settings, 'The settings now in force.', true),
  412: errorResponse('Stale If-Match.'),
}
export const settingsRoutes = {
  get: operatorRoute({
    method: 'get',
    path: '/v1/settings',
    operationId: 'ADM-SETTINGS-500',
    tags,
    'x-dj-role': 'Reader',
    summary: 'Read the settings',
    request: { headers: OperatorHeaders },
    responses: { 200: json(Settings, 'The settings.', true) },
  }),
  replace: operatorRoute({
    method: 'put',
    path: '/v1/settings',
    operationId: 'ADM-SETTINGS-200',
    tags,
    'x-dj-role': 'Admin',
    summary: 'Replace the settings',
    description: 'S2, Admin only. Omitted fields go back to their default.',
    request: { headers: WriteHeaders, body: jsonBody(SettingsInput) },
    responses: updated,
  }),
  patch: operatorRoute({
    method: 'patch',
    path: '/v1/settings',
    operationId: 'ADM-SETTINGS-210',
    tags,
    'x-dj-role': 'Admin',
    summary: 'Change some settings',
    description: 'S2, Admin only. Omitted fields keep their value.',
    request: { headers: WriteHeaders, body: jsonBody(SettingsInput) },
    responses: updated,
  }),
}
