/**
 * Shared test fixtures: a fresh reference app per test with one operator per permission level, and a
 * `call` that speaks HTTP to it in-process (nothing is mocked: requests go through the whole app).
 */
import { createApp, type AppOptions, type DjApp } from '../mock-server/app.js'
import { ensureOperatorKey } from '../mock-server/seed.js'

export const KEYS = { admin: 'test-admin-key', user: 'test-user-key', reader: 'test-reader-key' } as const

export interface CallOptions {
  body?: unknown
  /** Raw body text, sent as is (for malformed JSON). */
  raw?: string
  /** Which operator calls; `null` sends no key. Default admin. */
  as?: keyof typeof KEYS | null
  key?: string
  headers?: Record<string, string>
}
export interface CallResult<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface TestApp {
  app: DjApp
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<CallResult<T>>
  /** The data as saved, for "nothing changed" checks (less the log, replay cache and key last-use times). */
  snapshot(): string
}

export async function testApp(options: AppOptions = {}): Promise<TestApp> {
  const app = await createApp(options)
  await ensureOperatorKey(app.db, KEYS.admin, 'Admin', 'test-admin')
  await ensureOperatorKey(app.db, KEYS.user, 'User', 'test-user')
  await ensureOperatorKey(app.db, KEYS.reader, 'Reader', 'test-reader')
  return {
    app,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { 'dj-client': 'OPERATOR', ...o.headers }
      const key = o.key ?? (o.as === null ? undefined : KEYS[o.as ?? 'admin'])
      if (key !== undefined) headers['dj-api-key'] = key
      let body: string | undefined = o.raw
      if (o.body !== undefined) body = JSON.stringify(o.body)
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json'
      const res = await app.request(path, { method, headers, body })
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {}
      return { status: res.status, body: parsed as any, headers: res.headers }
    },
    snapshot: () => {
      const data = app.db.toJSON()
      return JSON.stringify({
        ...data,
        auditEvents: [],
        idempotency: [],
        apiKeys: data.apiKeys.map((k) => ({ ...k, lastUsedAt: null })),
      })
    },
  }
}

/** Asserts a problem+json answer and returns its body. */
export function expectProblem(r: CallResult, status: number, code?: string) {
  if (
    r.status !== status ||
    r.headers.get('content-type') !== 'application/problem+json' ||
    (code && r.body?.code !== code)
  ) {
    throw new Error(
      `expected ${status} ${code ?? ''} problem, got ${r.status} ${r.headers.get('content-type')} ${JSON.stringify(r.body)}`,
    )
  }
  return r.body as {
    code: string
    detail?: string
    errors?: { field: string; code: string; message: string }[]
    currentVersion?: number
  }
}

/**
 * Node arguments that run a workspace's TypeScript sources as a user runs the built command: tsx compiles on
 * the fly, and `dj-source` resolves `@dj-customers/<package>` to sources (no build needed for the unit tests).
 */
export const RUN_SOURCES = ['--conditions=dj-source', '--import', import.meta.resolve('tsx')]
