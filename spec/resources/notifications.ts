import { z } from '@hono/zod-openapi'
import { Email, Id, MultiValue, OperatorHeaders, Page, PagingQuery, Timestamp, json, operatorRoute } from '../common.js'

// N1 — the outbox: what the server would send. It never sends email.
export const NotificationTemplate = z
  .enum([
    'welcome',
    'account-being-prepared',
    'account-activated',
    'invitation',
    'registration-attempt',
    'password-reset',
  ])
  .openapi('NotificationTemplate', {
    description:
      'U9: `welcome` — created able to log in, with the initial password; `account-being-prepared` — created inactive or on hold, with the ' +
      'initial password; `account-activated` — later became ACTIVE and not on hold; `invitation` (SS3) — an invitation into ' +
      'an account, with its single-use `token` until delivered, used, resent, revoked or expired (then `tokenDeliveredAt`); ' +
      '`registration-attempt` (SS1) — somebody tried to register with the email of an existing user; `password-reset` (SS2) — ' +
      'a password-reset `token`, until delivered, used or replaced (then `tokenDeliveredAt`).',
  })
export const Notification = z
  .object({
    id: Id,
    at: Timestamp,
    to: Email.openapi({ description: "The customer user's email when the message was queued." }),
    template: NotificationTemplate,
    customerUserId: Id.nullable().openapi({
      description:
        'The customer user it is about (who may since have been deleted: the outbox is a log); null for an `invitation` (SS3), whose `data.invitationId` names it.',
    }),
    data: z.record(z.string(), z.string()).openapi({
      description:
        'What the message would carry, e.g. `initialPassword` (U6): the outbox shows it as the email would, which is why it is Admin only.',
      example: { initialPassword: 'q7Rk-2mWfT9pXa4z' },
    }),
  })
  .openapi('Notification')

export const notificationRoutes = {
  list: operatorRoute({
    method: 'get',
    path: '/v1/notifications',
    operationId: 'ADM-NOTIFICATION-550',
    tags: ['Notifications'],
    'x-dj-role': 'Admin',
    summary: 'Read the outbox',
    description:
      'N1, Admin only. The server never sends email: each message it would send is appended here, so demos and tests can see it. ' +
      'Newest first by default. Sortable: id, at, to, template.',
    request: {
      headers: OperatorHeaders,
      query: z.object({
        ...PagingQuery,
        to: MultiValue('Recipient emails (case-insensitive); OR-ed.', 'john.smith@acme.example'),
        template: MultiValue('Templates; OR-ed.', 'welcome'),
        customerUserIds: MultiValue('Customer user ids; OR-ed.', 'cu_0000000001'),
      }),
    },
    responses: { 200: json(Page(Notification, 'NotificationPage'), 'A page of messages.') },
  }),
}
