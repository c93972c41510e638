/**
 * Sending again what the API refused for now: 429 `TOO_MANY_REQUESTS` (too many logins or import jobs at once,
 * R3, R7) and 503 `STORAGE_UNAVAILABLE` (the change could not be saved). The API answers both before doing
 * anything, or having undone it (docs/conventions.md), so a request of any method may be sent again as it was.
 */

/** How {@link createClient} retries refused requests (its `retry` option). */
export interface RetryOptions {
  /** How many times a refused request is sent again. Default 2. */
  retries?: number
  /**
   * The longest wait before sending again, in ms. Default 10,000. A refusal whose `Retry-After` asks for longer
   * goes to the caller at once (a login locked for minutes is the user's to wait for, not a hidden pause).
   */
  maxDelay?: number
}

const REFUSED_FOR_NOW = new Set([429, 503])
/** The wait before the first retry when the answer gives no `Retry-After` (ms); doubled for each further one. */
const FIRST_DELAY = 500

/** `fetch` that sends a request refused for now again, after the wait the answer asks for. */
export function retrying(
  fetch: (request: Request) => Promise<Response>,
  { retries = 2, maxDelay = 10_000 }: RetryOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      // A copy for every try that may be followed by another: a body can be read only once.
      const response = await fetch(attempt < retries ? request.clone() : request)
      if (attempt >= retries || !REFUSED_FOR_NOW.has(response.status)) return response
      const wait = delayOf(response, attempt)
      if (wait > maxDelay) return response
      await response.body?.cancel()
      await sleep(wait, request.signal)
    }
  }
}

/** What `Retry-After` asks for (seconds, or an HTTP date), in ms; without one, 0.5 s, then 1 s, 2 s… */
function delayOf(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after')?.trim()
  if (header) {
    if (/^\d+$/.test(header)) return Number(header) * 1000
    const at = Date.parse(header)
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now())
  }
  return FIRST_DELAY * 2 ** attempt
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const stop = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop)
      resolve()
    }, ms)
    signal.addEventListener('abort', stop, { once: true })
  })
}
