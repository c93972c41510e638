import { customFieldRoutes as routes } from '@dj-customers/spec'
import { createCustomField, deleteCustomField, findCustomField, updateCustomField } from '../domain/custom-fields.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'

export function customFieldRoutes(api: Api) {
  const { db } = api
  const list = new ListEngine(db.customFields, {
    search: (f) => `${f.externalId}\u0001${f.name}`,
    filters: { ids: (f) => f.id, externalIds: (f) => f.externalId, entity: (f) => f.entity, type: (f) => f.type },
    sort: {
      id: (f) => f.id,
      externalId: (f) => f.externalId,
      name: (f) => f.name,
      entity: (f) => f.entity,
      type: (f) => f.type,
      createdAt: (f) => f.createdAt,
      updatedAt: (f) => f.updatedAt,
    },
  })

  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))

  api.register(routes.create, async (c) => {
    const def = await api.write(c, (tx) => createCustomField(tx, c.req.valid('json')))
    return c.json(def, 201, { ETag: etag(def.version) })
  })

  api.register(routes.get, (c) => {
    const def = findCustomField(db, c.req.valid('param').id, c.req.valid('query').idType)
    return c.json(def, 200, { ETag: etag(def.version) })
  })

  api.register(routes.update, async (c) => {
    const def = findCustomField(db, c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, def.version)
    const next = await api.write(c, (tx) => updateCustomField(tx, def, c.req.valid('json')))
    return c.json(next, 200, { ETag: etag(next.version) })
  })

  api.register(routes.delete, async (c) => {
    const { idType, force } = c.req.valid('query')
    const def = findCustomField(db, c.req.valid('param').id, idType)
    api.checkIfMatch(c, def.version)
    await api.write(c, (tx) => deleteCustomField(tx, def, force === 'true'))
    return c.body(null, 204)
  })
}
