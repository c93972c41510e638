/**
 * R1 and R2 together, the way they fail in life: a real server process on a data file, a bounded run of mixed
 * traffic (creates, updates with If-Match, organisation moves, customer logins, a small CSV import), SIGKILLs at
 * random moments with restarts on the same file, and one disk-full episode on a tmpfs. After every kill the file
 * must hold every acknowledged (2xx) write, none refused with 503, and the data's invariants: organisation trees
 * acyclic, every reference resolving, no version going backwards. The random choices come from a fixed seed, so a
 * failure replays the same traffic (timings still vary: the kills land where they land).
 */
import type { ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, statfs, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseShapeProblem } from '../../mock-server/db.js'
import { RUN_SOURCES } from '../helpers.js'
import { startServerProcess } from '../processes.js'

const SEED = 0x5eed_2024
const ROUNDS = 14
const DISK_FULL_ROUND = 6
const WORKERS = 4
const KEY = 'demo-admin-key'
const PASSWORD = 'Demo-Password-1'

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: T[]): T => list[Math.floor(next() * list.length)],
  }
}

let mount: string
let child: ChildProcess | undefined
beforeAll(async () => {
  mount = await mkdtemp(join(tmpdir(), 'dj-chaos-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount])
})
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  execFileSync('umount', ['-l', mount])
  await rm(mount, { recursive: true, force: true })
})

type Json = Record<string, any>
const HEADER =
  'Customer User External Id;Customer User Civility;Customer User First Name;Customer User Last Name;Customer User Email;' +
  'Customer User Phone;Customer User Groups;Customer User Account Ids'

