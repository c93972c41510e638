/**
 * The SDK against the real reference app, in-process: `fetch: (req) => app.fetch(req)`, so every request
 * goes through the whole server (validation, auth, problems) with nothing mocked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, type DjApp } from '../../mock-server/app.js'
import { DEMO_KEYS, ensureOperatorKey, seedDemo } from '../../mock-server/seed.js'
import { createClient, DjProblemError, paginate, paginatePages, unwrap, type DjClientOptions } from '../../sdk/index.js'

const BASE = 'http://api.test'

let app: DjApp
/** Every request the client sent, as the server received it. */
let sent: Request[]

beforeEach(async () => {
  app = await createApp()
  await seedDemo(app.db)
  sent = []
})

function client(options: Partial<DjClientOptions> = {}) {
  return createClient({
    baseUrl: BASE,
    client: 'OPERATOR',
    apiKey: DEMO_KEYS.Admin,
    fetch: async (request) => {
      sent.push(request.clone())
      return app.fetch(request)
    },
    ...options,
  } as DjClientOptions)
}

describe('createClient: headers', () => {
  it('sends dj-client and dj-api-key on every call, and no Authorization', async () => {
    const page = unwrap(await client().GET('/v1/stores'))
    expect(page.content.map((s) => s.externalId).sort()).toEqual(['BE', 'DE', 'FR'])
    expect(sent).toHaveLength(1)
    expect(sent[0].url).toBe(`${BASE}/v1/stores`)
    expect(sent[0].headers.get('dj-client')).toBe('OPERATOR')
    expect(sent[0].headers.get('dj-api-key')).toBe(DEMO_KEYS.Admin)
    expect(sent[0].headers.has('authorization')).toBe(false)
    expect(sent[0].headers.has('dj-store')).toBe(false)
  })

  it('sends dj-store when a store is configured; a call may override it', async () => {
    const api = client({ store: 'BE' })
    unwrap(await api.GET('/v1/stores'))
    unwrap(await api.GET('/v1/stores', { params: { header: { 'dj-store': 'DE' } } }))
    expect(sent.map((r) => r.headers.get('dj-store'))).toEqual(['BE', 'DE'])
  })

  it('serialises path, repeated sort and JSON bodies', async () => {
    const api = client()
    unwrap(await api.GET('/v1/operator-users', { params: { query: { sort: ['lastName:desc', 'email'], size: 2 } } }))
    const created = unwrap(await api.POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain' } }))
    const got = unwrap(await api.GET('/v1/stores/{id}', { params: { path: { id: created.id } } }))
    expect(new URL(sent[0].url).searchParams.getAll('sort')).toEqual(['lastName:desc', 'email'])
    expect(sent[1].headers.get('content-type')).toBe('application/json')
    expect(got).toMatchObject({ id: created.id, externalId: 'ES', name: 'Spain' })
  })

  it('token mode sends Authorization: Bearer with dj-client ACCOUNT and no dj-api-key', async () => {
    const api = client({ client: 'ACCOUNT', apiKey: undefined, token: 'tok-123' })
    const r = await api.GET('/v1/stores')
    expect(sent[0].headers.get('authorization')).toBe('Bearer tok-123')
    expect(sent[0].headers.get('dj-client')).toBe('ACCOUNT')
    expect(sent[0].headers.has('dj-api-key')).toBe(false)
    // A storefront token on a back-office route: the server refuses it with a problem.
    expect(r.response.status).toBe(403)
    expect(r.error?.code).toBe('WRONG_CLIENT')
  })

  it('token mode asks a token function before every request (refreshed tokens are picked up)', async () => {
    let token: string | undefined
    const api = client({ client: 'ACCOUNT', apiKey: undefined, token: async () => token })
    await api.GET('/health')
    token = 'fresh'
    await api.GET('/health')
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([null, 'Bearer fresh'])
  })

  it('without a fetch option, looks up globalThis.fetch at request time (a mock installed later still intercepts)', async () => {
    const api = createClient({ baseUrl: BASE, client: 'OPERATOR', apiKey: DEMO_KEYS.Reader })
    const seen: Request[] = []
    vi.stubGlobal('fetch', async (request: Request) => {
      seen.push(request)
      return app.fetch(request)
    })
    try {
      const page = unwrap(await api.GET('/v1/customer-tags'))
      expect(page.totalElements).toBe(3)
      expect(seen).toHaveLength(1)
      expect(seen[0].headers.get('dj-api-key')).toBe(DEMO_KEYS.Reader)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('createClient: retry (429 and 503, refused for now)', () => {
  /**
   * A client whose first requests are refused with `refusals` (status and `Retry-After`, or none), the others
   * answered by the app. Every request sent is in `sent`.
   */
  function refusing(refusals: [number, string?][], retry: DjClientOptions['retry']) {
    const left = [...refusals]
    return client({
      retry,
      fetch: async (request) => {
        sent.push(request.clone())
        const refusal = left.shift()
        if (!refusal) return app.fetch(request)
        // Sent, as over a network: the body is read.
        await request.arrayBuffer()
        const [status, after] = refusal
        const body = JSON.stringify({
          type: 'about:blank',
          title: 'Refused',
          status,
          code: status === 429 ? 'TOO_MANY_REQUESTS' : 'STORAGE_UNAVAILABLE',
        })
        const headers = new Headers({ 'content-type': 'application/problem+json' })
        if (after !== undefined) headers.set('retry-after', after)
        return new Response(body, { status, headers })
      },
    })
  }
  const store = { externalId: 'ES', name: 'Spain' }

  it('off by default: a 429 goes to the caller after one request', async () => {
    const e = await problemOf(refusing([[429, '0']], undefined).POST('/v1/stores', { body: store }))
    expect(e.status).toBe(429)
    expect(sent).toHaveLength(1)
    const stores = unwrap(await client().GET('/v1/stores', { params: { query: { size: 100 } } }))
    expect(stores.content.map((s) => s.externalId)).not.toContain('ES')
  })

  it('with retry: true, a POST refused with 429 then 503 is sent again as it was, and is created once', async () => {
    const created = unwrap(
      await refusing(
        [
          [429, '0'],
          [503, '0'],
        ],
        true,
      ).POST('/v1/stores', { body: store }),
    )
    expect(created.externalId).toBe('ES')
    expect(sent.map((r) => r.method)).toEqual(['POST', 'POST', 'POST'])
    const bodies = await Promise.all(sent.map((r) => r.text()))
    expect(bodies).toEqual(Array(3).fill(JSON.stringify(store)))
    expect(sent.every((r) => r.headers.get('dj-api-key') === DEMO_KEYS.Admin)).toBe(true)
    const stores = unwrap(await client().GET('/v1/stores', { params: { query: { size: 100 } } }))
    expect(stores.content.filter((s) => s.externalId === 'ES')).toHaveLength(1)
  })

  it('after `retries` tries the last refusal goes to the caller', async () => {
    const e = await problemOf(
      refusing(
        [
          [429, '0'],
          [429, '0'],
          [429, '0'],
          [429, '0'],
        ],
        { retries: 2 },
      ).GET('/v1/stores'),
    )
    expect(e.status).toBe(429)
    expect(sent).toHaveLength(3)
  })

  it('a Retry-After longer than maxDelay goes to the caller at once; an HTTP date is read as a wait', async () => {
    const started = Date.now()
    const e = await problemOf(refusing([[429, '60']], { maxDelay: 10_000 }).GET('/v1/stores'))
    expect(e.status).toBe(429)
    expect(sent).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(5_000)
    sent = []
    const later = new Date(Date.now() + 3_600_000).toUTCString()
    expect((await refusing([[503, later]], true).GET('/v1/stores')).response.status).toBe(503)
    expect(sent).toHaveLength(1)
  })

  it('without Retry-After it waits 0.5 s, then 1 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      const call = refusing([[503], [503]], true).GET('/v1/stores')
      await vi.advanceTimersByTimeAsync(499)
      expect(sent).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(sent).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(999)
      expect(sent).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(1)
      expect(sent).toHaveLength(3)
      expect((await call).response.status).toBe(200)
    } finally {
      vi.useRealTimers()
    }
  })

  it("the call's signal stops the wait: the call rejects with its reason and nothing more is sent", async () => {
    const controller = new AbortController()
    const call = refusing([[429, '5']], true).GET('/v1/stores', { signal: controller.signal })
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    controller.abort(new Error('the user left'))
    await expect(call).rejects.toThrow('the user left')
    expect(sent).toHaveLength(1)
  })
})

/** Awaits a call expected to fail, unwraps it, and returns the thrown DjProblemError. */
async function problemOf(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<DjProblemError> {
  const result = await call
  try {
    unwrap(result)
  } catch (e) {
    if (e instanceof DjProblemError) return e
    throw e
  }
  throw new Error(`expected a problem, got ${result.response.status}`)
}

describe('unwrap and DjProblemError', () => {
  it('409 duplicate: throws DjProblemError with status, code, detail and field errors', async () => {
    const api = client()
    const error = await api
      .POST('/v1/stores', { body: { externalId: 'FR', name: 'France again' } })
      .then(unwrap)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DjProblemError)
    expect(error).toBeInstanceOf(Error)
    const p = error as DjProblemError
    expect(p.name).toBe('DjProblemError')
    expect(p.status).toBe(409)
    expect(p.code).toBe('ALREADY_EXISTS')
    expect(p.detail).toContain('FR')
    expect(p.errors).toEqual([expect.objectContaining({ field: 'externalId', code: 'DUPLICATE' })])
    expect(p.problem).toMatchObject({
      status: 409,
      code: 'ALREADY_EXISTS',
      title: expect.any(String),
      type: expect.any(String),
    })
    expect(p.response?.headers.get('content-type')).toBe('application/problem+json')
    expect(p.message).toMatch(/^409 ALREADY_EXISTS: /)
  })

  it('400 validation: every field error is kept', async () => {
    const p = await problemOf(client().POST('/v1/stores', { body: { externalId: 'not valid', name: '' } }))
    expect(p).toBeInstanceOf(DjProblemError)
    expect(p.status).toBe(400)
    expect(p.code).toBe('VALIDATION_FAILED')
    expect(p.errors.map((e) => e.field).sort()).toEqual(['externalId', 'name'])
  })

  it('401 without credentials, 403 for a Reader writing', async () => {
    const anonymous = await problemOf(client({ apiKey: undefined }).GET('/v1/stores'))
    expect([anonymous.status, anonymous.code]).toEqual([401, 'UNAUTHENTICATED'])
    const reader = await problemOf(
      client({ apiKey: DEMO_KEYS.Reader }).POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain' } }),
    )
    expect([reader.status, reader.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('412 stale If-Match: currentVersion is exposed', async () => {
    const api = client()
    const fr = unwrap(await api.GET('/v1/stores', { params: { query: { size: 1000 } } })).content.find(
      (s) => s.externalId === 'FR',
    )!
    const p = await problemOf(
      api.PUT('/v1/stores/{id}', {
        params: { path: { id: fr.id }, header: { 'if-match': `"${fr.version + 5}"` } },
        body: { externalId: 'FR', name: 'Frankreich' },
      }),
    )
    expect([p.status, p.code, p.currentVersion]).toEqual([412, 'PRECONDITION_FAILED', fr.version])
  })

  it('returns the data on 2xx and undefined on 204', async () => {
    const api = client()
    const es = unwrap(await api.POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain' } }))
    expect(es.externalId).toBe('ES')
    expect(unwrap(await api.DELETE('/v1/stores/{id}', { params: { path: { id: es.id } } }))).toBeUndefined()
  })

  it('a non-problem error body becomes an HTTP_ERROR problem with the status', async () => {
    const api = createClient({
      baseUrl: BASE,
      client: 'OPERATOR',
      apiKey: 'k',
      fetch: async () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    })
    const p = await problemOf(api.GET('/v1/stores'))
    expect([p.status, p.code, p.problem.title, p.errors]).toEqual([502, 'HTTP_ERROR', 'Bad Gateway', []])
    expect(p.detail).toContain('Bad gateway')
  })
})

describe('paginate', () => {
  beforeEach(async () => {
    // 3 demo operators + 9 more = 12 operators.
    for (let i = 0; i < 9; i++) await ensureOperatorKey(app.db, `extra-key-${i}`, 'Reader', `extra-${i}`)
  })
  afterEach(() => vi.restoreAllMocks())

  it('yields every item across pages, in order, stopping on the last page', async () => {
    const api = client()
    const all = unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 1000, sort: 'externalId' } } }))
    expect(all.totalElements).toBe(12)
    sent = []
    const ids: string[] = []
    for await (const op of paginate(api, '/v1/operator-users', { params: { query: { size: 5, sort: 'externalId' } } }))
      ids.push(op.id)
    expect(ids).toEqual(all.content.map((o) => o.id))
    expect(sent.map((r) => new URL(r.url).searchParams.get('page'))).toEqual(['0', '1', '2'])
    expect(
      sent.every(
        (r) => new URL(r.url).searchParams.get('size') === '5' && r.headers.get('dj-api-key') === DEMO_KEYS.Admin,
      ),
    ).toBe(true)
  })

  it('keeps filters on every page and starts from the given page', async () => {
    const api = client()
    const emails: string[] = []
    for await (const op of paginate(api, '/v1/operator-users', {
      params: { query: { groups: 'Reader', size: 4, page: 1, sort: 'externalId' } },
    }))
      emails.push(op.email)
    // 10 Readers (demo-reader + 9 extras), pages of 4 from page 1: items 5–10.
    expect(emails).toHaveLength(6)
    expect(sent.map((r) => new URL(r.url).searchParams.get('page'))).toEqual(['1', '2'])
    expect(sent.every((r) => new URL(r.url).searchParams.get('groups') === 'Reader')).toBe(true)
  })

  it('paginatePages yields whole pages; breaking early fetches no more', async () => {
    const api = client()
    const numbers: number[] = []
    for await (const page of paginatePages(api, '/v1/operator-users', { params: { query: { size: 5 } } }))
      numbers.push(page.number)
    expect(numbers).toEqual([0, 1, 2])
    sent = []
    for await (const op of paginate(api, '/v1/operator-users', { params: { query: { size: 2 } } })) {
      void op
      break
    }
    expect(sent).toHaveLength(1)
  })

  it('an empty list yields nothing after one request', async () => {
    const api = client()
    const items = []
    for await (const tag of paginate(api, '/v1/customer-tags', { params: { query: { search: 'no-such-tag' } } }))
      items.push(tag)
    expect(items).toEqual([])
    expect(sent).toHaveLength(1)
  })

  it('a failing page throws DjProblemError', async () => {
    const api = client()
    const run = async () => {
      for await (const op of paginate(api, '/v1/operator-users', { params: { query: { size: 5000 } } })) void op
    }
    await expect(run()).rejects.toMatchObject({ name: 'DjProblemError', status: 400 })
  })
})
