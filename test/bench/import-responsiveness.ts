/**
 * §5 Responsiveness (R4): `GET /health` answers at p99 ≤ 100 ms while a 100,000-row import runs.
 *
 *   node --conditions=dj-source --import tsx test/bench/import-responsiveness.ts   (add  --rows 20000  --idle 3  to vary)
 *
 * Set-up and why:
 * - The server runs alone in a child process (this file, started again with `--child`), as `dj-mock-server` runs:
 *   `startServer` on a JSON file in a temp dir (real flushes), its password pool, 500 accounts with their organisation
 *   trees and 5 stores. The probes and the import are sent from this process over loopback HTTP, so the prober does
 *   not share the server's event loop (in-process, a blocked loop would also delay the prober's own timers).
 * - The file (made by the child, the same shape as import-server's: `;`, BOM, CRLF, import-page headers, 1 % of rows
 *   with an unknown account, 100 with a password hashed at 100,000 PBKDF2 iterations) is posted as bytes, a dry run
 *   then a real run, as `dj-import` would; the job is polled every 250 ms until DONE.
 * - Probes: one `GET /health` every 10 ms on a schedule, each timed from when it was *due*, not when it was sent, so
 *   that a server that stalls is charged for every probe it held back (no coordinated omission).
 * - Baseline in the same run: the same probes against the same idle server, before the jobs. The figures are the
 *   p50 / p99 / max of each phase, the ratio of p99 during each job to p99 idle, and the budget (p99 ≤ 100 ms).
 *   Also printed: the longest gap the child's own event loop saw (a 5 ms interval timer inside the server).
 * - Functional checks (non-zero exit when wrong): every probe answered 200, both jobs DONE with the expected counts.
 */
import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  STORE_IDS,
  addCustomerAccounts,
  ascii,
  fail,
  ms,
  percentile,
  pick,
  rng,
  table,
  verdict,
  type CustomerAccountFixture,
  USER_CSV_HEADER_LINE,
} from './fixtures.js'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const ROWS = arg('--rows', 100_000)
const IDLE_S = arg('--idle', 5)
const PASSWORDS = 100
const PROBE_EVERY_MS = 10
const GOAL_P99_MS = 100
const KEY = 'bench-responsiveness-key'

if (process.argv.includes('--child')) await child()
else await parent()

// ---- the server (child process) ----------------------------------------------------------------------------------

async function child() {
  const { startServer } = await import('../../mock-server/node.js')
  const { ensureOperatorKey } = await import('../../mock-server/seed.js')
  const dir = process.argv[process.argv.indexOf('--child') + 1]
  const server = await startServer({ port: 0, db: join(dir, 'db.json') })
  const db = server.app.db
  const accounts = addCustomerAccounts(db, 500, 11, ROWS)
  await ensureOperatorKey(db, KEY)
  await server.app.commit()
  const csv = join(dir, 'users.csv')
  writeFileSync(csv, generateCsv(accounts))
  // The server's own view of its event loop: the longest gap between two ticks of a 5 ms timer.
  let last = performance.now()
  let maxGap = 0
  setInterval(() => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last - 5)
    last = now
  }, 5)
  process.on('message', (m: { type: string }) => {
    if (m.type === 'gap') {
      process.send!({ type: 'gap', maxGap })
      maxGap = 0
    }
  })
  process.on('disconnect', async () => {
    await server.close()
    process.exit(0)
  })
  process.send!({ type: 'ready', url: server.url, csv })
}

