/**
 * I9 `dj-import`: the command line, spawned as a user runs it (`dj-import`, from sources: `sdk/import-cli.ts`), against a
 * reference server started in this process on 127.0.0.1, port 0. The CLI speaks to it through the SDK over
 * real HTTP, so these tests cover the whole way from a file on disk to users in the data and a report beside
 * the file.
 */
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../mock-server/node.js'
import { RUN_SOURCES } from '../helpers.js'

const BIN = fileURLToPath(new URL('../../sdk/import-cli.ts', import.meta.url))
const KEY = 'cli-admin-key'

let server: RunningServer
let dir: string

beforeAll(async () => {
  server = await startServer({ port: 0, db: ':memory:', adminKey: KEY })
  const headers = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY, 'content-type': 'application/json' }
  const account = {
    externalId: 'ACME',
    name: 'ACME',
    companyRegistrationName: 'ACME SAS',
    businessRegistrationNumber: 'RCS-1',
  }
  expect(
    (await fetch(`${server.url}/v1/customer-accounts`, { method: 'POST', headers, body: JSON.stringify(account) }))
      .status,
  ).toBe(201)
  for (const [externalId, name] of [
    ['FR', 'France'],
    ['BE', 'Belgium'],
  ]) {
    expect(
      (await fetch(`${server.url}/v1/stores`, { method: 'POST', headers, body: JSON.stringify({ externalId, name }) }))
        .status,
    ).toBe(201)
  }
  dir = await mkdtemp(join(tmpdir(), 'dj-import-cli-'))
})
afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Runs the CLI (never through a shell) and collects what it printed and its exit code. */
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...RUN_SOURCES, BIN, ...args],
      { cwd: dir, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

const HEADER =
  'Customer User External Id,Customer User Civility,Customer User First Name,Customer User Last Name,Customer User Email,' +
  'Customer User Phone,Customer User Groups,Customer User Account Ids,Customer User Store Ids'
const line = (id: string, over: Partial<Record<'email' | 'account' | 'stores' | 'lastName', string>> = {}) =>
  `${id},MR,First,${over.lastName ?? id},${over.email ?? `${id.toLowerCase()}@example.com`},0612345678,FOC_User,${over.account ?? 'ACME'},${over.stores ?? 'FR'}`
async function file(name: string, lines: string[]) {
  const path = join(dir, name)
  await writeFile(path, `${[HEADER, ...lines].join('\n')}\n`)
  return path
}
const users = () => [...server.app.db.customerUsers.values()].map((u) => u.externalId).sort()

describe('I9 dj-import validate FILE (offline)', () => {
  it('I9 a clean file: a summary, exit 0', async () => {
    const path = await file('clean.csv', [line('CU-1'), line('CU-2')])
    const r = await cli(['validate', path])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/delimiter\s+, \(detected\)/)
    expect(r.stdout).toMatch(/rows\s+2/)
    expect(r.stdout).toMatch(/failing\s+0/)
    expect(users()).toEqual([])
  })

  it('I9 failing rows (shape rules, duplicates within the file): each error printed, exit 1; --json gives the same as data', async () => {
    const path = await file('bad.csv', [
      line('CU-1'),
      line('CU-2', { email: 'not-an-email' }),
      line('CU-1', { email: 'other@example.com' }),
      line('CU-3', { email: 'CU-1@example.com' }),
    ])
    const r = await cli(['validate', path])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/failing\s+3/)
    expect(r.stdout).toMatch(
      /line 3\s+CU-2\s+F-E-004 {2}Customer User Email: "not-an-email" is not a valid email address\./,
    )
    expect(r.stdout).toMatch(
      /line 4\s+CU-1\s+F-E-003 {2}Customer User External Id: externalId "CU-1" is already on line 2\./,
    )
    expect(r.stdout).toMatch(/line 5\s+CU-3\s+F-E-003 {2}Customer User Email/)
    const j = await cli(['validate', path, '--json'])
    expect(j.code).toBe(1)
    const result = JSON.parse(j.stdout)
    expect(result).toMatchObject({
      ok: false,
      encoding: 'utf-8',
      delimiter: ',',
      counts: { rows: 4, valid: 1, failed: 3 },
    })
    expect(
      result.rows.map(
        (x: { line: number; errors: { code: string }[] }) => `${x.line} ${x.errors.map((e) => e.code).join(' ')}`,
      ),
    ).toEqual(['3 F-E-004', '4 F-E-003', '5 F-E-003'])
  })

  it("I9 --store gives every row the stores: the file's store column is ignored with F-W-002", async () => {
    const path = await file('stores.csv', [line('CU-1', { stores: 'not a store id!' })])
    expect((await cli(['validate', path])).code).toBe(1)
    const r = await cli(['validate', path, '--store', 'FR', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).warnings.map((w: { code: string }) => w.code)).toEqual(['F-W-002'])
  })

  it('I9 a file that cannot be imported (not CSV, wrong delimiter, missing columns) exits 2 with the reason', async () => {
    const xlsx = join(dir, 'book.xlsx.csv')
    await writeFile(xlsx, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))
    const r = await cli(['validate', xlsx])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/NOT_TEXT: The file is a ZIP archive/)
    const wrong = await cli(['validate', await file('semi.csv', [line('CU-1')]), '--delimiter', ';'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/SINGLE_COLUMN/)
    const partial = join(dir, 'no-id.csv')
    await writeFile(partial, 'email,civility\na@example.com,MR\n')
    const missing = await cli(['validate', partial])
    expect(missing.code).toBe(2)
    expect(missing.stdout).toMatch(
      /Missing required column Customer User External Id: the server would refuse the whole file/,
    )
    const absent = await cli(['validate', join(dir, 'nope.csv')])
    expect(absent.code).toBe(2)
    expect(absent.stderr).toMatch(/cannot read .*nope\.csv: no such file/)
  })
})

