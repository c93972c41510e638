/**
 * I7 from the SDK's side: `startImport`, `waitForJob`, `getImportReport` and `getImportReportCsv` against the real
 * reference app, in-process (`fetch: (req) => app.fetch(req)`): every request goes through the whole server, and
 * the test sees each one as the server received it. The jobs' own rules are covered by
 * test/server/import-jobs.test.ts; these tests cover what the helpers add: how a file or rows are sent, the
 * polling with progress and abort, and the two forms of the report.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp, type DjApp } from '../../mock-server/app.js'
import { MemoryStore } from '../../mock-server/storage/store.js'
import { ensureOperatorKey } from '../../mock-server/seed.js'
import {
  createClient,
  DjProblemError,
  getImportReport,
  getImportReportCsv,
  startImport,
  unwrap,
  waitForJob,
  type DjClient,
  type ImportJob,
  type ImportRow,
} from '../../sdk/index.js'

const BASE = 'http://api.test'
const ADMIN = 'jobs-admin-key'
const READER = 'jobs-reader-key'
const HEADER = 'externalId,civility,firstName,lastName,email,phone,groups,accountIds'

let app: DjApp
/** Every request the client sent, as the server received it. */
let sent: Request[]

beforeEach(async () => {
  // Small chunks: a job of a few dozen rows goes through several progress steps.
  app = await createApp({ passwordIterations: 1000, importChunkRows: 5 })
  await ensureOperatorKey(app.db, ADMIN, 'Admin', 'jobs-admin')
  await ensureOperatorKey(app.db, READER, 'Reader', 'jobs-reader')
  sent = []
  unwrap(
    await client().POST('/v1/customer-accounts', {
      body: {
        externalId: 'ACME',
        name: 'ACME',
        companyRegistrationName: 'ACME SAS',
        businessRegistrationNumber: 'RCS-ACME',
      },
    }),
  )
  sent = []
})

function client(apiKey = ADMIN): DjClient {
  return createClient({
    baseUrl: BASE,
    client: 'OPERATOR',
    apiKey,
    fetch: async (request) => {
      sent.push(request.clone())
      return app.fetch(request)
    },
  })
}

const line = (id: string, over: { email?: string; lastName?: string; account?: string } = {}) =>
  `${id},MR,First,${over.lastName ?? id},${over.email ?? `${id.toLowerCase()}@example.com`},0612345678,FOC_User,${over.account ?? 'ACME'}`
