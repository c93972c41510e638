import type { z } from '@hono/zod-openapi'
import { fail, type FieldErrorItem } from '../problem.js'

/** Turns zod issues into the `errors` list of a 400 problem, one entry per field, named as the caller wrote it. */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], target: string, input: unknown): FieldErrorItem[] {
  const name = (path: readonly PropertyKey[]) => {
    let out = ''
    for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
    return out || (target === 'json' ? '(body)' : `(${target})`)
  }
  const errors: FieldErrorItem[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push(fail.field(name([...issue.path, key]), 'UNKNOWN_FIELD', 'is not a known field'))
    } else if (issue.code === 'invalid_union' && issue.errors.length) {
      // Report the closest branch: the one whose own issues are fewest.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]
      errors.push(
        ...issuesToErrors(
          best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
          target,
          input,
        ),
      )
    } else {
      // Missing, whatever message the schema gives for a bad value: the caller sent nothing there.
      const missing = valueAt(input, issue.path) === undefined
      errors.push(
        fail.field(name(issue.path), missing ? 'REQUIRED' : 'INVALID', missing ? 'is required' : issue.message),
      )
    }
  }
  return errors
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/** The validation hook of every route: a failed check becomes a 400 problem naming each field. */
export function validationHook(result: { success: boolean; target: string; data?: unknown; error?: z.ZodError }) {
  if (!result.success)
    throw fail.validation(issuesToErrors(result.error!.issues as z.core.$ZodIssue[], result.target, result.data))
}
