/**
 * §5 Writes under load: 200 concurrent creates against a store of 100,000 records all succeed, each
 * acknowledged only after it is on disk (group commit), within 5 s in total. Baseline in the same run:
 * one full write of the database file (streamed JSON, fsync, rename), i.e. one flush.
 *
 *   npx tsx test/bench/concurrent-creates.ts        (add  --creates 500  or  --records 50000  to vary)
 *
 * Set-up and why:
 * - The store holds 100,000 operators, not customer users: customer-user routes do not exist yet, and
 *   an operator is the closest routable record. An operator saves ≈ 330 bytes of compact JSON against
 *   ≈ 480 for a customer user (docs/budgets.md §5), so a flush here is ≈ 30% smaller than with 100,000 users; the
 *   total/flush ratio, not the absolute time, is the figure that carries over.
 * - Creates go over real HTTP on 127.0.0.1 (global fetch, 200 sockets) to `startServer` on a JSON file,
 *   so each acknowledgement is a real 201 on the wire, not an in-process promise.
 * - The server runs in this process, so that the benchmark can observe each flush: `mkdir`, `open` (its writes and close)
 *   and `rename` of node:fs/promises are wrapped (only for the temp dir) before the store uses them.
 *   Every 201 is then checked against the flushes: the operator it created must be in a file version
 *   whose rename had completed before the 201 arrived. (On disk = renamed into place; steno does not
 *   fsync, so this is durability against a killed process, not against power loss.)
 * - Durability: after close(), a fresh Node process reads the file and lists what it finds.
 */
import fs from 'node:fs'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Db } from '../../mock-server/db.js'
import { startServer } from '../../mock-server/node.js'
import { ensureOperatorKey } from '../../mock-server/seed.js'
import { addStores, fail, fillOperators, ms, operatorInput, percentile, rng, table, verdict } from './fixtures.js'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const RECORDS = arg('--records', 100_000)
const CREATES = arg('--creates', 200)
const GOAL_MS = 5000

const dir = mkdtempSync(join(tmpdir(), 'dj-bench-creates-'))
const file = join(dir, 'db.json')

// ---- observe flushes: wrap the fs/promises functions json-file.ts and steno call ----
interface Flush {
  start: number
  writeCalled?: number
  written?: number
  renamed?: number
  bytes: number
  data?: string
}
const flushes: Flush[] = []
let observing = false
{
  const p = fs.promises
  const { mkdir, open, rename } = p
  const ours = (path: unknown) => typeof path === 'string' && path.startsWith(dir)
  p.mkdir = (async (path: fs.PathLike, opts?: unknown) => {
    // JSONFileStore's flush starts with mkdir, then streams pieces to a temporary file, syncs, renames.
    if (observing && ours(path)) flushes.push({ start: performance.now(), bytes: 0 })
    return mkdir(path, opts as fs.MakeDirectoryOptions)
  }) as typeof p.mkdir
  p.open = (async (path: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
    const handle = await open(path, flags, mode)
    // The temporary file only: the store also opens the directory, to fsync it after the rename.
    const f = observing && ours(path) && String(path).endsWith('.tmp') ? flushes.at(-1) : undefined
    if (!f) return handle
    f.writeCalled = performance.now()
    f.data = ''
    // The store writes Buffers (`write(buffer, offset, length)`, looping on short writes).
    const write = handle.write.bind(handle) as (data: Uint8Array, offset?: number, length?: number) => Promise<unknown>
    const close = handle.close.bind(handle)
    return Object.assign(handle, {
      write: async (data: Uint8Array, offset = 0, length = data.byteLength - offset) => {
        f.data += Buffer.from(data.buffer, data.byteOffset + offset, length).toString('utf8')
        f.bytes += length
        return write(data, offset, length)
      },
      close: async () => {
        await close()
        f.written = performance.now()
      },
    })
  }) as typeof p.open
  p.rename = (async (from: fs.PathLike, to: fs.PathLike) => {
    await rename(from, to)
    const f = flushes.at(-1)
    if (observing && ours(to) && f) f.renamed = performance.now()
  }) as typeof p.rename
  syncBuiltinESMExports() // makes `import { rename } from 'node:fs/promises'` in steno see the wrappers
}

