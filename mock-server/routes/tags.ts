import { tagRoutes as routes } from '@dj-customers/spec'
import { createTag, deleteTag, updateTag } from '../domain/tags.js'
import { findItem } from '../domain/tx.js'
import { asEntity, crudHandlers } from '../http/crud.js'
import type { Api } from '../http/kit.js'
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
  crudHandlers(api, routes, {
    list,
    find: (id, idType) => findItem(db.customerTags, id, idType, 'customer tag'),
    dto: asEntity,
    create: createTag,
    update: updateTag,
    remove: deleteTag,
  })
}
