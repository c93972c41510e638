/**
 * The storefront / back-office user: a fresh project that installed only @dj-customers/elements (see setup.ts).
 * - a Vite app with the default config, and a webpack 5 build, that import the five elements, served from their
 *   own origin and loaded in Chromium against the installed reference server on another origin (CORS), showing
 *   live data, the import worker built by the bundler;
 * - a plain HTML page on a static host that loads the package's `cdn/` modules with `<script type="module">`;
 * - TypeScript: the elements' types (tag names, properties, events) with `skipLibCheck: false`;
 * - the weight of that install (§5: ≤ 8 MiB).
 */
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import webpack from 'webpack'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromium } from '../chromium.js'
import { BIN, folderBytes, MiB, run, serveStatic } from './packages.js'

const project = inject('elementsProject')
const api = inject('serverUrl')

let browser: Browser
const closers: (() => Promise<void>)[] = []
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await Promise.all(closers.map((close) => close()))
})

/** Opens `url` in a fresh page that records uncaught errors and failed requests. */
async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`))
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`))
  await page.goto(url)
  return { page, problems }
}

/**
 * The five elements on one page, configured for the API of `?api=`: the four back-office ones with an operator's key
 * (the demo account ACME), `<dj-company-users>` with the token of ACME's company admin, as a storefront signs in.
 */
const BODY = `
  <dj-operator-table></dj-operator-table>
  <dj-org-tree account="ACME" expand-depth="2"></dj-org-tree>
  <dj-tag-picker account="ACME"></dj-tag-picker>
  <dj-user-import></dj-user-import>
  <dj-company-users></dj-company-users>`
const CONFIGURE = `
  const api = new URL(location.href).searchParams.get('api')
  for (const el of document.querySelectorAll('dj-operator-table, dj-org-tree, dj-tag-picker, dj-user-import')) {
    el.setAttribute('base-url', api)
    el.setAttribute('api-key', 'demo-admin-key')
  }
  fetch(api + '/auth/token', {
    method: 'POST',
    headers: { 'dj-client': 'ACCOUNT', 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice.admin@acme.example', password: 'Demo-Password-1' }),
  })
    .then((r) => r.json())
    .then(({ accessToken }) => {
      const people = document.querySelector('dj-company-users')
      people.setAttribute('base-url', api)
      people.setAttribute('token', accessToken)
    })`

/** An application's entry that imports the five elements from the package, as a bundler-using storefront does. */
const MAIN = `
  import '@dj-customers/elements/user-import'
  import '@dj-customers/elements/org-tree'
  import '@dj-customers/elements/operator-table'
  import '@dj-customers/elements/tag-picker'
  import '@dj-customers/elements/company-users'
  ${CONFIGURE}`

/**
 * Serves a built site from its own origin and checks, in Chromium, that the elements show live data from the API
 * (another origin), and that the import element parses in the worker the bundler built, then checks the file with
 * the server (a cross-origin POST of the file as text/csv, then the job polled).
 */
async function expectWorkingSite(dir: string) {
  const site = await serveStatic(dir)
  closers.push(site.close)
  expect(new URL(site.url).origin).not.toBe(new URL(api).origin)
  const { page, problems } = await open(`${site.url}/?api=${encodeURIComponent(api)}`)
  await expectLiveData(page)
  const outcome = await page.evaluate(async () => {
    type Job = { status: string; counts: { created: number; failed: number } }
    const el = document.querySelector('dj-user-import') as HTMLElement & {
      readFile(f: File): Promise<void>
      checkWithServer(): Promise<void>
      parsedIn?: string
      job?: Job
    }
    const csv =
      'externalId,civility,firstName,lastName,email,phone,groups,accountIds,storeIds\nSITE-1,MR,Si,Te,site@example.com,+33 1 23 45 67 89,FOC_User,ACME,FR\n'
    await el.readFile(new File([csv], 'u.csv'))
    await el.checkWithServer()
    return { parsedIn: el.parsedIn, status: el.job?.status, counts: el.job?.counts }
  })
  expect(outcome).toMatchObject({ parsedIn: 'worker', status: 'DONE', counts: { created: 1, failed: 0 } })
  expect(problems).toEqual([])
  await page.close()
}

