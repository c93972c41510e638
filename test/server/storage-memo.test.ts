/**
 * R1 and §5 (docs/rules.md, docs/budgets.md): a flush copies, byte for byte from the file written last, the runs of
 * records that are the same objects as at the last flush (`FlushMemo`), and serialises only the rest. Properties
 * over random sequences of changes — records inserted, replaced by new objects (never changed in place), removed,
 * appended, reordered, shared between arrays or repeated — with flushes between them:
 * - every flush writes exactly the bytes of `JSON.stringify(data)`;
 * - a file that something else changed or replaced between two flushes is never copied from;
 * - flushes that fail part-way (faults injected through the `StorageFs` seam, as storage-faults.test.ts does) leave
 *   the previous file whole, and every later flush is still byte-exact;
 * - the same through `JSONFileStore` (which owns the memo in practice), with changes made while a flush runs.
 *
 * FlushMemo knows the file it wrote by inode, size, mtime and ctime. ctime cannot be set back (`utimes` sets atime
 * and mtime, and itself moves ctime), so a change in place is seen even when it keeps the size and puts the old mtime
 * back (`fs.utimes` lands on it to the nanosecond now and then, which is how this was found). Only a file system
 * whose timestamps are coarser than the time between a flush and the change could hide one; the tests check that
 * each outside change they make is visible by those four, and undo (and do not count) one that is not.
 *
 * The fsyncs are left out (durability is storage-faults.test.ts' and storage-disk.test.ts' subject): only their
 * injected failures are kept, so that a few hundred flushes take a few seconds.
 */
import type { Stats } from 'node:fs'
import {
  appendFile,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  truncate,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  FlushMemo,
  JSONFileStore,
  type StorageFile,
  type StorageFs,
  writeJsonFile,
} from '../../mock-server/storage/json-file.js'

const dirs: string[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dj-memo-'))
  dirs.push(dir)
  return dir
}

/** node:fs/promises as a `StorageFs`, for a test that replaces one call. */
const nodeFsLike: StorageFs = {
  mkdir: (path, options) => mkdir(path, options),
  open: (path, flags) => open(path, flags),
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
}

const FACTOR = Number(process.env.FC_RUNS_FACTOR ?? 1)
const fcOptions = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(numRuns * FACTOR)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
})

/** Runs copied from the file in place (what `FlushMemo.runAt` found), counted across a test. */
let copies = 0
beforeEach(() => {
  copies = 0
  const runAt = FlushMemo.prototype.runAt
  vi.spyOn(FlushMemo.prototype, 'runAt').mockImplementation(function (this: FlushMemo, records, i) {
    const run = runAt.call(this, records, i)
    if (run) copies++
    return run
  })
})

// ---- the data ------------------------------------------------------------------------------------------------------

interface Rec {
  readonly id: number
  readonly name: string
  readonly n: number | null
  readonly tags: readonly string[]
  readonly note?: string
}
/** `a` and `b` are remembered by the memo (≥ 64 records); `small` crosses that threshold; `gone` is never written. */
interface Data {
  schemaVersion: number
  a: Rec[]
  settings: { readonly locale: string; readonly flags: readonly boolean[] }
  gone?: undefined
  b: Rec[]
  small: Rec[]
}
type Key = 'a' | 'b' | 'small'
/** The data a run starts with: records in each array, and their text. */
interface Sizes {
  a: number
  b: number
  small: number
  text: string
  big: boolean
}
const LIMIT: Record<Key, number> = { a: 400, b: 400, small: 80 }
/** 27 KB of UTF-8: a few of these fill a run by bytes (256 KB) before it is full by records (256). */
const BIG = 'é€😀'.repeat(3000)
const UNITS = ['a', 'Z', '0', ' ', 'é', 'ß', '€', '中', '😀', '"', '\\', '\n', '\u2028', '\ud800', '\u0000']

const copyOf = (d: Data): Data => ({ ...d, a: [...d.a], b: [...d.b], small: [...d.small] })

