/**
 * Organisation trees at scale: one customer account with 10,000 organisations (depth ≤ 10), in a tenant
 * of 100,000 customer users. docs/budgets.md §5 budgets the tree *component* (first render of 10,000 nodes); this
 * measures what feeds it and what changes it on the server: the tree built in-process
 * (`organisationTree`), the route `GET /v1/customer-accounts/{id}/organisations` through `app.request`
 * (JSON serialisation and body read included), `POST /v1/organisations/{id}/move` of a subtree of ≈ 1,000
 * and of a leaf, and `DELETE /v1/organisations/{id}?cascade=true` of subtrees of ≈ 500.
 *
 *   npx tsx test/bench/org-tree.ts            (add  --iterations 30  to change the sample size)
 *
 * Baselines, measured in the same run and interleaved with the figure they compare to (baseline, figure,
 * baseline, figure…, so noise from the shared machine hits both alike):
 * - "Map pass": one pass over the account's 10,000 records building a Map parent id → children (the
 *   least work any tree needs; no sort);
 * - "flat stringify": JSON.stringify of the account's 10,000 flat records (the least work any answer
 *   carrying them needs);
 * - for the cascade delete, also "users pass": one pass over the 100,000 users testing their
 *   organisationIds against a Set (the least work to find the members to detach).
 * Ratios are figure ÷ baseline, medians over the same interleaved run. Nothing is asserted on time; the
 * exit code reflects functional checks only (answers, counts, order, depth, data after moves and deletes).
 *
 * Data (fixtures.ts): 200 other accounts with their own trees (≈ 2,000 organisations, so the account's
 * tree is picked out of a bigger collection, as in a real tenant), then the big account's 10,000
 * organisations made through `createOrganisation` with one Tx (rules checked, audited); then 100,000
 * users inserted directly, ≈ 20% of them members (0–2 organisations each) of the big account.
 * The big tree is filled through the domain because it is fast enough: its time and that of a direct
 * insert of the same records into a scratch Db are both printed.
 */
import { createApp } from '../../mock-server/app.js'
import { Db } from '../../mock-server/db.js'
import { createAccount } from '../../mock-server/domain/accounts.js'
import {
  childrenIndex,
  moveOrganisation,
  organisationTree,
  type OrganisationNode,
} from '../../mock-server/domain/organisations.js'
import { Tx } from '../../mock-server/domain/tx.js'
import { ensureOperatorKey } from '../../mock-server/seed.js'
import type { OrganisationRecord } from '../../mock-server/types.js'
import {
  addCustomerAccounts,
  createOrganisationTree,
  fail,
  fillCustomerUsers,
  gc,
  ms,
  percentile,
  rng,
  table,
  treeShape,
} from './fixtures.js'

const argIter = process.argv.indexOf('--iterations')
const ITERATIONS = argIter > 0 ? Number(process.argv[argIter + 1]) : 30
const ORGS = 10_000
const MAX_DEPTH = 10
const KEY = 'bench-key'
const HEADERS = { 'dj-client': 'OPERATOR', 'dj-api-key': KEY }

const app = await createApp({ passwordIterations: 1 })
const db = app.db
await ensureOperatorKey(db, KEY)

// ---- data ----
let t0 = performance.now()
const others = addCustomerAccounts(db, 200, 11, 80_000)
const othersMs = performance.now() - t0
const tx = new Tx(db, 'system', new Date('2024-01-01T00:00:00Z'))
const big = createAccount(tx, {
  externalId: 'BIG',
  name: 'Grands Comptes Européens',
  companyRegistrationName: 'Grands Comptes Européens SA',
  businessRegistrationNumber: 'RCS 999 999 999',
})
const shape = treeShape(rng(3), ORGS, 3, [8, 6, 4, 3, 2.5, 2, 1.5, 1.1, 0.8])
t0 = performance.now()
const orgs = createOrganisationTree(tx, big, shape, rng(4), 'BIG')
const domainFillMs = performance.now() - t0
// The same records inserted directly into a scratch Db (no rules, no audit), for comparison only.
const scratch = new Db()
t0 = performance.now()
for (const o of orgs) scratch.organisations.insert(o)
const directFillMs = performance.now() - t0
const usersFillMs = fillCustomerUsers(
  db,
  [...others, { account: big, orgs, weight: others.reduce((s, a) => s + a.weight, 0) / 4 }],
  100_000,
)

