/**
 * Runs a benchmark page in headless Chromium (the same browser and flags as the browser tests): bundles a
 * page module with esbuild (components, lit and the SDK included, minified, as an application ships them),
 * loads it into a blank page and returns what the module's `run()` resolves to.
 *
 * The page module exports `run(): Promise<T>` (T JSON-serialisable). It runs in a foreground page with a
 * 1280×800 viewport, so animation frames, layout and ResizeObserver behave as for a user.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'

export { launchChromium } from '../chromium.js'

/** Bundles `pageModule` (a path relative to this folder) into one ES module exposing `run` as `window.__bench`. */
async function bundle(pageModule: string): Promise<string> {
  const entry = fileURLToPath(new URL(pageModule, import.meta.url))
  const result = await build({
    stdin: {
      contents: `import { run } from ${JSON.stringify(entry)}\nwindow.__bench = run\n`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  })
  return result.outputFiles[0].text
}

/** Loads `pageModule` in a fresh page of `browser` and returns `await run()`. Console errors are printed. */
export async function runInPage<T>(browser: Browser, pageModule: string): Promise<T> {
  const code = await bundle(pageModule)
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('pageerror', (e) => console.error(`  [page error] ${e.message}`))
  page.on(
    'console',
    (m) => m.type() === 'error' && !/ResizeObserver loop/.test(m.text()) && console.error(`  [console] ${m.text()}`),
  )
  try {
    await page.setContent('<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body></body></html>')
    await page.addScriptTag({ content: code, type: 'module' })
    await page.waitForFunction(() => typeof (window as unknown as { __bench?: unknown }).__bench === 'function')
    return (await page.evaluate(() => (window as unknown as { __bench: () => Promise<unknown> }).__bench())) as T
  } finally {
    await page.close()
  }
}

/** Median and 95th percentile of `xs` (ms), for printing. */
export function summarise(xs: number[]): { median: number; p95: number; min: number } {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]
  return { median: at(0.5), p95: at(0.95), min: s[0] }
}
