import { auditRoutes as routes } from '@dj-customers/spec'
import type { Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'

export function auditRoutes(api: Api) {
  const list = new ListEngine(api.db.auditEvents, {
    filters: { entity: (e) => e.entity, ids: (e) => e.id, actor: (e) => e.actor, action: (e) => e.action },
    sort: {
      seq: (e) => e.seq,
      at: (e) => e.at,
      entity: (e) => e.entity,
      actor: (e) => e.actor,
      action: (e) => e.action,
    },
    defaultSort: [{ field: 'seq', desc: true }],
  })
  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))
}
