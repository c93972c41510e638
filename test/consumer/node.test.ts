/**
 * The SDK user, the Node user of the reference server and the test writer, each in a fresh project that
 * installed our tarballs (see setup.ts): plain Node ESM scripts, TypeScript in both module resolutions with
 * `skipLibCheck: false`, and a vitest file with `msw/node` and our handlers. Every script runs as a user would
 * run it (`node file.mjs`, the installed bins), outside the repository; the plain scripts and the installed server
 * also on Node 22.12.0, the lowest Node 22 the packages' `engines` accept.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { startServerProcess } from '../processes.js'
import { BIN, run } from './packages.js'

const project = inject('nodeProject')
const serverUrl = inject('serverUrl')

/**
 * The Node versions our packages accept (`engines`: 20.19+ or 22.12+) that the scripts below run on: this one, and
 * Node 22 at the lowest version accepted, installed from npm by the setup.
 */
const RUNTIMES = [
  [`Node ${process.versions.node}`, process.execPath],
  ['Node 22.12.0', inject('node22')],
] as const

/** Writes `file` into the project and runs it with `runtime`; returns what it printed as JSON. */
async function node(runtime: string, file: string, code: string, env: Record<string, string> = {}): Promise<any> {
  await writeFile(join(project, file), code)
  const { stdout } = await run(runtime, [file], { cwd: project, env })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

describe('a Node project that installed @dj-customers/sdk and @dj-customers/mock-server', () => {
  for (const [name, exec] of RUNTIMES) {
    it(`${name}: the SDK calls the installed dj-mock-server: typed calls, paging, problems as DjProblemError`, async () => {
      const out = await node(
        exec,
        'sdk.mjs',
        `
        import { createClient, DjProblemError, paginate, unwrap } from '@dj-customers/sdk'
        const api = createClient({ baseUrl: process.env.API, client: 'OPERATOR', apiKey: 'demo-admin-key' })
        const operators = unwrap(await api.GET('/v1/operator-users', { params: { query: { sort: ['email:asc'], size: 2 } } }))
        let accounts = 0
        for await (const account of paginate(api, '/v1/customer-accounts', { params: { query: { size: 1 } } })) accounts++
        let problem
        try { unwrap(await api.POST('/v1/customer-tags', { body: { externalId: 'has space', name: '' } })) }
        catch (e) { problem = e instanceof DjProblemError ? { status: e.status, code: e.code, fields: e.errors.map((f) => f.field) } : String(e) }
        console.log(JSON.stringify({ total: operators.totalElements, size: operators.content.length, accounts, problem }))
      `,
        { API: serverUrl },
      )
      expect(out.total).toBeGreaterThan(2)
      expect(out.size).toBe(2)
      expect(out.accounts).toBeGreaterThan(1)
      expect(out.problem).toMatchObject({ status: 400 })
      expect(out.problem.fields).toEqual(expect.arrayContaining(['externalId']))
    })

    it(`I8 ${name}: the SDK import module reads and checks a CSV in Node, with no server`, async () => {
      const out = await node(
        exec,
        'import.mjs',
        `
        import { validateCustomerUserCsv } from '@dj-customers/sdk/import'
        const csv = 'externalId;civility;firstName;lastName;email;phone;groups;accountIds\\n' +
          'U-1;MR;Ada;Lovelace;ada@example.com;+33 1 23 45 67 89;FOC_User;ACME\\nU-2;MR;Bob;Bad;not-an-email;+33 1 23 45 67 89;FOC_User;ACME\\n'
        const report = await validateCustomerUserCsv(new TextEncoder().encode(csv))
        console.log(JSON.stringify({ delimiter: report.parsed.delimiter, counts: report.counts,
          codes: report.rows.flatMap((r) => r.errors.map((e) => e.code)) }))
      `,
      )
      expect(out.delimiter).toBe(';')
      expect(out.counts).toEqual({ rows: 2, valid: 1, failed: 1 })
      expect(out.codes).toContain('F-E-004')
    })

    it(`${name}: createApp answers in-process, and the contract ships as JSON`, async () => {
      const out = await node(
        exec,
        'app.mjs',
        `
        import { createApp, MemoryStore } from '@dj-customers/mock-server'
        import doc from '@dj-customers/spec/openapi.json' with { type: 'json' }
        const app = await createApp({ store: new MemoryStore() })
        const health = await app.request('/health')
        const anonymous = await app.request('/v1/stores', { headers: { 'dj-client': 'OPERATOR' } })
        console.log(JSON.stringify({ health: health.status, body: await health.json(), anonymous: anonymous.status,
          type: anonymous.headers.get('content-type'), openapi: doc.openapi, paths: Object.keys(doc.paths).length }))
        await app.close()
      `,
      )
      expect(out).toMatchObject({
        health: 200,
        body: { status: 'ok' },
        anonymous: 401,
        type: 'application/problem+json',
        openapi: '3.1.0',
      })
      expect(out.paths).toBeGreaterThan(30)
    })
  }

  it('Node 22.12.0: the installed dj-mock-server starts with demo data and answers', async () => {
    const bin = join(project, 'node_modules/.bin/dj-mock-server')
    const { child, url } = await startServerProcess([bin, '--port', '0', '--seed', 'demo'], {
      cwd: project,
      node: inject('node22'),
    })
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200)
      const operators = await fetch(`${url}/v1/operator-users?size=1`, {
        headers: { 'dj-client': 'OPERATOR', 'dj-api-key': 'demo-admin-key' },
      })
      expect(operators.status).toBe(200)
      expect((await operators.json()).totalElements).toBeGreaterThan(100)
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('I9 the installed dj-import checks a file offline and exits 1 on a failing row', async () => {
    await writeFile(
      join(project, 'users.csv'),
      'externalId,civility,firstName,lastName,email,accountIds\nU-9,MR,Eve,Bad,nope,ACME\n',
    )
    const result = await run(join(project, 'node_modules/.bin/dj-import'), ['validate', 'users.csv'], {
      cwd: project,
    }).catch((e: Error) => e)
    expect(result).toBeInstanceOf(Error)
    expect(String(result)).toMatch(/F-E-004/)
  })

  it('the installed dj-mock-server serves /openapi.json, /docs and the prebuilt demo pages with their bundles', async () => {
    expect((await fetch(`${serverUrl}/openapi.json`)).status).toBe(200)
    expect(await (await fetch(`${serverUrl}/docs`)).text()).toMatch(/swagger-ui/)
    const index = await fetch(`${serverUrl}/demos/`)
    expect(index.status).toBe(200)
    const page = await (await fetch(`${serverUrl}/demos/org-tree.html`)).text()
    expect(page).toMatch(/loadComponent\('org-tree'\)|dist\/org-tree\.js/)
    const bundle = await fetch(`${serverUrl}/demos/dist/org-tree.js`)
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/javascript/)
  })

  it('a test writer runs vitest with msw/node and the mock server handlers', async () => {
    await writeFile(
      join(project, 'tags.test.js'),
      `
      import { setupServer } from 'msw/node'
      import { createMockApi } from '@dj-customers/mock-server/msw'
      import { createClient, unwrap } from '@dj-customers/sdk'
      const mock = await createMockApi({ baseUrl: 'http://api.test', seed: 'demo-small' })
      const server = setupServer(...mock.handlers)
      beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
      afterEach(() => mock.reset())
      afterAll(() => server.close())
      const api = () => createClient({ baseUrl: 'http://api.test', client: 'OPERATOR', apiKey: 'demo-admin-key' })
      test('creates a tag against the real rules', async () => {
        const tag = unwrap(await api().POST('/v1/customer-tags', { body: { externalId: 'vip', name: 'VIP' } }))
        expect(tag.id).toBeTruthy()
        const again = await api().POST('/v1/customer-tags', { body: { externalId: 'vip', name: 'VIP' } })
        expect(again.response.status).toBe(409)
      })
      test('reset() gave a fresh app', async () => {
        const page = unwrap(await api().GET('/v1/customer-tags', { params: { query: { search: 'VIP' } } }))
        expect(page.content.map((t) => t.externalId)).not.toContain('vip')
      })
    `,
    )
    const { stdout } = await run(
      process.execPath,
      [BIN.vitest, 'run', '--globals', '--root', project, 'tags.test.js'],
      { cwd: project },
    )
    expect(stdout).toMatch(/2 passed/)
  })
})

describe('TypeScript consumers (strict, skipLibCheck: false)', () => {
  const typed = `
    import { createClient, unwrap, type Schemas } from '@dj-customers/sdk'
    import { parseCsv, validateCustomerUserCsv } from '@dj-customers/sdk/import'
    import { createApp } from '@dj-customers/mock-server'
    import { startServer } from '@dj-customers/mock-server/node'
    import { createMockApi } from '@dj-customers/mock-server/msw'

    export async function main(): Promise<string> {
      const api = createClient({ baseUrl: 'http://127.0.0.1:8787', client: 'OPERATOR', apiKey: 'k' })
      const page = unwrap(await api.GET('/v1/operator-users', { params: { query: { search: 'martin' } } }))
      const first: Schemas['Operator'] | undefined = page.content[0]
      const report = await validateCustomerUserCsv('externalId\\n')
      const parsed = await parseCsv('a,b\\n1,2\\n')
      const app = await createApp()
      const server = await startServer({ port: 0 })
      const mock = await createMockApi({ seed: 'empty' })
      await server.close()
      return [first?.email, report.counts.rows, parsed.delimiter, typeof app.fetch, mock.handlers.length].join()
    }
  `
  // A path that is not in the contract, and a wrong body: both must be compile errors.
  const wrong = `
    import { createClient } from '@dj-customers/sdk'
    const api = createClient({ baseUrl: 'http://127.0.0.1:8787', client: 'OPERATOR', apiKey: 'k' })
    export const a = api.GET('/v1/no-such-route')
    export const b = api.POST('/v1/customer-tags', { body: { externalId: 'x', name: 42 } })
  `
  const configs = {
    node16: { module: 'node16', moduleResolution: 'node16' },
    bundler: { module: 'esnext', moduleResolution: 'bundler' },
  }

  for (const [name, resolution] of Object.entries(configs)) {
    it(`compiles typed calls with moduleResolution ${name}, and refuses a path that is not in the contract`, async () => {
      const dir = join(project, `ts-${name}`)
      const tsconfig = (file: string) =>
        JSON.stringify({
          compilerOptions: {
            ...resolution,
            target: 'es2022',
            lib: ['es2023', 'dom'],
            types: ['node'],
            strict: true,
            skipLibCheck: false,
            noEmit: true,
          },
          files: [file],
        })
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, 'typed.ts'), typed)
      await writeFile(join(dir, 'wrong.ts'), wrong)
      await writeFile(join(dir, 'tsconfig.json'), tsconfig('typed.ts'))
      await writeFile(join(dir, 'tsconfig.wrong.json'), tsconfig('wrong.ts'))
      await run(process.execPath, [BIN.tsc, '-p', 'tsconfig.json'], { cwd: dir })
      const refused = await run(process.execPath, [BIN.tsc, '-p', 'tsconfig.wrong.json'], { cwd: dir }).catch(
        (e: Error) => e.message,
      )
      expect(refused).toMatch(/wrong\.ts\(4,\d+\): error TS/)
      expect(refused).toMatch(/wrong\.ts\(5,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/)
    })
  }
})