type Change =
  | { t: 'insert'; key: Key; at: number; text: string; big: boolean }
  | { t: 'replace'; key: Key; at: number; text: string; big: boolean }
  | { t: 'remove'; key: Key; at: number; count: number }
  | { t: 'append'; key: Key; count: number; text: string; big: boolean }
  | { t: 'reorder'; key: Key; how: 'reverse' | 'rotate' | 'swap' | 'shuffle'; at: number; seed: number }
  /** The same record objects in a second place (another array, or the same one). */
  | { t: 'share'; from: Key; to: Key; at: number; start: number; count: number }
/** What something other than the server does to the file between two flushes. */
type OutsideHow =
  | 'inPlace'
  | 'inPlaceOldMtime'
  | 'rename'
  | 'renameOldMtime'
  | 'recreate'
  | 'recreateOldMtime'
  | 'grow'
  | 'truncate'
  | 'delete'
type Fault = 'ENOSPC' | 'EIO' | 'openFails' | 'syncFails' | 'renameFails' | 'renamedThenFails' | 'dirSyncFails'
type Step =
  | Change
  | { t: 'flush'; fault: Fault | null; after: number }
  | { t: 'outside'; how: OutsideHow }
  /** Store only: a commit, then `changes` made `turns` turns of the event loop later, then a second commit. */
  | { t: 'concurrent'; turns: number; changes: Change[]; fault: Fault | null; after: number }

const BUDGET_FAULTS: readonly Fault[] = ['ENOSPC', 'EIO']

const failure = (code: string) => Object.assign(new Error(`${code}: injected`), { code })

/**
 * One run: the data, its file, the memo or store that writes it, and what the file must hold. The file system
 * injects faults (`fault`: a write failing once `after` bytes are written, a failing open, fsync or rename…) and
 * short writes (`chunk`), and tells which flush's bytes were renamed into place.
 */
class World {
  data: Data
  #nextId = 0
  readonly memo = new FlushMemo()
  store: JSONFileStore | null = null
  fault: Fault | null = null
  after = Number.POSITIVE_INFINITY
  chunk = Number.POSITIVE_INFINITY
  #written = 0
  /** The bytes of the flush under way: `JSON.stringify` of its snapshot. */
  pending: Buffer | null = null
  /** What the file must hold now (null: no file). */
  onDisk: Buffer | null = null
  /** The file FlushMemo was told is in place (it may copy from it while its inode, size, mtime and ctime are these). */
  memoFile: { bytes: Buffer; stat: Stats } | null = null
  /** Outside changes made since the memo was last told of a file it wrote. */
  changedOutside = false
  visible = 0
  invisible = 0
  readonly fs: StorageFs

