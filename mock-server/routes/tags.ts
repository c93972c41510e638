import { tagRoutes as routes } from '@dj-customers/spec'
import { createTag, deleteTag, updateTag } from '../domain/tags.js'
import { findItem } from '../domain/tx.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'

export function tagRoutes(api: Api) {
  const { db } = api
  const list = new ListEngine(db.customerTags, {
    search: (t) => `${t.externalId}\u0001${t.name}\u0001${t.description ?? ''}`,
    filters: { ids: (t) => t.id, externalIds: (t) => t.externalId },
    sort: {
      id: (t) => t.id,
      externalId: (t) => t.externalId,
      name: (t) => t.name,
      createdAt: (t) => t.createdAt,
      updatedAt: (t) => t.updatedAt,
    },
  })
  const find = (id: string, idType?: 'DJUST_ID' | 'EXTERNAL_ID') =>
    findItem(db.customerTags, id, idType, 'customer tag')

  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))

  api.register(routes.create, async (c) => {
    const tag = await api.write(c, (tx) => createTag(tx, c.req.valid('json')))
    return c.json(tag, 201, { ETag: etag(tag.version) })
  })

  api.register(routes.get, (c) => {
    const tag = find(c.req.valid('param').id, c.req.valid('query').idType)
    return c.json(tag, 200, { ETag: etag(tag.version) })
  })

  api.register(routes.update, async (c) => {
    const tag = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, tag.version)
    const next = await api.write(c, (tx) => updateTag(tx, tag, c.req.valid('json')))
    return c.json(next, 200, { ETag: etag(next.version) })
  })

  api.register(routes.delete, async (c) => {
    const tag = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, tag.version)
    await api.write(c, (tx) => deleteTag(tx, tag))
    return c.body(null, 204)
  })
}
