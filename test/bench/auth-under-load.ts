/**
 * R4 Authentication under load: the p95 of an authenticated back-office GET while password hashing runs, against
 * the same GET on an idle server in the same run. Target: p95 under 100 ms in every phase.
 *
 *   npx tsx test/bench/auth-under-load.ts     (add  --passwords 500  --window 5  to shorten)
 *
 * Set-up: the server runs alone in a child process (this file with `--child`), as the command runs it
 * (`startServer`: 100,000 PBKDF2 iterations, the password worker pool, native SHA-256 for keys and tokens), on 127.0.0.1;
 * the load comes from this process. For comparison the same phases run against a second child that hashes through
 * Web Crypto (libuv's threadpool; what MSW and `createApp` without `passwords` use, and what the Node server did
 * before R4). Phases, each measured with sequential GETs (`/v1/customer-users?size=20`, an API key checked each
 * time) for `--window` seconds or until the load ends:
 *   1. idle;
 *   2. 300 concurrent wrong logins for 300 unknown emails, throttling (R7) raised out of the way — the issue's case;
 *   3. the same 300 with the default throttling (most are refused before any hashing);
 *   4. an import job of `--passwords` (2,000) rows each with a given password, the job posted and left running;
 *      a right login is timed once meanwhile (a login goes before the import's passwords in the pool).
 * Functional checks (non-zero exit): every GET 200, every wrong login 401 or 429, the import accepted.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { fail, ms, percentile, ratio, table } from './fixtures.js'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const KEY = 'bench-admin-key-0123456789'
const PASSWORD = 'Bench-Password-1'
const GOAL_MS = 100

/** The server under test, in this process: `pool` as `startServer` runs it, or `webcrypto` (createApp's default). */
async function child(mode: string) {
  const { startServer } = await import('../../mock-server/node.js')
  const { createApp } = await import('../../mock-server/app.js')
  const { ensureOperatorKey } = await import('../../mock-server/seed.js')
  let url: string
  let app: Awaited<ReturnType<typeof createApp>>
  if (mode === 'pool') {
    const s = await startServer({ port: 0 })
    url = s.url
    app = s.app
  } else {
    app = await createApp()
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(srv))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  await ensureOperatorKey(app.db, KEY)
  await app.commit()
  process.send!({ type: 'ready', url })
  process.on('disconnect', () => process.exit(0))
}

