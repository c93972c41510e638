/**
 * §5 `<dj-org-tree>`: first render of 10,000 nodes within 100 ms in headless Chromium; expand and collapse
 * within one frame (16 ms).
 *
 *   npx tsx test/bench/org-tree-render.ts
 *
 * Measured in the page (pages/org-tree-render.ts; what each figure covers is described there). Baselines in
 * the same page and run: a plain nested `<ul>` of the 10,000 names by `innerHTML` for the first render, and
 * an element update that changes nothing for expand / collapse. Prints median / p95 and ratios; asserts nothing.
 */
import { launchChromium, runInPage, summarise } from './chromium.js'

interface Result {
  nodes: number
  runs: number
  topLevel: number[]
  allOpen: number[]
  baseline: number[]
  expand: number[]
  collapse: number[]
  noop: number[]
  domRows: number
}

const RENDER_BUDGET_MS = 100
const FRAME_MS = 16
const browser = await launchChromium()
try {
  const r = await runInPage<Result>(browser, './pages/org-tree-render.ts')
  const line = (label: string, xs: number[], budget?: number) => {
    const s = summarise(xs)
    const verdict =
      budget === undefined
        ? ''
        : `   budget ${budget} ms: median ${s.median <= budget ? 'within' : 'OVER'}, p95 ${s.p95 <= budget ? 'within' : 'OVER'}`
    console.log(
      `  ${label.padEnd(44)} median ${s.median.toFixed(1).padStart(6)} ms   p95 ${s.p95.toFixed(1).padStart(6)} ms${verdict}`,
    )
    return s
  }
  console.log(
    `org-tree-render: ${r.nodes} organisations, ${r.runs} runs each, headless Chromium ${browser.version()}\n`,
  )
  const top = line('first render, top level open', r.topLevel, RENDER_BUDGET_MS)
  const all = line(`first render, all open (${r.domRows} rows in the DOM)`, r.allOpen, RENDER_BUDGET_MS)
  const base = line('baseline: JSON.parse + innerHTML nested <ul>', r.baseline)
  console.log(
    `  ratio (median)                               top level ${(top.median / base.median).toFixed(2)}×, all open ${(all.median / base.median).toFixed(2)}× the baseline\n`,
  )
  const collapse = line('collapse a node with 1,110 open descendants', r.collapse, FRAME_MS)
  const expand = line('expand it again', r.expand, FRAME_MS)
  const noop = line('baseline: an update that changes nothing', r.noop)
  console.log(
    `  ratio (median)                               collapse ${(collapse.median / noop.median).toFixed(2)}×, expand ${(expand.median / noop.median).toFixed(2)}× the baseline`,
  )
} finally {
  await browser.close()
}
