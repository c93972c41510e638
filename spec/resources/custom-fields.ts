import { z } from '@hono/zod-openapi'
import { ExternalId, Id, MultiValue, Name, Page, Timestamp, Version, crudRoutes } from '../common.js'

// CF1, CF2 — custom field definitions; the values live on accounts, organisations and customer users.
export const CustomFieldEntity = z
  .enum(['CUSTOMER_USER', 'ORGANISATION', 'CUSTOMER_ACCOUNT'])
  .openapi('CustomFieldEntity')
export const CustomFieldType = z.enum(['TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'LIST']).openapi('CustomFieldType', {
  description:
    'TEXT: a string (≤ 4000); NUMBER: a JSON number; BOOLEAN: true/false; DATE: `YYYY-MM-DD`; LIST: one of `options`.',
})

/** Keys that would reach an object's prototype when used as the key of a value. */
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype']

export const CustomFieldDefinition = z
  .object({
    id: Id,
    externalId: ExternalId,
    name: z.string(),
    entity: CustomFieldEntity,
    type: CustomFieldType,
    options: z
      .array(z.string())
      .nullable()
      .openapi({ description: 'The allowed values of a LIST field; `null` for other types.' }),
    multiple: z.boolean(),
    required: z.boolean(),
    version: Version,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('CustomFieldDefinition')

export const CustomFieldDefinitionInput = z
  .strictObject({
    externalId: ExternalId.refine((v) => !RESERVED_KEYS.includes(v), 'is reserved').openapi({
      description: 'The key of the values in `customFields`; unique per entity. Must differ from `name` (CF1).',
      example: 'tier',
    }),
    name: Name(),
    entity: CustomFieldEntity,
    type: CustomFieldType,
    options: z
      .array(Name())
      .max(1000)
      .nullable()
      .optional()
      .openapi({
        description: 'LIST only, and required for LIST: at least one value, no duplicates (case-insensitive).',
        example: ['gold', 'silver'],
      }),
    multiple: z.boolean().default(false).openapi({ description: 'Values are lists of the type. Default false.' }),
    required: z
      .boolean()
      .default(false)
      .openapi({ description: 'A value is needed on create, and whenever `customFields` is sent. Default false.' }),
  })
  .superRefine((d, ctx) => {
    if (d.type !== 'LIST') {
      if (d.options != null)
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'only LIST fields have options' })
      return
    }
    if (!d.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a LIST field needs at least one option' })
    const seen = new Set<string>()
    d.options?.forEach((o, i) => {
      if (seen.has(o.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: ['options', i], message: `duplicates another option (${o})` })
      seen.add(o.toLowerCase())
    })
  })
  .openapi('CustomFieldDefinitionInput', {
    example: {
      externalId: 'tier',
      name: 'Customer tier',
      entity: 'CUSTOMER_ACCOUNT',
      type: 'LIST',
      options: ['gold', 'silver'],
      multiple: false,
      required: false,
    },
  })

export const customFieldRoutes = crudRoutes({
  path: '/v1/custom-fields',
  resource: 'CUSTOM-FIELD',
  tag: 'Custom fields',
  noun: 'custom field',
  example: 'cf_0000000001',
  entity: CustomFieldDefinition,
  input: CustomFieldDefinitionInput,
  page: Page(CustomFieldDefinition, 'CustomFieldDefinitionPage'),
  writeRole: 'Admin',
  listQuery: {
    ids: MultiValue('DJUST ids; OR-ed.', 'cf_0000000001'),
    externalIds: MultiValue('External ids; OR-ed.', 'tier'),
    entity: MultiValue('Entities; OR-ed.', 'CUSTOMER_ACCOUNT'),
    type: MultiValue('Types; OR-ed.', 'LIST,TEXT'),
  },
  deleteQuery: {
    force: z
      .enum(['true', 'false'])
      .optional()
      .openapi({ description: 'Also remove the values stored under this field.' }),
  },
  describe: {
    list: 'CF1. Search matches name and externalId; filters by entity and type. Sortable: id, externalId, name, entity, type, createdAt, updatedAt.',
    create:
      'CF1, Admin only. `externalId` is unique per entity (409) and is the key of the values in `customFields`; `name` and `externalId` must differ, ignoring case (422). ' +
      'A new `required` field applies to records created or changed from now on: records without a value stay as they are until their `customFields` are next sent.',
    get: 'CF1. With `?idType=EXTERNAL_ID` the item routes take `ENTITY:externalId` (e.g. `CUSTOMER_ACCOUNT:tier`), or the bare externalId when only one entity has it.',
    update:
      'CF1, Admin only. A change never leaves a stored value invalid: while values are stored under the field, changing `type`, `multiple` or `entity` is refused (409 `IN_USE`), ' +
      'and so is removing a LIST option still in use. A new `externalId` re-keys the stored values on every record of the entity.',
    delete:
      'CF1, Admin only. While values are stored under the field → 409 `IN_USE`, unless `force=true`, which removes those values from every record.',
  },
})
