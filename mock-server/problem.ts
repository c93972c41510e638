import { problemCodes, type ProblemCode } from '@dj-customers/spec'

export interface FieldErrorItem {
  field: string
  code: string
  message: string
}

/**
 * A rule said no. Domain functions throw it *before* changing anything; the app turns it into an
 * `application/problem+json` answer (docs/conventions.md §2) with the catalogue's status.
 */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldErrorItem[],
    readonly extra: { currentVersion?: number } = {},
  ) {
    super(detail ?? problemCodes[code].title)
  }
  get status() {
    return problemCodes[this.code].status
  }
}

export const problemType = (code: ProblemCode) => `/problems/${code.toLowerCase().replaceAll('_', '-')}`

export function problemBody(e: ProblemError) {
  return {
    type: problemType(e.code),
    title: problemCodes[e.code].title,
    status: e.status,
    ...(e.detail ? { detail: e.detail } : {}),
    code: e.code,
    ...(e.errors?.length ? { errors: e.errors } : {}),
    ...e.extra,
  }
}

export function problemResponse(e: ProblemError): Response {
  return new Response(JSON.stringify(problemBody(e)), {
    status: e.status,
    headers: { 'content-type': 'application/problem+json' },
  })
}

const field = (field: string, code: string, message: string): FieldErrorItem => ({ field, code, message })

/** Named constructors for the problems the domain raises, so messages read the same everywhere. */
export const fail = {
  notFound: (entity: string, id: string) => new ProblemError('NOT_FOUND', `No ${entity} ${JSON.stringify(id)}.`),
  taken: (fieldName: string, value: string, entity: string) =>
    new ProblemError('ALREADY_EXISTS', `Another ${entity} already has ${fieldName} ${JSON.stringify(value)}.`, [
      field(fieldName, 'DUPLICATE', `${JSON.stringify(value)} is already used`),
    ]),
  unknownRefs: (items: { field: string; value: string; entity: string }[]) =>
    new ProblemError(
      'UNKNOWN_REFERENCE',
      `Unknown ${[...new Set(items.map((i) => i.entity))].join(', ')}: ${items.map((i) => JSON.stringify(i.value)).join(', ')}.`,
      items.map((i) => field(i.field, 'UNKNOWN_REFERENCE', `no ${i.entity} ${JSON.stringify(i.value)}`)),
    ),
  rule: (fieldName: string, message: string) =>
    new ProblemError('RULE_VIOLATION', `${fieldName}: ${message}`, [field(fieldName, 'RULE', message)]),
  rules: (errors: FieldErrorItem[]) =>
    new ProblemError('RULE_VIOLATION', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors),
  inUse: (detail: string) => new ProblemError('IN_USE', detail),
  hasDependents: (detail: string) => new ProblemError('HAS_DEPENDENTS', detail),
  invalidState: (detail: string) => new ProblemError('INVALID_STATE', detail),
  lastAdmin: () =>
    new ProblemError(
      'LAST_ADMIN',
      'This is the last active Admin operator: keep at least one, or nobody can manage operators.',
    ),
  validation: (errors: FieldErrorItem[]) =>
    new ProblemError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors),
  field,
}