const bigOrgs = () => [...db.organisations.values()].filter((o) => o.accountId === big.id)
const depthCounts = new Map<number, number>()
for (const n of shape) depthCounts.set(n.depth, (depthCounts.get(n.depth) ?? 0) + 1)
const fanouts = new Map<number, number>()
for (const n of shape) if (n.parent >= 0) fanouts.set(n.parent, (fanouts.get(n.parent) ?? 0) + 1)
const memberCount = [...db.customerUsers.values()].filter((u) => u.accountIds.includes(big.id)).length
if (bigOrgs().length !== ORGS) fail(`the big account has ${bigOrgs().length} organisations, expected ${ORGS}`)
if (Math.max(...depthCounts.keys()) > MAX_DEPTH) fail('the generated tree is deeper than 10')
console.log(
  `org-tree: account ${big.id} with ${ORGS.toLocaleString('en')} organisations, by depth ${[...depthCounts]
    .sort((a, b) => a[0] - b[0])
    .map(([d, c]) => `${d}:${c}`)
    .join(' ')}; ` +
    `${ORGS - fanouts.size} leaves, fan-out of inner nodes mean ${((ORGS - 3) / fanouts.size).toFixed(1)}, max ${Math.max(...fanouts.values())}.\n` +
    `  fill: big tree through createOrganisation + Tx ${ms(domainFillMs, 0)} (direct insert of the same records into a scratch Db ${ms(directFillMs, 0)}); ` +
    `200 other accounts + ${(db.organisations.size - ORGS).toLocaleString('en')} organisations ${ms(othersMs, 0)}; ` +
    `100,000 users ${ms(usersFillMs, 0)} (${memberCount.toLocaleString('en')} in the big account). ${ITERATIONS} timed iterations (after 3 warm-up).\n`,
)

// ---- helpers ----
const time = (f: () => unknown) => {
  const t = performance.now()
  f()
  return performance.now() - t
}
const timeAsync = async (f: () => Promise<unknown>) => {
  const t = performance.now()
  await f()
  return performance.now() - t
}
let sink = 0
function mapPass(records: readonly OrganisationRecord[]) {
  const children = new Map<string | null, OrganisationRecord[]>()
  for (const org of records) {
    const list = children.get(org.parentId)
    if (list) list.push(org)
    else children.set(org.parentId, [org])
  }
  sink += children.size
}
const flatStringify = (records: readonly OrganisationRecord[]) => (sink += JSON.stringify(records).length)
function usersPass(gone: Set<string>) {
  let k = 0
  for (const u of db.customerUsers.values()) if (u.organisationIds.some((id) => gone.has(id))) k++
  sink += k
}

