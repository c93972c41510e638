/**
 * Smoke test in real Chromium: the reference app runs inside MSW's service worker (`@dj-customers/mock-server/msw`),
 * and the SDK talks to it over the page's real `fetch`, as a frontend under test would.
 */
import { setupWorker } from 'msw/browser'
import { createMockApi, type MockApi } from '../../mock-server/msw.js'
import { createClient, DjProblemError, paginate, unwrap, type DjClient } from '../../sdk/index.js'
import { after, assert, assertEqual, assertRejects, before, describe, it } from './harness.js'

describe('SDK against the MSW reference API in the browser', () => {
  let mock: MockApi
  let worker: ReturnType<typeof setupWorker>
  let api: DjClient
  /** URL and headers of each request the worker answered (bodies are consumed by then). */
  const seen: { url: string; headers: Headers }[] = []

  before(async () => {
    // Created before the worker starts: the client looks up fetch at request time.
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    mock = await createMockApi({ seed: 'demo-small', baseUrl: location.origin })
    worker = setupWorker(...mock.handlers)
    worker.events.on('request:match', ({ request }) => {
      seen.push({ url: request.url, headers: new Headers(request.headers) })
    })
    await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } })
  })

  after(async () => {
    worker?.stop()
    await mock?.reset()
  })

  it('the worker controls the page', () => {
    assert(navigator.serviceWorker.controller, 'no service worker controls the page')
    assert(
      navigator.serviceWorker.controller.scriptURL.endsWith('/mockServiceWorker.js'),
      navigator.serviceWorker.controller.scriptURL,
    )
  })

  it('lists operators: the 3 demo operators, with the SDK headers', async () => {
    seen.length = 0
    const page = unwrap(await api.GET('/v1/operator-users', { params: { query: { sort: 'externalId' } } }))
    const externalIds = page.content.map((o) => o.externalId)
    for (const id of ['demo-admin', 'demo-reader', 'demo-user'])
      assert(externalIds.includes(id), `${id} missing from ${externalIds}`)
    assert(page.totalElements >= 3, `totalElements ${page.totalElements}`)
    assertEqual([page.number, page.first], [0, true])
    const admin = page.content.find((o) => o.externalId === 'demo-admin')!
    assertEqual([admin.fullName, admin.groups, admin.storeIds], ['Claire Martin', ['Admin'], ['FR', 'BE', 'DE']])
    assertEqual(seen.length, 1, 'requests seen by the worker')
    assertEqual([seen[0].headers.get('dj-client'), seen[0].headers.get('dj-api-key')], ['OPERATOR', 'demo-admin-key'])
  })

  it('creates a store; the data lands in the in-page app', async () => {
    const store = unwrap(await api.POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain' } }))
    assertEqual([store.externalId, store.name, store.version], ['ES', 'Spain', 1])
    assert(typeof store.id === 'string' && store.id.length > 0, 'store id')
    assert(mock.app.db.stores.get(store.id), 'store not in the mock app data')
  })

  it('a duplicate store is a typed 409 problem', async () => {
    const error = await assertRejects(
      api.POST('/v1/stores', { body: { externalId: 'ES', name: 'Spain again' } }).then(unwrap),
    )
    assert(error instanceof DjProblemError, `not a DjProblemError: ${error}`)
    assertEqual([error.status, error.code], [409, 'ALREADY_EXISTS'])
    assertEqual(
      error.errors.map((e) => e.field),
      ['externalId'],
    )
    assertEqual(error.response?.headers.get('content-type'), 'application/problem+json')
  })

  it('paginate walks every page', async () => {
    seen.length = 0
    const stores: string[] = []
    for await (const store of paginate(api, '/v1/stores', { params: { query: { size: 1, sort: 'externalId' } } }))
      stores.push(store.externalId)
    assertEqual(stores, ['BE', 'DE', 'ES', 'FR'])
    assertEqual(
      seen.map((r) => new URL(r.url).searchParams.get('page')),
      ['0', '1', '2', '3'],
    )

    const all = unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 1000 } } }))
    const operators: string[] = []
    for await (const op of paginate(api, '/v1/operator-users', { params: { query: { size: 2 } } }))
      operators.push(op.id)
    assertEqual(operators.length, all.totalElements)
    assertEqual(new Set(operators).size, all.totalElements, 'each operator once')
  })
})
