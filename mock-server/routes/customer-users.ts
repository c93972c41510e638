import { customerUserRoutes as routes } from '@dj-customers/spec'
import {
  canLogIn,
  createCustomerUser,
  deleteCustomerUser,
  patchCustomerUser,
  setStatusOfMany,
  updateCustomerUser,
  type NewPassword,
} from '../domain/customer-users.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { mintToken, openSession } from '../domain/sessions.js'
import { findItem } from '../domain/tx.js'
import { generatePassword, hashPassword } from '../http/crypto.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
import type { CustomFieldValues } from '../types.js'
import { fail } from '../problem.js'
import type { CustomerUserRecord } from '../types.js'

/** Never the password hash (DESIGN §2, §6). */
export const customerUserDto = ({ password: _password, ...user }: CustomerUserRecord) => user

export function customerUserEngine(api: Pick<Api, 'db'>) {
  return new ListEngine<CustomerUserRecord>(api.db.customerUsers, {
    search: (u) => `${u.email}\u0001${u.firstName}\u0001${u.lastName}\u0001${u.externalId}\u0001${u.customerNumber}`,
    filters: {
      ids: (u) => u.id,
      externalIds: (u) => u.externalId,
      accountIds: (u) => u.accountIds,
      organisationIds: (u) => u.organisationIds,
      status: (u) => u.status,
      groups: (u) => u.groups,
      storeIds: (u) => u.storeIds,
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
    },
  })
}

export function customerUserRoutes(api: Api) {
  const { db } = api
  const list = customerUserEngine(api)
  const find = (id: string, idType?: 'DJUST_ID' | 'EXTERNAL_ID') =>
    findItem(db.customerUsers, id, idType, 'customer user')
  const hooks = { validateCustomFields: (v: CustomFieldValues) => validateCustomFields(db, 'CUSTOMER_USER', v) }
  /** Hashing is slow on purpose, so it runs before the synchronous change, never inside it. */
  const newPassword = async (given: string | undefined): Promise<NewPassword> => {
    const plain = given ?? generatePassword()
    return { plain, hash: await hashPassword(plain, api.options.passwordIterations) }
  }
  const reply = (u: CustomerUserRecord) => [customerUserDto(u), { ETag: etag(u.version) }] as const

  api.register(routes.list, (c) => {
    const page = list.run(c.req.valid('query'))
    return c.json({ ...page, content: page.content.map(customerUserDto) }, 200)
  })

  api.register(routes.create, async (c) => {
    const input = c.req.valid('json')
    const password = await newPassword(input.password)
    const [body, headers] = reply(await api.write(c, (tx) => createCustomerUser(tx, input, password, hooks)))
    return c.json(body, 201, headers)
  })

  api.register(routes.get, (c) => {
    const [body, headers] = reply(find(c.req.valid('param').id, c.req.valid('query').idType))
    return c.json(body, 200, headers)
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
    const [body, headers] = reply(user)
    return c.json(body, 200, headers)
  })

  api.register(routes.patch, async (c) => {
    const patch = c.req.valid('json')
    const password = patch.password === undefined ? null : await newPassword(patch.password)
    const user = await api.write(c, (tx) => {
      const current = find(c.req.valid('param').id)
      api.checkIfMatch(c, current.version)
      return patchCustomerUser(tx, current, patch, password, hooks)
    })
    const [body, headers] = reply(user)
    return c.json(body, 200, headers)
  })

  api.register(routes.delete, async (c) => {
    const user = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, user.version)
    await api.write(c, (tx) => deleteCustomerUser(tx, user))
    return c.body(null, 204)
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

  api.register(routes.assistedSession, async (c) => {
    const minted = await mintToken()
    const { user, session } = await api.write(c, (tx) => {
      const user = find(c.req.valid('param').id)
      if (!canLogIn(user) || !user.accountIds.some((id) => db.customerAccounts.get(id)?.status === 'ACTIVE')) {
        throw fail.rule('id', 'this customer user cannot log in: inactive, on hold, or no ACTIVE account')
      }
      return { user, session: openSession(tx, user, minted, c.get('operator').id) }
    })
    return c.json({ accessToken: session.token, expiresIn: session.expiresIn, customerUserId: user.id }, 201)
  })
}
