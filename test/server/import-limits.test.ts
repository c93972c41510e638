/**
 * R3: what an import job keeps is bounded (cells, detail, warnings), old jobs are pruned, and columns and waiting jobs
 * are capped — through HTTP against the in-process reference app, checking the answers and the data as stored.
 * R4: the server reads a job's file in slices.
 */
import { describe, expect, it } from 'vitest'
import {
  KEPT_CELL_MAX,
  KEPT_DETAIL_BYTES,
  readImportSource,
  readImportSourceSliced,
} from '../../mock-server/domain/import-jobs.js'
import { MemoryStore } from '../../mock-server/storage/store.js'
import { expectProblem, testApp, type TestApp } from '../helpers.js'
import { makeAccount } from './customer-fixtures.js'

const JOBS = '/v1/import-jobs'
const HEADER = 'externalId,civility,firstName,lastName,email,phone,groups,accountIds'
const KEYS = { admin: 'test-admin-key', user: 'test-user-key', reader: 'test-reader-key' }
/** A valid row of HEADER's columns; `account` GHOST makes it fail against the data (F-E-002). */
const row = (id: string, account = 'ACME') =>
  `${id},MR,First,Last,${id.toLowerCase()}@example.com,0612345678,FOC_User,${account}`
const rows = (n: number, account = 'ACME', prefix = 'CU') =>
  Array.from({ length: n }, (_, i) => row(`${prefix}-${i}`, account))

const fastApp = async (o: Parameters<typeof testApp>[0] = {}) => {
  const t = await testApp({ passwordIterations: 1000, ...o })
  await makeAccount(t, 'ACME')
  return t
}

