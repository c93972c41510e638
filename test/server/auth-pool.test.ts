/**
 * R4 hashing does not starve other requests: API keys and tokens are checked without Web Crypto (whose Node
 * implementation queues on libuv's shared threads), passwords go through the hasher the app is given — under Node
 * the bounded worker pool of crypto/password-pool.ts, where a login goes before an import's remaining passwords.
 * Timings are in test/bench/auth-under-load.ts; here, what holds whatever the machine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PasswordPool } from '../../mock-server/crypto/password-pool.js'
import { webCryptoPasswords, type HashPriority, type PasswordHasher } from '../../mock-server/crypto/passwords.js'
import { testApp } from '../helpers.js'
import { PASSWORD, login, makeAccount, makeUser, requestToken } from './customer-fixtures.js'

const pools: PasswordPool[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const p of pools.splice(0)) await p.close()
})
const pool = (size = 1) => {
  const p = new PasswordPool({ size })
  pools.push(p)
  return p
}

describe('R4 keys and tokens', () => {
  it('R4 API keys and storefront tokens are checked without Web Crypto: calls answer while its queue is stuck', async () => {
    const t = await testApp({ passwordIterations: 1000 })
    const acme = await makeAccount(t, 'ACME')
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const shop = await login(t, u.email)
    // Web Crypto's digest never answers, as when libuv's threads are all busy hashing passwords.
    vi.spyOn(crypto.subtle, 'digest').mockImplementation(() => new Promise<ArrayBuffer>(() => {}))
    expect((await t.call('GET', '/v1/customer-users', { as: 'reader' })).status).toBe(200)
    expect((await shop.call('GET', '/v1/authenticated-user')).status).toBe(200)
    // A new session's token is hashed the same way.
    const again = await requestToken(t, u.email, PASSWORD)
    expect(again.status).toBe(200)
    expect(crypto.subtle.digest).not.toHaveBeenCalled()
  })
})

describe('R4 the password pool', () => {
  it('R4 a waiting login goes before the rest of an import: interactive jobs first, then bulk ones', async () => {
    const p = pool(1)
    const stored = await p.hash(PASSWORD, 1000)
    const order: string[] = []
    const bulk = Array.from({ length: 8 }, (_, i) =>
      p.hash(`Bulk-Pass-${i}`, 20_000, 'bulk').then(() => order.push(`bulk ${i}`)),
    )
    const interactive = p.verify(PASSWORD, stored, 'interactive').then((ok) => order.push(`login ${ok}`))
    await Promise.all([...bulk, interactive])
    // One thread: the first bulk job was already running; the login came next.
    expect(order.slice(0, 2)).toEqual(['bulk 0', 'login true'])
    expect(order.slice(2)).toEqual(['bulk 1', 'bulk 2', 'bulk 3', 'bulk 4', 'bulk 5', 'bulk 6', 'bulk 7'])
  })

  it('R4 the pool is bounded: never more jobs running than threads, the rest queued', async () => {
    const p = pool(2)
    const jobs = Array.from({ length: 10 }, (_, i) => p.hash(`Pass-${i}-A`, 5000))
    expect(p.pending).toEqual({ queued: 8, running: 2 })
    const hashes = await Promise.all(jobs)
    expect(p.pending).toEqual({ queued: 0, running: 0 })
    expect(new Set(hashes.map((h) => h.salt)).size).toBe(10)
    for (const [i, h] of hashes.entries()) expect(await webCryptoPasswords.verify(`Pass-${i}-A`, h)).toBe(true)
  })

  it('R4 a job that fails (a malformed stored hash) fails alone; the pool goes on; a closed pool refuses', async () => {
    const p = pool(1)
    await expect(p.verify(PASSWORD, { hash: '', salt: '', iterations: 0 })).rejects.toThrow()
    const h = await p.hash(PASSWORD, 1000)
    expect(await p.verify(PASSWORD, h)).toBe(true)
    expect(await p.verify('Wrong-Pass-1', h)).toBe(false)
    await p.close()
    await expect(p.hash(PASSWORD, 1000)).rejects.toThrow(/closed/)
  })
})

describe('R4 the app hashes through the hasher it is given', () => {
  /** The pool, recording each call's kind and priority. */
  const recording = (inner: PasswordHasher) => {
    const calls: string[] = []
    const hasher: PasswordHasher = {
      hash: (password, iterations, priority?: HashPriority) => {
        calls.push(`hash ${priority ?? 'interactive'}`)
        return inner.hash(password, iterations, priority)
      },
      verify: (password, stored, priority?: HashPriority) => {
        calls.push(`verify ${priority ?? 'interactive'}`)
        return inner.verify(password, stored, priority)
      },
    }
    return { hasher, calls }
  }

  it("R4 logins verify in the pool (interactive), an import job's given passwords are hashed there as bulk", async () => {
    const { hasher, calls } = recording(pool(1))
    const t = await testApp({ passwordIterations: 1000, passwords: hasher })
    await makeAccount(t, 'ACME')
    const r = await t.call('POST', '/v1/import-jobs', {
      body: {
        type: 'CUSTOMER_USER',
        rows: Array.from({ length: 3 }, (_, i) => ({
          externalId: `IMP-${i}`,
          civility: 'MR',
          firstName: 'First',
          lastName: `Last ${i}`,
          email: `imp-${i}@example.com`,
          phone: '+33 6 12 34 56 78',
          groups: ['FOC_User'],
          accountIds: ['ACME'],
          password: `Given-Pass-${i}`,
        })),
      },
    })
    expect(r.status).toBe(202)
    await t.app.settled()
    expect(calls).toEqual(['hash bulk', 'hash bulk', 'hash bulk'])
    calls.length = 0
    expect((await requestToken(t, 'imp-1@example.com', 'Given-Pass-1')).status).toBe(200)
    expect((await requestToken(t, 'nobody@example.com', 'Given-Pass-1')).status).toBe(401)
    // The decoy for unknown emails is made once, in the pool too.
    expect(calls).toEqual(['hash interactive', 'verify interactive', 'verify interactive'])
  })
})