/** Runs `figure` and `baseline` interleaved (alternating which goes first), after 3 warm-up rounds. */
async function paired(figure: (i: number) => unknown, baseline: (i: number) => unknown, n = ITERATIONS) {
  gc()
  for (let i = 0; i < 3; i++) {
    await baseline(i)
    await figure(i)
  }
  const fig: number[] = []
  const base: number[] = []
  for (let i = 0; i < n; i++) {
    if (i & 1) {
      fig.push(await timeAsync(async () => figure(i)))
      base.push(await timeAsync(async () => baseline(i)))
    } else {
      base.push(await timeAsync(async () => baseline(i)))
      fig.push(await timeAsync(async () => figure(i)))
    }
  }
  return { fig, base }
}
const request = (method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: body === undefined ? HEADERS : { ...HEADERS, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** Walks a returned tree: node count, max depth, and whether siblings are in name order everywhere. */
function inspect(roots: OrganisationNode[]) {
  let nodes = 0
  let maxDepth = 0
  let ordered = true
  const walk = (list: OrganisationNode[], depth: number) => {
    for (let i = 0; i < list.length; i++) {
      nodes++
      maxDepth = Math.max(maxDepth, depth)
      if (i > 0 && list[i - 1].name.localeCompare(list[i].name) > 0) ordered = false
      walk(list[i].children, depth + 1)
    }
  }
  walk(roots, 1)
  return { nodes, maxDepth, ordered }
}

const rows: (string | number)[][] = [
  ['figure', 'median', 'p90', 'max', 'baseline', 'baseline median', 'ratio (medians)'],
]
const row = (name: string, fig: number[], baseName: string, base: number[]) =>
  rows.push([
    name,
    ms(percentile(fig, 50), 1),
    ms(percentile(fig, 90), 1),
    ms(Math.max(...fig), 1),
    baseName,
    ms(percentile(base, 50), 1),
    `${(percentile(fig, 50) / percentile(base, 50)).toFixed(1)}×`,
  ])

// ---- reads: the whole tree ----
let records = bigOrgs()
{
  const r = await paired(
    () => childrenIndex(db, big.id),
    () => mapPass(records),
  )
  row('childrenIndex (Map by parent + sibling sort by name)', r.fig, 'Map pass', r.base)
}
{
  const r = await paired(
    () => organisationTree(db, big.id),
    () => mapPass(records),
  )
  row('organisationTree, in-process', r.fig, 'Map pass', r.base)
  const st = await paired(
    () => organisationTree(db, big.id),
    () => flatStringify(records),
  )
  row('organisationTree, in-process', st.fig, 'flat stringify', st.base)
}
let treeBytes = 0
{
  const path = `/v1/customer-accounts/${big.id}/organisations`
  const res = await request('GET', path)
  const text = await res.text()
  treeBytes = Buffer.byteLength(text)
  const seen = res.status === 200 ? inspect(JSON.parse(text) as OrganisationNode[]) : null
  if (!seen || seen.nodes !== ORGS || seen.maxDepth > MAX_DEPTH || !seen.ordered) {
    fail(`GET ${path}: ${res.status}, ${JSON.stringify(seen ?? text.slice(0, 300))}`)
  }
  const r = await paired(
    async () => (sink += (await (await request('GET', path)).text()).length),
    () => flatStringify(records),
  )
  row(
    `GET …/{id}/organisations via app.request (${(treeBytes / 2 ** 20).toFixed(1)} MiB)`,
    r.fig,
    'flat stringify',
    r.base,
  )
  const small = await paired(
    async () => (sink += (await (await request('GET', `/v1/customer-accounts/${big.id}`)).text()).length),
    () => mapPass(records),
    10,
  )
  rows.push([
    '  (a small authenticated GET /v1/customer-accounts/{id}, for scale)',
    ms(percentile(small.fig, 50), 2),
    ms(percentile(small.fig, 90), 2),
    ms(Math.max(...small.fig), 2),
    '',
    '',
    '',
  ])
}

// ---- moves ----
// Subtree sizes and heights from the current data.
function sizes() {
  const children = childrenIndex(db, big.id)
  const size = new Map<string, number>()
  const height = new Map<string, number>()
  const depth = new Map<string, number>()
  const visit = (o: OrganisationRecord, d: number): void => {
    depth.set(o.id, d)
    let s = 1
    let h = 0
    for (const c of children.get(o.id) ?? []) {
      visit(c, d + 1)
      s += size.get(c.id)!
      h = Math.max(h, height.get(c.id)!)
    }
    size.set(o.id, s)
    height.set(o.id, h + 1)
  }
  for (const root of children.get(null) ?? []) visit(root, 1)
  return { children, size, height, depth }
}
const isUnder = (id: string, ancestor: string) => {
  for (let p: string | null = id; p; p = db.organisations.get(p)!.parentId) if (p === ancestor) return true
  return false
}
let s = sizes()
/** A new parent for `node`: outside its subtree, not its parent, shallow enough to keep depth ≤ 10. */
const newParentFor = (node: OrganisationRecord) =>
  records.find(
    (p) =>
      p.id !== node.parentId && !isUnder(p.id, node.id) && s.depth.get(p.id)! + s.height.get(node.id)! <= MAX_DEPTH,
  )

// The non-root organisation whose subtree is closest to 1,001 nodes (1,000 descendants) and can move.
const bigNode = [...records]
  .filter((o) => o.parentId !== null)
  .sort((a, b) => Math.abs(s.size.get(a.id)! - 1001) - Math.abs(s.size.get(b.id)! - 1001))
  .find((o) => newParentFor(o))!
const leaf = records.find((o) => s.size.get(o.id) === 1 && s.depth.get(o.id)! >= 6 && !isUnder(o.id, bigNode.id))!
const moveRows: [string, OrganisationRecord][] = [
  [
    `subtree of ${s.size.get(bigNode.id)! - 1} descendants (depth ${s.depth.get(bigNode.id)}, height ${s.height.get(bigNode.id)})`,
    bigNode,
  ],
  [`a leaf (depth ${s.depth.get(leaf.id)})`, leaf],
]
for (const [label, node] of moveRows) {
  const from = node.parentId!
  const to = newParentFor(node)!.id
  // Back and forth between its parent and another one; 3 warm-up moves + an odd number of timed ones,
  // so the node ends where it started.
  const parents = [to, from]
  let moves = 0
  let ok = true
  const r = await paired(
    async () => {
      const parentId = parents[moves++ % 2]
      const res = await request('POST', `/v1/organisations/${node.id}/move`, { parentId })
      const body = (await res.json()) as { parentId?: string }
      if (res.status !== 200 || body.parentId !== parentId) {
        ok = false
        fail(`move ${node.id} under ${parentId}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`)
      }
    },
    () => mapPass(records),
    ITERATIONS | 1,
  )
  row(`POST /v1/organisations/{id}/move, ${label}`, r.fig, 'Map pass', r.base)
  // In-process, the same moves without HTTP (the domain's share of the figure above).
  const inProcess: number[] = []
  for (let i = 0; i < 10; i++) {
    inProcess.push(time(() => moveOrganisation(new Tx(db, 'bench'), db.organisations.get(node.id)!, parents[i % 2])))
  }
  rows.push([
    `  moveOrganisation in-process, same node (10 moves)`,
    ms(percentile(inProcess, 50), 1),
    ms(percentile(inProcess, 90), 1),
    ms(Math.max(...inProcess), 1),
    '',
    '',
    '',
  ])
  if (ok && db.organisations.get(node.id)!.parentId !== from)
    fail(`after the moves, ${node.id} is under ${db.organisations.get(node.id)!.parentId}, expected ${from}`)
}
{
  // Functional: a cycle is refused, and the moved subtree is intact.
  const child = s.children.get(bigNode.id)![0]
  const res = await request('POST', `/v1/organisations/${bigNode.id}/move`, { parentId: child.id })
  if (res.status !== 422) fail(`moving ${bigNode.id} under its own child answered ${res.status}, expected 422`)
  const after = sizes()
  if (after.size.get(bigNode.id) !== s.size.get(bigNode.id))
    fail(`the moved subtree has ${after.size.get(bigNode.id)} nodes, expected ${s.size.get(bigNode.id)}`)
  s = after
}

// ---- cascade deletes of ≈ 500 ----
records = bigOrgs()
const deleteRows: (string | number)[][] = [
  [
    'DELETE …?cascade=true',
    'organisations',
    'members detached',
    'time',
    'users pass',
    'Map pass',
    'ratio to users pass + Map pass',
  ],
]
{
  const taken = new Set<string>([bigNode.id, leaf.id])
  const victims: OrganisationRecord[] = []
  for (const o of [...records].sort((a, b) => Math.abs(s.size.get(a.id)! - 500) - Math.abs(s.size.get(b.id)! - 500))) {
    if (victims.length === 4) break
    if (s.size.get(o.id)! < 400 || s.size.get(o.id)! > 600) break
    // Disjoint from each other and from the nodes moved above.
    if ([...taken].some((t) => isUnder(o.id, t) || isUnder(t, o.id))) continue
    victims.push(o)
    taken.add(o.id)
  }
  if (victims.length < 2) fail(`only ${victims.length} subtrees of 400–600 organisations found`)
  for (const v of victims) {
    const ids = new Set<string>()
    const stack = [v.id]
    while (stack.length) {
      const id = stack.pop()!
      ids.add(id)
      for (const c of s.children.get(id) ?? []) stack.push(c.id)
    }
    const members = [...db.customerUsers.values()]
      .filter((u) => u.organisationIds.some((id) => ids.has(id)))
      .map((u) => u.id)
    const orgsBefore = db.organisations.size
    const usersBefore = db.customerUsers.size
    const base1 = time(() => usersPass(ids))
    const base2 = time(() => mapPass(records))
    let status = 0
    const took = await timeAsync(async () => {
      const res = await request('DELETE', `/v1/organisations/${v.id}?cascade=true`)
      status = res.status
      await res.text()
    })
    const base3 = time(() => usersPass(ids))
    const base4 = time(() => mapPass(records))
    const floor = (base1 + base3) / 2 + (base2 + base4) / 2
    deleteRows.push([
      v.id,
      ids.size,
      members.length,
      ms(took, 1),
      ms((base1 + base3) / 2, 1),
      ms((base2 + base4) / 2, 1),
      `${(took / floor).toFixed(1)}×`,
    ])
    // Functional: every organisation of the subtree is gone, nothing else; members detached, not deleted.
    if (status !== 204) fail(`DELETE ${v.id}?cascade=true answered ${status}`)
    if (db.organisations.size !== orgsBefore - ids.size || [...ids].some((id) => db.organisations.get(id)))
      fail(`after deleting ${v.id}: ${orgsBefore - db.organisations.size} organisations gone, expected ${ids.size}`)
    if (db.customerUsers.size !== usersBefore) fail(`deleting ${v.id} deleted customer users`)
    for (const id of members) {
      const u = db.customerUsers.get(id)!
      if (u.organisationIds.some((o) => ids.has(o)) || (u.mainOrganisationId && ids.has(u.mainOrganisationId)))
        fail(`user ${id} still points into the deleted subtree`)
    }
    records = bigOrgs()
    s = sizes()
  }
  const res = await request('GET', `/v1/customer-accounts/${big.id}/organisations`)
  const seen = inspect((await res.json()) as OrganisationNode[])
  if (seen.nodes !== records.length || !seen.ordered)
    fail(`after the deletes the tree has ${seen.nodes} nodes (expected ${records.length}), ordered ${seen.ordered}`)
}

console.log('Whole tree, moves (medians of interleaved runs; ratio = figure median ÷ baseline median):')
table(rows)
console.log('\nCascade deletes (one each; baselines measured just before and after, averaged):')
table(deleteRows)
console.log(
  `\nBaselines over the account's ${ORGS.toLocaleString('en')} flat records: "Map pass" = one pass building Map parentId → children; ` +
    `"flat stringify" = JSON.stringify of the array; "users pass" = one pass over the ${db.customerUsers.size.toLocaleString('en')} users testing organisationIds. ` +
    `Timings are informational; the exit code reflects functional checks only.`,
)
if (sink < 0) console.log(sink)
