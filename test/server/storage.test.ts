import { RUN_SOURCES } from '../helpers.js'
import { startServerProcess } from '../processes.js'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../mock-server/app.js'
import { ensureOperatorKey } from '../../mock-server/seed.js'
import { JSONFileStore } from '../../mock-server/storage/json-file.js'
import { GroupCommit } from '../../mock-server/storage/store.js'

const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dj-store-'))
  dirs.push(dir)
  return dir
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const KEY = 'storage-test-admin-key'
const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY, 'content-type': 'application/json' }

describe('storage (docs/budgets.md §6)', () => {
  it('§6 group commit: concurrent callers share flushes, and each waits for a flush that started after it', async () => {
    const events: string[] = []
    let flushes = 0
    let release!: () => void
    const group = new GroupCommit(async () => {
      const n = ++flushes
      events.push(`start ${n}`)
      if (n === 1) await new Promise<void>((r) => (release = r))
      events.push(`end ${n}`)
    })
    const first = group.request().then(() => events.push('first acked'))
    await Promise.resolve()
    await Promise.resolve()
    const later = Array.from({ length: 50 }, () => group.request().then(() => events.push('later acked')))
    release()
    await Promise.all([first, ...later])
    expect(flushes).toBe(2)
    expect(events.indexOf('first acked')).toBeGreaterThan(events.indexOf('end 1'))
    expect(events.indexOf('later acked')).toBeGreaterThan(events.indexOf('end 2'))
  })

  it('§6 the JSON file is compact, reloads to the same data, and holds one writer per file', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = new JSONFileStore(file)
    expect(() => new JSONFileStore(file)).toThrow(/already open/)
    const app = await createApp({ store })
    await ensureOperatorKey(app.db, KEY)
    const r = await app.request('/v1/customer-tags', {
      method: 'POST',
      headers,
      body: JSON.stringify({ externalId: 'vip', name: 'VIP' }),
    })
    expect(r.status).toBe(201)
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('\n')
    expect(JSON.parse(text).customerTags).toHaveLength(1)
    await app.close()
    const again = await createApp({ store: new JSONFileStore(file) })
    expect(again.db.toJSON()).toEqual(app.db.toJSON())
    await again.close()
  })

  it('§6 200 concurrent creates are all kept, and each is on disk when acknowledged', async () => {
    const file = join(await tempDir(), 'db.json')
    const app = await createApp({ store: new JSONFileStore(file) })
    await ensureOperatorKey(app.db, KEY)
    const onDiskWhenAcked: boolean[] = []
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const r = await app.request('/v1/customer-tags', {
          method: 'POST',
          headers,
          body: JSON.stringify({ externalId: `t${i}`, name: `Tag ${i}` }),
        })
        expect(r.status).toBe(201)
        const saved = JSON.parse(await readFile(file, 'utf8'))
        onDiskWhenAcked.push(saved.customerTags.some((t: { externalId: string }) => t.externalId === `t${i}`))
      }),
    )
    expect(onDiskWhenAcked.every(Boolean)).toBe(true)
    await app.close()
    expect(JSON.parse(await readFile(file, 'utf8')).customerTags).toHaveLength(200)
  })
})

describe('crash safety', () => {
  let child: ChildProcess | undefined
  afterEach(() => child?.kill('SIGKILL'))

  const start = (file: string) =>
    startServerProcess([...RUN_SOURCES, 'mock-server/cli.ts', '--port', '0', '--db', file, '--admin-key', KEY])

  it('§6 SIGKILL in the middle of a stream of writes: the file parses and holds every acknowledged write', async () => {
    const file = join(await tempDir(), 'db.json')
    const server = await start(file)
    child = server.child
    const acknowledged: string[] = []
    let stop = false
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const externalId = `w${w}-${i}`
        try {
          const r = await fetch(`${server.url}/v1/customer-tags`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ externalId, name: externalId, description: 'x'.repeat(200) }),
          })
          if (r.status === 201) acknowledged.push(externalId)
        } catch {
          return // the server is gone
        }
      }
    }
    const writers = Array.from({ length: 8 }, (_, w) => writer(w))
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 10))
    server.child.kill('SIGKILL')
    stop = true
    await Promise.all(writers)
    const saved = JSON.parse(await readFile(file, 'utf8'))
    const kept = new Set(saved.customerTags.map((t: { externalId: string }) => t.externalId))
    expect(acknowledged.filter((id) => !kept.has(id))).toEqual([])

    // …and the server starts again on that file.
    const again = await start(file)
    child = again.child
    const r = await fetch(`${again.url}/v1/customer-tags?size=1`, { headers })
    expect((await r.json()).totalElements).toBe(kept.size)
  }, 60_000)

  it('§2c SIGTERM finishes the write in flight, then exits 0', async () => {
    const file = join(await tempDir(), 'db.json')
    const server = await start(file)
    child = server.child
    const exit = new Promise<number | null>((resolve) => server.child.on('exit', resolve))
    const pending = fetch(`${server.url}/v1/customer-tags`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ externalId: 'last', name: 'Last' }),
    })
    await new Promise((r) => setTimeout(r, 5))
    server.child.kill('SIGTERM')
    const status = await pending.then(
      (r) => r.status,
      () => 0,
    )
    expect(await exit).toBe(0)
    const saved = JSON.parse(await readFile(file, 'utf8'))
    expect(saved.customerTags.some((t: { externalId: string }) => t.externalId === 'last')).toBe(status === 201)
  }, 30_000)
})

describe('writeJsonFile', () => {
  it('§6 writes exactly what JSON.stringify would, whatever the shape', async () => {
    const { writeJsonFile } = await import('../../mock-server/storage/json-file.js')
    const dir = await tempDir()
    const big = {
      a: Array.from({ length: 30_000 }, (_, i) => ({ i, s: 'é"\\\n'.repeat(i % 5), n: null, u: undefined })),
      b: { x: [1, undefined, 'y'] },
      c: 'z',
      d: undefined,
    }
    for (const value of [big, { toJSON: () => ({ k: [1, 2] }) }, [1, { a: 2 }], 'text', 42, null, {}]) {
      const file = join(dir, 'x.json')
      await writeJsonFile(file, value)
      expect(await readFile(file, 'utf8')).toBe(JSON.stringify(value))
    }
  })
})