describe('chaos: kills, restarts and a full disk under mixed traffic', () => {
  it('R1 R2 every acknowledged write survives SIGKILLs and a full disk, no refused one appears, invariants hold', async () => {
    const rnd = random(SEED)
    const file = join(mount, 'db.json')
    const ballast = join(mount, 'ballast')
    const exited = (c: ChildProcess) =>
      c.exitCode !== null || c.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((r) => c.once('exit', () => r()))
    let url = ''
    const start = async () => {
      const server = await startServerProcess([
        ...RUN_SOURCES,
        'mock-server/cli.ts',
        '--port',
        '0',
        '--db',
        file,
        '--seed',
        'demo-small',
      ])
      child = server.child
      url = server.url
    }
    await start()

    // What the test knows was acknowledged, and what was refused.
    const versions = new Map<string, number>() // `${collection}/${id}` → highest acknowledged version
    const refused: { collection: string; externalId: string }[] = []
    const importedIds: string[] = [] // externalIds of users an import reported DONE and CREATED
    const counts = { ok: 0, refused: 0, rejected: 0, lost: 0, kills: 0 }
    const seed = JSON.parse(await readFile(file, 'utf8')) as Json
    const accounts: { id: string; externalId: string }[] = seed.customerAccounts.filter(
      (a: Json) => a.status === 'ACTIVE',
    )
    const orgs: { id: string; accountId: string }[] = seed.organisations.filter((o: Json) =>
      accounts.some((a) => a.id === o.accountId),
    )
    const users: { id: string }[] = seed.customerUsers.map((u: Json) => ({ id: u.id }))
    const emails: string[] = seed.customerUsers.map((u: Json) => u.email)
    const store: string = seed.stores[0].externalId
    let n = 0

    const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const headers: Record<string, string> = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY, ...extra }
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
      const r = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await r.text()
      const json = text ? JSON.parse(text) : null
      expect(r.status, `${method} ${path} → ${r.status} ${text}`).not.toBe(500)
      if (r.status === 503) {
        expect(json.code).toBe('STORAGE_UNAVAILABLE')
        counts.refused++
      } else if (r.status >= 400) counts.rejected++
      else counts.ok++
      return { status: r.status, body: json, etag: r.headers.get('etag') }
    }
    const ack = (collection: string, record: Json) => {
      const key = `${collection}/${record.id}`
      versions.set(key, Math.max(versions.get(key) ?? 0, record.version ?? 1))
    }
    const create = async (collection: string, path: string, body: Json) => {
      const r = await call('POST', path, body)
      if (r.status === 201) ack(collection, r.body)
      if (r.status === 503) refused.push({ collection, externalId: body.externalId })
      return r
    }

    const ops: [number, () => Promise<void>][] = [
      [
        3,
        async () =>
          void (await create('customerTags', '/v1/customer-tags', { externalId: `T${++n}`, name: `Tag ${n}` })),
      ],
      [
        2,
        async () => {
          const externalId = `ACC${++n}`
          const r = await create('customerAccounts', '/v1/customer-accounts', {
            externalId,
            name: externalId,
            companyRegistrationName: `${externalId} SAS`,
            businessRegistrationNumber: `RCS-${externalId}`,
          })
          if (r.status === 201 && r.body.status === 'ACTIVE') accounts.push({ id: r.body.id, externalId })
        },
      ],
      [
        4,
        async () => {
          const parent = rnd.next() < 0.7 && orgs.length ? rnd.pick(orgs) : null
          const accountId = parent?.accountId ?? rnd.pick(accounts).id
          const r = await create('organisations', '/v1/organisations', {
            externalId: `ORG${++n}`,
            name: `Org ${n}`,
            ...(parent ? { parentId: parent.id } : { accountId }),
          })
          if (r.status === 201) orgs.push({ id: r.body.id, accountId })
        },
      ],
      [
        4,
        async () => {
          const org = rnd.pick(orgs)
          const siblings = orgs.filter((o) => o.accountId === org.accountId && o.id !== org.id)
          const parentId = rnd.next() < 0.2 || !siblings.length ? null : rnd.pick(siblings).id
          const current = await call('GET', `/v1/organisations/${org.id}`)
          if (current.status !== 200) return
          const r = await call('POST', `/v1/organisations/${org.id}/move`, { parentId }, { 'if-match': current.etag! })
          if (r.status === 200) ack('organisations', r.body)
        },
      ],
      [
        3,
        async () => {
          const user = rnd.pick(users)
          const current = await call('GET', `/v1/customer-users/${user.id}`)
          if (current.status !== 200) return
          const r = await call(
            'PATCH',
            `/v1/customer-users/${user.id}`,
            { firstName: `F${++n}` },
            { 'if-match': current.etag! },
          )
          if (r.status === 200) ack('customerUsers', r.body)
        },
      ],
      [
        1,
        async () => {
          const account = rnd.pick(accounts)
          const externalId = `CU${++n}`
          const r = await create('customerUsers', '/v1/customer-users', {
            externalId,
            civility: 'MR',
            firstName: 'First',
            lastName: externalId,
            phone: '+33 6 12 34 56 78',
            groups: ['FOC_User'],
            email: `${externalId.toLowerCase()}@example.com`,
            password: PASSWORD,
            accountIds: [account.id],
          })
          if (r.status === 201) {
            users.push({ id: r.body.id })
            emails.push(r.body.email)
          }
        },
      ],
      [
        2,
        async () => {
          // A login is traffic here, not a checked write: whether a session outlives a kill is R6's business.
          await call('POST', '/auth/token', { email: rnd.pick(emails), password: PASSWORD }, { 'dj-client': 'ACCOUNT' })
        },
      ],
      [
        2,
        async () => {
          const account = rnd.pick(accounts)
          const ids = [`IMP${++n}`, `IMP${++n}`]
          const csv = `${[HEADER, ...ids.map((id) => `${id};MR;Imported;${id};${id.toLowerCase()}@example.com;+33 6 12 34 56 78;FOC_User;${account.externalId}`)].join('\r\n')}\r\n`
          const posted = await call('POST', `/v1/import-jobs?type=CUSTOMER_USER&storeIds=${store}`, csv, {
            'content-type': 'text/csv',
          })
          if (posted.status !== 202) return
          for (;;) {
            const job = await call('GET', `/v1/import-jobs/${posted.body.id}`)
            if (job.body.status === 'DONE') {
              const report = await call('GET', `/v1/import-jobs/${posted.body.id}/report`)
              for (const row of report.body.rows) if (row.status === 'CREATED') importedIds.push(row.externalId)
              return
            }
            if (job.body.status === 'FAILED') return
            await new Promise((r) => setTimeout(r, 20))
          }
        },
      ],
    ]
    const total = ops.reduce((s, [w]) => s + w, 0)
    const op = () => {
      let x = rnd.int(total)
      for (const [w, f] of ops) if ((x -= w) < 0) return f
      return ops[0][1]
    }

    /** Every acknowledged write is in the file, no refused create is, and the data's invariants hold. */
    const verify = async (when: string) => {
      const data = JSON.parse(await readFile(file, 'utf8')) as Json
      expect(databaseShapeProblem(data), when).toBe(null)
      const byId = (collection: string) => new Map<string, Json>(data[collection].map((r: Json) => [r.id, r]))
      const tables: Record<string, Map<string, Json>> = Object.fromEntries(
        ['customerTags', 'customerAccounts', 'organisations', 'customerUsers'].map((c) => [c, byId(c)]),
      )
      const missing: string[] = []
      for (const [key, version] of versions) {
        const [collection, id] = key.split('/')
        const record = tables[collection].get(id)
        if (!record || record.version < version) missing.push(`${key}@${version} → ${record?.version ?? 'absent'}`)
      }
      expect(missing, `${when}: acknowledged writes lost or gone back`).toEqual([])
      const present = (collection: string, externalId: string) =>
        data[collection].some((r: Json) => r.externalId === externalId)
      expect(
        refused.filter((r) => present(r.collection, r.externalId)),
        `${when}: refused writes kept`,
      ).toEqual([])
      expect(
        importedIds.filter((id) => !present('customerUsers', id)),
        `${when}: imported users lost`,
      ).toEqual([])
      const accountsById = tables.customerAccounts
      const orgsById = tables.organisations
      for (const org of orgsById.values()) {
        expect(accountsById.has(org.accountId), `${when}: ${org.id} account`).toBe(true)
        const seen = new Set<string>([org.id])
        for (let p = org.parentId; p !== null; p = orgsById.get(p)!.parentId) {
          expect(orgsById.get(p)?.accountId, `${when}: ${org.id} parent ${p}`).toBe(org.accountId)
          expect(seen.has(p), `${when}: cycle through ${p}`).toBe(false)
          seen.add(p)
        }
      }
      for (const user of tables.customerUsers.values()) {
        for (const a of user.accountIds) expect(accountsById.has(a), `${when}: ${user.id} account ${a}`).toBe(true)
        for (const o of user.organisationIds) expect(orgsById.has(o), `${when}: ${user.id} org ${o}`).toBe(true)
      }
    }

    for (let round = 0; round < ROUNDS; round++) {
      const budget = 200 + rnd.int(200)
      const killAt = Math.floor(budget * (0.3 + 0.6 * rnd.next()))
      let done = 0
      let killed = false
      const running = child!
      const kill = () => {
        if (killed) return
        killed = true
        counts.kills++
        running.kill('SIGKILL')
      }
      const full = round === DISK_FULL_ROUND
      if (full) {
        // The disk fills up: leave less room than a second copy of the file needs.
        const { bavail, bsize } = await statfs(mount)
        const room = (await stat(file)).size + 4096
        await writeFile(ballast, Buffer.alloc(Math.max(0, bavail * bsize - room), 1))
      }
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (!killed && done < budget) {
            try {
              await op()()
            } catch (e) {
              if (!killed) throw e // only a killed server may drop a request
              counts.lost++
              return
            }
            done++
            if (full && done === Math.floor(budget / 2)) await rm(ballast, { force: true }) // space returns
            if (done >= killAt) kill()
          }
        }),
      )
      kill()
      await exited(running)
      expect(running.signalCode, `round ${round}: the server stopped by itself`).toBe('SIGKILL')
      await verify(`after kill ${round}`)
      if (full) await rm(ballast, { force: true }) // killed while the disk was still full: space returns now
      await start()
    }
    child!.kill('SIGTERM')
    await exited(child!)
    expect(child!.exitCode).toBe(0)
    await verify('after SIGTERM')
    expect(counts.refused, 'the disk-full episode refused writes').toBeGreaterThan(0)
    expect(counts.ok).toBeGreaterThan(1000)
    expect(importedIds.length).toBeGreaterThan(0)
    console.log('chaos', counts, { acknowledged: versions.size, refused: refused.length, imported: importedIds.length })
  }, 120_000)
})
