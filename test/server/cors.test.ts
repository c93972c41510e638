import type { ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { expectProblem, RUN_SOURCES, testApp } from '../helpers.js'
import { startServerProcess } from '../processes.js'

const SHOP = 'http://shop.test'
const ELSEWHERE = 'http://evil.test'
const DJUST_HEADERS = [
  'dj-client',
  'dj-api-key',
  'dj-store',
  'customer-account-id',
  'authorization',
  'if-match',
  'idempotency-key',
  'content-type',
]
const EXPOSED = ['etag', 'location', 'retry-after', 'idempotent-replayed']

/** What a browser sends before a PUT with a JSON body and the DJUST headers: no credentials at all. */
const preflight = (origin: string, method = 'PUT') => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': DJUST_HEADERS.join(','),
  },
})
const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)

describe('CORS (docs/conventions.md §2)', () => {
  it('§2 CORS a preflight from any origin is allowed by default with every DJUST header', async () => {
    const t = await testApp()
    for (const path of [
      '/v1/customer-accounts/abc/customer-tags',
      '/v1/customer-tags',
      '/v1/shop/organisations/x',
      '/auth/token',
      '/nowhere',
    ]) {
      const r = await t.app.request(path, preflight(ELSEWHERE))
      expect(r.status, path).toBe(204)
      expect(r.headers.get('access-control-allow-origin'), path).toBe('*')
      expect(list(r.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(DJUST_HEADERS))
      expect(list(r.headers.get('access-control-allow-methods'))).toEqual(
        expect.arrayContaining(['get', 'post', 'put', 'patch', 'delete', 'options']),
      )
      expect(await r.text()).toBe('')
    }
  })

  it('§2 CORS an answer carries Access-Control-Allow-Origin and exposes ETag, Location, Retry-After, idempotent-replayed', async () => {
    const t = await testApp()
    const headers = { origin: SHOP, 'idempotency-key': 'k1' }
    const created = await t.call('POST', '/v1/customer-tags', { headers, body: { externalId: 'vip', name: 'VIP' } })
    expect(created.status).toBe(201)
    const read = await t.call('GET', `/v1/customer-tags/${created.body.id}`, { headers: { origin: SHOP } })
    // The replay is built from a stored answer: it still gets this request's CORS headers.
    const replay = await t.call('POST', '/v1/customer-tags', { headers, body: { externalId: 'vip', name: 'VIP' } })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    for (const r of [created, read, replay]) {
      expect(r.headers.get('access-control-allow-origin')).toBe('*')
      expect(list(r.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(EXPOSED))
    }
    expect(read.headers.get('etag')).toBe('"1"')
  })

  it('§2 CORS problems (401, 400, 404) carry the CORS headers too, so the page can read why', async () => {
    const t = await testApp()
    const headers = { origin: SHOP }
    const answers = [
      [await t.call('GET', '/v1/customer-tags', { as: null, headers }), 401, 'UNAUTHENTICATED'],
      [
        await t.call('GET', '/v1/customer-tags', { headers: { ...headers, 'dj-client': 'NOBODY' } }),
        400,
        'CLIENT_HEADER_INVALID',
      ],
      [
        await t.call('GET', '/v1/shop/organisations', { headers: { ...headers, 'dj-client': 'ACCOUNT' } }),
        401,
        'UNAUTHENTICATED',
      ],
      [await t.call('GET', '/v1/nothing-here', { headers }), 404, 'NOT_FOUND'],
      [await t.call('POST', '/v1/customer-tags', { raw: '{', headers }), 400, 'MALFORMED_JSON'],
    ] as const
    for (const [r, status, code] of answers) {
      expectProblem(r, status, code)
      expect(r.headers.get('access-control-allow-origin'), code).toBe('*')
      expect(list(r.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(EXPOSED))
    }
  })

  it('§2 CORS an OPTIONS that is not a preflight (no Access-Control-Request-Method) is not answered as one', async () => {
    const t = await testApp()
    const r = await t.call('OPTIONS', '/v1/customer-tags')
    expectProblem(r, 405, 'METHOD_NOT_ALLOWED')
    expect(r.headers.get('access-control-allow-methods')).toBeNull()
  })

  it('§2 CORS corsOrigin restricts it: the listed origin is echoed with Vary: Origin, another gets nothing', async () => {
    const t = await testApp({ corsOrigin: [SHOP, 'http://localhost:5173'] })
    const allowed = await t.app.request('/v1/customer-tags/x', preflight(SHOP, 'DELETE'))
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(list(allowed.headers.get('vary'))).toContain('origin')
    expect(list(allowed.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(DJUST_HEADERS))

    const foreign = await t.app.request('/v1/customer-tags/x', preflight(ELSEWHERE, 'DELETE'))
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()

    const get = (origin: string) => t.call('GET', '/v1/customer-tags', { headers: { origin } })
    const mine = await get('http://localhost:5173')
    expect(mine.status).toBe(200)
    expect(mine.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(list(mine.headers.get('vary'))).toContain('origin')
    const theirs = await get(ELSEWHERE)
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull()
    expect(list(theirs.headers.get('vary'))).toContain('origin')
    expect((await t.call('GET', '/v1/customer-tags')).headers.get('access-control-allow-origin')).toBeNull()

    // A replay answers with the CORS headers of its own request, not those stored with the first answer.
    const post = (origin: string) =>
      t.call('POST', '/v1/customer-tags', {
        headers: { origin, 'idempotency-key': 'k' },
        body: { externalId: 'a', name: 'A' },
      })
    expect((await post(SHOP)).headers.get('access-control-allow-origin')).toBe(SHOP)
    const replay = await post(ELSEWHERE)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.headers.get('access-control-allow-origin')).toBeNull()
    expect(JSON.stringify(t.app.db.toJSON().idempotency)).not.toMatch(/access-control/i)
  })

  it('§2 CORS a list holding * allows any origin', async () => {
    const t = await testApp({ corsOrigin: [SHOP, '*'] })
    const r = await t.app.request('/v1/customer-tags', preflight(ELSEWHERE, 'POST'))
    expect(r.status).toBe(204)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('CORS on the command line (docs/conventions.md §2c)', () => {
  /** `--admin-key` takes 16 characters or more (R5). */
  const CLI_ADMIN_KEY = 'cors-test-admin-key-0123'
  let child: ChildProcess | undefined
  afterEach(() => child?.kill('SIGKILL'))

  const start = async (...args: string[]) => {
    const server = await startServerProcess(
      [...RUN_SOURCES, 'mock-server/cli.ts', '--port', '0', '--admin-key', CLI_ADMIN_KEY, ...args],
      { env: { DJ_CORS_ORIGIN: '' } },
    )
    child = server.child
    return server
  }

  it('§2 CORS --cors-origin restricts a real HTTP preflight to the given origins', async () => {
    const { url } = await start('--cors-origin', SHOP, '--cors-origin', 'http://a.test,http://b.test')
    const ask = (origin: string) => fetch(`${url}/v1/customer-accounts/abc/customer-tags`, preflight(origin))
    for (const origin of [SHOP, 'http://a.test', 'http://b.test']) {
      const r = await ask(origin)
      expect(r.status).toBe(204)
      expect(r.headers.get('access-control-allow-origin')).toBe(origin)
      expect(list(r.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(DJUST_HEADERS))
      expect(list(r.headers.get('access-control-allow-methods'))).toContain('put')
    }
    expect((await ask(ELSEWHERE)).headers.get('access-control-allow-origin')).toBeNull()
    const r = await fetch(`${url}/v1/customer-tags`, {
      headers: { origin: SHOP, 'dj-client': 'OPERATOR', 'dj-api-key': CLI_ADMIN_KEY },
    })
    expect(r.status).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(list(r.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(EXPOSED))
  }, 30_000)

  it('§2 CORS without --cors-origin the server answers preflights from any origin', async () => {
    const { url } = await start()
    const r = await fetch(`${url}/v1/customer-tags`, preflight(ELSEWHERE, 'POST'))
    expect(r.status).toBe(204)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
  }, 30_000)

  it('§2 CORS --cors-origin refuses what is not an origin', async () => {
    await expect(start('--cors-origin', 'localhost:5173')).rejects.toThrow(/server exited 2[\s\S]*--cors-origin/)
  }, 30_000)
})
