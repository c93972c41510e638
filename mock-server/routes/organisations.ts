import { organisationRoutes as routes } from '@dj-customers/spec'
import {
  createOrganisation,
  deleteOrganisation,
  moveOrganisation,
  organisationTree,
  updateOrganisation,
} from '../domain/organisations.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { findItem, type IdType } from '../domain/tx.js'
import { asEntity, crudHandlers, etagged } from '../http/crud.js'
import type { Api } from '../http/kit.js'
import { ListEngine, customFieldsOf } from '../list-engine.js'
import type { CustomFieldValues } from '../types.js'

export function organisationRoutes(api: Api) {
  const { db } = api
  const list = new ListEngine(db.organisations, {
    search: (o) => `${o.externalId}\u0001${o.name}`,
    filters: {
      ids: (o) => o.id,
      externalIds: (o) => o.externalId,
      accountIds: (o) => o.accountId,
      parentIds: (o) => o.parentId,
      status: (o) => o.status,
    },
    sort: {
      id: (o) => o.id,
      externalId: (o) => o.externalId,
      name: (o) => o.name,
      status: (o) => o.status,
      createdAt: (o) => o.createdAt,
      updatedAt: (o) => o.updatedAt,
    },
    customFields: customFieldsOf(db.customFields, 'ORGANISATION'), // L1
  })
  const find = (id: string, idType?: IdType) => findItem(db.organisations, id, idType, 'organisation')
  const customFields = (values: CustomFieldValues) => validateCustomFields(db, 'ORGANISATION', values)

  crudHandlers(api, routes, {
    list,
    find,
    dto: asEntity,
    create: (tx, input) => createOrganisation(tx, input, customFields),
    update: (tx, org, input) => updateOrganisation(tx, org, input, customFields),
    remove: (tx, org, { cascade }) => deleteOrganisation(tx, org, cascade === 'true'),
  })

  api.register(routes.move, async (c) => {
    const org = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, org.version)
    return etagged(c, await api.write(c, (tx) => moveOrganisation(tx, org, c.req.valid('json').parentId)), 200)
  })

  api.register(routes.tree, (c) => {
    const account = findItem(
      db.customerAccounts,
      c.req.valid('param').id,
      c.req.valid('query').idType,
      'customer account',
    )
    return c.json(organisationTree(db, account.id), 200)
  })
}
