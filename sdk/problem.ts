/** Problem details (RFC 9457) as a typed error, and `unwrap` to turn openapi-fetch results into data-or-throw. */
import type { components } from './openapi.gen.js'

/** The API's error body (`application/problem+json`). */
export type Problem = components['schemas']['Problem']
/** One entry of a problem's `errors` list: which field, which rule, a readable message. */
export type FieldError = components['schemas']['FieldError']
/**
 * A problem `code` from the catalogue, or `HTTP_ERROR` when the answer was not a problem document (a proxy's
 * HTML error page, an empty 5xx…).
 */
export type ProblemCode = Problem['code'] | 'HTTP_ERROR'

/**
 * A non-2xx answer from the API, with the problem document's fields at hand.
 *
 * @example
 * ```ts
 * try {
 *   unwrap(await api.POST('/v1/stores', { body: { externalId: 'FR', name: 'France' } }))
 * } catch (e) {
 *   if (e instanceof DjProblemError && e.code === 'ALREADY_EXISTS') console.warn(e.detail)
 *   else throw e
 * }
 * ```
 */
export class DjProblemError extends Error {
  /** HTTP status. */
  readonly status: number
  /** Stable code from the catalogue (`VALIDATION_FAILED`, `ALREADY_EXISTS`, `PRECONDITION_FAILED`, …). */
  readonly code: ProblemCode
  /** Human-readable explanation of this occurrence. */
  readonly detail?: string
  /** Field-level errors (empty when the problem has none). */
  readonly errors: FieldError[]
  /** On 412 (stale `If-Match`): the version the entity has now. */
  readonly currentVersion?: number
  /** The problem document as received (or as made up for a non-problem answer). */
  readonly problem: Problem | (Omit<Problem, 'code'> & { code: ProblemCode })
  /** The HTTP response, when there was one (its body has been read). */
  readonly response?: Response

  constructor(problem: Problem | (Omit<Problem, 'code'> & { code: ProblemCode }), response?: Response) {
    super(`${problem.status} ${problem.code}: ${problem.detail || problem.title}`)
    this.name = 'DjProblemError'
    this.status = problem.status
    this.code = problem.code
    this.detail = problem.detail
    this.errors = problem.errors ?? []
    this.currentVersion = problem.currentVersion
    this.problem = problem
    this.response = response
  }

  /**
   * Builds the error from a failed call's `error` body and `response`: a problem document is used as is,
   * anything else becomes an `HTTP_ERROR` problem carrying the status.
   */
  static from(body: unknown, response: Response): DjProblemError {
    const b = body as Partial<Problem> | null
    if (b && typeof b === 'object' && typeof b.code === 'string' && typeof b.title === 'string') {
      return new DjProblemError({ type: 'about:blank', ...b, status: b.status ?? response.status } as Problem, response)
    }
    return new DjProblemError(
      {
        type: 'about:blank',
        title: response.statusText || 'HTTP error',
        status: response.status,
        code: 'HTTP_ERROR',
        detail: typeof body === 'string' && body ? body.slice(0, 500) : undefined,
      },
      response,
    )
  }
}

/** The success member's data of an openapi-fetch result (`undefined` for 204 routes). */
export type UnwrappedData<R> = R extends { data: infer D } ? ([D] extends [never] ? undefined : D) : never

/**
 * Returns the data of a successful openapi-fetch call, or throws a {@link DjProblemError} for a 4xx/5xx.
 *
 * @example
 * ```ts
 * const store = unwrap(await api.POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain' } }))
 * unwrap(await api.DELETE('/v1/stores/{id}', { params: { path: { id: store.id } } })) // 204 → undefined
 * ```
 */
export function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(result: R): UnwrappedData<R> {
  if (!result.response.ok) throw DjProblemError.from(result.error, result.response)
  return result.data as UnwrappedData<R>
}
