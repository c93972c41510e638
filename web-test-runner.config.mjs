// @web/test-runner: browser tests in real Chromium (Debian's `chromium` package; see
// scripts/ensure-chromium.mjs, which `npm run test:browser` runs first).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { playwrightLauncher } from '@web/test-runner-playwright'
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'

/**
 * Serves MSW's worker at the site root, so it may control every test page (a worker's scope is its own
 * folder). The file itself is created by `npx msw init test/browser/public` and kept in step with the
 * installed msw by msw's install script (`"msw": {"workerDirectory"}` in package.json).
 */
const mswWorker = {
  name: 'msw-worker',
  async serve(context) {
    if (context.path === '/mockServiceWorker.js') {
      return {
        body: await readFile(new URL('./test/browser/public/mockServiceWorker.js', import.meta.url), 'utf8'),
        type: 'js',
      }
    }
  },
}

/**
 * A URL the browser asks for directly (not an import), such as `<dj-user-import>`'s
 * `new URL('./import.worker.js', import.meta.url)`, names the compiled `.js`: serve the `.ts` source instead,
 * which the esbuild plugin then compiles, as it does for imports.
 */
function sourceForCompiledUrl(context, next) {
  if (context.path.endsWith('.js')) {
    const ts = `.${context.path.slice(0, -3)}.ts`
    if (!existsSync(`.${context.path}`) && existsSync(ts)) context.url = context.url.replace(/\.js(?=\?|$)/, '.ts')
  }
  return next()
}

export default {
  middleware: [sourceForCompiledUrl],
  files: ['test/browser/**/*.test.ts'],
  // `dj-source`: `@dj-customers/<package>` resolves to the workspace's TypeScript sources (see tsconfig.json).
  nodeResolve: { exportConditions: ['dj-source'] },
  // One browser context per test file (the launcher's default, spelled out): each page is a foreground
  // page with its own storage and its own MSW worker registration, so files can run side by side.
  concurrency: 2,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 120000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
      createBrowserContext: ({ browser }) => browser.newContext(),
    }),
  ],
  plugins: [
    mswWorker,
    // Screenshots of the elements in each state (test/browser/visual.test.ts) against the baselines committed in
    // test/browser/screenshots/baseline/. A missing baseline fails. `npm run test:screenshots:update` rewrites them
    // on purpose (DJ_UPDATE_SCREENSHOTS=1); failures leave the new image and a diff in test/browser/screenshots/failed/
    // (git-ignored). Tolerance: pixelmatch's per-pixel colour threshold 0.1 (anti-aliasing), and up to 0.2 % of the
    // pixels may differ (text rendering jitter); a moved border, a new colour or a changed text goes well beyond that.
    visualRegressionPlugin({
      update: process.env.DJ_UPDATE_SCREENSHOTS === '1',
      baseDir: 'test/browser/screenshots',
      getBaselineName: ({ name }) => `baseline/${name}`,
      getDiffName: ({ name }) => `failed/${name}-diff`,
      getFailedName: ({ name }) => `failed/${name}`,
      diffOptions: { threshold: 0.1 },
      failureThreshold: 0.2,
      failureThresholdType: 'percent',
    }),
    // TypeScript (relative `./x.js` imports find `./x.ts`); 'auto-always' transforms for the running
    // Chrome even when it is current (with 'auto', decorators reach Chrome untransformed).
    esbuildPlugin({ ts: true, target: 'auto-always', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  ],
}
