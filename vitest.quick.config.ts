import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

/**
 * The edit loop (`npm run test:quick`, ≈ 27 s on 2 cores against ≈ 55 s for `vitest run`): every test of
 * `vitest run`, with two savings. The property-based runs of test/server/properties-*.test.ts are cut to a tenth
 * (`FC_RUNS_FACTOR`, read where their `numRuns` is set): every property still runs, on fewer random inputs. And the
 * test files of a worker share their modules (`isolate: false`): the app and the contract are imported once per
 * worker instead of once per file. The chaos test (test/server/chaos.test.ts: ~45 s of crashes and restarts) is left
 * out. `npm test` runs the full property runs and the chaos test, each file isolated (`npm run test:unit`), and the
 * lint, type check, browser, end-to-end and consumer suites this skips.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      // Its own name, so its file durations do not reorder `vitest run` (which starts the longest files first).
      name: 'quick',
      env: { FC_RUNS_FACTOR: '0.1' },
      isolate: false,
      exclude: [...(base.test?.exclude ?? []), 'test/server/chaos.test.ts'],
    },
  }),
)
