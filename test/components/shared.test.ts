/**
 * What the four elements share (components/shared/), the parts that need no DOM, in Node: loading with abort
 * (LoadController, driven here by a minimal host standing in for a Lit element), the client made from attributes,
 * problems as text, the language lookup and the text helpers. The DOM parts (FocusController, `languageOf`, the
 * base class) are checked through the elements in test/browser.
 */
import { createClient, DjProblemError, type DjClient } from '@dj-customers/sdk'
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { describe, expect, it } from 'vitest'
import { asCustomer, asOperator, caller } from '../../components/shared/caller.js'
import { ClientSource, type ClientHost } from '../../components/shared/client.js'
import { LoadController } from '../../components/shared/load.js'
import { messagesLookup, primaryLanguage } from '../../components/shared/locale.js'
import { isProblem, problemKind, problemReason, problemText } from '../../components/shared/problem.js'
import { fold, list, listAttribute } from '../../components/shared/text.js'

/** What a Lit element does for its controllers: connects them, and calls `hostUpdate` at each update. */
class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = []
  requested = 0
  updateComplete = Promise.resolve(true)
  addController(c: ReactiveController) {
    this.controllers.push(c)
  }
  removeController() {}
  requestUpdate() {
    this.requested++
  }
  update() {
    for (const c of this.controllers) c.hostUpdate?.()
  }
  connect() {
    for (const c of this.controllers) c.hostConnected?.()
  }
  disconnect() {
    for (const c of this.controllers) c.hostDisconnected?.()
  }
}

/** A load whose runs the test settles by hand, recording what the controller reported. */
function setup() {
  const host = new Host()
  const runs: {
    args: readonly [string]
    signal: AbortSignal
    resolve: (v: string) => void
    reject: (e: unknown) => void
  }[] = []
  const log: string[] = []
  let args: readonly [string] | undefined = ['a']
  const loader = new LoadController(host, {
    args: () => args,
    task: (a, signal) =>
      new Promise<string>((resolve, reject) => {
        runs.push({ args: a, signal, resolve, reject })
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      }),
    onComplete: (v) => log.push(`complete ${v}`),
    onError: (e) => log.push(`error ${(e as Error).message}`),
    onIdle: () => log.push('idle'),
  })
  const settle = () => new Promise((r) => setTimeout(r))
  return { host, runs, log, loader, settle, setArgs: (a: readonly [string] | undefined) => (args = a) }
}

describe('LoadController: loading with abort', () => {
  it('the first update starts a run; its value lands, and pending goes back to false', async () => {
    const { host, runs, log, loader, settle } = setup()
    host.update()
    expect([runs.length, loader.pending]).toEqual([1, true])
    runs[0].resolve('A')
    await settle()
    expect([log, loader.pending]).toEqual([['complete A'], false])
  })

  it('new args start a new run and abort the one in flight, whose answer never lands; the same args start nothing', async () => {
    const { host, runs, log, settle, setArgs } = setup()
    host.update()
    host.update()
    expect(runs).toHaveLength(1)
    setArgs(['b'])
    host.update()
    expect([runs.length, runs[0].signal.aborted, runs[1].args]).toEqual([2, true, ['b']])
    runs[0].resolve('late')
    runs[1].resolve('B')
    await settle()
    expect(log).toEqual(['complete B'])
  })

  it('a failure is reported; an aborted run is not a failure', async () => {
    const { host, runs, log, loader, settle, setArgs } = setup()
    host.update()
    runs[0].reject(new Error('503'))
    await settle()
    setArgs(['b'])
    host.update()
    setArgs(['c'])
    host.update()
    await settle()
    expect([log, loader.pending]).toEqual([['error 503'], true])
  })

  it('with nothing to load, the run in flight is aborted and onIdle is called in the same update, nothing pending', () => {
    const { host, runs, log, loader, setArgs } = setup()
    host.update()
    setArgs(undefined)
    host.update()
    expect([runs[0].signal.aborted, log, loader.pending, runs.length]).toEqual([true, ['idle'], false, 1])
    // Still nothing to load: no second call.
    host.update()
    expect(log).toEqual(['idle'])
  })

  it('leaving the page stops the run quietly; back in the page, the next update runs it again', async () => {
    const { host, runs, log, loader, settle } = setup()
    host.update()
    host.disconnect()
    await settle()
    expect([runs[0].signal.aborted, log, loader.pending]).toEqual([true, [], false])
    const requested = host.requested
    host.connect()
    expect(host.requested).toBe(requested + 1)
    host.update()
    expect(runs.map((r) => r.args)).toEqual([['a'], ['a']])
    runs[1].resolve('A')
    await settle()
    expect(log).toEqual(['complete A'])
  })

  it('leaving the page with nothing in flight changes nothing', async () => {
    const { host, runs, loader, settle } = setup()
    host.update()
    runs[0].resolve('A')
    await settle()
    host.disconnect()
    host.connect()
    host.update()
    expect([runs.length, loader.pending]).toEqual([1, false])
  })

  it('run() (Retry) loads again with the same args and resolves once the run ended', async () => {
    const { host, runs, log, loader, settle } = setup()
    host.update()
    runs[0].reject(new Error('503'))
    await settle()
    const retry = loader.run()
    runs[1].resolve('A')
    await retry
    expect(log).toEqual(['error 503', 'complete A'])
  })
})

