import { notificationRoutes as routes } from '@dj-customers/spec'
import type { Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
import { markDelivered } from '../domain/notifications.js'

/** N1: the outbox is read only; customer-user changes append to it (U6, U9); a password in it is shown once (R5). */
export function notificationRoutes(api: Api) {
  const list = new ListEngine(api.db.notifications, {
    filters: { to: (n) => n.to, template: (n) => n.template, customerUserIds: (n) => n.customerUserId },
    sort: { id: (n) => n.id, at: (n) => n.at, to: (n) => n.to, template: (n) => n.template },
    defaultSort: [
      { field: 'at', desc: true },
      { field: 'id', desc: true },
    ],
  })
  api.register(routes.list, (c) => {
    const page = list.run(c.req.valid('query'))
    // Serialised now: the records shown are replaced (never changed in place) when blanked just after.
    const answer = c.json(page, 200)
    // R5: shown once. Saved with the next commit, without holding this answer (a read is not a write, R6).
    if (markDelivered(api.db, page.content, api.options.clock().toISOString())) api.options.saveLater()
    return answer
  })
}
