/**
 * Visual regression (issue 14, "how it is checked"): every element in its main states — loading, loaded, empty or
 * error, editing or a dialog open — in the light and the dark scheme, on a desktop (1280×800) and a phone (390×844)
 * viewport, screenshotted in Chromium and compared with the baselines in test/browser/screenshots/baseline/ (small
 * tolerance, see web-test-runner.config.mjs). The data is the demo seed inside MSW, or an injected fetch for the
 * states the seed cannot hold (a request that never answers, a network failure); no column shows a date or a time.
 *
 * A change of look is made on purpose: `npm run test:screenshots:update` rewrites the baselines, and the diff of the
 * PNGs is reviewed with the change. Motion is off (`prefers-reduced-motion`), so skeletons do not shimmer mid-shot.
 */
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands'
import { visualDiff } from '@web/test-runner-visual-regression'
import '../../components/all.js'
import { createClient, type DjClient } from '../../sdk/index.js'
import { startMockApi, type RunningMockApi } from './mock-api.js'
import { after, afterEach, before, describe, it, sleep, until } from './harness.js'

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const
const SCHEMES = ['light', 'dark'] as const

type ElementUnderTest = HTMLElement & { client?: DjClient; updateComplete: Promise<boolean> }

/** A fetch that never answers: the element stays in its loading state. */
const pending: typeof fetch = () => new Promise(() => {})
/** A fetch that fails as a network failure does. */
const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'))

const shadow = (el: ElementUnderTest, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)
const busy = (el: ElementUnderTest) => !!el.shadowRoot!.querySelector('[aria-busy="true"]')
const hasAlert = (el: ElementUnderTest) => !!shadow(el, '[role="alert"]')

interface Case {
  /** `<element>-<state>`: the screenshot's name, with the scheme and the viewport added. */
  name: string
  tag: string
  attributes?: Record<string, string>
  fetch?: typeof fetch
  storefront?: boolean
  /** The state is reached (after mounting, and after `act`). */
  ready: (el: ElementUnderTest) => unknown
  /** What the user does to reach the state (open a dialog, start an edit, pick a file). */
  act?: (el: ElementUnderTest) => Promise<void>
  /** Room below the element for what it shows over the page (a listbox): the shot covers the frame. */
  minHeight?: string
  /** What to screenshot: the element, or a part of it drawn in the top layer (a modal dialog). */
  target?: (el: ElementUnderTest) => HTMLElement
}

const USERS_CSV = [
  'externalId;civility;firstName;lastName;email;phone;groups;accountIds',
  'CU-1;MRS;Claire;Dupont;claire.dupont@example.com;+33 1 23 45 67 89;FOC_User;ACME',
  'CU-2;MR;Bruno;Martin;not-an-email;+33 6 12 34 56 78;FOC_User;ACME',
  'CU-3;MRS;Inès;Garcia;ines.garcia@example.com;;FOC_Boss;ACME',
  'CU-4;MR;Jules;Petit;jules.petit@example.com;;FOC_Admin;ACME',
].join('\n')