describe('ClientSource: the client made from the attributes', () => {
  const hostWith = (attributes: Partial<ClientHost>) => attributes as ClientHost

  it('is the `client` property when there is one', () => {
    const client = {} as DjClient
    expect(new ClientSource(hostWith({ client, baseUrl: 'https://api.example.com' })).api).toBe(client)
  })

  it('is none without `base-url`, or on the storefront without a token (nobody signed in)', () => {
    expect(new ClientSource(hostWith({ apiKey: 'k' })).api).toBeUndefined()
    expect(new ClientSource(hostWith({ baseUrl: 'https://api.example.com' }), () => 'ACCOUNT').api).toBeUndefined()
  })

  it('is made once for the same attributes, and again when one of them changes', () => {
    const host = hostWith({ baseUrl: 'https://api.example.com', apiKey: 'k1' })
    const source = new ClientSource(host)
    const first = source.api
    expect(source.api).toBe(first)
    host.apiKey = 'k2'
    const second = source.api
    expect(second).not.toBe(first)
    host.store = 'FR'
    expect(source.api).not.toBe(second)
    // A token means nothing to a back-office client: it does not make a new one.
    const third = source.api
    host.token = 't'
    expect(source.api).toBe(third)
  })
})

describe('problems as text', () => {
  const forbidden = new DjProblemError({
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
    code: 'FORBIDDEN',
    detail: 'A Reader may not import users.',
  })

  const withStatus = (status: number) =>
    new DjProblemError({ type: 'about:blank', title: 'T', status, code: 'FORBIDDEN', detail: 'server words' })

  it("the user reads what to do in their language, never a status, a code or the server's English", () => {
    expect(problemReason(forbidden, 'fr-CA')).toBe(
      'Votre compte n’a pas le droit de faire cela. Demandez-le à un administrateur si besoin.',
    )
    expect(problemReason(new TypeError('Failed to fetch'), 'en')).toBe(
      'The server could not be reached. Check your connection, then try again.',
    )
    expect(problemReason(forbidden, 'de')).toBe(problemReason(forbidden, 'en'))
    for (const status of [400, 401, 403, 404, 409, 412, 422, 429, 500, 503])
      for (const lang of ['en', 'fr']) {
        const reason = problemReason(withStatus(status), lang)
        expect(reason).not.toMatch(/\d{3}|server words|FORBIDDEN/)
        expect(reason.length).toBeGreaterThan(20)
      }
    expect(problemReason(null, 'en')).toBe('')
  })

  it('kinds of failure by status: 401 signed out, 403 forbidden, 404 gone, 409/412 conflict, 429 busy, 503 unavailable', () => {
    expect([401, 403, 404, 409, 412, 422, 429, 500, 503].map((s) => problemKind(withStatus(s)))).toEqual([
      'signedOut',
      'forbidden',
      'notFound',
      'conflict',
      'conflict',
      'invalid',
      'busy',
      'unexpected',
      'unavailable',
    ])
    expect([problemKind(new TypeError('Failed to fetch')), problemKind(new Error('x'))]).toEqual([
      'offline',
      'unexpected',
    ])
  })

  it("for developers (logs, never shown): an API problem's title, detail, status and code; a network error's message", () => {
    expect(problemText(forbidden)).toBe('Forbidden — A Reader may not import users. (403 FORBIDDEN)')
    expect(problemText(new TypeError('Failed to fetch'))).toBe('Failed to fetch')
    expect([problemText(null), problemText(undefined), problemText('text')]).toEqual(['', '', 'text'])
  })

  it('isProblem tells an API problem, of a given status when asked', () => {
    expect([isProblem(forbidden), isProblem(forbidden, 403), isProblem(forbidden, 409)]).toEqual([true, true, false])
    expect(isProblem(new Error('403'))).toBe(false)
  })
})

describe('language and text helpers', () => {
  it('primaryLanguage: the primary subtag, lower-cased; English when there is none', () => {
    expect(['fr-CA', 'FR', 'en-GB', '', null, undefined].map(primaryLanguage)).toEqual([
      'fr',
      'fr',
      'en',
      'en',
      'en',
      'en',
    ])
  })

  it('messagesLookup: the table of the language, English for any other; tables are read at each call', () => {
    const tables: Record<string, { hello: string }> = { en: { hello: 'Hello' }, fr: { hello: 'Bonjour' } }
    const messagesFor = messagesLookup(tables, tables.en)
    expect(['fr-BE', 'de', ''].map((l) => messagesFor(l).hello)).toEqual(['Bonjour', 'Hello', 'Hello'])
    tables.de = { hello: 'Hallo' }
    expect(messagesFor('de').hello).toBe('Hallo')
  })

  it('list attributes and folded text', () => {
    expect(list(' FR, ,DE ,')).toEqual(['FR', 'DE'])
    expect(list(null)).toEqual([])
    expect(listAttribute.toAttribute(['FR', 'DE'])).toBe('FR,DE')
    expect(fold('Événement Café')).toBe('evenement cafe')
  })
})

