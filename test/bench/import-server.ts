/**
 * §5 Import on the server: a 100,000-row customer-user CSV, dry run then real run, in under 10 s in total,
 * peak RSS under 1 GiB; writes coalesced (a job never writes the whole database per row).
 *
 *   npx tsx test/bench/import-server.ts        (add  --rows 20000  --existing 2000  --passwords 100  to vary)
 *
 * Set-up and why:
 * - The app runs in this process (`createApp`) on a JSONFileStore in a temp dir, with the default 100,000
 *   PBKDF2 iterations. Requests go through `app.request` (the whole Hono app, no sockets): the CSV body is
 *   posted as bytes, exactly as `dj-import` sends it, and the job is polled until DONE, as a client would.
 * - The data: 500 accounts with organisation trees and 5 stores (multi-store), and 10,000 customer users that
 *   the file updates. The file (generated in the same run, `;`, BOM, CRLF, import-page headers): 100,000
 *   rows — 10 % updates, 90 % creates, 1 % referencing an unknown account (FAILED); most rows without a
 *   password (generated, 1 PBKDF2 iteration), 100 with one (hashed with the app's 100,000 iterations).
 * - Flushes are observed by wrapping node:fs/promises `mkdir` / `open` (its writes) / `rename` for the temp
 *   dir (as concurrent-creates does): each flush is mkdir → streamed writes to a temporary file → fsync → rename.
 * - Baselines, measured in the same run: papaparse parsing the same text (docs/budgets.md §5's reference, ≈ 0.2 s
 *   here), the shared CSV module's read + shape check alone (what each job does before touching data),
 *   and one full write of the resulting database with nothing else running: `writeJsonFile` (what a flush calls) to a
 *   fresh file, without the store's FlushMemo, so every record is serialised — not `app.commit()`, which would
 *   copy from the file in place every record unchanged since the store's last flush (§5), i.e. all of them.
 * - Peak RSS: `process.resourceUsage().maxRSS` (the kernel's high-water mark for the whole process, set-up
 *   included) and the largest `memoryUsage().rss` sampled every 20 ms during the two jobs.
 * - Functional checks (non-zero exit when wrong): both jobs DONE with the same counts, the expected numbers
 *   of creates/updates/failures, and the file on disk holding every user after the app is closed.
 */