async function post(t: TestApp, body: string, query = '', as: keyof typeof KEYS = 'user') {
  const res = await t.app.request(`${JOBS}?type=CUSTOMER_USER${query}`, {
    method: 'POST',
    headers: { 'dj-client': 'OPERATOR', 'dj-api-key': KEYS[as], 'content-type': 'text/csv' },
    body,
  })
  return { status: res.status, body: (await res.json()) as any, headers: res.headers }
}
async function finished(t: TestApp, id: string): Promise<any> {
  for (let i = 0; i < 5000; i++) {
    const r = await t.call('GET', `${JOBS}/${id}`, { as: 'reader' })
    if (r.body.status === 'DONE' || r.body.status === 'FAILED') return r.body
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error(`job ${id} did not finish`)
}
async function importCsv(t: TestApp, body: string, query = '') {
  const r = await post(t, body, query)
  expect(r.status, JSON.stringify(r.body)).toBe(202)
  return finished(t, r.body.id)
}
/** The job as stored (what the data file holds), and its size as stored JSON. */
const stored = (t: TestApp, id: string) => {
  const job = t.app.db.importJobs.get(id)!
  return { job, bytes: Buffer.byteLength(JSON.stringify(job)) }
}

describe('R3 what a job keeps is bounded', () => {
  it('R3 a dry run keeps its failed rows with every cell cut at 200 characters, and at most 1 MiB of detail in all', async () => {
    const t = await fastApp()
    // 300 extra columns of 300 characters: each failed row would keep ~90 kB of cells; 40 of them, 3.6 MB.
    const extra = Array.from({ length: 300 }, (_, i) => `note ${i}`)
    const long = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(296)}`
    const body = [
      [HEADER, ...extra].join(','),
      ...rows(40, 'GHOST').map((r) => [r, ...extra.map((_, i) => long(i))].join(',')),
    ].join('\n')
    const job = await importCsv(t, body, '&dryRun=true')
    expect(job).toMatchObject({ status: 'DONE', dryRun: true, counts: { failed: 40 } })

    const { job: saved, bytes } = stored(t, job.id)
    expect(bytes).toBeLessThanOrEqual(KEPT_DETAIL_BYTES + 4096) // the detail, plus the job's own few fields
    expect(saved.failures.length).toBeGreaterThan(5)
    expect(saved.failures.length).toBeLessThan(40)
    for (const f of saved.failures) for (const cell of f.cells) expect(cell.length).toBeLessThanOrEqual(KEPT_CELL_MAX)
    expect(saved.failures[0].cells[8]).toBe(`0000${'x'.repeat(KEPT_CELL_MAX - 5)}…`)
    // Every row is still counted; the report says it is not complete (after a restart, only the kept rows are known).
    const again = await testApp({ store: new MemoryStore(JSON.parse(JSON.stringify(t.app.db.toJSON()))) })
    const report = (await again.call('GET', `${JOBS}/${job.id}/report`, { as: 'reader' })).body
    expect(report.complete).toBe(false)
    expect(report.rows).toHaveLength(saved.failures.length)
    expect(report.rows[0]).toMatchObject({ line: 2, status: 'FAILED', errors: [{ code: 'F-E-002' }] })
  })

  it('R3 warnings are kept once each (same column, same code), at most 50, the last saying how many more', async () => {
    const t = await fastApp()
    // 30 columns named "notes", 200 distinct unknown columns with long names, and 40 without a name.
    const headers = [
      HEADER,
      ...Array.from({ length: 30 }, () => 'notes'),
      ...Array.from({ length: 200 }, (_, i) => `unknown column ${i} ${'y'.repeat(2000)}`),
      ...Array.from({ length: 40 }, () => ''),
      'last',
    ]
    const job = await importCsv(t, [headers.join(','), row('CU-1')].join('\n'))
    expect(job.status).toBe('DONE')
    expect(job.warnings).toHaveLength(50)
    expect(job.warnings.filter((w: any) => w.column === 'notes')).toHaveLength(1)
    expect(job.warnings.filter((w: any) => w.column === '')).toHaveLength(0) // past the 49 kept
    expect(job.warnings.at(-1)).toEqual({
      code: 'F-W-001',
      column: null,
      message: '… and 154 more warnings like these, not listed.',
    })
    for (const w of job.warnings) {
      expect(w.message.length).toBeLessThanOrEqual(500)
      if (w.column) expect(w.column.length).toBeLessThanOrEqual(KEPT_CELL_MAX)
    }
    expect(stored(t, job.id).bytes).toBeLessThan(200_000)
  })
})

describe('R3 old jobs are pruned', () => {
  it('R3 only the newest finished jobs are kept, none finished more than the days allowed; also when the app starts', async () => {
    let now = new Date('2025-01-01T10:00:00Z')
    const t = await fastApp({ clock: () => now, importJobRetention: { kept: 2, maxAgeDays: 30 } })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      ids.push((await importCsv(t, [HEADER, row(`CU-${i}`)].join('\n'))).id)
      now = new Date(now.getTime() + 60_000)
    }
    const list = async (tt = t) => (await tt.call('GET', JOBS, { as: 'reader' })).body.content.map((j: any) => j.id)
    expect(await list()).toEqual([ids[2], ids[1]])
    expect((await t.call('GET', `${JOBS}/${ids[0]}`, { as: 'reader' })).status).toBe(404)

    // 31 days later, the next job's end forgets both.
    now = new Date(now.getTime() + 31 * 24 * 3600_000)
    const last = (await importCsv(t, [HEADER, row('CU-9')].join('\n'))).id
    expect(await list()).toEqual([last])

    // On start: a restart with a smaller retention keeps only what it allows.
    const saved = JSON.parse(JSON.stringify(t.app.db.toJSON()))
    saved.importJobs.push({ ...saved.importJobs[0], id: 'job_0000009999', createdAt: '2024-01-01T00:00:00.000Z' })
    saved.importJobs.at(-1).finishedAt = '2024-01-01T00:00:01.000Z'
    const again = await testApp({ store: new MemoryStore(saved), clock: () => now })
    expect(await list(again)).toEqual([last])
    expect(again.app.db.importJobs.size).toBe(1)
  })
})

describe('R3 caps on what may be posted', () => {
  it('R3 a header of more than 500 columns is refused with 400 naming the header, before anything is read or queued', async () => {
    const t = await fastApp()
    const wide = (n: number, d = ',') =>
      [[...HEADER.split(','), ...Array.from({ length: n - 8 }, (_, i) => `c${i}`)].join(d), row('CU-1')].join('\n')
    const r = await post(t, wide(501))
    const problem = expectProblem({ ...r, headers: r.headers }, 400, 'VALIDATION_FAILED')
    expect(problem.errors).toEqual([
      { field: 'header', code: 'INVALID', message: expect.stringContaining('501 columns') },
    ])
    expect(problem.errors![0].message).toContain('at most 500')
    expect(t.app.db.importJobs.size).toBe(0)
    // A million columns: the same answer, at once.
    const huge = `${HEADER},${','.repeat(1_000_000).split('').join('h')}h\n${row('CU-1')}\n`
    const h = await post(t, huge)
    expect(h.status).toBe(400)
    expect(h.body.errors[0]).toMatchObject({ field: 'header', message: expect.stringContaining('1,000,009 columns') })
    expect(t.app.db.importJobs.size).toBe(0)

    // 500 is fine; so is a blank line of many delimiters before the header (skipped, as the reader does), and
    // trailing empty header cells; a forced delimiter counts its own columns.
    expect((await post(t, wide(500))).status).toBe(202)
    expect((await post(t, `${','.repeat(900)}\n${wide(20)}`)).status).toBe(202)
    expect((await post(t, `${HEADER}${','.repeat(900)}\n${row('CU-2')}`, '', 'admin')).status).toBe(202)
    expect((await post(t, wide(501, ';'), '&delimiter=,', 'admin')).status).toBe(202) // 1 column by ","

    await t.app.settled()

    // JSON rows: the fields and every distinct custom field count.
    const many = Object.fromEntries(Array.from({ length: 487 }, (_, i) => [`cf${i}`, 'x']))
    const j = await t.call('POST', JOBS, {
      as: 'user',
      body: { type: 'CUSTOMER_USER', rows: [{ externalId: 'CU-1' }, { externalId: 'CU-2', customFields: many }] },
    })
    expect(expectProblem(j, 400, 'VALIDATION_FAILED').errors).toEqual([
      { field: 'rows[1].customFields', code: 'INVALID', message: expect.stringContaining('at most 500 columns') },
    ])
  })

  it('R3 waiting jobs are capped per operator and in all: 429 TOO_MANY_REQUESTS with Retry-After, nothing queued', async () => {
    // One row per chunk: each job of 300 rows runs for a while (a pause between rows), so the others wait.
    const t = await fastApp({ importJobLimits: { perOperator: 2, total: 3 }, importChunkRows: 1 })
    const file = (prefix: string) => [HEADER, ...rows(300, 'ACME', prefix)].join('\n')
    expect((await post(t, file('A'))).status).toBe(202)
    expect((await post(t, file('B'))).status).toBe(202)
    const third = await post(t, file('C'))
    expect(third.status).toBe(429)
    expect(third.headers.get('content-type')).toBe('application/problem+json')
    expect(third.headers.get('retry-after')).toBe('10')
    expect(third.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', detail: expect.stringContaining('at most 2') })
    expect(t.app.db.importJobs.size).toBe(2)

    // Another operator still has room of their own, until the total is reached.
    expect((await post(t, file('D'), '', 'admin')).status).toBe(202)
    const fifth = await post(t, file('E'), '', 'admin')
    expect(fifth.status).toBe(429)
    expect(fifth.headers.get('retry-after')).toBe('10')
    expect(fifth.body.detail).toContain('at most 3')
    expect(t.app.db.importJobs.size).toBe(3)

    // Once they are done, there is room again.
    await t.app.settled()
    expect((await post(t, [HEADER, row('F-1')].join('\n'))).status).toBe(202)
    await t.app.settled()
  })
})

describe('R4 the server reads a file in slices', () => {
  it('R4 reading a job file pauses between slices and reads what the whole read reads', async () => {
    const text = [HEADER, ...rows(3000)].join('\r\n')
    const source = { format: 'CSV' as const, bytes: new TextEncoder().encode(text) }
    const options = { jobStoreIds: [], multiStore: false }
    let pauses = 0
    const sliced = await readImportSourceSliced(source, options, { sliceMs: 0, pause: async () => void pauses++ })
    expect(pauses).toBeGreaterThanOrEqual(20)
    expect(sliced).toEqual(readImportSource(source, options))
  })
})
