/**
 * §5 `<dj-operator-table>` renders a 1,000-row page within 50 ms, in headless Chromium.
 *
 *   npx tsx test/bench/operator-table-render.ts
 *
 * Measured in the page (pages/operator-table-render.ts): the element connected with a client whose fetch
 * answers at once, to its 1,000-row page laid out (the rows in view: the page is windowed). Baseline in the same
 * page and run: `JSON.parse` plus a plain `<table>` of all the same cells by `innerHTML`. The same again for a
 * 100-row page, which keeps all its rows in the DOM, for the record. Prints median / p95 of each and the ratios;
 * asserts nothing but that the table says, and is as tall as, all its rows.
 */
import { launchChromium, runInPage, summarise } from './chromium.js'

interface Result {
  rows: number
  fullRows: number
  runs: number
  component: number[]
  baseline: number[]
  full: number[]
  fullBaseline: number[]
}

const BUDGET_MS = 50
const RATIO = 1.2
const browser = await launchChromium()
try {
  const r = await runInPage<Result>(browser, './pages/operator-table-render.ts')
  const line = (label: string, xs: number[]) => {
    const x = summarise(xs)
    console.log(
      `  ${label.padEnd(46)} median ${x.median.toFixed(1)} ms   p95 ${x.p95.toFixed(1)} ms   min ${x.min.toFixed(1)} ms`,
    )
    return x
  }
  console.log(`operator-table-render: ${r.runs} runs each, headless Chromium ${browser.version()}\n`)
  const c = line(`<dj-operator-table>, ${r.rows} rows (windowed)`, r.component)
  const b = line(`baseline innerHTML table, ${r.rows} rows`, r.baseline)
  console.log(
    `  ratio (median)                                 ${(c.median / b.median).toFixed(2)}× the baseline (budget ${RATIO}×)`,
  )
  console.log(
    `  budget                                         ${BUDGET_MS} ms: median ${c.median <= BUDGET_MS ? 'within' : 'OVER'}, p95 ${c.p95 <= BUDGET_MS ? 'within' : 'OVER'}; ratio ${c.median / b.median <= RATIO ? 'within' : 'OVER'}\n`,
  )
  const f = line(`<dj-operator-table>, ${r.fullRows} rows (all in the DOM)`, r.full)
  const fb = line(`baseline innerHTML table, ${r.fullRows} rows`, r.fullBaseline)
  console.log(
    `  ratio (median)                                 ${(f.median / fb.median).toFixed(2)}× the baseline (no budget: for the record)`,
  )
} finally {
  await browser.close()
}
