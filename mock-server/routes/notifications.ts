import { notificationRoutes as routes } from '@dj-customers/spec'
import type { Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'

/** N1: the outbox is read only; customer-user changes append to it (U6, U9). */
export function notificationRoutes(api: Api) {
  const list = new ListEngine(api.db.notifications, {
    filters: { to: (n) => n.to, template: (n) => n.template, customerUserIds: (n) => n.customerUserId },
    sort: { id: (n) => n.id, at: (n) => n.at, to: (n) => n.to, template: (n) => n.template },
    defaultSort: [
      { field: 'at', desc: true },
      { field: 'id', desc: true },
    ],
  })
  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))
}
