/**
 * `<dj-user-import>` in real Chromium, against the reference app inside MSW's service worker, seeded with the
 * demo data (accounts ACME and GLOBEX, ACME's organisations ACME-AERO / ACME-AERO-SAT / ACME-IND…, users
 * ACME-SAT and ACME-ROB, three stores: every user needs a store). Files are built in the test and given through
 * the file input or a drop. The element posts ADM-IMPORT-JOB-100 (dry run, then the real run), polls
 * ADM-IMPORT-JOB-500 and reads ADM-IMPORT-JOB-510 (report, JSON and CSV). Every test starts from fresh data.
 */
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands'
import '../../components/user-import/index.js'
import type { DjImportParsedEvent, DjImportStartEvent, DjUserImport } from '../../components/user-import/index.js'
import type { MockApi } from '../../mock-server/msw.js'
import { createClient, type DjClient } from '../../sdk/index.js'
import { startMockApi, type RunningMockApi } from './mock-api.js'
import {
  after,
  afterEach,
  assert,
  assertAccessible,
  assertEqual,
  before,
  describe,
  it,
  sleep,
  until,
} from './harness.js'

// ---- CSV files ----------------------------------------------------------------------------------------------

const FIELDS = [
  'externalId',
  'civility',
  'firstName',
  'lastName',
  'email',
  'phone',
  'groups',
  'accountIds',
  'organisationIds',
  'mainOrganisationId',
  'delete',
  'storeIds',
] as const
type Field = (typeof FIELDS)[number]
type Row = Partial<Record<Field, string>>
/** The import-page form of each header (I1). */
const PAGE: Record<Field, string> = {
  externalId: 'Customer User External Id',
  civility: 'Customer User Civility',
  firstName: 'Customer User First Name',
  lastName: 'Customer User Last Name',
  email: 'Customer User Email',
  phone: 'Customer User Phone',
  groups: 'Customer User Groups',
  accountIds: 'Customer User Account Ids',
  organisationIds: 'Customer User Organisation Ids',
  mainOrganisationId: 'Customer User Main Organisation Id',
  delete: 'Customer User Delete',
  storeIds: 'Customer User Store Ids',
}

/** A valid new user of ACME in store FR. */
const user = (n: number, over: Row = {}): Row => ({
  externalId: `IMP-${n}`,
  civility: 'MR',
  firstName: 'Jean',
  lastName: `Test${n}`,
  email: `imp${n}@example.com`,
  phone: '+33 6 00 00 00 00',
  groups: 'FOC_User',
  accountIds: 'ACME',
  organisationIds: '',
  mainOrganisationId: '',
  delete: '',
  storeIds: 'FR',
  ...over,
})

/** CSV text: headers in the import-page form (or the field names, or as given), CRLF. */
function csv(
  rows: Row[],
  options: {
    delimiter?: string
    form?: 'page' | 'field'
    headers?: Partial<Record<Field, string>>
    fields?: readonly Field[]
  } = {},
) {
  const d = options.delimiter ?? ','
  const fields = options.fields ?? FIELDS
  const head = fields.map((f) => options.headers?.[f] ?? (options.form === 'field' ? f : PAGE[f]))
  return `${[head.join(d), ...rows.map((r) => fields.map((f) => r[f] ?? '').join(d))].join('\r\n')}\r\n`
}
const csvFile = (text: string | Uint8Array, name = 'users.csv') =>
  new File([text as BlobPart], name, { type: 'text/csv' })
/** Windows-1252 bytes of text made of Latin-1 characters. */
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0))

// ---- the element's DOM --------------------------------------------------------------------------------------

const $ = <E extends Element = HTMLElement>(el: DjUserImport, selector: string) =>
  el.shadowRoot!.querySelector<E>(selector)
const $$ = <E extends Element = HTMLElement>(el: DjUserImport, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<E>(selector),
]
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const status = (el: DjUserImport) => text($(el, '[role="status"]'))
/** The input of a cell, by its file line and column header (its accessible name, "Line 3, Customer User Email"; French "Ligne"): only the active row has inputs. */
const cell = (el: DjUserImport, line: number, header: string) =>
  $<HTMLInputElement>(el, `input[aria-label="Line ${line}, ${header}"]`) ??
  $<HTMLInputElement>(el, `input[aria-label="Ligne ${line}, ${header}"]`)
/** A cell (`role="cell"`) of the grid, by its file line and its column's header, as text or as input. */
const gridCell = (el: DjUserImport, line: number, header: string) => {
  const column = $$(el, 'tr[data-header]').findIndex((tr) => tr.dataset.header === header)
  return $(el, `[role="row"][data-line="${line}"] [role="cell"][data-column="${column}"]`)
}
/** The error text of a cell: what its input's aria-describedby points at in the active row, else the text shown under it ('' when the cell is valid). */
const cellError = (el: DjUserImport, line: number, header: string) => {
  const input = cell(el, line, header)
  const shown = text(gridCell(el, line, header)!.querySelector('.cell-error'))
  if (!input) return shown
  const id = input.getAttribute('aria-describedby')
  return id ? text($(el, `#${id}`)) : ''
}
/** Whether a cell is marked invalid (`aria-invalid` on its input, or on its text). */
const invalid = (el: DjUserImport, line: number, header: string) =>
  gridCell(el, line, header)!.querySelector('[aria-invalid]')!.getAttribute('aria-invalid')
/** The text a cell shows (its input's value in the active row). */
const value = (el: DjUserImport, line: number, header: string) =>
  cell(el, line, header)?.value ?? text(gridCell(el, line, header)!.querySelector('[part="cell-value"]'))
/** Focuses a cell, as a click or a screen reader would before a correction: its row becomes the active one, focus goes to its input. */
async function edit(el: DjUserImport, line: number, header: string) {
  const target = gridCell(el, line, header)!
  ;(target.querySelector('input') ?? target).focus()
  return until(
    () => (focused(el)?.matches('input') && focused(el) === cell(el, line, header) ? cell(el, line, header) : null),
    `the input of line ${line}, ${header}`,
  ) as Promise<HTMLInputElement>
}
const rowIssues = (el: DjUserImport, line: number) => text($(el, `[role="row"][data-line="${line}"] .issues`))
const renderedLines = (el: DjUserImport) => $$(el, '.body [role="row"]').map((r) => Number(r.dataset.line))
const select = (el: DjUserImport, selector: string) => $<HTMLSelectElement>(el, selector)!
const mappingSelect = (el: DjUserImport, header: string) =>
  $<HTMLSelectElement>(el, `tr[data-header="${header}"] select`)!
const count = (el: DjUserImport, key: string) => Number(text($(el, `[part="counts"] [data-count="${key}"]`)))
const counts = (el: DjUserImport) => ['created', 'updated', 'deleted', 'failed'].map((k) => count(el, k))
const button = (el: DjUserImport, part: string) => $<HTMLButtonElement>(el, `button[part="${part}"]`)!
/** The focused element inside the shadow root. */
const focused = (el: DjUserImport) => el.shadowRoot!.activeElement as HTMLElement | null

async function change(target: HTMLInputElement | HTMLSelectElement, value: string) {
  target.value = value
  target.dispatchEvent(new Event('change', { bubbles: true }))
}

/** Resolves on the next `dj-import-parsed` or read `dj-import-error`, after the element rendered it. */
function nextRead(el: DjUserImport): Promise<'parsed' | 'error'> {
  return new Promise((resolve) => {
    const done = (kind: 'parsed' | 'error') => () => {
      el.removeEventListener('dj-import-parsed', parsed)
      el.removeEventListener('dj-import-error', failed)
      void el.updateComplete.then(() => resolve(kind))
    }
    const parsed = done('parsed')
    const failed = done('error')
    el.addEventListener('dj-import-parsed', parsed)
    el.addEventListener('dj-import-error', failed)
  })
}

/** Gives `file` through the file input, as the picker would, and waits until it is read. */
async function pick(el: DjUserImport, file: File) {
  const input = $<HTMLInputElement>(el, 'input[type="file"]')!
  const transfer = new DataTransfer()
  transfer.items.add(file)
  input.files = transfer.files
  const read = nextRead(el)
  input.dispatchEvent(new Event('change', { bubbles: true }))
  return read
}

/** Drops `file` on the drop zone and waits until it is read. */
async function drop(el: DjUserImport, file: File) {
  const transfer = new DataTransfer()
  transfer.items.add(file)
  const zone = $(el, '[part="drop-zone"]')!
  zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  const read = nextRead(el)
  zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  return read
}

/** Downloads the element starts (a click on its hidden `<a download>`), held back and recorded. */
function catchDownloads(el: DjUserImport) {
  const downloads: { name: string; href: string }[] = []
  el.addEventListener(
    'click',
    (e) => {
      const a = e.composedPath()[0]
      if (a instanceof HTMLAnchorElement && a.download) {
        e.preventDefault()
        downloads.push({ name: a.download, href: a.href })
      }
    },
    { capture: true },
  )
  return downloads
}

/** Presses Tab until `check` holds for the focused element of the shadow root (at most `max` times). */
async function tabTo(el: DjUserImport, check: (e: HTMLElement) => boolean, what: string, max = 80) {
  for (let i = 0; i < max; i++) {
    const f = focused(el)
    if (f && check(f)) return f
    await sendKeys({ press: 'Tab' })
    await el.updateComplete
  }
  throw new Error(`Tab never reached ${what}`)
}