/** A client whose answers the test gives by hand, one per request, in order; `sent` lists the paths asked. */
function scripted(kind: 'OPERATOR' | 'ACCOUNT' = 'OPERATOR') {
  const sent: string[] = []
  const answers: { resolve: (r: Response) => void; reject: (e: unknown) => void }[] = []
  const api = createClient({
    baseUrl: 'http://api.test',
    client: kind,
    ...(kind === 'ACCOUNT' ? { token: 't' } : { apiKey: 'k' }),
    fetch: (r: Request) => {
      sent.push(new URL(r.url).pathname)
      return new Promise<Response>((resolve, reject) => answers.push({ resolve, reject }))
    },
  } as Parameters<typeof createClient>[0])
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  return {
    api,
    sent,
    answer: (i: number, body: unknown, status?: number) => answers[i].resolve(json(body, status)),
    answers,
  }
}

const operator = (level: 'Admin' | 'User' | 'Reader') => ({
  id: 'op_1',
  externalId: 'OP-1',
  email: 'a@example.com',
  level,
  storeIds: ['FR'],
  stores: [{ externalId: 'FR', name: 'France' }],
  support: false,
})
const flush = () => new Promise((r) => setTimeout(r, 0))

describe('who is calling (caller.ts)', () => {
  it('asks once per client: two askers of the same client share one request; another client asks again', async () => {
    const a = scripted()
    const first = caller(a.api, asOperator)
    const second = caller(a.api, asOperator)
    await flush()
    expect(a.sent).toEqual(['/v1/operator-users/me'])
    a.answer(0, operator('Reader'))
    const [x, y] = await Promise.all([first, second])
    expect(x).toMatchObject({ kind: 'operator', level: 'Reader', storeIds: ['FR'], support: false })
    expect(x.stores).toEqual([{ externalId: 'FR', name: 'France' }])
    expect(x.operator.email).toBe('a@example.com')
    expect(y).toBe(x)
    expect(await caller(a.api, asOperator)).toBe(x)
    expect(a.sent).toHaveLength(1)
    const b = scripted()
    const other = caller(b.api, asOperator)
    await flush()
    expect(b.sent).toEqual(['/v1/operator-users/me'])
    b.answer(0, operator('Admin'))
    expect((await other).level).toBe('Admin')
  })

  it('a customer: their groups in the current account, from its membership', async () => {
    const c = scripted('ACCOUNT')
    const asked = caller(c.api, asCustomer)
    await flush()
    expect(c.sent).toEqual(['/v1/authenticated-user'])
    c.answer(0, {
      id: 'cu_1',
      groups: ['FOC_User'],
      currentAccountId: 'acc_2',
      memberships: [
        { accountId: 'acc_1', groups: ['FOC_User'] },
        { accountId: 'acc_2', groups: ['FOC_Admin'] },
      ],
    })
    expect(await asked).toEqual({ kind: 'customer', id: 'cu_1', groups: ['FOC_Admin'] })
  })

  it('a failed answer is not kept: the next asker asks again', async () => {
    const a = scripted()
    const failed = caller(a.api, asOperator)
    await flush()
    a.answer(0, { type: 'about:blank', title: 'Unavailable', status: 503, code: 'UNAVAILABLE' }, 503)
    const error = await failed.catch((e) => e)
    expect(error).toBeInstanceOf(DjProblemError)
    expect((error as DjProblemError).status).toBe(503)
    const retried = caller(a.api, asOperator)
    await flush()
    expect(a.sent).toHaveLength(2)
    a.answer(1, operator('User'))
    expect((await retried).level).toBe('User')
  })

  it('an asker whose signal aborts stops waiting; the request goes on for the other', async () => {
    const a = scripted()
    const controller = new AbortController()
    const leaving = caller(a.api, asOperator, controller.signal)
    const staying = caller(a.api, asOperator)
    await flush()
    controller.abort()
    const reason = await leaving.catch((e) => e)
    expect((reason as DOMException).name).toBe('AbortError')
    a.answer(0, operator('User'))
    expect((await staying).level).toBe('User')
    expect(a.sent).toHaveLength(1)
    // Already aborted: rejects at once, and asks nothing more.
    const late = await caller(a.api, asOperator, controller.signal).catch((e) => e)
    expect((late as DOMException).name).toBe('AbortError')
    expect(a.sent).toHaveLength(1)
  })

  it('asking again on purpose sends a new request; later askers get the new answer', async () => {
    const a = scripted()
    const before = caller(a.api, asOperator)
    await flush()
    a.answer(0, operator('Admin'))
    expect((await before).level).toBe('Admin')
    const again = caller(a.api, asOperator, undefined, true)
    await flush()
    expect(a.sent).toHaveLength(2)
    a.answer(1, operator('Reader'))
    expect((await again).level).toBe('Reader')
    expect((await caller(a.api, asOperator)).level).toBe('Reader')
  })
})
