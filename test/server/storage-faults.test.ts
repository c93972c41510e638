/**
 * R1 (docs/rules.md): a commit that cannot be written is never acknowledged. Faults are injected through
 * JSONFileStore's file-system seam — a disk that fills up part-way through a write, writes that take a few bytes at
 * a time, an fsync that fails with EIO — and checked as a user sees them: the HTTP answer, the data the server then
 * serves, the file on disk and what is left beside it. (storage-disk.test.ts fills a real file system.)
 */
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type StorageFile, type StorageFs, JSONFileStore, writeJsonFile } from '../../mock-server/storage/json-file.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { makeAccount } from './customer-fixtures.js'

const dirs: string[] = []
const apps: TestApp[] = []
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close().catch(() => {})
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dj-faults-'))
  dirs.push(dir)
  return dir
}

const failure = (code: string) => Object.assign(new Error(`${code}: injected`), { code })

/**
 * A file system whose faults the test turns on and off: `space` bytes left (then a write takes what fits and the
 * next one fails with ENOSPC), `chunk` bytes at most per write (short writes that succeed), `failSync` (EIO on the
 * file's fsync), `hold` (a flush waits at its start until the promise settles). `events` records what a flush did.
 */
function faultyFs() {
  const state = {
    space: Number.POSITIVE_INFINITY,
    chunk: Number.POSITIVE_INFINITY,
    failSync: false,
    /** The next write fails with this code, once; the disk is fine again after. */
    failNext: null as string | null,
    hold: null as Promise<void> | null,
    events: [] as string[],
  }
  const fs: Partial<StorageFs> = {
    mkdir: async (path, options) => {
      if (state.hold) await state.hold
      const { mkdir } = await import('node:fs/promises')
      return mkdir(path, options)
    },
    open: async (path, flags) => {
      const handle = await open(path, flags)
      const what = flags === 'r' ? 'directory' : 'file'
      state.events.push(`open ${what}`)
      const file: StorageFile = {
        write: async (buffer, offset, length) => {
          const once = state.failNext
          state.failNext = null
          if (once) throw failure(once)
          if (state.space <= 0) throw failure('ENOSPC')
          const n = Math.min(length, state.chunk, state.space)
          state.space -= n
          return handle.write(buffer, offset, n)
        },
        sync: async () => {
          state.events.push(`sync ${what}`)
          if (state.failSync && what === 'file') throw failure('EIO')
          return handle.sync()
        },
        close: () => handle.close(),
      }
      return file
    },
    rename: async (from, to) => {
      state.events.push('rename')
      const { rename } = await import('node:fs/promises')
      return rename(from, to)
    },
  }
  return { state, fs }
}

async function fileApp(options: { importChunkRows?: number } = {}) {
  const dir = await tempDir()
  const file = join(dir, 'db.json')
  const faults = faultyFs()
  const store = new JSONFileStore(file, { fs: faults.fs })
  const t = await testApp({ store, passwordIterations: 1000, ...options })
  apps.push(t)
  await t.app.commit() // the test operators, on disk before any fault
  return { t, dir, file, ...faults }
}

const tag = (t: TestApp, externalId: string) =>
  t.call('POST', '/v1/customer-tags', { body: { externalId, name: externalId } })
const tagIds = (json: { customerTags: { externalId: string }[] }) => json.customerTags.map((x) => x.externalId)
const onDisk = async (file: string) => JSON.parse(await readFile(file, 'utf8'))
const leftovers = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.tmp'))

