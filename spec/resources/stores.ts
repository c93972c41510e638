import { z } from '@hono/zod-openapi'
import { ExternalId, Id, Name, Page, Timestamp, Version, crudRoutes } from '../common.js'

// S1 — stores. Referenced everywhere else by externalId (OP3).
export const Store = z
  .object({
    id: Id,
    externalId: ExternalId,
    name: z.string(),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Store')
export const StoreInput = z
  .strictObject({ externalId: ExternalId, name: Name() })
  .openapi('StoreInput', { example: { externalId: 'FR', name: 'France' } })

export const storeRoutes = crudRoutes({
  path: '/v1/stores',
  resource: 'STORE',
  tag: 'Stores',
  noun: 'store',
  example: 'st_0000000001',
  entity: Store,
  input: StoreInput,
  page: Page(Store, 'StorePage'),
  listQuery: {},
  writeRole: 'Admin',
  describe: {
    list: 'S1. A tenant with more than one store is multi-store. Search matches name and externalId.',
    create: 'S1, Admin only. A new store is assigned to no operator (OP3).',
    update: 'S1, Admin only. Changing the externalId updates every reference to the store.',
    delete: 'S1, Admin only. Refused (409 `IN_USE`) while an operator or customer user is assigned to the store.',
  },
})
