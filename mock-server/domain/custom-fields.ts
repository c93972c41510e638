import type { CustomFieldDefinitionInput } from '@dj-customers/spec'
import type { z } from '@hono/zod-openapi'
import type { Collection } from '../collection.js'
import type { Db } from '../db.js'
import { fail, type FieldErrorItem } from '../problem.js'
import type { CustomFieldEntity, CustomFieldRecord, CustomFieldValues, Versioned } from '../types.js'
import { assertUnique, type IdType, type Tx } from './tx.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

function valueProblem(def: Pick<CustomFieldRecord, 'type' | 'options' | 'multiple'>, value: unknown): string | null {
  const one = (v: unknown): string | null => {
    switch (def.type) {
      case 'TEXT':
        return typeof v === 'string' && v.length <= 4000 ? null : 'must be a text of at most 4000 characters'
      case 'NUMBER':
        return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'
      case 'BOOLEAN':
        return typeof v === 'boolean' ? null : 'must be true or false'
      case 'DATE':
        return typeof v === 'string' &&
          DATE.test(v) &&
          !Number.isNaN(Date.parse(v)) &&
          new Date(v).toISOString().startsWith(v)
          ? null
          : 'must be a date YYYY-MM-DD'
      case 'LIST':
        return typeof v === 'string' && def.options?.includes(v)
          ? null
          : `must be one of ${(def.options ?? []).join(', ')}`
    }
  }
  if (def.multiple) {
    if (!Array.isArray(value)) return 'must be a list'
    for (const v of value) {
      const p = one(v)
      if (p) return `each value ${p}`
    }
    return null
  }
  return one(value)
}

/** No value: absent, null, an empty text or an empty list. */
const isEmpty = (values: CustomFieldValues, key: string) => {
  if (!Object.hasOwn(values, key)) return true
  const v = values[key]
  return v === null || v === '' || (Array.isArray(v) && v.length === 0)
}

/**
 * CF2: values are keyed by definition externalId and checked against their definition; unknown keys are
 * refused; required fields must be present on create — and whenever the values are replaced (an update
 * that sends `customFields` sends them all).
 */
export function validateCustomFields(db: Db, entity: CustomFieldEntity, values: CustomFieldValues) {
  const errors: FieldErrorItem[] = []
  const defs = [...db.customFields.values()].filter((d) => d.entity === entity)
  for (const [key, value] of Object.entries(values)) {
    const def = defs.find((d) => d.externalId === key)
    if (!def) errors.push(fail.field(`customFields.${key}`, 'UNKNOWN_FIELD', `no ${entity} custom field ${key}`))
    else if (value !== null) {
      const problem = valueProblem(def, value)
      if (problem) errors.push(fail.field(`customFields.${key}`, 'INVALID', problem))
    }
  }
  for (const def of defs) {
    if (def.required && isEmpty(values, def.externalId))
      errors.push(fail.field(`customFields.${def.externalId}`, 'REQUIRED', 'is required'))
  }
  if (errors.length) throw fail.rules(errors)
}

// ---- CF1: definitions ------------------------------------------------------------------------------------

/**
 * CF1: the body of `POST`/`PUT /v1/custom-fields`. `z.input`, not `z.output`: `multiple` and `required` may be
 * left out, as in a request, and the domain applies the contract's defaults (false) itself.
 */
export type CustomFieldInput = z.input<typeof CustomFieldDefinitionInput>

type Holder = Versioned & { customFields: CustomFieldValues }
/** Where each entity keeps its values, and its name in the audit log. */
const HOLDERS: Record<CustomFieldEntity, { rows: (db: Db) => Collection<Holder>; entity: string; noun: string }> = {
  CUSTOMER_USER: {
    rows: (db) => db.customerUsers as unknown as Collection<Holder>,
    entity: 'customer-user',
    noun: 'customer user',
  },
  ORGANISATION: {
    rows: (db) => db.organisations as unknown as Collection<Holder>,
    entity: 'organisation',
    noun: 'organisation',
  },
  CUSTOMER_ACCOUNT: {
    rows: (db) => db.customerAccounts as unknown as Collection<Holder>,
    entity: 'customer-account',
    noun: 'customer account',
  },
}

/** The records of the definition's entity that carry its key, and those of them that hold a value. */
function holdersOf(db: Db, def: CustomFieldRecord) {
  const carrying = [...HOLDERS[def.entity].rows(db).values()].filter((r) =>
    Object.hasOwn(r.customFields, def.externalId),
  )
  return { carrying, valued: carrying.filter((r) => r.customFields[def.externalId] !== null) }
}

const keyOf = (entity: string, externalId: string) => `${entity}/${externalId}`
const definitionOf = (input: CustomFieldInput) => ({
  externalId: input.externalId,
  name: input.name,
  entity: input.entity,
  type: input.type,
  options: input.type === 'LIST' ? (input.options ?? []) : null,
  multiple: input.multiple ?? false,
  required: input.required ?? false,
})

