/**
 * §5 Lists: any search/filter/sort/page over 100,000 records answers in-process within 3 ms at p99,
 * ≤ 2× the one-`indexOf` scan floor measured in the same run.
 *
 *   npx tsx test/bench/list-engine.ts            (add  --iterations 300  to change the sample size)
 *
 * The floor is an array of the operators' lower-cased text (email + firstName + lastName) and one
 * `indexOf` per row. Each scenario is timed interleaved with the floor (floor, query, floor, query…), so
 * noise from the shared machine hits both alike; the ratio compares each scenario's p99 with the floor's
 * p99 from the same interleaved run. Scenarios vary their query on every iteration (needle, filter values,
 * page), so they measure the work of a query, not a result cache; the last one repeats one query on
 * purpose. Reported apart: cold costs (the first query that builds a cache: search texts, a filter
 * column, a sort permutation) and the first queries after an insert, an update and a delete.
 */
import { Db } from '../../mock-server/db.js'
import { operatorEngine } from '../../mock-server/routes/operators.js'
import type { OperatorRecord } from '../../mock-server/types.js'
import {
  FIRST_NAMES,
  LAST_NAMES,
  STORE_IDS,
  fail,
  fillOperators,
  ms,
  operatorInput,
  percentile,
  rng,
  table,
  verdict,
  time,
  timeScenarios,
} from './fixtures.js'

const N = 100_000
const argIter = process.argv.indexOf('--iterations')
const ITERATIONS = argIter > 0 ? Number(process.argv[argIter + 1]) : 300
const BUDGET_MS = 3
const BUDGET_RATIO = 2

type Query = Parameters<ReturnType<typeof operatorEngine>['run']>[0]

const db = new Db()
const fillMs = fillOperators(db, N)
const engine = operatorEngine({ db })
console.log(
  `list-engine: ${N.toLocaleString('en')} operators filled in ${ms(fillMs, 0)}; ${ITERATIONS} timed iterations per scenario (after 20 warm-up)\n`,
)

// ---- the floor: lower-cased text + one indexOf per row ----
const floorTexts = [...db.operators.values()].map((o) =>
  `${o.email}\u0001${o.firstName}\u0001${o.lastName}`.toLowerCase(),
)
let sink = 0
function floor(needle: string) {
  let hits = 0
  for (let i = 0; i < floorTexts.length; i++) if (floorTexts[i].indexOf(needle) !== -1) hits++
  sink += hits
  return hits
}

// ---- cold costs: the first query per cache, measured before anything else touches the engine ----
const cold: (string | number)[][] = [['cold query (builds a cache)', 'time']]
cold.push(['rows snapshot only (no search, no filter, no sort)', ms(time(() => engine.run({ page: 0, size: 20 })))])
cold.push([
  'first search (normalises 100k texts, builds the trigram index)',
  ms(time(() => engine.run({ page: 0, size: 20, search: 'mar' }))),
])
cold.push([
  'first status filter (builds the column)',
  ms(time(() => engine.run({ page: 0, size: 20, status: 'ACTIVE' }))),
])
cold.push([
  'first groups + storeIds filters (two columns)',
  ms(time(() => engine.run({ page: 0, size: 20, groups: 'Admin', storeIds: 'FR,BE' }))),
])
cold.push([
  'first sort lastName:asc (permutation)',
  ms(time(() => engine.run({ page: 0, size: 20, sort: 'lastName:asc' }))),
])
cold.push([
  'first sort lastName:desc,firstName:asc',
  ms(time(() => engine.run({ page: 0, size: 20, sort: ['lastName:desc', 'firstName:asc'] }))),
])
cold.push([
  'first sort fullName:asc (derived key)',
  ms(time(() => engine.run({ page: 0, size: 20, sort: 'fullName' }))),
])
cold.push(['first sort createdAt:desc', ms(time(() => engine.run({ page: 0, size: 20, sort: 'createdAt:desc' })))])