interface Server {
  proc: ChildProcess
  url: string
}
async function start(mode: 'pool' | 'webcrypto'): Promise<Server> {
  const proc = fork(fileURLToPath(import.meta.url), ['--child', mode], {
    execArgv: ['--conditions=dj-source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('message', (m: { url: string }) => resolve(m.url))
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
  return { proc, url }
}

type Figures = { p50: number; p95: number; n: number; extra?: string }
const PHASES = ['300 wrong logins, no throttle', '300 wrong logins, default throttle', 'import'] as const

async function main() {
  const PASSWORDS = arg('--passwords', 2000)
  const WINDOW_MS = arg('--window', 10) * 1000
  const { defaultPoolSize } = await import('../../mock-server/crypto/password-pool.js')
  console.log(
    `R4 authenticated GET p95 while passwords hash (100,000 PBKDF2 iterations; 300 wrong logins; a ${PASSWORDS.toLocaleString('en')}-password import). Pool: ${defaultPoolSize()} thread(s) on this machine.`,
  )
  const rows: (string | number)[][] = [['phase', 'server', 'GETs', 'p50', 'p95', 'idle p95', 'ratio', 'goal', 'note']]
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null
  for (const phase of PHASES.filter((p) => !only || p.startsWith(only))) {
    for (const mode of ['pool', 'webcrypto'] as const) {
      // A fresh server for each phase: throttling state and data from one phase never reach the next.
      const server = await start(mode)
      try {
        const { idle, loaded } = await measure(server.url, phase, PASSWORDS, WINDOW_MS)
        rows.push([
          phase === 'import' ? `import of ${PASSWORDS.toLocaleString('en')} given passwords` : phase,
          mode === 'pool' ? 'worker pool' : 'Web Crypto',
          loaded.n,
          ms(loaded.p50),
          ms(loaded.p95),
          ms(idle.p95),
          ratio(loaded.p95, idle.p95),
          mode === 'pool' ? (loaded.p95 < GOAL_MS ? `OK (< ${GOAL_MS} ms)` : `OVER (${GOAL_MS} ms)`) : '',
          loaded.extra ?? '',
        ])
      } finally {
        server.proc.kill()
      }
    }
  }
  table(rows)
  console.log(
    '  (Web Crypto: createApp without `passwords` nor `clientAddress`, as MSW runs it — no per-address limit there.)',
  )
}

async function measure(url: string, phase: (typeof PHASES)[number], passwords: number, windowMs: number) {
  const op = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(url + path, {
      method,
      headers: { 'dj-client': 'OPERATOR', 'dj-api-key': KEY, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await r.json()
    if (r.status >= 300) fail(`${method} ${path} → ${r.status} ${JSON.stringify(json)}`)
    return json
  }
  const token = async (email: string, password: string) => {
    const r = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'dj-client': 'ACCOUNT', 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    await r.arrayBuffer()
    return r.status
  }
  /** Sequential authenticated GETs until `until` resolves (or `min` samples without one), within the window. */
  const sample = async (until: Promise<unknown> | null, min = 200): Promise<Figures> => {
    const times: number[] = []
    let done = false
    until?.then(() => {
      done = true
    })
    const end = performance.now() + windowMs
    while ((until ? !done : times.length < min) && performance.now() < end) {
      const t0 = performance.now()
      const r = await fetch(`${url}/v1/customer-users?size=20`, {
        headers: { 'dj-client': 'OPERATOR', 'dj-api-key': KEY },
      })
      await r.arrayBuffer()
      times.push(performance.now() - t0)
      if (r.status !== 200) fail(`GET → ${r.status}`)
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95), n: times.length }
  }

  const account = await op('POST', '/v1/customer-accounts', {
    externalId: 'BENCH',
    name: 'Bench',
    companyRegistrationName: 'Bench SAS',
    businessRegistrationNumber: 'RCS-BENCH',
  })
  await op('POST', '/v1/customer-users', {
    externalId: 'BENCH-USER',
    civility: 'MR',
    firstName: 'Bench',
    lastName: 'User',
    email: 'bench@example.com',
    phone: '+33 6 12 34 56 78',
    groups: ['FOC_User'],
    accountIds: [account.id],
    password: PASSWORD,
  })
  if ((await token('bench@example.com', PASSWORD)) !== 200) fail('the bench user cannot log in')
  await sample(null, 100) // warm-up
  const idle = await sample(null, 300)

  if (phase !== 'import') {
    if (phase === '300 wrong logins, no throttle')
      await op('PATCH', '/v1/settings', { loginMaxFailures: 1000, loginMaxFailuresPerAddress: 100_000 })
    const t0 = performance.now()
    const all = Promise.all(Array.from({ length: 300 }, (_, i) => token(`nobody-${i}@example.com`, 'Wrong-1a')))
    const loaded = await sample(all)
    const statuses = await all
    const took = performance.now() - t0
    if (statuses.some((s) => s !== 401 && s !== 429)) fail(`a wrong login answered ${statuses.find((s) => s !== 401)}`)
    const hashed = statuses.filter((s) => s === 401).length
    return {
      idle,
      loaded: {
        ...loaded,
        extra: `${hashed} hashed (401), ${300 - hashed} refused (429); all answered in ${ms(took, 0)}`,
      },
    }
  }

  const job = await op('POST', '/v1/import-jobs', {
    type: 'CUSTOMER_USER',
    rows: Array.from({ length: passwords }, (_, i) => ({
      externalId: `IMP-${i}`,
      civility: 'MR',
      firstName: 'Imported',
      lastName: `User ${i}`,
      email: `imp-${i}@example.com`,
      phone: '+33 6 12 34 56 78',
      groups: ['FOC_User'],
      accountIds: ['BENCH'],
      password: `Given-Pass-${i}`,
    })),
  })
  const t0 = performance.now()
  let finished = false
  const running = (async () => {
    while (performance.now() - t0 < windowMs) {
      await new Promise((r) => setTimeout(r, 250))
      const j = await op('GET', `/v1/import-jobs/${job.id}`)
      if (j.status === 'DONE' || j.status === 'FAILED') {
        finished = true
        return
      }
    }
  })()
  // A right login while the job hashes, timed alongside the GETs.
  const login = (async () => {
    await new Promise((r) => setTimeout(r, 500))
    const l0 = performance.now()
    const status = await token('bench@example.com', PASSWORD)
    if (status !== 200) fail(`a login during the import → ${status}`)
    return performance.now() - l0
  })()
  const loaded = await sample(running)
  await running // the poller's last request, before the server goes
  const loginMs = await login
  return {
    idle,
    loaded: {
      ...loaded,
      extra: `a right login meanwhile: ${ms(loginMs, 0)}; job ${finished ? `done in ${ms(performance.now() - t0, 0)}` : `still running after ${windowMs / 1000} s`}`,
    },
  }
}

if (process.argv.includes('--child')) await child(process.argv[process.argv.indexOf('--child') + 1])
else await main()