try {
  // ---- the store: 100,000 operators (+ stores, + the bench Admin key), saved once ----
  const seedDb = addStores(new Db())
  const fillMs = fillOperators(seedDb, RECORDS)
  await ensureOperatorKey(seedDb, 'bench-key')
  let t = performance.now()
  fs.writeFileSync(file, JSON.stringify(seedDb))
  const seedWriteMs = performance.now() - t
  const fileBytes = statSync(file).size
  t = performance.now()
  const server = await startServer({ port: 0, db: file })
  const loadMs = performance.now() - t
  const before = server.app.db.operators.size
  console.log(
    `concurrent-creates: ${RECORDS.toLocaleString('en')} operators filled in ${ms(fillMs, 0)}; file ${(fileBytes / 2 ** 20).toFixed(1)} MiB ` +
      `(${(fileBytes / RECORDS).toFixed(0)} B/record), seed write ${ms(seedWriteMs, 0)}, server load ${ms(loadMs, 0)}`,
  )

  let burst: { total: number; acks: { id?: string; status: number; at: number }[] } | undefined
  try {
    // ---- baseline: one flush through the store (nothing else running), three times ----
    observing = true
    const single: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      await server.app.commit()
      single.push(performance.now() - t0)
    }
    const baseFlushes = flushes.splice(0)
    const flushMs = percentile(single, 50)
    const med = (fn: (f: Flush) => number) => ms(percentile(baseFlushes.map(fn), 50), 1)
    const split = (f: Flush) =>
      `${ms(f.writeCalled! - f.start, 0)} + ${ms(f.written! - f.writeCalled!, 0)} + ${ms(f.renamed! - f.written!, 1)}`

    // ---- the burst: CREATES concurrent POSTs ----
    const r = rng(2024)
    const bodies = Array.from({ length: CREATES }, (_, k) => operatorInput(r, 1_000_001 + k))
    const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': 'bench-key', 'content-type': 'application/json' }
    const t0 = performance.now()
    const acks = await Promise.all(
      bodies.map(async (body) => {
        const res = await fetch(`${server.url}/v1/operator-users`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        })
        const at = performance.now()
        const json = (await res.json()) as { id?: string }
        return { id: json.id, status: res.status, at, body: res.status === 201 ? undefined : json }
      }),
    )
    burst = { total: performance.now() - t0, acks }
    observing = false
    for (const a of acks)
      if (a.status !== 201) fail(`create answered ${a.status}: ${JSON.stringify(a.body).slice(0, 300)}`)
    if (server.app.db.operators.size !== before + CREATES)
      fail(`in memory: ${server.app.db.operators.size - before} new operators, expected ${CREATES}`)

    const burstFlushes = flushes.slice()
    // Which operators each flush put on disk, and the first flush that held each created operator.
    const idsInFlush = burstFlushes.map((f) =>
      f.data
        ? new Set((JSON.parse(f.data) as { operators: { id: string }[] }).operators.map((o) => o.id))
        : new Set<string>(),
    )
    const firstFlushOf = (id: string | undefined) =>
      burstFlushes.findIndex((_, i) => id !== undefined && idsInFlush[i].has(id))
    const latencies = acks.map((a) => a.at - t0)
    console.log('')
    table([
      ['figure', 'value'],
      ['baseline: one flush via app.commit() (median of 3)', ms(flushMs, 0)],
      [
        '  of which mkdir + open / streamed write + fsync / rename',
        `${med((f) => f.writeCalled! - f.start)} / ${med((f) => f.written! - f.writeCalled!)} / ${med((f) => f.renamed! - f.written!)}`,
      ],
      [`${CREATES} concurrent creates, total (first send → last 201)`, ms(burst.total, 0)],
      ['  201s', `${acks.filter((a) => a.status === 201).length} / ${CREATES}`],
      [
        '  ack latency p50 / p99 / max',
        `${ms(percentile(latencies, 50), 0)} / ${ms(percentile(latencies, 99), 0)} / ${ms(Math.max(...latencies), 0)}`,
      ],
      ['  flushes observed during the burst', burstFlushes.length],
      ['  flushes: (mkdir + open) + (write + fsync) + rename', burstFlushes.map(split).join(' ; ')],
      [
        '  flushes: creates first written by each',
        burstFlushes.map((_, i) => acks.filter((a) => firstFlushOf(a.id) === i).length).join(', '),
      ],
      ['total ÷ one flush', `${(burst.total / flushMs).toFixed(2)}×`],
      [`goal: ≤ ${GOAL_MS / 1000} s in total`, verdict(burst.total <= GOAL_MS)],
    ])

    // ---- acknowledged only after on disk: each 201's operator is in a flush renamed before the 201 ----
    let early = 0
    for (const a of acks) {
      if (a.status !== 201 || !a.id) continue
      const ok = burstFlushes.some((f, i) => f.renamed !== undefined && f.renamed <= a.at && idsInFlush[i].has(a.id!))
      if (!ok) early++
    }
    if (early) fail(`${early} creates were acknowledged before a flush containing them had been renamed into place`)
    else
      console.log(
        `\nAck-after-disk check: all ${acks.length} 201s arrived after a flush containing their operator was renamed into place.`,
      )
    for (const f of burstFlushes) delete f.data
  } finally {
    await server.close()
  }

  // ---- durability: a fresh process reads the file ----
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
      import { readFileSync } from 'node:fs'
      const db = JSON.parse(readFileSync(process.argv[1], 'utf8'))
      console.log(JSON.stringify({ operators: db.operators.length, ids: db.operators.map((o) => o.id) }))`,
      file,
    ],
    { maxBuffer: 64 * 2 ** 20 },
  ).toString()
  const reread = JSON.parse(out) as { operators: number; ids: string[] }
  const onDisk = new Set(reread.ids)
  const missing = (burst?.acks ?? []).filter((a) => !a.id || !onDisk.has(a.id)).length
  if (missing || reread.operators !== before + CREATES)
    fail(`reopened file: ${reread.operators} operators (expected ${before + CREATES}), ${missing} created ids missing`)
  else
    console.log(
      `Durability: a new process read ${reread.operators.toLocaleString('en')} operators from the file; all ${CREATES} created ids present.`,
    )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