// ---- warm scenarios ----
// Every scenario but the last changes its query on each iteration (cycling through more variants than any
// reasonable result cache holds, with similar selectivity), so it measures the scan, not a cache hit. The
// floor scans for the same needle as the query ('mar' when the query has none). Sort permutations and
// filter columns are warm: they are built once per sort spec / filter and kept until the next write.
const ascii = (x: string) =>
  x
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
const uniq = (xs: string[]) => [...new Set(xs)].filter((x) => x.length >= 3)
const NEEDLES3 = uniq([...LAST_NAMES, ...FIRST_NAMES].map((n) => ascii(n).slice(0, 3))) // "mar", "mul", "gar"…
const NAMES = uniq(LAST_NAMES.map((n) => n.toLowerCase())) // "müller", "garcía"… (accents kept: the engine ignores them)
const MISSES = Array.from({ length: 60 }, (_, i) => `zq${String.fromCharCode(97 + (i % 26))}${i}`)
const BIGRAMS = [...new Set([...LAST_NAMES, ...FIRST_NAMES].map((n) => ascii(n).slice(1, 3)))].filter(
  (x) => x.length === 2,
) // "ar", "ul"…
const STORE_SETS = Array.from({ length: 31 }, (_, m) => STORE_IDS.filter((_, b) => (m + 1) & (1 << b)))
const GROUP_SETS = [
  ['Admin'],
  ['User'],
  ['Reader'],
  ['Admin', 'User'],
  ['Admin', 'Reader'],
  ['User', 'Reader'],
  ['Admin', 'User', 'Reader'],
]
const STATUS = [undefined, 'ACTIVE', 'INACTIVE']
const at = <X>(xs: readonly X[], i: number) => xs[i % xs.length]

const scenarios: { name: string; q: (i: number) => Query }[] = [
  { name: 'search, 3-letter needle ("mar", "mul"…)', q: (i) => ({ page: 0, size: 20, search: at(NEEDLES3, i) }) },
  { name: 'search, a full name ("müller"…, few hits)', q: (i) => ({ page: 0, size: 20, search: at(NAMES, i) }) },
  { name: 'search, no hit', q: (i) => ({ page: 0, size: 20, search: at(MISSES, i) }) },
  {
    name: 'search + status + groups + storeIds',
    q: (i) => ({
      page: 0,
      size: 20,
      search: at(NEEDLES3, i),
      status: 'ACTIVE',
      groups: ['Admin', 'User'],
      storeIds: 'FR,BE',
    }),
  },
  {
    name: 'search + status, sort lastName:asc',
    q: (i) => ({ page: 0, size: 20, search: at(NEEDLES3, i), status: 'ACTIVE', sort: 'lastName:asc' }),
  },
  {
    name: 'filters only: status + storeIds',
    q: (i) => ({ page: 0, size: 20, status: at(STATUS, i), storeIds: at(STORE_SETS, i) }),
  },
  {
    name: 'filters only: groups (+ status), size 100',
    q: (i) => ({ page: 0, size: 100, groups: at(GROUP_SETS, i), status: at(STATUS, Math.floor(i / 7)) }),
  },
  { name: 'no filter, default order (id)', q: () => ({ page: 0, size: 20 }) },
  {
    name: 'sort lastName:desc, firstName:asc',
    q: (i) => ({ page: i % 5, size: 20, sort: ['lastName:desc', 'firstName:asc'] }),
  },
  { name: 'sort fullName, deep page (≈ 2000)', q: (i) => ({ page: 1990 + (i % 20), size: 20, sort: 'fullName:asc' }) },
  {
    name: 'storeIds filter, sort createdAt:desc, deep',
    q: (i) => ({ page: 20, size: 1000, storeIds: at(STORE_SETS, i), sort: 'createdAt:desc' }),
  },
  { name: 'search 2 letters ("ar"…), size 1000', q: (i) => ({ page: 0, size: 1000, search: at(BIGRAMS, i) }) },
  {
    name: 'repeat: same search + status + sort',
    q: () => ({ page: 0, size: 20, search: 'mar', status: 'ACTIVE', sort: 'lastName:asc' }),
  },
]
const needleOf = (q: Query) => (q.search ?? 'mar').toLowerCase()

