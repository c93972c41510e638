import { accountRoutes as routes } from '@dj-customers/spec'
import {
  addAddress,
  createAccount,
  decideAccount,
  deleteAccount,
  deleteAddress,
  replaceAccountTags,
  setLegalUser,
  updateAccount,
  updateAddress,
} from '../domain/accounts.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { withActivationNotices } from '../domain/registration.js'
import { findItem, type IdType } from '../domain/tx.js'
import type { Db } from '../db.js'
import { generatePassword } from '../crypto/passwords.js'
import { crudHandlers, etagged } from '../http/crud.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine, customFieldsOf } from '../list-engine.js'
import { fail } from '../problem.js'
import type { AccountRecord, CustomFieldValues } from '../types.js'

/** Responses show tags as `customerTags: [{id, externalId, name}]` beside the ids (docs/conventions.md §2b). */
export function accountDto(db: Db, a: AccountRecord) {
  const customerTags = a.customerTagIds.flatMap((id) => {
    const t = db.customerTags.get(id)
    return t ? [{ id: t.id, externalId: t.externalId, name: t.name }] : []
  })
  return { ...a, customerTags }
}

export function accountRoutes(api: Api) {
  const { db } = api
  const list = new ListEngine(db.customerAccounts, {
    search: (a) => `${a.externalId}\u0001${a.name}`,
    filters: {
      ids: (a) => a.id,
      externalIds: (a) => a.externalId,
      status: (a) => a.status,
      customerTagIds: (a) => a.customerTagIds,
      customerTagExternalIds: (a) => a.customerTagIds.map((id) => db.customerTags.get(id)?.externalId ?? ''),
    },
    sort: {
      id: (a) => a.id,
      externalId: (a) => a.externalId,
      name: (a) => a.name,
      status: (a) => a.status,
      createdAt: (a) => a.createdAt,
      updatedAt: (a) => a.updatedAt,
    },
    // A tag's externalId can change without touching the accounts that carry it: only that filter reads tags.
    dependsOn: [{ collection: db.customerTags, fields: ['customerTagExternalIds'] }],
    customFields: customFieldsOf(db.customFields, 'CUSTOMER_ACCOUNT'), // L1
  })
  const find = (id: string, idType?: IdType) => findItem(db.customerAccounts, id, idType, 'customer account')
  const dto = (a: AccountRecord) => accountDto(db, a)

  crudHandlers(api, routes, {
    list,
    find,
    dto,
    update: (tx, account, input) => {
      if (input.customFields) validateCustomFields(db, 'CUSTOMER_ACCOUNT', input.customFields)
      return updateAccount(tx, account, input)
    },
    remove: (tx, account, { force }) => deleteAccount(tx, account, force === 'true'),
  })

  // A2: the first user's generated password is hashed before the synchronous change, never inside it.
  api.register(routes.create, async (c) => {
    const input = c.req.valid('json')
    const plain = input.user ? generatePassword() : null
    const firstUser =
      plain === null
        ? undefined
        : {
            password: { plain, hash: await api.options.passwords.hash(plain, api.options.passwordIterations) },
            hooks: { validateCustomFields: (v: CustomFieldValues) => validateCustomFields(db, 'CUSTOMER_USER', v) },
          }
    const account = await api.write(c, (tx) => {
      validateCustomFields(db, 'CUSTOMER_ACCOUNT', input.customFields ?? {})
      return createAccount(tx, input, firstUser)
    })
    return etagged(c, dto(account), 201)
  })

  for (const [route, decision] of [
    [routes.approve, 'approve'],
    [routes.reject, 'reject'],
  ] as const) {
    api.register(route, async (c) => {
      const account = find(c.req.valid('param').id)
      api.checkIfMatch(c, account.version)
      // A3, U9: approving tells the users who may now log in (SS1: the registrant).
      const decided = await api.write(c, (tx) =>
        withActivationNotices(tx, account, () => decideAccount(tx, account, decision)),
      )
      return etagged(c, dto(decided), 200)
    })
  }

  // A7: the path takes the account's external id (kept from the seed).
  api.register(routes.replaceTags, async (c) => {
    const account = find(c.req.valid('param').customerAccountId, 'EXTERNAL_ID')
    api.checkIfMatch(c, account.version)
    const next = await api.write(c, (tx) => replaceAccountTags(tx, account, c.req.valid('json').customerTagExternalIds))
    return c.body(null, 204, { ETag: etag(next.version) })
  })

  api.register(routes.listAddresses, (c) => c.json(find(c.req.valid('param').id).addresses, 200))

  api.register(routes.createAddress, async (c) => {
    const account = find(c.req.valid('param').id)
    const { account: next, address } = await api.write(c, (tx) => addAddress(tx, account, c.req.valid('json')))
    return c.json(address, 201, { ETag: etag(next.version) })
  })

  api.register(routes.updateAddress, async (c) => {
    const { id, addressId } = c.req.valid('param')
    const account = find(id)
    api.checkIfMatch(c, account.version)
    const { account: next, address } = await api.write(c, (tx) =>
      updateAddress(tx, account, addressId, c.req.valid('json')),
    )
    return c.json(address, 200, { ETag: etag(next.version) })
  })

  api.register(routes.deleteAddress, async (c) => {
    const { id, addressId } = c.req.valid('param')
    const account = find(id)
    api.checkIfMatch(c, account.version)
    const next = await api.write(c, (tx) => deleteAddress(tx, account, addressId))
    return c.body(null, 204, { ETag: etag(next.version) })
  })

  api.register(routes.getLegalUser, (c) => {
    const account = find(c.req.valid('param').id)
    if (!account.legalUser) throw fail.notFound('legal user of account', account.id)
    return c.json(account.legalUser, 200, { ETag: etag(account.version) })
  })

  api.register(routes.putLegalUser, async (c) => {
    const account = find(c.req.valid('param').id)
    api.checkIfMatch(c, account.version)
    const next = await api.write(c, (tx) => setLegalUser(tx, account, c.req.valid('json')))
    return c.json(next.legalUser!, 200, { ETag: etag(next.version) })
  })

  api.register(routes.deleteLegalUser, async (c) => {
    const account = find(c.req.valid('param').id)
    api.checkIfMatch(c, account.version)
    const next = await api.write(c, (tx) => setLegalUser(tx, account, null))
    return c.body(null, 204, { ETag: etag(next.version) })
  })
}
