/**
 * R8 login timing and rehash: an imported user's generated password is stored with one PBKDF2 iteration
 * (crypto/bulk-passwords.ts); the first successful login stores it again at the app's full count, and a login
 * costs the same whether the email is known, unknown, or an imported user's — within 2× (min of several runs).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { PASSWORD, makeAccount, makeUser, requestToken } from './customer-fixtures.js'

const WRONG = 'Wrong-Pass-1'

/** Imports users without a password (each gets a generated one) and reads those passwords from the outbox. */
async function importUsers(t: TestApp, externalIds: string[]): Promise<Map<string, string>> {
  const r = await t.call('POST', '/v1/import-jobs', {
    body: {
      type: 'CUSTOMER_USER',
      rows: externalIds.map((externalId) => ({
        externalId,
        civility: 'MR',
        firstName: 'First',
        lastName: externalId,
        email: `${externalId.toLowerCase()}@example.com`,
        phone: '+33 6 12 34 56 78',
        groups: ['FOC_User'],
        accountIds: ['ACME'],
      })),
    },
  })
  expect(r.status, JSON.stringify(r.body)).toBe(202)
  await t.app.settled()
  const job = await t.call('GET', `/v1/import-jobs/${r.body.id}`)
  expect(job.body).toMatchObject({ status: 'DONE', counts: { created: externalIds.length } })
  const outbox = (await t.call('GET', '/v1/notifications?size=1000')).body.content as {
    to: string
    data: { initialPassword?: string }
  }[]
  const passwords = new Map<string, string>()
  for (const n of outbox) if (n.data.initialPassword) passwords.set(n.to, n.data.initialPassword)
  return passwords
}

const stored = (t: TestApp, email: string) => t.app.db.customerUsers.findBy('email', email)!

describe('R8 rehash at the first login', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp({ passwordIterations: 2000 })
    await makeAccount(t, 'ACME')
  })

  it("R8 an imported user's first successful login stores the password at the full iteration count; it still logs in, version and ETag unchanged", async () => {
    const passwords = await importUsers(t, ['IMP-1'])
    const email = 'imp-1@example.com'
    const password = passwords.get(email)!
    expect(password).toBeTruthy()
    const before = stored(t, email)
    expect(before.password.iterations).toBe(1)

    // A wrong password changes nothing.
    expectProblem(await requestToken(t, email, WRONG), 401, 'UNAUTHENTICATED')
    expect(stored(t, email).password).toEqual(before.password)

    expect((await requestToken(t, email, password)).status).toBe(200)
    const after = stored(t, email)
    expect(after.password.iterations).toBe(2000)
    expect(after.password.salt).not.toBe(before.password.salt)
    expect(after.version).toBe(before.version)
    const read = await t.call('GET', `/v1/customer-users/${after.id}`)
    expect(read.headers.get('etag')).toBe(`"${before.version}"`)
    // The same password logs in again (now against the full-cost hash), a wrong one still does not.
    expect((await requestToken(t, email, password)).status).toBe(200)
    expect(stored(t, email).password).toEqual(after.password)
    expectProblem(await requestToken(t, email, `${password}x`), 401, 'UNAUTHENTICATED')
    // Not a password change: the audit log shows the logins only.
    const events = (await t.call('GET', `/v1/audit-events?ids=${after.id}`)).body.content as {
      action: string
      changes: object
    }[]
    expect(events.map((e) => e.action)).toEqual(['login', 'login', 'create'])
    expect(JSON.stringify(events)).not.toMatch(/passwordChanged|iterations|salt/)
    // A user whose password already has the full count keeps that very hash.
    const acme = t.app.db.customerAccounts.findBy('externalId', 'ACME')!
    const u = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const full = stored(t, u.email).password
    expect(full.iterations).toBe(2000)
    expect((await requestToken(t, u.email, PASSWORD)).status).toBe(200)
    expect(stored(t, u.email).password).toBe(full)
  })
})

describe('R8 login timing', () => {
  it('R8 a login takes the same time within 2× whether the email is unknown, known, or an imported (one-iteration) user, right or wrong', async () => {
    // Enough iterations that PBKDF2 dominates (≈ 5 ms each), few enough to stay quick; the lowest of several runs.
    const t = await testApp({ passwordIterations: 20_000 })
    await makeAccount(t, 'ACME')
    expect((await t.call('PATCH', '/v1/settings', { body: { loginMaxFailures: 1000 } })).status).toBe(200)
    const acme = t.app.db.customerAccounts.findBy('externalId', 'ACME')!
    const known = await makeUser(t, { externalId: 'JOHN', accountIds: [acme.id] })
    const RUNS = 9
    const imported = await importUsers(
      t,
      Array.from({ length: RUNS }, (_, i) => `IMP-${i}`),
    )
    expect(imported.size).toBe(RUNS)
    const [importedEmail] = imported.keys()
    const timed = async (email: string, password: string, status: number) => {
      const t0 = performance.now()
      const r = await requestToken(t, email, password)
      const ms = performance.now() - t0
      expect(r.status, JSON.stringify(r.body)).toBe(status)
      return ms
    }
    await timed('warm-up@example.com', WRONG, 401) // makes the decoy hash
    const cases: Record<string, () => Promise<number>> = {
      'unknown email': () => timed('nobody@example.com', WRONG, 401),
      'known, wrong password': () => timed(known.email, WRONG, 401),
      'known, right password': () => timed(known.email, PASSWORD, 200),
      'imported, wrong password': () => timed(importedEmail, WRONG, 401),
    }
    const best: Record<string, number> = {}
    const firstLogins = [...imported.entries()]
    for (let run = 0; run < RUNS; run++) {
      for (const [name, time] of Object.entries(cases)) best[name] = Math.min(best[name] ?? Infinity, await time())
      // Each imported user's first login (the one that rehashes) happens once: one per run.
      const [email, password] = firstLogins[run]
      best['imported, first right login'] = Math.min(
        best['imported, first right login'] ?? Infinity,
        await timed(email, password, 200),
      )
    }
    const times = Object.values(best)
    const ratio = Math.max(...times) / Math.min(...times)
    expect(ratio, `lowest of ${RUNS} runs, ms: ${JSON.stringify(best)}`).toBeLessThanOrEqual(2)
  })
})
