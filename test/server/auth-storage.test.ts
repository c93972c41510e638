/**
 * R6 what logins leave in storage: a login is not a commit (its token, lastLoginAt and audit event are saved with
 * the next one, or after `lazyCommitMs`, or on close); no saved file holds an expired token; audit events older
 * than `auditRetentionDays` are deleted. N2: a password change is audited as a marker, never a value. Commits are
 * counted, and what they save captured, by a test Store.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DatabaseJson } from '../../mock-server/db.js'
import type { Store } from '../../mock-server/storage/store.js'
import { testApp, type TestApp } from '../helpers.js'
import { PASSWORD, makeAccount, makeUser, requestToken } from './customer-fixtures.js'

/** Counts commits and keeps what the last one saved, as a file would hold it. */
class CountingStore implements Store {
  commits = 0
  saved: DatabaseJson | null = null
  async load() {
    return undefined
  }
  async commit(snapshot: () => unknown) {
    this.commits++
    this.saved = JSON.parse(JSON.stringify(snapshot()))
  }
  async close() {}
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
let t: TestApp
let store: CountingStore
let now: number
let user: { id: string; email: string }
async function setUp(options: { lazyCommitMs?: number } = {}) {
  // From the real time on: the test operators' keys are made on the real clock, and events are kept in time order.
  now = Date.now()
  store = new CountingStore()
  t = await testApp({ store, passwordIterations: 1000, clock: () => new Date(now), ...options })
  const acme = await makeAccount(t, 'ACME')
  user = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
}
/** Any operator write: a commit. */
const write = async () =>
  expect(
    (await t.call('POST', '/v1/customer-tags', { body: { externalId: `T-${now}`, name: `Tag ${now}` } })).status,
  ).toBe(201)

describe('R6 logins and storage', () => {
  beforeEach(() => setUp())
  afterEach(() => vi.useRealTimers())

  it('R6 a login does not flush: 20 logins, no commit; their tokens, lastLoginAt and audit events are saved with the next commit', async () => {
    const commits = store.commits
    for (let i = 0; i < 20; i++) {
      now += 1000
      expect((await requestToken(t, user.email, PASSWORD)).status).toBe(200)
    }
    expect(store.commits).toBe(commits)
    await write()
    expect(store.commits).toBe(commits + 1)
    const saved = store.saved!
    expect(saved.tokens).toHaveLength(20)
    expect(saved.customerUsers.find((u) => u.id === user.id)!.lastLoginAt).toBe(new Date(now).toISOString())
    expect(saved.auditEvents.filter((e) => e.action === 'login' && e.id === user.id)).toHaveLength(20)
  })

  it('R6 the saved data never holds an expired token: a commit drops them, and so does each login', async () => {
    for (let i = 0; i < 10; i++) expect((await requestToken(t, user.email, PASSWORD)).status).toBe(200)
    now += 16 * MINUTE // past the 15-minute lifetime
    await write()
    expect(store.saved!.tokens).toEqual([])
    expect(t.app.db.tokens.size).toBe(0)
    // Some expired, some live: only the live ones are saved.
    for (let i = 0; i < 3; i++) await requestToken(t, user.email, PASSWORD)
    now += 10 * MINUTE
    for (let i = 0; i < 2; i++) await requestToken(t, user.email, PASSWORD)
    now += 6 * MINUTE
    await write()
    expect(store.saved!.tokens).toHaveLength(2)
    expect(store.saved!.tokens.every((k) => Date.parse(k.expiresAt) > now)).toBe(true)
  })

  it('R6 audit events older than auditRetentionDays (default 365) are deleted, from the saved data and from the log', async () => {
    expect((await t.call('GET', '/v1/settings')).body.auditRetentionDays).toBe(365)
    expect((await t.call('PATCH', '/v1/settings', { body: { auditRetentionDays: 30 } })).status).toBe(200)
    const oldest = store.saved!.auditEvents.map((e) => e.seq)
    expect(oldest.length).toBeGreaterThan(0)
    now += 20 * DAY
    await requestToken(t, user.email, PASSWORD)
    await write()
    const middle = store.saved!.auditEvents.map((e) => e.seq)
    expect(middle).toEqual(expect.arrayContaining(oldest))
    now += 11 * DAY // the first events are now 31 days old, the login and the tag 11
    await write()
    const kept = store.saved!.auditEvents
    expect(kept.some((e) => oldest.includes(e.seq))).toBe(false)
    expect(kept.map((e) => e.action)).toEqual(['login', 'create', 'create'])
    expect(kept.every((e) => Date.parse(e.at) >= now - 30 * DAY)).toBe(true)
    const listed = (await t.call('GET', '/v1/audit-events?size=1000')).body
    expect(listed.totalElements).toBe(kept.length)
    const bad = await t.call('PATCH', '/v1/settings', { body: { auditRetentionDays: 0 } })
    expect(bad.status).toBe(400)
  })

  it('R6 changes that wait for the next commit are saved after lazyCommitMs (default one minute) at the latest', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const commits = store.commits
    await requestToken(t, user.email, PASSWORD)
    await requestToken(t, user.email, PASSWORD)
    vi.advanceTimersByTime(59_000)
    expect(store.commits).toBe(commits)
    vi.advanceTimersByTime(1_000)
    expect(store.commits).toBe(commits + 1) // one commit for both logins
    expect(store.saved!.tokens).toHaveLength(2)
    vi.advanceTimersByTime(10 * MINUTE)
    expect(store.commits).toBe(commits + 1) // nothing more to save
  })
})