describe('R1 injected storage faults', () => {
  it('R1 short writes are carried on until every byte is written: the file holds exactly the JSON', async () => {
    const dir = await tempDir()
    const { state, fs } = faultyFs()
    state.chunk = 7 // every write takes at most 7 bytes, and says so
    const value = { a: Array.from({ length: 2000 }, (_, i) => ({ i, s: 'é€😀"'.repeat(i % 4) })), b: 'z' }
    await writeJsonFile(join(dir, 'x.json'), value, fs as StorageFs)
    expect(await readFile(join(dir, 'x.json'), 'utf8')).toBe(JSON.stringify(value))
  })

  it.each([
    [
      'the disk fills up part-way through the write (ENOSPC)',
      (s: ReturnType<typeof faultyFs>['state']) => (s.space = 40),
    ],
    ['the fsync of the file fails (EIO)', (s: ReturnType<typeof faultyFs>['state']) => (s.failSync = true)],
  ])(
    'R1 %s: 503 STORAGE_UNAVAILABLE, the change is not kept, the file stays whole, reads go on, writes recover',
    async (_, fault) => {
      const { t, dir, file, state } = await fileApp()
      expect((await tag(t, 'kept')).status).toBe(201)
      const before = await readFile(file, 'utf8')

      fault(state)
      const refused = expectProblem(await tag(t, 'lost'), 503, 'STORAGE_UNAVAILABLE')
      expect(refused.detail).toMatch(/ENOSPC|EIO/)
      // Not visible afterwards, to anyone: the server serves what the file holds.
      expect((await t.call('GET', '/v1/customer-tags/lost?idType=EXTERNAL_ID')).status).toBe(404)
      expect(
        (await t.call('GET', '/v1/customer-tags')).body.content.map((x: { externalId: string }) => x.externalId),
      ).toEqual(['kept'])
      // The file is the previous whole file, and the temporary file is gone.
      expect(await readFile(file, 'utf8')).toBe(before)
      expect(await leftovers(dir)).toEqual([])
      // Still failing: every write is refused, none is kept.
      expectProblem(await tag(t, 'lost-too'), 503, 'STORAGE_UNAVAILABLE')

      // The disk recovers: writes work again, and the file holds them and none of the refused ones.
      state.space = Number.POSITIVE_INFINITY
      state.failSync = false
      expect((await tag(t, 'after')).status).toBe(201)
      expect(tagIds(await onDisk(file))).toEqual(['kept', 'after'])
      expect((await t.call('GET', '/v1/customer-tags/lost?idType=EXTERNAL_ID')).status).toBe(404)
    },
  )

  it('R1 changes made while a failing flush runs are refused too, and none of them is kept', async () => {
    const { t, file, state } = await fileApp()
    let release!: () => void
    state.hold = new Promise<void>((r) => (release = r))
    const first = tag(t, 'in-the-flush')
    await new Promise((r) => setTimeout(r, 20)) // its flush has started and waits
    const second = tag(t, 'while-it-runs') // changed in memory, waits for the next flush
    const third = t.call('POST', '/v1/customer-accounts', {
      body: { externalId: 'A', name: 'A', companyRegistrationName: 'A SAS', businessRegistrationNumber: 'RCS-A' },
    })
    await new Promise((r) => setTimeout(r, 20))
    state.failNext = 'EIO' // only the flush under way fails: the next one would succeed
    state.hold = null
    release()
    expectProblem(await first, 503, 'STORAGE_UNAVAILABLE')
    expectProblem(await second, 503, 'STORAGE_UNAVAILABLE')
    expectProblem(await third, 503, 'STORAGE_UNAVAILABLE')
    expect((await tag(t, 'later')).status).toBe(201)
    expect(tagIds(await onDisk(file))).toEqual(['later'])
    expect((await t.call('GET', '/v1/customer-tags')).body.totalElements).toBe(1)
    expect((await t.call('GET', '/v1/customer-accounts')).body.totalElements).toBe(0)
  })

  it('R1 a change made while a flush runs is answered by the next flush: when that one fails, it is not kept', async () => {
    const { t, file, state } = await fileApp()
    let release!: () => void
    state.hold = new Promise<void>((r) => (release = r))
    const first = tag(t, 'in-the-flush')
    await new Promise((r) => setTimeout(r, 20)) // its flush has started and waits
    const second = tag(t, 'while-it-runs')
    await new Promise((r) => setTimeout(r, 20))
    state.hold = null
    release()
    expect((await first).status).toBe(201)
    // The first flush succeeded; the second one (the second tag's) fails.
    state.space = 0
    expectProblem(await second, 503, 'STORAGE_UNAVAILABLE')
    state.space = Number.POSITIVE_INFINITY
    expect((await tag(t, 'later')).status).toBe(201)
    expect(tagIds(await onDisk(file))).toEqual(['in-the-flush', 'later'])
    expect((await t.call('GET', '/v1/customer-tags/while-it-runs?idType=EXTERNAL_ID')).status).toBe(404)
  })

  it('R1 the directory is fsynced after the rename, and a failed write never renames', async () => {
    const { t, state } = await fileApp()
    state.events.length = 0
    expect((await tag(t, 'a')).status).toBe(201)
    expect(state.events).toEqual(['open file', 'sync file', 'rename', 'open directory', 'sync directory'])
    state.events.length = 0
    state.failSync = true
    expectProblem(await tag(t, 'b'), 503, 'STORAGE_UNAVAILABLE')
    expect(state.events).toEqual(['open file', 'sync file'])
  })

  it('R1 an import whose commits fail ends FAILED (INTERRUPTED) and counts none of the lost rows as saved', async () => {
    // Small chunks, so that the job is still applying rows when a flush fails.
    const { t, file, state } = await fileApp({ importChunkRows: 10 })
    await makeAccount(t, 'ACME')
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      externalId: `CU-${i}`,
      civility: 'MR',
      firstName: 'First',
      lastName: `L${i}`,
      email: `cu-${i}@example.com`,
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds: ['ACME'],
    }))
    const posted = await t.call('POST', '/v1/import-jobs', { body: { type: 'CUSTOMER_USER', rows } })
    expect(posted.status, JSON.stringify(posted.body)).toBe(202)
    // From here on flushes wait; then one fails while the job runs (another request's write), dropping its rows.
    let release!: () => void
    state.hold = new Promise<void>((r) => (release = r))
    const job = () => t.call('GET', `/v1/import-jobs/${posted.body.id}`).then((r) => r.body)
    while ((await job()).progress.processed === 0) await new Promise((r) => setTimeout(r, 1))
    const other = tag(t, 'other')
    await new Promise((r) => setTimeout(r, 5))
    state.space = 0
    state.hold = null
    release()
    expectProblem(await other, 503, 'STORAGE_UNAVAILABLE')
    state.space = Number.POSITIVE_INFINITY
    await t.app.settled()
    const ended = await job()
    expect(ended).toMatchObject({ status: 'FAILED', errorCode: 'INTERRUPTED' })
    expect(ended.error).toMatch(/could not be written/)
    // What the job reports as created is what the server holds — here none of the rows.
    const users = (await t.call('GET', '/v1/customer-users?size=1')).body.totalElements
    expect(users).toBe(ended.counts?.created ?? 0)
    expect(users).toBe(0)
    // …and the file says the same once the next write lands.
    expect((await tag(t, 'next')).status).toBe(201)
    const saved = await onDisk(file)
    expect(saved.customerUsers).toHaveLength(0)
    expect(saved.importJobs.find((j: { id: string }) => j.id === posted.body.id)).toMatchObject({
      status: 'FAILED',
      errorCode: 'INTERRUPTED',
    })
  })
})
