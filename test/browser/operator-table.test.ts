/**
 * `<dj-operator-table>` in real Chromium, against the reference app inside MSW's service worker, seeded with
 * the demo data plus 100 operators created through the SDK (ADM-OPERATOR-USER-100). Every request the element
 * makes is the list route ADM-OPERATOR-USER-550.
 */
import { sendKeys, sendMouse } from '@web/test-runner-commands'
import '../../components/operator-table/index.js'
import type { DjOperatorTable, DjStateChangeEvent, OperatorTableState } from '../../components/operator-table/index.js'
import { createClient, unwrap, type DjClient } from '../../sdk/index.js'
import { startMockApi, type RunningMockApi } from './mock-api.js'
import {
  after,
  afterEach,
  assert,
  assertAccessible,
  clientFixedLater,
  clientHolding,
  assertEqual,
  before,
  describe,
  it,
  sleep,
  until,
} from './harness.js'

const FIRST_NAMES = ['Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'Farid', 'Gaëlle', 'Hugo', 'Inès', 'Jules']
const GROUPS = ['Admin', 'User', 'Reader'] as const
const STORES = ['FR', 'BE', 'DE']

const $ = <E extends Element = HTMLElement>(el: DjOperatorTable, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector)
const rows = (el: DjOperatorTable) => [...el.shadowRoot!.querySelectorAll('tbody tr[part="row"]')]
const column = (el: DjOperatorTable, field: string) =>
  rows(el).map((r) => r.querySelector(`td[data-field="${field}"]`)!.textContent!.trim())
const count = (el: DjOperatorTable) => $(el, '[role="status"]')!.textContent!.trim()
/** The pager's range: `1–25 of 103`. */
const range = (el: DjOperatorTable) => $(el, '[part="range"]')!.textContent!.trim()
const th = (el: DjOperatorTable, field: string) => $(el, `button[data-field="${field}"]`)!.closest('th')!
const headerButton = (el: DjOperatorTable, field: string) => $<HTMLButtonElement>(el, `button[data-field="${field}"]`)!
/** Settled: not loading, and showing rows or the empty state. */
const settled = (el: DjOperatorTable) =>
  $(el, 'table')!.getAttribute('aria-busy') === 'false' && (rows(el).length > 0 || $(el, '[part="empty"]'))
/** Waits for the update a state change scheduled (which starts the request), then for its answer. */
async function settle(el: DjOperatorTable) {
  await el.updateComplete
  await until(() => settled(el), 'the page to load')
}

describe('<dj-operator-table> against the MSW reference API', () => {
  let running: RunningMockApi | undefined
  let api: DjClient
  let total = 0
  const mounted: HTMLElement[] = []

  async function mount(setup: (el: DjOperatorTable) => void = (el) => (el.client = api)): Promise<DjOperatorTable> {
    const el = document.createElement('dj-operator-table')
    setup(el)
    document.body.append(el)
    mounted.push(el)
    await el.updateComplete
    return el
  }

  /** The same list, asked of the API directly, to compare with what the table shows. */
  async function expected(query: Record<string, unknown>, field: 'email' | 'fullName' | 'externalId' = 'email') {
    const page = unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 25, ...query } } }))
    return page.content.map((o) => o[field])
  }

  before(async () => {
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    running = await startMockApi()
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => {
          const i = batch * 10 + j
          const lastName = i === 42 ? 'Zéphyrin' : `Durand${String(i).padStart(3, '0')}`
          return api
            .POST('/v1/operator-users', {
              body: {
                externalId: `OP-${String(i).padStart(3, '0')}`,
                email: `op${String(i).padStart(3, '0')}@example.com`,
                firstName: FIRST_NAMES[i % 10],
                lastName,
                status: i % 4 === 0 ? 'INACTIVE' : 'ACTIVE',
                groups: [GROUPS[i % 3]],
                storeIds: [STORES[i % 3]],
              },
            })
            .then(unwrap)
        }),
      )
    }
    total = unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 1 } } })).totalElements
    assert(total >= 103, `seeded ${total}`)
  })

  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove()
  })

  after(async () => {
    await running?.stop()
  })

  it('the user opens the page and sees the first 25 operators and the total count', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    assertEqual(rows(el).length, 25)
    assertEqual(count(el), `${total} operators`)
    assertEqual($(el, '[role="status"]')!.getAttribute('aria-live'), 'polite')
    const headers = [...el.shadowRoot!.querySelectorAll('thead th')].map((h) =>
      h.textContent!.trim().replace(/\s+/g, ' '),
    )
    assertEqual(headers, ['Name', 'Email', 'External id', 'Status', 'Groups', 'Stores'])
  })

  it('the user types a name: one request after the pause, matching rows and a live count', async () => {
    const requests: URL[] = []
    const counting = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => (requests.push(new URL(r.url)), globalThis.fetch(r)),
    })
    const el = await mount((e) => (e.client = counting))
    await until(() => settled(el), 'first page')
    requests.length = 0
    $(el, 'input[type="search"]')!.focus()
    await sendKeys({ type: 'zephyrin' })
    await sleep(150)
    assertEqual(requests.length, 0, 'no request while typing')
    await until(() => count(el) === '1 operator', 'the count of one match')
    assertEqual(column(el, 'fullName'), ['Chloé Zéphyrin'])
    assertEqual(
      requests.map((u) => u.searchParams.get('search')),
      ['zephyrin'],
      'one request, for the whole word',
    )
  })

  it('the user types again while a search is in flight: the stale request is aborted, only the last result shows', async () => {
    const signals: Record<string, AbortSignal> = {}
    const slowAlice = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => {
        const search = new URL(r.url).searchParams.get('search') ?? ''
        signals[search] = r.signal
        if (search === 'alice') await sleep(800)
        return globalThis.fetch(r)
      },
    })
    const el = await mount((e) => (e.client = slowAlice))
    await until(() => settled(el), 'first page')
    const input = $<HTMLInputElement>(el, 'input[type="search"]')!
    input.focus()
    await sendKeys({ type: 'alice' })
    await until(() => signals.alice, 'the alice request')
    await sendKeys({ press: 'Control+A' })
    await sendKeys({ type: 'bruno' })
    await until(() => signals.bruno, 'the bruno request')
    assert(signals.alice.aborted, 'the alice request was aborted')
    await until(() => settled(el) && column(el, 'fullName').every((n) => n.startsWith('Bruno')), 'bruno rows')
    await sleep(900) // past the slow answer: it must not replace the rows
    const names = column(el, 'fullName')
    assert(names.length === 10 && names.every((n) => n.startsWith('Bruno')), `rows: ${names}`)
    assertEqual(el.state.search, 'bruno')
  })

  it('the user clicks a column header to sort by it, and again to reverse; aria-sort follows', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    assertEqual(th(el, 'email').hasAttribute('aria-sort'), false)
    headerButton(el, 'email').click()
    await until(() => settled(el) && th(el, 'email').getAttribute('aria-sort') === 'ascending', 'ascending')
    assertEqual(column(el, 'email'), await expected({ sort: 'email:asc' }))
    headerButton(el, 'email').click()
    await until(() => th(el, 'email').getAttribute('aria-sort') === 'descending', 'descending')
    await until(() => settled(el), 'rows')
    assertEqual(column(el, 'email'), await expected({ sort: 'email:desc' }))
    assertEqual(el.state.sort, [{ field: 'email', direction: 'desc' }])
    assertEqual(el.shadowRoot!.querySelectorAll('th[aria-sort]').length, 1, 'one sorted header at a time')
  })

  it('the user shift-clicks a second header to add a secondary sort', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    headerButton(el, 'status').click()
    await until(() => el.state.sort.length === 1, 'first level')
    headerButton(el, 'fullName').dispatchEvent(
      new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }),
    )
    await until(() => el.state.sort.length === 2, 'second level')
    assertEqual(el.state.sort, [
      { field: 'status', direction: 'asc' },
      { field: 'fullName', direction: 'asc' },
    ])
    await settle(el)
    assertEqual(column(el, 'email'), await expected({ sort: ['status:asc', 'fullName:asc'] }))
    assertEqual(th(el, 'status').getAttribute('aria-sort'), 'ascending')
    assertEqual(
      th(el, 'fullName').hasAttribute('aria-sort'),
      false,
      'the second level is announced in the button text, not aria-sort',
    )
    assert(
      headerButton(el, 'fullName').textContent!.includes('sort level 2, ascending'),
      headerButton(el, 'fullName').textContent!,
    )
  })

  it('the user tabs to a header and presses Enter to sort, Shift+Enter to add a level', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    headerButton(el, 'externalId').focus()
    await sendKeys({ press: 'Enter' })
    await until(() => th(el, 'externalId').getAttribute('aria-sort') === 'ascending', 'sorted by Enter')
    await sendKeys({ press: 'Enter' })
    await until(() => th(el, 'externalId').getAttribute('aria-sort') === 'descending', 'reversed by Enter')
    headerButton(el, 'email').focus()
    await sendKeys({ press: 'Shift+Enter' })
    await until(() => el.state.sort.length === 2, 'level added by Shift+Enter')
    assertEqual(el.state.sort, [
      { field: 'externalId', direction: 'desc' },
      { field: 'email', direction: 'asc' },
    ])
    await sendKeys({ press: 'Space' })
    await until(() => el.state.sort.length === 1, 'Space sorts by that column alone')
    assertEqual(el.state.sort, [{ field: 'email', direction: 'asc' }])
  })

  it('the user pages forward and back, and changes the page size', async () => {
    const el = await mount((e) => {
      e.client = api
      e.state = { ...e.state, sort: [{ field: 'externalId', direction: 'asc' }] }
    })
    await until(() => settled(el), 'rows')
    const previous = $<HTMLButtonElement>(el, 'button.previous')!
    const next = $<HTMLButtonElement>(el, 'button.next')!
    assert(previous.disabled, 'previous disabled on the first page')
    assertEqual(range(el), `1–25 of ${total}`)
    next.click()
    await until(() => settled(el) && range(el) === `26–50 of ${total}`, 'page 2')
    assertEqual(column(el, 'externalId'), await expected({ sort: 'externalId:asc', page: 1 }, 'externalId'))
    previous.click()
    await settle(el)
    assertEqual(el.state.page, 0)
    const size = $<HTMLSelectElement>(el, 'select#size')!
    size.value = '10'
    size.dispatchEvent(new Event('change'))
    await until(() => settled(el) && rows(el).length === 10, '10 rows')
    assertEqual(range(el), `1–10 of ${total}`)
  })

  it('the user ticks Inactive and sees only inactive operators', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    const inactive = $<HTMLInputElement>(el, 'input[name="status"][value="INACTIVE"]')!
    inactive.click()
    await until(() => settled(el) && column(el, 'status').every((s) => s === 'Inactive'), 'inactive rows')
    const expectedTotal = unwrap(
      await api.GET('/v1/operator-users', { params: { query: { status: 'INACTIVE', size: 1 } } }),
    ).totalElements
    assertEqual(count(el), `${expectedTotal} operators`)
    assertEqual(el.state.status, ['INACTIVE'])
    $<HTMLInputElement>(el, 'input[name="storeIds"][value="BE"]')!.click()
    await until(
      () =>
        settled(el) &&
        el.state.storeIds.length === 1 &&
        column(el, 'storeIds').every((s) => s.split(', ').includes('Belgium')),
      'BE rows',
    )
  })

  it('the user ticks the Reader group and sees only Readers', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    $<HTMLInputElement>(el, 'input[name="groups"][value="Reader"]')!.click()
    assertEqual(el.state.groups, ['Reader'])
    const readers = await expected({ groups: ['Reader'] })
    await until(
      () => settled(el) && JSON.stringify(column(el, 'email')) === JSON.stringify(readers),
      'the Readers page',
    )
    assert(
      column(el, 'groups').every((g) => g.split(', ').includes('Reader')),
      'only Readers shown',
    )
  })

  /** The column chooser: its button, its popover, its checkboxes' labels, what has focus in the element. */
  const chooserButton = (el: DjOperatorTable) => $<HTMLButtonElement>(el, 'button[part="column-chooser-button"]')!
  const chooser = (el: DjOperatorTable) => $(el, '[part="column-chooser"]')!
  const isOpen = (el: DjOperatorTable) => chooser(el).matches(':popover-open')
  const chooserLabels = (el: DjOperatorTable) =>
    [...chooser(el).querySelectorAll('label')].map((l) => l.textContent!.trim())
  const box = (el: DjOperatorTable, label: string) =>
    [...chooser(el).querySelectorAll('label')].find((l) => l.textContent!.trim() === label)!.querySelector('input')!
  const focused = (el: DjOperatorTable) => el.shadowRoot!.activeElement
  const headerLabels = (el: DjOperatorTable) =>
    [...el.shadowRoot!.querySelectorAll('thead th')].map((h) => h.textContent!.trim().replace(/\s+/g, ' '))

  it('the user picks the columns with the keyboard: a popover opens, lists the columns in the table order, arrows move, Escape closes back to the button', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    const button = chooserButton(el)
    assertEqual(button.getAttribute('aria-expanded'), 'false')
    assertEqual(button.getAttribute('aria-controls'), chooser(el).id)
    assert(!isOpen(el), 'closed at first')
    const tableTop = $(el, 'table')!.getBoundingClientRect().top
    button.focus()
    await sendKeys({ press: 'Enter' })
    await until(() => isOpen(el) && focused(el) === box(el, 'Name'), 'open, focus on the first checkbox')
    assertEqual(button.getAttribute('aria-expanded'), 'true')
    assertEqual($(el, 'table')!.getBoundingClientRect().top, tableTop, 'the open chooser does not push the table down')
    // The table's columns first, in its order, then the hidden ones.
    assertEqual(chooserLabels(el).slice(0, 6), headerLabels(el))
    const listed = chooserLabels(el)
    assertEqual(listed.length, 13)
    await sendKeys({ press: 'ArrowDown' })
    assertEqual(focused(el), box(el, 'Email'), 'ArrowDown moves to the next checkbox')
    await sendKeys({ press: 'Space' })
    await el.updateComplete
    await sendKeys({ press: 'End' })
    assertEqual(focused(el), box(el, 'Updated'), 'End moves to the last checkbox')
    await sendKeys({ press: 'ArrowUp' })
    assertEqual(focused(el), box(el, 'Created'), 'ArrowUp moves to the previous checkbox')
    await sendKeys({ press: 'Space' })
    await el.updateComplete
    assertEqual(headerLabels(el), ['Name', 'External id', 'Status', 'Groups', 'Stores', 'Created'])
    assertEqual(el.state.columns, ['fullName', 'externalId', 'status', 'groups', 'storeIds', 'createdAt'])
    assertEqual(chooserLabels(el), listed, 'nothing moved in the list')
    assert(isOpen(el), 'still open while picking')
    const first = rows(el)[0]
    assertEqual(
      [...first.querySelectorAll('td')].map((td) => td.dataset.field),
      el.state.columns,
    )
    assert(first.querySelector('td[data-field="createdAt"] time[datetime]'), 'dates render as <time>')
    await sendKeys({ press: 'Escape' })
    await until(() => !isOpen(el), 'Escape closes')
    assertEqual(focused(el), button, 'focus back on the button')
    await el.updateComplete
    assertEqual(button.getAttribute('aria-expanded'), 'false')
    await sendKeys({ press: 'Space' })
    await until(() => isOpen(el) && focused(el) === box(el, 'Name'), 'Space opens it again')
    await sendKeys({ press: 'Tab' })
    assertEqual(focused(el), box(el, 'External id'), 'Tab moves to the next checkbox')
    await sendKeys({ press: 'Escape' })
    await until(() => !isOpen(el) && focused(el) === button, 'closed, focus on the button')
  })

  it('a click outside the column chooser closes it; the last shown column cannot be hidden', async () => {
    const el = await mount((e) => {
      e.client = api
      e.setAttribute('columns', 'email,status')
    })
    await until(() => settled(el), 'rows')
    chooserButton(el).click()
    await until(() => isOpen(el), 'open')
    assertEqual(chooserLabels(el).slice(0, 3), ['Email', 'Status', 'Id'], "the host's columns first, in its order")
    box(el, 'Email').click()
    await el.updateComplete
    assertEqual(headerLabels(el), ['Status'])
    assert(box(el, 'Status').disabled, 'the only column left cannot be hidden')
    const panel = chooser(el).getBoundingClientRect()
    const outside = [
      [5, innerHeight - 5],
      [innerWidth - 5, innerHeight - 5],
      [5, 5],
      [innerWidth - 5, 5],
    ].find(([x, y]) => x < panel.left || x > panel.right || y < panel.top || y > panel.bottom)!
    await sendMouse({ type: 'click', position: [outside[0], outside[1]] })
    await until(() => !isOpen(el), 'an outside click closes it')
    await el.updateComplete
    assertEqual(chooserButton(el).getAttribute('aria-expanded'), 'false')
  })

  it('the chosen columns are part of the state: set through `state`, sent in dj-state-change, kept in the URL, and no new request', async () => {
    const original = location.href
    const requests: URL[] = []
    const counting = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => (requests.push(new URL(r.url)), globalThis.fetch(r)),
    })
    try {
      const url = new URL(location.href)
      url.searchParams.set('columns', 'email,fullName,nope')
      history.replaceState(history.state, '', url)
      const el = await mount((e) => {
        e.client = counting
        e.setAttribute('sync-url', '')
      })
      await until(() => settled(el), 'rows')
      assertEqual(el.state.columns, ['email', 'fullName'])
      assertEqual(headerLabels(el), ['Name', 'Email'], 'from the URL, in the table order')
      const states: OperatorTableState[] = []
      el.addEventListener('dj-state-change', (e) => states.push(e.state))
      const loads = requests.length
      chooserButton(el).click()
      await until(() => isOpen(el), 'open')
      box(el, 'Status').click()
      await el.updateComplete
      assertEqual(headerLabels(el), ['Name', 'Email', 'Status'])
      assertEqual(states.at(-1)?.columns, ['fullName', 'email', 'status'])
      await until(() => new URL(location.href).searchParams.get('columns') === 'fullName,email,status', 'the URL')
      assertEqual(column(el, 'status').length, 25, 'the cells follow')
      assertEqual(requests.length, loads, 'showing a column asks the server nothing')
      el.state = { ...el.state, columns: ['externalId'] }
      await el.updateComplete
      assertEqual(headerLabels(el), ['External id'])
      assertEqual(new URL(location.href).searchParams.get('columns'), 'externalId')
      el.state = { ...el.state, columns: [] }
      await el.updateComplete
      assertEqual(headerLabels(el), ['Name', 'Email', 'External id', 'Status', 'Groups', 'Stores'])
      assert(!new URL(location.href).searchParams.has('columns'), 'the default columns leave the URL')
    } finally {
      history.replaceState(history.state, '', original)
    }
  })

  it('a columns attribute naming unknown fields shows the known ones only, and nothing of the unknown text gets into the page', async () => {
    const el = await mount((e) => {
      e.client = api
      e.setAttribute('columns', 'email,"><img src=x onerror=alert(1)>,status')
    })
    await until(() => settled(el), 'rows')
    assertEqual(
      [...rows(el)[0].querySelectorAll('td')].map((td) => td.dataset.field),
      ['email', 'status'],
    )
    assert(!el.shadowRoot!.querySelector('img'), 'no element made from the attribute')
  })

  it('with a wrong API key the user reads what to do, in a sentence with no status or code, and a Retry button; the page gets the code in dj-load-error', async () => {
    const errors: unknown[] = []
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'not-a-key')
      e.addEventListener('dj-load-error', (event) => errors.push(event.error))
    })
    const alert = await until(() => $(el, '[role="alert"]'), 'the error')
    assertEqual(
      alert.querySelector('span')!.textContent!.replace(/\s+/g, ' ').trim(),
      'The operators could not be loaded. Your session has ended. Sign in again, then try again.',
    )
    assert(!/\d{3}|UNAUTHORI|[A-Z]{4,}_/.test(alert.textContent!), alert.textContent!)
    assertEqual((errors[0] as { status?: number }).status, 401, 'the status goes to the event')
    assert($(el, 'button[part="retry"]'), 'a Retry button')
    assertEqual(rows(el).length, 0)
    el.setAttribute('api-key', 'demo-admin-key')
    await until(() => settled(el) && !$(el, '[role="alert"]'), 'rows with the right key')
  })

  it('the user presses Retry once the problem is fixed, and sees the operators', async () => {
    const errors: unknown[] = []
    const flaky = clientFixedLater()
    const el = await mount((e) => {
      e.client = flaky.client
      e.addEventListener('dj-load-error', (event) => errors.push(event.error))
    })
    await until(() => $(el, '[role="alert"]'), 'the error')
    assertEqual(errors.length, 1, 'dj-load-error')
    flaky.fix()
    $<HTMLButtonElement>(el, 'button[part="retry"]')!.click()
    await until(() => settled(el) && rows(el).length === 25 && !$(el, '[role="alert"]'), 'rows after Retry')
    assertEqual(count(el), `${total} operators`)
    assertEqual(errors.length, 1, 'no error after Retry')
  })

  it('dj-state-change tells the page what the user changed (bubbling out of the shadow root)', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    const states: OperatorTableState[] = []
    const listener = (e: DjStateChangeEvent) => states.push(e.state)
    document.addEventListener('dj-state-change', listener)
    try {
      $(el, 'input[type="search"]')!.focus()
      await sendKeys({ type: 'durand' })
      await until(() => states.length === 1, 'the search event')
      headerButton(el, 'email').click()
      await until(() => states.length === 2, 'the sort event')
      assertEqual(states[0], {
        search: 'durand',
        status: [],
        groups: [],
        storeIds: [],
        sort: [],
        page: 0,
        size: 25,
        columns: [],
      })
      assertEqual(states[1].sort, [{ field: 'email', direction: 'asc' }])
      assertEqual(el.state, states[1])
    } finally {
      document.removeEventListener('dj-state-change', listener)
    }
  })

  it('with sync-url the state comes from the query string and goes back to it', async () => {
    const original = location.href
    try {
      const url = new URL(location.href)
      url.searchParams.set('search', 'alice')
      url.searchParams.set('sort', 'email:desc')
      history.replaceState(history.state, '', url)
      const el = await mount((e) => {
        e.client = api
        e.setAttribute('sync-url', '')
      })
      await until(() => settled(el), 'rows')
      assertEqual([el.state.search, el.state.sort], ['alice', [{ field: 'email', direction: 'desc' }]])
      assertEqual($<HTMLInputElement>(el, 'input[type="search"]')!.value, 'alice')
      assertEqual(column(el, 'email'), await expected({ search: 'alice', sort: 'email:desc' }))
      headerButton(el, 'email').click()
      await until(() => new URL(location.href).searchParams.get('sort') === 'email:asc', 'the URL updated')
      assert(
        new URL(location.href).searchParams.has('wtr-session-id') ||
          !new URL(original).searchParams.has('wtr-session-id'),
        'other parameters kept',
      )
    } finally {
      history.replaceState(history.state, '', original)
    }
  })

  it('with lang="fr" the user reads French', async () => {
    const el = await mount((e) => {
      e.client = api
      e.lang = 'fr'
    })
    await until(() => settled(el), 'rows')
    assertEqual(count(el), `${total} opérateurs`)
    assertEqual(headerButton(el, 'fullName').textContent!.trim(), 'Nom')
    assertEqual($(el, 'button.next')!.getAttribute('aria-label'), 'Page suivante')
    assert(
      column(el, 'status').every((s) => s === 'Actif' || s === 'Inactif'),
      `${column(el, 'status')}`,
    )
    el.lang = 'en'
    await el.updateComplete
    assertEqual($(el, 'button.next')!.getAttribute('aria-label'), 'Next page')
  })

  /** What has focus inside the table (`button.next`, `input#search`…), or `lost` when the page's body has it. */
  const focusOf = (el: DjOperatorTable) => {
    const a = el.shadowRoot!.activeElement as HTMLElement | null
    if (!a) return document.activeElement === document.body ? 'lost' : `outside: ${document.activeElement?.tagName}`
    return `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}${a.className ? `.${a.className}` : ''}`
  }

  it('the user pages with the keyboard to the last page and back to the first: focus never drops to the page when a pager button turns disabled', async () => {
    const el = await mount((e) => {
      e.client = api
      e.state = { ...e.state, page: Math.ceil(total / 25) - 2 }
    })
    await until(() => settled(el), 'rows')
    $<HTMLButtonElement>(el, 'button.next')!.focus()
    await sendKeys({ press: 'Enter' })
    await until(() => settled(el) && $<HTMLButtonElement>(el, 'button.next')!.disabled, 'the last page')
    await el.updateComplete
    assertEqual(focusOf(el), 'button.previous', 'Next is disabled on the last page: focus on Previous')
    el.state = { ...el.state, page: 1 }
    await settle(el)
    $<HTMLButtonElement>(el, 'button.previous')!.focus()
    await sendKeys({ press: 'Enter' })
    await settle(el)
    assertEqual(el.state.page, 0)
    assertEqual(focusOf(el), 'button.next', 'Previous is disabled on the first page: focus on Next')
  })

  it('the user presses Retry by keyboard: the error box goes and focus goes to the search box, not to the page', async () => {
    const flaky = clientFixedLater()
    const el = await mount((e) => (e.client = flaky.client))
    await until(() => $(el, '[role="alert"]'), 'the error')
    flaky.fix()
    $<HTMLButtonElement>(el, 'button[part="retry"]')!.focus()
    await sendKeys({ press: 'Enter' })
    await until(() => settled(el) && !$(el, '[role="alert"]'), 'rows after Retry')
    await el.updateComplete
    assertEqual(focusOf(el), 'input#search')
  })

  it('moved elsewhere in the page while loading, it still shows the operators', async () => {
    const el = await mount()
    const box = document.createElement('div')
    document.body.append(box)
    mounted.push(box)
    box.append(el)
    await until(() => settled(el), 'rows after the move')
    assertEqual(count(el), `${total} operators`)
  })

  it('moved elsewhere in the page while a search waits for its pause, the search still runs', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    $(el, 'input[type="search"]')!.focus()
    await sendKeys({ type: 'zephyrin' })
    const box = document.createElement('div')
    document.body.append(box)
    mounted.push(box)
    box.append(el)
    await until(() => count(el) === '1 operator', 'the search after the move')
    assertEqual(el.state.search, 'zephyrin')
  })

  it('inside a French page (lang on an ancestor), dates are French like the rest of the table', async () => {
    const page = document.createElement('div')
    page.lang = 'fr'
    document.body.append(page)
    mounted.push(page)
    const el = document.createElement('dj-operator-table')
    el.client = api
    el.setAttribute('columns', 'fullName,createdAt')
    page.append(el)
    await settle(el)
    assertEqual(headerButton(el, 'createdAt').textContent!.trim(), 'Créé le')
    const time = $(el, 'td[data-field="createdAt"] time')!
    const iso = time.getAttribute('datetime')!
    assert(
      new Date(iso).toLocaleDateString('fr') !== new Date(iso).toLocaleDateString('en-US'),
      'the two formats differ',
    )
    assertEqual(time.textContent, new Date(iso).toLocaleDateString('fr'))
  })

  it('axe finds no serious or critical accessibility violation (shadow DOM included)', async () => {
    const el = await mount()
    await until(() => settled(el), 'rows')
    headerButton(el, 'email').click()
    headerButton(el, 'fullName').dispatchEvent(
      new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }),
    )
    await settle(el)
    assertEqual(el.state.sort.length, 2)
    await assertAccessible(el, 'the sorted table')
    chooserButton(el).click()
    await until(() => isOpen(el) && chooserButton(el).getAttribute('aria-expanded') === 'true', 'the column chooser')
    await assertAccessible(el, 'the open column chooser')
    const broken = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'not-a-key')
      e.lang = 'fr'
    })
    await until(() => $(broken, '[role="alert"]'), 'the error')
    await assertAccessible(broken, 'the error state')
  })

  /** Header cell widths (px), rounded. */
  const headerWidths = (el: DjOperatorTable) =>
    [...el.shadowRoot!.querySelectorAll<HTMLElement>('thead th')].map((h) =>
      Math.round(h.getBoundingClientRect().width),
    )
  const rowIndexes = (el: DjOperatorTable) => rows(el).map((r) => Number(r.getAttribute('aria-rowindex')))

  it('§5 a page longer than the pager offers keeps only the rows in view in the DOM, says how many it has, and shows the last operators once scrolled to its end, columns not moving', async () => {
    // Every operator seeded (103 or more): more than the pager's 100.
    const size = total
    assert(size > 100, `seeded ${total}`)
    const el = await mount((e) => {
      e.client = api
      e.state = { ...e.state, size, sort: [{ field: 'externalId', direction: 'asc' }] }
    })
    await until(() => settled(el), 'rows')
    const all = await expected({ size, sort: 'externalId:asc' }, 'externalId')
    const table = $<HTMLTableElement>(el, 'table')!
    assertEqual(table.getAttribute('aria-rowcount'), String(size + 1))
    assertEqual($(el, 'thead tr')!.getAttribute('aria-rowindex'), '1')
    const shown = rows(el).length
    assert(shown > 0 && shown < size, `${shown} rows in the DOM`)
    assertEqual(
      rowIndexes(el),
      Array.from({ length: shown }, (_, i) => i + 2),
    )
    assertEqual(column(el, 'externalId'), all.slice(0, shown))
    // As tall as all its rows: the page scrolls as far as it would with every row there.
    const rowPx = rows(el)[0].getBoundingClientRect().height
    assert(
      Math.abs(table.tBodies[0].getBoundingClientRect().height - size * rowPx) < size,
      'the body is as tall as all rows',
    )
    const widths = headerWidths(el)
    try {
      // The user scrolls the page to the table's end.
      const end = table.tBodies[0].getBoundingClientRect().bottom + scrollY
      scrollTo(0, end - innerHeight)
      await until(() => rowIndexes(el).at(-1) === size + 1, 'the last rows')
      const indexes = rowIndexes(el)
      assert(indexes[0] > 2, 'the first rows left the DOM')
      assertEqual(column(el, 'externalId'), all.slice(indexes[0] - 2))
      assertEqual(headerWidths(el), widths, 'the columns kept their widths')
      await assertAccessible(el, 'a windowed page scrolled to its end')
      // And back to the top.
      scrollTo(0, 0)
      await until(() => rowIndexes(el)[0] === 2, 'the first rows again')
    } finally {
      scrollTo(0, 0)
    }
  })

  it('§5 a windowed page follows a scroller of its own inside another shadow root (no scroll event reaches the document)', async () => {
    const size = total
    const host = document.createElement('div')
    mounted.push(host)
    const scroller = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'))
    scroller.style.cssText = 'height: 300px; overflow: auto'
    const el = document.createElement('dj-operator-table')
    el.client = api
    el.state = { ...el.state, size, sort: [{ field: 'externalId', direction: 'asc' }] }
    scroller.append(el)
    document.body.append(host)
    await el.updateComplete
    await until(() => settled(el), 'rows')
    assert(rowIndexes(el).at(-1)! < size + 1, 'the last rows are not in the DOM yet')
    scroller.scrollTop = scroller.scrollHeight
    await until(() => rowIndexes(el).at(-1) === size + 1, 'the last rows')
    assertEqual(
      column(el, 'externalId').at(-1),
      (await expected({ size, sort: 'externalId:asc' }, 'externalId')).at(-1),
    )
  })

  it('§5 every page the pager offers keeps all its rows in the DOM (100 rows, no row count to announce)', async () => {
    const el = await mount((e) => {
      e.client = api
      e.state = { ...e.state, size: 100 }
    })
    await until(() => settled(el), 'rows')
    assertEqual(rows(el).length, 100)
    assertEqual($(el, 'table')!.getAttribute('aria-rowcount'), null)
    assertEqual(rows(el)[0].getAttribute('aria-rowindex'), null)
  })

  /** The store filter's choices, as their labels. */
  const storeChoices = (el: DjOperatorTable) =>
    [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="storeIds"]')].map((b) =>
      b.closest('label')!.textContent!.trim(),
    )
  /** A client with `key`, whose `GET /v1/operator-users/me` answers `me` (a status to fail with, or a network error). */
  const clientWith = (key: string, me?: number | 'offline') =>
    createClient({
      baseUrl: location.origin,
      apiKey: key,
      client: 'OPERATOR',
      fetch: async (r) => {
        if (me !== undefined && new URL(r.url).pathname === '/v1/operator-users/me') {
          if (me === 'offline') throw new TypeError('Failed to fetch')
          return new Response(JSON.stringify({ title: 'Boom', status: me, code: 'BOOM' }), {
            status: me,
            headers: { 'content-type': 'application/problem+json' },
          })
        }
        return globalThis.fetch(r)
      },
    })

  it('OP7 the stores filter offers only the stores assigned to the operator: all three to the Admin, France alone to the Reader', async () => {
    const admin = await mount()
    await until(() => storeChoices(admin).length === 3, 'the Admin’s stores')
    assertEqual(storeChoices(admin), ['France', 'Belgium', 'Germany'])
    assertEqual(admin.currentOperator?.level, 'Admin')
    const reader = await mount((e) => (e.client = clientWith('demo-reader-key')))
    await until(() => settled(reader) && storeChoices(reader).length > 0, 'the Reader’s stores')
    assertEqual(storeChoices(reader), ['France'])
    assertEqual(reader.currentOperator?.level, 'Reader')
    assert(!reader.shadowRoot!.querySelector('input#stores'), 'no free-text store box that names any store')
    $<HTMLInputElement>(reader, 'input[name="storeIds"][value="FR"]')!.click()
    assertEqual(reader.state.storeIds, ['FR'])
    await until(
      () => settled(reader) && rows(reader).length > 0 && column(reader, 'storeIds').every((s) => s === 'France'),
      'FR rows, and only France named in them (the operators of other stores too are in France only for the Reader)',
    )
    $<HTMLInputElement>(reader, 'input[name="storeIds"][value="FR"]')!.click()
    await until(() => settled(reader) && reader.state.storeIds.length === 0, 'all operators again')
    const named = new Set(column(reader, 'storeIds').flatMap((s) => s.split(', ')))
    assert(!named.has('Belgium') && !named.has('Germany') && !named.has('BE') && !named.has('DE'), [...named].join())
  })

  it('OP7 an operator with no store assigned sees a note instead of store choices; a store in the URL state stays untickable', async () => {
    const op = unwrap(
      await api.POST('/v1/operator-users', {
        body: {
          externalId: 'OP-NOSTORE',
          email: 'nostore@example.com',
          firstName: 'No',
          lastName: 'Store',
          groups: ['User'],
        },
      }),
    )
    const { key } = unwrap(
      await api.POST('/v1/operator-users/{id}/api-keys', { params: { path: { id: op.id } }, body: {} }),
    )
    const el = await mount((e) => (e.client = clientWith(key)))
    const note = await until(() => $(el, '[part="stores-hint"]'), 'the note')
    assertEqual(note.textContent!.trim(), 'No store is assigned to you.')
    assertEqual(storeChoices(el), [])
    el.state = { ...el.state, storeIds: ['DE'] }
    await settle(el)
    assertEqual(storeChoices(el), ['DE'], 'the filter in effect can be removed')
  })

  it('OP7 when /me answers after the page, the Stores column turns store ids into the names of the stores assigned to the operator', async () => {
    const me = clientHolding('demo-reader-key', '/v1/operator-users/me')
    const el = await mount((e) => (e.client = me.client))
    await until(() => settled(el) && rows(el).length === 25, 'rows before the caller is known')
    const before = column(el, 'storeIds').flatMap((s) => s.split(', '))
    assert(before.includes('FR'), `ids while the caller is unknown: ${before.join()}`)
    me.release()
    await until(() => storeChoices(el).length === 1, 'the Reader’s store')
    await until(() => !column(el, 'storeIds').some((s) => /\b(FR|BE|DE)\b/.test(s)), 'names instead of ids')
    const after = new Set(
      column(el, 'storeIds')
        .flatMap((s) => s.split(', '))
        .filter(Boolean),
    )
    assertEqual([...after], ['France'], 'only the Reader’s own store, by name')
  })

  it('OP7 when /me fails the table still lists the operators, shows no error and offers no store it cannot vouch for', async () => {
    for (const failure of [500, 'offline'] as const) {
      const el = await mount((e) => (e.client = clientWith('demo-admin-key', failure)))
      await until(() => settled(el) && rows(el).length === 25, 'rows')
      await sleep(50)
      assert(!$(el, '[role="alert"]'), 'no error box')
      assertEqual(storeChoices(el), [])
      assert(!$(el, '[part="stores-hint"]'), 'no note either: the stores are unknown, not none')
      assertEqual(el.currentOperator, undefined)
    }
  })

  it('B when the server cannot be reached the French user reads French, never "Failed to fetch"', async () => {
    const offline = createClient({
      baseUrl: location.origin,
      client: 'OPERATOR',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const errors: unknown[] = []
    const el = await mount((e) => {
      e.client = offline
      e.lang = 'fr'
      e.addEventListener('dj-load-error', (event) => errors.push(event.error))
    })
    const alert = await until(() => $(el, '[role="alert"]'), 'the error')
    const text = alert.textContent!.replace(/\s+/g, ' ').trim()
    assert(text.startsWith('Impossible de charger les opérateurs. Le serveur est injoignable.'), text)
    assert(!/fetch|Failed|Error/i.test(text), text)
    assertEqual($(el, 'button[part="retry"]')!.textContent!.trim(), 'Réessayer')
    assert(errors[0] instanceof TypeError, 'the network error goes to the event')
  })

  it('C the status shows as a badge: green for Active, plain for Inactive', async () => {
    const el = await mount((e) => {
      e.client = api
      e.state = { ...e.state, size: 10, sort: [{ field: 'externalId', direction: 'asc' }] }
    })
    await settle(el)
    const badges = [...el.shadowRoot!.querySelectorAll<HTMLElement>('td[data-field="status"] .badge')]
    assertEqual(badges.length, 10)
    for (const b of badges) {
      const active = b.textContent === 'Active'
      assertEqual(b.classList.contains('success'), active, `${b.textContent}: ${b.className}`)
      assertEqual(b.getAttribute('part'), 'badge')
    }
    assert(
      badges.some((b) => b.textContent === 'Inactive'),
      'an inactive one on the page',
    )
    const active = badges.find((b) => b.textContent === 'Active')!
    const inactive = badges.find((b) => b.textContent === 'Inactive')!
    assert(getComputedStyle(active).color !== getComputedStyle(inactive).color, 'the two look different')
  })

  it('C sortable headers look sortable: an arrow pair on every sortable column, one arrow on the sorted one', async () => {
    const el = await mount()
    await settle(el)
    const arrows = (field: string) => th(el, field).querySelector('.indicator svg.icon path')!.getAttribute('d')
    const none = arrows('email')
    assertEqual(arrows('fullName'), none)
    const groups = [...el.shadowRoot!.querySelectorAll('thead th')].find((h) => h.textContent!.trim() === 'Groups')!
    assert(!groups.querySelector('button, svg'), 'groups is not sortable: no button, no arrows')
    headerButton(el, 'email').click()
    await settle(el)
    const asc = arrows('email')
    assert(asc !== none, 'sorted ascending: another icon')
    headerButton(el, 'email').click()
    await settle(el)
    assert(arrows('email') !== asc && arrows('email') !== none, 'descending: a third icon')
    assertEqual(th(el, 'email').getAttribute('aria-sort'), 'descending')
  })

  it('C the pager has first, previous, next and last page buttons with names, and the range', async () => {
    const total = unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 1 } } })).totalElements
    const el = await mount((e) => {
      e.client = api
      e.state = { ...e.state, sort: [{ field: 'externalId', direction: 'asc' }] }
    })
    await settle(el)
    const names = [...el.shadowRoot!.querySelectorAll('.pager button')].map((b) => b.getAttribute('aria-label'))
    assertEqual(names, ['First page', 'Previous page', 'Next page', 'Last page'])
    assert($(el, '.pager button.last svg.icon'), 'icons in the buttons')
    assertEqual(range(el), `1–25 of ${total}`)
    $<HTMLButtonElement>(el, 'button.last')!.click()
    const lastFrom = Math.floor((total - 1) / 25) * 25 + 1
    await until(() => settled(el) && range(el) === `${lastFrom}–${total} of ${total}`, 'the last page')
    assert($<HTMLButtonElement>(el, 'button.last')!.disabled && $<HTMLButtonElement>(el, 'button.next')!.disabled)
    $<HTMLButtonElement>(el, 'button.first')!.click()
    await until(() => settled(el) && range(el) === `1–25 of ${total}`, 'the first page')
    assertEqual(el.state.page, 0)
  })

  it('C numbers are written for the locale: "1–25 sur 20 000" and "20 000 opérateurs" in French, "20,000" in English', async () => {
    const big = createClient({
      baseUrl: location.origin,
      client: 'OPERATOR',
      fetch: async (r) => {
        if (new URL(r.url).pathname !== '/v1/operator-users') return globalThis.fetch(r)
        const content = unwrap(await api.GET('/v1/operator-users', { params: { query: { size: 25 } } })).content
        const page = {
          content,
          totalElements: 20000,
          totalPages: 800,
          number: 0,
          size: 25,
          numberOfElements: 25,
          first: true,
          last: false,
          empty: false,
        }
        return new Response(JSON.stringify(page), { headers: { 'content-type': 'application/json' } })
      },
    })
    const el = await mount((e) => {
      e.client = big
      e.lang = 'fr'
    })
    await settle(el)
    const fr = new Intl.NumberFormat('fr').format(20000)
    assertEqual(range(el), `1–25 sur ${fr}`)
    assertEqual(count(el), `${fr} opérateurs`)
    el.lang = 'en'
    await el.updateComplete
    assertEqual(range(el), '1–25 of 20,000')
    assertEqual(count(el), '20,000 operators')
  })

  it('C on first load grey skeleton rows hold the place of the operators, so the table does not jump when they come', async () => {
    const slow = clientHolding('demo-admin-key', '/v1/operator-users')
    const el = await mount((e) => {
      e.client = slow.client
      e.state = { ...e.state, size: 10 }
      // Columns whose text fits on one line in this 800-pixel page (a wrapping cell is taller than its skeleton).
      e.setAttribute('columns', 'fullName,email,status')
    })
    const skeletons = () => el.shadowRoot!.querySelectorAll('tbody tr.skeleton-row')
    assertEqual(skeletons().length, 10)
    assert(skeletons()[0].querySelector('.skeleton'), 'grey blocks')
    assertEqual(skeletons()[0].getAttribute('aria-hidden'), 'true')
    const before = $(el, 'table')!.getBoundingClientRect().height
    const shimmer = () => getComputedStyle(skeletons()[0].querySelector('.skeleton')!).animationName
    assertEqual(shimmer(), 'none', 'still at first: an answer that comes at once costs no animation frames')
    await until(() => shimmer() === 'dj-skeleton', 'the shimmer once the load is slow')
    slow.release()
    await settle(el)
    assertEqual(skeletons().length, 0)
    assertEqual(rows(el).length, 10)
    const after = $(el, 'table')!.getBoundingClientRect().height
    assert(Math.abs(after - before) <= before * 0.1, `height ${before} → ${after}`)
  })

  it('C the column chooser button has its icon, and the table uses the shared design language (tokens set on the page apply)', async () => {
    const el = await mount((e) => {
      e.client = api
      e.style.setProperty('--dj-color-accent', 'rgb(1, 2, 3)')
    })
    await settle(el)
    assert(chooserButton(el).querySelector('svg.icon'), 'an icon')
    headerButton(el, 'email').click()
    await settle(el)
    assertEqual(getComputedStyle(th(el, 'email').querySelector('.indicator')!).color, 'rgb(1, 2, 3)')
  })

  it('C with theme="dark" the table is dark and axe finds no violation', async () => {
    const el = await mount((e) => {
      e.client = api
      e.setAttribute('theme', 'dark')
    })
    await settle(el)
    headerButton(el, 'email').click()
    await settle(el)
    const bg = getComputedStyle(el).backgroundColor
    assertEqual(bg, 'rgb(22, 27, 34)')
    await assertAccessible(el, 'the dark table')
  })
})
