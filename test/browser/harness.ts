import type { AxeResults } from 'axe-core'
import { createClient, type DjClient } from '../../sdk/index.js'
/**
 * What browser tests (run by @web/test-runner with its built-in mocha) need, without extra packages:
 * mocha's BDD functions, typed, and a few asserts that throw plain `Error`s.
 *
 * The mocha functions are read from the page's globals (set up by the runner before the test file loads),
 * so the project's global types stay free of mocha (vitest files import theirs from 'vitest').
 */
type Body = () => void | Promise<void>
interface MochaBdd {
  describe(title: string, body: () => void): void
  it(title: string, body: Body): void
  before(body: Body): void
  after(body: Body): void
  beforeEach(body: Body): void
  afterEach(body: Body): void
}
const bdd = globalThis as unknown as MochaBdd
export const describe: MochaBdd['describe'] = (title, body) => bdd.describe(title, body)
export const it: MochaBdd['it'] = (title, body) => bdd.it(title, body)
export const before: MochaBdd['before'] = (body) => bdd.before(body)
export const after: MochaBdd['after'] = (body) => bdd.after(body)
export const beforeEach: MochaBdd['beforeEach'] = (body) => bdd.beforeEach(body)
export const afterEach: MochaBdd['afterEach'] = (body) => bdd.afterEach(body)

const show = (v: unknown) => {
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new Error(message)
}

/** Deep equality through JSON (enough for API data: plain objects, arrays, strings, numbers, booleans). */
export function assertEqual<T>(actual: T, expected: T, message = 'values differ') {
  const a = show(actual)
  const e = show(expected)
  if (a !== e) throw new Error(`${message}\n  expected: ${e}\n  actual:   ${a}`)
}

/** Awaits `promise`, expects it to reject, and returns the rejection reason. */
export async function assertRejects(promise: Promise<unknown>, message = 'expected a rejection'): Promise<unknown> {
  try {
    await promise
  } catch (e) {
    return e
  }
  throw new Error(message)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `check` every 20 ms until it gives a truthy value, or fails after `timeout` ms naming `what`. */
export async function until<T>(check: () => T, what: string, timeout = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout
  for (;;) {
    const value = check()
    if (value) return value as NonNullable<T>
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** axe-core is a UMD script: loaded with a script tag, it sets `window.axe`. */
async function loadAxe(): Promise<typeof import('axe-core')> {
  const w = window as unknown as { axe?: typeof import('axe-core') }
  if (!w.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script')
      script.src = '/node_modules/axe-core/axe.min.js'
      script.onload = () => resolve()
      script.onerror = () => reject(new Error('axe-core did not load'))
      document.head.append(script)
    })
  }
  return w.axe!
}

/** axe-core on `el` (shadow DOM included): no serious or critical violation, and something was checked. */
export async function assertAccessible(el: Element, what: string) {
  const results: AxeResults = await (await loadAxe()).run(el)
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assertEqual(
    bad.map(
      (v) =>
        `${v.id}: ${v.nodes.length} nodes, ${v.nodes[0].target.join(' ')}: ${v.nodes[0].any.map((c) => c.message).join(' ')}`,
    ),
    [],
    `axe on ${what}`,
  )
  assert(results.passes.length > 0, 'axe checked something')
}

/**
 * An operator client whose API key is wrong until `fix()`: a load fails (401), the user's problem gets fixed, and
 * Retry then works.
 */
export function clientFixedLater(): { client: DjClient; fix(): void } {
  let broken = true
  const client = createClient({
    baseUrl: location.origin,
    client: 'OPERATOR',
    fetch: async (r) => {
      r.headers.set('dj-api-key', broken ? 'not-a-key' : 'demo-admin-key')
      return globalThis.fetch(r)
    },
  })
  return { client, fix: () => (broken = false) }
}

/** An operator client with `apiKey` whose requests to `path` wait until `release()`: what an element shows meanwhile. */
export function clientHolding(apiKey: string, path: string): { client: DjClient; release(): void } {
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  const client = createClient({
    baseUrl: location.origin,
    apiKey,
    client: 'OPERATOR',
    fetch: async (r) => {
      if (new URL(r.url).pathname === path) await held
      return globalThis.fetch(r)
    },
  })
  return { client, release }
}
