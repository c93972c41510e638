/**
 * R2 (one process per data file, a file of the wrong shape stops the start), R1 (temporary files a killed process
 * left are removed) and R5 (`--admin-key` length, key prefixes), through the `dj-mock-server` command as a user runs
 * it: exit code, its one line on stderr, the data file and what lies beside it.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../mock-server/app.js'
import { JSONFileStore } from '../../mock-server/storage/json-file.js'
import { DEMO_KEYS, ensureOperatorKey, seedDemo } from '../../mock-server/seed.js'
import { RUN_SOURCES } from '../helpers.js'
import { runningProcesses, runProcess, startServerProcess } from '../processes.js'

const KEY = 'start-test-admin-key-0123'
const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY, 'content-type': 'application/json' }
const CLI = [...RUN_SOURCES, 'mock-server/cli.ts']

const dirs: string[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of [...children.splice(0), ...runningProcesses]) if (child.exitCode === null) child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dj-start-'))
  dirs.push(dir)
  return dir
}
const start = async (file: string, ...more: string[]) => {
  const server = await startServerProcess([...CLI, '--port', '0', '--db', file, '--admin-key', KEY, ...more])
  children.push(server.child)
  return server
}
const exited = (child: ChildProcess) =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
/** Another process, alive until the test ends. */
const runningChild = async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  children.push(child)
  await new Promise((resolve) => child.once('spawn', resolve))
  return child
}
const tag = (url: string, externalId: string) =>
  fetch(`${url}/v1/customer-tags`, { method: 'POST', headers, body: JSON.stringify({ externalId, name: externalId }) })

describe('R2 one server per data file', () => {
  it('R2 a second server on the same data file exits non-zero, naming the holder; the first keeps every write', async () => {
    const file = join(await tempDir(), 'db.json')
    const first = await start(file)
    const second = await runProcess([...CLI, '--port', '0', '--db', file, '--admin-key', KEY])
    expect(second.code).not.toBe(0)
    expect(second.stdout).toBe('')
    expect(second.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(second.stderr).toContain(`process ${first.child.pid}`)
    expect(second.stderr).toContain(file)
    // The first server goes on, alone: all of its writes are kept.
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tag(first.url, `t${i}`).then((r) => r.status)),
    )
    expect(statuses).toEqual(Array(10).fill(201))
    expect(JSON.parse(await readFile(file, 'utf8')).customerTags).toHaveLength(10)
  }, 30_000)

  it('R2 the lock is released after the last flush on SIGTERM, and a lock left by a killed server is taken over', async () => {
    const file = join(await tempDir(), 'db.json')
    const lock = `${file}.lock`
    const a = await start(file)
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(a.child.pid))
    a.child.kill('SIGTERM')
    expect(await exited(a.child)).toBe(0)
    expect(existsSync(lock)).toBe(false)

    const b = await start(file)
    expect((await tag(b.url, 'kept')).status).toBe(201)
    b.child.kill('SIGKILL')
    await exited(b.child)
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(b.child.pid)) // left behind, its process gone
    const c = await start(file)
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(c.child.pid))
    const r = await fetch(`${c.url}/v1/customer-tags/kept?idType=EXTERNAL_ID`, { headers })
    expect(r.status).toBe(200)
  }, 30_000)

  it('R2 two servers taking over the same stale lock at once: the one that comes second finds the first holding it, and leaves its lock alone', async () => {
    const file = join(await tempDir(), 'db.json')
    const lock = `${file}.lock`
    // A pid no process has (above Linux's pid_max).
    await writeFile(lock, '4194999\n')
    // The other server, alive (a child of this test), takes the stale lock over while this one is between reading it
    // and moving it aside: exactly when this one's move happens.
    const other = await runningChild()
    const store = new JSONFileStore(file, {
      fs: {
        rename: async (from, to) => {
          if (from === lock) {
            await rm(lock)
            await writeFile(lock, `${other.pid}\n`)
          }
          await rename(from, to)
        },
      },
    })
    await expect(store.load()).rejects.toThrow(`in use by process ${other.pid}`)
    expect(await readFile(lock, 'utf8')).toBe(`${other.pid}\n`)
    expect((await readdir(join(file, '..'))).sort()).toEqual(['db.json.lock'])
  })

  it('R2 a server whose lock now names another process (removed by hand, a second server started) writes nothing more: its writers are answered 503', async () => {
    const file = join(await tempDir(), 'db.json')
    const lock = `${file}.lock`
    const a = await start(file)
    expect((await tag(a.url, 'before')).status).toBe(201)
    // Removed by hand: the server takes it again at its next write.
    await rm(lock)
    expect((await tag(a.url, 'while-removed')).status).toBe(201)
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(a.child.pid))
    const saved = await readFile(file, 'utf8')
    const other = await runningChild()
    await writeFile(lock, `${other.pid}\n`)
    const refused = await tag(a.url, 'after')
    expect(refused.status).toBe(503)
    expect(await readFile(file, 'utf8')).toBe(saved)
    expect(await readFile(lock, 'utf8')).toBe(`${other.pid}\n`)
  }, 30_000)

  it('R1 temporary files a killed server left beside the data file are removed at start; other files stay', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const a = await start(file)
    expect((await tag(a.url, 'x')).status).toBe(201)
    a.child.kill('SIGKILL')
    await exited(a.child)
    // What a SIGKILL in the middle of flushes leaves: temporary files of that process (and of an older one).
    await writeFile(join(dir, `.db.json.${a.child.pid}.tmp`), '{"torn":')
    await writeFile(join(dir, '.db.json.12345.tmp'), '{"torn":')
    await writeFile(join(dir, '.other.json.12345.tmp'), 'not ours')
    await start(file)
    expect((await readdir(dir)).sort()).toEqual(['.other.json.12345.tmp', 'db.json', 'db.json.lock'])
  }, 30_000)
})

