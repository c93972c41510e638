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
