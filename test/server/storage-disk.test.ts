/**
 * R1 on a real full disk: a 1 MiB tmpfs (mounted for the test: this runs as root, here and on CI), a server process
 * whose data file lives on it, and writes until the disk is full. Every write answers 201 or 503, the server never
 * stops, the file always parses; once space is freed writes work again, and — served, on disk and after a restart
 * on the same file — every 201 is there and no 503 is. (storage-faults.test.ts injects the faults one by one.)
 */
import type { ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUN_SOURCES } from '../helpers.js'
import { startServerProcess } from '../processes.js'

const KEY = 'disk-test-admin-key-0123'
const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY, 'content-type': 'application/json' }

let mount: string
const children: ChildProcess[] = []
beforeAll(async () => {
  mount = await mkdtemp(join(tmpdir(), 'dj-tmpfs-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount])
})
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  execFileSync('umount', ['-l', mount])
  await rm(mount, { recursive: true, force: true })
})

const start = async (file: string) => {
  const server = await startServerProcess([
    ...RUN_SOURCES,
    'mock-server/cli.ts',
    '--port',
    '0',
    '--db',
    file,
    '--admin-key',
    KEY,
  ])
  children.push(server.child)
  return server
}
const exited = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', r))

describe('R1 a real full disk', () => {
  it('R1 writes on a full tmpfs answer 201 or 503, never a 201 that is lost; the file always parses; writes recover', async () => {
    const file = join(mount, 'db.json')
    const ballast = join(mount, 'ballast')
    // Leave the server ~400 KiB: a flush needs room for the old file and the new one side by side.
    await writeFile(ballast, Buffer.alloc(600 * 1024, 1))
    const server = await start(file)
    const acknowledged: string[] = []
    const refused: string[] = []
    const post = async (externalId: string) => {
      const r = await fetch(`${server.url}/v1/customer-tags`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ externalId, name: externalId, description: 'x'.repeat(400) }),
      })
      const body = await r.json()
      if (r.status === 201) acknowledged.push(externalId)
      else {
        expect([r.status, r.headers.get('content-type'), body.code]).toEqual([
          503,
          'application/problem+json',
          'STORAGE_UNAVAILABLE',
        ])
        refused.push(externalId)
        JSON.parse(await readFile(file, 'utf8')) // the file on disk is always whole
      }
    }
    // Four writers until the disk has refused 20 writes.
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; refused.length < 20; i++) await post(`w${w}-${i}`)
      }),
    )
    expect(acknowledged.length).toBeGreaterThan(50)
    expect(server.child.exitCode).toBe(null)
    expect((await fetch(`${server.url}/health`)).status).toBe(200) // reads go on

    // Space returns: writes work again.
    await rm(ballast)
    for (let i = 0; i < 5; i++) {
      const before = refused.length
      await post(`after-${i}`)
      expect(refused.length).toBe(before)
    }

    const check = (ids: Set<string>) => {
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([])
      expect(refused.filter((id) => ids.has(id))).toEqual([])
    }
    const served = async (url: string) => {
      const r = await fetch(`${url}/v1/customer-tags?size=1000`, { headers })
      return new Set<string>(((await r.json()).content as { externalId: string }[]).map((t) => t.externalId))
    }
    const saved = async () =>
      new Set<string>(
        (JSON.parse(await readFile(file, 'utf8')).customerTags as { externalId: string }[]).map((t) => t.externalId),
      )
    check(await served(server.url))
    check(await saved())

    // …and after a restart on the same file.
    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
    const again = await start(file)
    check(await served(again.url))
    check(await saved())
  }, 90_000)
})