describe('I10 I11 dj-import: delete-only files, and --type accounts', () => {
  it('I10 validate: a file without some required columns exits 1, not 2 — its delete rows pass, the others fail with F-E-001', async () => {
    const path = join(dir, 'delete-only.csv')
    await writeFile(path, 'Customer User External Id;Customer User Delete\nCU-1;TRUE\nCU-2;\n')
    const r = await cli(['validate', path, '--json'])
    expect(r.code, r.stderr).toBe(1)
    const result = JSON.parse(r.stdout)
    expect(result).toMatchObject({ ok: false, counts: { rows: 2, valid: 1, failed: 1 } })
    expect(result.rows).toEqual([
      expect.objectContaining({
        line: 3,
        externalId: 'CU-2',
        errors: expect.arrayContaining([expect.objectContaining({ code: 'F-E-001', column: null })]),
      }),
    ])
    const plain = await cli(['validate', path])
    expect(plain.stdout).toMatch(/rows that create or update fail without them; rows that delete work/)
  })

  it('I11 validate --type accounts checks an account file offline; --store is refused for accounts (exit 2)', async () => {
    const path = join(dir, 'accounts.csv')
    await writeFile(
      path,
      'Customer Account External Id,Customer Account Name,Customer Account Company Registration Name,Customer Account Business Registration Number,Customer Account Status\nA-1,A,A SAS,1,ACTIVE\nA-2,B,B SAS,,ON\n',
    )
    const r = await cli(['validate', path, '--type', 'accounts'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toMatch(
      /line 3\s+A-2\s+F-E-001 {2}Customer Account Business Registration Number: businessRegistrationNumber is required\./,
    )
    expect(r.stdout).toMatch(/line 3\s+A-2\s+F-E-008 {2}Customer Account Status: "ON" is not a status/)
    // As users, the same file is not a customer-user file at all.
    expect((await cli(['validate', path])).code).toBe(2)
    const stores = await cli(['validate', path, '--type', 'accounts', '--store', 'FR'])
    expect(stores.code).toBe(2)
    expect(stores.stderr).toMatch(/--store is for customer users/)
  })

  it('I11 dj-import FILE --type accounts runs a CUSTOMER_ACCOUNT job: accounts created, report beside the file, exit 0', async () => {
    const path = join(dir, 'accounts-run.csv')
    await writeFile(
      path,
      'externalId;name;companyRegistrationName;businessRegistrationNumber\nCLI-A;CLI A;CLI A SAS;42\n',
    )
    const r = await cli([path, '--type', 'accounts', '--server', server.url, '--api-key', KEY])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.stdout).toMatch(/created\s+1/)
    expect(server.app.db.customerAccounts.findBy('externalId', 'CLI-A')).toMatchObject({ name: 'CLI A' })
    const report = JSON.parse(await readFile(`${path}.report.json`, 'utf8'))
    expect(report.job).toMatchObject({ type: 'CUSTOMER_ACCOUNT', status: 'DONE' })
  })
})

describe('I9 dj-import FILE --server URL --api-key KEY', () => {
  it('I9 --dry-run: the outcomes the rows would have, nothing written, the report beside the file', async () => {
    const path = await file('dry.csv', [line('CU-1'), line('CU-2', { account: 'GHOST' })])
    const r = await cli([path, '--server', server.url, '--api-key', KEY, '--dry-run'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toContain('(dry run: nothing written)')
    expect(r.stdout).toMatch(/would create\s+1/)
    expect(r.stdout).toMatch(/failed\s+1/)
    expect(r.stdout).toMatch(
      /line 3\s+CU-2\s+F-E-002 {2}Customer User Account Ids: Unknown customer account: "GHOST"\./,
    )
    expect(users()).toEqual([])
    const report = JSON.parse(await readFile(`${path}.report.json`, 'utf8'))
    expect(report.job).toMatchObject({ dryRun: true, status: 'DONE', counts: { created: 1, failed: 1 } })
    expect(report.rows.map((x: { status: string }) => x.status)).toEqual(['CREATED', 'FAILED'])
  })

  it('I9 a real run creates the users, shows progress on stderr (plain lines off a terminal), writes both reports, exit 0', async () => {
    const path = await file('real.csv', [line('CU-10', { lastName: '=1+1' }), line('CU-11')])
    const r = await cli([path, '--server', server.url], { DJ_API_KEY: KEY })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.stderr).toMatch(/Import job_\d+ queued on/)
    expect(r.stderr).toMatch(/job_\d+ DONE 100% 2\/2 rows {2}created 2/)
    expect(r.stderr).not.toContain('\r')
    expect(r.stdout).toMatch(/created\s+2/)
    expect(users()).toEqual(['CU-10', 'CU-11'])
    const csv = (await readFile(`${path}.report.csv`, 'utf8')).replace(/^\uFEFF/, '').split('\r\n')
    expect(csv[0]).toBe(`${HEADER},status,errors`)
    expect(csv[1]).toBe("CU-10,MR,First,'=1+1,cu-10@example.com,0612345678,FOC_User,ACME,FR,CREATED,")
    expect(JSON.parse(await readFile(`${path}.report.json`, 'utf8')).job.status).toBe('DONE')
  })

  it('I9 --store (job stores win over the file) and rows that fail against the data: exit 1', async () => {
    const path = await file('mixed.csv', [
      line('CU-20', { stores: 'XX' }),
      line('CU-21', { email: 'cu-10@example.com' }),
    ])
    const r = await cli([path, '--server', server.url, '--api-key', KEY, '--store', 'BE'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/F-W-002/)
    expect(r.stdout).toMatch(
      /line 3\s+CU-21\s+F-E-003 {2}Customer User Email: "cu-10@example.com" is already the email of customer user "CU-10"\./,
    )
    expect(server.app.db.customerUsers.findBy('externalId', 'CU-20')!.storeIds).toEqual(['BE'])
  })

  it('I9 a job that FAILED (the server cannot read the file) exits 2 with its error; a bad key or server too', async () => {
    const path = await file('wrong-delimiter.csv', [line('CU-30')])
    const r = await cli([path, '--server', server.url, '--api-key', KEY, '--delimiter', ';'])
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/The job FAILED \(SINGLE_COLUMN\)/)
    const key = await cli([path, '--server', server.url, '--api-key', 'wrong'])
    expect(key.code).toBe(2)
    expect(key.stderr).toMatch(/the server refused: 401 UNAUTHENTICATED/)
    const down = await cli([path, '--server', 'http://127.0.0.1:9', '--api-key', KEY])
    expect(down.code).toBe(2)
    expect(down.stderr).toMatch(/cannot reach the server/)
    const usage = await cli([path])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--server URL is required/)
  })
})

// Last: the user it creates would be in the other tests' lists of users.
describe('I9 R3 dj-import against a busy server', () => {
  it('I9 R3 a server busy with other imports (429 with Retry-After) is waited for: the job starts on the next try, exit 0', async () => {
    // In front of the server, a proxy that refuses the first job the way R3 does.
    let refused = 0
    const sent: string[] = []
    const proxy = createServer(async (req, res) => {
      sent.push(`${req.method} ${req.url}`)
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk)
      if (req.method === 'POST' && req.url?.startsWith('/v1/import-jobs') && !refused++) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' })
        res.end(JSON.stringify({ title: 'Too many', status: 429, code: 'TOO_MANY_REQUESTS' }))
        return
      }
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers.set(k, v)
      const answer = await fetch(`${server.url}${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      })
      res.writeHead(answer.status, Object.fromEntries(answer.headers))
      res.end(Buffer.from(await answer.arrayBuffer()))
    })
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done))
    try {
      const path = await file('busy.csv', [line('CU-BUSY')])
      const r = await cli([
        path,
        '--server',
        `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        '--api-key',
        KEY,
      ])
      expect(r.code, r.stderr).toBe(0)
      expect(sent.filter((x) => x.startsWith('POST /v1/import-jobs'))).toHaveLength(2)
      expect(users()).toContain('CU-BUSY')
    } finally {
      await new Promise((done) => proxy.close(done))
    }
  })
})