// Functional sanity: the engine's search agrees with the floor on ASCII needles, pages are full.
{
  for (const needle of ['zqa0', 'mar', 'gar']) {
    const total = engine.run({ page: 0, size: 20, search: needle }).totalElements
    if (total !== floor(needle)) fail(`search "${needle}": engine ${total}, floor ${floor(needle)}`)
  }
  const m = engine.run({ page: 0, size: 20, search: 'mar' })
  if (m.totalElements < 1000 || m.content.length !== 20)
    fail(`search "mar" found ${m.totalElements} rows, page of ${m.content.length}`)
  const s = engine.run({ page: 0, size: 5, sort: ['lastName:desc', 'firstName:asc'] }).content
  if (s.length !== 5) fail('sorted page is short')
}

const { rows, worstP99, worstRatio } = timeScenarios(scenarios, {
  run: (q) => engine.run(q).totalElements,
  floor,
  needleOf,
  iterations: ITERATIONS,
  budgetMs: BUDGET_MS,
  budgetRatio: BUDGET_RATIO,
})

// ---- the first queries after a write (caches must follow the change) ----
const r = rng(7)
const template = db.operators.values().next().value as OperatorRecord
const writes: Record<string, () => void> = {
  insert: () =>
    db.operators.insert({ ...template, ...operatorInput(r, 900_000 + db.seq), id: db.nextId('op') } as OperatorRecord),
  update: () => {
    const ids = [...db.operators.values()]
    const old = ids[Math.floor(r() * ids.length)]
    db.operators.replace({ ...old, lastName: operatorInput(r, 0).lastName, version: old.version + 1 })
  },
  delete: () => {
    const ids = [...db.operators.values()]
    db.operators.remove(ids[Math.floor(r() * ids.length)].id)
  },
}
const afterRows: (string | number)[][] = [
  ['after one…', 'search + status: median / max', '…then + sort lastName:asc: median / max'],
]
for (const [kind, write] of Object.entries(writes)) {
  const plainQ: number[] = []
  const sortedQ: number[] = []
  for (let k = 0; k < 5; k++) {
    write()
    const search = at(NEEDLES3, k + 7)
    plainQ.push(time(() => engine.run({ page: 0, size: 20, search, status: 'ACTIVE' })))
    sortedQ.push(time(() => engine.run({ page: 0, size: 20, search, status: 'ACTIVE', sort: 'lastName:asc' })))
  }
  afterRows.push([
    kind,
    `${ms(percentile(plainQ, 50))} / ${ms(Math.max(...plainQ))}`,
    `${ms(percentile(sortedQ, 50))} / ${ms(Math.max(...sortedQ))}`,
  ])
}
{
  // The caches followed the writes: the sorted list still agrees with a sort done here.
  const page = engine.run({ page: 0, size: 50, sort: 'lastName:asc' }).content.map((o) => o.id)
  const expected = [...db.operators.values()]
    .map((o, i) => ({ o, i, k: o.lastName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .slice(0, 50)
    .map((x) => x.o.id)
  if (page.join() !== expected.join()) fail('after writes, sort lastName:asc disagrees with a fresh sort')
  if (engine.run({ page: 0, size: 1 }).totalElements !== db.operators.size) fail('after writes, the count is wrong')
}

console.log('Cold costs (first query per cache, paid once until the next write):')
table(cold)
console.log('\nWarm queries:')
table(rows)
console.log('\nFirst queries after one write (5 writes of each kind, each followed by the two queries):')
table(afterRows)
console.log(
  `\nSummary: worst warm p99 ${ms(worstP99)} (goal ≤ ${BUDGET_MS} ms: ${verdict(worstP99 <= BUDGET_MS)}), ` +
    `worst p99/floor p99 ${worstRatio.toFixed(2)}× (goal ≤ ${BUDGET_RATIO}×: ${verdict(worstRatio <= BUDGET_RATIO)}). ` +
    `Timings are informational; the exit code reflects functional checks only.`,
)
if (sink < 0) console.log(sink)