/** What a user sees once the elements have loaded their data from the API. */
async function expectLiveData(page: Page) {
  await expect
    .poll(() => page.locator('dj-operator-table tr[part="row"]').count(), { timeout: 15_000 })
    .toBeGreaterThan(2)
  await expect.poll(() => page.locator('dj-org-tree [role="treeitem"]').count(), { timeout: 15_000 }).toBeGreaterThan(1)
  await expect.poll(() => page.locator('dj-tag-picker li.chip').count(), { timeout: 15_000 }).toBeGreaterThan(0)
  await expect
    .poll(() => page.locator('dj-company-users tr[part="row"]').count(), { timeout: 15_000 })
    .toBeGreaterThan(2)
}

describe('a project that installed only @dj-customers/elements', () => {
  it('§5 its node_modules weighs at most 8 MiB', async () => {
    const bytes = await folderBytes(join(project, 'node_modules'))
    expect(bytes / MiB).toBeLessThanOrEqual(8)
  })

  it('a Vite app (default config) builds the five elements and its import worker, and shows live data from another origin', async () => {
    await writeFile(
      join(project, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
      <body>${BODY}<script type="module" src="./main.js"></script></body></html>`,
    )
    await writeFile(join(project, 'main.js'), MAIN)
    await run(process.execPath, [BIN.vite, 'build', '--logLevel', 'warn'], { cwd: project })
    await expectWorkingSite(join(project, 'dist'))
  })

  it('a webpack 5 build (production, no config but the entry) does the same', async () => {
    await writeFile(join(project, 'main.js'), MAIN)
    const out = join(project, 'dist-webpack')
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack({ mode: 'production', context: project, entry: './main.js', output: { path: out } }, (e, s) =>
        e || !s ? reject(e) : resolve(s),
      ),
    )
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false)
    await writeFile(
      join(out, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
      <body>${BODY}<script src="./main.js"></script></body></html>`,
    )
    await expectWorkingSite(out)
  })

  it('a plain HTML page on a static host uses the cdn/ modules with <script type="module">', async () => {
    const site = join(project, 'static-site')
    await mkdir(site, { recursive: true })
    await cp(join(project, 'node_modules/@dj-customers/elements/cdn'), join(site, 'cdn'), { recursive: true })
    await writeFile(
      join(site, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title>
      <script type="module" src="./cdn/operator-table.js"></script>
      <script type="module" src="./cdn/org-tree.js"></script>
      <script type="module" src="./cdn/tag-picker.js"></script>
      <script type="module" src="./cdn/user-import.js"></script>
      <script type="module" src="./cdn/company-users.js"></script></head>
      <body>${BODY}<script type="module">${CONFIGURE}</script></body></html>`,
    )
    await expectWorkingSite(site)
  })

  it('TypeScript sees the elements: tag names, properties and typed events (skipLibCheck: false)', async () => {
    const dir = join(project, 'ts')
    await mkdir(dir, { recursive: true })
    await writeFile(
      join(dir, 'shop.ts'),
      `
      import { DjOrgTree } from '@dj-customers/elements/org-tree'
      import '@dj-customers/elements/tag-picker'
      import '@dj-customers/elements/company-users'
      import { createClient } from '@dj-customers/sdk'
      const tree = document.createElement('dj-org-tree')
      const sameClass: DjOrgTree = tree
      tree.mode = 'storefront'
      tree.client = createClient({ baseUrl: location.origin, client: 'ACCOUNT', token: 't' })
      document.querySelector('dj-tag-picker')?.addEventListener('dj-tags-saved', (e) => console.log(e.type))
      const people = document.createElement('dj-company-users')
      people.pageSize = 50
      people.addEventListener('dj-user-change', (e) => console.log(e.change.status, e.user.email))
      // @ts-expect-error: a page size is a number
      people.pageSize = 'fifty'
      // @ts-expect-error: not a mode of <dj-org-tree>
      tree.mode = 'everything'
      export { sameClass }
    `,
    )
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          lib: ['es2023', 'dom', 'dom.iterable'],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: [],
        },
        files: ['shop.ts'],
      }),
    )
    await run(process.execPath, [BIN.tsc, '-p', 'tsconfig.json'], { cwd: dir })
  })
})
