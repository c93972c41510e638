/**
 * Runs in headless Chromium (see ../org-tree-render.ts). `<dj-org-tree>` over a 10,000-organisation account,
 * served at once by an injected client (the `ADM-ACCOUNT-ORGANISATION-550` nested JSON, 10 roots × 10 × 10 × 10):
 *
 * - first render, top level open (the default): from connecting the element to its rows laid out, the
 *   response's JSON parse included;
 * - first render, everything open (`expand-depth="10"`): 10,000 visible rows, of which only a window is in the DOM;
 * - collapse and expand of a top-level node whose 1,110 descendants are all open (the worst case: 1,110
 *   visible rows leave, then come back), by the keyboard (Left, then Right on the focused row), from the key
 *   event to the update done and laid out.
 *
 * Baselines, same page and data: `JSON.parse` plus a plain nested `<ul>` of the 10,000 names by `innerHTML`
 * (what rendering them all without virtualisation costs at least), and for expand/collapse one Lit update
 * of the element that changes nothing (`requestUpdate()` to laid out: the floor of any update).
 */
import '../../../components/org-tree/index.js'
import type { DjOrgTree } from '../../../components/org-tree/index.js'
import { createClient, type Schemas } from '../../../sdk/index.js'

type Node = Schemas['OrganisationNode']
const FANOUT = [10, 10, 10, 10] // 10 + 100 + 1,000 + 10,000 = 11,110 … trimmed to 10,000 below
const TOTAL = 10_000
const RUNS = 15
const WARMUP = 3
const WORDS = [
  'Aerospace',
  'Industrial',
  'Robotics',
  'Tools',
  'Satellites',
  'Launchers',
  'Research',
  'Sales',
  'Logistics',
  'Finance',
]

function tree(): Node[] {
  let made = 0
  const at = '2026-01-01T00:00:00.000Z'
  const level = (depth: number, parentId: string | null, prefix: string): Node[] => {
    const out: Node[] = []
    for (let k = 0; k < FANOUT[depth] && made < TOTAL; k++) {
      made++
      const id = `org_${String(made).padStart(10, '0')}`
      const externalId = `${prefix}-${k}`
      out.push({
        id,
        externalId,
        accountId: 'acc_0000000001',
        parentId,
        name: `${WORDS[(k + depth) % WORDS.length]} ${externalId}`,
        status: 'ACTIVE',
        customFields: {},
        version: 1,
        createdAt: at,
        updatedAt: at,
        children: [],
      })
    }
    // Breadth first per level keeps every level full before the next (10, 100, 1,000, then 8,890 leaves).
    if (depth + 1 < FANOUT.length) for (const n of out) n.children = level(depth + 1, n.id, n.externalId)
    return out
  }
  return level(0, null, 'ORG')
}
const count = (list: Node[]): number => list.reduce((s, n) => s + 1 + count(n.children), 0)

const roots = tree()
const body = JSON.stringify(roots)
const client = createClient({
  baseUrl: 'https://bench.invalid',
  apiKey: 'bench',
  client: 'OPERATOR',
  // The tree asks who is calling (OP7) beside the tree itself: an Admin, so the tree is editable as a back office's.
  fetch: async (request: Request) =>
    new URL(request.url).pathname.endsWith('/me')
      ? Response.json({ level: 'Admin', storeIds: [], support: false })
      : new Response(body, { headers: { 'content-type': 'application/json' } }),
})

const frame = () => new Promise((r) => requestAnimationFrame(r))
const treeitems = (el: DjOrgTree) => el.shadowRoot?.querySelectorAll('[role="treeitem"]').length ?? 0

async function mount(expandDepth: number): Promise<{ el: DjOrgTree; ms: number }> {
  const el = document.createElement('dj-org-tree') as DjOrgTree
  el.style.setProperty('--dj-org-tree-max-height', '600px')
  el.expandDepth = expandDepth
  el.account = 'BENCH'
  el.client = client
  const t0 = performance.now()
  document.body.append(el)
  while (treeitems(el) === 0)
    await el.updateComplete.then(() => treeitems(el) === 0 && new Promise((r) => setTimeout(r, 0)))
  void el.shadowRoot!.querySelector('[role="tree"]')!.getBoundingClientRect()
  return { el, ms: performance.now() - t0 }
}

function baseline(): number {
  const host = document.createElement('div')
  const t0 = performance.now()
  const list = JSON.parse(body) as Node[]
  const html = (ns: Node[]): string =>
    `<ul>${ns.map((n) => `<li>${n.name}${n.children.length ? html(n.children) : ''}</li>`).join('')}</ul>`
  host.innerHTML = html(list)
  document.body.append(host)
  void host.offsetHeight
  const ms = performance.now() - t0
  host.remove()
  return ms
}

/** Everything open; Left then Right on the first row (1,110 open descendants). */
async function toggle(el: DjOrgTree): Promise<{ expand: number; collapse: number; noop: number }> {
  const first = () => el.shadowRoot!.querySelector<HTMLElement>('[role="treeitem"][aria-level="1"]')!
  const press = async (key: string) => {
    const t0 = performance.now()
    first().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }))
    await el.updateComplete
    void el.shadowRoot!.querySelector('[role="tree"]')!.getBoundingClientRect()
    return performance.now() - t0
  }
  el.expandAll()
  await el.updateComplete
  first().focus()
  await frame()
  const collapse = await press('ArrowLeft')
  if (first().getAttribute('aria-expanded') !== 'false') throw new Error('Left did not collapse the first row')
  await frame()
  const expand = await press('ArrowRight')
  if (first().getAttribute('aria-expanded') !== 'true') throw new Error('Right did not expand the first row')
  await frame()
  const t0 = performance.now()
  el.requestUpdate()
  await el.updateComplete
  void el.shadowRoot!.querySelector('[role="tree"]')!.getBoundingClientRect()
  const noop = performance.now() - t0
  return { expand, collapse, noop }
}

export async function run() {
  const r = {
    nodes: count(roots),
    runs: RUNS,
    topLevel: [] as number[],
    allOpen: [] as number[],
    baseline: [] as number[],
    expand: [] as number[],
    collapse: [] as number[],
    noop: [] as number[],
    domRows: 0,
  }
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const top = await mount(1)
    const t = await toggle(top.el)
    top.el.remove()
    await frame()
    const all = await mount(10)
    r.domRows = treeitems(all.el)
    all.el.remove()
    await frame()
    const b = baseline()
    await frame()
    if (i < WARMUP) continue
    r.topLevel.push(top.ms)
    r.allOpen.push(all.ms)
    r.baseline.push(b)
    r.expand.push(t.expand)
    r.collapse.push(t.collapse)
    r.noop.push(t.noop)
  }
  return r
}
