/**
 * How a failure reaches the user and the page. The user reads the element's own sentence in their language
 * ("The operators could not be loaded."), then the problem's details with its status and code, which support
 * asks for; the page gets the error itself in the event's detail (`event.error`, a `DjProblemError` with its
 * `code` for an API problem), never a sentence to parse.
 */
import { DjProblemError } from '@dj-customers/sdk'
import { html, nothing, type TemplateResult } from 'lit'

/**
 * The details under the element's sentence: the problem's title, its detail and `(status code)`
 * ("Forbidden — A Reader may not import users. (403 FORBIDDEN)"); a network error's message; nothing for none.
 */
export function problemText(error: unknown): string {
  if (error == null) return ''
  if (error instanceof DjProblemError)
    return `${error.problem.title}${error.detail ? ` — ${error.detail}` : ''} (${error.status} ${error.code})`
  return error instanceof Error ? error.message : String(error)
}

/** `error` is an API problem, with HTTP status `status` when one is given (409: the server refused, 412: stale). */
export function isProblem(error: unknown, status?: number): error is DjProblemError {
  return error instanceof DjProblemError && (status === undefined || error.status === status)
}

/** A button of an alert: its `part` (`retry`, `dismiss`), its label, what it does. */
export interface AlertAction {
  part: string
  label: string
  run: () => void
}

/**
 * The alert box every element shows for a failure (`part="error"`, `role="alert"`): `message` in bold, the
 * details in `.detail`, and a Retry or Dismiss button when given. `className` replaces the box's class
 * (`error` by default), for an element whose styles tell kinds of failure apart.
 */
export function problemAlert(
  message: unknown,
  error: unknown,
  action?: AlertAction,
  className = 'error',
): TemplateResult {
  return html`<div class=${className} part="error" role="alert">
    <span><strong>${message}</strong> <span class="detail">${problemText(error)}</span></span>
    ${action ? html`<button type="button" part=${action.part} @click=${action.run}>${action.label}</button>` : nothing}
  </div>`
}