  constructor(
    readonly file: string,
    sizes: Sizes,
  ) {
    const many = (n: number) =>
      Array.from({ length: n }, (_, k) => this.make(`${sizes.text}${k}`, sizes.big && !(k % 9)))
    this.data = {
      schemaVersion: 3,
      a: many(sizes.a),
      settings: { locale: 'fr-FR', flags: [true, false] },
      gone: undefined,
      b: many(sizes.b),
      small: many(sizes.small),
    }
    this.fs = {
      mkdir: (path, options) => mkdir(path, options),
      open: async (path, flags) => {
        const directory = flags === 'r'
        if (!directory && this.fault === 'openFails') throw failure('EMFILE')
        if (!directory) this.#written = 0
        const handle = await open(path, flags)
        const file: StorageFile = {
          write: async (buffer, offset, length) => {
            if (this.#written >= this.after) throw failure(this.fault === 'EIO' ? 'EIO' : 'ENOSPC')
            const n = Math.min(length, this.chunk, this.after - this.#written)
            this.#written += n
            return handle.write(buffer, offset, n)
          },
          sync: async () => {
            if (this.fault === (directory ? 'dirSyncFails' : 'syncFails')) throw failure('EIO')
          },
          close: () => handle.close(),
        }
        return file
      },
      rename: async (from, to) => {
        if (this.fault === 'renameFails') throw failure('EXDEV')
        await rename(from, to)
        this.onDisk = this.pending
        if (this.fault === 'renamedThenFails') {
          this.changedOutside = true // the memo is not told of this file: to it, one that something else put there
          throw failure('EIO')
        }
        // writeJsonFile tells the memo next (`written`): it stats the same file.
        this.memoFile = { bytes: this.pending!, stat: await stat(to) }
        this.changedOutside = false
      },
      unlink: (path) => unlink(path),
    }
  }

  make(text: string, big: boolean): Rec {
    const id = this.#nextId++
    return {
      id,
      name: `${text}·${id}`,
      n: id % 3 ? id * 1.5 : null,
      tags: [text.slice(0, 2), 'ü'],
      ...(big ? { note: `${BIG}${text}` } : {}),
    }
  }

  /** Records are replaced, never changed in place; arrays may be changed in place or replaced. */
  apply(c: Change) {
    const d = this.data
    if (c.t === 'share') {
      const from = d[c.from]
      const to = d[c.to]
      if (!from.length) return
      const start = c.start % from.length
      const room = LIMIT[c.to] - to.length
      to.splice(c.at % (to.length + 1), 0, ...from.slice(start, start + Math.min(c.count, room)))
      return
    }
    const xs = d[c.key]
    switch (c.t) {
      case 'insert':
        if (xs.length < LIMIT[c.key]) xs.splice(c.at % (xs.length + 1), 0, this.make(c.text, c.big))
        return
      case 'replace':
        if (xs.length) xs[c.at % xs.length] = this.make(c.text, c.big)
        return
      case 'remove':
        if (xs.length) xs.splice(c.at % xs.length, c.count)
        return
      case 'append': {
        const n = Math.min(c.count, LIMIT[c.key] - xs.length)
        for (let k = 0; k < n; k++) xs.push(this.make(`${c.text}${k}`, c.big && !(k % 16)))
        return
      }
      case 'reorder': {
        let next: Rec[]
        if (c.how === 'reverse') next = [...xs].reverse()
        else if (c.how === 'rotate') {
          const k = xs.length ? c.at % xs.length : 0
          next = [...xs.slice(k), ...xs.slice(0, k)]
        } else if (c.how === 'swap') {
          next = [...xs]
          if (next.length) {
            const i = c.at % next.length
            const j = (c.at * 7 + c.seed) % next.length
            ;[next[i], next[j]] = [next[j], next[i]]
          }
        } else {
          next = [...xs]
          let s = c.seed | 1
          for (let i = next.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0
            const j = s % (i + 1)
            ;[next[i], next[j]] = [next[j], next[i]]
          }
        }
        d[c.key] = next
        return
      }
    }
  }

  setFault(fault: Fault | null, after: number) {
    this.fault = fault
    this.after = fault && BUDGET_FAULTS.includes(fault) ? after : Number.POSITIVE_INFINITY
  }

  /** writeJsonFile with the memo, as the store calls it. */
  async flush(fault: Fault | null, after: number) {
    this.pending = Buffer.from(JSON.stringify(this.data))
    const memoAlreadyOff = this.changedOutside
    const copiesBefore = copies
    this.setFault(fault, after)
    let ok = true
    try {
      await writeJsonFile(this.file, this.data, this.fs, this.memo)
    } catch {
      ok = false
    }
    this.setFault(null, 0)
    expect(ok, `flush with ${fault ?? 'no fault'}`).toBe(
      !fault || (BUDGET_FAULTS.includes(fault) && after >= this.pending.length),
    )
    if (ok) expectBytes(await this.read(), this.pending, 'the file after a successful flush')
    // §5: never a copy from a file that something else changed or replaced since the memo's last flush.
    if (memoAlreadyOff) expect(copies - copiesBefore, 'runs copied from a file changed outside').toBe(0)
    await this.check()
  }

  /** Through JSONFileStore: the snapshot is taken by the store (copies of the arrays), `restore` puts it back. */
  async commit(step: { turns: number; changes: Change[]; fault: Fault | null; after: number }) {
    const store = this.store!
    const snapshot = () => {
      const copy = copyOf(this.data)
      this.pending = Buffer.from(JSON.stringify(copy))
      return copy
    }
    const restore = (saved: unknown) => {
      this.data = copyOf(saved as Data)
    }
    this.setFault(step.fault, step.after)
    // Each outcome is taken at once: the first commit may fail while the changes wait for their turn.
    const outcome = () =>
      store.commit(snapshot, restore).then(
        () => 'fulfilled' as const,
        () => 'rejected' as const,
      )
    const commits = [outcome()]
    if (step.changes.length) {
      for (let k = 0; k < step.turns; k++) await new Promise((resolve) => setImmediate(resolve))
      for (const c of step.changes) this.apply(c)
      commits.push(outcome())
    }
    const results = await Promise.all(commits)
    const fault = step.fault
    this.setFault(null, 0)
    if (!fault) expect(results).toEqual(commits.map(() => 'fulfilled'))
    else if (!BUDGET_FAULTS.includes(fault)) expect(results).toEqual(commits.map(() => 'rejected'))
    // The last flush answered the last commit: when it succeeded, the file is exactly its snapshot.
    if (results.at(-1) === 'fulfilled') expectBytes(await this.read(), this.pending, 'the file after a commit')
    await this.check()
  }

  /** R1: the file holds what the last flush renamed into place (a failed flush leaves it whole); no temporary file. */
  async check() {
    expectBytes(await this.read(), this.onDisk, 'the file')
    expect((await readdir(join(this.file, '..'))).filter((f) => f.endsWith('.tmp'))).toEqual([])
  }

  read() {
    return readFile(this.file).catch((e) => (e.code === 'ENOENT' ? null : Promise.reject(e)))
  }

  /** Something else changes, replaces or removes the file between two flushes. */
  async outside(how: OutsideHow) {
    const before = await stat(this.file).catch(() => null)
    if (!before) return
    const now = await readFile(this.file)
    // Same size, every byte different.
    const other = Buffer.from(now.map((b) => (b === 0x30 ? 0x31 : 0x30)))
    // The old mtime, as closely as fs.utimes can set it (seconds as a double: now and then to the nanosecond).
    const oldTimes = (path: string) => utimes(path, before.atimeMs / 1000, before.mtimeMs / 1000)
    const aside = `${this.file}.outside`
    switch (how) {
      case 'inPlace':
      case 'inPlaceOldMtime': {
        const handle = await open(this.file, 'r+')
        await handle.write(other, 0, other.length, 0)
        await handle.close()
        if (how === 'inPlaceOldMtime') await oldTimes(this.file)
        break
      }
      case 'rename':
      case 'renameOldMtime':
        await writeFile(aside, other)
        if (how === 'renameOldMtime') await oldTimes(aside)
        await rename(aside, this.file)
        break
      case 'recreate':
      case 'recreateOldMtime': // the inode number may be reused
        await unlink(this.file)
        await writeFile(this.file, other)
        if (how === 'recreateOldMtime') await oldTimes(this.file)
        break
      case 'grow':
        await appendFile(this.file, ' ')
        break
      case 'truncate':
        await truncate(this.file, Math.floor(now.length / 2))
        break
      case 'delete':
        await unlink(this.file)
        break
    }
    const after = await stat(this.file).catch(() => null)
    const known = this.memoFile?.stat
    if (
      after &&
      known &&
      after.ino === known.ino &&
      after.size === known.size &&
      after.mtimeMs === known.mtimeMs &&
      after.ctimeMs === known.ctimeMs &&
      !(await readFile(this.file)).equals(this.memoFile!.bytes)
    ) {
      // Not a change FlushMemo can see (same inode, size, mtime and ctime): out of its reach by design. Put back the bytes
      // it wrote, so that the run goes on with a file it may rightly copy from.
      await writeFile(this.file, this.memoFile!.bytes, { flag: 'r+' })
      this.invisible++
    } else {
      this.visible++
      this.changedOutside = true
    }
    this.onDisk = await this.read()
  }
}

/** Byte equality, with the first difference shown (a few hundred KB of JSON would drown the diff). */
function expectBytes(actual: Buffer | null, expected: Buffer | null, what: string) {
  if (actual === null || expected === null) {
    expect(actual === null, `${what}: present`).toBe(expected === null)
    return
  }
  if (actual.equals(expected)) return
  let i = 0
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++
  const around = (b: Buffer) => JSON.stringify(b.subarray(Math.max(0, i - 40), i + 40).toString('utf8'))
  throw new Error(
    `${what} is not JSON.stringify(data): ${actual.length} bytes, expected ${expected.length}; first difference at ` +
      `byte ${i}: ${around(actual)}, expected ${around(expected)}`,
  )
}

// ---- arbitraries -----------------------------------------------------------------------------------------------------

const key = fc.constantFrom<Key>('a', 'b', 'small')
const text = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 12 })
const big = fc.integer({ min: 0, max: 7 }).map((n) => n === 0)
const at = fc.nat()
const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('insert' as const), key, at, text, big }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('replace' as const), key, at, text, big }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('remove' as const), key, at, count: fc.integer({ min: 1, max: 60 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('append' as const),
      key,
      count: fc.integer({ min: 1, max: 200 }),
      text,
      big,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('reorder' as const),
      key,
      how: fc.constantFrom('reverse' as const, 'rotate' as const, 'swap' as const, 'shuffle' as const),
      at,
      seed: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('share' as const),
      from: key,
      to: key,
      at,
      start: fc.nat(),
      count: fc.integer({ min: 1, max: 120 }),
    }),
  },
)
const sizes = fc.record({
  a: fc.nat({ max: 400 }),
  b: fc.nat({ max: 400 }),
  small: fc.nat({ max: 70 }),
  text,
  big,
})
const fault = fc.constantFrom<Fault>(
  'ENOSPC',
  'EIO',
  'openFails',
  'syncFails',
  'renameFails',
  'renamedThenFails',
  'dirSyncFails',
)
/** Bytes a failing write lets through first: often less than the file (it fails), sometimes more (it succeeds). */
const after = fc.oneof(fc.nat({ max: 2000 }), fc.nat({ max: 400_000 }))
const flush = fc.constant({ t: 'flush' as const, fault: null, after: 0 })
const failingFlush = fc.record({ t: fc.constant('flush' as const), fault, after })
const outside = fc.record({
  t: fc.constant('outside' as const),
  how: fc.constantFrom<OutsideHow>(
    'inPlace',
    'inPlaceOldMtime',
    'rename',
    'renameOldMtime',
    'recreate',
    'recreateOldMtime',
    'grow',
    'truncate',
    'delete',
  ),
})
/** Short writes (that succeed) of a few KB, or whole writes. */
const chunk = fc.constantFrom(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 4093, 65_537)