describe('R6 closing the app', () => {
  it('R6 close() saves the logins made since the last commit', async () => {
    await setUp({ lazyCommitMs: 0 })
    const commits = store.commits
    await requestToken(t, user.email, PASSWORD)
    expect(store.commits).toBe(commits)
    await t.app.close()
    expect(store.commits).toBeGreaterThan(commits)
    expect(store.saved!.tokens).toHaveLength(1)
    expect(store.saved!.customerUsers.find((u) => u.id === user.id)!.lastLoginAt).not.toBeNull()
  })
})

describe('N2 password changes in the audit log', () => {
  beforeEach(() => setUp())

  it('N2 a password change is audited as passwordChanged, never with the password, its hash or its salt', async () => {
    const before = t.app.db.customerUsers.get(user.id)!.password
    const r = await t.call('PATCH', `/v1/customer-users/${user.id}`, { body: { password: 'Another-Pass-7' } })
    expect(r.status).toBe(200)
    const after = t.app.db.customerUsers.get(user.id)!.password
    const [event] = (await t.call('GET', `/v1/audit-events?ids=${user.id}&action=update`)).body.content
    expect(event.changes).toEqual({ passwordChanged: { from: false, to: true } })
    const text = JSON.stringify(event)
    for (const secret of ['Another-Pass-7', before.hash, before.salt, after.hash, after.salt])
      expect(text).not.toContain(secret)
    // A change without a password says nothing about it.
    await t.call('PATCH', `/v1/customer-users/${user.id}`, { body: { firstName: 'Johnny' } })
    const [next] = (await t.call('GET', `/v1/audit-events?ids=${user.id}&action=update`)).body.content
    expect(next.changes).toEqual({ firstName: { from: 'First', to: 'Johnny' } })
  })

  it('N2 a password set by an import row (update) is audited the same way', async () => {
    const r = await t.call('POST', '/v1/import-jobs', {
      body: {
        type: 'CUSTOMER_USER',
        rows: [
          {
            externalId: 'JOHN',
            civility: 'MR',
            firstName: 'First',
            lastName: 'JOHN',
            email: user.email,
            phone: '+33 6 12 34 56 78',
            groups: ['FOC_User'],
            accountIds: ['ACME'],
            password: 'Imported-Pass-9',
          },
        ],
      },
    })
    expect(r.status).toBe(202)
    await t.app.settled()
    const [event] = (await t.call('GET', `/v1/audit-events?ids=${user.id}&action=update`)).body.content
    expect(event.changes).toEqual({ passwordChanged: { from: false, to: true } })
    expect((await requestToken(t, user.email, 'Imported-Pass-9')).status).toBe(200)
  })
})