/** `ROWS` new users CU-0000001…, 1 % referencing an unknown account (FAILED), `PASSWORDS` with a password. */
function generateCsv(accounts: readonly CustomerAccountFixture[]) {
  const r = rng(7)
  const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const lines = [USER_CSV_HEADER_LINE]
  const passwordEvery = Math.floor(ROWS / PASSWORDS)
  for (let n = 1; n <= ROWS; n++) {
    const first = pick(r, FIRST_NAMES)
    const last = pick(r, LAST_NAMES)
    const fixture = accounts[Math.floor(r() ** 2 * accounts.length)]
    const orgs = r() < 0.15 ? [] : [pick(r, fixture.orgs).externalId]
    lines.push(
      [
        `CU-${String(n).padStart(7, '0')}`,
        pick(r, ['MR', 'MRS', 'MISS']),
        first,
        last,
        `${ascii(first)}.${ascii(last)}.${n}@import.${pick(r, DOMAINS)}`,
        `+33 6 ${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
        pick(r, ['FOC_User', 'FOC_Admin', 'FOC_Admin||FOC_User']),
        n % 100 === 37 ? 'ACC-99999' : fixture.account.externalId,
        orgs.join('||'),
        orgs[0] ?? '',
        n % passwordEvery === 0 ? `Sunny-Day-${10 + (n % 90)}` : '',
        'FALSE',
        'FALSE',
        pick(r, STORE_IDS),
      ]
        .map(cell)
        .join(';'),
    )
  }
  return `\ufeff${lines.join('\r\n')}\r\n`
}

// ---- the prober and the client (this process) --------------------------------------------------------------------

interface Probes {
  latencies: number[]
  errors: number
  stop(): Promise<void>
}

/** `GET /health` every PROBE_EVERY_MS, each timed from when it was due; at most 50 in flight. */
function probe(url: string): Probes {
  const latencies: number[] = []
  let errors = 0
  let stopped = false
  const inFlight = new Set<Promise<void>>()
  const start = performance.now()
  let k = 0
  const loop = async () => {
    while (!stopped) {
      const due = start + k * PROBE_EVERY_MS
      k++
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      if (inFlight.size >= 50) await Promise.race(inFlight)
      const p = fetch(`${url}/health`)
        .then(async (res) => {
          await res.arrayBuffer()
          if (res.status !== 200) errors++
          latencies.push(performance.now() - due)
        })
        .catch(() => void errors++)
        .finally(() => inFlight.delete(p))
      inFlight.add(p)
    }
  }
  const running = loop()
  return {
    latencies,
    get errors() {
      return errors
    },
    async stop() {
      stopped = true
      await running
      await Promise.all(inFlight)
    },
  }
}

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'dj-bench-responsiveness-'))
  const proc = fork(fileURLToPath(import.meta.url), ['--child', dir, '--rows', String(ROWS)], {
    execArgv: ['--conditions=dj-source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  try {
    const t0 = performance.now()
    const ready = await new Promise<{ url: string; csv: string }>((resolve, reject) => {
      proc.once('message', (m: { type: string; url: string; csv: string }) =>
        m.type === 'ready' ? resolve(m) : reject(new Error(`unexpected ${m.type}`)),
      )
      proc.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready`)))
    })
    const bytes = readFileSync(ready.csv)
    const maxGap = () =>
      new Promise<number>((resolve) => {
        proc.once('message', (m: { maxGap: number }) => resolve(m.maxGap))
        proc.send({ type: 'gap' })
      })
    console.log(
      `import-responsiveness: ${ROWS.toLocaleString('en')} rows, ${(bytes.byteLength / 1e6).toFixed(1)} MB; server set up in ` +
        `${ms(performance.now() - t0, 0)} (500 accounts, 5 stores, JSON file); a /health probe every ${PROBE_EVERY_MS} ms`,
    )
    const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY }

    // ---- baseline: the idle server ------------------------------------------------------------------------------
    for (let i = 0; i < 50; i++) await (await fetch(`${ready.url}/health`)).arrayBuffer() // warm-up
    await maxGap()
    const idle = probe(ready.url)
    await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000))
    await idle.stop()
    const idleGap = await maxGap()

    // ---- the jobs ------------------------------------------------------------------------------------------------
    const runJob = async (dryRun: boolean) => {
      const probes = probe(ready.url)
      const t = performance.now()
      const res = await fetch(`${ready.url}/v1/import-jobs?type=CUSTOMER_USER${dryRun ? '&dryRun=true' : ''}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: bytes,
      })
      const accepted = (await res.json()) as { id: string }
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(accepted)}`)
      let job: any
      for (;;) {
        job = await (await fetch(`${ready.url}/v1/import-jobs/${accepted.id}`, { headers })).json()
        if (job.status === 'DONE' || job.status === 'FAILED') break
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      const took = performance.now() - t
      await probes.stop()
      return { job, took, probes, gap: await maxGap() }
    }
    const dry = await runJob(true)
    const real = await runJob(false)

    // ---- functional checks ---------------------------------------------------------------------------------------
    const failed = Math.floor((ROWS - 37) / 100) + 1
    for (const { job } of [dry, real]) {
      if (job.status !== 'DONE') fail(`${job.id} ended ${job.status}: ${job.error}`)
      else if (job.counts.created !== ROWS - failed || job.counts.failed !== failed)
        fail(`${job.id} counts ${JSON.stringify(job.counts)}, expected ${ROWS - failed} created, ${failed} failed`)
    }
    for (const [name, p] of [
      ['idle', idle],
      ['dry run', dry.probes],
      ['real run', real.probes],
    ] as const) {
      if (p.errors) fail(`${p.errors} /health probes failed (${name})`)
      if (!p.latencies.length) fail(`no /health probe answered (${name})`)
    }

    // ---- figures -------------------------------------------------------------------------------------------------
    const p99Idle = percentile(idle.latencies, 99)
    const row = (name: string, p: Probes, gap: number) => {
      const p99 = percentile(p.latencies, 99)
      return [
        name,
        String(p.latencies.length),
        ms(percentile(p.latencies, 50), 1),
        ms(p99, 1),
        ms(Math.max(...p.latencies), 1),
        `${(p99 / p99Idle).toFixed(1)}×`,
        ms(gap, 0),
      ]
    }
    console.log('')
    table([
      ['/health, probed every 10 ms', 'probes', 'p50', 'p99', 'max', 'p99 ÷ idle p99', "server's longest loop gap"],
      row('baseline: idle server', idle, idleGap),
      row(`during the dry run (${ms(dry.took, 0)})`, dry.probes, dry.gap),
      row(`during the real run (${ms(real.took, 0)})`, real.probes, real.gap),
    ])
    const worst = Math.max(percentile(dry.probes.latencies, 99), percentile(real.probes.latencies, 99))
    console.log('')
    table([
      ['budget', 'figure', 'verdict'],
      [`/health p99 ≤ ${GOAL_P99_MS} ms while an import runs`, ms(worst, 1), verdict(worst <= GOAL_P99_MS)],
    ])
  } finally {
    proc.disconnect()
    await new Promise((resolve) => (proc.exitCode !== null ? resolve(null) : proc.once('exit', resolve)))
    rmSync(dir, { recursive: true, force: true })
  }
}