describe('<dj-user-import> against the MSW reference API', () => {
  let mock: MockApi
  let running: RunningMockApi | undefined
  let api: DjClient
  let counting: DjClient
  const mounted: HTMLElement[] = []
  /** Requests the counting client sent. */
  let requests: { method: string; path: string; query: string; type: string | null }[] = []
  /** Lets a test change what the counting client gets back. */
  let intercept: ((r: Request) => Promise<Response | undefined>) | undefined
  const posts = () => requests.filter((r) => r.method === 'POST')

  async function mount(setup: (el: DjUserImport) => void = (el) => (el.client = counting)): Promise<DjUserImport> {
    const el = document.createElement('dj-user-import')
    setup(el)
    document.body.append(el)
    mounted.push(el)
    await el.updateComplete
    // The element first asks who is calling (OP7); the tests act once it knows.
    await until(() => el.readonlyReason !== 'checking', 'the answer about who is calling')
    await el.updateComplete
    return el
  }

  /** The customer user with this externalId, or null (404). */
  async function stored(externalId: string) {
    const r = await api.GET('/v1/customer-users/{id}', {
      params: { path: { id: externalId }, query: { idType: 'EXTERNAL_ID' } },
    })
    if (r.response.status === 404) return null
    assert(r.data, `GET ${externalId}: ${r.response.status}`)
    return r.data
  }

  const jobCount = async () => (await api.GET('/v1/import-jobs', { params: { query: {} } })).data!.totalElements

  async function dryRun(el: DjUserImport) {
    button(el, 'check-button').click()
    await until(() => $(el, '.result[data-kind="dry-run"]'), 'the dry run result', 15000)
  }

  /** Presses Import, confirms when the element asks (rows would fail), and waits for the report. */
  async function importNow(el: DjUserImport) {
    button(el, 'import-button').click()
    await el.updateComplete
    const dialog = $<HTMLDialogElement>(el, 'dialog[open]')
    if (dialog) button(el, 'confirm-import').click()
    await until(() => $(el, '.result[data-kind="import"]'), 'the import report', 20000)
  }

  before(async () => {
    api = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    counting = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-admin-key',
      client: 'OPERATOR',
      fetch: async (r) => {
        const url = new URL(r.url)
        requests.push({ method: r.method, path: url.pathname, query: url.search, type: r.headers.get('content-type') })
        return (intercept && (await intercept(r))) || globalThis.fetch(r)
      },
    })
    running = await startMockApi()
    mock = running.mock
  })

  afterEach(async () => {
    for (const el of mounted.splice(0)) el.remove()
    requests = []
    intercept = undefined
    await mock.reset()
  })

  after(async () => {
    await running?.stop()
  })

  it('I8 a dropped file is parsed, mapped and checked in a module worker, its bytes transferred in one message', async () => {
    // The element's Worker, watched: which script it starts, and what the page posts to it.
    const Original = window.Worker
    const started: { url: string; type?: string }[] = []
    const sent: { request: { op: string; bytes?: ArrayBuffer } }[] = []
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options)
        started.push({ url: String(url), type: options?.type })
      }
      override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) {
        sent.push(message as (typeof sent)[number])
        super.postMessage(message, transfer as Transferable[])
      }
    }
    try {
      const summaries: DjImportParsedEvent['summary'][] = []
      const el = await mount((e) => {
        e.client = counting
        e.addEventListener('dj-import-parsed', (event) => summaries.push(event.summary))
      })
      assertEqual(started.length, 0, 'no worker before an import starts')
      assertEqual(await drop(el, csvFile(csv([user(1), user(2), user(3)]))), 'parsed')
      assertEqual(started.length, 1, 'one worker')
      assert(new URL(started[0].url).pathname === '/components/user-import/import.worker.js', started[0].url)
      assertEqual(started[0].type, 'module')
      const reads = sent.filter((s) => s.request.op === 'read')
      assertEqual(reads.length, 1, 'the whole file in one message')
      assertEqual(reads[0].request.bytes!.byteLength, 0, 'the ArrayBuffer was transferred (detached here)')
      assertEqual(el.parsedIn, 'worker', 'the engine reports that it ran in a WorkerGlobalScope')
      assertEqual(
        summaries.map((s) => [s.fileName, s.rows, s.failed, s.parsedIn]),
        [['users.csv', 3, 0, 'worker']],
      )
      assertEqual(text($(el, '[part="file"] .name')), 'users.csv')
      assertEqual(text($(el, '[part="file"] .rows')), '3 rows')
      assertEqual(renderedLines(el), [2, 3, 4])
      assertEqual(status(el), 'users.csv read: 3 rows, 0 with errors.')
      assertEqual(
        requests.filter((r) => r.path !== '/v1/operator-users/me'),
        [],
        'reading talks to no server (beyond asking who is calling, once per client for the page)',
      )
    } finally {
      window.Worker = Original
    }
  })

  it('I2 a ";" file is detected; choosing "," reads it again and reports the single-column error', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2)], { delimiter: ';' })))
    assertEqual(select(el, '[part="delimiter"]').value, ';')
    assert(text($(el, '[part="file"]')).includes('(detected)'), text($(el, '[part="file"]')))
    assertEqual(renderedLines(el), [2, 3])
    assertEqual(value(el, 2, 'Customer User Email'), 'imp1@example.com')

    const read = nextRead(el)
    await change(select(el, '[part="delimiter"]'), ',')
    assertEqual(await read, 'error')
    const alert = $(el, '.read-error')!
    assertEqual(alert.getAttribute('role'), 'alert')
    assertEqual(alert.dataset.code, 'SINGLE_COLUMN')
    assert(/Only one column/.test(text(alert)) && /“;”/.test(text(alert)), text(alert))
    assertEqual($(el, '[role="table"]'), null, 'no rows shown')
    assertEqual(select(el, '[part="delimiter"]').value, ',')

    const again = nextRead(el)
    await change(select(el, '[part="delimiter"]'), ';')
    assertEqual(await again, 'parsed')
    assertEqual(renderedLines(el), [2, 3])
    assertEqual($(el, '.read-error'), null)
  })

  it('I2 the encoding is shown: UTF-8 with BOM, or Windows-1252 (accents read right), and choosing another reads the file again', async () => {
    const el = await mount()
    await pick(el, csvFile(`\ufeff${csv([user(1, { firstName: 'Élodie' })])}`))
    const encoding = select(el, '[part="encoding"]')
    assertEqual(encoding.value, 'utf-8')
    assertEqual(text(encoding.selectedOptions[0]), 'UTF-8 with BOM')
    assertEqual(value(el, 2, 'Customer User External Id'), 'IMP-1', 'the BOM is not part of the first header')
    assertEqual(value(el, 2, 'Customer User First Name'), 'Élodie')

    await pick(
      el,
      csvFile(latin1(csv([user(1, { firstName: 'Élodie', lastName: 'Müller' })], { delimiter: ';' })), 'excel.csv'),
    )
    assertEqual(select(el, '[part="encoding"]').value, 'windows-1252')
    assertEqual(text(select(el, '[part="encoding"]').selectedOptions[0]), 'Windows-1252 (Latin-1)')
    assertEqual(value(el, 2, 'Customer User First Name'), 'Élodie')
    assertEqual(value(el, 2, 'Customer User Last Name'), 'Müller')

    const read = nextRead(el)
    await change(select(el, '[part="encoding"]'), 'utf-8')
    assertEqual(await read, 'parsed')
    assertEqual(select(el, '[part="encoding"]').value, 'utf-8')
    assertEqual(value(el, 2, 'Customer User First Name'), '\ufffdlodie', 'decoded as UTF-8, as asked')
    assert(!text($(el, '[part="file"]')).includes('Windows-1252 (Latin-1) (detected)'))
  })

  it('I1 headers map automatically in both forms; a near miss is guessed; changing a mapping changes the checks', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1)], { form: 'field' })))
    assertEqual(mappingSelect(el, 'email').value, 'email')
    assertEqual(mappingSelect(el, 'accountIds').value, 'accountIds')
    assertEqual(text($(el, '[part="summary"]')), '1 row, 0 with errors')

    await pick(el, csvFile(csv([user(1)], { form: 'page' })))
    assertEqual(mappingSelect(el, 'Customer User Email').value, 'email')
    assertEqual(mappingSelect(el, 'Customer User Main Organisation Id').value, 'mainOrganisationId')

    // "Mail" is not a header of I1: the SDK suggests email, the element applies the guess and says so.
    await pick(el, csvFile(csv([user(1), user(2)], { form: 'field', headers: { email: 'Mail' } })))
    assertEqual(mappingSelect(el, 'Mail').value, 'email')
    assert(/^guessed/.test(text($(el, 'tr[data-header="Mail"] .note'))), text($(el, 'tr[data-header="Mail"] .note')))
    assertEqual(text($(el, '[part="summary"]')), '2 rows, 0 with errors')

    await change(mappingSelect(el, 'Mail'), '')
    await until(() => text($(el, '[part="summary"]')) === '2 rows, 2 with errors', 'the rows checked again')
    assertEqual(
      rowIssues(el, 2),
      'The file has no “Customer User Email” column: it is needed to create or update a user.',
    )
    assert(/Required columns missing: email/.test(text($(el, '.missing'))), text($(el, '.missing')))
    assertEqual(text($(el, 'tr[data-header="Mail"] .note')), 'Ignored.')

    await change(mappingSelect(el, 'Mail'), 'email')
    await until(() => text($(el, '[part="summary"]')) === '2 rows, 0 with errors', 'the rows checked again')
    assertEqual($(el, '.missing'), null)
  })

  it('I6 cell errors read as sentences (F-E-001, F-E-004, F-E-003, F-E-006), with aria-invalid and aria-describedby', async () => {
    const el = await mount()
    await pick(
      el,
      csvFile(
        csv([
          user(1),
          user(2, { firstName: '' }),
          user(3, { email: 'not-an-email' }),
          user(4, { externalId: 'IMP-1' }),
          user(5, { organisationIds: 'ACME-AERO', mainOrganisationId: 'ACME-IND' }),
        ]),
      ),
    )
    assertEqual(text($(el, '[part="summary"]')), '5 rows, 4 with errors')
    assertEqual(
      $$(el, '[role="row"][data-invalid]').map((r) => r.dataset.line),
      ['3', '4', '5', '6'],
    )
    assertEqual(invalid(el, 3, 'Customer User First Name'), 'true')
    assertEqual(cellError(el, 3, 'Customer User First Name'), 'Required: fill it in.')
    assertEqual(cellError(el, 4, 'Customer User Email'), 'Not a valid email address.')
    assertEqual(cellError(el, 5, 'Customer User External Id'), 'Same value as line 2: each user must be unique.')
    assertEqual(
      cellError(el, 6, 'Customer User Main Organisation Id'),
      'The main organisation must be one of the row’s organisations.',
    )
    assertEqual(invalid(el, 2, 'Customer User Email'), 'false')
    assertEqual(invalid(el, 4, 'Customer User Email'), 'true')
    await assertAccessible(el, 'a file with cell errors')
    // In the active row, the input: invalid, described by the sentence under it; a valid one has no description.
    const email = await edit(el, 4, 'Customer User Email')
    assertEqual(email.getAttribute('aria-invalid'), 'true')
    assertEqual(text($(el, `#${email.getAttribute('aria-describedby')}`)), 'Not a valid email address.')
    assertEqual((await edit(el, 4, 'Customer User Phone')).hasAttribute('aria-describedby'), false)
    await assertAccessible(el, 'a file with cell errors, a row active')
  })

  it('§5 text typed in a cell and not yet committed stays there while the grid renders again (a small scroll)', async () => {
    const el = await mount()
    await pick(el, csvFile(csv(Array.from({ length: 300 }, (_, i) => user(i + 1)))))
    const input = cell(el, 2, 'Customer User First Name')!
    input.focus()
    await sendKeys({ press: 'Control+a' })
    await sendKeys({ type: 'Jeanne' })
    $(el, '[part="rows"]')!.scrollTop = 10
    await until(() => el.shadowRoot!.querySelector('.scroller')!.scrollTop === 10, 'the scroll')
    await sleep(50)
    await el.updateComplete
    assertEqual(input.value, 'Jeanne', 'the typed text is still there')
    assertEqual(focused(el), input)
    await sendKeys({ press: 'Enter' })
    await until(
      () => value(el, 2, 'Customer User First Name') === 'Jeanne' && el.shadowRoot!.activeElement === input,
      'the edit',
    )
  })

  it('I6 correcting a cell checks the rows again: its error goes, duplicates across rows are re-judged, counts follow', async () => {
    const el = await mount()
    await pick(
      el,
      csvFile(csv([user(1), user(2), user(3, { email: 'not-an-email' }), user(4, { externalId: 'IMP-1' })])),
    )
    assertEqual(text($(el, '[part="summary"]')), '4 rows, 2 with errors')

    const filter = $<HTMLInputElement>(el, '[part="filter"]')!
    filter.click()
    await el.updateComplete
    assertEqual(renderedLines(el), [4, 5], 'rows with errors only')

    await change(await edit(el, 4, 'Customer User Email'), 'fixed@example.com')
    await until(() => text($(el, '[part="summary"]')) === '4 rows, 1 with errors', 'the fixed row checked')
    assertEqual(invalid(el, 4, 'Customer User Email'), 'false')
    assertEqual(cellError(el, 4, 'Customer User Email'), '')
    assertEqual(renderedLines(el), [4, 5], 'a fixed row stays in the filtered list until the filter is set again')

    // Line 5 repeats line 2's externalId: renaming line 2's clears line 5's F-E-003.
    filter.click()
    await el.updateComplete
    assertEqual(renderedLines(el), [2, 3, 4, 5])
    await change(await edit(el, 2, 'Customer User External Id'), 'IMP-100')
    await until(() => text($(el, '[part="summary"]')) === '4 rows, 0 with errors', 'the duplicate re-judged')
    assertEqual(cellError(el, 5, 'Customer User External Id'), '')
    filter.click()
    await el.updateComplete
    assertEqual(text($(el, '.empty')), 'No row has errors.')

    // And back: making line 3's email line 2's makes a duplicate (emails compared without case).
    filter.click()
    await el.updateComplete
    await change(await edit(el, 3, 'Customer User Email'), 'IMP1@EXAMPLE.COM')
    await until(() => /Same value as line 2/.test(cellError(el, 3, 'Customer User Email')), 'the new duplicate')
    assertEqual(text($(el, '[part="summary"]')), '4 rows, 1 with errors')
  })

  it('I7 the dry run shows the server’s counts (create, update, delete, fail) and writes nothing; Import then does it, with a CSV report', async () => {
    const dryRuns: string[] = []
    const done: string[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-import-dry-run', (event) => dryRuns.push(event.job.status))
      e.addEventListener('dj-import-done', (event) => done.push(event.job.status))
    })
    const downloads = catchDownloads(el)
    await pick(
      el,
      csvFile(
        csv([
          user(1),
          user(2),
          user(0, {
            externalId: 'ACME-SAT',
            firstName: 'Sophia',
            lastName: 'Satellite',
            email: 'sophie.satellite@acme.example',
            civility: 'MRS',
          }),
          { externalId: 'ACME-ROB', delete: 'TRUE' },
          user(3, { accountIds: 'NOPE' }),
        ]),
      ),
    )
    assertEqual(text($(el, '[part="summary"]')), '5 rows, 0 with errors', 'unknown accounts are for the server to find')
    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'true', 'no import before a dry run')
    button(el, 'import-button').click()
    await sleep(50)
    assertEqual(posts().length, 0)

    await dryRun(el)
    assertEqual(counts(el), [2, 1, 1, 1])
    assertEqual(dryRuns, ['DONE'])
    assertEqual(posts().length, 1)
    assert(posts()[0].type?.startsWith('text/csv'), 'an untouched file goes as it is')
    assert(/dryRun=true/.test(posts()[0].query), posts()[0].query)
    assertEqual(text($(el, '[part="failures"]')), 'Line 6 (IMP-3) No customer account has this id.')
    assertEqual(status(el), 'Server check done: 2 to create, 1 to update, 1 to delete, 1 would fail.')
    assertEqual(focused(el)?.id, 'result-title', 'focus moves to the result')
    // Nothing written.
    assertEqual(await stored('IMP-1'), null)
    assert(await stored('ACME-ROB'), 'ACME-ROB still there')
    assertEqual((await stored('ACME-SAT'))!.firstName, 'Sophie')
    await assertAccessible(el, 'the dry run result')

    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'false')
    await importNow(el)
    assertEqual(counts(el), [2, 1, 1, 1])
    assertEqual(done, ['DONE'])
    assertEqual(posts().length, 2)
    assert(/dryRun=false/.test(posts()[1].query), posts()[1].query)
    assertEqual(status(el), 'Import finished: 2 created, 1 updated, 1 deleted, 1 failed.')
    assertEqual((await stored('IMP-1'))!.lastName, 'Test1')
    assert(await stored('IMP-2'), 'IMP-2 created')
    assertEqual(await stored('IMP-3'), null, 'the failed row wrote nothing')
    assertEqual(await stored('ACME-ROB'), null, 'deleted')
    assertEqual((await stored('ACME-SAT'))!.firstName, 'Sophia')
    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'true', 'not twice without a new check')

    button(el, 'report-button').click()
    await until(() => downloads.length === 1, 'the report download')
    assert(/^job_.*-report\.csv$/.test(downloads[0].name), downloads[0].name)
    const report = await (await fetch(downloads[0].href)).text()
    const [head, ...lines] = report
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    assert(head.endsWith(',status,errors') && head.startsWith('Customer User External Id'), head)
    assertEqual(
      lines.map((l) => `${l.split(',')[0]}:${l.split(',')[12]}`),
      ['IMP-1:CREATED', 'IMP-2:CREATED', 'ACME-SAT:UPDATED', 'ACME-ROB:DELETED', 'IMP-3:FAILED'],
    )
    await assertAccessible(el, 'the import report')
  })

  it('I7 once a cell was corrected, the dry run sends the corrected rows as JSON', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2, { accountIds: 'NOPE' })])))
    await dryRun(el)
    assertEqual(counts(el), [1, 0, 0, 1])
    await change(await edit(el, 3, 'Customer User Account Ids'), 'ACME')
    await until(() => !$(el, '.result'), 'the dry run result dropped: the rows changed')
    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'true')
    await dryRun(el)
    assertEqual(counts(el), [2, 0, 0, 0])
    assertEqual(posts()[1].type, 'application/json')
    await importNow(el)
    assertEqual((await stored('IMP-2'))!.accountIds.length, 1)
  })

  it('I4 the job’s stores apply to every row (the file’s store column is then ignored, F-W-002)', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('store-ids', 'BE')
    })
    await pick(el, csvFile(csv([user(1, { storeIds: 'FR' })])))
    assertEqual($<HTMLInputElement>(el, '[part="store-ids"]')!.value, 'BE')
    assert(/store column is ignored/.test(text($(el, '.file-warning'))), text($(el, '.file-warning')))
    await dryRun(el)
    assert(/storeIds=BE/.test(posts()[0].query), posts()[0].query)
    await importNow(el)
    assertEqual((await stored('IMP-1'))!.storeIds, ['BE'])
  })

  it('I4 the user types the job’s stores: the rows are checked again, and a dry run no longer stands', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1, { storeIds: 'FR' })])))
    assertEqual($(el, '.file-warning'), null)
    await dryRun(el)
    await change($<HTMLInputElement>(el, '[part="store-ids"]')!, 'BE, DE')
    await until(() => $(el, '.file-warning'), 'the store column warning')
    assertEqual(
      text($(el, '.file-warning')),
      'The file’s store column is ignored: the stores given for every user apply.',
    )
    assertEqual($(el, '.result'), null, 'the dry run was for other stores')
    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'true')
    await dryRun(el)
    assert(/storeIds=BE%2CDE|storeIds=BE,DE/.test(posts()[1].query), posts()[1].query)
  })

  it('the progress of a running import shows as a progressbar and milestones in the live region, and survives a move in the page', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2)])))
    await dryRun(el)
    // A slow server: the first poll of the real job answers "half done", the next waits for the test.
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let polls = 0
    intercept = async (r) => {
      const url = new URL(r.url)
      if (r.method !== 'GET' || !/^\/v1\/import-jobs\/[^/]+$/.test(url.pathname)) return undefined
      const job = await (await globalThis.fetch(r)).json()
      if (job.dryRun) return Response.json(job)
      if (++polls === 1)
        return Response.json({ ...job, status: 'RUNNING', finishedAt: null, progress: { processed: 1, total: 2 } })
      await gate
      return Response.json(job)
    }
    button(el, 'import-button').click()
    const bar = await until(() => $(el, '[role="progressbar"][aria-valuenow="50"]'), 'the progress at 50%')
    assertEqual(bar.getAttribute('aria-valuetext'), '1 of 2 rows')
    assertEqual(status(el), 'Import 50% done.')
    await assertAccessible(el, 'a running import')
    // Taken out of the page meanwhile (its worker ends, polling stops), then put back: it watches the job again.
    el.remove()
    await sleep(100)
    document.body.append(el)
    release()
    await until(() => $(el, '.result[data-kind="import"]'), 'the report')
    assertEqual($(el, '[role="progressbar"]'), null)
    assertEqual(counts(el), [2, 0, 0, 0])
    assert(await stored('IMP-2'), 'imported')
    // A new worker gets the file back for the next check.
    await change(await edit(el, 3, 'Customer User Email'), 'broken')
    await until(() => text($(el, '[part="summary"]')) === '2 rows, 1 with errors', 'the rows checked by a new worker')
  })

  it('the template download holds the I1 import-page headers', async () => {
    const el = await mount()
    const downloads = catchDownloads(el)
    button(el, 'template-button').click()
    await until(() => downloads.length === 1, 'the template download')
    assertEqual(downloads[0].name, 'customer-users-template.csv')
    const template = (await (await fetch(downloads[0].href)).text()).replace(/^\ufeff/, '')
    const [head, example] = template.split('\r\n')
    assertEqual(head.split(',').slice(0, 5), [
      'Customer User External Id',
      'Customer User Civility',
      'Customer User First Name',
      'Customer User Last Name',
      'Customer User Email',
    ])
    assert(head.includes('Customer User Store Ids') && example.startsWith('CU-1001,'), template)
    await assertAccessible(el, 'the empty state')
  })

  it('a Reader operator’s key gets 403 on the dry run (who is calling could not be asked, so the element stayed usable): no progress stays, the refusal says to ask for the User level next to Check, no Retry; Check works with another key', async () => {
    const errors: [string, string, boolean][] = []
    // A Reader whose `GET /v1/operator-users/me` gets no answer: the element cannot know, and the server guards.
    const reader = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-reader-key',
      client: 'OPERATOR',
      fetch: async (r) => {
        if (new URL(r.url).pathname === '/v1/operator-users/me') throw new TypeError('Failed to fetch')
        return globalThis.fetch(r)
      },
    })
    const el = await mount((e) => {
      e.client = reader
      e.addEventListener('dj-import-error', (event) => errors.push([event.stage, event.code, event.retryable]))
    })
    assertEqual(el.readonlyReason, null, 'usable when asking failed')
    await pick(el, csvFile(csv([user(1)])))
    button(el, 'check-button').click()
    const alert = await until(() => $(el, '.problem'), 'the refusal')
    assertEqual(alert.getAttribute('role'), 'alert')
    assert(alert.closest('[part="job"]'), 'the refusal shows in the job section, next to Check with server')
    assertEqual(alert.previousElementSibling?.className, 'actions', 'right under the buttons')
    assert(/Ask an administrator for the right to import/.test(text(alert)), text(alert))
    assert(!/403|FORBIDDEN|Reader/.test(text(alert)), `no status, code or server text: ${text(alert)}`)
    assertEqual($(el, '[role="progressbar"]'), null, 'no progress left behind')
    assert(!/0 of 0 rows/.test(text($(el, '[part="job"]'))), text($(el, '[part="job"]')))
    assertEqual($(el, '.problem button'), null, 'no Retry: retrying cannot help')
    assertEqual(errors, [['dry-run', 'FORBIDDEN', false]])
    assertEqual(await jobCount(), 0, 'no job')
    assertEqual(await stored('IMP-1'), null)
    await assertAccessible(el, 'the 403 problem')
    el.client = createClient({ baseUrl: location.origin, apiKey: 'demo-admin-key', client: 'OPERATOR' })
    await el.updateComplete
    await until(() => el.editable && $(el, '[part="check-button"]'), 'the Admin known')
    button(el, 'check-button').click()
    await until(() => $(el, '.result[data-kind="dry-run"]'), 'the dry run with an Admin key')
    assertEqual(counts(el), [1, 0, 0, 0])
    assertEqual($(el, '.problem'), null)
  })

  it('with lang="fr" an unknown job store (422) is explained in French next to Check, with no progress and a button to edit the stores', async () => {
    const errors: [string, string, boolean][] = []
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
      e.setAttribute('store-ids', 'NOWHERE')
      e.addEventListener('dj-import-error', (event) => errors.push([event.stage, event.code, event.retryable]))
    })
    await pick(el, csvFile(csv([user(1)])))
    button(el, 'check-button').click()
    const alert = await until(() => $(el, '[part="job"] .problem'), 'the refusal')
    assert(/corrigez les boutiques/.test(text(alert)), text(alert))
    assertEqual($(el, '[role="progressbar"]'), null, 'no progress left behind')
    assertEqual(errors, [['dry-run', 'UNKNOWN_REFERENCE', false]])
    assertEqual($(el, '.problem button[part="retry"]'), null, 'no Retry')
    const fix = $<HTMLButtonElement>(el, '.problem button[part="fix"]')!
    assertEqual(text(fix), 'Modifier les boutiques')
    fix.focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assert(focused(el)?.matches('[part="store-ids"]'), 'focus on the stores')
    assertEqual($(el, '.problem'), null)
    await sendKeys({ type: 'FR' })
    await sendKeys({ press: 'Tab' })
    await el.updateComplete
    button(el, 'check-button').click()
    await until(() => $(el, '.result[data-kind="dry-run"]'), 'the dry run with a known store')
    assertEqual(counts(el), [1, 0, 0, 0])
  })

  it('the page vetoes the import with preventDefault on dj-import-start: no real job is posted', async () => {
    const starts: DjImportStartEvent[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-import-start', (event) => {
        starts.push(event)
        event.preventDefault()
      })
    })
    await pick(el, csvFile(csv([user(1), user(2)])))
    await dryRun(el)
    button(el, 'import-button').click()
    await el.updateComplete
    await sleep(300)
    assertEqual(starts.length, 1)
    assertEqual([starts[0].rows, starts[0].dryRun.dryRun], [2, true])
    assertEqual(posts().length, 1, 'the dry run only')
    assertEqual(status(el), 'The page stopped the import.')
    assertEqual(await stored('IMP-1'), null)
    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'false', 'still possible')
  })

  it('by keyboard only: pick, filter, fix a cell, check with the server, import, download the report', async () => {
    const el = await mount()
    const downloads = catchDownloads(el)
    // Enter on the button opens the file picker (the native dialog itself is the browser's: the file is given as it would).
    const input = $<HTMLInputElement>(el, 'input[type="file"]')!
    let opened = 0
    input.click = () => void opened++
    button(el, 'choose-button').focus()
    await sendKeys({ press: 'Enter' })
    assertEqual(opened, 1)
    await pick(el, csvFile(csv([user(1), user(2, { email: 'broken' }), user(3)])))

    await tabTo(el, (e) => e.matches('[part="filter"]'), 'the errors-only filter')
    await sendKeys({ press: 'Space' })
    await el.updateComplete
    assertEqual(renderedLines(el), [3])
    const bad = await tabTo(el, (e) => e.getAttribute('aria-invalid') === 'true', 'the invalid cell')
    assertEqual(bad.getAttribute('aria-label'), 'Line 3, Customer User Email')
    await sendKeys({ press: 'Control+a' })
    await sendKeys({ type: 'imp2@example.com' })
    await sendKeys({ press: 'Enter' })
    await until(() => text($(el, '[part="summary"]')) === '3 rows, 0 with errors', 'the fix checked')

    await tabTo(el, (e) => e.matches('[part="check-button"]'), 'Check with server')
    await sendKeys({ press: 'Enter' })
    await until(() => $(el, '.result[data-kind="dry-run"]'), 'the dry run')
    await until(() => focused(el)?.id === 'result-title', 'focus on the result')
    assertEqual(counts(el), [3, 0, 0, 0])
    await tabTo(el, (e) => e.matches('[part="import-button"]'), 'Import')
    await sendKeys({ press: 'Enter' })
    await until(() => $(el, '.result[data-kind="import"]'), 'the import')
    await until(() => focused(el)?.id === 'result-title', 'focus on the report')
    await tabTo(el, (e) => e.matches('[part="report-button"]'), 'the report download')
    await sendKeys({ press: 'Enter' })
    await until(() => downloads.length === 1, 'the download')
    assert(/status,errors/.test(await (await fetch(downloads[0].href)).text()))
    assertEqual((await stored('IMP-2'))!.email, 'imp2@example.com')
  })

  it('with lang="fr" the user reads French', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
    })
    assertEqual(text(button(el, 'choose-button')), 'Choisir un fichier')
    assertEqual(text(button(el, 'template-button')), 'Télécharger le modèle')
    await pick(el, csvFile(csv([user(1), user(2, { email: 'x' })], { delimiter: ';' })))
    assertEqual(text($(el, '[part="summary"]')), '2 lignes, 1 en erreur')
    assertEqual(status(el), 'users.csv lu : 2 lignes, 1 en erreur.')
    assertEqual(cellError(el, 3, 'Customer User Email'), 'Adresse e-mail invalide.')
    assertEqual((await edit(el, 3, 'Customer User Email')).getAttribute('aria-label'), 'Ligne 3, Customer User Email')
    assertEqual(text(select(el, '[part="delimiter"]').selectedOptions[0]), 'Point-virgule (;)')
    assertEqual(text(button(el, 'check-button')), 'Vérifier avec le serveur')
    await dryRun(el)
    assertEqual(text($(el, '#result-title')), 'Vérification par le serveur (rien n’est encore écrit)')
    assertEqual(status(el), 'Vérification terminée : 1 à créer, 0 à mettre à jour, 0 à supprimer, 1 en échec.')
    await assertAccessible(el, 'the French dry run')
  })

  /** The `part` (or id) of what has focus inside the element, or `lost` when the page's body has it. */
  const focusOf = (el: DjUserImport) => {
    const a = focused(el)
    if (!a) return document.activeElement === document.body ? 'lost' : `outside: ${document.activeElement?.tagName}`
    return a.getAttribute('part') ?? a.id ?? a.tagName
  }

  it('the server is unavailable (503) on the dry run: Retry is offered next to Check; pressed by keyboard, focus stays in the element, then goes to the result', async () => {
    const codes: [string, boolean][] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-import-error', (event) => codes.push([event.code, event.retryable]))
    })
    let down = true
    // Once back, the server answers after 300 ms: time to see where focus went before the result takes it.
    intercept = async (r) => {
      if (r.method !== 'POST') return undefined
      if (!down) return sleep(300).then(() => undefined)
      return Response.json(
        { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'SERVICE_UNAVAILABLE' },
        { status: 503, headers: { 'content-type': 'application/problem+json' } },
      )
    }
    await pick(el, csvFile(csv([user(1)])))
    button(el, 'check-button').focus()
    await sendKeys({ press: 'Enter' })
    const alert = await until(() => $(el, '[part="job"] .problem'), 'the failure')
    assertEqual($(el, '[role="progressbar"]'), null, 'no progress left behind')
    assertEqual(codes.length, 1)
    assertEqual(codes[0][1], true, 'retryable')
    down = false
    alert.querySelector<HTMLButtonElement>('button[part="retry"]')!.focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual($(el, '.problem'), null)
    assertEqual(focusOf(el), 'check-button', 'the Retry button went: focus on the action it repeats')
    await until(() => $(el, '.result[data-kind="dry-run"]'), 'the dry run')
    await until(() => focusOf(el) === 'result-title', 'focus on the result')
  })

  it('I2 a ";" file read with ",": the error offers "Use ";"" instead of Retry, which reads it again by keyboard; an empty file offers another file, not Retry', async () => {
    const codes: string[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-import-error', (event) => codes.push(event.code))
    })
    assertEqual(await pick(el, csvFile('')), 'error')
    assertEqual($(el, '.read-error button[part="retry"]'), null, 'an empty file: another file is needed, not a Retry')
    const another = $<HTMLButtonElement>(el, '.read-error button[part="fix"]')!
    assertEqual(text(another), 'Choose another file')
    const picker = $<HTMLInputElement>(el, 'input[type="file"]')!
    let opened = 0
    const onPick = (e: Event) => (e.preventDefault(), opened++)
    picker.addEventListener('click', onPick)
    another.click()
    picker.removeEventListener('click', onPick)
    assertEqual(opened, 1, 'the file picker opens')
    await pick(el, csvFile(csv([user(1), user(2)], { delimiter: ';' })))
    const read = nextRead(el)
    await change(select(el, '[part="delimiter"]'), ',')
    assertEqual(await read, 'error')
    assertEqual(codes, ['EMPTY', 'SINGLE_COLUMN'])
    assertEqual($(el, '.read-error button[part="retry"]'), null, 'no Retry: the same delimiter fails the same way')
    const fix = $<HTMLButtonElement>(el, '.read-error button[part="fix"]')!
    assertEqual(text(fix), 'Use “;”')
    fix.focus()
    const again = nextRead(el)
    await sendKeys({ press: 'Enter' })
    assertEqual(await again, 'parsed')
    assertEqual(select(el, '[part="delimiter"]').value, ';')
    assertEqual(renderedLines(el), [2, 3])
    assertEqual($(el, '.read-error'), null)
    assert(focusOf(el) !== 'lost' && !focusOf(el).startsWith('outside'), focusOf(el))
  })

  it('by keyboard in a 300-row file: Tab crosses one row of cells and leaves the table, Up and Down change rows', async () => {
    const el = await mount()
    await pick(el, csvFile(csv(Array.from({ length: 300 }, (_, i) => user(i + 1)))))
    $<HTMLInputElement>(el, '[part="filter"]')!.focus()
    const columns = $$(el, '[role="columnheader"]').length - 2
    // One row of cells, the stores input, then Check with server: not 300 rows of cells.
    await tabTo(el, (e) => e.matches('[part="check-button"]'), 'Check with server', columns + 4)
    // Back into the table: the last cell of the first row, then Down three times to line 5.
    await sendKeys({ press: 'Shift+Tab' })
    await sendKeys({ press: 'Shift+Tab' })
    await el.updateComplete
    assertEqual(focused(el)!.getAttribute('aria-label'), 'Line 2, Customer User Store Ids')
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'ArrowDown' })
      await el.updateComplete
    }
    assertEqual(focused(el)!.getAttribute('aria-label'), 'Line 5, Customer User Store Ids')
    await sendKeys({ press: 'Tab' })
    await el.updateComplete
    assert(focused(el)!.matches('[part="store-ids"]'), 'out of the table after the last cell of that row')
    await sendKeys({ press: 'Shift+Tab' })
    await el.updateComplete
    assertEqual(
      focused(el)!.getAttribute('aria-label'),
      'Line 5, Customer User Store Ids',
      'back to the row the user was on',
    )
  })

  it('with lang="fr" a file that cannot be read is explained in French too', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
    })
    assertEqual(await pick(el, csvFile('')), 'error')
    assert(text($(el, '.read-error')).includes('Le fichier est vide'), text($(el, '.read-error')))
    assertEqual(await pick(el, csvFile('just one column\r\nvalue\r\n')), 'error')
    assert(text($(el, '.read-error')).includes('Une seule colonne'), text($(el, '.read-error')))
    assertEqual(await pick(el, csvFile('a;b;c\r\n1;2;3\r\n')), 'parsed')
    assert(text($(el, '.mapping-error')).includes('Aucune colonne'), text($(el, '.mapping-error')))
  })

  it('malformed files never break it: empty, single column, binary and workbook files get a clear message', async () => {
    const el = await mount()
    const cases: [File, string, RegExp][] = [
      [csvFile(''), 'EMPTY', /empty/],
      [csvFile('just one column\r\nvalue\r\n'), 'SINGLE_COLUMN', /Only one column/],
      [
        csvFile(new Uint8Array(await (await fetch('/test/fixtures/csv/binary-junk.bin')).arrayBuffer()), 'junk.csv'),
        'NOT_TEXT',
        /not a CSV text file/,
      ],
      [
        csvFile(new Uint8Array(await (await fetch('/test/fixtures/csv/workbook.xlsx')).arrayBuffer()), 'book.xlsx'),
        'NOT_TEXT',
        /workbook/,
      ],
    ]
    for (const [file, code, message] of cases) {
      assertEqual(await pick(el, file), 'error', file.name)
      const alert = $(el, '.read-error')!
      assertEqual(alert.dataset.code, code, file.name)
      assert(message.test(text(alert)), text(alert))
      assertEqual(status(el), 'This file cannot be imported.', 'announced')
      assertEqual($(el, '[role="table"]'), null)
    }
    await assertAccessible(el, 'a read error')
    // A header of unknown columns only: read, every column shown as ignored, so that the user can map them by hand.
    assertEqual(await pick(el, csvFile('a,b,c\r\n1,2,3\r\n')), 'parsed')
    const noHeader = $(el, '.mapping-error')!
    assertEqual([noHeader.getAttribute('role'), noHeader.dataset.code], ['alert', 'NO_HEADER'])
    assert(/No column is a customer-user field/.test(text(noHeader)), text(noHeader))
    assertEqual(mappingSelect(el, 'a').value, '')
    assertEqual(button(el, 'check-button').getAttribute('aria-disabled'), 'true', 'nothing to send')
    // And a good file after them reads normally.
    assertEqual(await pick(el, csvFile(csv([user(1)]))), 'parsed')
    assertEqual($(el, '.read-error'), null)
  })

  it('I7 the report of an import with failing rows, fixed and imported again: phones are kept, status and errors are ignored quietly, the rows succeed', async () => {
    const el = await mount()
    const downloads = catchDownloads(el)
    await pick(el, csvFile(csv([user(1), user(2, { accountIds: 'NOPE' }), user(3, { accountIds: 'NOPE' })])))
    await dryRun(el)
    await importNow(el)
    assertEqual(counts(el), [1, 0, 0, 2])
    button(el, 'report-button').click()
    await until(() => downloads.length === 1, 'the report download')
    const report = await (await fetch(downloads[0].href)).text()
    assert(report.includes(',+33 6 00 00 00 00,'), report)
    // The user fixes the failed rows in a spreadsheet and imports the report again.
    const fixed = report.replaceAll(',NOPE,', ',ACME,')
    assertEqual(await pick(el, csvFile(fixed, 'report.csv')), 'parsed')
    assertEqual(text($(el, '[part="summary"]')), '3 rows, 0 with errors')
    assertEqual(text($(el, 'tr[data-header="status"] .note')), 'Column of an import report: ignored.')
    assertEqual(text($(el, 'tr[data-header="errors"] .note')), 'Column of an import report: ignored.')
    assert(!/F-W-001/.test(text($(el, '.columns'))), text($(el, '.columns')))
    await dryRun(el)
    assertEqual(counts(el), [2, 1, 0, 0])
    await importNow(el)
    assertEqual(counts(el), [2, 1, 0, 0])
    assertEqual((await stored('IMP-2'))!.phone, '+33 6 00 00 00 00')
    assert(await stored('IMP-3'), 'IMP-3 created')
  })

  it('in a 390 px wide container the mapping table scrolls inside its own box: the element does not grow', async () => {
    const box = document.createElement('div')
    box.style.width = '390px'
    document.body.append(box)
    mounted.push(box)
    const el = document.createElement('dj-user-import')
    el.client = counting
    box.append(el)
    await el.updateComplete
    await until(() => el.editable, 'the answer about who is calling')
    await el.updateComplete
    await pick(el, csvFile(csv([user(1, { email: 'a-rather-long-address-for-a-phone@example.com' })])))
    assert(el.clientWidth <= 390, String(el.clientWidth))
    assert(el.scrollWidth <= el.clientWidth, `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`)
    const scroll = $(el, '.mapping-scroll')!
    assert(scroll.scrollWidth > scroll.clientWidth, 'the mapping scrolls sideways in its box')
    assert(box.scrollWidth <= 390, String(box.scrollWidth))
  })

  it('I10 a file without a required column says that delete rows still work and the other rows fail', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1)], { fields: FIELDS.filter((f) => f !== 'groups') })))
    const missing = text($(el, '.missing'))
    assert(/groups/.test(missing) && /delete users \(Delete = TRUE\) still work/.test(missing), missing)
    assert(!/Every row fails/.test(missing), missing)
  })

  it('a 5,000-row file renders only a window of rows; scrolling brings the last ones', async () => {
    const el = await mount()
    const rows = Array.from({ length: 5000 }, (_, i) => user(i + 1))
    rows[4990].email = 'bad'
    await pick(el, csvFile(csv(rows)))
    assertEqual(text($(el, '[part="summary"]')), '5,000 rows, 1 with errors')
    assertEqual($(el, '[role="table"]')!.getAttribute('aria-rowcount'), '5001')
    const shown = renderedLines(el)
    assert(shown.length > 0 && shown.length < 40, `${shown.length} rows in the DOM`)
    assertEqual(shown[0], 2)
    const scroller = $(el, '[part="rows"]')!
    scroller.scrollTop = scroller.scrollHeight
    await until(() => renderedLines(el).includes(5001), 'the last row')
    assert(renderedLines(el).length < 40, `${renderedLines(el).length} rows in the DOM`)
    const last = $(el, '[role="row"][data-line="5001"]')!
    assertEqual(last.getAttribute('aria-rowindex'), '5001')
    assertEqual(cellError(el, 4992, 'Customer User Email'), 'Not a valid email address.', 'the bad row near the end')
  })

  // ---- issue 14: items 6–10 and the shared look ----------------------------------------------------------------

  it('#6 the dry run’s server errors are painted on their cells, failing rows tinted; a listed row scrolls the grid to its cell and focuses it; the Line column stays in view sideways', async () => {
    const reports: unknown[] = []
    const el = await mount((e) => {
      e.client = counting
      e.addEventListener('dj-import-dry-run', (event) => reports.push(event.report))
    })
    const rows = Array.from({ length: 300 }, (_, i) => user(i + 1))
    rows[9].storeIds = 'NOWHERE'
    rows[249].accountIds = 'NOPE'
    await pick(el, csvFile(csv(rows)))
    assertEqual(text($(el, '[part="summary"]')), '300 rows, 0 with errors', 'unknown ids are for the server to find')
    assertEqual(cellError(el, 11, 'Customer User Store Ids'), '')
    await dryRun(el)
    assertEqual(text($(el, '[part="summary"]')), '300 rows, 2 with errors', 'the server’s failing rows are counted')
    // Painted like the browser's own cell errors: on the cell, invalid, described, the row tinted.
    assertEqual(cellError(el, 11, 'Customer User Store Ids'), 'No store has this id.')
    assertEqual(invalid(el, 11, 'Customer User Store Ids'), 'true')
    const row11 = $(el, '[role="row"][data-line="11"]')!
    assert(row11.hasAttribute('data-invalid'), 'the failing row is marked')
    assert(
      getComputedStyle(row11).backgroundColor !==
        getComputedStyle($(el, '[role="row"][data-line="10"]')!).backgroundColor,
      'the failing row is tinted',
    )
    // The detail for the host: codes and the server's words, in the event.
    const report = reports[0] as { rows: { line: number; errors: { code: string }[] }[] }
    assertEqual(
      report.rows.map((r) => [r.line, r.errors[0].code]),
      [
        [11, 'F-E-002'],
        [251, 'F-E-002'],
      ],
    )
    // Line 251 is far below the window: its listed row takes the user there, to the account cell.
    assert(!renderedLines(el).includes(251), 'line 251 not rendered yet')
    const links = $$(el, '[part="failures"] button')
    assertEqual(links.map(text), ['Line 11 (IMP-10)', 'Line 251 (IMP-250)'])
    links[1].focus()
    await sendKeys({ press: 'Enter' })
    await until(
      () => focused(el)?.getAttribute('aria-label') === 'Line 251, Customer User Account Ids',
      'focus on the cell',
    )
    assertEqual(cellError(el, 251, 'Customer User Account Ids'), 'No customer account has this id.')
    assert($(el, '[role="row"][data-line="251"]')!.hasAttribute('data-invalid'))
    const scroller = $(el, '[part="rows"]')!
    const box = scroller.getBoundingClientRect()
    const rowBox = $(el, '[role="row"][data-line="251"]')!.getBoundingClientRect()
    assert(rowBox.top >= box.top && rowBox.bottom <= box.bottom, 'the row is in view')
    // The row's details say it all, the code as secondary text.
    assertEqual(text($(el, '[part="row-details"] h4')), 'Line 251: 1 problem')
    assertEqual(
      text($(el, '[part="row-details"] li')),
      'Customer User Account Ids No customer account has this id. F-E-002',
    )
    // Sideways, the line number stays at the left edge of the grid.
    scroller.scrollLeft = 800
    await sleep(50)
    const line = $(el, '[role="row"][data-line="251"] .line')!.getBoundingClientRect()
    assert(scroller.scrollLeft > 0, 'the grid scrolled sideways')
    assert(Math.abs(line.left - box.left) <= 2, `Line column at ${line.left}, grid at ${box.left}`)
    assertEqual(text($(el, '[role="row"][data-line="251"] .line')), '251')
    // Errors only: the server's failing rows are listed too.
    $<HTMLInputElement>(el, '[part="filter"]')!.click()
    await el.updateComplete
    assertEqual(
      renderedLines(el).sort((a, b) => a - b),
      [11, 251],
    )
  })

  it('#7 a cell shows its whole sentence, wrapped on two lines (no code); the active row’s details give every error in full with the code as secondary text', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2, { phone: 'call me', groups: 'Boss' })])))
    const sentence = 'Not a valid phone number: digits, with an optional +, spaces, dots, dashes and brackets.'
    assertEqual(cellError(el, 3, 'Customer User Phone'), sentence, 'the whole sentence is the cell’s description')
    const shown = $(el, '[role="row"][data-line="3"] .cell-error')!
    assertEqual(text(shown), sentence, 'nothing cut from the text')
    assert(!/F-E-/.test(text($(el, '[role="row"][data-line="3"]'))), 'no code in the grid')
    const style = getComputedStyle(shown)
    assertEqual(style.webkitLineClamp, '2')
    assert(shown.getBoundingClientRect().height > 20, 'it wraps onto a second line')
    assert(shown.getBoundingClientRect().bottom <= shown.closest('[role="row"]')!.getBoundingClientRect().bottom + 1)
    // Focus on the row: its details, in full, codes muted.
    await edit(el, 3, 'Customer User Phone')
    await el.updateComplete
    assertEqual(cellError(el, 3, 'Customer User Phone'), sentence, 'its input is described by the whole sentence')
    const details = $(el, '[part="row-details"]')!
    assertEqual(text(details.querySelector('h4')), 'Line 3: 2 problems')
    assertEqual($$(el, '[part="row-details"] li').map(text), [
      `Customer User Phone ${sentence} F-E-004`,
      'Customer User Groups Unknown group: use FOC_Admin, FOC_User or FOC_Webmaster, separated by ||. F-E-008',
    ])
    assertEqual(getComputedStyle(details.querySelector('.code')!).color, getComputedStyle($(el, '.hint')!).color)
    await edit(el, 2, 'Customer User Phone')
    await el.updateComplete
    assertEqual($(el, '[part="row-details"]'), null, 'a row without errors has no details')
  })

  it('#7 scrolling recycles the row DOM: the rows that stay keep their cells, the others are reused, none are made', async () => {
    const el = await mount()
    await pick(el, csvFile(csv(Array.from({ length: 2000 }, (_, i) => user(i + 1)))))
    const scroller = $(el, '[part="rows"]')!
    scroller.scrollTop = 100 * 72
    await until(() => renderedLines(el).includes(110), 'row 110')
    const before = new Set($$(el, '.body [role="cell"]'))
    const kept = gridCell(el, 110, 'Customer User Email')
    for (let step = 1; step <= 5; step++) {
      scroller.scrollTop = (100 + step * 2) * 72
      await until(() => renderedLines(el).includes(110 + step * 2), `row ${110 + step * 2}`)
    }
    assert(kept === gridCell(el, 110, 'Customer User Email'), 'a row still in the window keeps its cells')
    const after = $$(el, '.body [role="cell"]')
    const made = after.filter((c) => !before.has(c)).length
    assert(made === 0, `${made} cells made while scrolling (of ${after.length})`)
    assertEqual(value(el, 115, 'Customer User Email'), 'imp114@example.com', 'recycled cells show their new row')
  })

  it('§5 only the active row holds inputs: the other rows show their cells as text, so that scrolling through 5,000 rows rebinds text, not form controls', async () => {
    const el = await mount()
    const rows = Array.from({ length: 5000 }, (_, i) => user(i + 1, i % 10 === 9 ? { email: 'nope' } : {}))
    await pick(el, csvFile(csv(rows)))
    const columns = $$(el, '.head [role="columnheader"]').length - 2
    const inputs = () => $$<HTMLInputElement>(el, '.body input')
    assertEqual(inputs().length, columns, 'one row of inputs: the active one (the first, until another is focused)')
    assert(
      inputs().every(
        (i) => i.matches('[part="cell-input"]') && i.closest<HTMLElement>('[role="row"]')!.dataset.line === '2',
      ),
      'the inputs are the first row’s',
    )
    const scroller = $(el, '[part="rows"]')!
    for (let row = 25; row <= 2500; row += 25) {
      scroller.scrollTop = row * 72
      await until(() => renderedLines(el).includes(row + 2), `line ${row + 2}`)
      assertEqual(inputs().length, 0, `no input at row ${row}`)
    }
    // The text cells: the value, the error sentence under it, marked invalid; every cell of every row rendered.
    assertEqual(value(el, 2502, 'Customer User Email'), 'imp2501@example.com')
    assertEqual(value(el, 2501, 'Customer User Email'), 'nope')
    assert(
      /^Not a valid email address\./.test(cellError(el, 2501, 'Customer User Email')),
      cellError(el, 2501, 'Customer User Email'),
    )
    assertEqual(invalid(el, 2501, 'Customer User Email'), 'true')
    assertEqual(invalid(el, 2502, 'Customer User Email'), 'false')
    assertEqual($$(el, '.body [role="cell"][data-column]').length, renderedLines(el).length * columns)
    await assertAccessible(el, 'the grid scrolled, all rows as text')
  })

  it('§5 a click on a text cell makes its row the active one with focus in its input; Up and Down keep the edit; an edit is kept when its row scrolls out', async () => {
    const el = await mount()
    await pick(el, csvFile(csv(Array.from({ length: 300 }, (_, i) => user(i + 1)))))
    const columns = $$(el, '.head [role="columnheader"]').length - 2
    const scroller = $(el, '[part="rows"]')!
    // A real click on line 5's first name: its row turns to inputs, line 2 back to text.
    scroller.scrollIntoView({ block: 'start' })
    const box = gridCell(el, 5, 'Customer User First Name')!.getBoundingClientRect()
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + 12)] })
    await until(() => focused(el) && focused(el) === cell(el, 5, 'Customer User First Name'), 'focus on line 5')
    assertEqual($$(el, '[role="row"][data-line="5"] input').length, columns)
    assertEqual($$(el, '.body input').length, columns, 'no other row has inputs')
    assertEqual(cell(el, 2, 'Customer User First Name'), null, 'line 2 shows text again')
    // A click event alone (what assistive technologies send: no pointer, no focus) does the same.
    gridCell(el, 7, 'Customer User Groups')!.click()
    await until(() => focused(el) && focused(el) === cell(el, 7, 'Customer User Groups'), 'focus on line 7')
    gridCell(el, 5, 'Customer User First Name')!.click()
    await until(() => focused(el) && focused(el) === cell(el, 5, 'Customer User First Name'), 'focus back on line 5')
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Tab' })
    assertEqual(focused(el), cell(el, 5, 'Customer User Email'), 'Tab goes on along the row')
    // Corrected by keyboard, then Down: the edit is kept (and checked), line 6 is the active row.
    await sendKeys({ press: 'Control+a' })
    await sendKeys({ type: 'not mail' })
    await sendKeys({ press: 'ArrowDown' })
    await until(() => focused(el) && focused(el) === cell(el, 6, 'Customer User Email'), 'focus on line 6')
    assertEqual(value(el, 5, 'Customer User Email'), 'not mail')
    await until(() => cellError(el, 5, 'Customer User Email') === 'Not a valid email address.', 'the edit checked')
    assertEqual(invalid(el, 5, 'Customer User Email'), 'true')
    await sendKeys({ press: 'Control+a' })
    await sendKeys({ type: 'six@example.com' })
    // Scrolled far away, the row lets go of focus, its edit kept; back up, the text shows it.
    scroller.scrollTop = 200 * 72
    await until(() => renderedLines(el).includes(210), 'line 210')
    assertEqual($$(el, '.body input').length, 0)
    assertEqual(gridCell(el, 6, 'Customer User Email'), null, 'line 6 not rendered')
    scroller.scrollTop = 0
    await until(() => renderedLines(el).includes(6), 'line 6 again')
    assertEqual(value(el, 6, 'Customer User Email'), 'six@example.com')
    assertEqual(focused(el), null, 'focus was let go, not left on a recycled row')
  })

  it('§5 with the active row scrolled away, Tab and Shift+Tab enter the table at the first row in view, which becomes the active one', async () => {
    const el = await mount()
    await pick(el, csvFile(csv(Array.from({ length: 300 }, (_, i) => user(i + 1)))))
    const scroller = $(el, '[part="rows"]')!
    scroller.scrollTop = 100 * 72
    await until(() => renderedLines(el).includes(110), 'line 110')
    $<HTMLInputElement>(el, '[part="filter"]')!.focus()
    await sendKeys({ press: 'Tab' })
    await until(() => focused(el)?.matches('input'), 'an input')
    // Line 102: the first row in view (line 96, the first rendered, is above it, in the overscan).
    assertEqual(focused(el)!.getAttribute('aria-label'), 'Line 102, Customer User External Id')
    assertEqual(scroller.scrollTop, 100 * 72, 'the grid did not jump')
    scroller.scrollTop = 200 * 72
    await until(() => renderedLines(el).includes(210), 'line 210')
    button(el, 'check-button').focus()
    await sendKeys({ press: 'Shift+Tab' })
    await sendKeys({ press: 'Shift+Tab' })
    await until(() => focused(el)?.matches('input'), 'an input')
    assertEqual(focused(el)!.getAttribute('aria-label'), 'Line 202, Customer User Store Ids')
    assertEqual(scroller.scrollTop, 200 * 72)
  })

  it('#7 the row details are the active row’s: scrolling without focus neither shows nor hides them (nothing below the grid moves)', async () => {
    const el = await mount()
    await pick(el, csvFile(csv(Array.from({ length: 300 }, (_, i) => user(i + 1, i >= 50 ? { email: 'nope' } : {})))))
    const scroller = $(el, '[part="rows"]')!
    const job = $(el, '[part="job"]')!
    const top = job.getBoundingClientRect().top
    for (const row of [60, 100, 150]) {
      scroller.scrollTop = row * 72
      await until(() => renderedLines(el).includes(row + 2), `line ${row + 2}`)
      assertEqual($(el, '[part="row-details"]'), null, `no details at row ${row}: line 2, the active row, is valid`)
      assertEqual(job.getBoundingClientRect().top, top)
    }
    await edit(el, 155, 'Customer User Email')
    await until(() => $(el, '[part="row-details"]'), 'the details of the row with focus')
    assertEqual(text($(el, '[part="row-details"] h4')), 'Line 155: 2 problems')
  })

  it('#8 Import with failing rows asks first ("2 rows will be imported, 1 skipped"), by keyboard: Escape cancels, Enter imports; then the end state: counts in colour, the report, Import another file', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2), user(3, { accountIds: 'NOPE' })])))
    await dryRun(el)
    button(el, 'import-button').focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    const dialog = $<HTMLDialogElement>(el, 'dialog')!
    assert(dialog.open, 'the confirmation opens')
    assertEqual(
      text(dialog.querySelector('p')),
      '2 rows will be imported, 1 skipped (they are in the report). Continue?',
    )
    assertEqual(focused(el)?.getAttribute('part'), 'confirm-import', 'focus on the main action')
    assertEqual(text(focused(el)), 'Import 2 rows')
    await sendKeys({ press: 'Escape' })
    await el.updateComplete
    assert(!dialog.open, 'Escape closes it')
    await sleep(100)
    assertEqual(posts().length, 1, 'nothing imported')
    assertEqual(focused(el)?.getAttribute('part'), 'import-button', 'focus back on Import')
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assert(dialog.open)
    await sendKeys({ press: 'Enter' })
    await until(() => $(el, '.result[data-kind="import"]'), 'the import', 20000)
    assertEqual(posts().length, 2)
    assertEqual(text($(el, '#result-title')), 'Import finished')
    const badge = (key: string) => $(el, `[part="counts"] [data-count="${key}"]`)!.closest('.badge')!
    assert(badge('created').classList.contains('success'), badge('created').className)
    assert(badge('failed').classList.contains('danger'), badge('failed').className)
    assert(!badge('deleted').classList.contains('warning'), 'nothing deleted: no colour')
    assertEqual(text(badge('created')), '2 created')
    assert(button(el, 'report-button'), 'the report')
    const again = button(el, 'import-another')
    assertEqual(text(again), 'Import another file')
    again.focus()
    await sendKeys({ press: 'Enter' })
    await el.updateComplete
    assertEqual($(el, '[part="file"]'), null)
    assertEqual($(el, '[role="table"]'), null)
    assertEqual($(el, '[part="job"]'), null)
    assertEqual(focusOf(el), 'choose-button', 'focus on Choose a file')
    await pick(el, csvFile(csv([user(4)])))
    assertEqual(text($(el, '[part="summary"]')), '1 row, 0 with errors')
  })

  it('#8 while the server commits, a distinct “Saving…” phase with an indeterminate bar, not 100 %', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2)])))
    await dryRun(el)
    // Every row went through, the job is still RUNNING (the server writes): until the test lets it finish.
    let released = false
    intercept = async (r) => {
      const url = new URL(r.url)
      if (r.method !== 'GET' || !/^\/v1\/import-jobs\/[^/]+$/.test(url.pathname)) return undefined
      const job = await (await globalThis.fetch(r)).json()
      if (job.dryRun || released) return Response.json(job)
      return Response.json({ ...job, status: 'RUNNING', finishedAt: null, progress: { processed: 2, total: 2 } })
    }
    button(el, 'import-button').click()
    const bar = await until(() => $(el, '.saving [role="progressbar"]'), 'the saving phase')
    assertEqual(bar.getAttribute('aria-label'), 'Saving…')
    assertEqual(bar.hasAttribute('aria-valuenow'), false, 'indeterminate')
    assert(!/100/.test(text($(el, '.progress'))), text($(el, '.progress')))
    assertEqual(text($(el, '.progress')), 'Saving…')
    await assertAccessible(el, 'the saving phase')
    released = true
    await until(() => $(el, '.result[data-kind="import"]'), 'the report')
  })

  it('#9 a field another column holds is disabled in the other selects with that column’s name; choosing it says which column holds it; guesses are confirmed one by one or all at once', async () => {
    const el = await mount()
    await pick(
      el,
      csvFile(
        `${csv([user(1)], { form: 'field' })
          .replace('\r\n', ',Email 2\r\n')
          .replace(/\r\n$/, ',x@example.com\r\n')}`,
      ),
    )
    const other = mappingSelect(el, 'Email 2')
    const option = [...other.options].find((o) => o.value === 'email')!
    assert(option.disabled, 'email is taken')
    assertEqual(text(option), 'email (Customer User Email) — used by “email”')
    await change(other, 'email')
    await el.updateComplete
    assertEqual(other.value, '', 'the select keeps its field')
    assertEqual(
      text($(el, 'tr[data-header="Email 2"] .note')),
      '“email” is already the field of the column “email”: change that column first.',
    )
    assertEqual(mappingSelect(el, 'email').value, 'email', 'the other column keeps it')
    assertEqual(text($(el, '[part="summary"]')), '1 row, 0 with errors')

    await pick(
      el,
      csvFile(csv([user(1)], { form: 'field', headers: { email: 'Mail', organisationIds: 'Organization Ids' } })),
    )
    assertEqual(mappingSelect(el, 'Mail').value, 'email')
    assertEqual(mappingSelect(el, 'Organization Ids').value, 'organisationIds')
    assertEqual($$(el, 'tr[data-guessed]').length, 2)
    assertEqual(
      text($(el, 'tr[data-header="Mail"] .note')),
      'guessed Guessed from the column’s name: check it. Confirm',
    )
    $<HTMLButtonElement>(el, 'tr[data-header="Mail"] [part="confirm-guess"]')!.click()
    await el.updateComplete
    assertEqual(text($(el, 'tr[data-header="Mail"] .note')), '')
    assertEqual(focused(el), mappingSelect(el, 'Mail'), 'focus on the confirmed column’s field')
    assertEqual(mappingSelect(el, 'Mail').value, 'email')
    assertEqual(button(el, 'confirm-guesses'), null, 'one guess left: its own button is enough')
    await pick(
      el,
      csvFile(csv([user(1)], { form: 'field', headers: { email: 'Mail', organisationIds: 'Organization Ids' } })),
    )
    button(el, 'confirm-guesses').click()
    await el.updateComplete
    assertEqual($$(el, 'tr[data-guessed]').length, 0)
    assert(!/F-W-|guessed/.test(text($(el, '.columns'))), text($(el, '.columns')))
  })

  it('#10 in French, everything the user reads is French, without codes or API words; the codes are in the events', async () => {
    const codes: string[] = []
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
      e.addEventListener('dj-import-error', (event) => codes.push(event.code))
    })
    await pick(el, csvFile(csv([user(1), user(2, { accountIds: 'NOPE' }), user(3, { civility: 'Dr', delete: 'yes' })])))
    assertEqual(cellError(el, 4, 'Customer User Civility'), 'Utilisez MR, MRS ou MISS.')
    assertEqual(cellError(el, 4, 'Customer User Delete'), 'Utilisez TRUE ou FALSE (vide vaut FALSE).')
    await dryRun(el)
    assertEqual(cellError(el, 3, 'Customer User Account Ids'), 'Aucun compte client ne porte cet identifiant.')
    assert(/^Ligne 3 \(IMP-2\) Aucun compte client ne porte cet identifiant\./.test(text($(el, '[part="failures"]'))))
    const english = /F-[EW]-\d|\(\d{3}|cascade|Failed to fetch|is not|required|Unknown|must be|\bthe\b/
    const all = () => text(el.shadowRoot!.querySelector('section.rows')) + text($(el, '[part="job"]'))
    assert(!english.test(all()), all())
    // No answer from the server: a French sentence about what to do, not the browser's "Failed to fetch".
    intercept = async (r) => {
      if (r.method === 'POST') throw new TypeError('Failed to fetch')
      return undefined
    }
    button(el, 'check-button').click()
    const alert = await until(() => $(el, '[part="job"] .problem'), 'the failure')
    assert(/Le serveur est injoignable/.test(text(alert)), text(alert))
    assert(!english.test(text(alert)), text(alert))
    assertEqual(codes, ['NETWORK'])
    // A file that cannot be read: French too (the reader's English stays in the event).
    assertEqual(await pick(el, csvFile('a\r\n1\r\n')), 'error')
    assert(!english.test(text($(el, '.read-error'))), text($(el, '.read-error')))
    assert(/Une seule colonne/.test(text($(el, '.read-error'))), text($(el, '.read-error')))
  })

  it('#10 the sentences come from the import module in the element’s language: a language change asks for them again (the browser’s, the server’s, a read failure)', async () => {
    const el = await mount()
    await pick(el, csvFile(csv([user(1), user(2, { accountIds: 'NOPE' }), user(3, { civility: 'Dr' })])))
    assertEqual(cellError(el, 4, 'Customer User Civility'), 'Use MR, MRS or MISS.')
    await dryRun(el)
    assertEqual(cellError(el, 3, 'Customer User Account Ids'), 'No customer account has this id.')
    el.lang = 'fr'
    await until(() => cellError(el, 4, 'Customer User Civility') === 'Utilisez MR, MRS ou MISS.', 'the French sentence')
    await until(
      () => cellError(el, 3, 'Customer User Account Ids') === 'Aucun compte client ne porte cet identifiant.',
      'the server’s issue in French',
    )
    assert(/Aucun compte client/.test(text($(el, '[part="failures"]'))), text($(el, '[part="failures"]')))
    // The dry run still holds: saying it again is not a change of the rows.
    assertEqual(button(el, 'import-button').getAttribute('aria-disabled'), 'false')
    assertEqual(await pick(el, csvFile('')), 'error')
    assert(/Le fichier est vide/.test(text($(el, '.read-error'))), text($(el, '.read-error')))
    el.lang = 'en'
    await until(() => /The file is empty/.test(text($(el, '.read-error'))), 'the read failure in English')
  })

  it('the drop zone: an upload icon, a visible drag-over state, a click anywhere on it picks a file; counts are written for the language', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.lang = 'fr'
    })
    const zone = $(el, '[part="drop-zone"]')!
    assert(zone.querySelector('svg.icon'), 'an icon')
    const idle = getComputedStyle(zone).borderColor
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: new DataTransfer(), bubbles: true, cancelable: true }))
    await el.updateComplete
    assert(zone.hasAttribute('data-over'))
    assert(getComputedStyle(zone).borderColor !== idle, 'the border shows where to drop')
    zone.dispatchEvent(new DragEvent('dragleave', { bubbles: true }))
    await el.updateComplete
    assert(!zone.hasAttribute('data-over'))
    const picker = $<HTMLInputElement>(el, 'input[type="file"]')!
    let opened = 0
    const onPick = (e: Event) => (e.preventDefault(), opened++)
    picker.addEventListener('click', onPick)
    zone.click()
    picker.removeEventListener('click', onPick)
    assertEqual(opened, 1, 'a click on the zone opens the picker')
    assert(button(el, 'choose-button').classList.contains('primary'), 'Choose a file is the main action')
    await pick(el, csvFile(csv(Array.from({ length: 1200 }, (_, i) => user(i + 1)))))
    assertEqual(text($(el, '[part="file"] .rows')), '1 200 lignes')
    assertEqual(text($(el, '[part="summary"]')), '1 200 lignes, 0 en erreur')
  })

  it('theme="dark" with errors, a dry run and the details of a row: no axe violation (contrast included)', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.setAttribute('theme', 'dark')
    })
    await pick(el, csvFile(csv([user(1), user(2, { email: 'x' }), user(3, { accountIds: 'NOPE' })])))
    await dryRun(el)
    await edit(el, 3, 'Customer User Email')
    await el.updateComplete
    assertEqual(getComputedStyle(el).colorScheme, 'dark')
    assertEqual(getComputedStyle(el).backgroundColor, 'rgb(22, 27, 34)')
    await assertAccessible(el, 'the dark theme with errors')
  })

  it('the OS dark scheme (prefers-color-scheme) with errors: dark, no axe violation', async () => {
    await emulateMedia({ colorScheme: 'dark' })
    try {
      const el = await mount()
      await pick(el, csvFile(csv([user(1), user(2, { email: 'x' })])))
      assertEqual(getComputedStyle(el).colorScheme, 'dark')
      await assertAccessible(el, 'the OS dark scheme with errors')
      el.setAttribute('theme', 'light')
      await el.updateComplete
      assertEqual(getComputedStyle(el).colorScheme, 'light', 'theme="light" wins')
    } finally {
      await emulateMedia({ colorScheme: 'light' })
    }
  })

  // Last: it loads the import module on the main thread.
  it('without a worker (its script cannot load), the file is parsed on the main thread, with the same result', async () => {
    const el = await mount((e) => {
      e.client = counting
      e.workerUrl = '/no-such-dir/import.worker.js'
    })
    assertEqual(await drop(el, csvFile(csv([user(1), user(2, { email: 'nope' })]))), 'parsed')
    assertEqual(el.parsedIn, 'main-thread')
    assertEqual(text($(el, '[part="summary"]')), '2 rows, 1 with errors')
    assertEqual(cellError(el, 3, 'Customer User Email'), 'Not a valid email address.')
    await change(await edit(el, 3, 'Customer User Email'), 'imp2@example.com')
    await until(() => text($(el, '[part="summary"]')) === '2 rows, 0 with errors', 'the fix')
    await dryRun(el)
    assertEqual(counts(el), [2, 0, 0, 0])
  })

  it('OP7 a Reader operator gets a read-only element: the reason as a sentence (en, fr), no file to pick, no Check, no Import; the template is still offered', async () => {
    const el = await mount((e) => {
      e.setAttribute('base-url', location.origin)
      e.setAttribute('api-key', 'demo-reader-key')
    })
    assertEqual(el.readonlyReason, 'reader')
    assertEqual(el.editable, false)
    assertEqual(
      text($(el, '[part="reason"]')),
      'Your access is read-only: only operators with the User or Admin level can import users.',
    )
    for (const part of ['drop-zone', 'choose-button', 'check-button', 'import-button', 'store-ids'])
      assertEqual($(el, `[part="${part}"]`), null, `no ${part}`)
    assertEqual($(el, 'input[type="file"]'), null, 'no file input')
    const downloads = catchDownloads(el)
    button(el, 'template-button').click()
    await until(() => downloads.length === 1, 'the template download')
    assertEqual(downloads[0].name, 'customer-users-template.csv')
    await assertAccessible(el, 'the read-only element')
    el.lang = 'fr'
    await el.updateComplete
    assertEqual(
      text($(el, '[part="reason"]')),
      'Votre accès est en lecture seule : seuls les opérateurs de niveau Utilisateur ou Administrateur peuvent importer des utilisateurs.',
    )
    assertEqual(await jobCount(), 0, 'no job')
  })

  it('OP7 while the answer about who is calling is on its way nothing shows that may go; then a User operator imports', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const asked: string[] = []
    const userClient = createClient({
      baseUrl: location.origin,
      apiKey: 'demo-user-key',
      client: 'OPERATOR',
      fetch: async (r) => {
        const path = new URL(r.url).pathname
        if (path === '/v1/operator-users/me') {
          asked.push(path)
          await held
        }
        return globalThis.fetch(r)
      },
    })
    const el = document.createElement('dj-user-import')
    el.client = userClient
    document.body.append(el)
    mounted.push(el)
    await el.updateComplete
    await sleep(50)
    assertEqual(el.readonlyReason, 'checking')
    assertEqual(el.editable, false)
    for (const part of ['reason', 'drop-zone', 'choose-button'])
      assertEqual($(el, `[part="${part}"]`), null, `no ${part} while asking`)
    assert($(el, '[part="template-button"]'), 'the template is offered meanwhile')
    release()
    await until(() => el.editable, 'the User known')
    await el.updateComplete
    assertEqual(el.readonlyReason, null)
    assertEqual($(el, '[part="reason"]'), null, 'no reason for a User')
    assertEqual(await pick(el, csvFile(csv([user(1)]))), 'parsed')
    await dryRun(el)
    await importNow(el)
    assertEqual(counts(el), [1, 0, 0, 0])
    assert(await stored('IMP-1'), 'imported')
    assertEqual(asked.length, 1, 'asked once')
  })
})
