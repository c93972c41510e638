import { z } from '@hono/zod-openapi'
import { ExternalId, Id, MultiValue, Name, Page, Timestamp, Version, crudRoutes } from '../common.js'

// A6 — customer tags.
export const CustomerTag = z
  .object({
    id: Id,
    externalId: ExternalId,
    name: z.string(),
    description: z.string().nullable(),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('CustomerTag')
export const CustomerTagInput = z
  .strictObject({ externalId: ExternalId, name: Name(), description: z.string().max(2000).nullable().optional() })
  .openapi('CustomerTagInput', {
    example: { externalId: 'premium', name: 'Premium', description: 'Negotiated price list' },
  })

export const tagRoutes = crudRoutes({
  path: '/v1/customer-tags',
  resource: 'CUSTOMER-TAG',
  tag: 'Customer tags',
  noun: 'customer tag',
  example: 'tag_0000000001',
  entity: CustomerTag,
  input: CustomerTagInput,
  page: Page(CustomerTag, 'CustomerTagPage'),
  writeRole: 'Admin',
  listQuery: {
    ids: MultiValue('DJUST ids; OR-ed.', 'tag_0000000001'),
    externalIds: MultiValue('External ids; OR-ed.', 'premium,wholesale'),
  },
  describe: {
    list: 'A6. Search matches name, externalId and description.',
    create: 'A6, Admin only. Names (case-insensitive) and externalIds are unique.',
    update: 'A6, Admin only. Renaming a tag never changes which accounts carry it.',
    delete: 'A6, Admin only. The tag is removed from every account that carries it.',
  },
})
