import { customerUserRoutes as routes } from '@dj-customers/spec'
import {
  createCustomerUser,
  deleteCustomerUser,
  patchCustomerUser,
  setStatusOfMany,
  updateCustomerUser,
  type NewPassword,
} from '../domain/customer-users.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { allGroups, membershipsOf } from '../domain/memberships.js'
import { assertMayAssist, issueAssistCode, mintToken } from '../domain/sessions.js'
import { findItem, type IdType } from '../domain/tx.js'
import { generatePassword } from '../crypto/passwords.js'
import { crudHandlers, etagged } from '../http/crud.js'
import type { Api } from '../http/kit.js'
import { ListEngine, customFieldsOf } from '../list-engine.js'
import type { CustomFieldValues } from '../types.js'
import type { CustomerUserRecord } from '../types.js'

/**
 * Never the password hash (docs/conventions.md §2, §6). U16: `groups` is every group of any membership, and
 * `memberships` says which account gives which.
 */
export const customerUserDto = (record: CustomerUserRecord) => {
  const { password: _password, groupsByAccount: _groups, ...user } = record
  return { ...user, groups: allGroups(record), memberships: membershipsOf(record) }
}

/**
 * The list of customer users (U1, L1). `storefront`: the shop's list (O5), which has no company sort: a user's
 * first account may be another customer's, whose name must not order this one's list (SS5).
 */
export function customerUserEngine(api: Pick<Api, 'db'>, { storefront = false } = {}) {
  const { db } = api
  const company = (u: CustomerUserRecord) =>
    u.accountIds.length ? db.customerAccounts.get(u.accountIds[0])?.name : null
  return new ListEngine<CustomerUserRecord>(db.customerUsers, {
    search: (u) => `${u.email}\u0001${u.firstName}\u0001${u.lastName}\u0001${u.externalId}\u0001${u.customerNumber}`,
    filters: {
      ids: (u) => u.id,
      externalIds: (u) => u.externalId,
      accountIds: (u) => u.accountIds,
      organisationIds: (u) => u.organisationIds,
      status: (u) => u.status,
      groups: (u) => allGroups(u), // U16: a user matches when any membership has the group
      storeIds: (u) => u.storeIds,
      preferredSite: (u) => u.preferredSite, // L1
    },
    sort: {
      id: (u) => u.id,
      externalId: (u) => u.externalId,
      email: (u) => u.email,
      firstName: (u) => u.firstName,
      lastName: (u) => u.lastName,
      status: (u) => u.status,
      customerNumber: (u) => u.customerNumber,
      createdAt: (u) => u.createdAt,
      updatedAt: (u) => u.updatedAt,
      lastLoginAt: (u) => u.lastLoginAt,
      preferredSite: (u) => u.preferredSite,
      // L1: the company is the name of the user's first account; a user without one sorts last.
      ...(storefront ? {} : { company }),
    },
    // L1: renaming (or deleting) an account changes companies: only that sort key is dropped, not the whole list.
    dependsOn: storefront ? [] : [{ collection: db.customerAccounts, fields: ['company'] }],
    customFields: customFieldsOf(db.customFields, 'CUSTOMER_USER'),
  })
}

export function customerUserRoutes(api: Api) {
  const { db } = api
  const list = customerUserEngine(api)
  const find = (id: string, idType?: IdType) => findItem(db.customerUsers, id, idType, 'customer user')
  const hooks = { validateCustomFields: (v: CustomFieldValues) => validateCustomFields(db, 'CUSTOMER_USER', v) }
  /** Hashing is slow on purpose, so it runs before the synchronous change, never inside it. */
  const newPassword = async (given: string | undefined): Promise<NewPassword> => {
    // R5: a password someone chose is never sent (nor kept in the outbox); a generated one is.
    const { passwords, passwordIterations } = api.options
    if (given !== undefined) return { plain: '', hash: await passwords.hash(given, passwordIterations) }
    const plain = generatePassword()
    return { plain, hash: await passwords.hash(plain, passwordIterations) }
  }

  // Create and update hash a password first, so they register their own handlers below.
  crudHandlers(api, routes, {
    list,
    find,
    dto: customerUserDto,
    remove: deleteCustomerUser,
  })

  api.register(routes.create, async (c) => {
    const input = c.req.valid('json')
    const password = await newPassword(input.password)
    return etagged(c, customerUserDto(await api.write(c, (tx) => createCustomerUser(tx, input, password, hooks))), 201)
  })

  // The password is hashed first; the user is read after, inside the change, so a concurrent delete or
  // update between the two cannot be overwritten.
  api.register(routes.update, async (c) => {
    const input = c.req.valid('json')
    const password = input.password === undefined ? null : await newPassword(input.password)
    const user = await api.write(c, (tx) => {
      const current = find(c.req.valid('param').id, c.req.valid('query').idType)
      api.checkIfMatch(c, current.version)
      return updateCustomerUser(tx, current, input, password, hooks)
    })
    return etagged(c, customerUserDto(user), 200)
  })

  api.register(routes.patch, async (c) => {
    const patch = c.req.valid('json')
    const password = patch.password === undefined ? null : await newPassword(patch.password)
    const user = await api.write(c, (tx) => {
      const current = find(c.req.valid('param').id)
      api.checkIfMatch(c, current.version)
      return patchCustomerUser(tx, current, patch, password, hooks)
    })
    return etagged(c, customerUserDto(user), 200)
  })

  for (const [route, status] of [
    [routes.activate, 'ACTIVE'],
    [routes.deactivate, 'INACTIVE'],
  ] as const) {
    api.register(route, async (c) => {
      const updated = await api.write(c, (tx) => setStatusOfMany(tx, c.req.valid('json').ids, status))
      return c.json({ updated }, 200)
    })
  }

  // U11, U15: the answer is the store's storefront URL with a one-time code, never a token (domain/sessions.ts).
  api.register(routes.assistedSession, async (c) => {
    const operator = c.get('operator')
    assertMayAssist(operator) // before anything is looked up: 403 whatever the user or store
    const minted = await mintToken()
    const { storeId } = (c.req.valid('json') ?? {}) as { storeId?: string }
    const session = await api.write(c, (tx) =>
      issueAssistCode(tx, operator, find(c.req.valid('param').id), storeId, minted),
    )
    return c.json(session, 201)
  })
}
