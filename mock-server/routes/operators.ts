import { operatorRoutes as routes } from '@dj-customers/spec'
import {
  allows,
  addApiKey,
  apiKeysOf,
  createOperator,
  deleteOperator,
  fullName,
  revokeApiKey,
  updateOperator,
} from '../domain/operators.js'
import { findItem, type IdType } from '../domain/tx.js'
import { newApiKeySecret, sha256Hex } from '../crypto/tokens.js'
import { crudHandlers } from '../http/crud.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
import type { ApiKeyRecord, OperatorRecord } from '../types.js'

/** OP1; U15: `support` is false in data saved before U15. */
export const operatorDto = (o: OperatorRecord) => ({ ...o, fullName: fullName(o), support: o.support === true })
const apiKeyDto = ({ id, name, prefix, createdAt, lastUsedAt }: ApiKeyRecord) => ({
  id,
  name,
  prefix,
  createdAt,
  lastUsedAt,
})

export function operatorEngine(api: Pick<Api, 'db'>) {
  return new ListEngine<OperatorRecord>(api.db.operators, {
    search: (o) => `${o.email}\u0001${o.firstName}\u0001${o.lastName}`,
    filters: {
      ids: (o) => o.id,
      externalIds: (o) => o.externalId,
      status: (o) => o.status,
      groups: (o) => o.groups,
      storeIds: (o) => o.storeIds,
    },
    sort: {
      id: (o) => o.id,
      externalId: (o) => o.externalId,
      email: (o) => o.email,
      civility: (o) => o.civility,
      firstName: (o) => o.firstName,
      lastName: (o) => o.lastName,
      fullName: (o) => fullName(o),
      locale: (o) => o.locale,
      status: (o) => o.status,
      createdAt: (o) => o.createdAt,
      updatedAt: (o) => o.updatedAt,
    },
  })
}

export function operatorRoutes(api: Api) {
  const { db } = api
  const list = operatorEngine(api)
  const find = (id: string, idType?: IdType) => findItem(db.operators, id, idType, 'operator')

  // OP7. Registered before the CRUD routes, so `me` is not taken for an id.
  api.register(routes.me, (c) => {
    const me = c.get('operator')
    const level = (['Admin', 'User', 'Reader'] as const).find((g) => allows(me.groups, g))!
    const stores = me.storeIds.flatMap((externalId) => {
      const store = db.stores.findBy('externalId', externalId)
      return store ? [{ externalId, name: store.name }] : []
    })
    return c.json({ ...operatorDto(me), level, stores }, 200, { etag: etag(me.version) })
  })

  crudHandlers(api, routes, {
    list,
    find,
    dto: operatorDto,
    create: createOperator,
    update: updateOperator,
    remove: deleteOperator,
  })

  api.register(routes.listApiKeys, (c) => c.json(apiKeysOf(api, find(c.req.valid('param').id)).map(apiKeyDto), 200))

  api.register(routes.createApiKey, async (c) => {
    // Hash first: nothing may wait between reading the operator and storing its key (a delete could slip in).
    const secret = newApiKeySecret()
    const hash = await sha256Hex(secret)
    const op = find(c.req.valid('param').id)
    const name = (c.req.valid('json') as { name?: string }).name || null
    const record = await api.write(c, (tx) => addApiKey(tx, op, name, secret, hash))
    return c.json({ ...apiKeyDto(record), key: secret }, 201)
  })

  api.register(routes.revokeApiKey, async (c) => {
    const { id, keyId } = c.req.valid('param')
    const op = find(id)
    await api.write(c, (tx) => revokeApiKey(tx, op, keyId))
    return c.body(null, 204)
  })
}
