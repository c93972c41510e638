/**
 * How a failure reaches the user and the page. The user reads two sentences in their language: the element's own
 * about what failed ("The operators could not be loaded."), then one about what to do, chosen by the kind of failure
 * ("Check your connection, then try again."). No status, code or server text reaches the user: the server's words
 * are English and written for developers. The page gets the error itself in the event's detail (`event.error`, a
 * `DjProblemError` with its `status`, `code` and `detail`) for its logs and support, never a sentence to parse.
 */
import { DjProblemError } from '@dj-customers/sdk'
import { html, nothing, type TemplateResult } from 'lit'
import { primaryLanguage } from './locale.js'

/** Kinds of failure a user can act on differently. */
export type ProblemKind =
  | 'offline'
  | 'forbidden'
  | 'signedOut'
  | 'notFound'
  | 'conflict'
  | 'invalid'
  | 'busy'
  | 'unavailable'
  | 'unexpected'

/** What to do, per kind of failure, per language. A page may add a language (`problemReasons.de = …`). */
export const problemReasons: Record<string, Record<ProblemKind, string>> = {
  en: {
    offline: 'The server could not be reached. Check your connection, then try again.',
    forbidden: 'Your account is not allowed to do this. Ask an administrator if you need it.',
    signedOut: 'Your session has ended. Sign in again, then try again.',
    notFound: 'It no longer exists: someone may have deleted it. Reload to see the current state.',
    conflict: 'Someone else changed this in the meantime. Reload, then make your change again.',
    invalid: 'Some information was not accepted. Check what you entered, then try again.',
    busy: 'Too many requests at once. Wait a moment, then try again.',
    unavailable: 'The service is unavailable for now. Try again in a few minutes.',
    unexpected: 'Something went wrong on our side. Try again; if it happens again, contact support.',
  },
  fr: {
    offline: 'Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.',
    forbidden: 'Votre compte n’a pas le droit de faire cela. Demandez-le à un administrateur si besoin.',
    signedOut: 'Votre session a expiré. Reconnectez-vous, puis réessayez.',
    notFound: 'Cet élément n’existe plus : quelqu’un l’a peut-être supprimé. Rechargez pour voir l’état actuel.',
    conflict: 'Quelqu’un d’autre l’a modifié entre-temps. Rechargez, puis refaites votre modification.',
    invalid: 'Certaines informations n’ont pas été acceptées. Vérifiez votre saisie, puis réessayez.',
    busy: 'Trop de demandes à la fois. Patientez un instant, puis réessayez.',
    unavailable: 'Le service est momentanément indisponible. Réessayez dans quelques minutes.',
    unexpected: 'Une erreur est survenue de notre côté. Réessayez ; si cela se reproduit, contactez le support.',
  },
}

/** The kind of `error`: by HTTP status for an API problem; `offline` for a request that never got an answer. */
export function problemKind(error: unknown): ProblemKind {
  if (error instanceof DjProblemError) {
    const s = error.status
    if (s === 401) return 'signedOut'
    if (s === 403) return 'forbidden'
    if (s === 404 || s === 410) return 'notFound'
    if (s === 409 || s === 412) return 'conflict'
    if (s === 429) return 'busy'
    if (s === 503 || s === 502 || s === 504) return 'unavailable'
    if (s >= 400 && s < 500) return 'invalid'
    return 'unexpected'
  }
  // fetch rejects with a TypeError when no answer came back ("Failed to fetch", "NetworkError…", "Load failed").
  return error instanceof TypeError ? 'offline' : 'unexpected'
}

/** The sentence about what to do after `error`, in `language` (English when the language has no table). */
export function problemReason(error: unknown, language: string | null | undefined): string {
  if (error == null) return ''
  const table = problemReasons[primaryLanguage(language)] ?? problemReasons.en
  return table[problemKind(error)]
}

/**
 * For developers, never shown: the problem's title, detail and `(status code)` ("Forbidden — A Reader may not import
 * users. (403 FORBIDDEN)"); a network error's message. What an element puts in a log line or a console message.
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
 * The alert box every element shows for a failure (`part="error"`, `role="alert"`): `message` in bold, then what to do
 * (`reason`: a sentence in the user's language, usually `problemReason(error, language)`) in `.detail`, and a Retry or
 * Dismiss button when given. `className` replaces the box's class (`error` by default), for an element whose styles
 * tell kinds of failure apart.
 */
export function problemAlert(
  message: unknown,
  reason: string,
  action?: AlertAction,
  className = 'error',
): TemplateResult {
  return html`<div class=${className} part="error" role="alert">
    <span><strong>${message}</strong> <span class="detail">${reason}</span></span>
    ${action ? html`<button type="button" part=${action.part} @click=${action.run}>${action.label}</button>` : nothing}
  </div>`
}

/**
 * The alert of an element whose data could not be loaded, or nothing while `error` is not set: `m.error` in bold, why
 * and what to do in `language` (`problemReason`), and a Retry button (`part="retry"`) that runs `reload`.
 */
export function loadFailedAlert(
  error: unknown,
  m: { error: string; retry: string },
  language: string,
  reload: () => unknown,
): TemplateResult | typeof nothing {
  return error
    ? problemAlert(m.error, problemReason(error, language), { part: 'retry', label: m.retry, run: () => void reload() })
    : nothing
}
