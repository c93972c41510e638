/**
 * §5 `<dj-operator-table>` renders a 1,000-row page within 50 ms, in headless Chromium.
 *
 *   npx tsx test/bench/operator-table-render.ts
 *
 * Measured in the page (pages/operator-table-render.ts): the element connected with a client whose fetch
 * answers at once, to its 1,000 rows laid out. Baseline in the same page and run: `JSON.parse` plus a plain
 * `<table>` of the same cells by `innerHTML`. Prints median / p95 of both and the ratio; asserts nothing.
 */
import { launchChromium, runInPage, summarise } from './chromium.js'

interface Result {
  rows: number
  runs: number
  component: number[]
  baseline: number[]
}

const BUDGET_MS = 50
const browser = await launchChromium()
try {
  const r = await runInPage<Result>(browser, './pages/operator-table-render.ts')
  const c = summarise(r.component)
  const b = summarise(r.baseline)
  console.log(`operator-table-render: ${r.rows} rows, ${r.runs} runs each, headless Chromium ${browser.version()}\n`)
  console.log(
    `  <dj-operator-table>        median ${c.median.toFixed(1)} ms   p95 ${c.p95.toFixed(1)} ms   min ${c.min.toFixed(1)} ms`,
  )
  console.log(
    `  baseline innerHTML table   median ${b.median.toFixed(1)} ms   p95 ${b.p95.toFixed(1)} ms   min ${b.min.toFixed(1)} ms`,
  )
  console.log(`  ratio (median)             ${(c.median / b.median).toFixed(2)}× the baseline`)
  console.log(
    `  budget                     ${BUDGET_MS} ms: median ${c.median <= BUDGET_MS ? 'within' : 'OVER'}, p95 ${c.p95 <= BUDGET_MS ? 'within' : 'OVER'}`,
  )
} finally {
  await browser.close()
}