async function runDirect(start: Sizes, steps: Step[], shortWrites: number) {
  const world = new World(join(await tempDir(), 'db.json'), start)
  world.chunk = shortWrites
  for (const step of steps) {
    if (step.t === 'flush') await world.flush(step.fault, step.after)
    else if (step.t === 'outside') await world.outside(step.how)
    else if (step.t === 'concurrent') throw new Error('store only')
    else world.apply(step)
  }
  await world.flush(null, 0)
  return world
}

describe('R1 §5 FlushMemo: a flush copies unchanged records from the file in place, and writes JSON.stringify(data)', () => {
  it('R1 §5 after records are inserted, replaced by new objects, removed, appended, reordered or shared, every flush is byte-exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        sizes,
        fc.array(fc.oneof({ weight: 3, arbitrary: change }, { weight: 2, arbitrary: flush }), {
          minLength: 4,
          maxLength: 30,
          size: 'max',
        }),
        async (start, steps) => {
          await runDirect(start, steps, Number.POSITIVE_INFINITY)
        },
      ),
      fcOptions(30),
    )
    expect(copies, 'runs copied: the memo was exercised').toBeGreaterThan(0)
  })

  it('R1 §5 a file changed in place (another mtime or size), replaced (another inode) or removed by something else is never copied from', async () => {
    let visible = 0
    await fc.assert(
      fc.asyncProperty(
        sizes,
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: change },
            { weight: 2, arbitrary: flush },
            { weight: 1, arbitrary: outside },
          ),
          { minLength: 4, maxLength: 30, size: 'max' },
        ),
        async (start, steps) => {
          visible += (await runDirect(start, steps, Number.POSITIVE_INFINITY)).visible
        },
      ),
      fcOptions(30),
    )
    expect(visible, 'outside changes made').toBeGreaterThan(0)
    expect(copies, 'runs copied: the memo was exercised').toBeGreaterThan(0)
  })

  it('R1 §5 flushes that fail part-way (ENOSPC, EIO, open, fsync, rename) leave the file whole, and every later flush is byte-exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        sizes,
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: change },
            { weight: 2, arbitrary: flush },
            { weight: 2, arbitrary: failingFlush },
          ),
          { minLength: 4, maxLength: 30, size: 'max' },
        ),
        chunk,
        async (start, steps, shortWrites) => {
          await runDirect(start, steps, shortWrites)
        },
      ),
      fcOptions(30),
    )
    expect(copies, 'runs copied: the memo was exercised').toBeGreaterThan(0)
  })

  it('R1 §5 JSONFileStore: commits with changes made while a flush runs, outside changes and failing flushes; each successful flush is byte-exact', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}) // the store's one line per failed flush
    const commit = fc.record({
      t: fc.constant('concurrent' as const),
      turns: fc.nat({ max: 4 }),
      changes: fc.array(change, { maxLength: 4 }),
      fault: fc.option(fault, { freq: 3 }),
      after,
    })
    await fc.assert(
      fc.asyncProperty(
        sizes,
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: change },
            { weight: 3, arbitrary: commit },
            { weight: 1, arbitrary: outside },
          ),
          { minLength: 4, maxLength: 25, size: 'max' },
        ),
        chunk,
        async (start, steps, shortWrites) => {
          const world = new World(join(await tempDir(), 'db.json'), start)
          world.chunk = shortWrites
          const store = new JSONFileStore(world.file, { fs: world.fs })
          world.store = store
          try {
            expect(await store.load()).toBeUndefined()
            const plain = { turns: 0, changes: [], fault: null, after: 0 }
            await world.commit(plain) // the first flush: nothing to copy yet
            for (const step of steps) {
              if (step.t === 'concurrent') await world.commit(step)
              else if (step.t === 'outside') await world.outside(step.how)
              else world.apply(step)
            }
            await world.commit(plain)
          } finally {
            await store.close()
          }
        },
      ),
      fcOptions(20),
    )
    expect(copies, 'runs copied: the memo was exercised').toBeGreaterThan(0)
  })

  it.each([
    [
      'rewritten at the same size (every "x" a "y")',
      (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replaceAll('x', 'y'), 'latin1'),
    ],
    ['cut to its first half', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
  ])(
    'R1 §5 a file changed in place while a flush copies from it (%s): that flush starts again and writes every record afresh',
    async (_, change) => {
      const path = join(await tempDir(), 'db.json')
      const memo = new FlushMemo()
      const records = Array.from({ length: 600 }, (_, i) => ({ id: `r${i}`, name: `Zoé ${i}`, note: 'x'.repeat(40) }))
      const data = { users: records, seq: 1 }
      await writeJsonFile(path, data, undefined, memo)
      const first = await readFile(path)
      // The next flush: one record replaced (a new object), so the others are copied. Once it has checked the file in
      // place and opens its temporary file, something changes the file in place: the copies that follow read that.
      const next = { users: records.map((r, i) => (i === 300 ? { ...r, name: 'Changed' } : r)), seq: 2 }
      let rewritten = false
      const fs: Partial<StorageFs> = {
        open: async (file, flags) => {
          if (!rewritten) {
            rewritten = true
            const handle = await open(path, 'r+')
            const changed = change(first)
            await handle.write(changed, 0, changed.length, 0)
            await handle.truncate(changed.length)
            await handle.close()
          }
          return open(file, flags)
        },
      }
      const runAt = vi.spyOn(FlushMemo.prototype, 'runAt')
      await writeJsonFile(path, next, { ...nodeFsLike, ...fs }, memo)
      expect(rewritten).toBe(true)
      expect(
        runAt.mock.results.some((r) => r.value !== undefined),
        'runs were copied at first',
      ).toBe(true)
      expect((await readFile(path)).equals(Buffer.from(JSON.stringify(next)))).toBe(true)
    },
  )
})

describe('§5 the rule the flush memo relies on: stored rows are replaced, never changed in place', () => {
  it('§5 under test every stored row is deep-frozen, so a change in place throws instead of going unseen', async () => {
    const { Collection } = await import('../../mock-server/collection.js')
    expect(Collection.freezeRows, 'test/setup/frozen-rows.ts ran').toBe(true)
    const users = new Collection<{ id: string; tags: string[] }>((u) => u.id, {})
    users.insert({ id: 'u1', tags: ['a'] })
    const row = users.get('u1')!
    expect(() => {
      row.tags.push('b')
    }).toThrow(TypeError)
    users.replace({ ...row, tags: [...row.tags, 'b'] })
    expect(users.get('u1')!.tags).toEqual(['a', 'b'])
  })
})