async function pickFile(el: ElementUnderTest, text: string) {
  // The file input shows once the element knows who is calling (a Reader gets none).
  const input = (await until(() => shadow(el, 'input[type="file"]'), 'the file input')) as HTMLInputElement
  const transfer = new DataTransfer()
  transfer.items.add(new File([text], 'users.csv', { type: 'text/csv' }))
  input.files = transfer.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

const CASES: Case[] = [
  {
    name: 'operator-table-loaded',
    tag: 'dj-operator-table',
    attributes: { columns: 'fullName,email,status,groups,storeIds' },
    ready: (el) => !busy(el) && el.shadowRoot!.querySelector('tbody tr[part="row"]'),
  },
  { name: 'operator-table-loading', tag: 'dj-operator-table', fetch: pending, ready: busy },
  { name: 'operator-table-error', tag: 'dj-operator-table', fetch: offline, ready: hasAlert },
  {
    name: 'org-tree-loaded',
    tag: 'dj-org-tree',
    attributes: { account: 'ACME', 'expand-depth': '3' },
    ready: (el) => !busy(el) && shadow(el, '[role="treeitem"]'),
  },
  { name: 'org-tree-loading', tag: 'dj-org-tree', attributes: { account: 'ACME' }, fetch: pending, ready: busy },
  { name: 'org-tree-error', tag: 'dj-org-tree', attributes: { account: 'ACME' }, fetch: offline, ready: hasAlert },
  {
    name: 'org-tree-editing',
    tag: 'dj-org-tree',
    attributes: { account: 'ACME', 'expand-depth': '3' },
    ready: (el) => shadow(el, 'input.editor, [part="editor"]'),
    act: async (el) => {
      await until(() => !busy(el) && shadow(el, '[role="treeitem"]'), 'the tree')
      shadow(el, '[role="treeitem"]')!.focus()
      await sendKeys({ press: 'F2' })
    },
  },
  {
    name: 'tag-picker-loaded',
    tag: 'dj-tag-picker',
    attributes: { account: 'ACME' },
    ready: (el) => !busy(el) && shadow(el, 'li.chip, [part="empty"]'),
  },
  {
    name: 'tag-picker-open',
    tag: 'dj-tag-picker',
    attributes: { account: 'ACME' },
    ready: (el) => shadow(el, '[role="listbox"] [role="option"]'),
    minHeight: '12rem',
    act: async (el) => {
      await until(() => !busy(el) && shadow(el, 'li.chip, [part="empty"]'), 'the tags')
      shadow(el, 'input[role="combobox"]')!.focus()
      await sendKeys({ type: 'e' })
    },
  },
  { name: 'tag-picker-error', tag: 'dj-tag-picker', attributes: { account: 'ACME' }, fetch: offline, ready: hasAlert },
  { name: 'user-import-empty', tag: 'dj-user-import', ready: (el) => shadow(el, '[part="drop-zone"]') },
  {
    name: 'user-import-checked',
    tag: 'dj-user-import',
    ready: (el) => shadow(el, '[part="rows"] [role="row"][data-index]'),
    act: (el) => pickFile(el, USERS_CSV),
  },
  {
    name: 'company-users-loaded',
    tag: 'dj-company-users',
    storefront: true,
    ready: (el) => !busy(el) && shadow(el, '[part="row"]'),
  },
  {
    name: 'company-users-invite',
    tag: 'dj-company-users',
    storefront: true,
    ready: (el) => shadow(el, 'dialog[open]'),
    act: async (el) => {
      await until(() => !busy(el) && shadow(el, '[part="invite-button"]'), 'the people')
      shadow(el, '[part="invite-button"]')!.click()
    },
    target: (el) => shadow(el, 'dialog[open]')!,
  },
  { name: 'company-users-error', tag: 'dj-company-users', storefront: true, fetch: offline, ready: hasAlert },
]

describe('the elements look as their baselines, light and dark, desktop and phone', () => {
  let running: RunningMockApi | undefined
  /** A storefront token for Alice, ACME's company admin (asked after each reset, which forgets tokens). */
  async function signIn() {
    const shop = createClient({ baseUrl: location.origin, client: 'ACCOUNT' })
    const { data } = await shop.POST('/auth/token', {
      body: { email: 'alice.admin@acme.example', password: 'Demo-Password-1' },
    })
    return data!.accessToken
  }
  const mounted: HTMLElement[] = []

  before(async () => {
    running = await startMockApi()
    await emulateMedia({ reducedMotion: 'reduce' })
    document.body.style.margin = '0'
    document.documentElement.lang = 'en'
  })

  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove()
  })

  after(async () => {
    await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' })
    await setViewport({ width: 800, height: 600 })
    await running?.stop()
  })

  for (const [viewport, size] of Object.entries(VIEWPORTS))
    for (const scheme of SCHEMES)
      for (const c of CASES)
        it(`${c.name} (${scheme}, ${viewport})`, async () => {
          await setViewport(size)
          await running!.mock.reset()
          // The page follows the scheme too, as a host page would, so the shot shows the element on its background.
          document.body.style.background = scheme === 'dark' ? '#0d1117' : '#ffffff'
          const frame = document.createElement('div')
          frame.style.padding = '8px'
          frame.style.minHeight = c.minHeight ?? ''
          const el = document.createElement(c.tag) as ElementUnderTest
          for (const [name, value] of Object.entries(c.attributes ?? {})) el.setAttribute(name, value)
          el.setAttribute('theme', scheme)
          el.client = createClient({
            baseUrl: location.origin,
            ...(c.storefront
              ? { client: 'ACCOUNT' as const, token: await signIn() }
              : { client: 'OPERATOR' as const, apiKey: 'demo-admin-key' }),
            ...(c.fetch ? { fetch: c.fetch } : {}),
          })
          frame.append(el)
          document.body.append(frame)
          mounted.push(frame)
          await el.updateComplete
          await c.act?.(el)
          await until(() => c.ready(el), `${c.name} to be ready`, 10000)
          await el.updateComplete
          await document.fonts.ready
          // Two frames: layout after the last update, then paint.
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
          await sleep(50)
          await visualDiff(c.target?.(el) ?? frame, `${c.name}-${scheme}-${viewport}`)
        })
})
