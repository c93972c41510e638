import { z } from '@hono/zod-openapi'
import { MultiValue, OperatorHeaders, Page, PagingQuery, Timestamp, json, operatorRoute } from '../common.js'

// N2 — audit log.
export const AuditEvent = z
  .object({
    seq: z.number().int().openapi({ description: 'Position in the log.' }),
    at: Timestamp,
    actor: z.string().openapi({
      description: '`operator:<id>`, `customer-user:<id>` or `system`.',
      example: 'operator:op_0000000001',
    }),
    action: z.string().openapi({ example: 'update' }),
    entity: z.string().openapi({ example: 'customer-account' }),
    id: z.string().openapi({ description: "The changed entity's id." }),
    changes: z
      .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
      .openapi({ description: 'Changed fields; secrets are never recorded.' }),
  })
  .openapi('AuditEvent')

export const auditRoutes = {
  list: operatorRoute({
    method: 'get',
    path: '/v1/audit-events',
    operationId: 'ADM-AUDIT-EVENT-550',
    tags: ['Audit'],
    'x-dj-role': 'Admin',
    summary: 'Read the audit log',
    description: 'N2, Admin only. Every write records who did what to which entity. Newest first by default.',
    request: {
      headers: OperatorHeaders,
      query: z.object({
        ...PagingQuery,
        entity: MultiValue('Entity types; OR-ed.', 'customer-account'),
        ids: MultiValue('Entity ids; OR-ed.', 'acc_0000000001'),
        actor: MultiValue('Actors; OR-ed.', 'operator:op_0000000001'),
        action: MultiValue('Actions; OR-ed.', 'create'),
      }),
    },
    responses: { 200: json(Page(AuditEvent, 'AuditEventPage'), 'A page of audit events.') },
  }),
}
