/**
 * The catalogue of problem `code`s the API answers with (docs/conventions.md §2). Every problem+json body carries
 * one of these; the OpenAPI document lists them so clients can switch on them.
 */
export const problemCodes = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The body is not valid JSON' },
  CLIENT_HEADER_INVALID: { status: 400, title: 'The dj-client header is missing or unknown' },
  UNKNOWN_QUERY_PARAMETER: { status: 400, title: 'Unknown query parameter (strict mode)' },
  UNAUTHENTICATED: { status: 401, title: 'Missing or unknown credentials' },
  FORBIDDEN: { status: 403, title: 'Your permission level does not allow this' },
  OPERATOR_INACTIVE: { status: 403, title: 'This operator is inactive' },
  WRONG_CLIENT: { status: 403, title: 'These credentials do not work on this route' },
  LOGIN_NOT_ALLOWED: { status: 403, title: 'This customer user may not log in now' },
  ACCOUNT_NOT_ALLOWED: { status: 403, title: 'This account is not yours, or not ACTIVE' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  ALREADY_EXISTS: { status: 409, title: 'A unique value is already taken' },
  IN_USE: { status: 409, title: 'Still referenced by other data' },
  HAS_DEPENDENTS: { status: 409, title: 'Still has dependent data' },
  LAST_ADMIN: { status: 409, title: 'The last active Admin operator cannot lose that role' },
  LAST_FOC_ADMIN: { status: 409, title: 'The last active FOC_Admin of an account cannot lose that role' },
  INVALID_STATE: { status: 409, title: 'Not allowed in the current state' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key already used with another request' },
  SECRET_NOT_REPLAYED: { status: 409, title: 'The first answer held a secret, shown only once: it is not replayed' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  PRECONDITION_FAILED: { status: 412, title: 'If-Match does not match the current version' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  UNKNOWN_REFERENCE: { status: 422, title: 'A referenced entity does not exist' },
  RULE_VIOLATION: { status: 422, title: 'A business rule rejects this request' },
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many requests: wait for Retry-After, then try again' },
  INTERNAL_ERROR: { status: 500, title: 'Unexpected server error (a bug: please report it)' },
  STORAGE_UNAVAILABLE: { status: 503, title: 'The change could not be saved; nothing was changed. Try again later' },
} as const

export type ProblemCode = keyof typeof problemCodes

/** Codes used inside `errors[]` for single fields. */
export const fieldErrorCodes = [
  'INVALID',
  'REQUIRED',
  'UNKNOWN_FIELD',
  'DUPLICATE',
  'UNKNOWN_REFERENCE',
  'RULE',
] as const
