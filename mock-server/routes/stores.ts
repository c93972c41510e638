import { storeRoutes as routes } from '@dj-customers/spec'
import { createStore, deleteStore, storeDto, updateStore } from '../domain/stores.js'
import { findItem } from '../domain/tx.js'
import { crudHandlers } from '../http/crud.js'
import type { Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'

export function storeRoutes(api: Api) {
  const { db } = api
  const list = new ListEngine(db.stores, {
    search: (s) => `${s.externalId}\u0001${s.name}`,
    sort: {
      id: (s) => s.id,
      externalId: (s) => s.externalId,
      name: (s) => s.name,
      createdAt: (s) => s.createdAt,
      updatedAt: (s) => s.updatedAt,
    },
  })
  crudHandlers(api, routes, {
    list,
    find: (id, idType) => findItem(db.stores, id, idType, 'store'),
    dto: storeDto,
    create: createStore,
    update: updateStore,
    remove: deleteStore,
  })
}
