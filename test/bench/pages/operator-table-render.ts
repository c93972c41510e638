/**
 * Runs in headless Chromium (see ../operator-table-render.ts). `<dj-operator-table>` showing a 1,000-row page:
 * from the moment the element is connected with a client whose `fetch` answers at once (a prepared
 * `OperatorPage` of 1,000 operators, JSON text), to the table laid out with its 1,000 rows (forced layout).
 *
 * Baseline, same page, same data: `JSON.parse` of the same body and a plain `<table>` built by `innerHTML`
 * with the same columns, then the same forced layout — the cost of putting those cells on screen at all.
 */
import '../../../components/operator-table/index.js'
import type { DjOperatorTable } from '../../../components/operator-table/index.js'
import { createClient, type Schemas } from '../../../sdk/index.js'

const ROWS = 1000
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
const body = JSON.stringify({
  content,
  totalElements: 100_000,
  totalPages: 100,
  number: 0,
  size: ROWS,
  numberOfElements: ROWS,
  first: true,
  last: false,
  empty: false,
} satisfies Schemas['OperatorPage'])
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
  fetch: async (r) =>
    new Response(new URL(r.url).pathname.endsWith('/me') ? me : body, {
      headers: { 'content-type': 'application/json' },
    }),
})

const frame = () => new Promise((r) => requestAnimationFrame(r))

async function component(): Promise<number> {
  const el = document.createElement('dj-operator-table') as DjOperatorTable
  el.client = client
  el.state = { search: '', status: [], groups: [], storeIds: [], sort: [], page: 0, size: ROWS }
  const t0 = performance.now()
  document.body.append(el)
  const rows = () => el.shadowRoot?.querySelectorAll('tr[part="row"]').length ?? 0
  while (rows() < ROWS) await el.updateComplete.then(() => rows() < ROWS && new Promise((r) => setTimeout(r, 0)))
  void el.shadowRoot!.querySelector('table')!.offsetHeight
  const ms = performance.now() - t0
  el.remove()
  return ms
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

async function baseline(): Promise<number> {
  const host = document.createElement('div')
  const t0 = performance.now()
  const page = JSON.parse(body) as Schemas['OperatorPage']
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
  const component_: number[] = []
  const baseline_: number[] = []
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Alternate, so both see the same noise.
    const c = await component()
    await frame()
    const b = await baseline()
    await frame()
    if (i >= WARMUP) component_.push(c), baseline_.push(b)
  }
  return { rows: ROWS, runs: RUNS, component: component_, baseline: baseline_ }
}