const csv = (lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`
const row = (id: string, over: Partial<ImportRow> = {}): ImportRow => ({
  externalId: id,
  civility: 'MR',
  firstName: 'First',
  lastName: id,
  email: `${id.toLowerCase()}@example.com`,
  phone: '0612345678',
  groups: ['FOC_User'],
  accountIds: ['ACME'],
  ...over,
})
const users = () => [...app.db.customerUsers.values()].map((u) => u.externalId).sort()
const jobPolls = () =>
  sent.filter((r) => r.method === 'GET' && /^\/v1\/import-jobs\/[^/]+$/.test(new URL(r.url).pathname))

describe('I7 startImport', () => {
  it('I7 startImport posts a CSV file as text/csv and waitForJob reports progress until DONE', async () => {
    const api = client()
    const ids = Array.from({ length: 40 }, (_, i) => `CU-${String(i).padStart(2, '0')}`)
    const file = new File([csv(ids.map((id) => line(id)))], 'users.csv', { type: 'text/csv' })
    const accepted = await startImport(api, { file })
    expect(accepted).toEqual({ id: expect.stringMatching(/^job_/), status: 'PENDING' })
    const [post] = sent
    expect(post.method).toBe('POST')
    expect(post.headers.get('content-type')).toBe('text/csv')
    expect(Object.fromEntries(new URL(post.url).searchParams)).toEqual({ type: 'CUSTOMER_USER', dryRun: 'false' })
    expect(await post.text()).toBe(await file.text())

    const seen: ImportJob[] = []
    const job = await waitForJob(api, accepted.id, { interval: 1, onProgress: (j) => seen.push(j) })
    expect(job).toMatchObject({
      id: accepted.id,
      status: 'DONE',
      dryRun: false,
      format: 'CSV',
      progress: { processed: 40, total: 40 },
      counts: { created: 40, failed: 0 },
    })
    // Every snapshot, the last included; `processed` never goes back, and the job was seen part-way.
    expect(seen.length).toBe(jobPolls().length)
    expect(seen.at(-1)).toEqual(job)
    const processed = seen.map((j) => j.progress.processed)
    expect(processed).toEqual([...processed].sort((a, b) => a - b))
    expect(
      processed.some((p) => p > 0 && p < 40),
      processed.join(' '),
    ).toBe(true)
    expect(users()).toEqual(ids)
  })

  it('I7 a file given as bytes goes untouched: the server detects its encoding (Windows-1252) and delimiter', async () => {
    const api = client()
    const text =
      'externalId;civility;firstName;lastName;email;phone;groups;accountIds\nCU-1;MRS;Héloïse;Dürr;h@example.com;0612345678;FOC_User;ACME\n'
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0)) // é ï ü as single Latin-1 bytes
    const job = await waitForJob(api, (await startImport(api, { file: bytes, storeIds: [] })).id, { interval: 1 })
    expect(job).toMatchObject({ status: 'DONE', encoding: 'windows-1252', delimiter: ';', counts: { created: 1 } })
    expect(app.db.customerUsers.findBy('externalId', 'CU-1')).toMatchObject({ firstName: 'Héloïse', lastName: 'Dürr' })
  })

  it('I7 startImport with rows posts JSON {type, dryRun, storeIds, rows}; the job stores and delimiter go with it', async () => {
    const api = client()
    unwrap(await api.POST('/v1/stores', { body: { externalId: 'FR', name: 'France' } }))
    unwrap(await api.POST('/v1/stores', { body: { externalId: 'BE', name: 'Belgium' } }))
    sent = []
    const rows = [row('CU-1'), row('CU-2', { line: 9, groups: 'FOC_User||FOC_Webmaster' })]
    const job = await waitForJob(api, (await startImport(api, { rows, storeIds: ['BE'] })).id, { interval: 1 })
    expect(sent[0].headers.get('content-type')).toBe('application/json')
    expect(new URL(sent[0].url).search).toBe('')
    expect(await sent[0].json()).toEqual({ type: 'CUSTOMER_USER', dryRun: false, storeIds: ['BE'], rows })
    expect(job).toMatchObject({ status: 'DONE', format: 'JSON', storeIds: ['BE'], counts: { created: 2 } })
    const cu2 = app.db.customerUsers.findBy('externalId', 'CU-2')!
    expect(cu2.storeIds).toEqual(['BE'])
    // U16: the row's groups, in each account of the row.
    expect(Object.values(cu2.groupsByAccount)).toEqual([['FOC_User', 'FOC_Webmaster']])

    // A file with the job's stores and a forced delimiter: both in the query.
    sent = []
    await startImport(api, { file: csv([line('CU-3')]), storeIds: ['FR', 'BE'], delimiter: ',', dryRun: true })
    expect(Object.fromEntries(new URL(sent[0].url).searchParams)).toEqual({
      type: 'CUSTOMER_USER',
      dryRun: 'true',
      storeIds: 'FR,BE',
      delimiter: ',',
    })
  })

  it('I7 a dry run (file or rows) reports the outcomes it would reach and writes nothing', async () => {
    const api = client()
    const before = JSON.stringify([...app.db.customerUsers.values()])
    const fromFile = await waitForJob(
      api,
      (await startImport(api, { file: csv([line('CU-1'), line('CU-2', { account: 'GHOST' })]), dryRun: true })).id,
      { interval: 1 },
    )
    const fromRows = await waitForJob(api, (await startImport(api, { rows: [row('CU-3')], dryRun: true })).id, {
      interval: 1,
    })
    expect(fromFile).toMatchObject({ status: 'DONE', dryRun: true, counts: { created: 1, failed: 1 } })
    expect(fromRows).toMatchObject({ status: 'DONE', dryRun: true, counts: { created: 1 } })
    expect((await getImportReport(api, fromFile.id)).rows.map((r) => r.status)).toEqual(['CREATED', 'FAILED'])
    expect(JSON.stringify([...app.db.customerUsers.values()])).toBe(before)
    expect(users()).toEqual([])
  })

  it('I7 a refused start throws DjProblemError with the code: a Reader (403), an unknown job store (422), no job made', async () => {
    const reader = await startImport(client(READER), { file: csv([line('CU-1')]) }).catch((e: unknown) => e)
    expect(reader).toBeInstanceOf(DjProblemError)
    expect(reader).toMatchObject({ status: 403, code: 'FORBIDDEN' })
    const store = await startImport(client(), { rows: [row('CU-1')], storeIds: ['XX'] }).catch((e: unknown) => e)
    expect(store).toBeInstanceOf(DjProblemError)
    expect(store).toMatchObject({
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      errors: [expect.objectContaining({ field: 'storeIds[0]' })],
    })
    expect(app.db.importJobs.size).toBe(0)
  })
})

describe('I7 waitForJob', () => {
  it('I7 a job that FAILED (the file cannot be read) is answered, not thrown', async () => {
    const api = client()
    const job = await waitForJob(api, (await startImport(api, { file: 'not,a\nuser,file\n' })).id, { interval: 1 })
    expect(job.status).toBe('FAILED')
    expect(job.errorCode).toEqual(expect.any(String))
    expect(job.error).toEqual(expect.any(String))
  })

  it('I7 aborting during the wait rejects with an AbortError at once and stops polling; the job goes on and can be waited for again', async () => {
    const api = client()
    const { id } = await startImport(api, { file: csv([line('CU-1'), line('CU-2')]) })
    const controller = new AbortController()
    const started = performance.now()
    // A long interval: the abort comes during the sleep after the first poll.
    const waiting = waitForJob(api, id, {
      signal: controller.signal,
      interval: 60_000,
      onProgress: () => setTimeout(() => controller.abort(), 10),
    })
    const error = await waiting.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe('AbortError')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(jobPolls()).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(jobPolls()).toHaveLength(1)

    await app.settled()
    expect(await waitForJob(api, id)).toMatchObject({ status: 'DONE', counts: { created: 2 } })
  })

  it("I7 the signal's own reason is thrown; an abort during a request wins over its answer; an aborted signal sends nothing", async () => {
    const api = client()
    const { id } = await startImport(api, { file: csv([line('CU-1')]) })
    sent = []
    const stop = new Error('closed by the user')
    const controller = new AbortController()
    // Aborted while the poll is in flight: this in-process fetch ignores signals, the helper does not.
    const slow = createClient({
      baseUrl: BASE,
      client: 'OPERATOR',
      apiKey: ADMIN,
      fetch: async (request) => {
        sent.push(request.clone())
        controller.abort(stop)
        return app.fetch(request)
      },
    })
    let progress = 0
    await expect(waitForJob(slow, id, { signal: controller.signal, onProgress: () => progress++ })).rejects.toBe(stop)
    expect(progress).toBe(0)
    expect(sent).toHaveLength(1)
    await expect(waitForJob(api, id, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
    expect(sent).toHaveLength(1)
  })

  it('I7 an unknown job → DjProblemError 404', async () => {
    await expect(waitForJob(client(), 'job_nope')).rejects.toMatchObject({ name: 'DjProblemError', status: 404 })
  })
})

describe('I7 reports', () => {
  it('I7 getImportReport gives the JSON report (every row, or the statuses asked for); getImportReportCsv the CSV as a Blob', async () => {
    const api = client()
    const job = await waitForJob(
      api,
      (await startImport(api, { file: csv([line('CU-1', { lastName: '=1+1' }), line('CU-2', { account: 'GHOST' })]) }))
        .id,
      { interval: 1 },
    )
    sent = []
    const report = await getImportReport(api, job.id)
    expect(sent[0].headers.get('accept')).toBe('application/json')
    expect(report).toMatchObject({ jobId: job.id, complete: true })
    expect(report.rows.map((r) => `${r.line} ${r.externalId} ${r.status}`)).toEqual(['2 CU-1 CREATED', '3 CU-2 FAILED'])
    const failed = await getImportReport(api, job.id, { status: 'FAILED' })
    expect(new URL(sent[1].url).searchParams.getAll('status')).toEqual(['FAILED'])
    expect(failed.rows).toEqual([report.rows[1]])
    expect(failed.rows[0].errors).toEqual([expect.objectContaining({ code: 'F-E-002', column: 'accountIds' })])
    expect((await getImportReport(api, job.id, { status: ['CREATED', 'FAILED'] })).rows).toHaveLength(2)

    const blob = await getImportReportCsv(api, job.id)
    expect(sent[3].headers.get('accept')).toBe('text/csv')
    expect(blob).toBeInstanceOf(Blob)
    expect(blob.type).toMatch(/^text\/csv/)
    const bytes = new Uint8Array(await blob.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM, kept for spreadsheets
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0]).toBe(`${HEADER},status,errors`)
    expect(lines[1]).toBe("CU-1,MR,First,'=1+1,cu-1@example.com,0612345678,FOC_User,ACME,CREATED,")
    expect(lines[2]).toMatch(/^CU-2,.*,GHOST,FAILED,"F-E-002 accountIds: Unknown customer account: ""GHOST""\."$/)
    const onlyFailed = (await (await getImportReportCsv(api, job.id, { status: 'FAILED' })).text()).trim().split('\r\n')
    expect(onlyFailed).toHaveLength(2)
  })

  it('I7 the report of a job not finished yet → DjProblemError 409', async () => {
    // A store whose writes wait for the test once the job is accepted: the job cannot reach DONE (it shows DONE
    // only once its last commit is on disk) until the gate opens, whatever the machine's speed.
    const memory = new MemoryStore()
    let gate: Promise<void> = Promise.resolve()
    let open = () => {}
    app = await createApp({
      passwordIterations: 1000,
      store: {
        load: () => memory.load(),
        commit: async (s) => (await gate, memory.commit(s)),
        close: () => memory.close(),
      },
    })
    await ensureOperatorKey(app.db, ADMIN, 'Admin', 'jobs-admin')
    const api = client()
    unwrap(
      await api.POST('/v1/customer-accounts', {
        body: {
          externalId: 'ACME',
          name: 'ACME',
          companyRegistrationName: 'ACME SAS',
          businessRegistrationNumber: 'RCS-ACME',
        },
      }),
    )
    const { id } = await startImport(api, { rows: [row('CU-1')] })
    gate = new Promise((resolve) => (open = resolve))
    const [json, text] = await Promise.allSettled([getImportReport(api, id), getImportReportCsv(api, id)])
    expect(json).toMatchObject({
      status: 'rejected',
      reason: { name: 'DjProblemError', status: 409, code: 'INVALID_STATE' },
    })
    expect(text).toMatchObject({
      status: 'rejected',
      reason: { name: 'DjProblemError', status: 409, code: 'INVALID_STATE' },
    })
    open()
    await app.settled()
    expect((await getImportReport(api, id)).rows).toHaveLength(1)
  })
})
