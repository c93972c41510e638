/**
 * End to end: the reference server started as `npm start` starts it (demo data, `/demos/` served from the
 * built bundles), and its demo pages driven in headless Chromium the way a user drives them — keyboard and
 * mouse on the real elements. Each step checks what the user sees and what the server stored (through the
 * SDK), and saves a screenshot under `test-artifacts/e2e/`.
 *
 * `npm run test:e2e` builds the demo pages into `mock-server/dist/demos/` and makes sure Chromium exists first.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../mock-server/node.js'
import { createClient, unwrap, type DjClient } from '../../sdk/index.js'
import { launchChromium } from '../chromium.js'

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url))

let server: RunningServer
let browser: Browser
let api: DjClient
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true })
  server = await startServer({ port: 0, db: ':memory:', seed: 'demo' })
  api = createClient({ baseUrl: server.url, apiKey: 'demo-admin-key', client: 'OPERATOR' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})
beforeEach(async () => {
  pageErrors.length = 0
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (e) => pageErrors.push(e.message))
})
afterEach(async () => {
  await page.close()
  // A demo page that throws is broken even when the step's checks passed.
  expect(pageErrors).toEqual([])
})

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true })

describe('demo pages served by the reference server', () => {
  it('the index links one page per component, each loading its bundle', async () => {
    await page.goto(`${server.url}/demos/`)
    const links = await page.locator('main a[href$=".html"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    for (const name of ['user-import', 'org-tree', 'operator-table', 'tag-picker', 'back-office', 'storefront'])
      expect(links).toContain(`${name}.html`)
    await shot('index')
    for (const href of links) {
      const res = await page.goto(`${server.url}/demos/${href}`)
      expect(res?.status(), href!).toBe(200)
      await expect.poll(() => page.locator('#missing').isHidden(), { message: `${href}: bundle loaded` }).toBe(true)
    }
  })

  it('on a phone (390×844) every demo page has a viewport meta and is no wider than the screen', async () => {
    // Not `isMobile`: a mobile viewport may zoom out to fit a too-wide page, and `innerWidth` would grow with it.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } })
    phone.on('pageerror', (e) => pageErrors.push(e.message))
    try {
      for (const name of [
        'index',
        'user-import',
        'operator-table',
        'org-tree',
        'tag-picker',
        'back-office',
        'storefront',
      ]) {
        await phone.goto(`${server.url}/demos/${name === 'index' ? '' : `${name}.html`}`)
        const viewport = await phone.evaluate(() =>
          document.querySelector('meta[name="viewport"]')?.getAttribute('content'),
        )
        expect(viewport, `${name}: viewport meta`).toMatch(/width=device-width/)
        if (name !== 'index')
          await expect
            .poll(() => phone.locator('#missing').isHidden(), { message: `${name}: bundle loaded` })
            .toBe(true)
        // The elements have rendered (their shadow roots hold something) before the page is measured.
        await expect
          .poll(
            () =>
              phone.evaluate(() =>
                [...document.querySelectorAll('*')]
                  .filter((e) => e.localName.startsWith('dj-'))
                  .every((e) => e.shadowRoot?.childElementCount),
              ),
            { message: `${name}: rendered` },
          )
          .toBe(true)
        const { scrollWidth, innerWidth } = await phone.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }))
        expect(scrollWidth, `${name}: ${scrollWidth}px wide in a ${innerWidth}px viewport`).toBeLessThanOrEqual(
          innerWidth,
        )
        await phone.screenshot({ path: `${ARTIFACTS}phone-${name}.png`, fullPage: true })
      }
    } finally {
      await phone.close()
    }
  })

  it('operator-table: search and sort the operators (the demo has hundreds: a first page of 25)', async () => {
    /** What the list route answers for `query`: the page the table should show. */
    const listed = async (query: Record<string, string | number>) =>
      unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 25, ...query } } }))
    await page.goto(`${server.url}/demos/operator-table.html`)
    const rows = page.locator('dj-operator-table tr[part="row"]')
    const firstPage = await listed({})
    expect(firstPage.totalElements).toBeGreaterThan(200)
    await expect.poll(() => rows.count()).toBe(25)
    await page.locator('dj-operator-table input[part="search"]').fill('claire')
    await expect.poll(() => rows.count()).toBe(1)
    await expect.poll(() => rows.first().innerText()).toContain('Claire Martin')
    expect(new URL(page.url()).searchParams.get('search')).toBe('claire')

    await page.locator('dj-operator-table input[part="search"]').fill('')
    await expect.poll(() => rows.count()).toBe(25)
    // Sort by e-mail, descending: click twice, checking aria-sort, then the order the rows show.
    const header = page.locator('dj-operator-table button[part="sort-button"][data-field="email"]')
    await header.click()
    await expect.poll(() => page.locator('dj-operator-table th[aria-sort]').getAttribute('aria-sort')).toBe('ascending')
    await header.press('Enter')
    await expect
      .poll(() => page.locator('dj-operator-table th[aria-sort]').getAttribute('aria-sort'))
      .toBe('descending')
    const emails = async () => rows.locator('td[data-field="email"]').allInnerTexts()
    const descending = (await listed({ sort: 'email:desc' })).content.map((o) => o.email)
    await expect.poll(emails).toEqual(descending)
    await shot('operator-table')
  })

  it('tag-picker: add a tag with the keyboard, remove one, save once', async () => {
    await page.goto(`${server.url}/demos/tag-picker.html`)
    const chips = page.locator('dj-tag-picker li.chip')
    await expect.poll(() => chips.count()).toBe(2)
    const input = page.locator('dj-tag-picker input[role="combobox"]')
    await input.click()
    await input.pressSequentially('hot')
    await input.press('ArrowDown')
    await input.press('Enter')
    await expect
      .poll(() => page.locator('dj-tag-picker li.chip[data-id="hotel"]').getAttribute('data-state'))
      .toBe('added')
    await page.locator('dj-tag-picker li.chip[data-id="wholesale"] button').click()
    await page.locator('dj-tag-picker button[part="save"]').click()
    await expect.poll(async () => (await page.locator('#log').innerText()).includes('dj-tags-saved')).toBe(true)
    const account = unwrap(
      await api.GET('/v1/customer-accounts/{id}', {
        params: { path: { id: 'ACME' }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    expect(account.customerTags.map((t) => t.externalId).sort()).toEqual(['hotel', 'premium'])
    await shot('tag-picker')
  })

  it('org-tree: add, rename and move organisations with the keyboard in the back office; the storefront customer sees her branch only', async () => {
    await page.goto(`${server.url}/demos/org-tree.html`)
    const office = 'dj-org-tree#office'
    const row = (name: string) =>
      page.locator(`${office} [role="treeitem"]`, {
        has: page.locator('[part="name"]', { hasText: new RegExp(`^${name}$`) }),
      })
    await expect.poll(() => row('Satellites').count()).toBe(1)

    // Add: focus Tools, Insert, type the name, Enter.
    await row('Tools').click()
    await page.keyboard.press('Insert')
    await page.locator(`${office} input[part="editor"]`).fill('Spare Parts')
    await page.keyboard.press('Enter')
    await expect.poll(() => row('Spare Parts').getAttribute('aria-level')).toBe('3')
    await expect
      .poll(async () => (await page.locator('#log').innerText()).includes('dj-org-change add Spare Parts'))
      .toBe(true)
    // Rename: F2 on the new row.
    await row('Spare Parts').click()
    await page.keyboard.press('F2')
    await page.locator(`${office} input[part="editor"]`).fill('Spares')
    await page.keyboard.press('Enter')
    await expect.poll(() => row('Spares').count()).toBe(1)
    // One change at a time: the tree says "busy" to a move asked while the rename is being saved.
    await expect
      .poll(async () => (await page.locator('#log').innerText()).includes('dj-org-change rename Spares'))
      .toBe(true)
    // Move: Control+M, pick Robotics, Enter.
    await row('Spares').click()
    await page.keyboard.press('Control+m')
    await page.locator(`${office} input[part="filter"]`).fill('Robotics')
    await page.keyboard.press('Enter')
    await expect
      .poll(async () => (await page.locator('#log').innerText()).includes('dj-org-change move Spares'))
      .toBe(true)

    const tree = unwrap(
      await api.GET('/v1/customer-accounts/{id}/organisations', {
        params: { path: { id: 'ACME' }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    const find = (list: typeof tree, name: string, path: string[] = []): string[] | undefined => {
      for (const n of list) {
        if (n.name === name) return [...path, n.name]
        const found = find(n.children, name, [...path, n.name])
        if (found) return found
      }
      return undefined
    }
    expect(find(tree, 'Spares')).toEqual(['ACME Industrial', 'Robotics', 'Spares'])
    expect(find(tree, 'Spare Parts')).toBeUndefined()

    // The storefront side: choose Sophie (FOC_User of Satellites).
    await page.locator('#user').selectOption('sophie.satellite@acme.example')
    const shopNames = () => page.locator('dj-org-tree#shop [role="treeitem"] [part="name"]').allInnerTexts()
    await expect.poll(shopNames).toEqual(['Satellites', 'Research & Development'])
    await shot('org-tree')
  })

  it("storefront: an operator in support opens an assisted session for Sophie; the store's storefront page exchanges the code, shows her branch and drops the code from the address bar", async () => {
    const hugo = createClient({ baseUrl: server.url, apiKey: 'demo-user-key', client: 'OPERATOR' })
    const [sophie] = unwrap(
      await hugo.GET('/v1/customer-users', { params: { query: { externalIds: 'ACME-SAT' } } }),
    ).content
    const session = unwrap(
      await hugo.POST('/v1/customer-users/{id}/assisted-session', {
        params: { path: { id: sophie.id } },
        body: { storeId: 'FR' },
      }),
    )
    // The demo stores point at the default port; this server listens on another one.
    const link = new URL(session.url)
    expect(link.searchParams.get('dj-assist-code')).toMatch(/\S{20,}/)
    await page.goto(`${server.url}${link.pathname}${link.search}`)
    await expect.poll(() => page.locator('#who').innerText()).toBe('Sophie Satellite (assisted)')
    await expect.poll(() => page.locator('#login').innerText()).toMatch(/assisted by operator/)
    expect(new URL(page.url()).searchParams.has('dj-assist-code')).toBe(false)
    const names = () => page.locator('dj-org-tree#tree [role="treeitem"] [part="name"]').allInnerTexts()
    await expect.poll(names).toEqual(['Satellites', 'Research & Development'])
    await shot('storefront-assisted')
    // Single use: the same link again opens nothing.
    await page.goto(`${server.url}${link.pathname}${link.search}`)
    await expect.poll(() => page.locator('#login').innerText()).toMatch(/could not be opened/)
  })

  it('storefront: a customer signs in and sees her branch only, read-only; the company admin sees and edits the whole tree', async () => {
    await page.goto(`${server.url}/demos/storefront.html`)
    const names = () => page.locator('dj-org-tree [role="treeitem"] [part="name"]').allInnerTexts()
    await page.locator('#email').selectOption('sophie.satellite@acme.example')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(names).toEqual(['Satellites', 'Research & Development'])
    expect(await page.locator('dj-org-tree [part="toolbar"]').count()).toBe(0)
    // The People card next to the tree: a FOC_User has nothing to manage there, and reads why.
    await expect.poll(() => page.locator('dj-company-users [part="notice"]').innerText()).toMatch(/administrator/)
    expect(await page.locator('dj-company-users [part="row"]').count()).toBe(0)
    await shot('storefront-user')

    await page.locator('#email').selectOption('alice.admin@acme.example')
    await page.getByRole('button', { name: 'Sign in' }).click()
    // The whole tree (the org-tree step may have added to it: the server is shared by the steps).
    await expect
      .poll(names)
      .toEqual(
        expect.arrayContaining([
          'ACME Aerospace',
          'Launchers',
          'Satellites',
          'Research & Development',
          'ACME Industrial',
          'Robotics',
          'Tools',
        ]),
      )
    // Alice, the company admin, sees the people of her company (herself included) in the People card.
    await expect
      .poll(() => page.locator('dj-company-users [part="row"]').allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringContaining('Sophie Satellite')]))
    // F2 on Launchers, through the shop routes.
    await page.locator('dj-org-tree [role="treeitem"]', { hasText: 'Launchers' }).click()
    await page.keyboard.press('F2')
    await page.locator('dj-org-tree input[part="editor"]').fill('Launch Vehicles')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('dj-org-tree [part="status"]').innerText()).toMatch(/Launch Vehicles/)
    const org = unwrap(
      await api.GET('/v1/organisations/{id}', {
        params: { path: { id: 'ACME-AERO-LAUNCH' }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    expect(org.name).toBe('Launch Vehicles')
    await shot('storefront-admin')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(names).toEqual([])
  })

  it('user-import: pick a CSV, fix a bad cell inline, check with the server, import, download the report', async () => {
    await page.goto(`${server.url}/demos/user-import.html`)
    const el = 'dj-user-import'
    const header = 'externalId;civility;firstName;lastName;email;phone;groups;accountIds;storeIds'
    const csv = [
      header,
      'E2E-1;MRS;Zoé;Durand;zoe.durand@example.com;+33 6 12 34 56 78;FOC_User;ACME;FR',
      'E2E-2;MR;Marc;Petit;marc.petit-at-example.com;+33 6 12 34 56 79;FOC_User;ACME;FR',
    ].join('\n')
    await page
      .locator(`${el} input[type="file"]`)
      .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    // The failing cell, shown as text until its row is the active one (only that row holds inputs).
    const bad = page.locator(`${el} [part="cell"]:has([aria-invalid="true"])`)
    await expect.poll(() => bad.count()).toBe(1)
    // The user reads a sentence in their language, never the rule's code (which is in the events).
    expect(await page.locator(`${el} [part="cell-error"]`).first().innerText()).toBe('Not a valid email address.')
    expect(await page.locator(`${el} [part="file"]`).innerText()).toMatch(/;/)
    // Inline fix: a click on the cell gives its input, type the right address, Enter commits the cell.
    await bad.click()
    await bad.locator('input').fill('marc.petit@example.com')
    await bad.locator('input').press('Enter')
    await expect.poll(() => bad.count()).toBe(0)

    await page.locator(`${el} [part="check-button"]`).click()
    const count = (k: string) => page.locator(`${el} [part="counts"] [data-count="${k}"]`).innerText()
    await expect.poll(() => count('created'), { timeout: 15_000 }).toBe('2')
    expect(await count('failed')).toBe('0')
    // The dry run wrote nothing.
    expect(
      (
        await api.GET('/v1/customer-users/{id}', {
          params: { path: { id: 'E2E-1' }, query: { idType: 'EXTERNAL_ID' } },
        })
      ).response.status,
    ).toBe(404)
    await shot('user-import-dry-run')

    await page.locator(`${el} [part="import-button"]`).click()
    await expect
      .poll(async () => (await page.locator('#log').innerText()).includes('dj-import-done'), { timeout: 15_000 })
      .toBe(true)
    const user = unwrap(
      await api.GET('/v1/customer-users/{id}', { params: { path: { id: 'E2E-2' }, query: { idType: 'EXTERNAL_ID' } } }),
    )
    expect(user.email).toBe('marc.petit@example.com')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`${el} [part="report-button"]`).click(),
    ])
    const report = await readFile((await download.path())!, 'utf8')
    expect(report).toMatch(/status/)
    expect(report).toMatch(/E2E-1.*CREATED/)
    await shot('user-import-done')
  })

  it('back office: the four elements share one operator key; switching to the Reader turns the tree and the tags read-only, with the reason', async () => {
    await page.goto(`${server.url}/demos/back-office.html`)
    await expect.poll(() => page.locator('dj-operator-table tr[part="row"]').count()).toBe(25)
    await expect.poll(() => page.locator('dj-tag-picker li.chip').count()).toBeGreaterThan(0)
    await expect.poll(() => page.locator('dj-org-tree [role="treeitem"]').count()).toBeGreaterThan(0)
    await expect.poll(() => page.locator('dj-user-import [part="template-button"]').count()).toBe(1)
    await shot('back-office')

    await page.locator('#key').selectOption('demo-reader-key')
    const tree = page.locator('dj-org-tree')
    // OP7: the tree asks who is calling; a Reader gets no editing action, and reads why.
    await expect.poll(() => tree.locator('[part="reason"]').innerText()).toMatch(/read-only/)
    expect(await tree.locator('[part="toolbar"]').count()).toBe(0)
    await tree.locator('[role="treeitem"]', { hasText: 'Tools' }).click()
    await page.keyboard.press('F2')
    expect(await tree.locator('input[part="editor"]').count()).toBe(0)
    // The tag picker too: the Reader sees the tags, nothing to change them with, and why.
    await expect.poll(() => page.locator('dj-tag-picker [part="readonly-hint"]').innerText()).toMatch(/read-only/)
    expect(await page.locator('dj-tag-picker input[role="combobox"]').count()).toBe(0)
    const org = unwrap(
      await api.GET('/v1/organisations/{id}', {
        params: { path: { id: 'ACME-IND-TOOLS' }, query: { idType: 'EXTERNAL_ID' } },
      }),
    )
    expect(org.name).toBe('Tools')
    await shot('back-office-reader')
  })
})
