/**
 * §5 `<dj-user-import>` (issue 14): a 100,000-row file picked → its first rows shown within 2 s; scrolling through
 * 20,000 rows with no frame over 50 ms. In headless Chromium, with the element's module worker.
 *
 *   node --conditions=dj-source --import tsx test/bench/user-import-render.ts
 *
 * Measured in the page (pages/user-import-render.ts; what each figure covers is described there). The page and the
 * worker are bundled here (the worker from `components/user-import/import.worker.ts`, as an application's bundler
 * would) and served from 127.0.0.1 side by side, `/page.js` and `/import.worker.js`: the element starts its worker
 * by its own `new URL('./import.worker.js', import.meta.url)`, as on a site. Baselines in the same page and run: the file
 * decoded and split by `TextDecoder` and `String.split` with 20 rows put in a `<table>`, and a plain list of 20,000
 * rows scrolled the same way. Prints median / p95 / max and the verdict against the budgets; asserts nothing.
 */
import { build } from 'esbuild'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { launchChromium, summarise } from './chromium.js'

interface Result {
  rows: number
  scrolled: number
  megabytes: number
  runs: number
  firstRows: number[]
  baselineFirstRows: number[]
  frames: number[]
  baselineFrames: number[]
  domRows: number
}

const FIRST_ROWS_BUDGET_MS = 2000
const FRAME_BUDGET_MS = 50

/** One minified ES module (workspace packages from their sources, as the other measures of §5). */
async function bundle(source: { contents: string } | { entry: string }): Promise<string> {
  const result = await build({
    ...('entry' in source
      ? { entryPoints: [source.entry] }
      : {
          stdin: {
            contents: source.contents,
            resolveDir: fileURLToPath(new URL('.', import.meta.url)),
            loader: 'ts' as const,
          },
        }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    conditions: ['dj-source'],
  })
  return result.outputFiles[0].text
}

const page = fileURLToPath(new URL('./pages/user-import-render.ts', import.meta.url))
const worker = fileURLToPath(new URL('../../components/user-import/import.worker.ts', import.meta.url))
const [pageCode, workerCode] = await Promise.all([
  bundle({ contents: `import { run } from ${JSON.stringify(page)}\nwindow.__bench = run\n` }),
  // The worker as an entry of its own (its package's `sideEffects` would let a bare `import` of it be dropped).
  bundle({ entry: worker }),
])

const files: Record<string, [string, string]> = {
  '/': [
    'text/html',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><script type="module" src="/page.js"></script></head><body></body></html>',
  ],
  '/page.js': ['text/javascript', pageCode],
  '/import.worker.js': ['text/javascript', workerCode],
  '/favicon.ico': ['image/x-icon', ''],
}
const server = createServer((req, res) => {
  const file = files[req.url ?? '']
  res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' }).end(file?.[1] ?? '')
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const browser = await launchChromium()
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  tab.on('pageerror', (e) => console.error(`  [page error] ${e.message}`))
  tab.on('console', (m) => m.type() === 'error' && console.error(`  [console] ${m.text()}`))
  await tab.goto(`${origin}/`)
  await tab.waitForFunction(() => typeof (window as unknown as { __bench?: unknown }).__bench === 'function')
  const r = (await tab.evaluate(() => (window as unknown as { __bench: () => Promise<unknown> }).__bench())) as Result

  const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`
  const max = (xs: number[]) => Math.max(...xs)
  console.log(
    `user-import-render: headless Chromium ${browser.version()}, the element's module worker; ${r.runs} runs for the first rows\n`,
  )
  const first = summarise(r.firstRows)
  const base = summarise(r.baselineFirstRows)
  console.log(`  ${r.rows.toLocaleString('en')} rows (${r.megabytes.toFixed(1)} MB) picked → first rows in the grid`)
  console.log(
    `    <dj-user-import>                 median ${ms(first.median)}   p95 ${ms(first.p95)}   max ${ms(max(r.firstRows))}`,
  )
  console.log(`    baseline: TextDecoder + split    median ${ms(base.median)}   p95 ${ms(base.p95)}`)
  console.log(
    `    ratio (median) ${(first.median / base.median).toFixed(2)}× the baseline; budget ${FIRST_ROWS_BUDGET_MS} ms: ${max(r.firstRows) <= FIRST_ROWS_BUDGET_MS ? 'within (every run)' : first.median <= FIRST_ROWS_BUDGET_MS ? 'median within, some runs OVER' : 'OVER'}\n`,
  )
  const frames = summarise(r.frames)
  const plain = summarise(r.baselineFrames)
  console.log(
    `  scrolling through ${r.scrolled.toLocaleString('en')} rows, 25 rows a frame (${r.frames.length} frames; ${r.domRows} rows in the DOM at a time)`,
  )
  console.log(
    `    <dj-user-import>                 median ${ms(frames.median)}   p95 ${ms(frames.p95)}   max ${ms(max(r.frames))}`,
  )
  console.log(
    `    baseline: 20,000 divs, innerHTML median ${ms(plain.median)}   p95 ${ms(plain.p95)}   max ${ms(max(r.baselineFrames))}`,
  )
  const over = r.frames.filter((f) => f > FRAME_BUDGET_MS).length
  console.log(
    `    ratio (p95) ${(frames.p95 / plain.p95).toFixed(2)}× the baseline; budget no frame over ${FRAME_BUDGET_MS} ms: ${over ? `OVER (${over} frame${over > 1 ? 's' : ''})` : 'within'}`,
  )
} finally {
  await browser.close()
  server.close()
}