import fs from 'node:fs'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { createApp } from '../../mock-server/app.js'
import { Db } from '../../mock-server/db.js'
import { ensureOperatorKey } from '../../mock-server/seed.js'
import { JSONFileStore, writeJsonFile } from '../../mock-server/storage/json-file.js'
import { checkCustomerUserCsv } from '../../spec/csv/validate.js'
import {
  DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  STORE_IDS,
  addCustomerAccounts,
  ascii,
  fail,
  fillCustomerUsers,
  gc,
  ms,
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
const EXISTING = arg('--existing', 10_000)
const PASSWORDS = arg('--passwords', 100)
const GOAL_MS = 10_000
const GOAL_RSS = 1024 ** 3
const KEY = 'bench-key'

const dir = mkdtempSync(join(tmpdir(), 'dj-bench-import-'))
const file = join(dir, 'db.json')
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

// ---- observe flushes ---------------------------------------------------------------------------------------
interface Flush {
  start: number
  writeCalled?: number
  renamed?: number
  bytes: number
}
const flushes: Flush[] = []
{
  const p = fs.promises
  const { mkdir, open, rename } = p
  const ours = (path: unknown) => typeof path === 'string' && path.startsWith(dir)
  p.mkdir = (async (path: fs.PathLike, opts?: unknown) => {
    if (ours(path)) flushes.push({ start: performance.now(), bytes: 0 })
    return mkdir(path, opts as fs.MakeDirectoryOptions)
  }) as typeof p.mkdir
  p.open = (async (path: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
    const handle = await open(path, flags, mode)
    // The temporary file only: the store also opens the directory, to fsync it after the rename.
    const f = ours(path) && String(path).endsWith('.tmp') ? flushes.at(-1) : undefined
    if (!f) return handle
    f.writeCalled = performance.now()
    // The store writes Buffers (`write(buffer, offset, length)`, looping on short writes).
    const write = handle.write.bind(handle) as (data: Uint8Array, offset?: number, length?: number) => Promise<unknown>
    return Object.assign(handle, {
      write: async (data: Uint8Array, offset = 0, length = data.byteLength - offset) => {
        f.bytes += length
        return write(data, offset, length)
      },
    })
  }) as typeof p.open
  p.rename = (async (from: fs.PathLike, to: fs.PathLike) => {
    await rename(from, to)
    const f = flushes.at(-1)
    if (ours(to) && f) f.renamed = performance.now()
  }) as typeof p.rename
  syncBuiltinESMExports()
}

// ---- the file ---------------------------------------------------------------------------------------------------
const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** `ROWS` users: CU-0000001… (the first `EXISTING` are stored already: updates), 1 % with an unknown account. */
function generateCsv(accounts: readonly CustomerAccountFixture[]) {
  const r = rng(7)
  const lines = [USER_CSV_HEADER_LINE]
  const passwordEvery = PASSWORDS > 0 ? Math.floor(ROWS / PASSWORDS) : Infinity
  let unknown = 0
  for (let n = 1; n <= ROWS; n++) {
    const first = pick(r, FIRST_NAMES)
    const last = pick(r, LAST_NAMES)
    const fixture = accounts[Math.floor(r() ** 2 * accounts.length)]
    const bad = n % 100 === 37
    if (bad) unknown++
    const x = r()
    const orgs =
      x < 0.15 ? [] : [...new Set(Array.from({ length: x < 0.9 ? 1 : 2 }, () => pick(r, fixture.orgs).externalId))]
    const stores = r() < 0.8 ? [pick(r, STORE_IDS)] : [...new Set([pick(r, STORE_IDS), pick(r, STORE_IDS)])]
    const values = [
      `CU-${String(n).padStart(7, '0')}`,
      pick(r, ['MR', 'MRS', 'MISS']),
      first,
      last,
      `${ascii(first)}.${ascii(last)}.${n}@import.${pick(r, DOMAINS)}`,
      `+33 6 ${String(Math.floor(r() * 1e8))
        .padStart(8, '0')
        .replace(/(\d\d)(?=\d)/g, '$1 ')}`,
      pick(r, ['FOC_User', 'FOC_User', 'FOC_User', 'FOC_Admin', 'FOC_Admin||FOC_User']),
      bad ? 'ACC-99999' : fixture.account.externalId,
      orgs.join('||'),
      orgs[0] ?? '',
      n % passwordEvery === 0 ? `Sunny-Day-${10 + (n % 90)}` : '',
      r() < 0.95 ? 'FALSE' : 'TRUE',
      'FALSE',
      stores.join('||'),
    ]
    lines.push(values.map(cell).join(';'))
  }
  return { bytes: new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`), unknown }
}

async function setUp() {
  let t = performance.now()
  const seed = new Db()
  const accounts = addCustomerAccounts(seed, 500, 11, ROWS)
  fillCustomerUsers(seed, accounts, EXISTING)
  await ensureOperatorKey(seed, KEY)
  fs.writeFileSync(file, JSON.stringify(seed))
  const seedMs = performance.now() - t
  t = performance.now()
  const csv = generateCsv(accounts)
  return { seedMs, genMs: performance.now() - t, csv, organisations: seed.organisations.size }
}

function baselines(bytes: Uint8Array) {
  const text = new TextDecoder().decode(bytes)
  gc()
  let t = performance.now()
  Papa.parse<string[]>(text, { skipEmptyLines: true })
  const papaMs = performance.now() - t
  gc()
  t = performance.now()
  const shape = checkCustomerUserCsv(bytes)
  const shapeMs = performance.now() - t
  if (shape.counts.rows !== ROWS) fail(`shape check read ${shape.counts.rows} rows, expected ${ROWS}`)
  return { papaMs, shapeMs }
}

try {
  // ---- set-up ---------------------------------------------------------------------------------------------------
  // Set-up and baselines run in functions: what they build is garbage afterwards, so the peak RSS measures the
  // server, not the bench.
  const { seedMs, genMs, csv, organisations } = await setUp()
  const app = await createApp({ store: new JSONFileStore(file) })
  console.log(
    `import-server: ${ROWS.toLocaleString('en')} rows, ${(csv.bytes.byteLength / 1e6).toFixed(1)} MB (";", BOM, CRLF), generated in ${ms(genMs, 0)}; ` +
      `data: 500 accounts, ${organisations.toLocaleString('en')} organisations, 5 stores, ${EXISTING.toLocaleString('en')} users ` +
      `(set up in ${ms(seedMs, 0)}); ${PASSWORDS} rows with a password; PBKDF2 ${(100_000).toLocaleString('en')} iterations`,
  )

  // ---- baselines (before the jobs, on a quiet process) ------------------------------------------------------------
  const { papaMs, shapeMs } = baselines(csv.bytes)
  gc()

  // ---- the two jobs ----------------------------------------------------------------------------------------------
  const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY }
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
  const runJob = async (dryRun: boolean) => {
    const flushesBefore = flushes.length
    const t0 = performance.now()
    const res = await app.request(`/v1/import-jobs?type=CUSTOMER_USER${dryRun ? '&dryRun=true' : ''}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: csv.bytes,
    })
    const accepted = (await res.json()) as { id: string }
    if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(accepted)}`)
    const postMs = performance.now() - t0
    let job: any
    let polls = 0
    let maxPollMs = 0
    for (;;) {
      const p0 = performance.now()
      job = await (await app.request(`/v1/import-jobs/${accepted.id}`, { headers })).json()
      maxPollMs = Math.max(maxPollMs, performance.now() - p0)
      polls++
      if (job.status === 'DONE' || job.status === 'FAILED') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const totalMs = performance.now() - t0
    const seenAt = Date.now()
    // The job shows DONE only once its last commit is on disk: finishedAt → DONE seen is that commit (+ ≤ 1 poll).
    const runMs = Date.parse(job.finishedAt) - Date.parse(job.startedAt)
    const lastCommitMs = seenAt - Date.parse(job.finishedAt)
    return { job, postMs, runMs, lastCommitMs, totalMs, polls, maxPollMs, flushes: flushes.slice(flushesBefore) }
  }
  const dry = await runJob(true)
  const real = await runJob(false)
  clearInterval(sampler)
  const maxRss = process.resourceUsage().maxRSS * 1024
  const total = dry.totalMs + real.totalMs

  // ---- baseline: one full write of the resulting database (every record serialised: no FlushMemo) -----------------
  gc()
  const fullFlush: Flush = { start: performance.now(), bytes: 0 }
  flushes.push(fullFlush) // its writes and rename are observed like a flush's (it does no mkdir)
  const t0 = performance.now()
  await writeJsonFile(join(dir, 'full-write.json'), app.db)
  const flushMs = performance.now() - t0

  // ---- functional checks --------------------------------------------------------------------------------------------
  for (const { job } of [dry, real]) {
    if (job.status !== 'DONE') fail(`${job.id} ended ${job.status}: ${job.error}`)
  }
  // Row n fails when n % 100 = 37 (unknown account); rows 1…EXISTING update, the others create.
  const badIn = (k: number) => (k >= 37 ? Math.floor((k - 37) / 100) + 1 : 0)
  const want = {
    created: ROWS - EXISTING - (badIn(ROWS) - badIn(EXISTING)),
    updated: EXISTING - badIn(EXISTING),
    deleted: 0,
    failed: badIn(ROWS),
  }
  const c = real.job.counts
  if (JSON.stringify(dry.job.counts) !== JSON.stringify(c))
    fail(`dry run counts ${JSON.stringify(dry.job.counts)} ≠ real run ${JSON.stringify(c)}`)
  if (JSON.stringify(c) !== JSON.stringify(want)) fail(`counts ${JSON.stringify(c)}, expected ${JSON.stringify(want)}`)
  if (csv.unknown !== want.failed) fail(`the generator planted ${csv.unknown} bad rows, expected ${want.failed}`)
  const users = app.db.customerUsers.size
  await app.close()
  const onDisk = (JSON.parse(readFileSync(file, 'utf8')) as { customerUsers: unknown[] }).customerUsers.length
  if (onDisk !== EXISTING + c.created || users !== onDisk)
    fail(`on disk ${onDisk} users, in memory ${users}, expected ${EXISTING + c.created}`)

  const flushCell = (fs_: Flush[]) =>
    `${fs_.length} (${fs_.map((f) => `${(f.bytes / 1e6).toFixed(0)} MB in ${ms((f.renamed ?? f.start) - f.start, 0)}`).join(', ') || '—'})`
  console.log('')
  table([
    ['figure', 'value'],
    ['baseline: papaparse parse of the same text', ms(papaMs, 0)],
    ['baseline: shared CSV module, read + shape check', ms(shapeMs, 0)],
    [
      'baseline: one full write of the resulting database (no memo)',
      `${ms(flushMs, 0)} (${(fullFlush.bytes / 1e6).toFixed(0)} MB)`,
    ],
    ['dry run: total (POST → DONE seen)', ms(dry.totalMs, 0)],
    ['  POST answered (job saved: one flush)', ms(dry.postMs, 0)],
    ['  read + rows (startedAt → finishedAt)', ms(dry.runMs, 0)],
    ['  last commit (finishedAt → DONE seen)', ms(dry.lastCommitMs, 0)],
    ['  flushes during the job (incl. POST)', flushCell(dry.flushes)],
    ['  polls / slowest GET while running', `${dry.polls} / ${ms(dry.maxPollMs, 0)}`],
    ['real run: total (POST → DONE seen)', ms(real.totalMs, 0)],
    ['  POST answered (job saved: one flush)', ms(real.postMs, 0)],
    ['  read + rows (startedAt → finishedAt)', ms(real.runMs, 0)],
    ['  last commit (finishedAt → DONE seen)', ms(real.lastCommitMs, 0)],
    ['  flushes during the job (incl. POST)', flushCell(real.flushes)],
    ['  polls / slowest GET while running', `${real.polls} / ${ms(real.maxPollMs, 0)}`],
    ['  rows: created / updated / failed', `${c.created} / ${c.updated} / ${c.failed}`],
    ['dry run + real run', ms(total, 0)],
    ['  ÷ one full write', `${(total / flushMs).toFixed(1)}×`],
    ['  ÷ papaparse parse', `${(total / papaMs).toFixed(1)}×`],
    ['peak RSS: maxRSS (whole process) / sampled during the jobs', `${mib(maxRss)} / ${mib(peakRss)}`],
    [`goal: ≤ ${GOAL_MS / 1000} s in total`, verdict(total <= GOAL_MS)],
    [`goal: peak RSS < ${mib(GOAL_RSS)}`, verdict(maxRss < GOAL_RSS)],
  ])
} finally {
  rmSync(dir, { recursive: true, force: true })
}
