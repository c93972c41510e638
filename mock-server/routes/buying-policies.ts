import { buyingPolicyRoutes as routes } from '@dj-customers/spec'
import { createBuyingPolicy, deleteBuyingPolicy, updateBuyingPolicy } from '../domain/buying-policies.js'
import type { IdType } from '../domain/tx.js'
import { asEntity, crudHandlers } from '../http/crud.js'
import type { Api } from '../http/kit.js'
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

  crudHandlers(api, routes, {
    list,
    find,
    dto: asEntity,
    create: createBuyingPolicy,
    update: updateBuyingPolicy,
    remove: deleteBuyingPolicy,
  })
}
