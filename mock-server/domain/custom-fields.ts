import type { Db } from '../db.js'
import { fail, type FieldErrorItem } from '../problem.js'
import type { CustomFieldEntity, CustomFieldRecord, CustomFieldValues } from '../types.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

function valueProblem(def: CustomFieldRecord, value: unknown): string | null {
  const one = (v: unknown): string | null => {
    switch (def.type) {
      case 'TEXT':
        return typeof v === 'string' && v.length <= 4000 ? null : 'must be a text of at most 4000 characters'
      case 'NUMBER':
        return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'
      case 'BOOLEAN':
        return typeof v === 'boolean' ? null : 'must be true or false'
      case 'DATE':
        return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v) ? null : 'must be a date YYYY-MM-DD'
      case 'LIST':
        return typeof v === 'string' && def.options?.includes(v) ? null : `must be one of ${(def.options ?? []).join(', ')}`
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
    if (def.required && (values[def.externalId] === undefined || values[def.externalId] === null || values[def.externalId] === '')) {
      errors.push(fail.field(`customFields.${def.externalId}`, 'REQUIRED', 'is required'))
    }
  }
  if (errors.length) throw fail.rules(errors)
}
