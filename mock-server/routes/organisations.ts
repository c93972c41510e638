import { organisationRoutes as routes } from '@dj-customers/spec'
import {
  createOrganisation,
  deleteOrganisation,
  moveOrganisation,
  organisationTree,
  updateOrganisation,
} from '../domain/organisations.js'
import { validateCustomFields } from '../domain/custom-fields.js'
import { findItem } from '../domain/tx.js'
import { etag, type Api } from '../http/kit.js'
import { ListEngine } from '../list-engine.js'
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
  })
  const find = (id: string, idType?: 'DJUST_ID' | 'EXTERNAL_ID') =>
    findItem(db.organisations, id, idType, 'organisation')
  const customFields = (values: CustomFieldValues) => validateCustomFields(db, 'ORGANISATION', values)

  api.register(routes.list, (c) => c.json(list.run(c.req.valid('query')), 200))

  api.register(routes.create, async (c) => {
    const org = await api.write(c, (tx) => createOrganisation(tx, c.req.valid('json'), customFields))
    return c.json(org, 201, { ETag: etag(org.version) })
  })

  api.register(routes.get, (c) => {
    const org = find(c.req.valid('param').id, c.req.valid('query').idType)
    return c.json(org, 200, { ETag: etag(org.version) })
  })

  api.register(routes.update, async (c) => {
    const org = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, org.version)
    const next = await api.write(c, (tx) => updateOrganisation(tx, org, c.req.valid('json'), customFields))
    return c.json(next, 200, { ETag: etag(next.version) })
  })

  api.register(routes.delete, async (c) => {
    const { idType, cascade } = c.req.valid('query')
    const org = find(c.req.valid('param').id, idType)
    api.checkIfMatch(c, org.version)
    await api.write(c, (tx) => deleteOrganisation(tx, org, cascade === 'true'))
    return c.body(null, 204)
  })

  api.register(routes.move, async (c) => {
    const org = find(c.req.valid('param').id, c.req.valid('query').idType)
    api.checkIfMatch(c, org.version)
    const next = await api.write(c, (tx) => moveOrganisation(tx, org, c.req.valid('json').parentId))
    return c.json(next, 200, { ETag: etag(next.version) })
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
