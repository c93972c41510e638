import { buyingPolicyRoutes as routes } from '@dj-customers/spec'
import { createBuyingPolicy, deleteBuyingPolicy, updateBuyingPolicy } from '../domain/buying-policies.js'
import type { IdType } from '../domain/tx.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
import { fail } from '../problem.js'

export function buyingPolicyRoutes(api: Api) {
  const { db } = api
  const list = new ListEngine(db.buyingPolicies, {
    search: (p) => `${p.name}\u0001${p.description ?? ''}`,
    filters: {
      ids: (p) => p.id,
      accountIds: (p) => p.accountId,
      reviewedUserIds: (p) => p.reviewedUserIds,
      approverUserIds: (p) => p.approverUserIds,
    },
    sort: {
      id: (p) => p.id,
      name: (p) => p.name,
      accountId: (p) => p.accountId,
      createdAt: (p) => p.createdAt,
      updatedAt: (p) => p.updatedAt,
    },
  })
  /** Buying policies have no external id, so `idType=EXTERNAL_ID` cannot name one. */
  const find = (id: string, idType: IdType) => {
    if (idType === 'EXTERNAL_ID')
      throw fail.validation([fail.field('idType', 'INVALID', 'buying policies have no external id: use the DJUST id')])
    const policy = db.buyingPolicies.get(id)
    if (!policy) throw fail.notFound('buying policy', id)
    return policy
  }

  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))

  api.register(routes.create, async (c) => {
    const policy = await api.write(c, (tx) => createBuyingPolicy(tx, c.req.valid('json')))
    return c.json(policy, 201, { ETag: etag(policy.version) })
  })

  api.register(routes.get, (c) => {
    const policy = find(c.req.valid('param').id, c.req.valid('query').idType)
    return c.json(policy, 200, { ETag: etag(policy.version) })
  })

  api.register(routes.update, async (c) => {
    const policy = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, policy.version)
    const next = await api.write(c, (tx) => updateBuyingPolicy(tx, policy, c.req.valid('json')))
    return c.json(next, 200, { ETag: etag(next.version) })
  })

  api.register(routes.delete, async (c) => {
    const policy = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, policy.version)
    await api.write(c, (tx) => deleteBuyingPolicy(tx, policy))
    return c.body(null, 204)
  })
}
