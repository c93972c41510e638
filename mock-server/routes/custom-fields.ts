import { customFieldRoutes as routes } from '@dj-customers/spec'
import { createCustomField, deleteCustomField, findCustomField, updateCustomField } from '../domain/custom-fields.js'
import { asEntity, crudHandlers } from '../http/crud.js'
import type { Api } from '../http/kit.js'
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

  crudHandlers(api, routes, {
    list,
    find: (id, idType) => findCustomField(db, id, idType),
    dto: asEntity,
    create: createCustomField,
    update: updateCustomField,
    remove: (tx, def, { force }) => deleteCustomField(tx, def, force === 'true'),
  })
}
