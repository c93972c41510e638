import { buyingPolicyRoutes as routes, storefrontRoutes } from '@dj-customers/spec'
import { createBuyingPolicy, deleteBuyingPolicy, updateBuyingPolicy } from '../domain/buying-policies.js'
import type { IdType } from '../domain/tx.js'
import { asEntity, crudHandlers } from '../http/crud.js'
import type { Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
import { fail } from '../problem.js'
import type { BuyingPolicyRecord } from '../types.js'

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

  shopBuyingPolicies(api)
}

/**
 * B2: `GET /v1/shop/buying-policies` — the policies of the current account that the signed-in user is on, as a
 * reviewed user (with the message to show and who approves) or as an approver (with whose purchases they review).
 * Never another account's policy (SS5): the account filter is the one the request acts in, and every user shown
 * belongs to that policy's account (B1).
 */
function shopBuyingPolicies(api: Api) {
  const { db } = api
  const list = new ListEngine(db.buyingPolicies, {
    search: (p) => `${p.name}\u0001${p.description ?? ''}`,
    filters: {
      accountIds: (p) => p.accountId,
      members: (p) => [...p.reviewedUserIds, ...p.approverUserIds],
    },
    sort: {
      id: (p) => p.id,
      name: (p) => p.name,
      createdAt: (p) => p.createdAt,
      updatedAt: (p) => p.updatedAt,
    },
  })
  const person = (id: string) => {
    const u = db.customerUsers.get(id)
    return u ? [{ id: u.id, firstName: u.firstName, lastName: u.lastName }] : []
  }
  const shopDto = (p: BuyingPolicyRecord, userId: string) => {
    const approver = p.approverUserIds.includes(userId)
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      message: p.message,
      appliesAs: approver ? ('APPROVER' as const) : ('REVIEWED' as const),
      approvers: p.approverUserIds.flatMap(person),
      reviewedUsers: approver ? p.reviewedUserIds.flatMap(person) : [],
      updatedAt: p.updatedAt,
    }
  }
  api.registerStorefront(storefrontRoutes.buyingPolicies, (c) => {
    const me = c.get('customer').id
    const page = list.run({ ...c.req.valid('query'), accountIds: c.get('accountId'), members: me })
    return c.json({ ...page, content: page.content.map((p) => shopDto(p, me)) }, 200)
  })
}
