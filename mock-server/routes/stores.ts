import { storeRoutes as routes } from '@dj-customers/spec'
import { createStore, deleteStore, updateStore } from '../domain/stores.js'
import { findItem } from '../domain/tx.js'
import { etag, type Api } from '../http/kit.js'
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

  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))

  api.register(routes.create, async (c) => {
    const store = await api.write(c, (tx) => createStore(tx, c.req.valid('json')))
    return c.json(store, 201, { ETag: etag(store.version) })
  })

  api.register(routes.get, (c) => {
    const store = findItem(db.stores, c.req.valid('param').id, c.req.valid('query').idType, 'store')
    return c.json(store, 200, { ETag: etag(store.version) })
  })

  api.register(routes.update, async (c) => {
    const store = findItem(db.stores, c.req.valid('param').id, c.req.valid('query').idType, 'store')
    api.checkIfMatch(c, store.version)
    const next = await api.write(c, (tx) => updateStore(tx, store, c.req.valid('json')))
    return c.json(next, 200, { ETag: etag(next.version) })
  })

  api.register(routes.delete, async (c) => {
    const store = findItem(db.stores, c.req.valid('param').id, c.req.valid('query').idType, 'store')
    api.checkIfMatch(c, store.version)
    await api.write(c, (tx) => deleteStore(tx, store))
    return c.body(null, 204)
  })
}