/** CF1: externalId unique per entity (409); name and externalId differ, ignoring case (422). */
function checkDefinition(tx: Tx, input: CustomFieldInput, exceptId?: string) {
  assertUnique(
    tx.db.customFields,
    'externalId',
    keyOf(input.entity, input.externalId),
    exceptId,
    'externalId',
    `${input.entity} custom field`,
    input.externalId,
  )
  if (input.name.trim().toLowerCase() === input.externalId.toLowerCase())
    throw fail.rule('name', 'must differ from externalId (CF1)')
}

export function createCustomField(tx: Tx, input: CustomFieldInput): CustomFieldRecord {
  checkDefinition(tx, input)
  const def: CustomFieldRecord = { id: tx.db.nextId('cf'), ...definitionOf(input), ...tx.stamp() }
  tx.db.customFields.insert(def)
  tx.audit('create', 'custom-field', def.id, null, def)
  return def
}

/**
 * CF1: a change never leaves a stored value invalid. While values are stored, `type`, `multiple` and
 * `entity` stay as they are, and any other change (a LIST option removed) must keep every value valid.
 * A new externalId re-keys the values; a new entity (no values) drops the empty keys left on the old one.
 */
export function updateCustomField(tx: Tx, def: CustomFieldRecord, input: CustomFieldInput): CustomFieldRecord {
  checkDefinition(tx, input, def.id)
  const next = tx.next(def, definitionOf(input))
  const { carrying, valued } = holdersOf(tx.db, def)
  const { noun } = HOLDERS[def.entity]
  const frozen = (['type', 'multiple', 'entity'] as const).filter((k) => next[k] !== def[k])
  if (valued.length && frozen.length) {
    throw fail.inUse(
      `${frozen.join(', ')}: cannot change while ${valued.length} ${noun}(s) hold a value of custom field ${def.externalId}; remove the values (or delete the field with force=true) first.`,
    )
  }
  const broken = valued.filter((r) => valueProblem(next, r.customFields[def.externalId]) !== null)
  if (broken.length) {
    const used = new Set(broken.flatMap((r) => [r.customFields[def.externalId]].flat().map(String)))
    const gone = (def.options ?? []).filter((o) => used.has(o) && !next.options?.includes(o))
    throw fail.inUse(
      `options: ${gone.map((o) => JSON.stringify(o)).join(', ')} still used by ${broken.length} ${noun}(s); change those values first.`,
    )
  }
  tx.db.customFields.replace(next)
  if (next.entity !== def.entity || next.externalId !== def.externalId) {
    for (const record of carrying) {
      const values = Object.entries(record.customFields).flatMap(([k, v]): [string, CustomFieldValues[string]][] =>
        k !== def.externalId ? [[k, v]] : next.entity === def.entity ? [[next.externalId, v]] : [],
      )
      saveValues(tx, def.entity, record, Object.fromEntries(values))
    }
  }
  tx.audit('update', 'custom-field', def.id, def, next)
  return next
}

/** CF1: a field that still holds values goes only with `force`, which removes the values with it. */
export function deleteCustomField(tx: Tx, def: CustomFieldRecord, force: boolean) {
  const { carrying, valued } = holdersOf(tx.db, def)
  if (valued.length && !force) {
    throw fail.inUse(
      `Custom field ${def.entity}:${def.externalId} holds values on ${valued.length} ${HOLDERS[def.entity].noun}(s); delete it with force=true to remove them too.`,
    )
  }
  for (const record of carrying) {
    const { [def.externalId]: _gone, ...rest } = record.customFields
    saveValues(tx, def.entity, record, rest)
  }
  tx.db.customFields.remove(def.id)
  tx.audit('delete', 'custom-field', def.id, def, null)
}

function saveValues(tx: Tx, entity: CustomFieldEntity, record: Holder, customFields: CustomFieldValues) {
  const holder = HOLDERS[entity]
  const next = tx.next(record, { customFields })
  holder.rows(tx.db).replace(next)
  tx.audit('update', holder.entity, record.id, record, next)
}

/**
 * A definition by DJUST id, or with `idType=EXTERNAL_ID` by `ENTITY:externalId` — or the bare externalId
 * when a single entity has it (externalIds are unique per entity only).
 */
export function findCustomField(db: Db, id: string, idType: IdType): CustomFieldRecord {
  if (idType !== 'EXTERNAL_ID') {
    const def = db.customFields.get(id)
    if (!def) throw fail.notFound('custom field', id)
    return def
  }
  const colon = id.indexOf(':')
  const entity = id.slice(0, colon)
  if (colon > 0 && Object.hasOwn(HOLDERS, entity)) {
    const def = db.customFields.findBy('externalId', keyOf(entity, id.slice(colon + 1)))
    if (def) return def
  }
  const matches = [...db.customFields.values()].filter((d) => d.externalId === id)
  if (matches.length > 1) {
    throw fail.rule(
      'id',
      `${matches.length} entities have a custom field ${id}: name one, e.g. ${matches[0].entity}:${id}`,
    )
  }
  if (!matches.length) throw fail.notFound('custom field', id)
  return matches[0]
}
