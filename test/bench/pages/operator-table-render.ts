/**
 * Runs in headless Chromium (see ../operator-table-render.ts). `<dj-operator-table>` showing a 1,000-row page:
 * from the moment the element is connected with a client whose `fetch` answers at once (a prepared
 * `OperatorPage` of 1,000 operators, JSON text), to the table laid out (forced layout) with the rows in view and
 * the height of all 1,000. A page longer than the pager offers keeps only the rows in view in the DOM
 * (components/operator-table/rows-window.ts); the page checks that the table says 1,001 rows (`aria-rowcount`)
 * and is as tall as 1,000 rows, and fails otherwise.
 *
 * The same for a 100-row page, the longest the pager offers, which keeps all its rows in the DOM.
 *
 * Baselines, same page, same data, one per size: `JSON.parse` of the same body and a plain `<table>` of all its
 * rows built by `innerHTML` with the same columns, then the same forced layout — the cost of putting those cells
 * on screen at all.
 */
import '../../../components/operator-table/index.js'
import type { DjOperatorTable } from '../../../components/operator-table/index.js'
import { createClient, type Schemas } from '../../../sdk/index.js'

const ROWS = 1000
/** The longest page the pager offers: all its rows are in the DOM. */
const FULL_ROWS = 100
const RUNS = 25
const WARMUP = 3

const FIRST = ['Élodie', 'Claire', 'Hugo', 'Inès', 'Léa', 'Jürgen', 'José', 'Giulia', 'Wouter', 'Maëlle']
const LAST = ['Martin', 'Lefèvre', 'Müller', 'García', 'Rossi', 'Peeters', 'Ødegård', 'Çelik', 'Dubois', 'Krüger']
const GROUPS: Schemas['OperatorGroup'][][] = [['Admin'], ['User'], ['Reader'], ['User', 'Reader']]
const STORES = [['FR'], ['BE'], ['FR', 'BE'], ['DE'], []]

function operators(n: number): Schemas['Operator'][] {
  return Array.from({ length: n }, (_, i) => {
    const firstName = FIRST[i % FIRST.length]
    const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length]
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
    return {
      id: `op_${String(i).padStart(10, '0')}`,
      externalId: `OP-${String(i).padStart(7, '0')}`,
      email: `${i}.${lastName.toLowerCase()}@example.com`,
      civility: i % 3 ? 'MR' : 'MRS',
      firstName,
      lastName,
      fullName: `${firstName} ${lastName}`,
      locale: 'fr-FR',
      status: i % 7 ? 'ACTIVE' : 'INACTIVE',
      groups: GROUPS[i % GROUPS.length],
      storeIds: STORES[i % STORES.length],
      support: false,
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
  })
}

const content = operators(ROWS)
const pageOf = (rows: number) =>
  JSON.stringify({
    content: content.slice(0, rows),
    totalElements: 100_000,
    totalPages: 100_000 / rows,
    number: 0,
    size: rows,
    numberOfElements: rows,
    first: true,
    last: false,
    empty: false,
  } satisfies Schemas['OperatorPage'])
const bodies = new Map([ROWS, FULL_ROWS].map((rows) => [rows, pageOf(rows)]))
const me = JSON.stringify({
  ...content[0],
  level: 'Admin',
  stores: [
    { externalId: 'FR', name: 'France' },
    { externalId: 'BE', name: 'Belgium' },
    { externalId: 'DE', name: 'Germany' },
  ],
} satisfies Schemas['CurrentOperator'])
const client = createClient({
  baseUrl: 'https://bench.invalid',
  apiKey: 'bench',
  client: 'OPERATOR',
  // The list route answers the prepared page; `GET /v1/operator-users/me` (OP7, asked alongside) the caller.
  fetch: async (r) => {
    const url = new URL(r.url)
    return new Response(url.pathname.endsWith('/me') ? me : bodies.get(Number(url.searchParams.get('size'))), {
      headers: { 'content-type': 'application/json' },
    })
  },
})

const frame = () => new Promise((r) => requestAnimationFrame(r))

async function component(size: number): Promise<number> {
  const el = document.createElement('dj-operator-table') as DjOperatorTable
  el.client = client
  el.state = { search: '', status: [], groups: [], storeIds: [], sort: [], page: 0, size }
  const t0 = performance.now()
  document.body.append(el)
  const rows = () => el.shadowRoot?.querySelectorAll('tr[part="row"]').length ?? 0
  while (!rows()) await el.updateComplete.then(() => !rows() && new Promise((r) => setTimeout(r, 0)))
  const table = el.shadowRoot!.querySelector('table')!
  void table.offsetHeight
  const ms = performance.now() - t0
  // The whole page is there: every row in the DOM, or the rows in view of a table that says how many it has and
  // is as tall as all of them.
  const said = Number(table.getAttribute('aria-rowcount') ?? rows() + 1) - 1
  const rowPx = (el.shadowRoot!.querySelector('tr[part="row"]') as HTMLElement).offsetHeight
  const tall = table.tBodies[0].offsetHeight >= size * rowPx * 0.99
  el.remove()
  if (said !== size || !tall)
    throw new Error(`the table shows ${said} of ${size} rows, ${tall ? '' : 'not '}as tall as all`)
  return ms
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

async function baseline(size: number): Promise<number> {
  const host = document.createElement('div')
  const t0 = performance.now()
  const page = JSON.parse(bodies.get(size)!) as Schemas['OperatorPage']
  let out =
    '<table><thead><tr><th>Name</th><th>E-mail</th><th>External id</th><th>Status</th><th>Groups</th><th>Stores</th></tr></thead><tbody>'
  for (const op of page.content) {
    out += `<tr><td>${escapeHtml(op.fullName)}</td><td>${escapeHtml(op.email)}</td><td>${escapeHtml(op.externalId)}</td><td>${op.status}</td><td>${op.groups.join(', ')}</td><td>${op.storeIds.join(', ')}</td></tr>`
  }
  host.innerHTML = `${out}</tbody></table>`
  document.body.append(host)
  void host.offsetHeight
  const ms = performance.now() - t0
  host.remove()
  return ms
}

export async function run() {
  const measured = {
    component: [] as number[],
    baseline: [] as number[],
    full: [] as number[],
    fullBaseline: [] as number[],
  }
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Alternate, so that all see the same noise.
    const times: number[] = []
    for (const measure of [
      () => component(ROWS),
      () => baseline(ROWS),
      () => component(FULL_ROWS),
      () => baseline(FULL_ROWS),
    ]) {
      times.push(await measure())
      await frame()
    }
    if (i >= WARMUP)
      for (const [k, key] of (['component', 'baseline', 'full', 'fullBaseline'] as const).entries())
        measured[key].push(times[k])
  }
  return { rows: ROWS, fullRows: FULL_ROWS, runs: RUNS, ...measured }
}
