/**
 * Child process for http-list.ts: serves either the reference server (`dj`) with 100,000 operators or
 * a bare Hono "hello" app (`hello`) on 127.0.0.1, an ephemeral port, and tells the parent over IPC.
 * Answers `{ type: 'stats' }` with its own CPU time and event-loop utilisation since the last reset.
 *
 *   node --import tsx test/bench/http-server.ts dj|hello      (started by http-list.ts; not a benchmark)
 */
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { startServer } from '../../mock-server/node.js'
import { ensureOperatorKey } from '../../mock-server/seed.js'
import { addStores, fillOperators } from './fixtures.js'

const mode = process.argv[2]
if (!process.send) throw new Error('http-server.ts must be started by http-list.ts (needs an IPC channel)')

let port: number
let info = ''
if (mode === 'dj') {
  const server = await startServer({ port: 0, db: ':memory:' })
  const db = server.app.db
  addStores(db)
  const fillMs = fillOperators(db, 100_000)
  await ensureOperatorKey(db, 'bench-key')
  port = server.port
  info = `${db.operators.size.toLocaleString('en')} operators (filled in ${fillMs.toFixed(0)} ms)`
} else if (mode === 'hello') {
  const app = new Hono().get('/', (c) => c.text('hello'))
  const s = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(srv))
  })
  port = (s.address() as AddressInfo).port
  info = 'Hono hello'
} else {
  throw new Error(`unknown mode ${mode}`)
}

let cpu = process.cpuUsage()
let elu = performance.eventLoopUtilization()
process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    cpu = process.cpuUsage()
    elu = performance.eventLoopUtilization()
    process.send!({ type: 'reset' })
  } else if (m.type === 'stats') {
    const c = process.cpuUsage(cpu)
    const e = performance.eventLoopUtilization(elu)
    process.send!({
      type: 'stats',
      cpuMs: (c.user + c.system) / 1000,
      elu: e.utilization,
      rssMb: process.memoryUsage().rss / 2 ** 20,
    })
  }
})
process.on('disconnect', () => process.exit(0))
process.send({ type: 'ready', port, info })