describe('R2 a data file of the wrong shape stops the start', () => {
  const valid = async () => {
    const app = await createApp()
    await ensureOperatorKey(app.db, KEY)
    return app.db.toJSON() as unknown as Record<string, unknown>
  }
  it('R2 valid JSON that is not the server data: exit 1, one line naming the file and what is wrong, file untouched', async () => {
    const dir = await tempDir()
    const json = await valid()
    const { customerUsers: _, ...withoutUsers } = json
    const cases: [string, string, RegExp][] = [
      ['an array', '[1,2,3]', /holds an array/],
      ['a number', '42', /holds number/],
      ['an empty object', '{}', /schemaVersion/],
      ['a collection missing', JSON.stringify(withoutUsers), /no "customerUsers" list/],
      ['a collection of the wrong type', JSON.stringify({ ...json, stores: { a: 1 } }), /"stores" as object/],
      [
        'a record that is not an object',
        JSON.stringify({ ...json, customerTags: ['vip'] }),
        /"customerTags"\[0\] as string/,
      ],
      ['not JSON at all', '{"schemaVersion": 1,\n  "seq": ', /is not valid JSON/],
    ]
    for (const [what, text, reason] of cases) {
      const file = join(dir, 'db.json')
      await writeFile(file, text)
      const r = await runProcess([...CLI, '--port', '0', '--db', file, '--admin-key', KEY])
      expect(r.code, what).toBe(1)
      expect(r.stderr.trimEnd().split('\n'), what).toHaveLength(1)
      expect(r.stderr, what).toContain(file)
      expect(r.stderr, what).toMatch(reason)
      expect(r.stderr, what).not.toMatch(/\bat \S+:\d+/) // no stack trace
      expect(await readFile(file, 'utf8'), what).toBe(text)
      expect(existsSync(`${file}.lock`), what).toBe(false)
    }
  }, 60_000)

  it('R2 an empty or absent file is "no data yet": the server starts on it', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    await writeFile(file, '')
    const server = await start(file)
    expect((await tag(server.url, 'first')).status).toBe(201)
    expect(JSON.parse(await readFile(file, 'utf8')).customerTags).toHaveLength(1)
  }, 30_000)
})

describe('R5 operator keys at rest', () => {
  it('R5 an --admin-key under 16 characters is refused: exit 2, one line, nothing written', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    for (const key of ['k', 'secret', 'fifteen-chars-x']) {
      const r = await runProcess([...CLI, '--port', '0', '--db', file, '--admin-key', key])
      expect(r.code).toBe(2)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/--admin-key must be at least 16 characters/)
      expect(r.stderr).not.toContain(key.length > 1 ? key : '\0')
    }
    const env = await runProcess([...CLI, '--port', '0', '--db', file], { env: { DJ_ADMIN_KEY: 'short' } })
    expect(env.code).toBe(2)
    expect(await readdir(dir)).toEqual([])
  }, 30_000)

  it('R5 a key keeps at most a quarter of itself (8 characters at most) as its prefix; the demo keys still work', async () => {
    const app = await createApp({ passwordIterations: 1000 })
    await seedDemo(app.db, { passwordIterations: 1000 })
    const sixteen = 'abcdefghijklmnop'
    await ensureOperatorKey(app.db, sixteen)
    const prefixes = [...app.db.apiKeys.values()].map((k) => k.prefix)
    expect(prefixes).toContain('abcd')
    expect(prefixes).toContain('dem') // demo-admin-key: 14 characters
    for (const p of prefixes) expect(p.length).toBeLessThanOrEqual(8)
    for (const key of [sixteen, ...Object.values(DEMO_KEYS)]) {
      const r = await app.request('/v1/stores', { headers: { 'dj-client': 'OPERATOR', 'dj-api-key': key } })
      expect(r.status, key).toBe(200)
    }
    // A key made by the API (djk_ and 43 characters) keeps djk_ and 4 of its characters.
    const me = [...app.db.operators.values()].find((o) => o.groups.includes('Admin'))!
    const made = await app.request(`/v1/operator-users/${me.id}/api-keys`, {
      method: 'POST',
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': sixteen, 'content-type': 'application/json' },
      body: '{}',
    })
    const { key, prefix } = (await made.json()) as { key: string; prefix: string }
    expect(prefix).toBe(key.slice(0, 8))
    expect(JSON.stringify(app.db.toJSON())).not.toContain(sixteen)
  })
})
